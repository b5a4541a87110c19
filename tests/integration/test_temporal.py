"""Issue #16's acceptance on a real bot (e5, Chroma, the shipped models): the seed article plus two
dated fixture articles that change a figure and disagree (evals/corpora/temporal/)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings

from ..conftest import ROOT, SEED

pytestmark = pytest.mark.integration
FIXTURE = ROOT / "evals" / "corpora" / "temporal"


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory, e5: object) -> object:
    from bot.chain import build

    base = tmp_path_factory.mktemp("dated")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    for f in FIXTURE.iterdir():
        shutil.copy(f, corpus / f.name)
    bot = build(Settings(corpus_dir=corpus, index_dir=base / "index", data_dir=base / "data"), embedder=e5)  # type: ignore[arg-type]
    bot.index(progress=False)
    return bot


def test_ask_gives_the_latest_figure_and_the_earlier_one_with_both_dates(dated: object) -> None:
    a = dated.ask("How much does ICE pay Clearview AI?")  # type: ignore[attr-defined]
    assert a.answer.index("1.5 million") < a.answer.index("224")
    assert [c.date for c in a.citations] == ["2021-06", "2020-08"] and a.as_of == "2021-06"
    assert a.citations[0].outlet == "Example Wire" and a.citations[0].reliability == 4
    assert [c.date for c in a.earlier] == ["2020-08"]


def test_check_as_of_then_today_then_a_same_period_conflict(dated: object) -> None:
    v = dated.check("ICE pays Clearview AI $224,000.", as_of="2020-09")  # type: ignore[attr-defined]
    assert v.verdict == "supported" and v.as_of == "2020-09" and not v.superseded_by
    assert [c.date for c in v.later] and all(c.date == "2021-06" for c in v.later)  # shown as later, not used
    v = dated.check("ICE pays Clearview AI $224,000.")  # type: ignore[attr-defined]
    assert v.verdict == "supported" and v.as_of == "2020-08" and "superseded" in v.rationale
    assert v.superseded_by[0].date == "2021-06" and "1.5 million" in v.superseded_by[0].quote
    v = dated.check("Clearview AI has 150 employees.")  # type: ignore[attr-defined]
    assert v.verdict == "conflicting"
    assert "150 employees" in v.support[0].quote and "300 employés" in v.contradict[0].quote
    assert (v.support[0].outlet, v.contradict[0].outlet) == ("Example Wire", "Exemple Hebdo")
    v = dated.check("In 2020, ICE paid Clearview AI $1.5 million.")  # type: ignore[attr-defined]
    assert v.verdict == "refuted" and v.as_of == "2020"


def test_the_cli_flag_and_json_fields(dated: object) -> None:
    s = dated.settings  # type: ignore[attr-defined]
    env = {**os.environ, "BOT_CORPUS_DIR": str(s.corpus_dir), "BOT_INDEX_DIR": str(s.index_dir), "BOT_DATA_DIR": str(s.data_dir)}
    out = subprocess.run(
        [sys.executable, "-m", "bot", "check", "--json", "--as-of", "2020-09", "ICE pays Clearview AI $224,000."],
        env=env, capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    v = json.loads(out.stdout)
    assert v["verdict"] == "supported" and v["as_of"] == "2020-09" and v["superseded_by"] == []
    bad = subprocess.run([sys.executable, "-m", "bot", "check", "--as-of", "someday", "x y z"], env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert bad.returncode == 2 and "as-of wants a date" in bad.stdout + bad.stderr
    listed = subprocess.run([sys.executable, "-m", "bot", "sources", "list"], env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert "4/5  wire.example.com" in listed.stdout
    assert Path(s.corpus_dir, "sources.yaml").exists()
