"""Claim -> Verdict (supported / refuted / not_enough_info / conflicting) with quoted evidence.

Rules over the best evidence sentences, chosen by measurement (see README, "Verification"):
1. numbers, amounts, durations and years are normalised and compared ("2 millions de dollars"
   vs "224 000 $" refutes; a claimed duration the sources never give is not enough info);
2. named parties must appear in the evidence: a claim naming the FBI where the best-matching
   source sentence names HSI instead is refuted;
3. polarity must agree: grammatical negation ("did not sign" vs "a signé") or a word that negates
   what it governs ("denied", "refused", "prevented", "false", "sans" ...);
4. otherwise the claim is supported when the evidence covers its terms, else not enough info;
   but a claim that would be supported while using the opposite word of its evidence ("avant" /
   "après", "positifs" / "négatifs") is refuted.
Compound claims are split into parts by :mod:`bot.judge.claims`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..answers.demonyms import claimed_nationality, nationality_given
from ..evidence import Evidence, EvidenceRanker, TermMatcher, abbreviates, entities, query_terms, same_subject
from ..numbers import Quantity, close, quantities, with_digits
from ..text import STOPWORDS, content_words, detect_lang, strip_accents, word_stems, words
from .base import Judgement, quote, says, t

SUPPORT_MIN = 0.75
TOPIC_MIN = 0.5
_NEG = re.compile(
    r"\b(not|never|no longer|nobody|none|neither|nor|no|cannot)\b|n['’]t\b|\bjamais\b|\baucun(e)?\b|\bnullement\b"
    r"|\b(ne|n['’])\s*([\w'’()]+\s+){0,3}?(pas|plus|rien|guère|point)\b|\bn['’]\w+\s+(\(?\w+\)?\s+)?(pas|plus|rien)\b",
    re.I,
)
# Words that negate what they govern (lexical negation), both languages: falsity, denial, refusal,
# prevention, absence, impossibility, failure. "non" is left out: mostly a prefix ("non vaccinés").
_LEX_NEG = re.compile(
    r"\b(faux|fausses?|erron\w+|false|fake|untrue|wrong"
    r"|d[ée]ment\w*|d[ée]menti\w*|ni(?:e|é|ée|és|ent|er|ait|aient)|contest(?!ant)\w+|challeng(?:e|es|ed|ing)|den(?:y|ies|ied|ying)|r[ée]fut\w+"
    r"|refus\w*|rejet\w*|rejett\w+|reject\w*"
    r"|emp[êe]ch\w+|interdi\w+|prohib\w+|bann\w+|ban|prevent\w*|forb[ia]d\w*"
    r"|absen\w+|manqu\w+|lack\w*|missing|sans|without"
    r"|impossibles?|incapables?|unable|[ée]chou\w+|fail\w*)\b",
    re.I,
)
_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ish|ese|ian|ean|ch|an|ic)")


# "ne … plus que" / "ne … plus qu'un" restricts ("only"), it does not negate: "les habitants ne
# sont plus alimentés qu'un jour sur trois" says they get water one day in three
_RESTRICTIVE = re.compile(r"\s*([\w'’-]+\s+){0,4}?qu(e\b|['’])", re.I)


def negations(text: str) -> Iterator[re.Match[str]]:
    """The grammatical negations in ``text``: not / never / ne ... pas / jamais / aucun ... (not
    the restrictive "ne ... plus que")."""
    for m in _NEG.finditer(text):
        if not (m.group(0).lower().endswith("plus") and _RESTRICTIVE.match(text, m.end())):
            yield m


def negated(text: str) -> bool:
    """Grammatical negation anywhere in ``text`` (see ``negations``)."""
    return next(negations(text), None) is not None


# Lexical negations that govern the noun phrase after them: "sans le consentement des
# conducteurs" negates the consent, not the collaboration the sentence reports.
_GOVERNING = re.compile(r"sans|without|absen\w+|lack\w*|missing", re.I)


def polar(text: str, about: Collection[str] | None = None, *, scoped: bool = True) -> bool:
    """Negative polarity: grammatical negation or a negating word ("denied", "refusé", "sans").
    With ``about`` (the words the claim speaks of: its own and the sentence's words that matched
    them), a negation counts only when what it negates is among them: for "not" / "ne … pas" /
    "never" / "denied" the words it governs in its clause (``negated_words``; "the proposal was
    rejected": the clause before it), for "sans" / "without" / "lack of" the noun it governs.
    "Reviews were not at all positive" does not speak against a claim about the film's box
    office, "he claimed he didn't hear the bell" not against one about what he was accused of.
    ``scoped=False`` keeps only the "sans" / "without" rule (a whole passage, see ``judge_pair``)."""
    if about is None:
        return negated(text) or _LEX_NEG.search(text) is not None
    if not scoped and negated(text):
        return True
    asked: set[str] = set()  # the stems of ``about``, found at the first negation that needs them

    def spoken(reach: list[str]) -> bool:
        if not asked:
            asked.update(st for w in about for st in word_stems(w))
        return any(word_stems(w) & asked for w in reach)

    if scoped and any(spoken(negated_words(text, m)) for m in negations(text)):
        return True
    for m in _LEX_NEG.finditer(text):
        if _GOVERNING.fullmatch(m.group(0)):
            reach = [governed_noun(m.group(0), text[m.end() :])]
        elif not scoped:
            return True
        else:  # "denied hitting Koscheck"; "the proposal was rejected": its clause before it
            reach = words_after(text, m.end()) or clause_before(text, m.start())
        if spoken(reach):
            return True
    return False


# where a grammatical negation's reach ends: the clause ("…, although …", "…, mais …")
_CLAUSE_END = re.compile(
    r"[,.;:!?()«»\"“”]|\b(?:but|although|though|while|whereas|because|mais|bien|tandis|alors|car|parce)\b", re.I
)
_NEGATORS = {"ne", "pas", "plus", "rien", "guere", "point", "jamais", "not", "never", "no", "none", "nobody"}
NEGATED_WORDS = 4  # content words after the negation it reaches ("was not opened as a concert hall")


def clause_before(text: str, at: int) -> list[str]:
    """The last ``NEGATED_WORDS`` content words of the clause ending at ``at``."""
    before = text[:at]
    ends = list(_CLAUSE_END.finditer(before))
    return content_words(before[ends[-1].end() if ends else 0 :])[-NEGATED_WORDS:]


def negated_words(text: str, m: re.Match[str]) -> list[str]:
    """The content words a grammatical negation governs: those inside "ne … pas" and the first
    ``NEGATED_WORDS`` after it, within its clause."""
    return [w for w in content_words(m.group(0)) if w not in _NEGATORS] + words_after(text, m.end())


def words_after(text: str, at: int) -> list[str]:
    """The first ``NEGATED_WORDS`` content words after ``at``, within its clause."""
    rest = text[at:]
    end = _CLAUSE_END.search(rest)
    return content_words(rest[: end.start() if end else len(rest)])[:NEGATED_WORDS]


_LINKED = re.compile(r"\s*(?:(of)\b|(?:de|du|des)\b|d['’])\s*", re.I)  # "lack of funding", "absence de preuve"
_NP_END = re.compile(r"[,.;:!?()«»\"“”]|\b(?:of|for|to|in|on|from|by|with|at|that|which|who|and|or)\b", re.I)


def governed_noun(word: str, after: str) -> str:
    """The noun a "sans" / "without" / "lack of" governs: French puts the head first ("sans le
    consentement des conducteurs", "absence de preuve"), English last before a preposition
    ("without drivers' consent", "without the consent of drivers", "lack of public funding")."""
    linked = _LINKED.match(after)
    if linked:
        after = after[linked.end() :]
    if word.lower() == "sans" or (linked and not linked.group(1)):
        head = content_words(after)[:1]
    else:
        end = _NP_END.search(after)
        head = content_words(after[: end.start() if end else len(after)])[-1:]
    return head[0] if head else ""


def negates_claim_word(claim: str, e: Evidence) -> bool:
    """Does a grammatical negation in the sentence bear on a word of the claim first ("are not
    affected", « n'a pas payé »), rather than on another word of a longer sentence?"""
    asked = {st for w in spoken_of(claim, e) for st in word_stems(w)}
    return any(word_stems(ws[0]) & asked for m in negations(e.sentence.text) if (ws := negated_words(e.sentence.text, m)))


def spoken_of(claim: str, e: Evidence) -> set[str]:
    """The words a claim speaks of in a sentence: its content words and the sentence's words
    that matched them (across languages: "drivers" -> "conducteurs")."""
    return {*content_words(claim), *e.matched.values()}


@lru_cache(maxsize=1)
def _opposites() -> list[tuple[frozenset[str], frozenset[str]]]:
    from importlib.resources import files

    pairs = []
    for line in files("bot").joinpath("data/opposites_en_fr.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b = (
                frozenset(s for w in words(side.replace(",", " ")) for s in word_stems(w)) for side in line.split("\t")
            )
            pairs.append((a - b, b - a))
    return pairs


# Phrases one word stands for in the pairs: « à but non lucratif » is "non-profit".
_PHRASES = [
    (re.compile(r"\b(?:(?:à|a)\s+)?but\s+non\s+lucratif|\bsans\s+but\s+lucratif|\bnot[- ]for[- ]profit", re.I), "non-profit"),
    (re.compile(r"\b(?:à|a)\s+but\s+lucratif", re.I), "for-profit"),
]


def _phrased(text: str) -> str:
    for pattern, word in _PHRASES:
        text = pattern.sub(word, text)
    return text


def opposed(claim: str, source: str) -> tuple[str, str] | None:
    """(claim word, source word) when the two use opposite words of one pair ("avant" / "après")."""
    c = {w: word_stems(w) for w in words(_phrased(claim))}
    s = {w: word_stems(w) for w in words(_phrased(source))}

    def find(side: dict[str, set[str]], group: frozenset[str]) -> str:
        return next((w for w, st in side.items() if st & group), "")

    for a, b in _opposites():
        for x, y in ((a, b), (b, a)):
            cw, sw = find(c, x), find(s, y)
            if cw and sw and not find(c, y) and not find(s, x):
                return _as_written(cw, claim), _as_written(sw, source)
    return None


def _as_written(word: str, text: str) -> str:
    """The token of ``text`` that normalises to ``word`` ("apres" -> "après")."""
    return next((t for t in re.findall(r"\w+", text) if strip_accents(t).lower() == word), word)


@dataclass
class Figures:
    claimed: Quantity
    same: list[Evidence] = field(default_factory=list)
    within: list[Evidence] = field(default_factory=list)
    other: list[tuple[Evidence, Quantity]] = field(default_factory=list)
    reversed: list[tuple[Evidence, Quantity]] = field(default_factory=list)  # the same figure, the other way


class RuleJudge:
    """Judges atomic claims against ranked evidence sentences by rules (exact on figures and names)."""

    name = "rules"

    def __init__(self, ranker: EvidenceRanker) -> None:
        self.ranker = ranker
        self.matcher: TermMatcher = ranker.matcher

    def judge(self, claim: str, evidence: Sequence[Evidence], *, lang: str) -> Judgement:
        j = self._judge(claim, evidence, lang=lang)
        if j.label == "supported":
            return self.opposite_words(claim, j.evidence, lang) or j
        if j.label == "not_enough_info" and j.basis == "coverage":
            return self.said_otherwise(claim, evidence, lang) or j
        return j

    @staticmethod
    def said_otherwise(claim: str, evidence: Sequence[Evidence], lang: str) -> Judgement | None:
        """A refutation where a sentence lacks a word of the claim only because it uses its
        opposite ("Sud-Rail welcomed the order" against « Sud-Rail a critiqué une commande »):
        with that word counted, the sentence covers the claim's terms (``SUPPORT_MIN``)."""
        for e in evidence[:8]:
            pair = opposed(claim, e.sentence.text)
            if pair is None or not set(content_words(pair[0])) & set(e.missing):
                continue
            terms = len(e.matched) + len(e.missing)
            if terms and (len(e.matched) + 1) / terms >= SUPPORT_MIN:
                return RuleJudge.opposite_words(claim, [e], lang)
        return None

    @staticmethod
    def opposite_words(claim: str, evidence: Sequence[Evidence], lang: str) -> Judgement | None:
        """A refutation when the claim uses one side of an opposite pair where the sentence that
        would support it uses the other ("welcomed" / "a critiqué"); None otherwise."""
        pair = opposed(claim, evidence[0].sentence.text) if evidence else None
        if pair is None:
            return None
        return Judgement(
            "refuted",
            0.7,
            t(
                lang,
                f"the source says “{pair[1]}”, the claim says “{pair[0]}”",
                f"la source dit « {pair[1]} », l'affirmation dit « {pair[0]} »",
            ),
            list(evidence),
            basis="opposites",
        )

    def _judge(self, claim: str, evidence: Sequence[Evidence], *, lang: str) -> Judgement:
        if not evidence:
            return Judgement(
                "not_enough_info", 0.6, t(lang, "no source passage found", "aucun passage trouvé"), [], basis="evidence"
            )
        top = list(evidence[:8])
        best = max(top, key=lambda e: (round(e.coverage, 3), e.score))
        on_topic = [e for e in top if e.coverage >= TOPIC_MIN]

        figs = self.figures(claim, on_topic, lang) if on_topic else []
        by_numbers = self._numbers(claim, on_topic, lang, figs)
        if by_numbers is not None and by_numbers.basis == "numbers" and by_numbers.label == "not_enough_info":
            by_numbers = self._count_elsewhere(claim, top, lang) or by_numbers
        if by_numbers is not None:
            return by_numbers
        by_nationality = self.nationality(claim, top, lang) or self.role_holder(claim, top, lang)
        if by_nationality is not None:
            return by_nationality
        if best.coverage < TOPIC_MIN:
            return Judgement(
                "not_enough_info",
                0.6 + 0.4 * (1 - best.coverage),
                t(
                    lang,
                    f"no source mentions: {', '.join(best.missing[:4])}",
                    f"aucune source ne mentionne : {', '.join(best.missing[:4])}",
                ),
                [],
                basis="coverage",
            )
        names = {w for n in entities(claim) for w in content_words(n)}
        plain = [w for w in query_terms(claim) if w not in names]

        def topical(e: Evidence) -> float:
            return sum(w in e.matched for w in plain) / len(plain) if plain else e.coverage

        best_topic = max(top, key=lambda e: (round(topical(e), 3), round(e.coverage, 3), e.score))
        by_party = self._parties(claim, best_topic if topical(best_topic) >= SUPPORT_MIN else best, lang, evidence)
        window = best.sentence.text
        opposite = polar(claim) != polar(window, about=spoken_of(claim, best))
        # a negation that differs decides before another party: it is exact, where the model may
        # overturn a party's refutation
        if by_party is not None and not (by_party.label == "refuted" and opposite):
            return by_party
        if opposite:
            return Judgement(
                "refuted",
                0.7,
                t(
                    lang,
                    f"the source states the opposite (the negation differs): “{quote(window)}”",
                    f"la source dit le contraire (la négation diffère) : « {quote(window)} »",
                ),
                [best],
                basis="polarity",
            )
        if best.coverage >= SUPPORT_MIN:
            shown = self._giving_figures(figs, best)
            return Judgement(
                "supported",
                round(0.55 + 0.4 * best.coverage, 2),
                says(lang, shown[0].sentence.text),
                shown,
                basis="coverage",
            )
        return Judgement(
            "not_enough_info",
            0.55,
            t(
                lang,
                f"the sources do not say: {', '.join(best.missing[:4])}",
                f"les sources ne disent pas : {', '.join(best.missing[:4])}",
            ),
            [],
            basis="coverage",
        )

    def judge_pair(self, claim: str, passage: str, *, lang: str) -> Judgement:
        """Judge a claim against one passage known to be about it (DACCORD, the LLM guard).

        There the passage is on topic by construction, so a negation that differs from the
        passage's refutes even when few words overlap (measured on DACCORD dev: see README), and
        wherever it is in the passage: scoping it as sentences are (``polar``) measured DACCORD
        0.704 -> 0.680, whose French paragraphs negate what the claim says in other words."""
        evidence = rank_passage(claim, passage, self.ranker)
        j = self.judge(claim, evidence, lang=lang)
        if (
            j.label != "refuted"
            and evidence
            and polar(claim) != polar(passage, about=spoken_of(claim, evidence[0]), scoped=False)
        ):
            return Judgement(
                "refuted",
                0.6,
                t(
                    lang,
                    f"the passage states the opposite (the negation differs): “{quote(evidence[0].sentence.text)}”",
                    f"le passage dit le contraire (la négation diffère) : « {quote(evidence[0].sentence.text)} »",
                ),
                evidence[:1],
                basis="polarity",
            )
        return j

    def figures(self, claim: str, evidence: Sequence[Evidence], lang: str) -> list[Figures]:
        """For each figure of the claim: the evidence giving the same figure, a consistent one
        (within a claimed range) or another figure for the same thing."""
        claimed = with_digits(claim, lang)  # "one million images": the thing counted follows "1000000"
        wanted = [q for q in quantities(claimed) if not (q.kind == "number" and q.value < 2)]
        texts = [(e, with_digits(e.sentence.text, e.sentence.lang)) for e in evidence] if wanted else []
        read = [(e, text, quantities(text)) for e, text in texts]
        out = []
        for q in wanted:
            fig = Figures(q)
            for e, text, found in read:
                # "about 3 billion images" states "plus de 3 milliards d'images" in round words
                equal = [f for f in found if q.same(f) or q.bound == "approx" and f.bound in ("min", "max") and q.same(f, bound=False)]
                if any(not _reversed(claimed, q, text, f) for f in equal):
                    fig.same.append(e)
                elif equal:
                    fig.reversed += [(e, f) for f in equal]  # "20 % more" / "20 % less"
                elif any(q.overlaps(f, stated=True) and self._same_noun(claimed, q, text, f) for f in found):
                    fig.within.append(e)  # "more than 200" and "207": consistent, not the same figure
                else:
                    fig.other += [(e, f) for f in found if _comparable(q, f) and self._same_noun(claimed, q, text, f)]
            out.append(fig)
        return out

    def _count_elsewhere(self, claim: str, top: Sequence[Evidence], lang: str) -> Judgement | None:
        """A count no on-topic sentence gives, where a sentence further down counts the same thing
        with another figure and none gives the claim's: refuted ("Le jugement concerne 2 140
        coursiers" against « … les contrats de 214 coursiers … », whose other words are not the
        claim's). Plain counts only: the thing counted is named beside both figures, where an
        amount may be any other sum of the article."""
        for fig in self.figures(claim, top, lang):
            if fig.claimed.kind != "number" or fig.same or fig.within or fig.reversed:
                continue
            if fig.other:
                return _another_figure(claim, fig.claimed, *fig.other[0], lang, 0.8)
        return None

    @staticmethod
    def role_holder(claim: str, top: Sequence[Evidence], lang: str) -> Judgement | None:
        """Refuted where the claim names a person in a role ("Clearview's CEO is Mark Zuckerberg",
        « Le PDG de Clearview est Mark Zuckerberg ») and a source sentence about the same
        organisation gives that role to someone else beside the role word (« a déclaré Hoan Ton,
        PDG de la société », "chief executive Laura Benton")."""
        claimed = role_claimed(claim)
        if claimed is None:
            return None
        role, person, others = claimed
        for e in top:
            s = e.sentence
            holder = role_given(role, s.text)
            if holder is None or holder == person or person.lower() in f"{s.context} {s.text}".lower():
                continue
            if not all(o.lower() in f"{s.title} {s.context} {s.text}".lower() for o in others):
                continue  # another organisation's
            return Judgement(
                "refuted",
                0.8,
                t(
                    lang,
                    f"the source names {holder}, not {person}: “{quote(s.text)}”",
                    f"la source nomme {holder}, pas {person} : « {quote(s.text)} »",
                ),
                [e],
                basis="parties",
            )
        return None

    @staticmethod
    def nationality(claim: str, top: Sequence[Evidence], lang: str) -> Judgement | None:
        """Refuted where the claim gives a party one nationality and a source sentence gives it
        another beside its name ("Nordwind est une entreprise suédoise" against "Nordwind Energy,
        the Danish utility, …"; "Van Oord is a Norwegian contractor" against "the Dutch contractor
        Van Oord"). A nationality given to another name nearby ("the Swedish group Vattenfall")
        is that party's, not this one's."""
        claimed = claimed_nationality(claim, lang)
        if claimed is None:
            return None
        name, country = claimed
        for e in top:
            given = nationality_given(name, e.sentence.text, e.sentence.lang)
            if given is not None and given != country:
                return Judgement(
                    "refuted",
                    0.85,
                    t(
                        lang,
                        f"the source gives {name} another nationality: “{quote(e.sentence.text)}”",
                        f"la source donne à {name} une autre nationalité : « {quote(e.sentence.text)} »",
                    ),
                    [e],
                    basis="nationality",
                )
        return None

    @staticmethod
    def _giving_figures(figs: Sequence[Figures], best: Evidence) -> list[Evidence]:
        """The evidence to quote for a support: where the claim's figures (``figs``, found in the
        on-topic sentences) are given by another sentence than the one covering its words best
        ("The contract was worth $224,000": « L’agence paie 224 000 $ … » after « ICE a signé un
        contrat … »), that sentence first."""
        if not figs or not figs[0].same or best in figs[0].same or not all(f.same for f in figs):
            return [best]
        return [max(figs[0].same, key=lambda e: (e.coverage, e.score)), best]

    def figures_disagree(self, claim: str, evidence: Sequence[Evidence], lang: str) -> Judgement | None:
        """Refuted or not enough info when the claim's figures are not those of ``evidence``
        (sentences another judge found on topic); None when they agree or the claim has none."""
        j = self._numbers(claim, evidence, lang)
        return j if j is not None and j.label in ("refuted", "not_enough_info") else None

    def _numbers(
        self, claim: str, on_topic: Sequence[Evidence], lang: str, found: Sequence[Figures] | None = None
    ) -> Judgement | None:
        """``found``: the claim's figures in ``on_topic`` when already computed (``figures``)."""
        if not on_topic:
            return None  # no sentence on the claim's topic by its words: coverage (or the model) speaks
        found = self.figures(claim, on_topic, lang) if found is None else found
        if not found:
            return None
        backing: list[Evidence] = []
        for fig in found:
            q, same, within, other = fig.claimed, fig.same, fig.within, fig.other
            if same and other:
                # another party's figure in another source is no disagreement: the two sentences
                # name parties and none is the same (``same_subject``, on the sentences alone: a
                # page title such as "Volcano" or "Carbon dioxide" is a topic, not a party)
                # nor is the figure of another source covering the claim's words less than the
                # one giving the claim's ("Halbrook will invest 380 million euros" against a
                # port's "€30 million loan from the European Investment Bank", where a sentence
                # opening with « Halbrook » names nothing the name finder sees)
                s0 = same[0].sentence
                top = max(e.coverage for e in same)
                other = [
                    (e, f) for e, f in other
                    if e.sentence.doc_id == s0.doc_id
                    or same_subject("", f"{s0.context} {s0.text}", "", f"{e.sentence.context} {e.sentence.text}")
                    and e.coverage >= min(top, SUPPORT_MIN)
                ]
            if same and other and {e.sentence.doc_id for e in same} != {e.sentence.doc_id for e, _ in other}:
                return Judgement(
                    "conflicting",
                    0.6,
                    t(lang, "sources disagree on this figure", "les sources divergent sur ce chiffre"),
                    [same[0], other[0][0]],
                    basis="numbers",
                )
            if same:
                backing.append(max(same, key=lambda e: e.coverage))
                continue
            if within:
                continue
            if fig.reversed:
                e, f = fig.reversed[0]
                return Judgement(
                    "refuted",
                    0.9,
                    t(
                        lang,
                        f"the source gives {f.text} the other way: “{quote(e.sentence.text)}”",
                        f"la source donne {f.text} dans l'autre sens : « {quote(e.sentence.text)} »",
                    ),
                    [e],
                    basis="numbers",
                )
            if other:
                return _another_figure(claim, q, *other[0], lang, 0.9)
            return Judgement(
                "not_enough_info",
                0.7,
                t(
                    lang,
                    f"no source gives this figure ({_as_written_in(claim, q)})",
                    f"aucune source ne donne ce chiffre ({_as_written_in(claim, q)})",
                ),
                [],
                basis="numbers",
            )
        if not backing:
            return None  # only ranges that agree: the other rules decide
        best = min(backing, key=lambda e: e.coverage)
        if polar(claim) != polar(best.sentence.text, about=spoken_of(claim, best)):
            return None  # let the polarity rule speak
        return (
            None
            if best.coverage < TOPIC_MIN + 0.1
            else Judgement(
                "supported",
                0.9,
                t(
                    lang,
                    f"the figures match the source: “{quote(best.sentence.text)}”",
                    f"les chiffres correspondent à la source : « {quote(best.sentence.text)} »",
                ),
                [best],
                basis="numbers",
            )
        )

    def _same_noun(self, claim: str, q: Quantity, text: str, f: Quantity) -> bool:
        """Plain numbers only compare when they count the same thing (200 employees vs 3 billion
        images). The source may put a word or two before the thing counted ("66,497 confirmed
        cases", "15 nouvelles rames")."""
        if q.kind != "number":
            return True
        a = _nouns_after(claim, q, 3, phrase=True)
        b = _nouns_after(text, f, 3)
        if not a or not b:
            return False
        matched, _ = self.matcher.match(a, " ".join(b))
        return bool(matched)

    def _parties(self, claim: str, best: Evidence, lang: str, evidence: Sequence[Evidence] = ()) -> Judgement | None:
        # the title names what the article is about: "Les rames seront assemblées à La Rochelle" is
        # about the TGV M of "La SNCF commande 15 TGV supplémentaires"
        window = f"{best.sentence.title} {best.sentence.context} {best.sentence.text}"
        where = places(claim)
        absent = [n for n in entities(claim) if self._missing(n, window, place=n in where)]
        if not absent:
            return None
        others = [n for n in entities(best.sentence.text) if self._missing(n, claim)]
        # "French police" names no party; a place the source does not name is not refuted by
        # the parties it names ("in New York" against "the New York Times")
        named = [n for n in absent if not _DEMONYM.fullmatch(n) and n not in where]
        # a place is refuted by another place ("founded in Paris" / « fondée à Lyon »)
        placed = [n for n in absent if n in where]
        there = [n for n in places(best.sentence.text) if self._missing(n, claim)] if placed else []
        if not named and there:
            others = there
        if others and (named or there) and best.coverage >= TOPIC_MIN:
            return Judgement(
                "refuted",
                0.75,
                t(
                    lang,
                    f"the source names {', '.join(others[:2])}, not {', '.join(absent)}: “{quote(best.sentence.text)}”",
                    f"la source nomme {', '.join(others[:2])}, pas {', '.join(absent)} : « {quote(best.sentence.text)} »",
                ),
                [best],
                basis="parties",
            )
        unknown = self._named_by_none(absent, evidence, where)
        # A party named only in other retrieved sentences ("l'agence" for ICE here, ICE there):
        # still not enough to support, but the sources do mention it.
        why = (
            t(lang, f"no source mentions {', '.join(unknown)}", f"aucune source ne mentionne {', '.join(unknown)}")
            if unknown
            else t(
                lang,
                f"no source sentence on this names {', '.join(absent)}",
                f"aucune phrase des sources à ce sujet ne nomme {', '.join(absent)}",
            )
        )
        return Judgement("not_enough_info", 0.6, why, [], basis="parties")

    def unnamed(self, claim: str, evidence: Sequence[Evidence]) -> list[str]:
        """The parties the claim names that no evidence sentence names (with its context and its
        article's title): "New York" in "Clearview AI is headquartered in New York" against an
        article that names only the New York Times. A paraphrase may say a thing in other words,
        not a name."""
        names = [n for n in entities(claim) if not _DEMONYM.fullmatch(n)]
        return self._named_by_none(names, evidence, places(claim), titles=True)

    def _named_by_none(self, names: Sequence[str], evidence: Sequence[Evidence], where: Collection[str], *, titles: bool = False) -> list[str]:
        """The ``names`` no evidence sentence names, with its context (and its article's title
        with ``titles``); those in ``where`` are places (``_missing``)."""
        def text(e: Evidence) -> str:
            return f"{e.sentence.title + ' ' if titles else ''}{e.sentence.context} {e.sentence.text}"

        return [n for n in names if all(self._missing(n, text(e), place=n in where) for e in evidence)]

    def _missing(self, name: str, text: str, *, place: bool = False) -> bool:
        """Does ``text`` not name ``name``? A place the claim names (``place``) is not named by a
        longer name that begins with it: "New York" is not in "New York Times"."""
        terms = [w for w in content_words(name)]
        if not terms:
            return False
        if place and only_within_longer_names(name, text):
            return True
        if abbreviates(name, text):
            return False
        matched, _ = self.matcher.match(terms, text)
        return len(matched) < len(terms)


# the words that put a name as a place: "headquartered in New York", « se trouve à New York »
_LOCATIVE = re.compile(r"(?:^|\s)(?:in|near|à|au|aux|en|dans|près\s+de)\s+$", re.I)


def places(claim: str) -> set[str]:
    """The names the claim gives as places (right after "in", « à », « en » …)."""
    return {
        n for n in entities(claim)
        if any(_LOCATIVE.search(claim[: m.start()]) for m in re.finditer(rf"(?<!\w){re.escape(n)}(?!\w)", claim))
    }


def only_within_longer_names(name: str, text: str) -> bool:
    """``name`` is written in ``text``, but every time as the start of a longer name (the next
    word capitalised: "New York Times", "Washington Post")."""
    hits = list(re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text))
    return bool(hits) and all(re.match(r"\s+[A-ZÀ-Ý]", text[m.end() :]) for m in hits)


def rank_passage(claim: str, passage: str, ranker: EvidenceRanker, *, doc_id: str = "passage") -> list[Evidence]:
    """The sentences of one passage, ranked for the claim."""
    from ..evidence import Sentence
    from ..text import sentence_spans

    lang = detect_lang(passage)
    sents = [
        Sentence(
            doc_id=doc_id,
            title=doc_id,
            lang=lang,
            text=passage[a:b],
            start=a,
            end=b,
            context=passage[:a].strip()[-300:],
        )
        for a, b in sentence_spans(passage)
    ]
    return ranker.rank(claim, sents)


_PHRASE_END = re.compile(
    rf"{_NP_END.pattern}|\b(?:de|du|des|d['’]|en|dans|pour|par|avec|sur|qui|que|et|ou)\b|\b(?:is|are|was|were|has|have|had)\b",
    re.I,
)


def _nouns_after(text: str, q: Quantity, n: int, *, phrase: bool = False) -> list[str]:
    """The first ``n`` content words after a quantity, within its clause (the thing counted);
    with ``phrase``, within its noun phrase ("28,000 coronavirus cases in New York": coronavirus,
    cases)."""
    at = re.search(rf"(?<![\w.,]){re.escape(q.text)}(?!\w)", text)  # "5" is not the end of "735"
    rest = text[at.end() :] if at else ""
    rest = re.split(r"[,;:.()]\s", rest + " ", maxsplit=1)[0]
    if phrase:
        rest = rest[linked.end() :] if (linked := _LINKED.match(rest)) else rest  # "300 millions d'images"
        if end := _PHRASE_END.search(rest):
            rest = rest[: end.start()]
    return content_words(rest)[:n]


# The way a figure goes, said just after it: "20 % d'énergie en moins", "20% less energy".
_MORE = {"more", "plus", "higher", "larger", "bigger", "greater"}
_LESS = {"less", "fewer", "moins", "lower", "smaller"}


def _direction(text: str, q: Quantity) -> str:
    """"more", "less" or "" for the figure ``q`` of ``text`` (the first words after it, in its clause)."""
    rest = re.split(r"[,;:.()]\s|\bque\b|\bthan\b", text[q.end :] + " ", maxsplit=1)[0]
    for w in words(rest)[:4]:
        w = w.lower()
        if w in _MORE:
            return "more"
        if w in _LESS:
            return "less"
    return ""


def _reversed(claim: str, q: Quantity, text: str, f: Quantity) -> bool:
    """The same figure said the other way ("20 % more" against "20 % less")."""
    a, b = _direction(claim, q), _direction(text, f)
    return bool(a and b and a != b)


def _as_written_in(claim: str, q: Quantity) -> str:
    """A claim's figure for a rationale: as the claim writes it, else with its thousands grouped
    (a figure written in words is read as digits: "one million" -> "1,000,000")."""
    if q.text in claim or q.kind != "number" or q.value != int(q.value):
        return q.text
    return f"{int(q.value):,}"


# a role a person holds in an organisation ("chief executive", « PDG », « directrice »)
_ROLE = re.compile(
    r"\b(?:ceo|chief executive(?: officer)?|boss|chairman|chairwoman|chair|president|director|head"
    r"|pdg|patronne|patron|directeur général|directrice générale|directeur|directrice|président|présidente|dirigeant|dirigeante)\b",
    re.I,
)
_PERSON = r"[A-Z][\w’'-]+(?:[ -][A-Z][\w’'-]+)+"


def _role_key(word: str) -> str:
    """One key per role across languages (the CEO line of the glossary)."""
    w = strip_accents(word.lower())
    if re.match(r"ceo|chief executive|boss|pdg|patron|directeur general|directrice generale|dirigeant", w):
        return "ceo"
    if re.match(r"chair|president|presidente", w):
        return "chair"
    return "director" if re.match(r"direct|head", w) else w


def role_claimed(claim: str) -> tuple[str, str, list[str]] | None:
    """(the role, the person, the other names) of a claim naming a person in a role: "Clearview's
    CEO is Mark Zuckerberg", "Mark Zuckerberg is the CEO of Clearview", « Le PDG de Clearview est
    Mark Zuckerberg »; None otherwise."""
    role = _ROLE.search(claim)
    if role is None:
        return None
    people = [p for p in re.findall(_PERSON, claim) if not _ROLE.search(p) and not re.search(r"['’]s\b", p)]
    names = [
        " ".join(re.sub(r"['’]s$", "", w) for w in _ROLE.sub(" ", n).split() if w.lower() not in STOPWORDS)
        for n in entities(claim)
        if not any(n in p or p in n for p in people)
    ]
    names = [n for n in names if n]
    copula = re.search(r"\b(?:is|was|est|était|etait)\b", claim)
    if len(people) != 1 or copula is None:
        return None
    return _role_key(role.group(0)), people[0], names


def role_given(role: str, text: str) -> str | None:
    """The person a sentence gives ``role`` beside the role word: "NAME, ROLE …" or "ROLE NAME"
    (« Hoan Ton, PDG de la société », "chief executive Laura Benton")."""
    for m in _ROLE.finditer(text):
        if _role_key(m.group(0)) != role:
            continue
        before = re.search(rf"({_PERSON})\s*,\s*(?:\w+\s+)?$", text[: m.start()])
        if before:
            return before.group(1)
        after = re.match(rf"(?:\s+(?:de|du|des|of)\s+[^,.;]{{1,40}})?\s*,?\s*(?:officer\s+)?({_PERSON})", text[m.end() :])
        if after:
            return after.group(1)
    return None


def _another_figure(claim: str, q: Quantity, e: Evidence, f: Quantity, lang: str, confidence: float) -> Judgement:
    """Refuted: the sentence ``e`` gives ``f`` where the claim says ``q``."""
    return Judgement(
        "refuted",
        confidence,
        t(
            lang,
            f"the source gives {f.text}, the claim says {_as_written_in(claim, q)}",
            f"la source indique {f.text}, l'affirmation dit {_as_written_in(claim, q)}",
        ),
        [e],
        basis="numbers",
    )


def _comparable(a: Quantity, b: Quantity) -> bool:
    if a.kind == "money" and b.kind == "money":
        # The same amount in another currency is the currency the claim gets wrong ("224 000
        # euros" against "224 000 $"); other amounts in other currencies may be conversions.
        return a.unit == b.unit or (bool(a.unit and b.unit) and close(a.value, b.value, 0.005))
    if a.kind in ("number", "money") and b.kind in ("number", "money"):
        return a.kind == b.kind
    return a.comparable(b)
