"""Extractive-QA benchmarks through the whole pipeline: SQuAD 2.0 format and the project's QA JSONL.

Every paragraph of the file becomes a document of a throw-away corpus (one document per
paragraph), indexed like any corpus; every question goes through retrieval and the configured
answerer. Scoring uses the official SQuAD 2.0 normalisation (lower case, punctuation and
articles removed); an abstention is the empty answer, right only on unanswerable questions.
``--split test|val`` keeps only the articles held out from training (split by title, the same
rule the trainer uses). ``--silent F`` removes the paragraphs of a share F of the questions
from the corpus (chosen by a stable hash of the paragraph): those questions become unanswerable
— the sources are silent while the rest of their article is there —, which measures abstention
on answer-only sets such as PIAF."""

from __future__ import annotations

import collections
import contextlib
import json
import re
import shutil
import statistics
import string
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from ..config import Settings
    from ..embed import Embedder


def normalize_answer(s: str) -> str:
    """SQuAD 2.0's official normalisation."""
    s = s.lower()
    s = "".join(ch for ch in s if ch not in set(string.punctuation))
    s = re.sub(r"\b(a|an|the)\b", " ", s)
    return " ".join(s.split())


def f1_score(pred: str, gold: str) -> float:
    p, g = normalize_answer(pred).split(), normalize_answer(gold).split()
    if not p or not g:
        return float(p == g)
    common = collections.Counter(p) & collections.Counter(g)
    same = sum(common.values())
    if same == 0:
        return 0.0
    prec, rec = same / len(p), same / len(g)
    return 2 * prec * rec / (prec + rec)


def score(pred: str, golds: list[str]) -> tuple[float, float]:
    """(exact match, F1) against the best gold answer; golds == [] means unanswerable."""
    if not golds:
        return (1.0, 1.0) if not pred else (0.0, 0.0)
    return max(float(normalize_answer(pred) == normalize_answer(g)) for g in golds), max(f1_score(pred, g) for g in golds)


def load_rows(path: Path) -> list[dict[str, Any]]:
    """SQuAD 2.0 JSON (data/paragraphs/qas) or the project's QA JSONL (question/context/answers)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        rows = []
        for art in json.loads(text)["data"]:
            for para in art["paragraphs"]:
                for qa in para["qas"]:
                    answers = [] if qa.get("is_impossible") else qa["answers"]
                    rows.append({"title": art["title"], "context": para["context"], "question": qa["question"], "answers": answers, "lang": "en"})
        return rows
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def select(rows: list[dict[str, Any]], split: str, path: Path) -> list[dict[str, Any]]:
    if split == "all":
        return rows
    from ..neural.data import piaf_split, squad_split

    rule = piaf_split if "piaf" in path.name else squad_split
    return [r for r in rows if rule(r["title"]) == split]


@contextlib.contextmanager
def paragraph_corpus(rows: list[dict[str, Any]], settings: Settings, embedder: Embedder) -> Iterator[Any]:
    """A throw-away corpus and index with one document per paragraph; yields the bot."""
    from ..chain import build

    contexts = list(dict.fromkeys(r["context"] for r in rows))
    titles = {r["context"]: r["title"] for r in rows}
    tmp = Path(tempfile.mkdtemp(prefix="qa-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        lang = rows[0].get("lang", "en") if rows else "en"
        for i, c in enumerate(contexts):
            (corpus / f"p{i:05d}.md").write_text(f"---\ntitle: {json.dumps(titles[c])}\nlang: {lang}\n---\n{c}\n", encoding="utf-8")
        bot = build(settings.model_copy(update={"corpus_dir": corpus, "index_dir": tmp / "index", "collection": "qabench"}), embedder=embedder)
        bot.index(progress=False)
        yield bot
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def silenced(rows: list[dict[str, Any]], share: float) -> set[str]:
    """The paragraphs left out of the corpus for ``--silent``: a stable share of them."""
    from ..neural.data import bucket

    return {r["context"] for r in rows if bucket("silent:" + r["context"], 1000) < round(share * 1000)} if share > 0 else set()


def other_language(rows: list[dict[str, Any]], data: Path, seed: int = 13) -> list[dict[str, Any]]:
    """The rows with each question put word by word into the other language than its passage
    (``bot/neural/codeswitch.py``, the lexicon of the training files in ``data``): English
    questions on PIAF's French paragraphs, French ones on SQuAD's English paragraphs. A proxy for
    users asking across languages, which no permissive QA file holds; it calibrates the reader's
    threshold for passages read in the other language (model card)."""
    import random

    from ..neural.codeswitch import translate
    from ..neural.data import lexicon_for

    lex = lexicon_for(data)
    rng = random.Random(seed)
    return [{**r, "question": translate(r["question"], r.get("lang", "en"), lex, rng, keep=0.0)} for r in rows]


def run_qa(
    path: Path, settings: Settings, *, embedder: Embedder, split: str = "all", limit: int = 0, silent: float = 0.0,
    across: Path | None = None,
) -> dict[str, Any]:
    """``across``: the training data folder; each question is asked in the other language
    (``other_language``)."""
    from ..answers.polar import polar_answer
    from ..answers.reader import ReaderAnswerer, passages_from
    from ..answers.rules import ExtractiveAnswerer
    from ..text import detect_lang

    rows = select(load_rows(path), split, path)
    if limit:
        rows = rows[:limit]
    if across is not None:
        rows = other_language(rows, across)
    gone = silenced(rows, silent)
    if gone:
        rows = [{**r, "answers": []} if r["context"] in gone else r for r in rows]
    indexed = [r for r in rows if r["context"] not in gone]
    contexts = list(dict.fromkeys(r["context"] for r in indexed))
    t0 = time.time()
    with paragraph_corpus(indexed, settings, embedder) as bot:
        index_s = time.time() - t0
        reader = ReaderAnswerer(passages=settings.read_k, fallback=True)
        rules = ExtractiveAnswerer()
        fallback = reader.rules
        assert fallback is not None
        items: list[dict[str, Any]] = []
        lat: list[float] = []
        for r in rows:
            q = bot.check_query(r["question"])
            t = time.perf_counter()
            read, evidence = bot.question_evidence(q)  # as `ask` reads it
            lang = detect_lang(q)
            best, hit, readings = reader.best(read, evidence)
            span, quote = "", ""
            if hit:
                s, a, b = hit
                span, quote = s.text[a:b].strip(), s.text
            ra = rules.answer(read, evidence, lang=lang, dates={})
            fa = fallback.answer(read, evidence, lang=lang, dates={})
            claim = bot.polar_claim(q, lang)
            pa = polar_answer(q, bot.check(claim), lang=lang) if claim is not None else None
            lat.append((time.perf_counter() - t) * 1000)
            items.append({
                "question": q, "golds": [a["text"] for a in r["answers"]], "lang": r.get("lang", lang),
                "prob": best.prob if best else 0.0, "span": span, "quote": quote,
                "span_score": best.span_score if best else 0.0, "rank": best.passage if best else -1,
                # the best reading is of a passage in the other language than the question's
                "across": best is not None and reader.across(best, passages_from(evidence)[: reader.passages], lang),
                "probs": [round(x.prob, 4) for x in readings],
                "rules": "" if ra.abstained else (ra.short or (ra.citations[0].quote if ra.citations else "")),
                "rules_quote": ra.citations[0].quote if ra.citations else "",
                "rules_coverage": max((e.coverage for e in evidence if ra.citations and e.sentence.text == ra.citations[0].quote), default=0.0),
                "kind": ra.kind,
                # the rules as the hybrid's fallback (stricter on untyped questions)
                "fallback": "" if fa.abstained else (fa.short or (fa.citations[0].quote if fa.citations else "")),
                "fallback_quote": fa.citations[0].quote if fa.citations else "",
                # a yes/no question: the product's answer comes from the judge (yes / no / abstain)
                "polar": None if pa is None else {"short": pa.short, "quote": pa.citations[0].quote if pa.citations else ""},
            })
    threshold = reader.threshold
    result = {
        "dataset": path.name, "split": split, "questions": len(items), "paragraphs": len(contexts),
        "answerable": sum(bool(i["golds"]) for i in items), "threshold": threshold, "silent": len(gone),
        "index_s": round(index_s, 1),
        "latency_ms": {"p50": round(statistics.median(lat), 1), "p95": round(sorted(lat)[int(0.95 * (len(lat) - 1))], 1)} if lat else {},
        "threshold_across": reader.threshold_across,
        "reader+rules": metrics(items, threshold, mode="hybrid", across=reader.threshold_across),
        "reader": metrics(items, threshold, mode="reader", across=reader.threshold_across),
        "rules": metrics(items, threshold, mode="rules"),
        "always_abstain": metrics(items, threshold, mode="abstain"),
        "items": items,
    }
    result["text"] = table(result)
    return result


Mode = Literal["hybrid", "reader", "rules", "abstain"]


def predict(item: dict[str, Any], threshold: float, *, mode: Mode, across: float | None = None) -> tuple[str, str]:
    """(short answer, cited quote) for one question; ("", "") = abstain. ``reader``: the reader at
    the threshold; ``hybrid``: below it the rules as the product's fallback (stricter on untyped
    questions), and a yes/no question the judge's yes / no (``polar``); ``rules``: the rules alone.
    ``across``: the reader's threshold where its passage is in the other language than the
    question (default ``threshold``)."""
    if mode == "hybrid" and item.get("polar") is not None:
        return item["polar"]["short"], item["polar"]["quote"]
    if mode == "rules":
        return (item["rules"], item["rules_quote"]) if item["rules"] else ("", "")
    bar = across if across is not None and item.get("across") else threshold
    if mode in ("reader", "hybrid") and item["prob"] >= bar and item["span"]:
        return item["span"], item["quote"]
    if mode == "hybrid" and item.get("fallback"):
        return item["fallback"], item["fallback_quote"]
    return "", ""


def metrics(items: list[dict[str, Any]], threshold: float, *, mode: Mode, across: float | None = None) -> dict[str, float]:
    em = f1 = 0.0
    answered = right_abstain = unans = ans = answered_ans = inside = 0
    for it in items:
        pred, quote = predict(it, threshold, mode=mode, across=across)
        e, f = score(pred, it["golds"])
        em += e
        f1 += f
        if it["golds"]:
            ans += 1
            if pred:
                answered_ans += 1
                inside += any(normalize_answer(g) in normalize_answer(quote + " " + pred) for g in it["golds"])
        else:
            unans += 1
            right_abstain += not pred
        answered += bool(pred)
    n = max(len(items), 1)
    return {
        "em": round(100 * em / n, 1),
        "f1": round(100 * f1 / n, 1),
        "answered_rate": round(answered / n, 3),
        "answered_of_answerable": round(answered_ans / max(ans, 1), 3),
        "gold_in_answer_of_answerable": round(inside / max(ans, 1), 3),
        "abstain_accuracy": round(right_abstain / unans, 3) if unans else float("nan"),
    }


def table(result: dict[str, Any]) -> str:
    silent = f" ({result['silent']} paragraphs left out: their questions unanswerable)" if result.get("silent") else ""
    head = f"{result['dataset']} ({result['split']}): {result['questions']} questions, {result['answerable']} answerable, {result['paragraphs']} paragraphs{silent}; threshold {result['threshold']} (other language {result.get('threshold_across', result['threshold'])})"
    cols = ["em", "f1", "answered_rate", "answered_of_answerable", "gold_in_answer_of_answerable", "abstain_accuracy"]
    lines = [head, f"  {'':16s}" + "".join(f"{c[:14]:>15s}" for c in cols)]
    for name in ("reader+rules", "reader", "rules", "always_abstain"):
        m = result[name]
        lines.append(f"  {name:16s}" + "".join(f"{m[c]:>15}" for c in cols))
    lines.append(f"  latency per question (retrieve + read + rules): p50 {result['latency_ms'].get('p50')} ms, p95 {result['latency_ms'].get('p95')} ms")
    return "\n".join(lines)
