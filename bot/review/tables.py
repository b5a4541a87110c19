"""The review database's tables (SQLAlchemy 2, typed). The schema itself is made by the Alembic
migrations in ``migrations/versions``; these classes must match their head."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("editor", "admin")
STATUSES = ("new", "in_review", "published", "dismissed")
VERDICTS = ("supported", "refuted", "not_enough_info", "conflicting")


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(default=True)


class Token(Base):
    """API tokens (programs) and web sessions: only a SHA-256 digest of the secret is stored."""

    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(16))  # api | session
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    user: Mapped[User] = relationship(lazy="joined")


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    claim_date: Mapped[str] = mapped_column(String(32), default="")
    appearance_url: Mapped[str] = mapped_column(String(2000), default="")
    outlet: Mapped[str] = mapped_column(String(200), default="")
    claim_author: Mapped[str] = mapped_column(String(200), default="")
    auto_verdict: Mapped[str] = mapped_column(String(24))
    auto_confidence: Mapped[float]
    auto_rationale: Mapped[str] = mapped_column(Text, default="")
    auto_method: Mapped[str] = mapped_column(String(24), default="")
    evidence: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of citations
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    editor_verdict: Mapped[str | None] = mapped_column(String(24))
    editor_rationale: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(index=True)
    published_at: Mapped[datetime | None]
    claim_vec: Mapped[bytes | None] = mapped_column(LargeBinary)  # e5 query vector (float32), for claim memory
    version: Mapped[int] = mapped_column(Integer, default=1)
    assignee: Mapped[User | None] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  (SQLAlchemy's optimistic locking)

    @property
    def verdict(self) -> str:
        """The verdict that counts: the editor's when there is one, else the automatic one."""
        return self.editor_verdict or self.auto_verdict


class AuditEntry(Base):
    """Append-only: each entry's hash covers its content and the previous entry's hash."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(32))
    review_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    after: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the chain's last hash. Every write transaction updates it first, which serialises
    appends on every backend (a row lock on PostgreSQL, the write lock on SQLite)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))
