"""The combined judge's learned last step: which of the rules and the model to believe, learned
from held-out pairs instead of set by hand.

The rules' outcome falls in a group (its label and basis: "refuted by a figure", "refuted by a
negation", "not enough info: a party not found", "not enough info: terms not covered", ...). In
each group a multinomial logistic regression over the model's log-probabilities (its strongest
entailment and its strongest contradiction over the sentences it read) gives the label. It
learns, for instance, that a figure mismatch is right whatever the model says, and that an
English negation the rules see is wrong as often as not when the model reads an entailment.

Fitted (``python -m bot train stacker``) on half of the VitaminC pages the NLI model never
trained on (pages hashed in two); the other half is the benchmark's. English only: the French
training pairs are too few (1,100, few contradictions) and the model's French contradictions
too weak to learn from, so French claims, and claims read against sources in another language,
keep the hand-set combination (``CombinedJudge``). Groups with fewer than ``MIN_ROWS`` pairs or a
single label keep it too. Weights: ``bot/weights/nli/stacker.json`` (a few hundred numbers)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..models import Label

if TYPE_CHECKING:
    from ..evidence import EvidenceRanker
    from .nli import EntailmentModel

PATH = Path(__file__).resolve().parent.parent / "weights" / "nli" / "stacker.json"
MIN_ROWS = 30
C = 1.0  # inverse L2 strength of each group's regression
TO_LABEL: dict[str, Label] = {"entailment": "supported", "neutral": "not_enough_info", "contradiction": "refuted"}


def group(label: str, basis: str) -> str:
    return f"{label}/{basis}"


def _parts(g: str) -> tuple[str, str]:
    label, basis = g.split("/", 1)
    return label, basis


def features(probs: dict[str, float]) -> list[float]:
    """The model's strongest entailment and contradiction, as log-probabilities."""
    pe, pc = probs.get("entailment", 0.0), probs.get("contradiction", 0.0)
    return [math.log(max(pe, 1e-6)), math.log(max(pc, 1e-6)), math.log(max(1.0 - max(pe, pc), 1e-6))]


@dataclass
class Regression:
    classes: list[Label]
    weights: list[list[float]]  # one row per class
    bias: list[float]

    def scores(self, x: Sequence[float]) -> list[float]:
        return [b + sum(w * v for w, v in zip(row, x, strict=True)) for row, b in zip(self.weights, self.bias, strict=True)]

    def predict(self, x: Sequence[float]) -> tuple[Label, float]:
        """The most likely label and its probability."""
        s = self.scores(x)
        top = max(s)
        z = sum(math.exp(v - top) for v in s)
        i = max(range(len(s)), key=s.__getitem__)
        return self.classes[i], 1.0 / z


@dataclass
class Stacker:
    groups: dict[str, Regression]
    meta: dict[str, Any] = field(default_factory=dict)

    def decide(self, rules_label: str, basis: str, probs: dict[str, float]) -> tuple[Label | None, float]:
        """The learned label for the rules' outcome and the model's probabilities, and its
        probability; (None, 0) when the group was not learned (the hand-set combination decides)."""
        reg = self.groups.get(group(rules_label, basis))
        return reg.predict(features(probs)) if reg is not None else (None, 0.0)

    @classmethod
    def load(cls, path: Path = PATH) -> Stacker | None:
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({k: Regression(**v) for k, v in data["groups"].items()}, data.get("meta", {}))

    def save(self, path: Path) -> None:
        data = {"meta": self.meta, "groups": {k: vars(v) for k, v in sorted(self.groups.items())}}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _regression(xs: list[list[float]], ys: list[int], classes: list[Label], c: float) -> Regression:
    """A multinomial logistic regression with an L2 penalty on the weights (L-BFGS, float64)."""
    import torch

    x = torch.tensor(xs, dtype=torch.float64)
    y = torch.tensor(ys)
    w = torch.zeros(x.shape[1], len(classes), dtype=torch.float64, requires_grad=True)
    b = torch.zeros(len(classes), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], max_iter=500, line_search_fn="strong_wolfe")

    def loss() -> torch.Tensor:
        opt.zero_grad()
        value = torch.nn.functional.cross_entropy(x @ w + b, y, reduction="sum") + 0.5 / c * (w**2).sum()
        value.backward()  # type: ignore[no-untyped-call]
        return value

    opt.step(loss)  # type: ignore[no-untyped-call]
    return Regression(
        classes=classes,
        weights=[[round(float(v), 5) for v in row] for row in w.detach().T],
        bias=[round(float(v), 5) for v in b.detach()],
    )


def fit(rows: Iterable[tuple[str, dict[str, float], Label]], *, c: float = C, min_rows: int = MIN_ROWS) -> Stacker:
    """One regression per group from (group, model probabilities, gold label) rows."""
    by_group: dict[str, list[tuple[list[float], Label]]] = {}
    for g, probs, gold in rows:
        by_group.setdefault(g, []).append((features(probs), gold))
    groups: dict[str, Regression] = {}
    for g, items in sorted(by_group.items()):
        classes = sorted({y for _, y in items})
        if len(items) >= min_rows and len(classes) >= 2:
            groups[g] = _regression([f for f, _ in items], [classes.index(y) for _, y in items], classes, c)
    return Stacker(groups)


def train(
    data: Path, ranker: EvidenceRanker, model: EntailmentModel, *, out: Path = PATH, work: Path | None = None, log_every: int = 200
) -> Stacker:
    """``python -m bot train stacker``: the rules and the NLI judge on every VitaminC pair of the
    calibration half of the held-out pages, one regression per rules' outcome, written to
    ``out`` with what it was fitted on; the judged pairs to ``work``/stacker-pairs.jsonl.
    Deterministic (no sampling); about 2 minutes on 2 cores."""
    import time

    from ..neural.data import read_jsonl, vitaminc_half, vitaminc_split
    from .nli import NLIJudge
    from .rules import RuleJudge

    path = data / "nli" / "vitaminc_real.jsonl"
    if not path.is_file():
        raise SystemExit(f"error: {path} not found (the training data folder has nli/vitaminc_real.jsonl)")
    rows = [r for r in read_jsonl(path) if vitaminc_split(r.get("page", "")) == "val" and vitaminc_half(r.get("page", "")) == "calibration"]
    rules, nli = RuleJudge(ranker), NLIJudge(model, ranker)
    fitted: list[tuple[str, dict[str, float], Label]] = []
    t0 = time.time()
    for i, r in enumerate(rows, 1):
        j = rules.judge_pair(r["hypothesis"], r["premise"], lang="en")
        m = nli.judge_pair(r["hypothesis"], r["premise"], lang="en")
        fitted.append((group(j.label, j.basis), m.probs, TO_LABEL[r["label"]]))
        if i % log_every == 0 or i == len(rows):
            print(f"  {i}/{len(rows)} pairs judged ({time.time() - t0:.0f} s)", flush=True)
    if work is not None:
        work.mkdir(parents=True, exist_ok=True)
        with (work / "stacker-pairs.jsonl").open("w", encoding="utf-8") as fh:
            for (g, probs, gold), r in zip(fitted, rows, strict=True):
                fh.write(json.dumps({"page": r.get("page", ""), "group": g, "probs": probs, "gold": gold}, ensure_ascii=False) + "\n")
    stacker = fit(fitted)
    counts: dict[str, int] = {}
    for g, _, _ in fitted:
        counts[g] = counts.get(g, 0) + 1
    stacker.meta = {
        "fitted_on": "held-out pages (never trained on by the NLI model), calibration half (md5(page) even)",
        "pairs": len(fitted),
        "groups": dict(sorted(counts.items())),
        "learned": sorted(stacker.groups),
        "features": "log P(entailment), log P(contradiction), log(1 - max of the two): the NLI judge's strongest over the sentences it read",
        "c": C,
        "min_rows": MIN_ROWS,
        "wall_s": round(time.time() - t0, 1),
        "command": f"python -m bot train stacker --data {data}",
    }
    learned = [(stacker.decide(*_parts(g), probs)[0], gold) for g, probs, gold in fitted if g in stacker.groups]
    stacker.meta["fit_accuracy"] = round(sum(p == y for p, y in learned) / max(1, len(learned)), 4)
    stacker.save(out)
    card = write_card(stacker, out.with_name("STACKER.md"))
    print(f"stacker: {len(stacker.groups)} groups learned from {len(fitted)} pairs -> {out} ({card.name})", flush=True)
    return stacker


def write_card(stacker: Stacker, path: Path) -> Path:
    """The learned step's card: data and licence, settings, wall time, figures, limits, command."""
    m = stacker.meta
    lines = [
        "# FactBot combined judge: the learned last step",
        "",
        "Per outcome of the rules (label/basis), a multinomial logistic regression over the NLI model's",
        "log-probabilities picks the verdict (`bot/judge/stacked.py`; weights `stacker.json`, a few hundred numbers).",
        "",
        "## Data",
        "",
        f"- `vitaminc_real` (VitaminC, CC BY-SA 3.0): {m.get('fitted_on', '')}; {m.get('pairs', 0)} pairs.",
        "- The NLI model never trained on these pages (they are its validation pages); the other half of them",
        "  (md5(page) odd) is the benchmark's test half (`bench nli`, \"vitaminc_heldout_en, test half\").",
        "",
        "## Settings",
        "",
        f"- features: {m.get('features', '')}",
        f"- one regression per group with at least {m.get('min_rows')} pairs and two labels; L2 with C = {m.get('c')}; L-BFGS",
        f"- wall time {m.get('wall_s')} s on 2 CPU cores (the judging; the fit takes a second)",
        "",
        "## Figures",
        "",
        f"- pairs per group: {', '.join(f'{k} {v}' for k, v in m.get('groups', {}).items())}",
        f"- learned groups: {', '.join(m.get('learned', []))}; the others keep the hand-set combination",
        f"- accuracy of the learned groups on the pairs they were fitted on: {m.get('fit_accuracy')}; held-out figures (test half, DACCORD,",
        "  CLIMATE-FEVER, the eval suites) are in the README, \"Verdicts\".",
        "",
        "## Reproduce",
        "",
        "```bash",
        str(m.get("command", "")),
        "```",
        "",
        "## Limits",
        "",
        "- Used for English claims read against English sources only: French claims and claims on sources in another",
        "  language keep the hand-set combination (too few French training pairs to learn from).",
        "- VitaminC's labels are NLI labels: a claim naming another party than the source's is \"not enough info\" there",
        "  as often as \"refuted\"; the step learns VitaminC's habits, measured on CLIMATE-FEVER for another domain.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
