"""`python -m bot train answers` end to end on a tiny data folder in the real format (CPU, seconds)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def _qa(title: str, q: str, ctx: str, ans: str | None, lang: str = "en") -> dict[str, object]:
    answers = [{"text": ans, "start": ctx.index(ans)}] if ans else []
    return {"question": q, "context": ctx, "answers": answers, "lang": lang, "title": title, "split": "dev"}


def tiny_data(root: Path) -> Path:
    qa, nli = root / "qa", root / "nli"
    qa.mkdir(parents=True)
    nli.mkdir()
    ctx_en = "The contract was signed in 2020. It is worth 224,000 dollars. The agency paid for licences."
    ctx_fr = "Le contrat a été signé en 2020. Il vaut 224 000 dollars. L'agence a payé des licences."
    rows = {
        "squad2_dev_cs224n": [_qa(f"Article {i}", "How much is the contract worth?", ctx_en, "224,000 dollars" if i % 2 else None) for i in range(12)],
        "squad2_train_beyonce": [_qa("Beyonce", "When was the contract signed?", ctx_en, "2020")],
        "xquad_en": [_qa("X", "What did the agency pay for?", ctx_en, "licences")],
        "piaf_fr": [_qa(f"Titre {i}", "Combien vaut le contrat ?", ctx_fr, "224 000 dollars", "fr") for i in range(60)],
        "squad2_dev_sample": [_qa("Oxygen", "When was it signed?", ctx_en, "2020"), _qa("Oxygen", "Who won?", ctx_en, None)],
    }
    for name, items in rows.items():
        (qa / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in items), encoding="utf-8")
    pair = {"question": "How much?", "sentence": "It is worth 224,000 dollars.", "label": 1, "lang": "en"}
    for name in ("qnli-pairs", "selqa-pairs"):
        (qa / f"{name}.jsonl").write_text(json.dumps(pair) + "\n" + json.dumps({**pair, "label": 0, "sentence": "The sky."}) + "\n")
    return root


def test_train_answers_writes_model_config_and_card(tmp_path: Path) -> None:
    data = tiny_data(tmp_path / "training")
    out = tmp_path / "model"
    cmd = [sys.executable, "-m", "bot", "train", "answers", "--data", str(data), "--out", str(out),
           "--work", str(tmp_path / "work"), "--layers", "1", "--epochs", "1", "--batch", "4", "--device", "cpu"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["task"] == "answers" and cfg["layers"] == 1 and 0.0 <= cfg["threshold"] <= 1.0
    assert cfg["train"]["pairs"] > 0 and "val_en" in cfg["validation"] and "val_fr" in cfg["validation"]
    assert 0.0 <= cfg["validation"]["val_en"]["f1_at_threshold"] <= 1.0
    assert (out / "model.npz").stat().st_size > 0
    card = (out / "MODEL_CARD.md").read_text()
    assert "python -m bot train answers" in card and "piaf_fr" in card
    log = [json.loads(line) for line in (out / "train.log").read_text().splitlines()]
    assert log[0]["event"] == "start" and log[-1]["event"] == "done"


def test_train_refuses_a_folder_that_is_not_training_data(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "bot", "train", "answers", "--data", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "not the training data folder" in proc.stderr
