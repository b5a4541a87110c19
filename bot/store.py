"""Chroma adapter: the only importer of chromadb / langchain_chroma.

Two collections:
- ``<name>``: one record per chunk (vector, text, doc_id, doc_hash, offsets), written through
  ``langchain_chroma.Chroma``; its metadata records the embedding model that built it.
- ``<name>.docs``: the manifest, one record per document (full text + metadata + content hash).

A document switches version atomically: new chunks are written first (their ids include the
new content hash, so they never overwrite the old ones), then the single manifest record is
upserted, then stale chunks are deleted. Readers only trust chunks whose ``doc_hash`` matches
the manifest, so a crash at any point leaves either the old or the new version visible, and
the next ``index`` run deletes the orphans.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .errors import IndexMismatchError, StoreUnavailableError
from .models import Chunk, Document

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from .config import Settings
    from .embed import Embedder

log = logging.getLogger(__name__)
_PAGE = 5000
_WRITE_ATTEMPTS = 4


def _write(op: Callable[..., Any], **kwargs: Any) -> Any:
    """One idempotent write (upsert / delete by id), retried with backoff when Chroma reports an
    internal error: a busy server can fail a write with "Error in compaction" (chroma-core/chroma
    #5366) and accept the same write a moment later. Other errors are raised at once."""
    from chromadb.errors import InternalError

    for attempt in range(_WRITE_ATTEMPTS):
        try:
            return op(**kwargs)
        except InternalError as e:
            if attempt == _WRITE_ATTEMPTS - 1:
                raise
            log.warning("Chroma write failed (%s); retrying in %ss", e, 2**attempt)
            time.sleep(2**attempt)
    return None


def _lc_embeddings(embedder: Embedder) -> Embeddings:
    from langchain_core.embeddings import Embeddings

    class _Adapter(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed_passages(texts)

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_queries([text])[0]

    return _Adapter()


def make_client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    address = settings.chroma_address()
    if address is None:
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)
    host, port = address
    try:
        return chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
    except Exception as e:
        raise StoreUnavailableError(
            f"cannot reach the Chroma server at {host}:{port} ({e}); start it with "
            f"`chroma run --path DIR --host {host} --port {port}` or unset BOT_CHROMA_HOST"
        ) from e


class Store:
    """Chunks + manifest in Chroma, with version-safe updates."""

    def __init__(self, settings: Settings, embedder: Embedder, *, client: Any = None) -> None:
        from langchain_chroma import Chroma

        self.client = client if client is not None else make_client(settings)
        self.name = settings.collection
        self.embedder = embedder
        self._check_model()
        self.vectors = Chroma(
            client=self.client,
            collection_name=self.name,
            embedding_function=_lc_embeddings(embedder),
            collection_metadata={"embedding_model": embedder.name, "dim": embedder.dim},
            collection_configuration={
                "hnsw": {
                    "space": "cosine",
                    "ef_search": settings.hnsw_ef_search,
                    "ef_construction": settings.hnsw_ef_construction,
                    "max_neighbors": settings.hnsw_max_neighbors,
                }
            },
        )
        self.chunks = self.vectors._collection
        self._tune_search(settings.hnsw_ef_search)
        self.manifest = self.client.get_or_create_collection(f"{self.name}.docs", metadata={"kind": "manifest"})
        self._lock = threading.Lock()

    def _check_model(self) -> None:
        try:
            existing = self.client.get_collection(self.name)
        except Exception:  # not found: a fresh index
            return
        built_with = (existing.metadata or {}).get("embedding_model")
        if built_with and built_with != self.embedder.name:
            raise IndexMismatchError(
                f"the index {self.name!r} was built with {built_with!r} but the configured embedder is "
                f"{self.embedder.name!r}; run `python -m bot index --rebuild` (or set BOT_EMBEDDER back)"
            )

    def _tune_search(self, ef_search: int) -> None:
        """ef_search is the one HNSW knob Chroma lets change after creation: bring an existing
        collection to the configured value (it takes effect when the index is next loaded, i.e.
        now for an embedded index, at the next restart for a Chroma server)."""
        current = (self.chunks.configuration or {}).get("hnsw") or {}
        if current.get("ef_search") not in (None, ef_search):
            self.chunks.modify(configuration={"hnsw": {"ef_search": ef_search}})

    # -- manifest -------------------------------------------------------------------------

    def documents(self) -> dict[str, dict[str, Any]]:
        """doc_id -> metadata (title, lang, date, content_hash, n_chunks, ...)."""
        out: dict[str, dict[str, Any]] = {}
        for ids, metas, _ in self._pages(self.manifest, include=["metadatas"]):
            for i, m in zip(ids, metas, strict=True):
                out[i] = dict(m or {})
        return out

    def version(self) -> str:
        """Fingerprint of the visible corpus: changes whenever any document changes."""
        docs = self.documents()
        raw = "\n".join(f"{k}:{v.get('content_hash', '')}" for k, v in sorted(docs.items()))
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def get_document(self, doc_id: str) -> Document | None:
        got = self.manifest.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        meta = dict(got["metadatas"][0] or {})
        fields = {k: str(meta.get(k, "")) for k in ("title", "lang", "date", "source", "url", "path", "content_hash")}
        return Document(doc_id=doc_id, text=got["documents"][0] or "", **fields)

    # -- writes ---------------------------------------------------------------------------

    def put_document(self, doc: Document, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]]) -> int:
        """Make ``doc`` (with its chunks) the visible version; returns stale chunks deleted."""
        with self._lock:
            for i in range(0, len(chunks), _PAGE):
                part = chunks[i : i + _PAGE]
                _write(
                    self.chunks.upsert,
                    ids=[c.chunk_id for c in part],
                    embeddings=[list(v) for v in vectors[i : i + _PAGE]],
                    documents=[c.text for c in part],
                    metadatas=[_chunk_meta(c) for c in part],
                )
            meta = {**doc.meta(), "n_chunks": len(chunks)}
            meta = {k: v for k, v in meta.items() if v != ""}
            _write(self.manifest.upsert, ids=[doc.doc_id], documents=[doc.text], metadatas=[meta], embeddings=[[1.0]])
            return self._delete_chunks({"$and": [{"doc_id": doc.doc_id}, {"doc_hash": {"$ne": doc.content_hash}}]})

    def delete_document(self, doc_id: str) -> int:
        with self._lock:
            _write(self.manifest.delete, ids=[doc_id])
            return self._delete_chunks({"doc_id": doc_id})

    def repair(self) -> int:
        """Delete chunks of unknown documents or stale versions (left by an interrupted run)."""
        current = {k: v.get("content_hash") for k, v in self.documents().items()}
        stale: list[str] = []
        for ids, metas, _ in self._pages(self.chunks, include=["metadatas"]):
            for chunk_id, m in zip(ids, metas, strict=True):
                m = m or {}
                if current.get(str(m.get("doc_id"))) != m.get("doc_hash"):
                    stale.append(chunk_id)
        with self._lock:
            for n in range(0, len(stale), _PAGE):
                _write(self.chunks.delete, ids=stale[n : n + _PAGE])
        return len(stale)

    def _delete_chunks(self, where: dict[str, Any]) -> int:
        got = self.chunks.get(where=where, include=[])
        if got["ids"]:
            for i in range(0, len(got["ids"]), _PAGE):
                _write(self.chunks.delete, ids=got["ids"][i : i + _PAGE])
        return len(got["ids"])

    # -- reads ----------------------------------------------------------------------------

    def count(self) -> int:
        return int(self.chunks.count())

    def chunk_vectors(self, chunk_ids: Sequence[str]) -> dict[str, list[float]]:
        """Stored passage vectors of some chunks (reused for one-sentence chunks)."""
        if not chunk_ids:
            return {}
        got = self.chunks.get(ids=list(chunk_ids), include=["embeddings"])
        embs = got.get("embeddings")
        if embs is None:
            return {}
        return {i: [float(x) for x in e] for i, e in zip(got["ids"], embs, strict=True)}

    def all_chunks(self) -> list[Chunk]:
        """Every visible chunk (current versions only), for the lexical index."""
        current = {k: v.get("content_hash") for k, v in self.documents().items()}
        out: list[Chunk] = []
        for ids, metas, docs in self._pages(self.chunks, include=["metadatas", "documents"]):
            for i, m, d in zip(ids, metas, docs, strict=True):
                c = _chunk_from(i, m or {}, d or "")
                if current.get(c.doc_id) == c.doc_hash:
                    out.append(c)
        return out

    def dense_search(self, vector: Sequence[float], k: int, *, current: dict[str, str]) -> list[tuple[Chunk, float]]:
        """Nearest chunks by cosine similarity, skipping versions the manifest does not name."""
        n = self.count()
        if n == 0:
            return []
        fetch = min(n, max(k * 3, k + 10))
        res = self.vectors.similarity_search_by_vector_with_relevance_scores(list(vector), k=fetch)
        out: list[tuple[Chunk, float]] = []
        for lc_doc, score in res:
            c = _chunk_from(str(lc_doc.id or lc_doc.metadata.get("chunk_id")), lc_doc.metadata, lc_doc.page_content)
            if current.get(c.doc_id) == c.doc_hash:
                out.append((c, float(score)))
        return out[:k]

    def _pages(self, coll: Any, *, include: list[str]) -> Iterator[tuple[list[str], list[Any], list[Any]]]:
        offset = 0
        while True:
            got = coll.get(include=include, limit=_PAGE, offset=offset)
            ids = got["ids"]
            if not ids:
                return
            metas = got.get("metadatas") or [None] * len(ids)
            docs = got.get("documents") or [None] * len(ids)
            yield ids, list(metas), list(docs)
            offset += len(ids)


def _chunk_meta(c: Chunk) -> dict[str, Any]:
    return {
        "chunk_id": c.chunk_id,
        "doc_id": c.doc_id,
        "doc_hash": c.doc_hash,
        "start": c.start,
        "end": c.end,
        "title": c.title,
        "lang": c.lang,
    }


def _chunk_from(chunk_id: str, meta: Any, text: str) -> Chunk:
    return Chunk(
        chunk_id=chunk_id,
        doc_id=str(meta.get("doc_id", "")),
        text=text,
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", 0)),
        doc_hash=str(meta.get("doc_hash", "")),
        title=str(meta.get("title", "")),
        lang=str(meta.get("lang", "und")),
    )
