"""Question -> Answer with verbatim citations, or an honest abstention. No LLM needed.

The extractive answerer picks the evidence sentence that best covers the question, checks it
holds the kind of fact asked for (an amount for "how much", a name for "who", reported speech for
"what did X say"...), and composes a short answer from it with the quote cited. If no sentence
covers the question's terms, or none holds the kind of fact asked for, it abstains; a sentence
that lacks a figure or a name the question asks about ("in 1598", "Meta") never answers it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..evidence import (
    QUESTION_WORDS,
    Evidence,
    Sentence,
    abbreviates,
    answer_type_words,
    entities,
    expansion,
    query_terms,
)
from ..glossary import glossary
from ..models import Answer, Citation
from ..numbers import RANGE_JOIN, Quantity, duration_unit, format_amount, quantities, same_value
from ..text import STOPWORDS, content_words, strip_accents, word_stems

COVERAGE_MIN = 0.6
# A sentence that counts the very thing asked about ("3 milliards d'images" for "Combien d'images
# … ?") needs only half the question's terms: the verb is what people rephrase ("collected",
# "holds", « contient »), and the counted noun beside a number is the typed check.
COUNTED_COVERAGE_MIN = 0.5
# Question kinds the rules cannot check beyond term coverage (no fact type to find in the sentence).
UNTYPED = ("general", "purpose", "statement")

_KINDS: list[tuple[str, re.Pattern[str]]] = [
    # "last" is the verb ("How long will it last?", "lasted"), not the time adjective ("last month")
    (
        "duration",
        re.compile(r"\bhow long\b|combien de temps|\bdur[ée]e\b|\blast(s|ed)\b|\blast\s*(for\b|[?.!]*\s*$)|\bdure\b", re.I),
    ),
    ("count", re.compile(r"\bhow many\b|combien d[e'’]|\bnombre\b|\bnumber of\b", re.I)),
    (
        "amount",
        re.compile(
            r"\bhow much\b|\bcombien\b|\bmontant\b|\bprix\b|\bco[uû]t|\bcost|\bprice\b|\bamount\b|\bsum\b|\bvalue\b|\bvaleur\b|\brevenue|\bchiffre d.affaires|\bworth\b"
            r"|\bwhat (?:share|percentage|proportion)\b|\bquel(?:le)? (?:part|pourcentage|proportion)\b",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            r"\bwhen\b|\bquand\b|\bwhat year\b|\bquelle ann[ée]e\b|\bwhat date\b|\bquelle date\b|\bdepuis quand\b", re.I
        ),
    ),
    (
        "statement",
        re.compile(
            r"\b(say|said|says|claim\w*|state\w*|declar\w*|tell|told|respond\w*|react\w*)\b|\bdit\b|d[ée]clar|affirm|r[ée]pon|r[ée]agi|\bselon\b",
            re.I,
        ),
    ),
    (
        "purpose",
        re.compile(
            r"\bfor\s*\?\s*$|\bwhy\b|\bwhat for\b|\bpurpose\b|\bpourquoi\b|\bdans quel but\b|\bobjectif\b|\bà quoi\b|\bfor what\b|\bpour quoi\b|\bused for\b|\bserv",
            re.I,
        ),
    ),
    (
        "who",
        re.compile(
            r"\bwho\b|\bwhom\b|\bqui\b"
            r"|\bwhich (company|agency|organi[sz]ation|non-?profit|charity|ngo|association|institution|authority|regulator|court|bank|union|newspaper|outlet|media|publication|broadcaster|website|firm|group|department|unit|person|official|journalist|reporter|executive|minister)"
            r"|\bquel(le)?s? (soci[ée]t[ée]|agence|organisation|association|ong|institution|autorit[ée]|r[ée]gulateur|tribunal|cour|banque|syndicat|journal|m[ée]dia|site|entreprise|groupe|d[ée]partement|unit[ée]|personne|responsable|dirigeant|journaliste|ministre)",
            re.I,
        ),
    ),
]
_SPEECH = re.compile(
    r"\b(a|ont|avait|avaient)\s+(\w+\s+)?(d[ée]clar[ée]|dit|affirm[ée]|ajout[ée]|expliqu[ée]|indiqu[ée]|critiqu[ée]|d[ée]nonc[ée]|condamn[ée]|salu[ée]|averti|estim[ée]|soulign[ée]|reconnu|ni[ée]|assur[ée])\b"
    r"|\b(said|told|stated|added|claimed|explained|critici[sz]ed|denounced|condemned|praised|welcomed|warned|argued|insisted|admitted|denied)\b|a-t-il|a-t-elle"
    r"|\b(called|calls|describ(ed|es)) (it|them|this|that|the)\b|\b(a|ont) qualifi[ée]",
    re.I,
)
# A quotation: what is between quotation marks (to the sentence's end if it goes on in the next).
_QUOTE = re.compile(r"[«“\"]([^«»“”\"]*)(?:[»”\"]|$)")
_QUOTE_ENDS = re.compile(r"([^«»“”\"]*)[»”]")
QUOTE_WORDS = 5


def reports_speech(text: str) -> bool:
    """Does the sentence report someone's words: a verb of saying, or a quotation of a few words
    (a quoted label, « soutien à la mission », is no statement)?"""
    if _SPEECH.search(text):
        return True
    m = _QUOTE_ENDS.match(text)  # a quotation opened in the sentence before
    if m and len(m.group(1).split()) >= QUOTE_WORDS:
        return True
    return any(len(q.group(1).split()) >= QUOTE_WORDS for q in _QUOTE.finditer(text))


_DATE = re.compile(
    r"\b(1[89]\d\d|20\d\d)\b|\b(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|january|february|march|april|may|june|july|august|september|october|november|december)\b|cette semaine|this week|le mois dernier|last month|au début de l.année|earlier this year|hier|yesterday|aujourd.hui|today",
    re.I,
)


# "What does ICE stand for?", « Que signifie ICE ? »: the question asks for an acronym's expansion
_ACRONYM_ASKED = re.compile(
    r"^\W*(?:what\s+(?:does|do|did)\s+(?:the\s+)?(?P<a>\w+)\s+(?:stand\s+for|mean)"
    r"|what\s+is\s+(?:the\s+)?(?P<b>\w+)\s+(?:short|an\s+acronym|an\s+abbreviation)\s+for"
    r"|what\s+(?:is|was)\s+the\s+(?:full\s+name|meaning)\s+of\s+(?:the\s+)?(?P<c>\w+)"
    r"|que\s+(?:signifie|veut\s+dire)\s+(?:l['’]|le\s+|la\s+|les\s+)?(?P<d>\w+)"
    r"|(?:quel\s+est\s+le\s+nom\s+complet|quelle\s+est\s+la\s+signification)\s+(?:de\s+l['’]|de\s+la\s+|de\s+|d['’]|du\s+|des\s+)(?P<e>\w+)"
    r"|(?:à|a)\s+quoi\s+correspond\s+(?:l['’]|le\s+|la\s+)?(?P<f>\w+))\s*[?.!]*\s*$",
    re.I,
)


def acronym_asked(question: str) -> str | None:
    """The acronym a question asks the expansion of ("What does ICE stand for?" -> "ICE")."""
    m = _ACRONYM_ASKED.match(question.strip())
    name = next((g for g in m.groups() if g), None) if m else None
    return name if name and name.isupper() and 2 <= len(name) <= 6 else None


# "What kind of organization is Tech Inquiry?", « Quel type d'organisation est Tech Inquiry ? »
_KIND_OF = re.compile(
    r"^\W*(?i:what|which)\s+(?i:kind|sort|type)\s+of\s+(?P<en>[^\W\d_]+)\s+(?:is|was)\s+(?P<en_name>[A-Z][^?]*?)\s*[?.!]*\s*$"
    r"|^\W*(?i:quel(?:le)?)\s+(?:type|genre|sorte)\s+d(?:e\s+|['’]\s*)(?P<fr>[^\W\d_]+)\s+(?:est|était|etait)\s+(?P<fr_name>[A-Z][^?]*?)\s*[?.!]*\s*$"
)


def kind_of_asked(question: str) -> tuple[str, str] | None:
    """(the noun, the name) a "what kind of X is Y" question asks about."""
    m = _KIND_OF.match(question.strip())
    if m is None:
        return None
    noun, name = (m.group("en"), m.group("en_name")) if m.group("en") else (m.group("fr"), m.group("fr_name"))
    return noun, name.strip()


def kind_of_span(noun: str, name: str, text: str) -> tuple[int, int] | None:
    """The words that say what kind of ``noun`` the party ``name`` is, where the sentence puts
    them right before the name: « une organisation à but non lucratif Tech Inquiry » ->
    « organisation à but non lucratif », "the nonprofit organization Tech Inquiry" -> "nonprofit
    organization". None where the noun comes alone or not beside the name."""
    groups, _ = glossary()
    want = set(word_stems(strip_accents(noun.lower())))
    want = want.union(*(groups.get(st, frozenset()) for st in list(want)))
    at = text.find(name)
    if at < 0:
        return None
    before = text[:at]
    words = list(re.finditer(r"[^\W\d_][\w’'-]*", before))[-7:]
    for i, w in enumerate(words):
        if not want & word_stems(strip_accents(re.split(r"['’]", w.group(0))[-1].lower())):
            continue
        between = before[w.end() :]
        if re.search(r"[A-Z,.;:()«»\"“”]", between):
            continue  # another name or clause between the noun and the party
        # English: the lower-case words before the noun ("the nonprofit organization")
        start = w.start() + (len(w.group(0)) - len(re.split(r"['’]", w.group(0))[-1]))
        for prev in reversed(words[:i]):
            if prev.group(0).lower() in STOPWORDS or prev.group(0)[:1].isupper() or before[prev.end() : start].strip():
                break
            start = prev.start()
        end = at
        span = before[start:end].strip()
        if len(span.split()) > 1:
            return start, start + len(span)
    return None


def _cited(question: str, e: Evidence, span: tuple[int, int], *, lang: str, dates: dict[str, str]) -> Answer:
    """The answer a question's form finds in a sentence (``exact_answer``): the span, the sentence cited."""
    s = e.sentence
    direct = s.text[span[0] : span[1]]
    cites = [s.citation(dates.get(s.doc_id, ""))]
    return Answer(
        question=question,
        answer=compose(direct, cites, lang),
        abstained=False,
        citations=cites,
        lang=lang,
        kind=question_kind(question),
        short=direct,
        score=1.0,
        method="rules",
    )


def kind_of(question: str, evidence: Sequence[Evidence], *, lang: str, dates: dict[str, str]) -> Answer | None:
    """The answer to "What kind of organization is Tech Inquiry?" where a retrieved sentence puts
    the kind right before the name (``kind_of_span``)."""
    asked = kind_of_asked(question)
    if asked is None:
        return None
    for e in evidence[:8]:
        span = kind_of_span(*asked, e.sentence.text)
        if span is not None:
            return _cited(question, e, span, lang=lang, dates=dates)
    return None


def exact_answer(question: str, evidence: Sequence[Evidence], *, lang: str, dates: dict[str, str]) -> Answer | None:
    """Questions a sentence answers by its form, before any model: what an acronym stands for,
    what kind of thing a party is."""
    return expand_acronym(question, evidence, lang=lang, dates=dates) or kind_of(question, evidence, lang=lang, dates=dates)


def expand_acronym(question: str, evidence: Sequence[Evidence], *, lang: str, dates: dict[str, str]) -> Answer | None:
    """The answer to "What does ICE stand for?" where a retrieved sentence spells the acronym out
    (``expansion``): the words themselves, cited. A passage that merely uses the acronym has no
    answer; neither model nor coverage is asked what the letters stand for."""
    asked = acronym_asked(question)
    if asked is None:
        return None
    for e in evidence[:8]:
        span = expansion(asked, e.sentence.text)
        if span is not None:
            return _cited(question, e, span, lang=lang, dates=dates)
    return None


def question_kind(question: str) -> str:
    for kind, pattern in _KINDS:
        if pattern.search(question):
            return kind
    return "general"


class Answerer(Protocol):
    """Seam for answer generators: extractive (default) or an LLM behind the same contract."""

    def answer(self, question: str, evidence: Sequence[Evidence], *, lang: str, dates: dict[str, str]) -> Answer: ...


@dataclass
class _Pick:
    ev: Evidence
    direct: str
    extra: list[Citation]


class ExtractiveAnswerer:
    """Selects evidence sentences and composes a direct answer from them."""

    def __init__(
        self, *, coverage_min: float = COVERAGE_MIN, untyped_coverage_min: float | None = None, quote_which: bool = True
    ) -> None:
        self.coverage_min = coverage_min
        # Answer a "Which country …?" question with a quote alone (``quote_which``)? As the rules
        # answer alone, the quote often holds the answer (PIAF validation: rules F1 58.7 with it,
        # 57.6 without); as the reader's fallback, the reader has already looked for the span and
        # not found one it trusts, and a quote covering the question's other words is how an
        # unanswerable question looks ("Which country are the hackers from?" -> « Les pirates … »).
        self.quote_which = quote_which
        # As the reader's fallback the rules answer an untyped question only from a sentence that
        # covers all of it: partial coverage is how unanswerable questions look (measured on the
        # SQuAD 2.0 and PIAF validation articles, README).
        self.untyped_coverage_min = coverage_min if untyped_coverage_min is None else untyped_coverage_min

    def answer(self, question: str, evidence: Sequence[Evidence], *, lang: str, dates: dict[str, str]) -> Answer:
        spelled = exact_answer(question, evidence, lang=lang, dates=dates)
        if spelled is not None:
            return spelled
        kind = question_kind(question)
        pick = self._pick(question, kind, evidence, lang, dates)
        if pick is None:
            return abstention(question, lang=lang, kind=kind, evidence=evidence)
        s = pick.ev.sentence
        cites = [s.citation(dates.get(s.doc_id, ""))] + pick.extra
        return Answer(
            question=question,
            answer=compose(pick.direct, cites, lang),
            abstained=False,
            citations=cites,
            lang=lang,
            kind=kind,
            short=pick.direct,
            method="rules",
        )

    def _pick(self, question: str, kind: str, evidence: Sequence[Evidence], lang: str, dates: dict[str, str]) -> _Pick | None:
        # The sentence that covers the question best, dense similarity breaking near-ties.
        floor = self.untyped_coverage_min if kind in UNTYPED else self.coverage_min
        if kind == "general" and not self.quote_which and answer_type_words(question):
            return None  # "Which country …?": a quote alone does not name the thing asked for
        noun = counted_noun(question) if kind == "count" else None
        named = {w for n in asked_names(question) for w in content_words(n)}
        ranked = sorted(
            (
                e
                for e in evidence[:8]
                if e.coverage >= floor - 1e-9
                or (noun and e.coverage >= COUNTED_COVERAGE_MIN - 1e-9 and counts(_counted_here(noun, e), e.sentence.text))
            ),
            # of equal coverage, the sentence that holds the matched words itself rather than in
            # the sentence before it ("Qui dirige Nordwind ?": "Chief executive Mette Holm said …",
            # not the next sentence, whose context is that one)
            key=lambda e: (-round(e.coverage, 1), -_own_matches(e, named), -e.score),
        )
        asked, names = quantities(question), asked_names(question)
        for ev in ranked:
            extra: list[Citation] = []
            s = ev.sentence
            if asked and not states_figures(asked, s, dates.get(s.doc_id, "")):
                continue  # "How many ... in 1598?": a sentence about another year answers another question
            if not names_present(names, s):
                continue  # "How much must Meta pay?" is not answered by what ICE pays
            direct = extract(kind, question, ev, lang)
            if direct is None and s.next_text and kind not in ("general", "purpose"):
                # The fact asked for often follows the sentence that names the topic.
                nxt = Evidence(_next_sentence(s), ev.score, ev.dense, ev.coverage, ev.matched, ev.missing)
                direct = extract(kind, question, nxt, lang)
                if direct is not None:
                    extra.append(nxt.sentence.citation())
            if direct is None:
                continue
            if kind == "statement" and s.next_text and reports_speech(s.next_text) and not extra:
                extra.append(_next_sentence(s).citation())
            return _Pick(ev, direct, extra)
        return None


def _own_matches(e: Evidence, named: set[str]) -> int:
    """How many of the question's matched terms, other than the names it asks about (``named``:
    the title may give those), the sentence itself holds rather than the sentence before it."""
    own = set(content_words(e.sentence.text))
    return sum(w in own for t, w in e.matched.items() if t not in named)


def figure_given(q: Quantity, have: Sequence[Quantity], date: str) -> bool:
    """Is the question's figure ``q`` among a text's figures ``have``, or, for a year, its
    document's date?"""
    return any(same_value(q.value, h.value) for h in have) or (q.kind == "year" and date.startswith(q.text))


def states_figures(asked: Sequence[Quantity], s: Sentence, date: str) -> bool:
    """Does the sentence (or the one before it, or its document's date for a year) give every
    figure the question names?"""
    have = quantities(f"{s.context} {s.text}")
    return all(figure_given(q, have, date) for q in asked)


def asked_names(question: str) -> list[str]:
    """The names in a question, without a possessive or a capitalised function word before them
    ("Clearview's" -> "Clearview", "Selon Clearview" -> "Clearview", "of Clearview" -> "Clearview")."""
    out = []
    for name in entities(question):
        words = re.sub(r"['’]s$", "", name).split()
        while words and strip_accents(words[0].lower()) in STOPWORDS | QUESTION_WORDS:
            words.pop(0)
        if words:
            out.append(" ".join(words))
    return out


def names_present(names: Sequence[str], s: Sentence) -> bool:
    """Is every name the question asks about (``asked_names``) in the sentence, the one before it or
    its document's title (in full, abbreviated, or for a name of several words one of its longer
    words)?"""
    around = f"{s.title} {s.context} {s.text}"
    plain = strip_accents(around.lower())
    for name in names:
        if strip_accents(name.lower()) in plain or abbreviates(name, around):
            continue
        words = [strip_accents(w.lower()) for w in content_words(name) if len(w) > 3]
        if len(words) > 1 and any(re.search(rf"\b{re.escape(w)}", plain) for w in words):
            continue
        return False
    return True


def _next_sentence(s: Sentence) -> Sentence:
    return Sentence(
        doc_id=s.doc_id,
        title=s.title,
        lang=s.lang,
        text=s.next_text,
        start=s.next_start,
        end=s.next_start + len(s.next_text),
        context=s.text,
        chunk_rank=s.chunk_rank,
    )


# an amount asked of a change or a share: a percentage answers it
_CHANGE_OR_SHARE = re.compile(
    r"\b(?:drop|dropp|fell|fall|rise|rose|risen|increas|decreas|declin|grow|grew|jump|climb|gain|lost|lose|plung|soar|slump"
    r"|baiss|chut|augment|recul|progress|diminu|hausse|grimp|bondi|perdu|envol|plong)\w*"
    r"|\bwhat (?:share|percentage|proportion|part)\b|\bquel(?:le)? (?:part|pourcentage|proportion)\b",
    re.I,
)
# a count of money: "How many dollars …?"
MONEY_ASKED = re.compile(r"\b(?:money|dollars?|euros?|pounds?|francs?|argent|budget)\b|[$€£]", re.I)


def extract(kind: str, question: str, ev: Evidence, lang: str) -> str | None:
    """The direct answer of the asked kind found in the sentence, '' if none is needed, None if absent."""
    text = ev.sentence.text
    if kind == "amount":
        money = [q for q in quantities(text) if q.kind == "money"]
        if money:
            return format_amount(money[0], lang)
        # "How much did the shares fall?", "What share of operations …?": a percentage
        share = [q for q in quantities(text) if q.kind == "percent"] if _CHANGE_OR_SHARE.search(question) else []
        return share[0].text if share else None
    if kind == "count":
        noun = counted_noun(question)
        unit = duration_unit(noun) if noun else None  # "How many years …?" is answered by a duration
        of_money = MONEY_ASKED.search(question) is not None  # "How many agents …?" is not "224 000 $"
        found = quantities(text)
        nums = [
            q
            for q in found
            if (q.kind in ("number", "percent") or q.kind == "money" and of_money or q.kind == "duration" and q.unit == unit)
            and not _old_year(text, q)
        ]
        # the number of the very thing asked about first ("How many trains …?": not "120 staff")
        here = _counted_here(noun, ev) if noun else None
        nums.sort(key=lambda q: not (here and counts(here, text, q)))
        if nums and nums[0].kind == "duration":
            return _range_text(text, nums[0], found)
        return _with_noun(nums[0].text, text[nums[0].end :]) if nums else None
    if kind == "duration":
        found = quantities(text)
        durs = [q for q in found if q.kind == "duration"]
        return _range_text(text, durs[0], found) if durs else None
    if kind == "date":
        m = _DATE.search(text)
        return m.group(0) if m else None
    if kind == "statement":
        return "" if reports_speech(text) else None
    if kind == "who":
        return _who(question, ev)
    return ""


def _range_text(text: str, q: Quantity, found: Sequence[Quantity]) -> str:
    """A figure's text, and the figure of ``found`` (the text's quantities) it makes a range with
    ("5–10 million years", « 2 à 4 ans »)."""
    nxt = next((o for o in found if o.start >= q.end), None)
    if nxt is not None and nxt.kind == q.kind and nxt.unit == q.unit and RANGE_JOIN.fullmatch(text[q.end : nxt.start]):
        return text[q.start : nxt.end]
    return q.text


_YEAR_BEFORE = re.compile(r"\b(in|en|since|depuis|from|until|till|jusqu.en|by|around|vers|of|de|année|year)\s*$", re.I)


def _old_year(text: str, q: Quantity) -> bool:
    """A four-digit number before 1800 introduced like a year ("in 1562", "en 1598"): not a count
    (``quantities`` reads 1800-2100 as years already)."""
    return q.kind == "number" and re.fullmatch(r"\d{4}", q.text) is not None and bool(_YEAR_BEFORE.search(text[: q.start]))


# what a count question counts ("How many images", « Combien d'images »)
_COUNTED = re.compile(
    r"\bhow many\s+([^\W\d_][\w'’-]*)|\b(?:combien|nombre|number)\s+(?:d[e'’]|of)\s*([^\W\d_][\w'’-]*)", re.I
)
# the word a number counts, after « de » / « d' » in French
_NOUN_AFTER = re.compile(r"\s*(?:d[e'’]\s*)?([\w’'-]+)")


def counted_noun(question: str) -> str | None:
    """What a count question counts: "How many images …?", « Combien d'images … ? » -> "images"."""
    m = _COUNTED.search(question)
    return (m.group(1) or m.group(2)).lower() if m else None


def _counted_here(noun: str, ev: Evidence) -> str:
    """The counted noun as the sentence words it: the word it matched there, maybe in the other
    language (« personnes » -> "people"), else itself."""
    return ev.matched.get(strip_accents(noun.lower()), noun)


def counts(noun: str, text: str, q: Quantity | None = None) -> bool:
    """Does the sentence give a number of that very thing ("plus de 3 milliards d'images")?
    With ``q``: is that number one?"""
    want, unit = word_stems(strip_accents(noun)), duration_unit(noun)
    groups, _ = glossary()  # "How many photos …?" is answered by "3 milliards d'images"
    want = want.union(*(groups.get(st, frozenset()) for st in want))
    for n in [q] if q is not None else quantities(text):
        if n.kind == "duration" and unit is not None and n.unit == unit:
            return True  # "How many years …?": "over the last 34 million years"
        if n.kind == "number" and not _old_year(text, n):
            m = _NOUN_AFTER.match(text, n.end)
            counted = m.group(1).lower() if m else ""
            if counted and want & word_stems(strip_accents(counted)):
                return True
    return False


def _with_noun(number: str, rest: str) -> str:
    """The number with the noun it counts, as written ("3 milliards d’images", "300 workers")."""
    m = _NOUN_AFTER.match(rest)
    return f"{number} {m.group(0).strip()}".strip() if m else number


# A stranded preposition says which role the answer plays: "Who did ICE sign a contract *with*?"
# wants the name governed by "avec"/"with", "Which outlet did it speak *to*?" the one after "à".
# It may be followed by a time or place phrase: "Who did Clearview speak *to* after the contract
# became public?" (a preposition straight before another has no object of its own).
_STRANDED = re.compile(
    r"\b(to|with|by|for|from)\s*(?:[?.!]*\s*$|,|\s(?=(?:after|before|when|while|during|since|until|in|on|at|about|over|last|this|according)\b))",
    re.I,
)
_FR_LEADING = re.compile(r"^\s*(à|avec|par|pour)\s+(?:qui|quoi|quel|quelle|quels|quelles|lequel|laquelle)\b", re.I)
_PREPOSITIONS = {
    "to": {"à", "au", "aux", "to"},
    "with": {"avec", "with"},
    "by": {"par", "by"},
    "for": {"pour", "for"},
    "from": {"de", "du", "des", "from"},
}
_FR_TO_EN = {"à": "to", "avec": "with", "par": "by", "pour": "for"}


def governing_preposition(question: str) -> set[str]:
    """Words (FR and EN, lower case) that should introduce the name asked for, or an empty set.

    "à" keeps its accent: "a" is the verb (has)."""
    m = _STRANDED.search(question)
    if m:
        return _PREPOSITIONS[m.group(1).lower()]
    m = _FR_LEADING.search(question)
    return _PREPOSITIONS[_FR_TO_EN[m.group(1).lower()]] if m else set()


def _clause_before(text: str, at: int) -> list[str]:
    """Lower-case words between the previous punctuation mark (or 60 characters back) and ``at``."""
    return [w.lower() for w in re.findall(r"\w+", re.split(r"[,;:«»\"“”()]", text[max(0, at - 60) : at])[-1])]


def _introduced_by(text: str, at: int, preps: set[str]) -> bool:
    """Is the name at ``at`` governed by one of ``preps`` within its clause (no punctuation between)?"""
    return any(w in preps for w in _clause_before(text, at))


def _passive_agent(text: str, at: int, verbs: set[str]) -> bool:
    """Is the name the agent of a verb the question matched ("partagés par Tech Inquiry")? Then it
    answers "who shared...?" although it comes after the verb."""
    clause = _clause_before(text, at)
    return ("par" in clause or "by" in clause) and bool(verbs & {strip_accents(w) for w in clause})


def repeats_question(question: str, name: str) -> bool:
    """Does ``name`` only repeat a party the question names: all its words are the question's, or
    it abbreviates or expands a name there ("ICE" asked: "Immigration and Customs Enforcement")?
    The name a who / which question asks for is never that one."""
    qwords = {strip_accents(w.lower()) for w in content_words(question)}
    words = {strip_accents(w.lower()) for w in content_words(name)}
    return (bool(words) and words <= qwords) or any(abbreviates(a, name) or abbreviates(name, a) for a in entities(question))


# "Which newspaper / outlet …?", « Quel journal … ? »: a name that reads like a news outlet's.
_ASKS_OUTLET = re.compile(
    r"\b(which|what) (newspaper|paper|outlet|media|publication|broadcaster|website|magazine|news \w+)\b"
    r"|\bquel(le)?s? (journal|journaux|quotidien|m[ée]dia|site|magazine|hebdomadaire|cha[iî]ne|radio)\b",
    re.I,
)
_OUTLET_NAME = re.compile(
    r"\b(Post|Times|Journal|News|Herald|Tribune|Gazette|Guardian|Telegraph|Independent|Observer|Economist|Daily|Weekly"
    r"|Magazine|Verge|Wired|Reuters|AFP|AP|BBC|CNN|NBC|CBS|ABC|NPR|Bloomberg|Politico|Axios|Intercept|Press|Radio|TV"
    r"|Monde|Figaro|Lib[ée]ration|Parisien|Express|Point|Mediapart|Ouest-France|Humanit[ée]|Croix|[ÉE]chos|Canard"
    r"|France ?Info|France ?Inter|T[ée]l[ée]vision|Presse|Nouvel Obs)\b"
)


def _who(question: str, ev: Evidence) -> str | None:
    text = ev.sentence.text
    names = [n for n in entities(text) if not repeats_question(question, n)]
    if not names:
        return None
    preps = governing_preposition(question)
    # Else the name nearest to the words the question matched is most likely the one asked for.
    plain = strip_accents(text.lower())
    anchors = [m.start() for w in ev.matched.values() for m in re.finditer(re.escape(w), plain)]
    hits = {strip_accents(w.lower()) for w in ev.matched.values()}

    outlet = bool(_ASKS_OUTLET.search(question))

    def rank(n: str) -> tuple[bool, bool, bool, int]:
        at = text.find(n)
        return (
            outlet and not _OUTLET_NAME.search(n),  # "Which newspaper …?": the Washington Post, not the FBI
            bool(preps) and not _introduced_by(text, at, preps),
            not preps and not _passive_agent(text, at, hits),
            min((abs(at - a) for a in anchors), default=0),
        )

    return min(names, key=rank)


def compose(direct: str, cites: Sequence[Citation], lang: str) -> str:
    """Direct answer first, then the cited words, numbered [1], [2]..."""
    quotes = " ".join(f"« {c.quote} » [{i}]" for i, c in enumerate(cites, 1))
    src_lang = cites[0].lang if cites else lang
    if lang == "fr":
        lead = f"{direct}. " if direct else ""
        return f"{lead}Selon la source : {quotes}"
    note = " (source in French)" if src_lang == "fr" else ""
    lead = f"{direct}. " if direct else ""
    return f"{lead}According to the source{note}: {quotes}"


def abstention(question: str, *, lang: str, kind: str = "general", evidence: Sequence[Evidence] = ()) -> Answer:
    closest = max(evidence[:8], key=lambda e: e.coverage) if evidence else None
    missing = closest.missing if closest else query_terms(question)
    if lang == "fr":
        text = "Les sources ne le disent pas."
        if missing:
            text += f" Aucun passage ne parle de : {', '.join(missing[:5])}."
    else:
        text = "The sources don't say."
        if missing:
            text += f" No passage mentions: {', '.join(missing[:5])}."
    return Answer(question=question, answer=text, abstained=True, citations=[], lang=lang, kind=kind, method="abstain")
