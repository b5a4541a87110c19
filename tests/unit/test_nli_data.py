"""The NLI bundle's splits: English sampling and the French pairs made from PIAF (tiny data folder)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from bot.neural import data as D


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _folder(tmp: Path) -> Path:
    en = [
        {
            "premise": f"Page {i} says {i} things .",
            "hypothesis": f"It says {i} things .",
            "label": "entailment",
            "lang": "en",
            "page": f"P{i}",
        }
        for i in range(40)
    ]
    for name in D.NLI_TRAIN:
        _write(tmp / "nli" / f"{name}.jsonl", en if name == "fever_symmetric" else [])
    _write(
        tmp / "nli" / "rte3_fr.jsonl",
        [
            {
                "premise": "Il pleut à Paris.",
                "hypothesis": "Il pleut.",
                "label": "entailment",
                "lang": "fr",
                "split": "dev",
            }
        ],
    )
    _write(
        tmp / "nli" / "xnli_fr.jsonl",
        [
            {
                "premise": "Il neige.",
                "hypothesis": "Il fait chaud.",
                "label": "contradiction",
                "lang": "fr",
                "split": "test",
            }
        ],
    )
    para = (
        "En 1850, la ville de Lyon comptait 20 000 habitants. Le maire Jean Dupont a ouvert une école en 1852. "
        "La ville est située au nord de Marseille. Elle a perdu la moitié de sa population pendant la guerre."
    )
    titles = [f"Article {i}" for i in range(30)]
    _write(
        tmp / "qa" / "piaf_fr.jsonl",
        [
            {"question": "Quand ?", "context": para.replace("Lyon", t), "answers": [], "title": t, "lang": "fr"}
            for t in titles
        ],
    )
    return tmp


def test_english_is_sampled_and_french_pairs_come_from_training_articles_only(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    plain = D.prepare_nli(data)
    assert len(plain["train"].examples) == 40 + D.FR_REPEAT
    assert "val_fr_synthetic" not in plain
    more = D.prepare_nli(data, fr_synthetic=25, en_sample=10)
    assert len(more["train"].examples) == 10 + D.FR_REPEAT + 25
    assert len(more["val_fr_synthetic"].examples) > 0
    train_titles = D.piaf_articles(data, "train")
    val_titles = D.piaf_articles(data, "val")
    assert train_titles and val_titles and not set(train_titles) & set(val_titles)


def test_sentence_examples_hold_the_answer_span_or_are_negatives(tmp_path: Path) -> None:
    from bot.neural.tokenize import load_tokenizer

    ctx = "Le club a été fondé en 1908 à Milan. Il joue au stade San Siro. Son maillot est noir et bleu."
    row = {"question": "Quand le club a-t-il été fondé ?", "context": ctx, "answers": [{"text": "1908", "start": ctx.index("1908")}], "title": "Club", "lang": "fr"}
    unans = {"question": "Quand le stade a-t-il été fondé ?", "context": ctx, "answers": [], "plausible_answers": [{"text": "1908", "start": ctx.index("1908")}], "title": "Club", "lang": "en"}
    for name in D.QA_SPAN_TRAIN:
        _write(tmp_path / "qa" / f"{name}.jsonl", [row, unans] if name == "squad2_train_beyonce" else [])
    tok = load_tokenizer()
    out = D.sentence_examples(tmp_path, random.Random(0), D.QAFeaturizer(tok))
    pos = [e for e in out if e.label == 1]
    assert len(pos) == 1 and len(out) == 3
    e = pos[0]
    assert e.start >= e.passage_at
    assert "1908" in "".join(tok.vocab.pieces[i] for i in e.ids[e.start : e.end + 1])
