"""The review database: an engine from settings, migrations applied on open.

SQLite file under ``BOT_DATA_DIR`` by default (created on first use); PostgreSQL (or any
SQLAlchemy URL) when ``BOT_DATABASE_URL`` is set, so several app replicas share one database."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

HEAD = "0002"


def database_url(database_url: str | None, data_dir: Path) -> str:
    if database_url:
        for scheme in ("postgresql://", "postgres://"):
            if database_url.startswith(scheme):
                return "postgresql+psycopg://" + database_url.removeprefix(scheme)
        return database_url
    data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(data_dir / 'reviews.db').resolve()}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi: Any, _record: Any) -> None:
            cur = dbapi.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (Alembic); a database at an older revision is upgraded."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("bot.review").joinpath("migrations")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rev: str | None = MigrationContext.configure(conn).get_current_revision()
        return rev


class Database:
    """One engine and session factory per process; migrated on open."""

    def __init__(self, url: str, *, migrate_on_open: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        if migrate_on_open:
            migrate(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()
