"""The NLI judge's model at inference: (premise, hypothesis) pairs -> entailment / neutral /
contradiction probabilities, from the shipped cross-encoder (``bot/weights/nli``) on the CPU."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from .data import NLI_LABELS, nli_sequence
from .e5file import read
from .encoder import WordTable, pad_batch
from .model import load_model
from .reader import MODELS_DIR, torch_threads
from .tokenize import load_tokenizer


class Entailer:
    labels = tuple(NLI_LABELS)

    def __init__(self, model_dir: Path | None = None, *, threads: int = 2, dtype: torch.dtype = torch.bfloat16) -> None:
        self.dir = model_dir or MODELS_DIR / "nli"
        self.config: dict[str, Any]
        self.config, self.model = load_model(self.dir, "nli", dtype)
        self.dtype = dtype  # load_model builds the model in it
        self.tok = load_tokenizer()
        self.words = WordTable(read())
        self.threads = threads
        self._lock = threading.Lock()
        # fitted on the validation pairs (config "calibration"): confidences, not decisions
        self.temperature = float(self.config.get("calibration", {}).get("temperature", 1.0))

    def probs(self, pairs: Sequence[tuple[str, str]], *, batch: int = 16) -> list[dict[str, float]]:
        """One {entailment, neutral, contradiction} distribution per (premise, hypothesis)."""
        seqs = [nli_sequence(self.tok, p, h)[0] for p, h in pairs]
        out: list[dict[str, float]] = [{} for _ in seqs]
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        with self._lock, torch.inference_mode(), torch_threads(self.threads):
            for b in range(0, len(order), batch):
                rows = order[b : b + batch]
                ids, mask = pad_batch([seqs[i] for i in rows], self.tok.pad)
                logits, _ = self.model(self.words.lookup(ids).to(self.dtype), mask)
                p = torch.softmax(logits.float(), dim=-1)
                for j, i in enumerate(rows):
                    out[i] = {name: float(p[j, k]) for k, name in enumerate(self.labels)}
        return out


_shared: dict[str, Entailer] = {}
_lock = threading.Lock()


def shared_entailer() -> Entailer:
    """One NLI model per process (the weights are loaded once)."""
    with _lock:
        if "nli" not in _shared:
            _shared["nli"] = Entailer()
        return _shared["nli"]
