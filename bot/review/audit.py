"""The append-only audit log, chained by hash: each entry's hash covers its content and the
previous entry's hash, and the head row holds the last hash, so editing, deleting or reordering
any entry (or dropping the newest) is detected by :func:`verify`."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .tables import AuditEntry, AuditHead

GENESIS = "0" * 64


def lock_head(session: Session) -> None:
    """First statement of every write transaction: takes the write lock (SQLite) or the head row's
    lock (PostgreSQL), so writers queue here and the chain never forks."""
    session.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1))


def entry_hash(prev: str, at: datetime, actor: str, action: str, review_id: int | None, before: str, after: str, reason: str) -> str:
    payload = json.dumps(
        [prev, at.isoformat(timespec="microseconds"), actor, action, review_id, before, after, reason],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def dumps(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def append(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    review_id: int | None,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str = "",
) -> AuditEntry:
    """Add an entry (call :func:`lock_head` first in the same transaction)."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    b, a = dumps(before), dumps(after)
    h = entry_hash(head.hash, at, actor, action, review_id, b, a, reason)
    entry = AuditEntry(at=at, actor=actor, action=action, review_id=review_id, before=b, after=a, reason=reason, prev_hash=head.hash, hash=h)
    session.add(entry)
    head.hash = h
    return entry


def verify(session: Session) -> list[str]:
    """Problems found walking the chain ([] = intact)."""
    problems: list[str] = []
    prev = GENESIS
    for e in session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars():
        if e.prev_hash != prev:
            problems.append(f"entry {e.id}: does not follow the entry before it (deleted or reordered entries)")
        if entry_hash(e.prev_hash, e.at, e.actor, e.action, e.review_id, e.before, e.after, e.reason) != e.hash:
            problems.append(f"entry {e.id}: content does not match its hash (edited)")
        prev = e.hash
    head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
    if head.hash != prev:
        problems.append("the newest entries are missing (the chain's head does not match its last entry)")
    return problems
