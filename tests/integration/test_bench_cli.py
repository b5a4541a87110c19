"""The public-benchmark harnesses, run as a tester would, on small files in the exact original format
(DACCORD: tab-separated with its header; CLIMATE-FEVER: JSON lines with the same keys). The rows
are written here, not copied from the data sets."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]

DACCORD_ROWS = [
    ("t1", "L'agence a signé le contrat en 2020.", "L'agence n'a pas signé le contrat.", "1"),
    ("t2", "L'agence a signé le contrat en 2020.", "Le contrat a été signé par l'agence.", "0"),
    (
        "t3",
        "Le vaccin a été autorisé après les essais cliniques.",
        "Le vaccin a été autorisé avant les essais cliniques.",
        "1",
    ),
    ("t4", "La ville compte plus de 200 écoles.", "La ville compte 250 écoles.", "0"),
    ("t5", "La ville compte plus de 200 écoles.", "La ville compte moins de 100 écoles.", "1"),
    ("t6", "Le ministre a confirmé la réforme.", "Le ministre a démenti la réforme.", "1"),
]


def _run(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BOT_INDEX_DIR": str(tmp_path / "idx"), "BOT_CORPUS_DIR": str(tmp_path / "corpus")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env, timeout=900, cwd=ROOT
    )


def test_daccord_harness_reads_the_original_format(tmp_path: Path) -> None:
    path = tmp_path / "daccord.tsv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t")
        w.writerow(["id", "premise", "hypothesis", "label", "label_text", "url", "genre"])
        for rid, p, h, label in DACCORD_ROWS:
            w.writerow([rid, p, h, label, "contradiction" if label == "1" else "compatibles", "https://x", "test"])
    items = tmp_path / "items.json"
    out = _run(["bench", "daccord", str(path), "--json", "--items", str(items)], tmp_path)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["pairs"] == len(DACCORD_ROWS) and "items" not in result
    # every pair's verdicts, for comparing two runs
    rows = json.loads(items.read_text(encoding="utf-8"))
    assert [(r["claim"], r["gold"]) for r in rows] == [(h, label) for _, _, h, label in DACCORD_ROWS]
    assert all(r["verdicts"] for r in rows)
    # Negation, an opposite word, a range and a denial: the rules get every one of these.
    assert result["balanced_accuracy"] == 1.0
    assert result["baselines"]["always not-refuted"] == 0.5


def _evidence(i: int, article: str, text: str, label: str) -> dict[str, object]:
    return {
        "evidence_id": f"{article}:{i}",
        "evidence_label": label,
        "article": article,
        "evidence": text,
        "entropy": 0.0,
        "votes": [label, label, None, None, None],
    }


def test_climate_fever_harness_reads_the_original_format(tmp_path: Path) -> None:
    rows = [
        {
            "claim_id": "1",
            "claim": "Sea levels rose by 20 centimetres in the last century.",
            "claim_label": "SUPPORTS",
            "evidences": [
                _evidence(0, "Sea level rise", "Sea levels rose by 20 centimetres in the last century.", "SUPPORTS"),
                _evidence(1, "Sea level rise", "Coastal cities are exposed to flooding.", "NOT_ENOUGH_INFO"),
            ],
        },
        {
            "claim_id": "2",
            "claim": "Arctic sea ice has not declined since 1979.",
            "claim_label": "REFUTES",
            "evidences": [
                _evidence(0, "Arctic sea ice decline", "Arctic sea ice has declined since 1979.", "REFUTES"),
                _evidence(1, "Arctic sea ice decline", "Sea ice reflects sunlight back into space.", "NOT_ENOUGH_INFO"),
            ],
        },
        {
            "claim_id": "3",
            "claim": "Volcanoes emit more carbon dioxide than humans.",
            "claim_label": "NOT_ENOUGH_INFO",
            "evidences": [
                _evidence(0, "Volcano", "A volcano is a rupture in the crust of a planet.", "NOT_ENOUGH_INFO")
            ],
        },
    ]
    path = tmp_path / "cf.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = _run(["bench", "climate-fever", str(path), "--json"], tmp_path)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["claims"] == 3
    assert 0.0 <= result["accuracy"] <= 1.0 and 0.0 <= result["macro_f1"] <= 1.0
    assert set(result["confusion"]) >= {"SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO"}
    assert sum(sum(row.values()) for row in result["confusion"].values()) == 3
    # Each claim's gold sentences are in the pooled corpus, so retrieval finds them.
    assert result["recall_at_5_sentences"] == 1.0


PARAGRAPHS = [
    ("Harbour bridge", "The harbour bridge was completed in 1932 after eight years of work. It cost 13.5 million pounds.",
     [("When was the harbour bridge completed?", "1932"), ("Who painted the harbour bridge?", None)]),
    ("Lake station", "The lake research station opened in 1998. Its director, Maria Keller, leads a team of twelve scientists.",
     [("Who directs the lake research station?", "Maria Keller"), ("How many scientists work at the lake station?", "twelve")]),
    ("Old mill", "The old mill on the river was turned into a museum in 1975. Visitors can see the original water wheel.",
     [("What was the old mill turned into?", "a museum"), ("How much does a museum ticket cost?", None)]),
    ("Night train", "The night train links the two capitals in eleven hours. Tickets went on sale in March.",
     [("How long does the night train take?", "eleven hours"), ("Who operates the night train?", None)]),
]


def _squad_file(path: Path) -> None:
    data = []
    for title, context, qas in PARAGRAPHS:
        items = []
        for i, (q, a) in enumerate(qas):
            answers = [{"text": a, "answer_start": context.index(a)}] if a else []
            items.append({"id": f"{title}-{i}", "question": q, "answers": answers, "is_impossible": a is None})
        data.append({"title": title, "paragraphs": [{"context": context, "qas": items}]})
    path.write_text(json.dumps({"version": "v2.0", "data": data}), encoding="utf-8")


def test_squad2_harness_asks_every_question_through_the_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "tiny-squad.json"
    _squad_file(path)
    out = _run(["bench", "squad2", str(path), "--json", "--items", str(tmp_path / "items.json")], tmp_path)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert (result["questions"], result["answerable"], result["paragraphs"]) == (8, 5, 4)
    assert result["always_abstain"]["f1"] == pytest.approx(100 * 3 / 8, abs=0.1)
    items = {i["question"]: i for i in json.loads((tmp_path / "items.json").read_text(encoding="utf-8"))}
    # the reader finds the plain facts of these paragraphs, as verbatim spans
    assert "1932" in items["When was the harbour bridge completed?"]["span"]
    assert "Maria Keller" in items["Who directs the lake research station?"]["span"]
    for name in ("reader+rules", "reader", "rules"):
        assert 0.0 <= result[name]["f1"] <= 100.0


def test_silent_paragraphs_turn_their_questions_unanswerable(tmp_path: Path) -> None:
    path = tmp_path / "tiny-squad.json"
    _squad_file(path)
    out = _run(["bench", "squad2", str(path), "--json", "--silent", "0.5"], tmp_path)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert 0 < result["silent"] < 4 and result["paragraphs"] == 4 - result["silent"]
    assert result["answerable"] < 5 and result["questions"] == 8
