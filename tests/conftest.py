"""Shared fixtures: a tmp corpus with the seed article, fake (hash) and real (e5) bots."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings, set_offline_env

set_offline_env()

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_971f1201538155a2.md"
SEED_ID = "000_971f1201538155a2"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(proc: subprocess.Popen[bytes], port: int, log: Path, *, seconds: float) -> None:
    """Block until a server we started listens on 127.0.0.1:port; fail with its log if it doesn't."""
    deadline = time.time() + seconds
    while time.time() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail(f"{proc.args[:3]} did not start:\n" + log.read_text()[-3000:])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    shutil.copy(SEED, d / SEED.name)
    return d


@pytest.fixture
def settings(tmp_path: Path, corpus: Path) -> Settings:
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index", data_dir=tmp_path / "data", embedder="hash")


@pytest.fixture
def fake_bot(settings: Settings) -> Iterator[object]:
    from bot.chain import build

    bot = build(settings)
    bot.index(progress=False)
    yield bot


@pytest.fixture(scope="session")
def e5() -> object:
    from bot.embed import CachedEmbedder, E5Embedder

    return CachedEmbedder(E5Embedder())


@pytest.fixture(scope="session")
def seed_bot(tmp_path_factory: pytest.TempPathFactory, e5: object) -> object:
    """A real bot (e5 + persistent Chroma) over a copy of the seed corpus, shared by a session."""
    from bot.chain import build

    base = tmp_path_factory.mktemp("seed")
    (base / "corpus").mkdir()
    shutil.copy(SEED, base / "corpus" / SEED.name)
    bot = build(Settings(corpus_dir=base / "corpus", index_dir=base / "index", data_dir=base / "data"), embedder=e5)  # type: ignore[arg-type]
    bot.index(progress=False)
    return bot


def _pg_run(*cmd: str) -> subprocess.CompletedProcess[bytes]:
    """Run a PostgreSQL binary; as the ``postgres`` user when we are root (it refuses root)."""
    import os

    full = ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)
    return subprocess.run(full, check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a free loopback port (Debian's package; make test installs it)."""
    import os
    import tempfile

    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not bins:
        pytest.fail("PostgreSQL is not installed (make test installs Debian's postgresql package)")
    bindir = bins[-1].parent
    base = Path(tempfile.mkdtemp(prefix="factbot-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    data = base / "data"
    _pg_run(str(bindir / "initdb"), "-D", str(data), "-U", "factbot", "--auth=trust", "-E", "UTF8", "--no-sync")
    port = free_port()
    opts = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    _pg_run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-t", "60", "-o", opts, "start")
    try:
        yield f"postgresql+psycopg://factbot@127.0.0.1:{port}"
    finally:
        _pg_run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty review database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'reviews.db'}"
    import uuid

    import psycopg

    server = request.getfixturevalue("postgres_server")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"
