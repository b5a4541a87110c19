"""Verdicts and answers that know when their sources were published.

- A claim about a time (stated, or ``as_of``) is judged on the sources published by then; later
  ones are listed as later.
- When sources of different dates give different values for the same figure, the latest wins:
  a claim with an older value is "true as of <its date>, superseded"; an answer gives the latest
  value with its date and mentions the earlier one.
- When sources of the same period disagree, the verdict is ``conflicting`` with the quotes for and
  against side by side, the better-rated outlet first."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..evidence import Evidence, about_same, same_subject
from ..judge import Judge, check_claim
from ..judge.base import quote, t
from ..judge.rules import TOPIC_MIN, RuleJudge
from ..models import Answer, Citation, Verdict
from ..numbers import Quantity, quantities_with_words
from .dates import Period, leading_time, parse_period, periods_in, split_time


@dataclass(frozen=True)
class DocInfo:
    date: str = ""
    outlet: str = ""
    reliability: int | None = None

    @property
    def period(self) -> Period | None:
        return parse_period(self.date)


Docs = Mapping[str, DocInfo]


def cite(e: Evidence, docs: Docs) -> Citation:
    c = e.sentence.citation()
    annotate([c], docs)
    return c


def annotate(cites: Sequence[Citation], docs: Docs) -> None:
    """Date, outlet, rating and the periods the quote names, on citations."""
    for c in cites:
        info = docs.get(c.doc_id, DocInfo())
        c.date = c.date or info.date
        c.outlet, c.reliability = info.outlet, info.reliability
        c.periods = [str(p) for p in periods_in(c.quote, info.period)]


def several_dates(docs: Docs) -> bool:
    """Sources of more than one date: a figure may have changed between them."""
    return len({d.date for d in docs.values()}) > 1


def _when(e: Evidence, docs: Docs) -> Period | None:
    return docs.get(e.sentence.doc_id, DocInfo()).period


def check_in_time(
    judge: Judge,
    rules: RuleJudge,
    claim: str,
    evidence_for: Callable[[str], Sequence[Evidence]],
    *,
    lang: str,
    docs: Docs,
    as_of: Period | None = None,
    wide: Callable[[str], Sequence[Evidence]] | None = None,
) -> Verdict:
    """The verdict for ``claim`` at its stated time, else at ``as_of``, else today. ``wide`` is a
    broader retrieval used to find the same figure at other dates (default: ``evidence_for``)."""
    stated, body = split_time(claim)
    when = stated or as_of
    later: dict[tuple[str, int], Evidence] = {}
    elsewhen: list[Evidence] = []  # retrieved, but of another time than the one the claim states

    def usable(e: Evidence) -> bool:
        """A claim about a stated period needs a source of that period (or a sentence naming it);
        "as of" a date takes every source published by then."""
        p = _when(e, docs)
        if when is None or p is None:
            return True
        if stated is None:
            return p.start <= when.end
        return p.overlaps(when) or any(q.overlaps(when) for q in periods_in(e.sentence.text, p))

    read: dict[tuple[str, int], Evidence] = {}

    def valid_for(part: str) -> list[Evidence]:
        out = []
        for e in evidence_for(part):
            if usable(e):
                out.append(e)
                read[(e.sentence.doc_id, e.sentence.start)] = e
            elif when is not None and (p := _when(e, docs)) is not None and p.start > when.end:
                later[(e.sentence.doc_id, e.sentence.start)] = e
            else:
                elsewhen.append(e)
        return out

    dates = {k: v.date for k, v in docs.items()}
    verdict = check_claim(judge, body, valid_for, lang=lang, dates=dates)
    verdict.claim = claim
    if stated is not None and verdict.verdict == "supported":
        quoted = [read[k] for c in verdict.evidence if (k := (c.doc_id, c.start)) in read]
        _another_year(rules, claim, quoted, verdict, lang=lang, docs=docs)
    if stated is not None and verdict.verdict == "not_enough_info" and (elsewhen or later) and not verdict.evidence and not leading_time(claim):
        # "… will be finished in 2030.": a year at the end may be when the thing happens, which a
        # source of another time gives otherwise (« … d'ici 2025 »)
        on_topic = [e for e in [*elsewhen, *later.values()] if e.coverage >= TOPIC_MIN]
        _another_year(rules, claim, on_topic, verdict, lang=lang, docs=docs)
    if stated is not None and verdict.verdict == "not_enough_info" and (elsewhen or later) and not verdict.evidence and not any(
        e.coverage >= TOPIC_MIN for e in read.values()
    ):
        # sources were found, none of the claim's time on its topic: say so rather than "no source
        # passage found" (where one is, the judge's reason stands)
        verdict.rationale = t(
            lang,
            f"no source is from or about {stated.human('en')}" + ("; later sources are listed" if later else ""),
            f"aucune source ne date de {stated.human('fr')} ni n'en parle" + ("; les sources postérieures sont listées" if later else ""),
        )
    annotate(verdict.evidence, docs)
    verdict.later = [cite(e, docs) for e in later.values()]
    verdict.as_of = str(when) if when else ""
    if wide is None:  # sources of one date only: nothing changes over time
        return verdict
    current = [e for e in wide(body) if usable(e)]
    return _figures_in_time(rules, body, current, verdict, lang=lang, docs=docs)


def _another_year(rules: RuleJudge, claim: str, quoted: Sequence[Evidence], verdict: Verdict, *, lang: str, docs: Docs) -> None:
    """A claim's year may be when the thing happens, not when it was said: "The new trains will
    enter service in 2024." is judged without its year, by a source of 2024, and refuted when the
    very sentence backing it (``quoted``) gives another year (« entrer en service commercial en
    2025 »); "… finished in 2030.", which no source of 2030 backs, when a sentence on its topic of
    another time does (« … d'ici 2025 »)."""
    for fig in rules.figures(claim, quoted, lang):
        if fig.claimed.kind == "year" and not fig.same and not fig.within and fig.other:
            e, f = fig.other[0]
            verdict.verdict, verdict.confidence, verdict.method = "refuted", 0.85, "rules"
            verdict.evidence = [cite(e, docs)]
            verdict.rationale = t(
                lang,
                f"the source gives {f.text}, the claim says {fig.claimed.text}: “{quote(e.sentence.text)}”",
                f"la source indique {f.text}, l'affirmation dit {fig.claimed.text} : « {quote(e.sentence.text)} »",
            )
            return


def _figures_in_time(rules: RuleJudge, claim: str, evidence: Sequence[Evidence], verdict: Verdict, *, lang: str, docs: Docs) -> Verdict:
    """Re-decide a claim's figures by date: superseded, current, or conflicting in one period."""
    on_topic = [e for e in evidence if e.coverage >= 0.5]
    for fig in rules.figures(claim, on_topic, lang):
        if not fig.same or not fig.other:
            continue
        same = sorted(fig.same, key=lambda e: _key(e, docs), reverse=True)
        pairs = {(e.sentence.doc_id, e.sentence.start): (e, f) for e, f in fig.other if about_same(e, same[0])}
        other = sorted(pairs.values(), key=lambda x: _key(x[0], docs), reverse=True)
        if not other:
            continue  # the other figures are another party's
        if {e.sentence.doc_id for e in same} == {e.sentence.doc_id for e, _ in other}:
            continue  # one document gives both figures: the rules' verdict stands
        s_when, o_when = _when(same[0], docs), _when(other[0][0], docs)
        if s_when is None or o_when is None or s_when.overlaps(o_when):
            return _conflicting(verdict, same, [e for e, _ in other], docs, lang)
        if o_when.start > s_when.end:  # a later source gives another value: superseded
            newer, value = other[0]
            verdict.verdict = "supported"
            verdict.as_of = str(s_when)
            verdict.superseded_by = [cite(newer, docs)]
            verdict.evidence = [cite(same[0], docs)]
            verdict.rationale = t(
                lang,
                f"true as of {s_when}, superseded: in {o_when} the source gives {value.text}",
                f"vrai en {s_when}, dépassé : en {o_when} la source donne {value.text}",
            )
        else:  # the claim's figure is the latest; an older source gave another
            older, value = other[0]
            verdict.verdict = "supported"
            verdict.as_of = verdict.as_of or str(s_when)
            verdict.evidence = [cite(same[0], docs)]
            verdict.later = []
            verdict.rationale = t(
                lang,
                f"the latest source ({s_when}) gives this figure; earlier ({o_when}) it was {value.text}",
                f"la source la plus récente ({s_when}) donne ce chiffre ; auparavant ({o_when}) c'était {value.text}",
            )
            verdict.superseded_by = []
        verdict.confidence = 0.85
        verdict.method = "rules"
        return verdict
    return verdict


def _conflicting(verdict: Verdict, same: list[Evidence], other: list[Evidence], docs: Docs, lang: str) -> Verdict:
    rank = lambda e: -(docs.get(e.sentence.doc_id, DocInfo()).reliability or 0)  # noqa: E731
    support = [cite(e, docs) for e in sorted(same, key=rank)[:2]]
    contradict = [cite(e, docs) for e in sorted(other, key=rank)[:2]]
    verdict.verdict = "conflicting"
    verdict.confidence = 0.6
    verdict.method = "rules"
    verdict.support, verdict.contradict = support, contradict
    verdict.evidence = support[:1] + contradict[:1]
    a, b = support[0], contradict[0]
    better = a if (a.reliability or 0) >= (b.reliability or 0) else b
    tie = (
        t(lang, f"; the better-rated source is {better.outlet} ({better.reliability}/5)", f" ; la source la mieux notée est {better.outlet} ({better.reliability}/5)")
        if better.reliability and a.reliability != b.reliability
        else ""
    )
    verdict.rationale = t(
        lang,
        f"sources of the same period disagree: {a.outlet or a.title} ({a.date}) backs the claim, {b.outlet or b.title} ({b.date}) does not",
        f"des sources de la même période divergent : {a.outlet or a.title} ({a.date}) confirme, {b.outlet or b.title} ({b.date}) non",
    ) + tie
    return verdict


def _key(e: Evidence, docs: Docs) -> tuple[date, int]:
    """Newest first when sorted in reverse (undated last), the better-rated first among equals."""
    p = _when(e, docs)
    return (p.end if p else date.min), docs.get(e.sentence.doc_id, DocInfo()).reliability or 0


def answer_in_time(
    answer: Answer,
    evidence: Sequence[Evidence],
    docs: Docs,
    *,
    lang: str,
    answers: Callable[[list[str]], list[bool]] | None = None,
) -> Answer:
    """When other sources at other dates give another value of the same kind for what was
    asked, answer with the latest and mention the earlier one (both cited).

    A sentence counts when it covers half the question's terms or when ``answers`` (the answer
    reader, reading it after the sentence before it) says it answers: a source in the other
    language than the question shares few of its words."""
    annotate(answer.citations, docs)
    if answer.abstained or not answer.citations or not answer.short:
        return answer
    wanted = [q for q in quantities_with_words(answer.short, lang) + quantities_with_words(answer.short, "en") if q.kind in ("money", "number")]
    first = answer.citations[0]
    base_when = parse_period(docs.get(first.doc_id, DocInfo()).date)
    if not wanted or base_when is None:
        return answer
    q = wanted[0]
    values: list[tuple[Period, Evidence, Quantity]] = []
    for e in evidence[:12]:
        p = _when(e, docs)
        if p is None or e.sentence.doc_id == first.doc_id or not same_subject(first.title, first.quote, e.sentence.title, e.sentence.text):
            continue
        for f in quantities_with_words(e.sentence.text, e.sentence.lang):
            if f.kind == q.kind and (q.kind != "money" or f.unit == q.unit) and not q.same(f):
                values.append((p, e, f))
                break
    values.sort(key=lambda v: v[0].end, reverse=True)

    def counts(e: Evidence) -> bool:  # the reader is asked only about the candidates it decides
        if e.coverage >= 0.5:
            return True
        return answers is not None and answers([f"{e.sentence.context} {e.sentence.text}".strip()])[0]

    chosen = next((v for v in values if counts(v[1])), None)
    if chosen is None:
        return answer
    p, e, f = chosen
    if p.start > base_when.end:  # a later source: it leads, the old value follows
        old = answer.citations[0]
        answer.answer = t(
            lang,
            f"In {p.human()} the figure was {f.text} [1]; in {base_when.human()} it was {answer.short} [2].",
            f"En {p.human('fr')}, le montant était de {f.text} [1] ; en {base_when.human('fr')}, il était de {answer.short} [2].",
        )
        answer.earlier = [old]
        answer.citations = [cite(e, docs), old]
        answer.short = f.text
        answer.as_of = str(p)
    elif p.end < base_when.start:  # ours is the latest: mention the older value
        older = cite(e, docs)
        n = len(answer.citations) + 1
        answer.answer = answer.answer.rstrip() + t(lang, f" (Earlier, in {p.human()}: {f.text} [{n}].)", f" (Auparavant, en {p.human('fr')} : {f.text} [{n}].)")
        answer.citations = [*answer.citations, older]
        answer.earlier = [older]
        answer.as_of = str(base_when)
    return answer
