"""The reader's threshold for passages read in the other language than the question.

The reader learnt one language at a time: reading an English question on a French passage (with
the question ``anchored`` in the passage's words) it gives lower probabilities than it gives the
same question asked in the passage's language, so the one threshold (0.3) turns away answers it
has found. No permissive QA file asks across languages; word-by-word translations of the
validation questions (``bench ... --other-language``) stand in for them. The threshold chosen is
the lowest at which, on both validation sets, the share of unanswerable questions answered
across languages is no higher than the share answered in the same language at the product's
threshold: the same risk of a false answer whatever language the user asks in.

Items come from the benchmarks on the validation splits only (never the held-out ones):

    T=../shared/training
    python -m bot bench qa $T/qa/piaf_fr.jsonl --split val --silent 0.5 --items piaf.json
    python -m bot bench qa $T/qa/piaf_fr.jsonl --split val --silent 0.5 --other-language $T --items piaf_x.json
    python -m bot bench squad2 $T/qa/squad2_dev_sample.jsonl --items squad.json
    python -m bot bench squad2 $T/qa/squad2_dev_sample.jsonl --other-language $T --items squad_x.json
    python evals/calibrate_across.py piaf.json piaf_x.json squad.json squad_x.json [--write bot/weights/answers]

``--write DIR`` stores the threshold in the model's ``config.json`` (``pipeline_threshold_across``)
and writes its model card again.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def answered_share(items: list[dict[str, Any]], threshold: float, *, answerable: bool) -> float:
    """The share of (un)answerable questions the reader answers at ``threshold``."""
    rows = [i for i in items if bool(i["golds"]) == answerable]
    return sum(i["prob"] >= threshold and bool(i["span"]) for i in rows) / max(len(rows), 1)


def choose(sets: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]], threshold: float) -> float:
    """The lowest threshold (in steps of 0.01, at most ``threshold``) from which every higher one
    answers, on every (same-language, other-language) pair of sets, no larger share of the
    unanswerable questions across languages than in the same language at ``threshold``."""
    chosen = threshold
    for t in sorted((round(0.01 * k, 2) for k in range(1, 101) if 0.01 * k <= threshold + 1e-9), reverse=True):
        if any(answered_share(across, t, answerable=False) > answered_share(same, threshold, answerable=False) for same, across in sets):
            break
        chosen = t
    return chosen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pairs", nargs="+", type=Path, help="items files: same-language, other-language, … (in pairs)")
    ap.add_argument("--threshold", type=float, default=0.3, help="the same-language threshold")
    ap.add_argument("--write", type=Path, metavar="DIR", help="store the threshold in DIR/config.json and rewrite DIR/MODEL_CARD.md")
    args = ap.parse_args()
    if len(args.pairs) % 2:
        ap.error("give the items files in pairs: same language, other language")
    sets = [(json.loads(a.read_text()), json.loads(b.read_text()), a.stem) for a, b in zip(args.pairs[::2], args.pairs[1::2], strict=True)]
    for same, across, name in sets:
        bar = answered_share(same, args.threshold, answerable=False)
        print(f"{name}: same language at {args.threshold}: answers {answered_share(same, args.threshold, answerable=True):.3f} of answerable, {bar:.3f} of unanswerable")
        for t in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3):
            print(
                f"  other language at {t:.2f}: answers {answered_share(across, t, answerable=True):.3f} of answerable, "
                f"{answered_share(across, t, answerable=False):.3f} of unanswerable"
            )
    chosen = choose([(same, across) for same, across, _ in sets], args.threshold)
    print(f"threshold across languages: {chosen}")
    figures = "; ".join(
        f"{name}: unanswerable answered {answered_share(same, args.threshold, answerable=False):.3f} in the same language at "
        f"{args.threshold}, {answered_share(across, chosen, answerable=False):.3f} across at {chosen} "
        f"(answerable answered {answered_share(same, args.threshold, answerable=True):.3f} and {answered_share(across, chosen, answerable=True):.3f})"
        for same, across, name in sets
    )
    if args.write:
        write(args.write, chosen, CALIBRATION.format(threshold=args.threshold, figures=figures))


CALIBRATION = (
    "For a passage in the other language than the question (bot/answers/reader.py, ReaderAnswerer.bar): the reader's "
    "probabilities are lower across languages for answers it has found. evals/calibrate_across.py, on the validation "
    "questions put word by word into the other language (bench ... --other-language: PIAF val titles --silent 0.5 asked "
    "in English, squad2_dev_sample asked in French), takes the lowest threshold from which the share of unanswerable "
    "questions answered across languages is, on every set, no higher than in the same language at {threshold}. "
    "{figures}. The held-out splits were not used."
)


def write(model_dir: Path, threshold: float, calibration: str) -> None:
    """Store the threshold and how it was chosen in the model's config and write its card again
    (same reproduce command)."""
    import re

    from bot.neural.card import write_card

    cfg_path = model_dir / "config.json"
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    cfg["pipeline_threshold_across"] = threshold
    cfg["pipeline_calibration_across"] = calibration
    cfg_path.write_text(json.dumps(cfg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    card = (model_dir / "MODEL_CARD.md").read_text(encoding="utf-8")
    command = re.search(r"## Reproduce\n\n```bash\n(.*?)\n```", card, re.S)
    write_card(model_dir, command.group(1) if command else "")


if __name__ == "__main__":
    main()
