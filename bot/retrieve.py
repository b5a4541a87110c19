"""Hybrid retrieval: dense (Chroma, multilingual) + lexical BM25 (bm25s), fused by reciprocal rank.

The BM25 side lives in each process's memory and is rebuilt from Chroma's chunk collection
whenever the manifest fingerprint changes, so Chroma stays the single source of truth (also
with several replicas sharing one Chroma server).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from pydantic import ConfigDict

from .models import Chunk, ScoredChunk
from .text import stems

if TYPE_CHECKING:
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document as LCDocument

    from .embed import Embedder
    from .store import Store

log = logging.getLogger(__name__)
RRF_K = 60


class LexicalIndex:
    """BM25 over language-aware stems; queries are stemmed as French and English at once, with their
    words' EN/FR glossary translations."""

    def __init__(self, chunks: list[Chunk]) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
        self.chunks = chunks
        # each chunk is indexed with its document's headline: a passage that speaks of "the
        # company" or "its shares" is found by the name the headline gives it
        corpus = [stems(f"{c.title}\n{c.text}", (c.lang if c.lang in ("fr", "en") else "en",)) or ["∅"] for c in chunks]
        self.vocab = {t for doc in corpus for t in doc}
        self._bm25: Any = None
        if chunks:
            self._bm25 = bm25s.BM25()
            self._bm25.index(corpus, show_progress=False)

    def search(self, query: str, k: int) -> list[tuple[Chunk, float]]:
        """BM25 over the query's stems and those of its words' glossary translations: a document
        in the other language scores by the words it shares with the question once translated,
        not only by names and numbers."""
        from .glossary import translated_words

        asked = stems(query)
        tokens = [t for t in dict.fromkeys(asked + stems(" ".join(translated_words(query)))) if t in self.vocab]
        if not tokens or self._bm25 is None:
            return []
        k = min(k, len(self.chunks))
        idx, scores = self._bm25.retrieve([tokens], k=k, show_progress=False, n_threads=1)
        return [(self.chunks[int(i)], float(s)) for i, s in zip(idx[0], scores[0], strict=True) if s > 0]


class HybridSearcher:
    """Dense + lexical search over a Store, fused with reciprocal rank fusion."""

    def __init__(self, store: Store, embedder: Embedder, *, refresh_seconds: float = 2.0) -> None:
        self.store = store
        self.embedder = embedder
        self._refresh = refresh_seconds
        self._lock = threading.Lock()
        self._lexical: LexicalIndex | None = None
        self._current: dict[str, str] = {}
        self._docs: dict[str, dict[str, Any]] = {}
        self._version = ""
        self._checked = 0.0

    def invalidate(self) -> None:
        with self._lock:
            self._checked = 0.0

    def _state(self) -> tuple[LexicalIndex, dict[str, str]]:
        with self._lock:
            now = time.monotonic()
            if self._lexical is None or now - self._checked > self._refresh:
                docs = self.store.documents()
                current = {k: str(v.get("content_hash", "")) for k, v in docs.items()}
                version = "|".join(f"{k}:{v}" for k, v in sorted(current.items()))
                if self._lexical is None or version != self._version:
                    t0 = time.perf_counter()
                    self._lexical = LexicalIndex(self.store.all_chunks())
                    log.info("lexical index: %d chunks in %.2fs", len(self._lexical.chunks), time.perf_counter() - t0)
                    self._version, self._current, self._docs = version, current, docs
                self._checked = now
            return self._lexical, self._current

    def doc_meta(self) -> dict[str, dict[str, Any]]:
        """Manifest metadata of the visible documents (as of the last refresh)."""
        self._state()
        return self._docs

    def search(self, query: str, k: int = 5, *, fetch: int | None = None) -> list[ScoredChunk]:
        lexical, current = self._state()
        if not current:
            return []
        fetch = fetch or max(20, 4 * k)
        vector = self.embedder.embed_queries([query])[0]
        dense = self.store.dense_search(vector, fetch, current=current)
        lex = lexical.search(query, fetch)
        fused: dict[str, ScoredChunk] = {}
        for rank, (c, _) in enumerate(dense, 1):
            fused[c.chunk_id] = ScoredChunk(chunk=c, score=1.0 / (RRF_K + rank), dense_rank=rank)
        for rank, (c, _) in enumerate(lex, 1):
            # The same weight whatever the chunk's language: across languages BM25 sees only names
            # and numbers, but discounting those ranked same-language chunks above a document in the
            # other language that both lists put first (evals/bench_retrieval.py: English questions
            # on the French seed article, recall@1 0.35 with half weight, 0.84 without).
            w = 1.0 / (RRF_K + rank)
            sc = fused.get(c.chunk_id)
            if sc is None:
                fused[c.chunk_id] = ScoredChunk(chunk=c, score=w, lexical_rank=rank)
            else:
                sc.score += w
                sc.lexical_rank = rank
        ranked = sorted(fused.values(), key=lambda s: (-s.score, s.chunk.doc_id, s.chunk.start))
        return ranked[:k]


def to_lc_document(sc: ScoredChunk) -> LCDocument:
    from langchain_core.documents import Document as LCDocument

    c = sc.chunk
    return LCDocument(
        id=c.chunk_id,
        page_content=c.text,
        metadata={
            "doc_id": c.doc_id,
            "title": c.title,
            "start": c.start,
            "end": c.end,
            "lang": c.lang,
            "score": sc.score,
            "dense_rank": sc.dense_rank,
            "lexical_rank": sc.lexical_rank,
        },
    )


def make_retriever(searcher: HybridSearcher, k: int = 5) -> Any:
    """A LangChain ``BaseRetriever`` over the hybrid searcher (composes into chains)."""
    from langchain_core.retrievers import BaseRetriever

    class HybridRetriever(BaseRetriever):
        model_config = ConfigDict(arbitrary_types_allowed=True)
        searcher: Any
        k: int = 5

        def _get_relevant_documents(
            self, query: str, *, run_manager: CallbackManagerForRetrieverRun
        ) -> list[LCDocument]:
            return [to_lc_document(sc) for sc in self.searcher.search(query, self.k)]

    return HybridRetriever(searcher=searcher, k=k)
