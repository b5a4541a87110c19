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
from bot.evaluation.cases import pct

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    set_offline_env()
    from bot.chain import build
    from bot.evaluation.cases import load_suite

    suite = load_suite([ROOT / "evals" / "seed.yaml"])
    bot = build(Settings())
    bot.index(progress=False)
    for q in suite.questions:  # warm: model loaded, sentences embedded once
        bot.ask(q.question)
    asks, checks = [], []
    for _ in range(args.rounds):  # answers first: the NLI model is loaded by the first check
        for q in suite.questions:
            t = time.perf_counter()
            bot.ask(q.question)
            asks.append((time.perf_counter() - t) * 1000)
    rss_ask = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for _ in range(args.rounds):
        for c in suite.claims:
            t = time.perf_counter()
            bot.check(c.claim)
            checks.append((time.perf_counter() - t) * 1000)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the CLI in a fresh interpreter; it reports its own peak RSS on exit (VmHWM: ru_maxrss of
    # a child keeps the forking parent's high-water mark across exec)
    probe = (
        "import atexit, runpy, sys; sys.argv = ['bot', 'ask', sys.argv[1]]; "
        "atexit.register(lambda: sys.stderr.write(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')))); "
        "runpy.run_module('bot', run_name='__main__')"
    )
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", probe, "Combien l'ICE paie-t-elle ?"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ,
    )
    cold = time.perf_counter() - t
    rss_cold = int(done.stderr.rsplit("VmHWM:", 1)[1].split()[0]) / 1024
    print(f"warm ask     p50 {pct(asks, 0.5):.1f} ms  p95 {pct(asks, 0.95):.1f} ms  (n={len(asks)})")
    print(f"warm check   p50 {pct(checks, 0.5):.1f} ms  p95 {pct(checks, 0.95):.1f} ms  (n={len(checks)})")
    print(f"cold `python -m bot ask` (one question, index up to date): {cold:.2f} s, peak RSS {rss_cold:.0f} MB")
    print(f"peak RSS, warm process answering: {rss_ask:.0f} MB; after checking claims too (NLI model loaded): {rss:.0f} MB")


if __name__ == "__main__":
    main()
