"""A launched app (real e5, real Chroma, tmp corpus) and a real Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings

from ..conftest import SEED, free_port

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
]
HOSTILE = """---
title: "Springfield <script>window.__xss=1</script> budget"
lang: en
date: 2024-01
---
The Springfield council approved a budget of 5 million dollars for the new bridge <img src=x onerror="window.__xss=2"> in January.
Read more [here](javascript:window.__xss=3) or <a href="javascript:window.__xss=4">there</a>.
"""


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory, e5: Any) -> Iterator[Any]:
    from bot.chain import build
    from bot.web import launch

    base = tmp_path_factory.mktemp("web")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    bot = build(Settings(corpus_dir=corpus, index_dir=base / "index", data_dir=base / "data"), embedder=e5)
    bot.index(progress=False)
    demo = launch(bot, prevent_thread_lock=True, server_name="127.0.0.1", server_port=free_port(), quiet=True)
    demo.bot = bot
    yield demo
    demo.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, app: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.goto(app.local_url, wait_until="load")
    pg.wait_for_selector("#question textarea, #question input", timeout=60_000)
    yield pg
    ctx.close()


SHOTS = Path(__file__).resolve().parents[2] / "reports" / "screenshots"


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
