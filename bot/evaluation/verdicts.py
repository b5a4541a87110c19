"""Public benchmark harnesses: CLIMATE-FEVER end to end, DACCORD for the verifier alone.

Both read files in the exact format of the original data sets (see ../shared/benchmarks/).
"""

from __future__ import annotations

import csv
import json
import shutil
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..text import content_words
from .cases import confusion, macro_f1, pct

if TYPE_CHECKING:
    from ..config import Settings
    from ..embed import Embedder

CF_LABELS = {
    "supported": "SUPPORTS",
    "refuted": "REFUTES",
    "not_enough_info": "NOT_ENOUGH_INFO",
    "conflicting": "DISPUTED",
}


def _table(title: str, rows: list[tuple[str, Any]]) -> str:
    return "\n".join([title] + [f"  {k:34s} {v}" for k, v in rows])


def run_climate_fever(path: Path, settings: Settings, *, embedder: Embedder, limit: int = 0) -> dict[str, Any]:
    """Pool every evidence sentence into a corpus (one document per article), index it, check each claim."""
    from ..chain import build

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit:
        rows = rows[:limit]
    articles: dict[str, dict[str, str]] = defaultdict(dict)
    for r in rows:
        for ev in r["evidences"]:
            articles[ev["article"]][ev["evidence_id"]] = ev["evidence"]
    tmp = Path(tempfile.mkdtemp(prefix="cf-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        for i, (title, sents) in enumerate(sorted(articles.items())):
            body = "\n\n".join(sents[k] for k in sorted(sents, key=lambda k: int(k.rsplit(":", 1)[-1])))
            (corpus / f"a{i:05d}.md").write_text(
                f"---\ntitle: {json.dumps(title)}\nlang: en\n---\n{body}\n", encoding="utf-8"
            )
        bot = build(
            settings.model_copy(
                update={"corpus_dir": corpus, "index_dir": tmp / "index", "collection": "climatefever"}
            ),
            embedder=embedder,
        )
        t0 = time.perf_counter()
        report = bot.index(progress=False)
        index_s = time.perf_counter() - t0
        gold, pred, base_overlap, lat = [], [], [], []
        items: list[dict[str, str]] = []
        sent_hits = sent_total = claim_hits = claim_with_gold = 0
        from tqdm import tqdm

        for r in tqdm(rows, desc="claims", unit="claim", mininterval=10):
            golds = [e["evidence"] for e in r["evidences"] if e["evidence_label"] in ("SUPPORTS", "REFUTES")]
            t = time.perf_counter()
            hits = bot.search(r["claim"], 5)
            v = bot.check(r["claim"])
            items.append({"claim": r["claim"], "gold": r["claim_label"], "verdict": v.verdict, "method": v.method})
            lat.append((time.perf_counter() - t) * 1000)
            gold.append(r["claim_label"])
            pred.append(CF_LABELS[v.verdict])
            if golds:
                text = "\n".join(h.chunk.text for h in hits)
                found = sum(g.strip() in text for g in golds)
                sent_hits += found
                sent_total += len(golds)
                claim_with_gold += 1
                claim_hits += found > 0
            base_overlap.append(_overlap_baseline(bot, r["claim"]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    majority = Counter(gold).most_common(1)[0][0]
    f1, per = macro_f1(gold, pred)
    base_f1, _ = macro_f1(gold, base_overlap)
    maj_f1, _ = macro_f1(gold, [majority] * len(gold))
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    result: dict[str, Any] = {
        "dataset": "climate-fever",
        "items": items,
        "claims": len(rows),
        "documents": len(articles),
        "chunks": report.chunks_added,
        "index_seconds": round(index_s, 1),
        "accuracy": round(acc, 4),
        "macro_f1": f1,
        "per_label": per,
        "confusion": confusion(gold, pred),
        "recall_at_5_sentences": round(sent_hits / sent_total, 4) if sent_total else None,
        "hit_at_5_claims": round(claim_hits / claim_with_gold, 4) if claim_with_gold else None,
        "latency_ms": {"p50": pct(lat, 0.5), "p95": pct(lat, 0.95)},
        "baselines": {
            f"majority ({majority})": {"accuracy": round(gold.count(majority) / len(gold), 4), "macro_f1": maj_f1},
            "bm25 top-1 + word overlap": {
                "accuracy": round(sum(g == p for g, p in zip(gold, base_overlap, strict=True)) / len(gold), 4),
                "macro_f1": base_f1,
            },
        },
    }
    result["text"] = _table(
        "CLIMATE-FEVER",
        [
            ("claims / documents / chunks", f"{len(rows)} / {len(articles)} / {report.chunks_added}"),
            ("index build", f"{index_s:.1f} s"),
            ("accuracy", result["accuracy"]),
            ("macro-F1", f1),
            ("recall@5 (gold sentences)", result["recall_at_5_sentences"]),
            ("hit@5 (claims with gold)", result["hit_at_5_claims"]),
            ("latency per claim p50 / p95", f"{pct(lat, 0.5)} / {pct(lat, 0.95)} ms"),
            *[
                (f"baseline {k}", f"acc {v['accuracy']}  macro-F1 {v['macro_f1']}")
                for k, v in result["baselines"].items()
            ],
            *[
                (f"label {k}", f"P {v['precision']} R {v['recall']} F1 {v['f1']} n={v['support']}")
                for k, v in per.items()
            ],
            ("confusion (rows = gold)", json.dumps(result["confusion"])),
        ],
    )
    return result


def _overlap_baseline(bot: Any, claim: str) -> str:
    """BM25 top-1 chunk; SUPPORTS if it shares half the claim's content words, else NOT_ENOUGH_INFO."""
    lexical, _ = bot.searcher._state()
    top = lexical.search(claim, 1)
    words = set(content_words(claim))
    if not top or not words:
        return "NOT_ENOUGH_INFO"
    overlap = len(words & set(content_words(top[0][0].text))) / len(words)
    return "SUPPORTS" if overlap >= 0.5 else "NOT_ENOUGH_INFO"


def run_daccord(path: Path, settings: Settings, *, embedder: Embedder, limit: int = 0) -> dict[str, Any]:
    """Premise as the only evidence, hypothesis as the claim; balanced accuracy of refuted-vs-not."""
    from ..evidence import EvidenceRanker
    from ..judge import build_judge, split_claim
    from ..judge.rules import negated
    from ..text import detect_lang

    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if limit:
        rows = rows[:limit]
    ranker = EvidenceRanker(embedder)
    judge = build_judge(settings.judge, ranker)
    gold, pred, neg_base, lat = [], [], [], []
    items: list[dict[str, Any]] = []
    for r in rows:
        premise, claim = r["premise"].strip(), r["hypothesis"].strip()
        t = time.perf_counter()
        labels = [judge.judge_pair(part, premise, lang=detect_lang(claim)).label for part in split_claim(claim)]
        lat.append((time.perf_counter() - t) * 1000)
        items.append({"premise": premise, "claim": claim, "gold": r["label"], "verdicts": labels})
        gold.append(r["label"] == "1")
        pred.append("refuted" in labels)
        neg_base.append(negated(claim) != negated(premise))
    result: dict[str, Any] = {
        "dataset": "daccord",
        "items": items,
        "pairs": len(rows),
        "balanced_accuracy": _balanced(gold, pred),
        "refuted_recall": _rate(pred, gold, True),
        "compatible_recall": _rate(pred, gold, False),
        "latency_ms": {"p50": pct(lat, 0.5), "p95": pct(lat, 0.95)},
        "baselines": {"always not-refuted": 0.5, "negation mismatch only": _balanced(gold, neg_base)},
    }
    result["text"] = _table(
        "DACCORD (refuted vs not)",
        [
            ("pairs", len(rows)),
            ("balanced accuracy", result["balanced_accuracy"]),
            ("recall on contradictions", result["refuted_recall"]),
            ("recall on compatible", result["compatible_recall"]),
            ("latency per pair p50 / p95", f"{pct(lat, 0.5)} / {pct(lat, 0.95)} ms"),
            *[(f"baseline {k}", v) for k, v in result["baselines"].items()],
        ],
    )
    return result


def _rate(pred: list[bool], gold: list[bool], cls: bool) -> float:
    idx = [i for i, g in enumerate(gold) if g == cls]
    return round(statistics.mean(pred[i] == cls for i in idx), 4) if idx else 0.0


def _balanced(gold: list[bool], pred: list[bool]) -> float:
    return round((_rate(pred, gold, True) + _rate(pred, gold, False)) / 2, 4)


def _test_split(row: dict[str, Any]) -> bool:
    return bool(row.get("split") == "test")


# name: (file under nli/, row filter): VitaminC pages the trainer held out, test splits elsewhere
NLI_SETS: dict[str, tuple[str, Callable[[dict[str, Any]], bool]]] = {
    "vitaminc_heldout_en": ("vitaminc_real", lambda r: _vitaminc_val(r)),
    "rte3_fr_test": ("rte3_fr", _test_split),
    "xnli_fr_test": ("xnli_fr", _test_split),  # NC: evaluation only
}
TO_NLI = {"supported": "entailment", "refuted": "contradiction", "not_enough_info": "neutral", "conflicting": "neutral"}


def _vitaminc_val(row: dict[str, Any]) -> bool:
    from ..neural.data import vitaminc_split

    return vitaminc_split(row.get("page", row.get("id", ""))) == "val"


def run_nli(data: Path, settings: Settings, *, embedder: Embedder, limit: int = 0) -> dict[str, Any]:
    """3-way accuracy on NLI pairs the model never trained on: the model alone (argmax), the rules
    and the combined judge (premise as the passage, hypothesis as the claim; supported ->
    entailment, refuted -> contradiction, else neutral), and the majority label."""
    from ..evidence import EvidenceRanker
    from ..judge.combined import CombinedJudge
    from ..judge.nli import NLIJudge
    from ..judge.rules import RuleJudge
    from ..judge.stacked import Stacker
    from ..neural.data import read_jsonl, vitaminc_half
    from ..neural.entail import shared_entailer

    folder = data / "nli" if (data / "nli").is_dir() else data
    entailer = shared_entailer()
    ranker = EvidenceRanker(embedder)
    rules, nli = RuleJudge(ranker), NLIJudge(entailer, ranker)
    combined = CombinedJudge(rules, nli, stacker=Stacker.load())
    result: dict[str, Any] = {"dataset": "nli", "sets": {}}
    lines = []
    for name, (file, keep) in NLI_SETS.items():
        rows = [r for r in read_jsonl(folder / f"{file}.jsonl") if keep(r)]
        if limit:
            rows = rows[:limit]
        gold = [r["label"] for r in rows]
        t = time.perf_counter()
        probs = entailer.probs([(r["premise"], r["hypothesis"]) for r in rows])
        model_ms = (time.perf_counter() - t) * 1000 / max(1, len(rows))
        by_model = [max(p, key=p.__getitem__) for p in probs]
        by_rules, by_combined = [], []
        for r in rows:
            lang = r.get("lang", "en")
            j = rules.judge_pair(r["hypothesis"], r["premise"], lang=lang)
            by_rules.append(TO_NLI[j.label])
            c = combined.pair_after_rules(j, r["hypothesis"], r["premise"], lang=lang)
            by_combined.append(TO_NLI[c.label])
        majority = Counter(gold).most_common(1)[0][0]
        figures: dict[str, Any] = {
            "pairs": len(rows),
            "model": _three_way(gold, by_model),
            "rules": _three_way(gold, by_rules),
            "combined": _three_way(gold, by_combined),
            f"majority ({majority})": round(gold.count(majority) / len(gold), 4),
            "model_ms_per_pair": round(model_ms, 1),
        }
        preds = {"model": by_model, "rules": by_rules, "combined": by_combined}
        if name.startswith("vitaminc"):
            # the pages the combined judge's learned step was not fitted on (bot/judge/stacked.py)
            idx = [i for i, r in enumerate(rows) if vitaminc_half(r.get("page", "")) == "test"]
            figures["test_half"] = {"pairs": len(idx), **{who: _three_way([gold[i] for i in idx], [p[i] for i in idx]) for who, p in preds.items()}}
        result["sets"][name] = figures
        lines.append((name, f"{len(rows)} pairs, majority {figures[f'majority ({majority})']}"))
        lines += [(f"  {who}", _recalls(figures[who])) for who in preds]
        if "test_half" in figures:
            half = figures["test_half"]
            lines.append((f"{name}, test half", f"{half['pairs']} pairs (pages the combined judge's learned step never saw)"))
            lines += [(f"  {who}", _recalls(half[who])) for who in preds]
    result["text"] = _table("NLI pairs (3-way)", lines)
    return result


def _recalls(f: dict[str, float]) -> str:
    return f"acc {f['accuracy']}  recall E {f['recall_entailment']} N {f['recall_neutral']} C {f['recall_contradiction']}"


def _three_way(gold: list[str], pred: list[str]) -> dict[str, float]:
    out = {"accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold), 4)}
    for label in ("entailment", "neutral", "contradiction"):
        idx = [i for i, g in enumerate(gold) if g == label]
        out[f"recall_{label}"] = round(sum(pred[i] == label for i in idx) / len(idx), 4) if idx else float("nan")
    return out
