"""Benchmark (not a test): index build throughput and hybrid search latency, real e5 + Chroma.

Corpus: the seed article plus Wikipedia evidence sentences from the CLIMATE-FEVER dev file
(one document per article), so the text is real. Usage:
    python evals/bench_index.py [--climate PATH] [--docs N] [--queries N]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bot.config import Settings, set_offline_env
from bot.evaluation.cases import pct

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--climate", type=Path, default=ROOT.parent / "shared" / "benchmarks" / "climate-fever-dev.jsonl")
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--queries", type=int, default=100)
    args = ap.parse_args()
    set_offline_env()
    from bot.chain import build

    tmp = Path(tempfile.mkdtemp())
    corpus = tmp / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "000_971f1201538155a2.md", corpus)
    articles: dict[str, list[str]] = defaultdict(list)
    claims: list[str] = []
    for line in args.climate.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        claims.append(row["claim"])
        for ev in row["evidences"]:
            if ev["evidence"] not in articles[ev["article"]]:
                articles[ev["article"]].append(ev["evidence"])
    for i, (title, sents) in enumerate(list(articles.items())[: args.docs]):
        (corpus / f"wiki-{i:05d}.md").write_text(
            f"---\ntitle: {json.dumps(title)}\nlang: en\n---\n" + "\n\n".join(sents)
        )

    bot = build(Settings(corpus_dir=corpus, index_dir=tmp / "index"))
    t0 = time.perf_counter()
    bot.embedder.embed_queries(["warm-up"])
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = bot.index(progress=False)
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    bot.index(progress=False)
    noop_s = time.perf_counter() - t0

    queries = (claims + ["Combien l'ICE paie-t-elle ?", "Who signed a contract with Clearview AI?"])[: args.queries]
    bot.search(queries[0])  # builds the lexical side once
    lat = []
    for q in queries:
        t = time.perf_counter()
        bot.search(q, 5)
        lat.append((time.perf_counter() - t) * 1000)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents            {len(report.added)}")
    print(f"chunks               {report.chunks_added}")
    print(f"model load           {load_s:.2f} s")
    print(f"index build          {build_s:.1f} s  ({report.chunks_added / build_s:.1f} chunks/s)")
    print(f"re-index (no change) {noop_s:.2f} s")
    print(f"search latency       p50 {pct(lat, 0.5):.1f} ms  p95 {pct(lat, 0.95):.1f} ms  (n={len(lat)}, cold queries)")
    print(f"peak RSS             {rss:.0f} MB")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
