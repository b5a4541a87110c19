"""Answers read by our trained model: retrieval proposes passages, the reader picks the answering
span, the sentence around it is the citation (verbatim, with offsets).

Decision: the reader answers when its answerability probability for the best passage reaches the
threshold calibrated on validation data (``bot/weights/answers/config.json``, see the model card).
Below it, in ``hybrid`` mode (the default), the rules of ``ExtractiveAnswerer`` may still answer
a typed fact (an amount, a count, a date, a name) in a sentence covering most of the question,
and an untyped question only from a sentence covering all of it, never from a sentence that
lacks a figure or a name the question asks about; otherwise the answer is an abstention.
Measured (README): on news questions in other words the two are complementary; on SQuAD 2.0
held-out articles the rules' fallback costs F1 (its strict form less). ``BOT_ANSWERER=reader``
turns the rules off. Nothing abstains because a question word is absent from a passage."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..evidence import AMOUNT_WORDS, Evidence, Sentence
from ..glossary import translation_in
from ..models import Answer
from ..numbers import MONTH_NAMES, Quantity, format_amount, quantities
from ..text import INVERSION, WRITTEN, detect_lang, stem, strip_accents
from .rules import MONEY_ASKED, ExtractiveAnswerer, compose, exact_answer, figure_given, question_kind, repeats_question

if TYPE_CHECKING:
    from ..neural.reader import Reader, Reading


@dataclass
class Passage:
    text: str
    parts: list[tuple[int, Sentence]]  # (offset in text, sentence)
    # question term -> the word the term matcher paired it with in the chunk's sentences (same
    # stem, glossary, e5 word similarity)
    matched: dict[str, str] = field(default_factory=dict)


def passages_from(evidence: Sequence[Evidence]) -> list[Passage]:
    """Rebuild each retrieved chunk from its sentences, in retrieval order."""
    by_chunk: dict[tuple[int, str], list[Sentence]] = {}
    matched: dict[tuple[int, str], dict[str, str]] = {}
    for e in evidence:
        key = (e.sentence.chunk_rank, e.sentence.doc_id)
        by_chunk.setdefault(key, []).append(e.sentence)
        matched.setdefault(key, {}).update(e.matched)
    out: list[Passage] = []
    for key in sorted(by_chunk):
        sents = sorted({(s.start, s.end): s for s in by_chunk[key]}.values(), key=lambda s: s.start)
        text, parts = "", []
        for s in sents:
            if text:
                text += " "
            parts.append((len(text), s))
            text += s.text
        out.append(Passage(text, parts, matched[key]))
    return out


_LETTERS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def anchored(question: str, passage: Passage) -> str:
    """The question with each word the term matcher paired across languages written as the
    passage writes it ("How many extra drivers does the union want?" on « Le syndicat des
    conducteurs a réclamé … » -> "How many extra conducteurs does the syndicat want?").

    The reader learnt one language at a time and leans on the words a question shares with its
    passage: on that passage the English question scores 0.006, the anchored one 0.98 (the French
    question 0.98). Only words the matcher paired are replaced, each by a word of the passage; the
    rest of the question stays as asked, so what the passage lacks still shows."""
    matched = passage.matched
    surface: dict[str, str] = {}
    for m in _LETTERS.finditer(passage.text):
        surface.setdefault(strip_accents(m.group().lower()), m.group())
    # the words that ask for an amount ("cost", « coûter ») are no term of the question, so the
    # matcher left them: the glossary writes them as the passage does too (« Combien ce rappel
    # va-t-il coûter ? » on "… expects the recall to cost $35 million": 0.008 -> 0.77)
    plang = passage.parts[0][1].lang if passage.parts else ""
    qlang = "en" if plang == "fr" else "fr"
    by_stem: dict[str, str] = {}
    for key, written in surface.items():
        by_stem.setdefault(stem(key, plang), written)

    def glossed(word: str) -> str | None:
        key = strip_accents(word.lower())
        if key not in AMOUNT_WORDS or plang not in ("en", "fr"):
            return None
        return translation_in(key, qlang, by_stem, plang)

    def swap(m: re.Match[str]) -> str:
        word, clitic = m.group(), ""
        hit = matched.get(strip_accents(word.lower()))
        inverted = None if hit else INVERSION.search(word.lower())
        if inverted and inverted.end() == len(word):  # « prête-t-elle » is « prête » asked: the matcher paired that
            word, clitic = word[: inverted.start()], word[inverted.start() :]
            hit = matched.get(strip_accents(word.lower()))
        if not hit:
            return glossed(word) or m.group()
        written = surface.get(hit) or surface.get(WRITTEN.get(hit, ""))
        # the clitic goes with a French word, not with the other language's ("loan-t-elle")
        return written if written else word + clitic

    return _LETTERS.sub(swap, question)


def locate(p: Passage, start: int, end: int) -> tuple[Sentence, int, int] | None:
    """The sentence holding a passage span, and the span relative to that sentence (clipped).
    Spaces around the span are dropped first: a span may begin with the space that joins two
    sentences, and belongs to the second."""
    while start < end and p.text[start].isspace():
        start += 1
    while end > start and p.text[end - 1].isspace():
        end -= 1
    for off, s in reversed(p.parts):
        if start >= off:
            a = start - off
            if a >= len(s.text):
                return None
            return s, *whole_words(s.text, a, min(end - off, len(s.text)))
    return None


# a question that asks for a date itself: its first words, or « … quand ? » at its end
_ASKS_DATE = re.compile(
    r"^\W*(?:when|(?:in|on|since)?\s*(?:what|which)\s+(?:year|date|day|month)|quand|depuis\s+quand|de\s+quand"
    r"|(?:en|à|a|depuis)?\s*quel(?:le)?\s+(?:ann[ée]e|date|jour|mois))\b|\bquand\s*\?*\s*$",
    re.I,
)
_TIME_KINDS = {"year", "day", "duration"}


def gives_figures(asked: Sequence[Quantity], p: Passage, dates: Mapping[str, str]) -> bool:
    """Does the passage (its text, its title, its document's date for a year) give every figure
    the question names?"""
    s = p.parts[0][1] if p.parts else None
    text = f"{s.title if s else ''} {p.text}"
    have = quantities(text)
    date = dates.get(s.doc_id, "") if s else ""
    return all(
        figure_given(q, have, date) or re.search(rf"(?<![\d.,]){re.escape(q.text)}(?!\d)", text) is not None  # "by mid-1994"
        for q in asked
    )


def fits_kind(kind: str, question: str, span: str) -> bool:
    """Can this span answer a question of this kind? Only figures are checked: "how many" is not
    answered by a sum of money (unless money is what is counted: "How many dollars …"), "how
    much" not by a date or a length of time ("How much will free transport cost?" -> « 25 ans »,
    an age in the headline). A span without a figure passes: the reader may quote a number in
    words."""
    found = quantities(span)
    if not found:
        return True
    if kind == "count":
        return not all(q.kind == "money" for q in found) or bool(MONEY_ASKED.search(question))
    if kind == "amount":
        return not all(q.kind in _TIME_KINDS for q in found)
    return True


# What an amount is of, where no other sum stands for it: a company's revenue is not a payment
# it makes, a salary not a fine. A question naming one is answered only from a sentence naming it.
_MEASURES = [
    re.compile(p, re.I)
    for p in (
        r"\b(?:revenues?|turnover|sales|chiffres? d.affaires|ventes|recettes)\b",
        r"\b(?:profits?|earnings|net income|b[ée]n[ée]fices?|r[ée]sultat net)\b",
        r"\b(?:loss|losses|pertes?|d[ée]ficits?)\b",
        r"\b(?:salar(?:y|ies)|wages?|salaires?|r[ée]mun[ée]rations?)\b",
        r"\b(?:debts?|dettes?|endettement)\b",
        r"\b(?:market (?:value|capitali[sz]ation)|capitalisation boursi[èe]re|valuation|valoris[ée]e?)\b",
    )
]


def names_the_measure(kind: str, question: str, sentence: str) -> bool:
    """False when an amount question names what the amount is of ("How much revenue does Colivo
    make?") and the sentence does not (« La société devra leur verser 3,1 millions d'euros … »)."""
    if kind != "amount":
        return True
    return all(m.search(sentence) for m in _MEASURES if m.search(question))


def whole_words(text: str, a: int, b: int) -> tuple[int, int]:
    """A span widened to whole words: the reader's tokens may end inside one ("Hund" for
    "Hundreds", "qualifié" for "qualifiée"), and a capitalised name goes on across a hyphen
    ("Hoan Ton" -> "Hoan Ton-That")."""
    if a >= b:
        return a, b
    while a > 0 and text[a - 1].isalnum() and text[a].isalnum():
        a -= 1
    while b < len(text):
        if text[b].isalnum() and text[b - 1].isalnum():
            b += 1
        elif text[b] == "-" and b + 1 < len(text) and text[b + 1].isupper() and text[b - 1].isalpha() and text[a].isupper():
            b += 2
        else:
            break
    return a, b


def typed_span(kind: str, text: str, a: int, b: int) -> tuple[int, int]:
    """An amount question's span widened to the whole money figure it cuts into, so that the
    currency is part of the answer ("1.5 million" in "pays $1.5 million" -> "$1.5 million"); any
    other question's span too where it is a piece of a money figure ("How big is the loan?") or
    of a percentage ("20" in "20 %")."""
    if any(q.kind == "money" for q in quantities(text[a:b])):
        return a, b
    for q in quantities(text):
        if q.start < b and a < q.end and (
            q.kind == "money" and (kind == "amount" or q.start <= a and b <= q.end)
            or q.kind == "percent" and q.start <= a and b <= q.end
        ):
            return min(a, q.start), max(b, q.end)
    return a, b


def dated_span(kind: str, question: str, text: str, a: int, b: int) -> tuple[int, int]:
    """A "when" question's span that gives no date, in a sentence that does: the date nearest to
    it ("When was the company fined for undeclared work?" read as « l'Urssaf » in « Elle avait
    déjà été condamnée en 2021 à une amende … par l'Urssaf » -> « 2021 »). The reader finds the
    sentence and leans to a name it shares words with; the question's kind is exact. Only where
    the question asks for the date itself: "Who was the chief executive when the service began?"
    asks for a name."""
    if kind != "date" or any(ch.isdigit() for ch in text[a:b]) or not _ASKS_DATE.search(question):
        return a, b
    dates = [q for q in quantities(text) if q.kind in ("year", "day")]
    if not dates:
        return a, b
    near = min(dates, key=lambda q: min(abs(q.start - b), abs(a - q.end)))
    start, end = near.start, near.end
    for q in dates:  # "12 March" and "2019" are one date; so are "June" and "2023"
        if 0 <= q.start - end <= 1:
            end = q.end
        elif 0 <= start - q.end <= 1:
            start = q.start
    month = re.search(r"(?:\b[^\W\d_]+\s+)$", text[:start]) if near.kind == "year" else None
    if month and month.group().strip().lower() in MONTH_NAMES:
        start = month.start()
    return start, end


def short_answer(kind: str, span: str, lang: str) -> str:
    span = span.strip(" ,;:.«»\"“”()")
    if kind == "amount":
        money = [q for q in quantities(span) if q.kind == "money"]
        if money:
            return format_amount(money[0], lang)
    return span


class ReaderAnswerer:
    """The trained reader; with ``fallback`` the rules answer below its threshold (``hybrid``)."""

    name = "reader"

    def __init__(
        self, reader: Reader | None = None, *, fallback: bool = False, threshold: float | None = None, passages: int = 3,
        cross_lingual: bool = True, threshold_across: float | None = None,
    ) -> None:
        self._reader = reader
        self.cross_lingual = cross_lingual  # read other-language passages with the question ``anchored``
        self.rules = ExtractiveAnswerer(untyped_coverage_min=1.0, quote_which=False) if fallback else None
        self._threshold = threshold
        self._threshold_across = threshold_across
        self.passages = passages  # the first retrieved chunks read (BOT_READ_K)

    @property
    def reader(self) -> Reader:
        if self._reader is None:
            from ..neural.reader import shared_reader

            self._reader = shared_reader()
        return self._reader

    @property
    def threshold(self) -> float:
        return self._threshold if self._threshold is not None else self.reader.threshold

    @property
    def threshold_across(self) -> float:
        """The threshold for a passage in the other language than the question: the reader's
        probabilities are lower there for answers it has found (0.16, calibrated on validation
        questions put into the other language: ``evals/calibrate_across.py``). A threshold given
        alone sets both."""
        if self._threshold_across is not None:
            return self._threshold_across
        return self._threshold if self._threshold is not None else self.reader.threshold_across

    def bar(self, reading: Reading, passages: Sequence[Passage], lang: str) -> float:
        """The threshold ``reading`` must reach: the other-language one where its passage is not
        in the question's language ``lang``."""
        return self.threshold_across if self.across(reading, passages, lang) else self.threshold

    @staticmethod
    def across(reading: Reading, passages: Sequence[Passage], lang: str) -> bool:
        """Is ``reading`` of a passage in the other language than the question (``lang``)?"""
        p = passages[reading.passage] if 0 <= reading.passage < len(passages) else None
        plang = p.parts[0][1].lang if p is not None and p.parts else ""
        return bool(plang) and bool(lang) and plang != lang

    def best(
        self, question: str, evidence: Sequence[Evidence], dates: Mapping[str, str] | None = None
    ) -> tuple[Reading | None, tuple[Sentence, int, int] | None, list[Reading]]:
        """The best-scoring passage's reading (of the first ``passages`` chunks retrieved), the
        sentence holding its span (with the span relative to it), and every reading.

        For a who / which question a passage whose span only names a party the question names
        ("Which agency did ICE work with?" -> "Immigration and Customs Enforcement") is passed
        over, as the rules pass over such names: the next passage, else the rules, may answer; so
        is a span of the wrong kind of figure (``fits_kind``), or a sum in a sentence that does not
        name what the question asks the amount of (``names_the_measure``: revenue, profit …), or a
        passage that does not give a figure the question names (``gives_figures``: "How many
        passengers did the SNCF carry in 2023?" is not answered by a chunk about the new trains)."""
        passages = passages_from(evidence)[: self.passages]
        readings = self._read(question, passages)
        kind = question_kind(question)
        asked = quantities(question)
        valid: list[tuple[Reading, tuple[Sentence, int, int] | None]] = []
        for r in sorted(readings, key=lambda r: r.prob, reverse=True):
            if asked and not gives_figures(asked, passages[r.passage], dates or {}):
                continue
            hit = locate(passages[r.passage], r.start, r.end) if r.start >= 0 else None
            if kind == "who" and hit is not None and repeats_question(question, hit[0].text[hit[1] : hit[2]]):
                continue
            if hit is not None and not fits_kind(kind, question, hit[0].text[hit[1] : hit[2]]):
                continue
            if hit is not None and not names_the_measure(kind, question, hit[0].text):
                continue
            valid.append((r, hit))
        if not valid:
            return None, None, readings
        return (*self.about_the_question(valid, passages, detect_lang(question)), readings)

    def about_the_question(
        self, valid: Sequence[tuple[Reading, tuple[Sentence, int, int] | None]], passages: Sequence[Passage], lang: str = ""
    ) -> tuple[Reading, tuple[Sentence, int, int] | None]:
        """Of the readings that answer (best first), the best unless a passage of another article
        that answers too holds more of the question's terms ("Who runs the hospital?": « la
        directrice de l'établissement, Claire Moreau » of the hospital article, 0.986, over "a
        plant … run by the contractor Sunrise Labs" of a drug recall, 0.994): the reader's
        probabilities near 1 do not tell articles apart, the question's words do. Within one
        article the reader decides (on SQuAD paragraphs of one article, preferring the passage with
        more of the question's words lost F1)."""
        passing = [v for v in valid if v[0].prob >= self.bar(v[0], passages, lang)]
        if not passing:
            return valid[0]
        first = passing[0]  # the most probable reading that reaches its threshold

        def title(r: Reading) -> str:
            p = passages[r.passage]
            return p.parts[0][1].title if p.parts else ""

        others = [v for v in passing[1:] if title(v[0]) != title(first[0])]

        def held(r: Reading) -> tuple[int, bool]:
            # the question's terms the passage holds, then whether it is read as asked: an
            # anchored reading shares the passage's words and is over-confident ("How many jobs
            # will be lost?": 0.906 on « 1 000 personnes » read as "How many emploie …", 0.730
            # on "About 300 jobs … will not be created")
            p = passages[r.passage]
            return len(p.matched), bool(p.parts) and p.parts[0][1].lang == lang

        better = [v for v in others if held(v[0]) > held(first[0])]
        return max(better, key=lambda v: (held(v[0]), v[0].prob)) if better else first

    def _read(self, question: str, passages: Sequence[Passage]) -> list[Reading]:
        """One reading per passage; a passage in the other language than the question is read
        with the question ``anchored`` in its words (``cross_lingual``)."""
        if not passages:
            return []
        asked = [question] * len(passages)
        if self.cross_lingual:
            lang = detect_lang(question)
            for i, p in enumerate(passages):
                s = p.parts[0][1]
                if s.lang and s.lang != lang:
                    asked[i] = anchored(question, p)
        if len(set(asked)) == 1:
            return self.reader.read(asked[0], [p.text for p in passages])
        return self.reader.read(question, [p.text for p in passages], questions=asked)

    def answering(self, question: str, texts: Sequence[str]) -> list[bool]:
        """Which of these texts answer the question (the reader's probability at its threshold)."""
        return [r.prob >= self.threshold for r in self.reader.read(question, list(texts))] if texts else []

    def answer(self, question: str, evidence: Sequence[Evidence], *, lang: str, dates: dict[str, str]) -> Answer:
        spelled = exact_answer(question, evidence, lang=lang, dates=dates)  # exact: before the model
        if spelled is not None:
            return spelled
        kind = question_kind(question)
        best, hit, _ = self.best(question, evidence, dates)
        passages = passages_from(evidence)[: self.passages]
        if best is not None and hit is not None and best.prob >= self.bar(best, passages, detect_lang(question)):
            s, a, b = hit
            cite = s.citation(dates.get(s.doc_id, ""))
            a, b = dated_span(kind, question, s.text, *typed_span(kind, s.text, a, b))
            direct = short_answer(kind, s.text[a:b], lang)
            return Answer(
                question=question,
                answer=compose(direct, [cite], lang),
                abstained=False,
                citations=[cite],
                lang=lang,
                kind=kind,
                short=direct,
                score=round(best.prob, 4),
                method="reader",
            )
        score = round(best.prob, 4) if best is not None else 0.0
        if self.rules is not None:
            fallback = self.rules.answer(question, evidence, lang=lang, dates=dates)
            if not fallback.abstained:
                fallback.score = score
                return fallback
        return abstain(question, lang=lang, kind=kind, score=score)


def abstain(question: str, *, lang: str, kind: str, score: float) -> Answer:
    text = "Les sources ne le disent pas." if lang == "fr" else "The sources don't say."
    return Answer(question=question, answer=text, abstained=True, lang=lang, kind=kind, score=score, method="abstain")
