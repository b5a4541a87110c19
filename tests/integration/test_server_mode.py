"""A real `chroma run` server: index/search/ask through it, and two app replicas sharing it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.chain import build
from bot.config import Settings

from ..conftest import SEED, free_port, wait_for_port

pytestmark = pytest.mark.integration
CHROMA = Path(sys.executable).with_name("chroma")


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-data")
    log = (data / "server.log").open("w")
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    wait_for_port(proc, port, data / "server.log", seconds=60)
    yield "127.0.0.1", port
    proc.terminate()
    proc.wait(timeout=20)


def test_cli_index_and_ask_against_the_server(chroma_server: tuple[str, int], tmp_path: Path, corpus: Path) -> None:
    host, port = chroma_server
    env = {
        **os.environ,
        "BOT_CHROMA_HOST": host,
        "BOT_CHROMA_PORT": str(port),
        "BOT_CORPUS_DIR": str(corpus),
        "BOT_COLLECTION": "cli-test",
        "BOT_INDEX_DIR": str(tmp_path / "unused"),
    }

    def run(*a: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", *a], capture_output=True, text=True, env=env, timeout=300)

    first = run("index")
    assert first.returncode == 0, first.stderr
    assert "added: 1" in first.stdout
    assert "unchanged: 1" in run("index").stdout
    out = run("ask", "Combien l'ICE paie-t-elle ?", "--json")
    assert "224 000 $" in json.loads(out.stdout)["answer"]
    assert not (tmp_path / "unused").exists()  # nothing written to the embedded path


def test_two_replicas_share_one_server(chroma_server: tuple[str, int], tmp_path: Path, e5: object) -> None:
    host, port = chroma_server
    corpus_a = tmp_path / "a"
    corpus_a.mkdir()
    shutil.copy(SEED, corpus_a / SEED.name)
    settings = Settings(corpus_dir=corpus_a, chroma_host=host, chroma_port=port, collection="replicas")
    writer = build(settings, embedder=e5)  # type: ignore[arg-type]
    reader = build(settings.model_copy(update={"corpus_dir": tmp_path / "elsewhere"}), embedder=e5)  # type: ignore[arg-type]
    writer.index(progress=False)
    assert "224 000 $" in reader.ask("Combien l'ICE paie-t-elle ?").answer
    (corpus_a / "lyon.md").write_text("---\ntitle: Lyon\nlang: en\n---\nThe Lyon library cost 12 million euros.\n")
    writer.index(progress=False)
    reader.searcher.invalidate()  # replicas also notice by themselves within refresh_seconds
    answer = reader.ask("How much did the Lyon library cost?")
    assert not answer.abstained and answer.citations[0].doc_id == "lyon"
