"""Scoring for the evaluation suite (evals/*.yaml): answers, citations, retrieval, abstention, claims."""

from __future__ import annotations

import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from ..errors import InputError
from ..models import Answer, Citation, Verdict
from ..numbers import EXACT, quantities_with_words, same_value
from ..text import normalize_quotes, strip_accents

LABELS = ["supported", "refuted", "not_enough_info", "conflicting"]


class QuestionCase(BaseModel):
    id: str
    question: str
    lang: str = "en"
    answerable: bool = True
    facts: list[list[str]] = Field(default_factory=list)  # every fact required; any variant of each counts
    evidence: list[str] = Field(default_factory=list)  # gold quotes (substrings of the source)
    doc_id: str | None = None
    type: str = ""  # a case type scored on its own (e.g. temporal)
    polar: Literal["yes", "no"] | None = None  # a yes/no question: the direct answer expected

    @field_validator("polar", mode="before")
    @classmethod
    def _yaml_bool(cls, v: object) -> object:
        return {True: "yes", False: "no"}.get(v, v) if isinstance(v, bool) else v  # YAML reads yes/no as booleans


class ClaimCase(BaseModel):
    id: str
    claim: str
    lang: str = "en"
    label: str
    as_of: str = ""  # judge as of this date (check --as-of)
    superseded: bool | None = None  # expect a later source to supersede the claim's figure (or not)
    type: str = ""  # a case type scored on its own (asof, superseded, conflict ...)


class Suite(BaseModel):
    thresholds: dict[str, float] = Field(default_factory=dict)  # metric (overall) or "type:T/metric"
    corpus: list[str] = Field(default_factory=list)  # its own corpus: files/folders relative to the case file (default: the live index)
    questions: list[QuestionCase] = Field(default_factory=list)
    claims: list[ClaimCase] = Field(default_factory=list)


def load_suite(paths: Sequence[Path]) -> Suite:
    """Every case file merged into one suite (their corpora must agree: see :func:`load_suites`)."""
    suites = load_suites(paths)
    if len(suites) > 1:
        raise InputError("these case files use different corpora: load them with load_suites")
    return suites[0] if suites else Suite()


def load_suites(paths: Sequence[Path]) -> list[Suite]:
    """Case files grouped by the corpus they run on (the live index first)."""
    import yaml

    groups: dict[tuple[str, ...], Suite] = {}
    for p in paths:
        try:
            raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
            part = Suite.model_validate(raw)
        except (OSError, yaml.YAMLError, ValueError) as e:
            raise InputError(f"{p}: not a valid case file ({e})") from e
        key = tuple(str((p.parent / c).resolve()) if not Path(c).is_absolute() else c for c in part.corpus)
        suite = groups.setdefault(key, Suite(corpus=list(key)))
        suite.thresholds.update(part.thresholds)
        suite.questions += part.questions
        suite.claims += part.claims
    return [groups[k] for k in sorted(groups, key=len)]


# -- scorers ------------------------------------------------------------------------------


def _plain(text: str) -> str:
    return " ".join(strip_accents(normalize_quotes(text)).lower().replace("\u202f", " ").replace("\u00a0", " ").split())


def fact_present(variants: Sequence[str], text: str, lang: str = "en") -> bool:
    """A fact is present if any variant is: numbers by value (after normalisation), text by substring."""
    found = None
    for v in variants:
        wanted = quantities_with_words(v, lang)
        if wanted:
            if found is None:
                found = quantities_with_words(text, "fr") + quantities_with_words(text, "en")
            if all(
                any(
                    (w.value == f.value if w.kind in EXACT else same_value(w.value, f.value))
                    and (w.kind == f.kind or {w.kind, f.kind} <= {"number", "money"})
                    for f in found
                )
                for w in wanted
            ):
                return True
        elif _plain(v) in _plain(text):
            return True
    return False


def facts_supported(facts: Sequence[Sequence[str]], text: str) -> bool:
    return all(fact_present(f, text) for f in facts)


def polar_ok(case: QuestionCase, ans: Answer) -> bool:
    """A yes/no case wants that direct answer (oui / non count as yes / no)."""
    if case.polar is None:
        return True
    return {"oui": "yes", "non": "no"}.get(ans.short.lower(), ans.short.lower()) == case.polar


def citation_valid(c: Citation, doc_text: str | None) -> bool:
    return doc_text is not None and 0 <= c.start < c.end <= len(doc_text) and doc_text[c.start : c.end] == c.quote


def citation_precision_recall(case: QuestionCase, cites: Sequence[Citation]) -> tuple[float, float]:
    """ALCE-style, checked mechanically: recall = the answer's facts are entailed by its citations
    (found in the quoted words, or the quotes overlap gold evidence); a citation is precise if it
    supports the facts alone or the others do not without it."""
    if not cites:
        return 0.0, 0.0

    def supports(subset: Sequence[Citation]) -> bool:
        joined = " ".join(c.quote for c in subset)
        if case.facts:
            return facts_supported(case.facts, joined)
        return any(_plain(g) in _plain(joined) for g in case.evidence)

    whole = supports(cites)
    recall = 1.0 if whole else 0.0
    precise = sum(
        1
        for i, c in enumerate(cites)
        if supports([c]) or (whole and not supports([d for j, d in enumerate(cites) if j != i]))
    )
    return precise / len(cites), recall


def rank_of_gold(case: QuestionCase, hit_texts: Sequence[str]) -> int | None:
    """1-based rank of the first retrieved chunk containing any gold quote."""
    golds = [_plain(g) for g in case.evidence]
    for i, t in enumerate(hit_texts, 1):
        pt = _plain(t)
        if any(g in pt for g in golds):
            return i
    return None


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, dict[str, dict[str, float]]]:
    per: dict[str, dict[str, float]] = {}
    for lb in sorted(set(gold) | set(pred)):
        tp = sum(g == p == lb for g, p in zip(gold, pred, strict=True))
        fp = sum(p == lb and g != lb for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lb and p != lb for g, p in zip(gold, pred, strict=True))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lb] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4), "support": tp + fn}
    present = [lb for lb in per if per[lb]["support"]]
    return (round(statistics.mean(per[lb]["f1"] for lb in present), 4) if present else 0.0), per


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, int]]:
    seen = set(gold) | set(pred)
    labels = [lb for lb in LABELS if lb in seen] + sorted(seen - set(LABELS))
    counts = Counter(zip(gold, pred, strict=True))
    return {g: {p: counts[(g, p)] for p in labels} for g in labels}


def pct(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return round(s[min(len(s) - 1, int(round(q * (len(s) - 1))))], 2)


# -- the run ------------------------------------------------------------------------------


class Runner:
    """Runs a suite against callables, so any answerer/backend can be evaluated the same way."""

    def __init__(
        self,
        ask: Callable[[str], Answer],
        check: Callable[..., Verdict],
        search: Callable[[str, int], list[str]],
        doc_text: Callable[[str], str | None],
        *,
        k: int = 5,
    ) -> None:
        self.ask, self.check, self.search, self.doc_text, self.k = ask, check, search, doc_text, k

    def run(self, suite: Suite) -> dict[str, Any]:
        return score([self._question(c) for c in suite.questions], [self._claim(c) for c in suite.claims], suite.thresholds)

    def _question(self, case: QuestionCase) -> dict[str, Any]:
        t0 = time.perf_counter()
        hits = self.search(case.question, self.k) if case.evidence else []
        t_search = (time.perf_counter() - t0) * 1000
        ans = self.ask(case.question)
        valid = [citation_valid(c, self.doc_text(c.doc_id)) for c in ans.citations]
        correct = (
            (not ans.abstained) and facts_supported(case.facts, ans.answer) and all(valid) and polar_ok(case, ans)
            if case.answerable
            else ans.abstained
        )
        prec, rec = (
            citation_precision_recall(case, ans.citations) if case.answerable and not ans.abstained else (None, None)
        )
        rank = rank_of_gold(case, hits) if case.evidence else None
        return {
            "id": case.id,
            "lang": case.lang,
            "type": case.type,
            "question": case.question,
            "answerable": case.answerable,
            "expected": [v[0] for v in case.facts] if case.answerable else "(abstain)",
            "answer": ans.answer,
            "abstained": ans.abstained,
            "correct": bool(correct),
            "citations": [c.model_dump() for c in ans.citations],
            "citations_valid": all(valid),
            "citation_precision": prec,
            "citation_recall": rec,
            "gold_rank": rank,
            "has_gold": bool(case.evidence),
            "timings_ms": {**ans.timings_ms, "search": round(t_search, 2)},
        }

    def _claim(self, case: ClaimCase) -> dict[str, Any]:
        v = self.check(case.claim, as_of=case.as_of) if case.as_of else self.check(case.claim)
        valid = [citation_valid(c, self.doc_text(c.doc_id)) for c in v.evidence]
        superseded_ok = case.superseded is None or bool(v.superseded_by) == case.superseded
        return {
            "id": case.id,
            "lang": case.lang,
            "type": case.type,
            "claim": case.claim,
            "as_of": case.as_of,
            "expected": case.label,
            "got": v.verdict,
            "superseded": {"expected": case.superseded, "got": bool(v.superseded_by)} if case.superseded is not None else None,
            "correct": v.verdict == case.label and superseded_ok,
            "confidence": v.confidence,
            "rationale": v.rationale,
            "evidence": [c.model_dump() for c in v.evidence],
            "evidence_valid": all(valid),
            "parts": [p.model_dump() for p in v.parts],
            "timings_ms": v.timings_ms,
        }


def score(rows_q: Sequence[dict[str, Any]], rows_c: Sequence[dict[str, Any]], thresholds: dict[str, float]) -> dict[str, Any]:
    """Metrics overall, per language and per case type; thresholds checked ("type:T/metric" for a type's)."""
    rows = list(rows_q) + list(rows_c)
    metrics = {"overall": summarize(rows_q, rows_c)}
    for lang in sorted({r["lang"] for r in rows}):
        metrics[lang] = summarize([r for r in rows_q if r["lang"] == lang], [r for r in rows_c if r["lang"] == lang])
    for kind in sorted({r.get("type", "") for r in rows} - {""}):
        metrics[f"type:{kind}"] = summarize([r for r in rows_q if r.get("type") == kind], [r for r in rows_c if r.get("type") == kind])
    failures = []
    for name, minimum in thresholds.items():
        scope, _, metric = name.rpartition("/") if "/" in name else ("overall", "", name)
        value = metrics.get(scope, {}).get(metric)
        if value is not None and value < minimum:
            failures.append(f"{name} {value} < {minimum}")
    return {
        "metrics": metrics,
        "thresholds": thresholds,
        "threshold_failures": failures,
        "questions": list(rows_q),
        "claims": list(rows_c),
        "created": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def summarize(rows_q: Sequence[dict[str, Any]], rows_c: Sequence[dict[str, Any]]) -> dict[str, Any]:
    m: dict[str, Any] = {}
    ans = [r for r in rows_q if r["answerable"]]
    una = [r for r in rows_q if not r["answerable"]]
    answered = [r for r in rows_q if not r["abstained"]]
    if rows_q:
        m["questions"] = len(rows_q)
        m["answer_accuracy"] = _ratio(sum(r["correct"] for r in ans), len(ans))
        m["citation_validity"] = _ratio(sum(r["citations_valid"] for r in answered), len(answered))
        precs = [r["citation_precision"] for r in ans if r["citation_precision"] is not None]
        recs = [r["citation_recall"] for r in ans if r["citation_recall"] is not None]
        m["citation_precision"] = round(statistics.mean(precs), 4) if precs else None
        m["citation_recall"] = round(statistics.mean(recs), 4) if recs else None
        gold = [r for r in rows_q if r["has_gold"]]
        m["retrieval_recall_at_k"] = _ratio(sum(r["gold_rank"] is not None for r in gold), len(gold))
        m["mrr"] = (
            round(statistics.mean(1 / r["gold_rank"] if r["gold_rank"] else 0 for r in gold), 4) if gold else None
        )
        m["answer_rate"] = _ratio(len(answered), len(rows_q))
        m["accuracy_on_answered"] = _ratio(sum(r["correct"] for r in answered if r["answerable"]), len(answered))
        m["abstain_accuracy"] = _ratio(sum(r["abstained"] for r in una), len(una))
        m["false_abstain_rate"] = _ratio(sum(r["abstained"] for r in ans), len(ans))
    if rows_c:
        gold_l = [r["expected"] for r in rows_c]
        pred_l = [r["got"] for r in rows_c]
        m["claims"] = len(rows_c)
        m["claim_accuracy"] = _ratio(sum(r["correct"] for r in rows_c), len(rows_c))
        m["claim_macro_f1"], m["claim_per_label"] = macro_f1(gold_l, pred_l)
        m["claim_confusion"] = confusion(gold_l, pred_l)
        m["evidence_validity"] = _ratio(sum(r["evidence_valid"] for r in rows_c), len(rows_c))
    lat: dict[str, list[float]] = defaultdict(list)
    for r in list(rows_q) + list(rows_c):
        for stage, ms in r["timings_ms"].items():
            lat[stage].append(ms)
    m["latency_ms"] = {s: {"p50": pct(v, 0.5), "p95": pct(v, 0.95)} for s, v in sorted(lat.items())}
    return m


def _ratio(a: float, b: int) -> float | None:
    return round(a / b, 4) if b else None


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any, str]]:
    """(metric, old, new, 'improved'|'regressed'|'same') for every scalar metric, plus per-case flips."""
    out: list[tuple[str, Any, Any, str]] = []
    lower_better = ("false_abstain_rate",)
    for scope, metrics in new["metrics"].items():
        for name, value in metrics.items():
            before = old.get("metrics", {}).get(scope, {}).get(name)
            if isinstance(value, (int, float)) and isinstance(before, (int, float)) and not isinstance(value, bool):
                better = value < before if name in lower_better else value > before
                worse = value > before if name in lower_better else value < before
                if name == "latency_ms":
                    continue
                out.append(
                    (f"{scope}.{name}", before, value, "improved" if better else "regressed" if worse else "same")
                )
    for kind in ("questions", "claims"):
        before = {r["id"]: r["correct"] for r in old.get(kind, [])}
        for r in new.get(kind, []):
            if r["id"] in before and before[r["id"]] != r["correct"]:
                out.append(
                    (f"case {r['id']}", before[r["id"]], r["correct"], "improved" if r["correct"] else "regressed")
                )
    return out


def run_all(bot: Any, paths: Sequence[Path]) -> dict[str, Any]:
    """Every case file: suites on the live index run on ``bot``; a suite with its own corpus runs
    on a temporary bot over that corpus (same settings and embedder); one scored result."""
    import shutil
    import tempfile

    from ..chain import build

    rows_q: list[dict[str, Any]] = []
    rows_c: list[dict[str, Any]] = []
    thresholds: dict[str, float] = {}
    for suite in load_suites(paths):
        thresholds.update(suite.thresholds)
        tmp = None
        target = bot
        if suite.corpus:
            tmp = Path(tempfile.mkdtemp(prefix="factbot-eval-"))
            corpus = tmp / "corpus"
            corpus.mkdir()
            for entry in map(Path, suite.corpus):
                if entry.is_dir():
                    for f in sorted(entry.iterdir()):
                        if f.is_file():
                            shutil.copy(f, corpus / f.name)
                elif entry.is_file():
                    shutil.copy(entry, corpus / entry.name)
                else:
                    raise InputError(f"corpus entry {entry} does not exist")
            settings = bot.settings.model_copy(
                update={"corpus_dir": corpus, "index_dir": tmp / "index", "data_dir": tmp / "data", "collection": "factbot-eval", "chroma_host": None}
            )
            target = build(settings, embedder=bot.embedder)
        try:
            target.index(progress=False)
            texts: dict[str, str | None] = {}

            def doc_text(doc_id: str, target: Any = target, texts: dict[str, str | None] = texts) -> str | None:
                if doc_id not in texts:
                    d = target.store.get_document(doc_id)
                    texts[doc_id] = d.text if d else None
                return texts[doc_id]

            def search(q: str, k: int, target: Any = target) -> list[str]:
                return [h.chunk.text for h in target.search(q, k)]

            runner = Runner(target.ask, target.check, search, doc_text, k=bot.settings.top_k)
            rows_q += [runner._question(c) for c in suite.questions]
            rows_c += [runner._claim(c) for c in suite.claims]
        finally:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
    return score(rows_q, rows_c, thresholds)
