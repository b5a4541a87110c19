"""The NLI bundle's splits: English sampling and the French pairs made from PIAF (tiny data folder)."""

from __future__ import annotations

import json
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
