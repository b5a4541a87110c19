"""The extractive-QA benchmark's scoring (SQuAD 2.0's official normalisation), its metrics and the
``--silent`` split, without a model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.evaluation.qa import f1_score, load_rows, metrics, normalize_answer, score, silenced


def test_the_official_normalisation() -> None:
    assert normalize_answer("The  Eiffel Tower!") == "eiffel tower"
    assert normalize_answer("an apple, a pear") == "apple pear"


@pytest.mark.parametrize(
    ("pred", "golds", "em", "f1"),
    [
        ("", [], 1.0, 1.0),  # abstaining on an unanswerable question is right
        ("ICE", [], 0.0, 0.0),
        ("", ["ICE"], 0.0, 0.0),
        ("the ICE", ["ICE", "Immigration and Customs Enforcement"], 1.0, 1.0),
        ("224,000 dollars", ["224,000"], 0.0, pytest.approx(2 / 3)),
    ],
)
def test_score_takes_the_best_gold(pred: str, golds: list[str], em: float, f1: float) -> None:
    assert score(pred, golds) == (em, f1)


def test_f1_is_over_normalised_tokens() -> None:
    assert f1_score("Hoan Ton-That", "Hoan Ton") == pytest.approx(0.5)


def _item(prob: float, span: str, golds: list[str], rules: str = "", fallback: str | None = None) -> dict[str, object]:
    fallback = rules if fallback is None else fallback
    return {"prob": prob, "span": span, "quote": f"… {span} …", "golds": golds, "rules": rules, "rules_quote": rules, "fallback": fallback, "fallback_quote": fallback}


def test_metrics_count_answers_abstentions_and_the_rules_fallback() -> None:
    items = [
        _item(0.9, "224 000 $", ["224 000 $"]),  # answered, right
        _item(0.1, "ICE", []),  # below the threshold: abstains, right
        _item(0.1, "Tech Inquiry", ["Tech Inquiry"], rules="Tech Inquiry"),  # only the rules answer
    ]
    reader = metrics(items, 0.5, mode="reader")
    assert reader["f1"] == pytest.approx(66.7, abs=0.1) and reader["abstain_accuracy"] == 1.0
    assert reader["answered_of_answerable"] == 0.5
    hybrid = metrics(items, 0.5, mode="hybrid")
    assert hybrid["f1"] == 100.0 and hybrid["gold_in_answer_of_answerable"] == 1.0
    assert metrics(items, 0.5, mode="rules")["answered_rate"] == pytest.approx(1 / 3, abs=0.001)
    assert metrics(items, 0.5, mode="abstain")["f1"] == pytest.approx(33.3, abs=0.1)


def test_the_hybrid_uses_the_stricter_fallback_not_the_rules_alone() -> None:
    items = [_item(0.1, "", [], rules="a whole sentence", fallback="")]  # the fallback abstains
    assert metrics(items, 0.5, mode="rules")["abstain_accuracy"] == 0.0
    assert metrics(items, 0.5, mode="hybrid")["abstain_accuracy"] == 1.0


def test_silenced_paragraphs_are_a_stable_share() -> None:
    rows = [{"context": f"paragraph {i}"} for i in range(400)]
    assert silenced(rows, 0.0) == set()
    half = silenced(rows, 0.5)
    assert 150 < len(half) < 250 and half == silenced(list(reversed(rows)), 0.5)
    assert len(silenced(rows, 1.0)) == 400


def test_squad_json_and_qa_jsonl_read_alike(tmp_path: Path) -> None:
    squad = {
        "data": [
            {
                "title": "ICE",
                "paragraphs": [
                    {
                        "context": "ICE pays 224,000 dollars.",
                        "qas": [
                            {"question": "How much?", "answers": [{"text": "224,000 dollars", "answer_start": 9}], "is_impossible": False},
                            {"question": "Who sued?", "answers": [], "plausible_answers": [{"text": "ICE", "answer_start": 0}], "is_impossible": True},
                        ],
                    }
                ],
            }
        ]
    }
    (tmp_path / "s.json").write_text(json.dumps(squad), encoding="utf-8")
    rows = load_rows(tmp_path / "s.json")
    assert [(r["title"], r["question"], [a["text"] for a in r["answers"]]) for r in rows] == [
        ("ICE", "How much?", ["224,000 dollars"]),
        ("ICE", "Who sued?", []),
    ]
    (tmp_path / "q.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert load_rows(tmp_path / "q.jsonl") == rows


def test_the_product_answers_a_yes_no_question_with_the_judge_not_the_reader() -> None:
    judged = {**_item(0.9, "ICE", []), "polar": {"short": "", "quote": ""}}  # the judge: not enough info
    said_no = {**_item(0.1, "", ["No"]), "polar": {"short": "no", "quote": "It was never affiliated."}}
    assert metrics([judged], 0.5, mode="reader")["abstain_accuracy"] == 0.0  # the reader alone answers
    assert metrics([judged], 0.5, mode="hybrid")["abstain_accuracy"] == 1.0
    assert metrics([said_no], 0.5, mode="hybrid")["f1"] == 100.0


def test_a_reading_across_languages_is_scored_at_its_own_threshold() -> None:
    items = [{**_item(0.3, "224 000 $", ["224 000 $"]), "across": True}, _item(0.3, "ICE", ["ICE"])]
    assert metrics(items, 0.5, mode="reader")["answered_rate"] == 0.0
    assert metrics(items, 0.5, mode="reader", across=0.2)["answered_rate"] == 0.5  # only the one across


def test_other_language_asks_each_question_in_the_other_language_than_its_passage(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.evaluation import qa
    from bot.neural import data
    from bot.neural.codeswitch import Lexicon

    lex = Lexicon()
    lex.add("agence", "agency")
    lex.add("paie", "pay")
    monkeypatch.setattr(data, "lexicon_for", lambda path: lex)
    rows = [
        {"question": "Combien l'agence paie-t-elle ?", "lang": "fr", "context": "L'agence paie 224 000 $.", "answers": []},
        {"question": "How much does the agency pay?", "lang": "en", "context": "The agency pays $224,000.", "answers": []},
    ]
    asked = qa.other_language(rows, Path("unused"))
    assert "agency" in asked[0]["question"] and "agence" not in asked[0]["question"]
    assert "agence" in asked[1]["question"].lower()
    assert [r["context"] for r in asked] == [r["context"] for r in rows]  # passages stay


def test_the_threshold_across_languages_keeps_the_same_risk_of_a_false_answer() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("calibrate_across", Path(__file__).resolve().parents[2] / "evals" / "calibrate_across.py")
    assert spec is not None and spec.loader is not None
    cal = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cal)
    # same language at 0.3: one unanswerable of two answered (0.5); across languages the scores are lower
    same = [_item(0.9, "x", []), _item(0.1, "x", []), _item(0.8, "y", ["y"])]
    across = [_item(0.25, "x", []), _item(0.05, "x", []), _item(0.2, "y", ["y"])]
    assert cal.answered_share(same, 0.3, answerable=False) == 0.5
    assert cal.choose([(same, across)], 0.3) == 0.06  # at 0.05 both unanswerable ones would be answered
    assert cal.choose([(same, across), (same, [_item(0.2, "x", []), _item(0.2, "x", [])])], 0.3) == 0.21
