"""The newsroom workflow: review items on a real database (SQLite by default, PostgreSQL via
``BOT_DATABASE_URL``), editors and admins, an append-only audit log chained by hash, claim
memory and ClaimReview export. :class:`ReviewDesk` is the one entry point."""

from __future__ import annotations

from .desk import ReviewDesk
from .models import Actor, AuditItem, Match, ReviewItem

__all__ = ["Actor", "AuditItem", "Match", "ReviewDesk", "ReviewItem"]
