"""Benchmark (not a test): the store and lexical side at 1k / 10k / 100k chunks, embedded and server.

The bundled e5 embeds ~13-30 passages/s on 2 cores, so 100k chunks would take over an hour: the
chunk vectors here are *precomputed* (e5 vectors of real Wikipedia sentences from CLIMATE-FEVER,
mixed pairwise with a little noise); queries are embedded for real. Reports ingest throughput,
index size on disk, search / ask latency p50/p95, resident memory, and HNSW recall@10 against
exact search. Each (size, mode) runs in its own process so memory figures do not mix.

    python evals/bench_scale.py [--sizes 1000 10000 100000] [--modes embedded server]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CF = ROOT.parent / "shared" / "benchmarks" / "climate-fever-dev.jsonl"
QUESTIONS = [
    "How much is ICE paying Clearview?",
    "What causes sea level rise?",
    "Combien l'ICE paie-t-elle ?",
    "Is Arctic sea ice declining?",
    "What did the CEO say about the agreement?",
    "How hot was 2016?",
]


def dir_size(p: Path) -> int:
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


def print_table(rows: list[dict[str, object]]) -> None:
    """The JSON rows again as one Markdown table (columns from the first row)."""
    cols = list(rows[0]) if rows else []
    print("\n| " + " | ".join(cols) + " |\n|" + "---|" * len(cols))
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")


def base_sentences(n: int) -> list[str]:
    sents: list[str] = []
    for line in CF.read_text(encoding="utf-8").splitlines():
        sents += [e["evidence"] for e in json.loads(line)["evidences"]]
    return list(dict.fromkeys(sents))[:n]


def base_vectors(n: int) -> np.ndarray:
    """e5 passage vectors of the first n distinct CLIMATE-FEVER evidence sentences (cached on disk)."""
    import numpy as np

    from bot.config import set_offline_env

    cache = Path(tempfile.gettempdir()) / f"bot-bench-base-{n}.npy"
    if cache.exists():
        return np.load(cache)
    set_offline_env()
    from bot.embed import E5Embedder

    base = np.asarray(E5Embedder().embed_passages(base_sentences(n)), dtype=np.float32)
    np.save(cache, base)
    return base


def one(size: int, mode: str, base_n: int) -> dict[str, object]:
    import numpy as np

    from bot.config import Settings, set_offline_env
    from bot.evaluation.cases import pct

    set_offline_env()
    from bot.chain import build
    from bot.embed import CachedEmbedder, E5Embedder
    from bot.ingest import content_hash
    from bot.models import Chunk, Document

    sents = base_sentences(base_n)
    e5 = CachedEmbedder(E5Embedder())
    base = base_vectors(base_n)
    rng = np.random.default_rng(0)
    pyrng = random.Random(0)

    tmp = Path(tempfile.mkdtemp(prefix=f"scale{size}-"))
    server = None
    settings = Settings(corpus_dir=tmp / "corpus", index_dir=tmp / "index", collection=f"scale{size}")
    if mode == "server":
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("chroma")),
                "run",
                "--path",
                str(tmp / "srv"),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        settings = settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": port})
    try:
        bot = build(settings, embedder=e5)
        store = bot.store
        vectors = np.empty((size, base.shape[1]), dtype=np.float32)
        per_doc = 100
        t0 = time.perf_counter()
        for d in range(0, size, per_doc):
            texts, chunks = [], []
            for i in range(d, min(size, d + per_doc)):
                a, b = pyrng.randrange(len(sents)), pyrng.randrange(len(sents))
                v = base[a] + 0.5 * base[b] + 0.05 * rng.standard_normal(base.shape[1]).astype(np.float32)
                vectors[i] = v / np.linalg.norm(v)
                texts.append(f"{sents[a]} {sents[b]}")
            body = "\n\n".join(texts)
            doc = Document(
                doc_id=f"d{d // per_doc:05d}",
                title=f"doc {d // per_doc}",
                text=body,
                lang="en",
                content_hash=content_hash(body),
            )
            pos = 0
            for n, t in enumerate(texts):
                start = body.index(t, pos)
                chunks.append(
                    Chunk(
                        chunk_id=f"c{d + n:07d}",
                        doc_id=doc.doc_id,
                        text=t,
                        start=start,
                        end=start + len(t),
                        doc_hash=doc.content_hash,
                        title=doc.title,
                        lang="en",
                    )
                )
                pos = start + len(t)
            store.put_document(doc, chunks, vectors[d : d + len(chunks)].tolist())
        ingest_s = time.perf_counter() - t0
        disk = dir_size(tmp / ("srv" if mode == "server" else "index"))
        t0 = time.perf_counter()
        bot.search("warm-up")  # builds the BM25 side from Chroma
        lexical_build_s = time.perf_counter() - t0
        bot.ask("Who is the warm-up question for?")  # first-call loads (stemmers, glossary)

        qvecs = vectors[rng.choice(size, 50, replace=False)] + 0.05 * rng.standard_normal((50, base.shape[1]))
        current = {k: str(v.get("content_hash")) for k, v in store.documents().items()}
        hits = total = 0
        dense_ms = []
        for q in qvecs:
            q = q / np.linalg.norm(q)
            exact = set(np.argsort(-(vectors @ q.astype(np.float32)))[:10].tolist())
            t = time.perf_counter()
            got = store.dense_search(q.tolist(), 10, current=current)
            dense_ms.append((time.perf_counter() - t) * 1000)
            hits += len(exact & {int(c.chunk_id[1:]) for c, _ in got})
            total += 10
        search_ms, ask_ms = [], []
        for _ in range(3):
            for q in QUESTIONS:
                t = time.perf_counter()
                bot.search(q, 5)
                search_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                bot.ask(q)
                ask_ms.append((time.perf_counter() - t) * 1000)
        return {
            "chunks": size,
            "mode": mode,
            "ingest_chunks_per_s": round(size / ingest_s, 1),
            "disk_mb": round(disk / 1e6, 1),
            "lexical_build_s": round(lexical_build_s, 2),
            "dense_p50_ms": pct(dense_ms, 0.5),
            "dense_p95_ms": pct(dense_ms, 0.95),
            "hybrid_search_p50_ms": pct(search_ms, 0.5),
            "hybrid_search_p95_ms": pct(search_ms, 0.95),
            "ask_p50_ms": pct(ask_ms, 0.5),
            "ask_p95_ms": pct(ask_ms, 0.95),
            "hnsw": f"M={settings.hnsw_max_neighbors} ef_search={settings.hnsw_ef_search}",
            "hnsw_recall_at_10": round(hits / total, 4),
            "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--modes", nargs="+", default=["embedded", "server"])
    ap.add_argument("--base", type=int, default=1500, help="real sentences embedded with e5 as the vector basis")
    ap.add_argument("--one", nargs=2, metavar=("SIZE", "MODE"))
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(int(args.one[0]), args.one[1], args.base)))
        return
    rows = []
    for size in args.sizes:
        for mode in args.modes:
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(size), mode, "--base", str(args.base)],
                capture_output=True,
                text=True,
                env=os.environ,
            )
            if out.returncode != 0:
                print(f"{size} {mode}: failed\n{out.stderr[-2000:]}")
                continue
            for line in out.stderr.splitlines():
                if "retrying" in line:  # Chroma write retries (bot.store._write)
                    print(f"{size} {mode}: {line}")
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(json.dumps(rows[-1]), flush=True)
    print_table(rows)


if __name__ == "__main__":
    main()
