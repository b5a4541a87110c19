"""The acceptance commands of answers, verdicts and the eval suite, run as a user would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.chain import FactBot

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, corpus: Path) -> dict[str, str]:
    return {**os.environ, "BOT_CORPUS_DIR": str(corpus), "BOT_INDEX_DIR": str(tmp_path / "idx")}


def _run(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=600,
        cwd=ROOT,
    )


def _valid(c: dict[str, object], doc_text: str) -> bool:
    return doc_text[int(c["start"]) : int(c["end"])] == c["quote"]  # type: ignore[call-overload]


def test_ask_acceptance(tmp_path: Path, corpus: Path) -> None:
    env = _env(tmp_path, corpus)
    assert _run(["index"], env).returncode == 0
    out = _run(
        [
            "ask",
            "Who signed a contract with Clearview AI?",
            "Combien l'ICE paie-t-elle ?",
            "What did Clearview say about the agreement?",
            "What is Clearview's annual revenue?",
            "--json",
        ],
        env,
    )
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["abstained"] for r in rows] == [False, False, False, True]
    assert "ICE" in rows[0]["answer"]
    assert "224" in rows[1]["answer"] and "000 $" in rows[1]["answer"]
    assert "Homeland Security" in rows[2]["answer"]
    assert rows[3]["citations"] == []
    text = json.loads(_run(["show", "000_971f1201538155a2", "--json"], env).stdout)["text"]
    for r in rows[:3]:
        assert r["citations"] and all(_valid(c, text) for c in r["citations"])
        assert {"doc_id", "title", "quote", "start", "end"} <= set(r["citations"][0])


def test_ask_reads_stdin_and_reports_bad_lines(tmp_path: Path, corpus: Path) -> None:
    env = _env(tmp_path, corpus)
    empty = _run(["ask", "Qui ?"], env)
    assert empty.returncode == 2 and "python -m bot index" in empty.stderr
    assert _run(["index"], env).returncode == 0
    out = _run(["ask", "-", "--json"], env, stdin="Qui est le PDG de Clearview ?\n\n" + "x" * 5000 + "\n")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 2 and "Hoan Ton" in rows[0]["answer"]
    assert "too long" in rows[1]["error"] and out.returncode == 2


def test_check_acceptance(tmp_path: Path, corpus: Path) -> None:
    env = _env(tmp_path, corpus)
    assert _run(["index"], env).returncode == 0
    out = _run(
        [
            "check",
            "ICE is paying Clearview AI $224,000.",
            "L'ICE paie 2 millions de dollars à Clearview.",
            "The contract lasts three years.",
            "--json",
        ],
        env,
    )
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["verdict"] for r in rows] == ["supported", "refuted", "not_enough_info"]
    assert rows[0]["evidence"] and rows[1]["evidence"]
    assert "224 000 $" in rows[1]["rationale"]
    text = json.loads(_run(["show", "000_971f1201538155a2", "--json"], env).stdout)["text"]
    assert all(_valid(c, text) for r in rows for c in r["evidence"])


def test_chain_is_a_runnable(seed_bot: FactBot) -> None:
    chain = seed_bot.chain()
    one = chain.invoke("Combien l'ICE paie-t-elle ?")
    many = chain.batch(["Who is the CEO of Clearview?", "Who founded Clearview AI?"])
    streamed = list(chain.stream("How many images are in Clearview's database?"))
    assert not one.abstained and [a.abstained for a in many] == [False, True]
    assert "3" in streamed[-1].answer


def test_eval_passes_on_seed_and_fails_on_a_broken_fact(tmp_path: Path, corpus: Path) -> None:
    env = _env(tmp_path, corpus)
    ok = _run(["eval", str(ROOT / "evals" / "seed.yaml"), "--report", str(tmp_path / "r1")], env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "answer_accuracy" in ok.stdout and (tmp_path / "r1" / "report.html").exists()
    seed = corpus / "000_971f1201538155a2.md"
    seed.write_text(seed.read_text(encoding="utf-8").replace("224 000 $", "310 000 $"), encoding="utf-8")
    bad = _run(["eval", str(ROOT / "evals" / "seed.yaml"), "--report", str(tmp_path / "r2")], env)
    assert bad.returncode == 1
    assert "amount-fr-1" in bad.stdout
    assert "amount-fr-1" in (tmp_path / "r2" / "report.html").read_text(encoding="utf-8")
    cmp = _run(["eval", "--compare", str(tmp_path / "r1" / "eval.json"), str(tmp_path / "r2" / "eval.json")], env)
    assert "regressed" in cmp.stdout and "amount-fr-1" in cmp.stdout


def test_eval_on_new_documents_meets_its_thresholds(tmp_path: Path, corpus: Path) -> None:
    """Eleven news articles the rules were not written on, questions and claims in users' words
    (evals/news.yaml, its own corpus): the run exits 1 under the file's thresholds."""
    r = _run(["eval", str(ROOT / "evals" / "news.yaml"), "--report", str(tmp_path / "news")], _env(tmp_path, corpus))
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    result = json.loads((tmp_path / "news" / "eval.json").read_text(encoding="utf-8"))
    assert result["metrics"]["overall"]["questions"] == 215 and result["metrics"]["overall"]["claims"] == 166


def test_eval_of_yes_no_questions_meets_its_thresholds(tmp_path: Path, corpus: Path) -> None:
    """Yes/no questions in users' words (evals/polar.yaml): a yes or a no with the deciding quote,
    or an abstention where the sources are silent; the run exits 1 under the file's thresholds."""
    r = _run(["eval", str(ROOT / "evals" / "polar.yaml"), "--report", str(tmp_path / "polar")], _env(tmp_path, corpus))
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
    metrics = json.loads((tmp_path / "polar" / "eval.json").read_text(encoding="utf-8"))["metrics"]
    assert metrics["type:polar"]["questions"] == 29


def test_copy_of_seed_corpus_is_untouched() -> None:
    assert "224 000 $" in (ROOT / "corpus" / "000_971f1201538155a2.md").read_text(encoding="utf-8")
    assert shutil.which(sys.executable)
