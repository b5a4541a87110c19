"""Review database figures: save, queue and claim-memory latency at 10k reviews, export time.

    python evals/bench_reviews.py [--n 10000] [--url postgresql+psycopg://...]   (default: a temp SQLite file)

Claims are embedded with the hash embedder (the figure is the database's and numpy's cost, not
e5's: an e5 query vector adds about 10 ms per saved or checked claim)."""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from bot.embed import HashEmbedder
from bot.models import Citation, Verdict
from bot.review import ReviewDesk
from bot.review.claimreview import export
from bot.review.db import Database


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(q * len(xs)))], 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--url", default="")
    args = ap.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'reviews.db'}"
    emb = HashEmbedder()
    desk = ReviewDesk(Database(url), embed=emb.embed_queries)
    ed = desk.add_user(f"bench{random.randrange(10**6)}", "editor", "benchmark password")
    rng = random.Random(13)
    labels = ["supported", "refuted", "not_enough_info", "conflicting"]
    cite = Citation(doc_id="seed", title="ICE", quote="L’agence d’immigration paie 224 000 $.", start=0, end=38, lang="fr")
    saves = []
    t0 = time.perf_counter()
    for i in range(args.n):
        v = Verdict(claim=f"Claim number {i}: agency {rng.randrange(500)} paid {rng.randrange(10**6)} dollars.", verdict=rng.choice(labels), confidence=0.8, evidence=[cite], rationale="bench")  # type: ignore[arg-type]
        t = time.perf_counter()
        item = desk.save(v, by=ed, lang=rng.choice(["en", "fr"]))
        saves.append((time.perf_counter() - t) * 1000)
        if i % 5 == 0:
            desk.publish(item.id, by=ed)
    fill = time.perf_counter() - t0

    def timed(fn: object, n: int = 40) -> list[float]:
        out = []
        for _ in range(n):
            t = time.perf_counter()
            fn()  # type: ignore[operator]
            out.append((time.perf_counter() - t) * 1000)
        return out

    queue = timed(lambda: desk.queue(ed))
    filtered = timed(lambda: desk.queue(ed, status="new", lang="fr", verdict="refuted"))
    public = timed(lambda: desk.queue(None))
    memory = timed(lambda: desk.similar("Agency 12 paid 5000 dollars."), 10)
    t = time.perf_counter()
    doc = export(desk.published(), org_name="N", org_url="", site_url="http://x")
    export_s = time.perf_counter() - t
    t = time.perf_counter()
    problems = desk.verify_audit()
    verify_s = time.perf_counter() - t
    print(f"backend {url.split(':')[0]}, {args.n} reviews ({len(doc)} published), filled in {fill:.1f} s")
    print(f"save (incl. audit entry)      p50 {pct(saves, .5)} ms  p95 {pct(saves, .95)} ms")
    print(f"review list (50 newest)       p50 {pct(queue, .5)} ms  p95 {pct(queue, .95)} ms")
    print(f"review list, 3 filters        p50 {pct(filtered, .5)} ms  p95 {pct(filtered, .95)} ms")
    print(f"public list (published)       p50 {pct(public, .5)} ms  p95 {pct(public, .95)} ms")
    print(f"claim memory (all published)  p50 {pct(memory, .5)} ms  p95 {pct(memory, .95)} ms")
    print(f"ClaimReview export            {export_s:.2f} s for {len(doc)} reviews")
    print(f"audit verify                  {verify_s:.2f} s, {'intact' if not problems else problems[:2]}")
    print(f"mean save {statistics.mean(saves):.1f} ms")


if __name__ == "__main__":
    main()
