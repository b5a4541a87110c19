"""Benchmark (not a test): retrieval recall in a corpus that mixes French and English documents.

The corpus: the seed article (French), the PIAF test paragraphs (French) and the SQuAD 2.0
held-out paragraphs (English), one document per paragraph, indexed with the real e5 + Chroma +
BM25. The questions: the PIAF test questions (French on French), the answerable SQuAD held-out
questions (English on English) and every question of the seed suite (English and French on the
French article). A question is found at k when one of the first k chunks comes from its
document. Reported per group for the product's search (dense + BM25 fused by reciprocal rank,
the same weight for every language), beside dense-only, BM25-only and the fusion that gave BM25
hits in the other language ``--weights`` of their weight (0.5 until 2026-11-28).

    python evals/bench_retrieval.py [--data ../shared/training] [--weights 0.5 1.0] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from bot.config import Settings, set_offline_env

ROOT = Path(__file__).resolve().parents[1]
KS = (1, 3, 5)


def corpus_and_questions(data: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Documents (id, lang, title, text) and questions (text, lang, doc, group)."""
    from bot.evaluation.cases import load_suite
    from bot.neural.data import piaf_split, read_jsonl, squad_split

    docs: dict[str, dict[str, str]] = {}
    questions = []
    for name, split, lang in (("piaf_fr.jsonl", piaf_split, "fr"), ("squad2_dev_cs224n.jsonl", squad_split, "en")):
        for r in read_jsonl(data / "qa" / name):
            if split(r["title"]) != "test" or not r["answers"]:
                continue
            doc = docs.setdefault(r["context"], {"id": f"{lang}{len(docs):05d}", "lang": lang, "title": r["title"], "text": r["context"]})
            questions.append({"text": r["question"], "lang": lang, "doc": doc["id"], "group": f"{lang} on {lang}"})
    seed = next((ROOT / "corpus").glob("000_*.md"))
    out = list(docs.values()) + [{"id": "seed", "lang": "fr", "title": "", "text": "", "path": str(seed)}]
    for q in load_suite([ROOT / "evals" / "seed.yaml"]).questions:
        if q.answerable:
            questions.append({"text": q.question, "lang": q.lang, "doc": "seed", "group": f"{q.lang} on fr (seed)"})
    return out, questions


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "training")
    ap.add_argument("--weights", type=float, nargs="*", default=[0.5])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    set_offline_env()
    from bot.chain import build
    from bot.retrieve import RRF_K
    from bot.text import detect_lang

    docs, questions = corpus_and_questions(args.data)
    tmp = Path(tempfile.mkdtemp(prefix="bench-retrieval-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        for d in docs:
            if d.get("path"):
                shutil.copy(d["path"], corpus / f"{d['id']}.md")
            else:
                head = f"---\ntitle: {json.dumps(d['title'])}\nlang: {d['lang']}\n---\n"
                (corpus / f"{d['id']}.md").write_text(head + d["text"] + "\n", encoding="utf-8")
        settings = Settings(corpus_dir=corpus, index_dir=tmp / "index", collection="retrievalbench")
        bot = build(settings)
        bot.index(progress=False)
        searcher = bot.searcher
        lexical, current = searcher._state()
        found: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        policies = ["product", "dense", "bm25"] + [f"w={w:g}" for w in args.weights]
        for q in questions:
            vector = bot.embedder.embed_queries([q["text"]])[0]
            dense = searcher.store.dense_search(vector, 20, current=current)
            lex = lexical.search(q["text"], 20)
            qlang = detect_lang(q["text"])
            rankings: dict[str, list[str]] = {
                "product": [h.chunk.doc_id for h in searcher.search(q["text"], 20)],
                "dense": [c.doc_id for c, _ in dense],
                "bm25": [c.doc_id for c, _ in lex],
            }
            for w in args.weights:
                score: dict[str, float] = defaultdict(float)
                doc_of = {}
                for rank, (c, _) in enumerate(dense, 1):
                    score[c.chunk_id] += 1.0 / (RRF_K + rank)
                    doc_of[c.chunk_id] = c.doc_id
                for rank, (c, _) in enumerate(lex, 1):
                    score[c.chunk_id] += (1.0 if c.lang == qlang else w) / (RRF_K + rank)
                    doc_of[c.chunk_id] = c.doc_id
                rankings[f"w={w:g}"] = [doc_of[cid] for cid in sorted(score, key=lambda cid: -score[cid])]
            for name, ranked in rankings.items():
                hit = ranked.index(q["doc"]) + 1 if q["doc"] in ranked else 99
                found[q["group"]][name].append(hit)
        result: dict[str, Any] = {"documents": len(docs), "questions": len(questions), "groups": {}}
        for group, by_policy in sorted(found.items()):
            result["groups"][group] = {
                name: {f"recall@{k}": round(sum(h <= k for h in hits) / len(hits), 3) for k in KS} | {"n": len(hits)}
                for name, hits in by_policy.items()
            }
        if args.json:
            print(json.dumps(result, indent=2))
            return
        print(f"{result['documents']} documents, {result['questions']} questions; recall@1 / @3 / @5")
        print(f"{'group':<22} {'n':>5} " + " ".join(f"{p:>17}" for p in policies))
        for group, by_policy in result["groups"].items():
            n = next(iter(by_policy.values()))["n"]
            cells = [" / ".join(f"{by_policy[p][f'recall@{k}']:.2f}" for k in KS) for p in policies]
            print(f"{group:<22} {n:>5} " + " ".join(f"{c:>17}" for c in cells))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
