"""Evidence: retrieved chunks -> sentences with document offsets, ranked for a question or claim.

A sentence is scored by its e5 similarity to the query plus how many of the query's content
terms it (or the sentence before it, for context such as the subject) covers. Terms match by
Snowball stem in either language, by equal number, or across languages by e5 word similarity
("paying" ~ "paie", "agreement" ~ "accord"), since no bilingual dictionary ships offline.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from .embed import cosine
from .glossary import FALSE_FRIENDS, glossary
from .models import Citation, ScoredChunk
from .numbers import BOUND_WORDS
from .text import STOPWORDS, acronyms, content_words, detect_lang, sentence_spans, word_stems

if TYPE_CHECKING:
    from .embed import Embedder

# Words that shape a question but are not evidence of topic ("how much did X say").
# Of those, the words that ask for an amount ("how much does it cost", « combien coûte »).
AMOUNT_WORDS = set(
    """montant amount sum somme value valeur cost costs costing coute coutent coutait coutaient coutera couteront
    couter cout couts price prix tarif worth vaut valent valait valaient vaudra vaudront""".split()
)
QUESTION_WORDS = AMOUNT_WORDS | set(
    """how much many what which who whom whose when where why does did do is are was were say said says
    tell told claim claimed state stated statement according happened happen kind sort thing things
    combien quel quelle quels quelles qui quoi quand pourquoi comment dit declare declaree declares
    affirme affirmee indique selon explique exactement vrai vraie vrais vraies faux fausse fausses true false idee idea genre chose choses
    behind derriere""".split()
)
WORD_SIM = 0.915  # e5 word-to-word cosine above which two words count as translations
_ENTITY = re.compile(
    r"\b(?:[A-Z][\w’'-]*[A-Za-z0-9]|[A-Z]{2,})(?:\s+(?:(?:and|of|the|for|de|du|des|la|le|et)\s+)?(?:[A-Z][\w’'-]*[A-Za-z0-9]|[A-Z]{2,}))*"
)


@dataclass
class Sentence:
    doc_id: str
    title: str
    lang: str
    text: str
    start: int
    end: int
    context: str = ""  # the previous sentence of the same chunk
    chunk_rank: int = 0
    next_text: str = ""
    next_start: int = -1

    def citation(self, date: str = "") -> Citation:
        return Citation(
            doc_id=self.doc_id,
            title=self.title,
            quote=self.text,
            start=self.start,
            end=self.end,
            lang=self.lang,
            date=date,
        )


@dataclass
class Evidence:
    sentence: Sentence
    score: float
    dense: float
    coverage: float
    matched: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def split_sentences(hits: Sequence[ScoredChunk]) -> list[Sentence]:
    out: list[Sentence] = []
    for rank, h in enumerate(hits):
        c = h.chunk
        spans = sentence_spans(c.text)
        for i, (a, b) in enumerate(spans):
            prev = c.text[spans[i - 1][0] : spans[i - 1][1]] if i else ""
            nxt = spans[i + 1] if i + 1 < len(spans) else None
            out.append(
                Sentence(
                    doc_id=c.doc_id,
                    title=c.title,
                    lang=c.lang,
                    text=c.text[a:b],
                    start=c.start + a,
                    end=c.start + b,
                    context=prev,
                    chunk_rank=rank,
                    next_text=c.text[nxt[0] : nxt[1]] if nxt else "",
                    next_start=c.start + nxt[0] if nxt else -1,
                )
            )
    return out


# Numbers are compared as values (bot.numbers), not as words.
NUMBER_WORDS = set(
    """un une deux trois quatre cinq six sept huit neuf dix onze douze vingt trente cent cents mille million
    millions milliard milliards one two three four five six seven eight nine ten eleven twelve twenty thirty
    hundred thousand billion billions dollar dollars euro euros usd eur half demi""".split()
)


# "Which newspaper ...?", "Quelle société ...?": the noun names the kind of answer wanted (the
# answer is a newspaper), so the evidence need not contain it; the extractor checks the kind.
_ANSWER_TYPE = re.compile(r"\b(?:which|quel|quelle|quels|quelles|lequel|laquelle)\s+([^\W\d_][\w’'-]*)", re.I)


# Capitalised words, a sentence's first too ("Veltris shares rose"): what may be a name
_CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][\w’'-]*")


def answer_type_words(query: str) -> set[str]:
    return {w for m in _ANSWER_TYPE.finditer(query) for w in content_words(m.group(1))[:1]}


# A verb of naming before a name says who someone is, not something they did: "Clearview's CEO is
# called Hoan Ton" claims what "… is Hoan Ton" claims (« s'appelle » likewise). After "is" / "was"
# in the clause, a lower-case noun, a comma or « s' »; not after a name ("ICE called Clearview": it
# phoned), and never « nommé » (appointed).
_NAMING_VERB = r"(called|named|nicknamed|appel[ée]e?s?|appelle|appellent|surnomm[ée]e?s?)\s+(?=[A-Z])"
_NAMING = re.compile(
    r"(?:\b(?:[Ii]s|[Aa]re|[Ww]as|[Ww]ere|be|been|being|[Ee]st|[Ss]ont|[ÉEée]tai(?:t|ent))\b[^,.;:!?]*?\s|\b[a-zà-ÿ]+\s+|,\s*|\b[sS]['’])"
    + _NAMING_VERB
)


def naming_words(query: str) -> set[str]:
    return {w for m in _NAMING.finditer(query) for w in content_words(m.group(1))}


def query_terms(query: str) -> list[str]:
    """The content terms a passage must cover to be about the query (question words, numbers,
    their bounds, the answer-type noun of "which X" and a verb of naming before a name left out)."""
    skip = QUESTION_WORDS | NUMBER_WORDS | BOUND_WORDS | answer_type_words(query) | naming_words(query)
    return list(dict.fromkeys(w for w in content_words(query) if w not in skip and not w.isdigit()))


# Job titles written in capitals name a role, not a party ("a déclaré Hoan Ton, PDG de la société").
_TITLE = re.compile(r"\b(?:PDG|DG|CEO|CFO|CTO|COO|VP|DRH|SVP|EVP)\b")


def _name_pieces(m: re.Match[str]) -> Iterator[tuple[int, str]]:
    """A run of capitalised words cut at the job titles in it: (start in the text, name)."""
    at = m.start()
    for piece in _TITLE.split(m.group(0)):
        name = piece.strip()
        if name:
            yield at + piece.index(name), name
        at += len(piece)
        t = _TITLE.match(m.string, at)
        at = t.end() if t else at


def entities(text: str) -> list[str]:
    """Capitalised names and acronyms, without a capitalised sentence opener of one word, and
    without job titles ("a déclaré Hoan Ton, PDG" -> "Hoan Ton")."""
    found: list[str] = []
    for m in _ENTITY.finditer(text):
        for start, name in _name_pieces(m):
            at_start = start == 0 or text[:start].rstrip()[-1:] in '.!?«"“'
            if at_start and " " not in name and not name.isupper():
                continue
            found.append(name)
    return found


def _initials(words: Sequence[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


@lru_cache(maxsize=1)
def _acronym_forms() -> dict[str, tuple[str, ...]]:
    """An acronym's shared token (``words``) -> its forms in both languages ("oms" -> WHO, OMS)."""
    out: dict[str, list[str]] = {}
    for a, token in acronyms().items():
        out.setdefault(token, []).append(a)
    return {k: tuple(v) for k, v in out.items()}


def _same_acronyms(acronym: str) -> set[str]:
    """The acronym and its form in the other language ("OMS" -> {"OMS", "WHO"})."""
    token = acronyms().get(acronym)
    return {acronym, *_acronym_forms().get(token, ())} if token else {acronym}


def abbreviates(name: str, text: str) -> bool:
    """An acronym and its expansion name the same party: "ONU" / "Nations unies", "HSI" / "Homeland
    Security Investigations" (the initials of the name's content words, in order, within the
    acronym), in either language ("OMS" / "WHO" / "World Health Organization")."""
    if name.isupper() and " " not in name:
        forms = _same_acronyms(name)
        if any(re.search(rf"\b{re.escape(a)}\b", text) for a in forms - {name}):
            return True
        # The acronym is in the claim: look for its expansion in word windows of the text that
        # start with a capitalised word.
        toks = [w for w in re.findall(r"[^\W\d_][\w-]*", text) if w.lower() not in STOPWORDS]
        return any(
            _within(_initials(toks[i : i + n]), a)
            for a in forms
            for i, w in enumerate(toks)
            if w[0].isupper()
            for n in {len(a) - 1, len(a)}
        )
    initials = _initials(content_words(name))
    return any(_within(initials, f) for a in set(re.findall(r"\b[A-Z]{2,6}\b", text)) for f in _same_acronyms(a))


def expansion(acronym: str, text: str) -> tuple[int, int] | None:
    """Where ``text`` spells out ``acronym`` (or its form in the other language): the longest run
    of capitalised words, linking words allowed, whose initials make it up ("ICE" in "Immigration
    and Customs Enforcement (ICE) a signé …"); None where it does not."""
    toks = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[^\W\d_][\w’'-]*", text)]
    best: tuple[int, int] | None = None
    for form in _same_acronyms(acronym):
        for i, (w, a, _) in enumerate(toks):
            if not w[0].isupper() or w.lower() in STOPWORDS or w == form:
                continue
            content: list[str] = []
            for w2, _, b in toks[i : i + 3 * len(form)]:
                if w2.lower() in STOPWORDS and content:
                    continue
                if not w2[0].isupper() or w2 == form:
                    break
                content.append(w2)
                if _initials(content) == form and (best is None or b - a > best[1] - best[0]):
                    best = (a, b)
    return best


def _within(initials: str, acronym: str) -> bool:
    """Initials, in order, make up all of the acronym but at most one letter ("NU" in "ONU")."""
    if len(initials) < 2 or len(initials) < len(acronym) - 1:
        return False
    it = iter(acronym)
    return all(c in it for c in initials)


# Before a hyphen these change what the rest means: a "non-profit" makes none, an "ex-president" is not one.
_PREFIXES = frozenset(
    "non anti ex pro pre post self semi co vice quasi pseudo counter over under sous contre demi mi auto".split()
)


def _parts(word: str) -> list[str]:
    """The parts of a hyphenated compound that name what it is ("director-general" -> director,
    general), none after a prefix that changes the meaning ("non-profit") and no false friend
    (« pays-bas » does not speak of paying)."""
    parts = word.split("-")
    if len(parts) < 2 or parts[0] in _PREFIXES:
        return []
    return [p for p in parts if len(p) >= 3 and p not in STOPWORDS and p not in FALSE_FRIENDS and not p.isdigit()]


def _similar(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= 0.85


class TermMatcher:
    """Does a query term occur in a sentence, possibly in the other language?

    Same stem (either language) or shared prefix first; then a small EN/FR news glossary;
    then e5 word similarity, a noisy translator kept to a high threshold.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def match(self, terms: Sequence[str], text: str, *, cross_lingual: bool = True) -> tuple[dict[str, str], list[str]]:
        """Matched term -> the word it matched, and the terms left unmatched.

        e5 word similarity is only tried across languages (``cross_lingual``): within one
        language stems and the glossary decide, and embedding every word would be slow."""
        words = list(dict.fromkeys(content_words(text)))
        order = {w: i for i, w in enumerate(words)}
        by_stem: dict[str, str] = {}
        for w in words:
            for st in word_stems(w):
                by_stem.setdefault(st, w)
        for w in words:  # a compound's parts, after whole words: a "director-general" is a director
            for part in _parts(w):
                for st in word_stems(part):
                    by_stem.setdefault(st, w)
        # across languages a false friend never matches by its spelling (« pays » is "country")
        spelt = [w for w in words if not (cross_lingual and w in FALSE_FRIENDS)]
        by_spelling = {st: w for st, w in by_stem.items() if w in spelt} if len(spelt) < len(words) else by_stem
        gloss, listed = glossary()
        tokens = _acronym_forms()
        matched: dict[str, str] = {}
        unresolved: list[str] = []
        for t in terms:
            spelled = {by_spelling[st] for st in word_stems(t) if st in by_spelling}
            hit = None if cross_lingual and t in FALSE_FRIENDS or not spelled else min(spelled, key=order.__getitem__)
            if hit is None and len(t) >= 5:  # spelling variants: licenses / licences
                hit = next((w for w in spelt if w[:4] == t[:4] and _similar(w, t)), None)
            if hit is None:
                stems = word_stems(t)
                group = set().union(*(gloss.get(st, frozenset()) for st in stems))
                named = set().union(*(listed.get(st, frozenset()) for st in stems))
                # a false friend only where the glossary lists it ("country" -> « pays », not "pay");
                # of several words of the group, the first in the text (never a set's order: the
                # matched word is what the reader reads, ``anchored``)
                found = {f for st in group if (f := by_stem.get(st)) and (f in spelt or f in named)}
                hit = min(found, key=order.__getitem__) if found else None
            if hit is None and t in tokens:  # "oms" in "the World Health Organization"
                hit = next((a for a in tokens[t] if abbreviates(a, text)), None)
            if hit is None:
                unresolved.append(t)
            else:
                matched[t] = hit
        alpha = [w for w in words if not w.isdigit()]
        candidates = [t for t in unresolved if not t.isdigit()]
        missing = [t for t in unresolved if t.isdigit()]
        if candidates and alpha and cross_lingual:
            import numpy as np

            tvecs = np.asarray(self.embedder.embed_queries(candidates), dtype=np.float64)
            wvecs = np.asarray(self.embedder.embed_queries(alpha), dtype=np.float64)
            sims = tvecs @ wvecs.T  # unit vectors: cosines, [terms, words]
            for t, row in zip(candidates, sims, strict=True):
                best = int(row.argmax())  # the first of equal bests, as before
                if row[best] >= WORD_SIM:
                    matched[t] = alpha[best]
                else:
                    missing.append(t)
        else:
            missing.extend(candidates)
        return matched, missing


class EvidenceRanker:
    """Rank the sentences of retrieved chunks for a query."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.matcher = TermMatcher(embedder)

    def rank(
        self,
        query: str,
        sentences: Sequence[Sentence],
        *,
        terms: Sequence[str] | None = None,
        known: Mapping[str, Sequence[float]] | None = None,
    ) -> list[Evidence]:
        """Sentences best first. Coverage weighs each query term by how rare it is among the
        candidates (a name found everywhere says little), and a term found only in the previous
        sentence (context) counts half. ``known`` holds passage vectors already computed (a
        one-sentence chunk's vector from the index), so they are not embedded again."""
        if not sentences:
            return []
        terms = list(terms) if terms is not None else query_terms(query)
        qvec = self.embedder.embed_queries([query])[0]
        known = known or {}
        todo = list(dict.fromkeys(s.text for s in sentences if s.text not in known))
        fresh = dict(zip(todo, self.embedder.embed_passages(todo), strict=True)) if todo else {}
        svecs = [known.get(s.text) or fresh[s.text] for s in sentences]
        qlang = detect_lang(query)
        own = [
            self.matcher.match(terms, s.text, cross_lingual=s.lang != qlang) if terms else ({}, []) for s in sentences
        ]
        ctx = [
            self.matcher.match([t for t in terms if t not in o[0]], s.context, cross_lingual=s.lang != qlang)
            if terms and s.context
            else ({}, [])
            for s, o in zip(sentences, own, strict=True)
        ]
        # a name the query gives that a sentence leaves to a pronoun ("Its shares fell") is in its
        # document's headline: found there, it counts as context does
        names = set(content_words(" ".join(_CAPITALISED.findall(query)))) & set(terms)
        heads: dict[str, dict[str, str]] = {}
        for s, o, c in zip(sentences, own, ctx, strict=True):
            left = [t for t in names if t not in o[0] and t not in c[0]]
            if left and s.title:
                if s.title not in heads:
                    heads[s.title] = self.matcher.match(sorted(names), s.title, cross_lingual=False)[0]
                c[0].update({t: w for t, w in heads[s.title].items() if t in left})
        n = len(sentences)
        df = {t: sum(t in o[0] for o in own) for t in terms}
        weight = {t: math.log(1 + n / (1 + df[t])) for t in terms}
        total = sum(weight.values()) or 1.0
        out: list[Evidence] = []
        for s, v, (m_own, _), (m_ctx, _) in zip(sentences, svecs, own, ctx, strict=True):
            dense = cosine(qvec, v)
            matched = {**m_ctx, **m_own}
            coverage = (sum(weight[t] for t in m_own) + 0.5 * sum(weight[t] for t in m_ctx if t not in m_own)) / total
            missing = [t for t in terms if t not in matched]
            score = dense + 0.1 * coverage - 0.002 * s.chunk_rank
            out.append(Evidence(s, score, dense, coverage if terms else 0.0, matched, missing))
        out.sort(key=lambda e: -e.score)
        return out


def names_of(title: str, text: str) -> list[str]:
    """The names of a sentence and of its title (where a title's first word is often one)."""
    found = entities(text) + entities(f"x {title}")
    return [n for n in found if len(n) > 1 and content_words(n)]


def same_subject(a_title: str, a_text: str, b_title: str, b_text: str) -> bool:
    """Are two sources' sentences about the same party? They must share a name between their
    titles and sentences (the same name, an abbreviation of it, or one of its longer words in a
    name of the other), where both name any: the price of a TGV is no earlier value of a city's
    bus budget, and « SNCF Voyageurs » is no name of a network's « voyageurs ». Where either
    names nothing the figures are compared as before."""
    a_names, b_names = names_of(a_title, a_text), names_of(b_title, b_text)
    if not a_names or not b_names:
        return True

    def words(names: list[str]) -> set[str]:  # "L'ICE" -> ice, "Selon Christophe Fanichet" -> christophe, fanichet
        return {w for n in names for w in content_words(n) if len(w) >= 3 and w not in QUESTION_WORDS}

    def named_in(names: list[str], others: list[str], around: str) -> bool:
        return bool(words(names) & words(others)) or any(abbreviates(n, around) for n in names)

    return named_in(a_names, b_names, f"{b_title} {b_text}") or named_in(b_names, a_names, f"{a_title} {a_text}")


def about_same(a: Evidence, b: Evidence) -> bool:
    """``same_subject`` for two evidence sentences."""
    return same_subject(a.sentence.title, a.sentence.text, b.sentence.title, b.sentence.text)
