"""The NLI judge's model at inference: (premise, hypothesis) pairs -> entailment / neutral /
contradiction probabilities, from the shipped cross-encoder (``bot/weights/nli``) on the CPU."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import torch

from .data import NLI_LABELS, nli_sequence
from .runtime import ModelRuntime, shared


class Entailer(ModelRuntime):
    task = "nli"
    labels = tuple(NLI_LABELS)

    def __init__(self, model_dir: Path | None = None, *, threads: int = 2, dtype: torch.dtype = torch.bfloat16) -> None:
        super().__init__(model_dir, threads=threads, dtype=dtype)
        # fitted on the validation pairs (config "calibration"): confidences, not decisions
        self.temperature = float(self.config.get("calibration", {}).get("temperature", 1.0))

    def probs(self, pairs: Sequence[tuple[str, str]], *, batch: int = 16) -> list[dict[str, float]]:
        """One {entailment, neutral, contradiction} distribution per (premise, hypothesis)."""
        seqs = [nli_sequence(self.tok, p, h)[0] for p, h in pairs]
        out: list[dict[str, float]] = [{} for _ in seqs]
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        with self.running():
            for b in range(0, len(order), batch):
                rows = order[b : b + batch]
                logits, _ = self.forward([seqs[i] for i in rows])
                p = torch.softmax(logits.float(), dim=-1)
                for j, i in enumerate(rows):
                    out[i] = {name: float(p[j, k]) for k, name in enumerate(self.labels)}
        return out


def shared_entailer() -> Entailer:
    """One NLI model per process (the weights are loaded once)."""
    return shared(Entailer)
