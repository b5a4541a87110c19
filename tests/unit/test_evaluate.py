"""The scorers themselves: each must be able to fail."""

from pathlib import Path

from bot.evaluation.cases import (
    QuestionCase,
    Runner,
    Suite,
    citation_precision_recall,
    citation_valid,
    compare,
    confusion,
    fact_present,
    load_suite,
    macro_f1,
    rank_of_gold,
)
from bot.evaluation.report import render_html
from bot.models import Answer, Citation, Verdict

DOC = "L’agence d’immigration paie 224 000 $ pour des licences. Hoan Ton est le PDG."


def _cite(quote: str) -> Citation:
    i = DOC.index(quote)
    return Citation(doc_id="d", title="T", quote=quote, start=i, end=i + len(quote))


def test_facts_compare_numbers_by_value_not_string() -> None:
    assert fact_present(["$224,000"], "It pays 224 000 $.")
    assert fact_present(["3 billion"], "plus de 3 milliards d'images")
    assert not fact_present(["$224,000"], "It pays $2 million.")
    assert fact_present(["Hoan Ton"], "le PDG, hoan ton, a dit")
    assert not fact_present(["Hoan Ton"], "le PDG a dit")


def test_citation_validity_checks_the_exact_span() -> None:
    good = _cite("paie 224 000 $")
    assert citation_valid(good, DOC)
    assert not citation_valid(good.model_copy(update={"start": good.start + 1, "end": good.end + 1}), DOC)
    assert not citation_valid(good, None)


def test_alce_precision_and_recall() -> None:
    case = QuestionCase(id="q", question="?", facts=[["224 000 $"]])
    assert citation_precision_recall(case, [_cite("paie 224 000 $")]) == (1.0, 1.0)
    assert citation_precision_recall(case, [_cite("paie 224 000 $"), _cite("Hoan Ton")]) == (0.5, 1.0)
    assert citation_precision_recall(case, [_cite("Hoan Ton")]) == (0.0, 0.0)


def test_rank_of_gold_and_label_metrics() -> None:
    case = QuestionCase(id="q", question="?", evidence=["224 000 $"])
    assert rank_of_gold(case, ["nothing", "paie 224 000 $"]) == 2
    assert rank_of_gold(case, ["nothing"]) is None
    f1, per = macro_f1(["supported", "refuted"], ["supported", "supported"])
    assert per["refuted"]["recall"] == 0.0 and f1 < 1
    assert confusion(["supported", "refuted"], ["supported", "supported"])["refuted"]["supported"] == 1


def _runner(answer_text: str, abstained: bool, verdict: str) -> Runner:
    def ask(q: str) -> Answer:
        cites = [] if abstained else [_cite("paie 224 000 $")]
        return Answer(question=q, answer=answer_text, abstained=abstained, citations=cites)

    def check(c: str) -> Verdict:
        return Verdict(claim=c, verdict=verdict, confidence=0.9)  # type: ignore[arg-type]

    return Runner(ask, check, lambda q, k: [DOC], lambda d: DOC)


SUITE = Suite(
    thresholds={"answer_accuracy": 0.9, "claim_accuracy": 0.9},
    questions=[QuestionCase(id="q1", question="How much?", facts=[["$224,000"]], evidence=["224 000 $"])],
    claims=[{"id": "c1", "claim": "ICE pays $224,000", "label": "supported"}],  # type: ignore[list-item]
)


def test_thresholds_gate_the_run() -> None:
    good = _runner("$224,000.", False, "supported").run(SUITE)
    assert good["threshold_failures"] == []
    bad = _runner("$2 million.", False, "refuted").run(SUITE)
    assert len(bad["threshold_failures"]) == 2
    diff = compare(good, bad)
    assert ("overall.answer_accuracy", 1.0, 0.0, "regressed") in diff
    assert any(name == "case q1" and verdict == "regressed" for name, _, _, verdict in diff)


def test_report_names_failures_and_escapes_text() -> None:
    bad = _runner("<script>alert(1)</script>", False, "refuted").run(SUITE)
    page = render_html(bad)
    assert "q1" in page and "c1" in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_seed_suite_file_is_valid() -> None:
    suite = load_suite([Path(__file__).parents[2] / "evals" / "seed.yaml"])
    assert len(suite.questions) >= 40 and sum(not q.answerable for q in suite.questions) >= 10
    assert len(suite.claims) >= 30
    assert {q.lang for q in suite.questions} == {"en", "fr"}
    labels = [c.label for c in suite.claims]
    assert min(labels.count(lb) for lb in ("supported", "refuted", "not_enough_info")) >= 10
