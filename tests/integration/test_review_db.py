"""The review workflow on a real database: every test runs on SQLite and on a real PostgreSQL
server (started by the postgres_server fixture)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import text

from bot.errors import AuthError, ConflictError, InputError, NotFoundError
from bot.models import Citation, Verdict
from bot.review import ReviewDesk
from bot.review.claimreview import export
from bot.review.db import HEAD, Database, current_revision, migrate

pytestmark = pytest.mark.integration
PASSWORD = "correct horse battery"


def _verdict(claim: str = "ICE paid Clearview AI $2 million.", label: str = "refuted") -> Verdict:
    quote = "L’agence d’immigration paie 224 000 $ pour ce qui est seulement décrit comme «soutien à la mission»."
    return Verdict(
        claim=claim,
        verdict=label,  # type: ignore[arg-type]
        confidence=0.9,
        rationale="the source gives 224 000 $, the claim says $2 million",
        evidence=[Citation(doc_id="seed", title="ICE", quote=quote, start=93, end=93 + len(quote), lang="fr", date="2020-08")],
        method="rules",
    )


def _fake_embed(texts: list[str]) -> list[list[float]]:
    from bot.embed import HashEmbedder

    return HashEmbedder().embed_queries(texts)


@pytest.fixture
def desk(database_url: str) -> ReviewDesk:
    d = ReviewDesk(Database(database_url), embed=_fake_embed, relate=lambda past, new: "supported")
    yield d
    d.db.close()


def test_a_fresh_database_is_migrated_to_head(desk: ReviewDesk) -> None:
    assert current_revision(desk.db.engine) == HEAD


def test_accounts_passwords_sessions_and_tokens(desk: ReviewDesk) -> None:
    alice = desk.add_user("alice", "editor", PASSWORD)
    with pytest.raises(InputError, match="already exists"):
        desk.add_user("alice", "editor", PASSWORD)
    with pytest.raises(InputError, match="at least"):
        desk.add_user("bob", "editor", "short")
    with pytest.raises(AuthError):
        desk.sign_in("alice", "wrong password!")
    session = desk.sign_in("alice", PASSWORD)
    assert desk.actor_for(session) == alice
    token = desk.create_token("alice", PASSWORD, label="bot")
    assert desk.actor_for(token) == alice and token != session
    assert desk.actor_for("fbt_forged") is None
    desk.sign_out(session)
    assert desk.actor_for(session) is None
    expired = desk.sign_in("alice", PASSWORD, hours=-1)
    assert desk.actor_for(expired) is None
    with desk.db.engine.connect() as conn:  # only digests are stored, never the secrets or passwords
        stored = " ".join(str(v) for row in conn.execute(text("SELECT digest FROM tokens")) for v in row)
        hashes = " ".join(str(v) for row in conn.execute(text("SELECT password_hash FROM users")) for v in row)
    assert token not in stored and PASSWORD not in hashes and hashes.startswith("$argon2")


def test_roles_are_checked_by_the_desk_itself(desk: ReviewDesk) -> None:
    editor = desk.add_user("ed", "editor", PASSWORD)
    with pytest.raises(AuthError):
        desk.save(_verdict(), by=None)  # type: ignore[arg-type]
    with pytest.raises(AuthError, match="only an admin"):
        desk.add_user("mallory", "admin", PASSWORD, by=editor)
    admin = desk.add_user("root", "admin", PASSWORD)
    assert desk.add_user("carol", "editor", PASSWORD, by=admin).role == "editor"
    item = desk.save(_verdict(), by=editor)
    with pytest.raises(AuthError):
        desk.history(item.id, None)  # type: ignore[arg-type]


def test_the_review_flow_override_publish_history_and_export(desk: ReviewDesk) -> None:
    ed = desk.add_user("ed", "editor", PASSWORD)
    desk.add_user("vera", "editor", PASSWORD)
    item = desk.save(_verdict(), by=ed, lang="en", claim_date="2026-03-01", appearance_url="https://example.org/p", outlet="Example Daily")
    assert (item.status, item.version, item.verdict) == ("new", 1, "refuted")
    assert item.evidence[0].quote.startswith("L’agence")
    with pytest.raises(InputError, match="needs a reason"):
        desk.set_verdict(item.id, "supported", "looks right", reason="", by=ed)
    item = desk.assign(item.id, "vera", by=ed, version=1)
    assert (item.assignee, item.status, item.version) == ("vera", "in_review", 2)
    item = desk.set_verdict(item.id, "supported", "a later article confirms it", reason="new source", by=ed, version=2)
    assert (item.verdict, item.auto_verdict) == ("supported", "refuted")
    assert desk.queue(None) == []  # the public sees nothing unpublished
    with pytest.raises(NotFoundError):
        desk.get(item.id, None)
    item = desk.publish(item.id, by=ed, version=3)
    assert item.status == "published" and item.published_at is not None
    assert [r.id for r in desk.queue(None)] == [item.id] and desk.get(item.id, None).verdict == "supported"
    with pytest.raises(InputError, match="cannot set"):
        desk.set_verdict(item.id, "refuted", "", reason="x", by=ed)
    history = desk.history(item.id, ed)
    assert [h.action for h in history] == ["review.save", "review.assign", "review.set", "review.publish"]
    assert history[2].before["editor_verdict"] is None and history[2].after["editor_verdict"] == "supported"
    assert history[2].reason == "new source" and history[2].actor == "ed"
    (doc,) = export(desk.published(), org_name="Newsroom", org_url="https://news.example", site_url="https://fb.example")
    assert doc["claimReviewed"] == item.claim and doc["reviewRating"]["alternateName"] == "True"
    assert doc["itemReviewed"]["appearance"]["url"] == "https://example.org/p"
    assert desk.published(since=item.published_at + timedelta(days=1)) == []  # type: ignore[operator]


def test_queue_filters(desk: ReviewDesk) -> None:
    ed = desk.add_user("ed", "editor", PASSWORD)
    a = desk.save(_verdict(), by=ed, lang="en")
    b = desk.save(_verdict("L'ICE paie 224 000 $.", "supported"), by=ed, lang="fr")
    desk.assign(b.id, "ed", by=ed)
    assert [r.id for r in desk.queue(ed)] == [b.id, a.id]
    assert [r.id for r in desk.queue(ed, lang="fr")] == [b.id]
    assert [r.id for r in desk.queue(ed, verdict="refuted")] == [a.id]
    assert [r.id for r in desk.queue(ed, status="in_review", assignee="ed")] == [b.id]
    with pytest.raises(InputError):
        desk.queue(ed, status="lost")


def test_concurrent_overrides_one_wins_the_other_gets_a_conflict(desk: ReviewDesk) -> None:
    ed = desk.add_user("ed", "editor", PASSWORD)
    ann = desk.add_user("ann", "editor", PASSWORD)
    item = desk.save(_verdict(), by=ed)
    barrier = threading.Barrier(2)
    results: list[object] = []

    def override(who: object, verdict: str) -> None:
        barrier.wait()
        try:
            results.append(desk.set_verdict(item.id, verdict, "", reason=f"{verdict} per {who}", by=who, version=1))  # type: ignore[arg-type]
        except ConflictError as e:
            results.append(e)

    threads = [threading.Thread(target=override, args=(w, v)) for w, v in ((ed, "supported"), (ann, "conflicting"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    conflicts = [r for r in results if isinstance(r, ConflictError)]
    wins = [r for r in results if not isinstance(r, ConflictError)]
    assert len(conflicts) == 1 and len(wins) == 1, results
    assert "reload" in str(conflicts[0])
    final = desk.get(item.id, ed)
    assert final.version == 2 and final.editor_verdict == wins[0].editor_verdict  # type: ignore[attr-defined]
    assert [h.action for h in desk.history(item.id, ed)] == ["review.save", "review.set"]
    assert desk.verify_audit() == []


def test_audit_verify_detects_an_edited_or_dropped_entry(desk: ReviewDesk) -> None:
    ed = desk.add_user("ed", "editor", PASSWORD)
    item = desk.save(_verdict(), by=ed)
    desk.set_verdict(item.id, "supported", "", reason="checked by phone", by=ed)
    assert desk.verify_audit() == []
    with desk.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit SET reason = 'nothing to see' WHERE action = 'review.set'"))
    problems = desk.verify_audit()
    assert problems and "edited" in problems[0]
    with desk.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit SET reason = 'checked by phone' WHERE action = 'review.set'"))
    assert desk.verify_audit() == []
    with desk.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit WHERE action = 'review.set'"))
    assert any("missing" in p for p in desk.verify_audit())


def test_claim_memory_finds_a_published_review_of_the_same_claim(desk: ReviewDesk) -> None:
    ed = desk.add_user("ed", "editor", PASSWORD)
    item = desk.save(_verdict(), by=ed)
    assert desk.similar("ICE paid Clearview AI $2 million.") == []  # not published yet
    desk.publish(item.id, by=ed)
    (match,) = desk.similar("ICE paid Clearview AI $2 million!")
    assert match.review.id == item.id and match.relation == "same" and match.similarity > 0.93
    assert desk.similar("Volcanoes cool the planet.") == []


def test_a_database_at_the_previous_schema_migrates_with_nothing_lost(database_url: str) -> None:
    db = Database(database_url, migrate_on_open=False)
    migrate(db.engine, "0001")
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO users (name, role, password_hash, created_at, active) VALUES ('old', 'editor', 'x', '2026-01-01 10:00:00', true)"
        ))
        conn.execute(text(
            "INSERT INTO reviews (claim, lang, auto_verdict, auto_confidence, status, created_at, updated_at, version, editor_verdict)"
            " VALUES ('An old claim.', 'en', 'refuted', 0.8, 'published', '2026-01-01 10:00:00', '2026-01-01 10:00:00', 3, 'supported')"
        ))
    db.close()
    assert current_revision(Database(database_url, migrate_on_open=False).engine) == "0001"
    desk = ReviewDesk(Database(database_url))
    assert current_revision(desk.db.engine) == HEAD
    (old,) = desk.queue(None)
    assert (old.claim, old.verdict, old.version, old.status) == ("An old claim.", "supported", 3, "published")
    ed = desk.add_user("new", "editor", PASSWORD)
    assert desk.actor_for(desk.token_for(ed)) == ed  # the table 0002 added works
    desk.db.close()


def test_read_only_turns_every_write_off(database_url: str) -> None:
    desk = ReviewDesk(Database(database_url))
    ed = desk.add_user("ed", "editor", PASSWORD)
    item = desk.save(_verdict(), by=ed)
    token = desk.token_for(ed)
    frozen = ReviewDesk(desk.db, read_only=True)
    assert frozen.authenticate(token) == ed and frozen.get(item.id, ed).id == item.id  # reading still works
    for write in (
        lambda: frozen.save(_verdict(), by=ed),
        lambda: frozen.set_verdict(item.id, "supported", "", reason="x", by=ed),
        lambda: frozen.publish(item.id, by=ed),
        lambda: frozen.add_user("eve", "editor", PASSWORD),
    ):
        with pytest.raises(AuthError, match="READ_ONLY"):
            write()
    assert desk.get(item.id, ed).version == 1
    desk.db.close()
