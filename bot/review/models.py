"""Public types of the review workflow (what the CLI's --json, the API and the web show)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..models import Citation

Role = Literal["editor", "admin"]
Status = Literal["new", "in_review", "published", "dismissed"]


class Actor(BaseModel):
    id: int
    name: str
    role: Role


class ReviewItem(BaseModel):
    id: int
    claim: str
    lang: str
    claim_date: str = ""
    appearance_url: str = ""
    outlet: str = ""
    claim_author: str = ""
    auto_verdict: str
    auto_confidence: float
    auto_rationale: str = ""
    auto_method: str = ""
    evidence: list[Citation] = Field(default_factory=list)
    status: Status
    assignee: str | None = None
    editor_verdict: str | None = None
    editor_rationale: str = ""
    verdict: str  # the editor's when set, else the automatic one
    created_by: str = ""
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None
    version: int


class AuditItem(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    review_id: int | None
    before: dict[str, Any]
    after: dict[str, Any]
    reason: str = ""


class Match(BaseModel):
    """A past published review close to a new claim (claim memory)."""

    review: ReviewItem
    similarity: float
    relation: Literal["same", "opposite", "related"]  # the judge on (past claim, new claim)
