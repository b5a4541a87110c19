"""The review workflow through `python -m bot` (what an editor types), on the SQLite default."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT

pytestmark = pytest.mark.integration


def _run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], env=env, input=stdin, capture_output=True, text=True, timeout=300, cwd=ROOT)


def test_user_check_save_override_publish_export_and_audit_verify(tmp_path: Path, corpus: Path) -> None:
    env = {
        **os.environ,
        "BOT_CORPUS_DIR": str(corpus),
        "BOT_INDEX_DIR": str(tmp_path / "index"),
        "BOT_DATA_DIR": str(tmp_path / "data"),
        "BOT_EMBEDDER": "hash",  # the workflow is under test here, not the models
        "BOT_JUDGE": "rules",
        "BOT_ANSWERER": "rules",
    }
    env.pop("BOT_TOKEN", None)
    assert _run(["index"], env).returncode == 0
    made = _run(["user", "add", "edith", "--role", "editor", "--password-stdin"], env, "a long editor password\n")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert token.startswith("fbt_")
    anon = _run(["review", "list"], env)
    assert anon.returncode == 2 and "token" in anon.stderr
    saved = _run(["check", "--save", "--token", token, "--url", "https://example.org/p", "--outlet", "Example Daily", "ICE paid Clearview AI $2 million."], env)
    assert saved.returncode == 0 and "saved as review #1" in saved.stderr and "REFUTED" in saved.stdout
    env["BOT_TOKEN"] = token
    refused = _run(["review", "set", "1", "supported"], env)
    assert refused.returncode == 2 and "needs a reason" in refused.stderr
    stale = _run(["review", "set", "1", "supported", "--reason", "new source", "--version", "7"], env)
    assert stale.returncode == 2 and "changed by someone else" in stale.stderr
    done = _run(["review", "set", "1", "supported", "--reason", "new source", "--version", "1", "--json"], env)
    assert json.loads(done.stdout)["verdict"] == "supported"
    assert _run(["review", "publish", "1"], env).returncode == 0
    shown = json.loads(_run(["review", "--json", "show", "1"], env).stdout)
    assert [h["action"] for h in shown["history"]] == ["review.save", "review.set", "review.publish"]
    out = tmp_path / "cr.json"
    assert _run(["export", "claimreview", "--out", str(out)], env).returncode == 0
    (doc,) = json.loads(out.read_text(encoding="utf-8"))
    assert doc["claimReviewed"] == "ICE paid Clearview AI $2 million." and doc["itemReviewed"]["appearance"]["url"] == "https://example.org/p"
    assert _run(["audit", "verify"], env).returncode == 0
    with sqlite3.connect(tmp_path / "data" / "reviews.db") as db:
        db.execute("UPDATE audit SET actor = 'someone else' WHERE action = 'review.set'")
    tampered = _run(["audit", "verify"], env)
    assert tampered.returncode == 1 and "edited" in tampered.stdout
