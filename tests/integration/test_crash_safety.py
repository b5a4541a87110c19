"""SIGKILL `index` at random moments: each document is always entirely old or entirely new."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration

INSPECT = """
import json, sys
from bot.chain import build
from bot.config import Settings
bot = build(Settings())
docs = bot.store.documents()
visible = {}
for c in bot.store.all_chunks():
    visible.setdefault(c.doc_id, []).append(c)
print(json.dumps({
    "docs": {k: [v["content_hash"], v["n_chunks"], v["title"]] for k, v in docs.items()},
    "visible": {k: [len(cs), sorted({c.doc_hash for c in cs})] for k, cs in visible.items()},
    "stored": bot.store.count(),
}))
"""


def _write_corpus(corpus: Path, version: str, n: int) -> None:
    rng = random.Random(version)
    for i in range(n):
        sents = " ".join(f"Sentence {j} of document {i} says {rng.random():.6f} in {version}." for j in range(60))
        (corpus / f"doc{i:03d}.md").write_text(f"---\ntitle: doc {i} {version}\nlang: en\n---\n{sents}\n")


def _inspect(env: dict[str, str]) -> dict[str, Any]:
    """What a fresh process sees in the index (its error, when it cannot open it, in the failure)."""
    r = subprocess.run([sys.executable, "-c", INSPECT], env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, f"the index could not be read after a killed run:\n{r.stderr[-3000:]}"
    return dict(json.loads(r.stdout))


def test_killed_index_runs_never_leave_a_mix(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    env = {
        **os.environ,
        "BOT_CORPUS_DIR": str(corpus),
        "BOT_INDEX_DIR": str(tmp_path / "idx"),
        "BOT_EMBEDDER": "hash",
        "BOT_CHUNK_CHARS": "300",
    }
    index = [sys.executable, "-m", "bot", "index"]
    _write_corpus(corpus, "v1", 120)
    assert subprocess.run(index, env=env, capture_output=True, timeout=600).returncode == 0
    _write_corpus(corpus, "v2", 120)
    rng = random.Random(7)
    kills = 0
    for _ in range(6):
        proc = subprocess.Popen(index, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 4.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        state = _inspect(env)
        assert len(state["docs"]) == 120  # nothing lost
        for doc_id, (doc_hash, n_chunks, title) in state["docs"].items():
            count, hashes = state["visible"][doc_id]
            assert hashes == [doc_hash], f"{doc_id}: mixed versions {hashes}"
            assert count == n_chunks, f"{doc_id}: {count} visible chunks, manifest says {n_chunks}"
            assert title.endswith(("v1", "v2"))
    assert kills >= 1
    done = subprocess.run(index, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0
    state = _inspect(env)
    assert all(title.endswith("v2") for _, _, title in state["docs"].values())
    assert state["stored"] == sum(n for _, n, _ in state["docs"].values())  # the repair left no orphans
