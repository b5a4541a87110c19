"""Index lifecycle on a real (embedded) Chroma with the fake embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.chain import FactBot, build
from bot.config import Settings
from bot.errors import IndexMismatchError, IndexMissingError
from bot.ingest import chunk_document, load_document

from ..conftest import SEED_ID


def _chunk_ids(bot: FactBot) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for c in bot.store.all_chunks():
        out.setdefault(c.doc_id, set()).add(c.chunk_id)
    return out


def test_index_is_idempotent(fake_bot: FactBot) -> None:
    before = _chunk_ids(fake_bot)
    report = fake_bot.index(progress=False)
    assert report.unchanged == [SEED_ID] and not (report.added or report.updated or report.removed)
    assert _chunk_ids(fake_bot) == before
    assert fake_bot.store.count() == sum(len(v) for v in before.values())


def test_edit_replaces_only_that_document(fake_bot: FactBot, corpus: Path) -> None:
    (corpus / "other.md").write_text("---\ntitle: Other\nlang: en\n---\nThe sky is blue. Grass is green.\n")
    fake_bot.index(progress=False)
    seed_before = _chunk_ids(fake_bot)[SEED_ID]
    (corpus / "other.md").write_text("---\ntitle: Other\nlang: en\n---\nThe sky is grey today.\n")
    report = fake_bot.index(progress=False)
    assert report.updated == ["other"] and report.unchanged == [SEED_ID]
    after = _chunk_ids(fake_bot)
    assert after[SEED_ID] == seed_before
    assert [c.text for c in fake_bot.store.all_chunks() if c.doc_id == "other"] == ["The sky is grey today."]
    assert fake_bot.store.count() == len(after[SEED_ID]) + 1  # no stale chunk left behind


def test_deleting_a_file_removes_its_chunks(fake_bot: FactBot, corpus: Path) -> None:
    (corpus / "000_971f1201538155a2.md").unlink()
    report = fake_bot.index(progress=False)
    assert report.removed == [SEED_ID]
    assert fake_bot.store.count() == 0 and fake_bot.documents() == {}
    with pytest.raises(IndexMissingError, match="python -m bot index"):
        fake_bot.search("ICE contrat")


def test_broken_file_keeps_its_indexed_version(fake_bot: FactBot, corpus: Path) -> None:
    (corpus / "000_971f1201538155a2.md").write_bytes(b"\x00\x00binary garbage")
    report = fake_bot.index(progress=False)
    assert report.errors and not report.removed
    assert SEED_ID in fake_bot.documents()


def test_interrupted_update_is_invisible_then_repaired(fake_bot: FactBot, corpus: Path) -> None:
    """A crash after writing new chunks but before the manifest switch shows the old version."""
    doc = load_document(corpus / "000_971f1201538155a2.md", corpus)
    new = doc.model_copy(update={"text": "Texte entièrement nouveau.", "content_hash": "deadbeef"})
    chunks = chunk_document(new)
    fake_bot.store.chunks.upsert(  # what put_document does first, then "crash"
        ids=[c.chunk_id for c in chunks],
        embeddings=fake_bot.embedder.embed_passages([c.text for c in chunks]),
        documents=[c.text for c in chunks],
        metadatas=[{"doc_id": c.doc_id, "doc_hash": c.doc_hash, "start": c.start, "end": c.end} for c in chunks],
    )
    visible = {c.text for c in fake_bot.store.all_chunks()}
    assert "Texte entièrement nouveau." not in visible
    fake_bot.searcher.invalidate()
    assert all(h.chunk.doc_hash == doc.content_hash for h in fake_bot.search("Texte entièrement nouveau", 10))
    report = fake_bot.index(progress=False)
    assert report.chunks_removed == len(chunks)


def test_show_returns_the_text_offsets_refer_to(fake_bot: FactBot) -> None:
    doc = fake_bot.show(SEED_ID)
    for c in fake_bot.store.all_chunks():
        assert doc.text[c.start : c.end] == c.text


def test_other_embedder_is_a_clear_error(fake_bot: FactBot, settings: Settings) -> None:
    from bot.embed import HashEmbedder

    other = build(settings, embedder=HashEmbedder(dim=32), client=fake_bot.store.client)
    with pytest.raises(IndexMismatchError, match="index --rebuild"):
        other.search("ICE")


def test_rebuild_switches_embedding_model(fake_bot: FactBot, settings: Settings) -> None:
    from bot.embed import HashEmbedder

    other = build(settings, embedder=HashEmbedder(dim=32), client=fake_bot.store.client)
    report = other.index(rebuild=True, progress=False)
    assert report.added == [SEED_ID]
    assert other.search("Clearview")


def test_hnsw_settings_reach_the_collection_and_ef_search_follows_the_config(
    fake_bot: FactBot, settings: Settings
) -> None:
    hnsw = fake_bot.store.chunks.configuration["hnsw"]
    assert (hnsw["ef_search"], hnsw["max_neighbors"]) == (settings.hnsw_ef_search, settings.hnsw_max_neighbors)
    wider = settings.model_copy(update={"hnsw_ef_search": settings.hnsw_ef_search * 2, "hnsw_max_neighbors": 8})
    reopened = build(wider, client=fake_bot.store.client)
    hnsw = reopened.store.client.get_collection(settings.collection).configuration["hnsw"]
    # ef_search is mutable and follows the configuration; M is fixed when the collection is created.
    assert hnsw["ef_search"] == settings.hnsw_ef_search * 2
    assert hnsw["max_neighbors"] == settings.hnsw_max_neighbors
    assert reopened.search("Clearview")


def test_writes_retry_chroma_internal_errors_then_give_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from chromadb.errors import InternalError

    from bot import store

    monkeypatch.setattr(store.time, "sleep", lambda s: None)
    calls: list[dict[str, object]] = []

    def flaky(**kw: object) -> str:
        calls.append(kw)
        if len(calls) < 3:
            raise InternalError("Error in compaction: Failed to apply logs to the metadata segment")
        return "ok"

    assert store._write(flaky, ids=["a"]) == "ok" and len(calls) == 3

    def broken(**kw: object) -> None:
        raise InternalError("still failing")

    with pytest.raises(InternalError):
        store._write(broken, ids=["a"])

    def wrong(**kw: object) -> None:
        raise ValueError("bad input")  # not retried

    calls.clear()
    with pytest.raises(ValueError):
        store._write(lambda **kw: calls.append(kw) or wrong(), ids=["a"])
    assert len(calls) == 1
