"""The floor the trained reader must beat (not a test): logistic regression over cheap features.

Per candidate sentence: e5 question-sentence similarity, the rules' term coverage, whether the
sentence holds the kind of fact asked for (amount, date, name... as the rule extractor sees it),
and whether it ranks first by similarity. Trained on the training articles (SQuAD 2.0 pieces and
PIAF, title split as the reader's), threshold calibrated on the validation articles, measured on
the held-out test articles through the same retrieval as the product. The floor answers with
the whole best sentence (it has no span), or abstains below the threshold.

python evals/floor_answers.py --data ../shared/training [--train 1500] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

import numpy as np

from bot.config import Settings, set_offline_env


def features(question: str, evidence: list[Any], lang: str) -> np.ndarray:
    from bot.answers.rules import extract, question_kind

    kind = question_kind(question)
    best_dense = max((e.dense for e in evidence), default=0.0)
    rows = []
    for e in evidence:
        typed = extract(kind, question, e, lang) not in (None, "") if kind != "general" else False
        rows.append([e.dense, e.dense - best_dense, e.coverage, float(typed), float(e.dense == best_dense)])
    return np.array(rows, dtype=np.float64).reshape(-1, 5)


def fit_lr(x: np.ndarray, y: np.ndarray, steps: int = 3000, lr: float = 0.5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    w = np.zeros(z.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = p - y
        w -= lr * (z.T @ g / len(y) + 1e-3 * w)
        b -= lr * g.mean()
    return np.append(w, b), mu, sd


def prob(model: tuple[np.ndarray, np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
    wb, mu, sd = model
    return np.asarray(1 / (1 + np.exp(-(((x - mu) / sd) @ wb[:-1] + wb[-1]))))


def sentence_rows(bot: Any, rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    from bot.text import detect_lang

    xs, ys = [], []
    for r in rows:
        q = bot.check_query(r["question"])
        ev = [e for e in bot.evidence_for(q) if e.sentence.text in r["context"]]
        if not ev:
            continue
        x = features(q, ev, detect_lang(q))
        gold = [a["text"] for a in r["answers"]]
        y = [float(any(g in e.sentence.text for g in gold)) for e in ev]
        xs.append(x)
        ys += y
    return np.vstack(xs), np.array(ys)


def predictions(bot: Any, model: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from bot.text import detect_lang

    out = []
    for r in rows:
        q = bot.check_query(r["question"])
        ev = bot.evidence_for(q)
        p = prob(model, features(q, ev, detect_lang(q))) if ev else np.array([0.0])
        k = int(np.argmax(p))
        out.append({"golds": [a["text"] for a in r["answers"]], "prob": float(p[k]), "span": ev[k].sentence.text if ev else "", "quote": ev[k].sentence.text if ev else "", "rules": "", "rules_quote": ""})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("../shared/training"))
    ap.add_argument("--train", type=int, default=1500, help="training questions per language")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    set_offline_env()
    from bot.evaluation.qa import load_rows, metrics, paragraph_corpus
    from bot.neural.data import piaf_split, squad_split

    settings = Settings()
    from bot.embed import build_embedder

    emb = build_embedder(settings)
    rng = random.Random(13)
    squad = load_rows(args.data / "qa" / "squad2_dev_cs224n.jsonl")
    piaf = load_rows(args.data / "qa" / "piaf_fr.jsonl")
    train = rng.sample([r for r in squad if squad_split(r["title"]) == "train" and r["answers"]], args.train)
    train += rng.sample([r for r in piaf if piaf_split(r["title"]) == "train"], args.train)
    xs, ys = [], []
    for lang_rows in ([r for r in train if r.get("lang") == "en"], [r for r in train if r.get("lang") == "fr"]):
        with paragraph_corpus(lang_rows, settings, emb) as bot:
            x, y = sentence_rows(bot, lang_rows)
            xs.append(x)
            ys.append(y)
    model = fit_lr(np.vstack(xs), np.concatenate(ys))
    sets = {
        "val_en": load_rows(args.data / "qa" / "squad2_dev_sample.jsonl"),
        "val_fr": [r for r in piaf if piaf_split(r["title"]) == "val"],
        "test_en": [r for r in squad if squad_split(r["title"]) == "test"],
        "test_fr": [r for r in piaf if piaf_split(r["title"]) == "test"],
    }
    items = {}
    for name, rows in sets.items():
        with paragraph_corpus(rows, settings, emb) as bot:
            items[name] = predictions(bot, model, rows)
    ts = np.linspace(0, 1, 101)
    best = max(ts, key=lambda t: metrics(items["val_en"], t, mode="reader")["f1"] + metrics(items["val_fr"], t, mode="reader")["f1"])
    result = {"weights": model[0].round(3).tolist(), "threshold": round(float(best), 2)}
    result |= {name: metrics(it, best, mode="reader") for name, it in items.items()}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
