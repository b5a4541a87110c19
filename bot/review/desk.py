"""The review desk: every read and write of the workflow, with the role checked here (server
side) for every caller (CLI, API, web), optimistic locking and one audit entry per change.

Status flow: new -> in_review -> published | dismissed (a published or dismissed review can be
reopened). Overriding the automatic verdict needs a reason."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..errors import AuthError, ConflictError, InputError, NotFoundError
from ..models import Citation, Verdict
from . import audit
from .accounts import digest, hash_password, new_secret, verify_password
from .db import Database
from .models import Actor, AuditItem, Match, ReviewItem
from .tables import ROLES, STATUSES, VERDICTS, AuditEntry, Review, Token, User

SESSION_HOURS = 12
# e5 query cosine of two claims above which a past review is shown: e5's scores are compressed
# (two unrelated claims about one company measured 0.92, a translation 0.95, a changed figure 0.99)
MEMORY_MIN = 0.93
# action -> (statuses it may start from, status it leads to)
FLOW: dict[str, tuple[frozenset[str], str]] = {
    "assign": (frozenset({"new", "in_review"}), "in_review"),
    "set": (frozenset({"new", "in_review"}), "in_review"),
    "publish": (frozenset({"new", "in_review"}), "published"),
    "dismiss": (frozenset({"new", "in_review"}), "dismissed"),
    "reopen": (frozenset({"published", "dismissed"}), "in_review"),
}


Embed = Callable[[list[str]], list[list[float]]]
Relate = Callable[[str, str], str]  # (past claim, new claim) -> supported | refuted | ...


def now() -> datetime:
    """UTC, naive (both backends store it as given)."""
    return datetime.now(UTC).replace(tzinfo=None)


class ReviewDesk:
    def __init__(self, db: Database, *, embed: Embed | None = None, relate: Relate | None = None, read_only: bool = False) -> None:
        self.db = db
        self.embed = embed
        self.relate = relate
        self.read_only = read_only  # BOT_READ_ONLY: no write of any kind (sign-in still works)

    # -- transactions -----------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Session]:
        if self.read_only:
            raise AuthError("editing is disabled on this deployment (BOT_READ_ONLY)")
        with self.db.session() as s, s.begin():
            audit.lock_head(s)
            yield s

    # -- accounts ---------------------------------------------------------------------------

    def add_user(self, name: str, role: str, password: str, *, by: Actor | None = None) -> Actor:
        """``by`` None is the local operator (CLI on the server); otherwise an admin."""
        if by is not None:
            _require(by, "admin")
        name = name.strip()
        if not name or len(name) > 80 or not name.replace("-", "").replace("_", "").replace(".", "").isalnum():
            raise InputError("a user name is 1-80 letters, digits, '.', '-' or '_'")
        if role not in ROLES:
            raise InputError(f"role must be one of {', '.join(ROLES)}")
        hashed = hash_password(password)
        try:
            with self._write() as s:
                u = User(name=name, role=role, password_hash=hashed, created_at=now(), active=True)
                s.add(u)
                s.flush()
                audit.append(s, at=now(), actor=by.name if by else "(local)", action="user.add", review_id=None, before={}, after={"user": name, "role": role})
                return Actor(id=u.id, name=u.name, role=role)
        except IntegrityError as e:
            raise InputError(f"user {name!r} already exists") from e

    def sign_in(self, name: str, password: str, *, hours: float = SESSION_HOURS) -> str:
        """A session secret for the web app (expires), or AuthError."""
        return self._issue(self._check_password(name, password), "session", "web", timedelta(hours=hours))

    def create_token(self, name: str, password: str, *, label: str = "") -> str:
        """An API token for programs and the CLI (no expiry; revoke by deleting the user)."""
        return self._issue(self._check_password(name, password), "api", label, None)

    def token_for(self, actor: Actor, *, label: str = "") -> str:
        """An API token for an actor the caller has already authenticated (``user add``)."""
        return self._issue(actor, "api", label, None)

    def _check_password(self, name: str, password: str) -> Actor:
        with self.db.session() as s:
            u = s.execute(select(User).where(User.name == name)).scalar_one_or_none()
            if u is None or not u.active or not verify_password(u.password_hash, password):
                raise AuthError("wrong user name or password")
            return _actor(u)

    def _issue(self, actor: Actor, kind: str, label: str, ttl: timedelta | None) -> str:
        secret, dig = new_secret("fbs" if kind == "session" else "fbt")
        with self.db.session() as s, s.begin():
            s.add(Token(digest=dig, user_id=actor.id, kind=kind, label=label[:120], created_at=now(), expires_at=now() + ttl if ttl else None))
        return secret

    def actor_for(self, secret: str | None) -> Actor | None:
        """Who holds this session or API token (None if unknown or expired)."""
        if not secret:
            return None
        with self.db.session() as s:
            t = s.execute(select(Token).where(Token.digest == digest(secret))).scalar_one_or_none()
            if t is None or not t.user.active or (t.expires_at is not None and t.expires_at < now()):
                return None
            return _actor(t.user)

    def authenticate(self, secret: str | None) -> Actor:
        actor = self.actor_for(secret)
        if actor is None:
            raise AuthError("sign in first (or give a valid API token)")
        return actor

    def sign_out(self, secret: str) -> None:
        with self.db.session() as s, s.begin():
            t = s.execute(select(Token).where(Token.digest == digest(secret))).scalar_one_or_none()
            if t is not None:
                s.delete(t)

    # -- reviews ----------------------------------------------------------------------------

    def save(
        self,
        verdict: Verdict,
        *,
        by: Actor,
        lang: str = "",
        claim_date: str = "",
        appearance_url: str = "",
        outlet: str = "",
        claim_author: str = "",
    ) -> ReviewItem:
        """Save a checked claim as a new review item."""
        _require(by, "editor")
        if appearance_url and not appearance_url.startswith(("http://", "https://")):
            raise InputError("the appearance URL must start with http:// or https://")
        vec = self._vector(verdict.claim)
        t = now()
        with self._write() as s:
            r = Review(
                claim=verdict.claim,
                lang=lang or "und",
                claim_date=claim_date.strip()[:32],
                appearance_url=appearance_url.strip()[:2000],
                outlet=outlet.strip()[:200],
                claim_author=claim_author.strip()[:200],
                auto_verdict=verdict.verdict,
                auto_confidence=verdict.confidence,
                auto_rationale=verdict.rationale,
                auto_method=verdict.method,
                evidence=json.dumps([c.model_dump() for c in verdict.evidence], ensure_ascii=False),
                status="new",
                editor_rationale="",
                created_by=by.name,
                created_at=t,
                updated_at=t,
                claim_vec=vec,
            )
            s.add(r)
            s.flush()
            audit.append(s, at=t, actor=by.name, action="review.save", review_id=r.id, before={}, after={"status": "new", "auto_verdict": verdict.verdict, "claim": verdict.claim})
            return _item(r)

    def queue(
        self,
        viewer: Actor | None,
        *,
        status: str | None = None,
        lang: str | None = None,
        verdict: str | None = None,
        assignee: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[ReviewItem]:
        """Newest first; the public (``viewer`` None) sees published reviews only."""
        q = select(Review).order_by(Review.updated_at.desc(), Review.id.desc())
        if viewer is None:
            q = q.where(Review.status == "published")
        if status:
            _one_of(status, STATUSES, "status")
            q = q.where(Review.status == status)
        if lang:
            q = q.where(Review.lang == lang)
        if verdict:
            _one_of(verdict, VERDICTS, "verdict")
            q = q.where(func.coalesce(Review.editor_verdict, Review.auto_verdict) == verdict)
        if assignee:
            q = q.join(User, Review.assignee_id == User.id).where(User.name == assignee)
        with self.db.session() as s:
            return [_item(r) for r in s.execute(q.limit(max(1, min(limit, 500))).offset(max(0, offset))).unique().scalars()]

    def get(self, review_id: int, viewer: Actor | None) -> ReviewItem:
        with self.db.session() as s:
            r = s.get(Review, review_id)
            if r is None or (viewer is None and r.status != "published"):
                raise NotFoundError(f"no review {review_id}")
            return _item(r)

    def history(self, review_id: int, viewer: Actor) -> list[AuditItem]:
        _require(viewer, "editor")
        with self.db.session() as s:
            rows = s.execute(select(AuditEntry).where(AuditEntry.review_id == review_id).order_by(AuditEntry.id)).scalars()
            return [
                AuditItem(id=e.id, at=e.at, actor=e.actor, action=e.action, review_id=e.review_id, before=json.loads(e.before), after=json.loads(e.after), reason=e.reason)
                for e in rows
            ]

    def assign(self, review_id: int, assignee: str, *, by: Actor, version: int | None = None) -> ReviewItem:
        def change(s: Session, r: Review) -> None:
            u = s.execute(select(User).where(User.name == assignee)).scalar_one_or_none()
            if u is None or not u.active:
                raise NotFoundError(f"no user {assignee!r}")
            r.assignee_id = u.id
            r.assignee = u

        return self._change(review_id, "assign", change, by=by, version=version)

    def set_verdict(self, review_id: int, verdict: str, rationale: str, *, reason: str, by: Actor, version: int | None = None) -> ReviewItem:
        _one_of(verdict, VERDICTS, "verdict")

        def change(s: Session, r: Review) -> None:
            if verdict != r.auto_verdict and not reason.strip():
                raise InputError(f"overriding the automatic verdict ({r.auto_verdict}) needs a reason")
            r.editor_verdict = verdict
            r.editor_rationale = rationale.strip()

        return self._change(review_id, "set", change, by=by, version=version, reason=reason)

    def publish(self, review_id: int, *, by: Actor, version: int | None = None, reason: str = "") -> ReviewItem:
        def change(s: Session, r: Review) -> None:
            r.published_at = now()

        return self._change(review_id, "publish", change, by=by, version=version, reason=reason)

    def dismiss(self, review_id: int, *, by: Actor, reason: str, version: int | None = None) -> ReviewItem:
        if not reason.strip():
            raise InputError("dismissing a review needs a reason")
        return self._change(review_id, "dismiss", lambda s, r: None, by=by, version=version, reason=reason)

    def reopen(self, review_id: int, *, by: Actor, reason: str, version: int | None = None) -> ReviewItem:
        if not reason.strip():
            raise InputError("reopening a review needs a reason")

        def change(s: Session, r: Review) -> None:
            r.published_at = None

        return self._change(review_id, "reopen", change, by=by, version=version, reason=reason)

    def _change(
        self, review_id: int, action: str, change: Callable[[Session, Review], None], *, by: Actor, version: int | None, reason: str = ""
    ) -> ReviewItem:
        _require(by, "editor")
        starts, leads = FLOW[action]
        try:
            with self._write() as s:
                r = s.get(Review, review_id, populate_existing=True)
                if r is None:
                    raise NotFoundError(f"no review {review_id}")
                if version is not None and r.version != version:
                    raise ConflictError(
                        f"review {review_id} was changed by someone else (version {r.version}, you had {version}): reload it and try again"
                    )
                if r.status not in starts:
                    raise InputError(f"cannot {action} a review that is {r.status}")
                before = _tracked(r)
                change(s, r)
                r.status = leads
                r.updated_at = now()
                s.flush()
                audit.append(s, at=r.updated_at, actor=by.name, action=f"review.{action}", review_id=r.id, before=before, after=_tracked(r), reason=reason.strip())
                return _item(r)
        except StaleDataError as e:
            raise ConflictError(f"review {review_id} was changed by someone else: reload it and try again") from e

    # -- export, memory, audit ------------------------------------------------------------

    def published(self, since: datetime | None = None) -> list[ReviewItem]:
        q = select(Review).where(Review.status == "published").order_by(Review.published_at, Review.id)
        if since is not None:
            q = q.where(Review.published_at >= since)
        with self.db.session() as s:
            return [_item(r) for r in s.execute(q).unique().scalars()]

    def similar(self, claim: str, *, k: int = 3, minimum: float = MEMORY_MIN) -> list[Match]:
        """Published reviews of claims close to this one (any language), best first."""
        vec = self._vector(claim)
        if vec is None:
            return []
        q = np.frombuffer(vec, dtype=np.float32)
        with self.db.session() as s:
            rows = s.execute(select(Review.id, Review.claim_vec).where(Review.status == "published", Review.claim_vec.is_not(None))).all()
            if not rows:
                return []
            ids = [r[0] for r in rows]
            m = np.stack([np.frombuffer(r[1] or b"", dtype=np.float32) for r in rows])
            sims = m @ q / (np.linalg.norm(m, axis=1) * np.linalg.norm(q) + 1e-9)
            out = []
            for i in np.argsort(-sims)[:k]:
                if sims[i] < minimum:
                    break
                r = s.get(Review, ids[int(i)])
                assert r is not None
                label = self.relate(r.claim, claim) if self.relate else ""
                relation = "same" if label == "supported" else "opposite" if label == "refuted" else "related"
                out.append(Match(review=_item(r), similarity=round(float(sims[i]), 4), relation=relation))
            return out

    def verify_audit(self) -> list[str]:
        with self.db.session() as s:
            return audit.verify(s)

    def _vector(self, claim: str) -> bytes | None:
        if self.embed is None:
            return None
        return np.asarray(self.embed([claim])[0], dtype=np.float32).tobytes()


def _require(actor: Actor | None, role: str) -> None:
    if actor is None:
        raise AuthError("sign in first (or give a valid API token)")
    if role == "admin" and actor.role != "admin":
        raise AuthError(f"{actor.name} is an {actor.role}: only an admin may do this")
    if actor.role not in ROLES:
        raise AuthError(f"{actor.name} may not do this")


def _one_of(value: str, allowed: Sequence[str], what: str) -> None:
    if value not in allowed:
        raise InputError(f"{what} must be one of {', '.join(allowed)}")


def _actor(u: User) -> Actor:
    return Actor(id=u.id, name=u.name, role=u.role)


def _tracked(r: Review) -> dict[str, Any]:
    return {
        "status": r.status,
        "assignee": r.assignee.name if r.assignee else None,
        "editor_verdict": r.editor_verdict,
        "editor_rationale": r.editor_rationale,
    }


def _item(r: Review) -> ReviewItem:
    return ReviewItem(
        id=r.id,
        claim=r.claim,
        lang=r.lang,
        claim_date=r.claim_date,
        appearance_url=r.appearance_url,
        outlet=r.outlet,
        claim_author=r.claim_author,
        auto_verdict=r.auto_verdict,
        auto_confidence=r.auto_confidence,
        auto_rationale=r.auto_rationale,
        auto_method=r.auto_method,
        evidence=[Citation(**c) for c in json.loads(r.evidence or "[]")],
        status=r.status,
        assignee=r.assignee.name if r.assignee else None,
        editor_verdict=r.editor_verdict,
        editor_rationale=r.editor_rationale,
        verdict=r.verdict,
        created_by=r.created_by,
        created_at=r.created_at,
        updated_at=r.updated_at,
        published_at=r.published_at,
        version=r.version,
    )
