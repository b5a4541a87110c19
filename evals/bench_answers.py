"""Benchmark (not a test): warm answer and verify latency on the seed suite, and a cold `ask`.

python evals/bench_answers.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from bot.config import Settings, set_offline_env
from bot.evaluate import pct

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    set_offline_env()
    from bot.chain import build
    from bot.evaluate import load_suite

    suite = load_suite([ROOT / "evals" / "seed.yaml"])
    bot = build(Settings())
    bot.index(progress=False)
    for q in suite.questions:  # warm: model loaded, sentences embedded once
        bot.ask(q.question)
    asks, checks = [], []
    for _ in range(args.rounds):
        for q in suite.questions:
            t = time.perf_counter()
            bot.ask(q.question)
            asks.append((time.perf_counter() - t) * 1000)
        for c in suite.claims:
            t = time.perf_counter()
            bot.check(c.claim)
            checks.append((time.perf_counter() - t) * 1000)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "ask", "Combien l'ICE paie-t-elle ?"],
        check=True,
        capture_output=True,
        cwd=ROOT,
        env=os.environ,
    )
    cold = time.perf_counter() - t
    print(f"warm ask     p50 {pct(asks, 0.5):.1f} ms  p95 {pct(asks, 0.95):.1f} ms  (n={len(asks)})")
    print(f"warm check   p50 {pct(checks, 0.5):.1f} ms  p95 {pct(checks, 0.95):.1f} ms  (n={len(checks)})")
    print(f"cold `python -m bot ask` (one question, index up to date): {cold:.2f} s")
    print(f"peak RSS (warm process): {rss:.0f} MB")


if __name__ == "__main__":
    main()
