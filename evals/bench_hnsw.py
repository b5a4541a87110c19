"""Benchmark (not a test): HNSW recall@10 against exact search, swept over Chroma's HNSW settings.

Synthetic vectors built like bench_scale.py's (e5 vectors of real CLIMATE-FEVER sentences mixed
pairwise with noise: a deliberately crowded space, harder than typical news chunks). Every
(size, M, ef_search) gets a fresh collection, since `modify(ef_search)` does not reach an index
already loaded in the process. Prints one JSON row per setting and a table: recall@10, query
p50/p95, build rate, disk size.

    python evals/bench_hnsw.py [--sizes 10000 100000] [--m 16 32] [--ef 100 200 400 800 1600]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evals"))


def synthetic(size: int, base_n: int, seed: int = 0) -> tuple[object, object]:
    import numpy as np
    from bench_scale import base_vectors

    base = base_vectors(base_n)
    rng = np.random.default_rng(seed)
    a = rng.integers(0, len(base), size)
    b = rng.integers(0, len(base), size)
    v = base[a] + 0.5 * base[b] + 0.05 * rng.standard_normal((size, base.shape[1])).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    q = v[rng.choice(size, 100, replace=False)] + 0.05 * rng.standard_normal((100, base.shape[1]))
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    return v.astype(np.float32), q.astype(np.float32)


def build_and_query(vecs, queries, exact, m: int, ef: int, ef_construction: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Build one collection with these settings, then measure recall@10 against ``exact``."""
    import chromadb
    from bench_scale import dir_size

    from bot.evaluation.cases import pct

    tmp = Path(tempfile.mkdtemp(prefix="hnsw-"))
    try:
        client = chromadb.PersistentClient(str(tmp), settings=chromadb.Settings(anonymized_telemetry=False))
        coll = client.create_collection(
            "hnsw-bench",
            configuration={
                "hnsw": {
                    "space": "cosine",
                    "max_neighbors": m,
                    "ef_construction": ef_construction,
                    "ef_search": ef,
                }
            },
        )
        t0 = time.perf_counter()
        for i in range(0, len(vecs), 2000):
            part = vecs[i : i + 2000]
            coll.add(ids=[str(j) for j in range(i, i + len(part))], embeddings=part)
        build = time.perf_counter() - t0
        coll.query(query_embeddings=[queries[0]], n_results=10)
        disk = dir_size(tmp)
        hits, ms = 0, []
        for q, ex in zip(queries, exact, strict=True):
            t = time.perf_counter()
            got = coll.query(query_embeddings=[q], n_results=10, include=[])
            ms.append((time.perf_counter() - t) * 1000)
            hits += len(ex & {int(x) for x in got["ids"][0]})
        return {
            "chunks": len(vecs),
            "max_neighbors": m,
            "ef_construction": ef_construction,
            "ef_search": ef,
            "recall_at_10": round(hits / (10 * len(queries)), 3),
            "query_p50_ms": pct(ms, 0.5),
            "query_p95_ms": pct(ms, 0.95),
            "build_vectors_per_s": round(len(vecs) / build),
            "disk_mb": round(disk / 1e6, 1),
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    import numpy as np
    from bench_scale import print_table

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--m", type=int, nargs="+", default=[16, 32])
    ap.add_argument("--ef", type=int, nargs="+", default=[100, 200, 400, 800, 1600])
    ap.add_argument("--ef-construction", type=int, default=200)
    ap.add_argument("--base", type=int, default=1500)
    args = ap.parse_args()
    rows = []
    for size in args.sizes:
        vecs, queries = synthetic(size, args.base)
        exact = [set(np.argsort(-(vecs @ q))[:10].tolist()) for q in queries]
        for m in args.m:
            for ef in args.ef:
                row = build_and_query(vecs, queries, exact, m, ef, args.ef_construction)
                rows.append(row)
                print(json.dumps(row), flush=True)
    print_table(rows)


if __name__ == "__main__":
    main()
