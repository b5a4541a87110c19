"""Evidence: retrieved chunks -> sentences with document offsets, ranked for a question or claim.

A sentence is scored by its e5 similarity to the query plus how many of the query's content
terms it (or the sentence before it, for context such as the subject) covers. Terms match by
Snowball stem in either language, by equal number, or across languages by e5 word similarity
("paying" ~ "paie", "agreement" ~ "accord"), since no bilingual dictionary ships offline.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .embed import cosine
from .models import Citation, ScoredChunk
from .text import content_words, sentence_spans, stem

if TYPE_CHECKING:
    from .embed import Embedder

# Words that shape a question but are not evidence of topic ("how much did X say").
QUESTION_WORDS = set(
    """how much many what which who whom whose when where why does did do is are was were say said says
    tell told claim claimed state stated statement according happened happen kind sort thing things
    combien quel quelle quels quelles qui quoi quand pourquoi comment dit declare declaree declares
    affirme affirmee indique selon explique exactement vrai faux genre chose choses""".split()
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
        return Citation(doc_id=self.doc_id, title=self.title, quote=self.text, start=self.start, end=self.end,
                        lang=self.lang, date=date)


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
            out.append(Sentence(
                doc_id=c.doc_id, title=c.title, lang=c.lang, text=c.text[a:b], start=c.start + a,
                end=c.start + b, context=prev, chunk_rank=rank,
                next_text=c.text[nxt[0] : nxt[1]] if nxt else "", next_start=c.start + nxt[0] if nxt else -1,
            ))
    return out


# Numbers are compared as values (bot.numbers), not as words.
NUMBER_WORDS = set(
    """un une deux trois quatre cinq six sept huit neuf dix onze douze vingt trente cent cents mille million
    millions milliard milliards one two three four five six seven eight nine ten eleven twelve twenty thirty
    hundred thousand billion billions dollar dollars euro euros usd eur""".split()
)


def query_terms(query: str) -> list[str]:
    return list(dict.fromkeys(
        w for w in content_words(query) if w not in QUESTION_WORDS and w not in NUMBER_WORDS and not w.isdigit()
    ))


def entities(text: str) -> list[str]:
    """Capitalised names and acronyms, without a capitalised sentence opener of one word."""
    found: list[str] = []
    for m in _ENTITY.finditer(text):
        name = m.group(0)
        at_start = m.start() == 0 or text[: m.start()].rstrip()[-1:] in ".!?«\"“"
        if at_start and " " not in name and not name.isupper():
            continue
        found.append(name)
    return found


@lru_cache(maxsize=1)
def _glossary() -> dict[str, frozenset[str]]:
    """stem -> every stem of its glossary group (both languages)."""
    from importlib.resources import files

    groups: dict[str, frozenset[str]] = {}
    for line in files("bot").joinpath("data/glossary_en_fr.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        group = frozenset(s for w in content_words(line.replace("\t", ",").replace(",", " ")) for s in _stems(w))
        for st in group:
            groups[st] = groups.get(st, frozenset()) | group
    return groups


def _stems(word: str) -> set[str]:
    return {stem(word, "fr"), stem(word, "en"), word}


class TermMatcher:
    """Does a query term occur in a sentence, possibly in the other language?

    Same stem (either language) or shared prefix first; then a small EN/FR news glossary;
    then e5 word similarity, a noisy translator kept to a high threshold.
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def match(self, terms: Sequence[str], text: str) -> tuple[dict[str, str], list[str]]:
        words = list(dict.fromkeys(content_words(text)))
        by_stem: dict[str, str] = {}
        for w in words:
            for st in _stems(w):
                by_stem.setdefault(st, w)
        gloss = _glossary()
        matched: dict[str, str] = {}
        unresolved: list[str] = []
        for t in terms:
            hit = next((by_stem[st] for st in _stems(t) if st in by_stem), None)
            if hit is None and len(t) >= 5:
                hit = next((w for w in words if len(w) >= 5 and w[:5] == t[:5]), None)
            if hit is None:
                group = set().union(*(gloss.get(st, frozenset()) for st in _stems(t)))
                hit = next((by_stem[st] for st in group if st in by_stem), None)
            if hit is None:
                unresolved.append(t)
            else:
                matched[t] = hit
        missing: list[str] = []
        alpha = [w for w in words if not w.isdigit()]
        candidates = [t for t in unresolved if not t.isdigit()]
        missing = [t for t in unresolved if t.isdigit()]
        if candidates and alpha:
            tvecs = self.embedder.embed_queries(candidates)
            wvecs = self.embedder.embed_queries(alpha)
            for t, tv in zip(candidates, tvecs, strict=True):
                sims = [cosine(tv, wv) for wv in wvecs]
                best = max(range(len(sims)), key=sims.__getitem__)
                if sims[best] >= WORD_SIM:
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

    def rank(self, query: str, sentences: Sequence[Sentence], *, terms: Sequence[str] | None = None) -> list[Evidence]:
        if not sentences:
            return []
        terms = list(terms) if terms is not None else query_terms(query)
        qvec = self.embedder.embed_queries([query])[0]
        svecs = self.embedder.embed_passages([s.text for s in sentences])
        out: list[Evidence] = []
        for s, v in zip(sentences, svecs, strict=True):
            dense = cosine(qvec, v)
            if terms:
                matched, missing = self.matcher.match(terms, f"{s.context} {s.text}")
                own, _ = self.matcher.match(list(matched), s.text) if matched else ({}, [])
                coverage = len(matched) / len(terms)
                own_cov = len(own) / len(terms)
            else:
                matched, missing, coverage, own_cov = {}, [], 0.0, 0.0
            score = dense + 0.06 * coverage + 0.04 * own_cov - 0.002 * s.chunk_rank
            out.append(Evidence(s, score, dense, coverage, matched, missing))
        out.sort(key=lambda e: -e.score)
        return out
