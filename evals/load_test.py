"""Load test (not a test): N concurrent chat users for T seconds against the launched app.

Loopback only, bounded in users, time and requests. Each user posts questions to the app's
`/ask` endpoint over HTTP (Gradio's REST call protocol, the same queue and code path as the
chat) and waits for the answer. Prints throughput, latency p50/p95, errors and server memory.

    python evals/load_test.py [--users 20] [--seconds 60] [--url http://127.0.0.1:7860/]
Without --url it launches the app in this process on a free port (seed corpus, e5, Chroma).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "Who signed a contract with Clearview AI?",
    "Combien l'ICE paie-t-elle ?",
    "What did Clearview say about the agreement?",
    "What is Clearview's annual revenue?",
    "Qui est le PDG de Clearview ?",
    "How many images are in Clearview's database?",
    "Which nonprofit organization shared the government records?",
    "How long does the contract last?",
]
MAX_REQUESTS = 20_000


def ask(client: httpx.Client, url: str, question: str) -> bool:
    r = client.post(f"{url}gradio_api/call/ask", json={"data": [question]})
    r.raise_for_status()
    stream = client.get(f"{url}gradio_api/call/ask/{r.json()['event_id']}").text
    return "event: complete" in stream and '"answer"' in stream


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--url")
    args = ap.parse_args()
    demo = None
    url = args.url
    if not url:
        from bot.config import Settings, set_offline_env

        set_offline_env()
        from bot.chain import build
        from bot.web import launch

        tmp = Path(tempfile.mkdtemp())
        shutil.copytree(ROOT / "corpus", tmp / "corpus")
        bot = build(Settings(corpus_dir=tmp / "corpus", index_dir=tmp / "index"))
        bot.index(progress=False)
        bot.search("warm-up")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        demo = launch(bot, prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True)
        url = demo.local_url
    assert url.startswith(("http://127.", "http://localhost")), "loopback only"
    url = url if url.endswith("/") else url + "/"
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + args.seconds

    def user(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(timeout=120) as client:
            while time.monotonic() < stop and len(latencies) + len(errors) < MAX_REQUESTS:
                t = time.perf_counter()
                try:
                    ok = ask(client, url, rng.choice(QUESTIONS))
                    with lock:
                        (latencies.append((time.perf_counter() - t) * 1000) if ok else errors.append("no answer"))
                except Exception as e:  # counted and reported, never hidden
                    with lock:
                        errors.append(repr(e))

    threads = [threading.Thread(target=user, args=(i,)) for i in range(args.users)]
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    s = sorted(latencies)
    print(
        f"users {args.users}, {wall:.0f} s: {len(latencies)} answers, {len(errors)} errors, "
        f"{len(latencies) / wall:.1f} answers/s"
    )
    if s:
        print(
            f"latency p50 {s[len(s) // 2]:.0f} ms  p95 {s[int(0.95 * (len(s) - 1))]:.0f} ms  "
            f"mean {statistics.mean(s):.0f} ms"
        )
    if demo is not None:
        print(
            f"server peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (app + load threads)"
        )
        demo.close()
    for e in sorted(set(errors))[:5]:
        print("error:", e)


if __name__ == "__main__":
    main()
