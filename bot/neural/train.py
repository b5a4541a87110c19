"""Fine-tune a cross-encoder on a prepared bundle (see ``data.py``): seeded, logged, checkpointed.

    python -m bot.neural.train fit --bundle .train --task answers --layers 12 --out bot/weights/answers

Runs on the CPU or a GPU (``--device``); never in CI or ``make``. Validation is by title (the
bundle's ``val_*`` splits); the answers threshold is calibrated on it (best SQuAD 2.0-style F1,
abstaining below it)."""

from __future__ import annotations

import argparse
import json
import math
import random
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.nn import functional as F

from .e5file import Q4_BLOCK, E5Shape, dequant_blocks
from .encoder import load_e5_weights
from .model import TASKS, CrossEncoder, save_weights

MAX_ANSWER_TOKENS = 30


class Split:
    def __init__(self, z: Any, name: str) -> None:
        self.name = name
        lens = z[f"{name}/lens"]
        self.offsets = np.concatenate([[0], np.cumsum(lens)])
        self.ids = z[f"{name}/ids"]
        self.lens = lens
        self.label = z[f"{name}/label"]
        self.start = z[f"{name}/start"]
        self.end = z[f"{name}/end"]
        self.group = z[f"{name}/group"]
        self.passage_at = z[f"{name}/passage_at"]

    def __len__(self) -> int:
        return len(self.lens)

    def seq(self, i: int) -> np.ndarray:
        out: np.ndarray = self.ids[self.offsets[i] : self.offsets[i + 1]]
        return out


def load_bundle(bundle: Path, task: str) -> tuple[dict[str, Split], int]:
    z = np.load(bundle / f"{task}.npz")
    names = sorted({k.split("/")[0] for k in z.files if "/" in k})
    return {n: Split(z, n) for n in names}, int(z["pad"][0])


def base_shape(base: Any) -> E5Shape:
    h, nl, nh, ff, voc, maxp, tvs = (int(x) for x in base["shape"])
    return E5Shape(h, nl, nh, ff, voc, maxp, tvs, float(base["eps"][0]))


def model_from_base(base: Any, task: str, n_layers: int) -> tuple[CrossEncoder, torch.Tensor]:
    """A cross-encoder whose encoder holds the base e5 weights, and the bundle's word matrix."""
    shape = base_shape(base)
    model = CrossEncoder(shape, n_layers, task)

    def vector(name: str) -> np.ndarray:
        out: np.ndarray = base[f"t:{name}"].view("<f4")
        return out

    def matrix(name: str, rows: int) -> np.ndarray:
        return dequant_blocks(base[f"t:{name}"].view(Q4_BLOCK).reshape(rows, -1))

    load_e5_weights(model.encoder, shape, vector, matrix)
    rows = base["word_rows"].view(Q4_BLOCK).reshape(len(base["word_ids"]), -1)
    return model, torch.from_numpy(dequant_blocks(rows))


def init_encoder(model: CrossEncoder, path: Path, *, heads: bool = False) -> None:
    """Start from another saved model's encoder (e.g. the answer reader's), heads fresh; with
    ``heads``, its heads too (continue training a model of the same task)."""
    from .model import fit_positions, read_state

    state = {k: v for k, v in read_state(path).items() if heads or k.startswith("encoder.")}
    fit_positions(state, model.encoder.pos.weight)  # positions beyond the saved ones stay e5's
    missing = [k for k in model.state_dict() if k.startswith("encoder.") and k not in state]
    if missing:
        raise SystemExit(f"error: {path} lacks encoder weights: {missing[:3]}")
    model.load_state_dict(state, strict=False)


def batches(split: Split, size: int, rng: random.Random | None) -> list[list[int]]:
    """Length-bucketed batches (little padding); shuffled when ``rng`` is given."""
    idx = list(range(len(split)))
    if rng is not None:
        rng.shuffle(idx)
    out: list[list[int]] = []
    chunk = size * 50
    for c in range(0, len(idx), chunk):
        part = sorted(idx[c : c + chunk], key=lambda i: int(split.lens[i]))
        out += [part[b : b + size] for b in range(0, len(part), size)]
    if rng is not None:
        rng.shuffle(out)
    return out


def collate(split: Split, rows: list[int], pad: int, device: torch.device) -> torch.Tensor:
    t = int(max(split.lens[i] for i in rows))
    ids = np.full((len(rows), t), pad, dtype=np.int64)
    for j, i in enumerate(rows):
        s = split.seq(i)
        ids[j, : len(s)] = s
    return torch.from_numpy(ids).to(device)


def _mask(split: Split, rows: list[int], t: int, device: torch.device) -> torch.Tensor:
    m = torch.zeros((len(rows), t), dtype=torch.bool)
    for j, i in enumerate(rows):
        m[j, : int(split.lens[i])] = True
    return m.to(device)


def loss_for(model: CrossEncoder, logits: torch.Tensor, span: torch.Tensor | None, split: Split, rows: list[int], mask: torch.Tensor) -> torch.Tensor:
    dev = logits.device
    labels = torch.as_tensor(split.label[rows], device=dev)
    if model.task == "nli":
        return F.cross_entropy(logits.float(), labels.long())
    loss = F.binary_cross_entropy_with_logits(logits[:, 0].float(), labels.float())
    starts = torch.as_tensor(split.start[rows], device=dev).long()
    has = starts >= 0
    if span is not None and bool(has.any()):
        ends = torch.as_tensor(split.end[rows], device=dev).long()
        pat = torch.as_tensor(split.passage_at[rows], device=dev).long()
        pos = torch.arange(mask.shape[1], device=dev)[None, :]
        last = torch.as_tensor(split.lens[rows], device=dev).long() - 1
        valid = mask & (pos >= pat[:, None]) & (pos < last[:, None])  # passage tokens, not the closing </s>
        sl = span[..., 0].float().masked_fill(~valid, -1e4)
        el = span[..., 1].float().masked_fill(~valid, -1e4)
        loss = loss + (F.cross_entropy(sl[has], starts[has]) + F.cross_entropy(el[has], ends[has])) / 2
    return loss


@torch.no_grad()
def predict(model: CrossEncoder, words: torch.Tensor, split: Split, pad: int, device: torch.device, bs: int = 64) -> dict[str, np.ndarray]:
    model.eval()
    probs: list[np.ndarray] = []
    spans = np.full((len(split), 3), -1.0, dtype=np.float32)  # start, end, span score
    order: list[int] = []
    for rows in batches(split, bs, None):
        ids = collate(split, rows, pad, device)
        mask = _mask(split, rows, ids.shape[1], device)
        with _autocast(device):
            logits, span = model(words[ids], mask)
        logits = logits.float()
        p = torch.sigmoid(logits[:, 0]) if model.task == "answers" else torch.softmax(logits, -1)
        probs.append(p.cpu().numpy())
        order += rows
        if span is not None:
            for j, i in enumerate(rows):
                a, n = int(split.passage_at[i]), int(split.lens[i]) - 1
                s = span[j, a:n, 0].float()
                e = span[j, a:n, 1].float()
                best = best_span(s, e)
                if best is not None:
                    spans[i] = (best[0] + a, best[1] + a, best[2])
    p_all = np.concatenate(probs)
    out = np.zeros((len(split),) + p_all.shape[1:], dtype=np.float32)
    out[np.array(order)] = p_all
    model.train()
    return {"prob": out, "span": spans}


def best_span(s: torch.Tensor, e: torch.Tensor, max_len: int = MAX_ANSWER_TOKENS) -> tuple[int, int, float] | None:
    n = s.shape[0]
    if n == 0:
        return None
    scores = s[:, None] + e[None, :]
    i = torch.arange(n, device=s.device)
    ok = (i[None, :] >= i[:, None]) & (i[None, :] - i[:, None] < max_len)
    scores = scores.masked_fill(~ok, -1e9)
    flat = int(torch.argmax(scores))
    return flat // n, flat % n, float(scores.view(-1)[flat])


def question_rows(split: Split, pred: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per question: (answerability = best window's probability, answerable?, token F1 of the
    predicted span in that window, 0 when the window holds no answer)."""
    groups: dict[int, list[int]] = {}
    for i, g in enumerate(split.group):
        groups.setdefault(int(g), []).append(i)
    scores, gold, f1s = [], [], []
    for idx in groups.values():
        best = max(idx, key=lambda i: pred["prob"][i])
        f1 = 0.0
        if split.label[best] == 1:
            ps, pe = int(pred["span"][best][0]), int(pred["span"][best][1])
            gs, ge = int(split.start[best]), int(split.end[best])
            inter = max(0, min(pe, ge) - max(ps, gs) + 1)
            if inter:
                p, r = inter / (pe - ps + 1), inter / (ge - gs + 1)
                f1 = 2 * p * r / (p + r)
        scores.append(float(pred["prob"][best]))
        gold.append(any(split.label[i] == 1 for i in idx))
        f1s.append(f1)
    return np.array(scores), np.array(gold, dtype=bool), np.array(f1s)


def f1_curve(scores: np.ndarray, gold: np.ndarray, f1s: np.ndarray, ts: np.ndarray) -> np.ndarray:
    """SQuAD 2.0-style F1 (abstaining is right on unanswerable questions) for each threshold."""
    ans = scores[None, :] >= ts[:, None]
    per = np.where(ans, np.where(gold, f1s, 0.0), np.where(gold, 0.0, 1.0))
    return np.asarray(per.mean(axis=1))


def answers_metrics(split: Split, pred: dict[str, np.ndarray]) -> dict[str, Any]:
    scores, gold, f1s = question_rows(split, pred)
    ts = np.unique(np.concatenate([scores, [0.0, 1.01]]))
    curve = f1_curve(scores, gold, f1s, ts)
    k = int(np.argmax(curve))
    return {
        "questions": len(scores),
        "answerable": int(gold.sum()),
        "auc": auc(scores, gold),
        "span_f1_answerable": float(f1s[gold].mean()) if gold.any() else 0.0,
        "best_threshold": float(ts[k]),
        "f1_at_best": float(curve[k]),
        "always_abstain_f1": float((~gold).mean()),
    }


def auc(scores: np.ndarray, gold: np.ndarray) -> float:
    pos, neg = scores[gold], scores[~gold]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    ranks = np.argsort(np.argsort(np.concatenate([pos, neg]))) + 1
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def nli_metrics(split: Split, pred: dict[str, np.ndarray]) -> dict[str, Any]:
    guess = pred["prob"].argmax(-1)
    gold = split.label
    out: dict[str, Any] = {"pairs": len(gold), "accuracy": float((guess == gold).mean())}
    for k, name in enumerate(("entailment", "neutral", "contradiction")):
        sel = gold == k
        out[f"recall_{name}"] = float((guess[sel] == k).mean()) if sel.any() else float("nan")
    out["majority_baseline"] = float(np.bincount(gold, minlength=3).max() / len(gold))
    return out


def _autocast(device: torch.device) -> Any:
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return torch.autocast("cpu", enabled=False)


def evaluate(model: CrossEncoder, words: torch.Tensor, splits: dict[str, Split], pad: int, device: torch.device) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, sp in splits.items():
        if name == "train" or len(sp) == 0:
            continue
        pred = predict(model, words, sp, pad, device)
        out[name] = answers_metrics(sp, pred) if model.task == "answers" else nli_metrics(sp, pred)
        if model.task == "answers":
            out[name]["_pred"] = pred
    if model.task == "answers":
        rows = {n: question_rows(splits[n], out[n].pop("_pred")) for n in list(out)}
        # one threshold for both languages: the best mean F1 over the validation splits (``val*``;
        # the cross-lingual ones are reported at it)
        vals = [n for n in rows if n.startswith("val")]
        if vals:
            ts = np.round(np.linspace(0.0, 1.0, 201), 3)
            curves = {n: f1_curve(*rows[n], ts) for n in rows}
            k = int(np.argmax(sum(curves[n] for n in vals)))
            out["threshold"] = float(ts[k])
            for n in rows:
                out[n]["f1_at_threshold"] = float(curves[n][k])
    return out


def fit(args: argparse.Namespace) -> dict[str, Any]:
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    device = torch.device(args.device if args.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu"))
    if device.type == "cpu":
        torch.set_num_threads(max(1, args.threads))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    log = (out / "train.log").open("a", encoding="utf-8")

    def say(**kv: Any) -> None:
        line = json.dumps(kv, default=float)
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    base = np.load(Path(args.bundle) / "base.npz")
    splits, pad = load_bundle(Path(args.bundle), args.task)
    model, words = model_from_base(base, args.task, args.layers)
    if getattr(args, "init", None):
        init_encoder(model, Path(args.init), heads=bool(getattr(args, "init_heads", False)))
    model.to(device).train()
    words = words.to(device)
    train = splits["train"]
    rng = random.Random(args.seed)
    steps_per_epoch = math.ceil(len(train) / args.batch)
    total = steps_per_epoch * args.epochs
    warm = max(1, int(0.06 * total))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / (total - warm))))
    say(event="start", task=args.task, layers=args.layers, train=len(train), epochs=args.epochs, batch=args.batch, lr=args.lr, device=str(device), seed=args.seed)
    t0 = time.time()
    step = 0
    seen = 0
    figures: dict[str, Any] = {}
    stopped = False
    for epoch in range(args.epochs):
        running = 0.0
        for bi, rows in enumerate(batches(train, args.batch, rng)):
            ids = collate(train, rows, pad, device)
            mask = _mask(train, rows, ids.shape[1], device)
            with _autocast(device):
                logits, span = model(words[ids], mask)
            loss = loss_for(model, logits, span, train, rows, mask)
            opt.zero_grad(set_to_none=True)
            loss.backward()  # type: ignore[no-untyped-call]
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            seen += len(rows)
            running += float(loss)
            if step % args.log_every == 0:
                el = time.time() - t0
                say(event="step", epoch=epoch, step=step, of=total, loss=running / (bi + 1), pairs_per_s=seen / el, elapsed_s=el)
            if args.max_minutes and time.time() - t0 > args.max_minutes * 60:
                stopped = True
                break
        figures = evaluate(model, words, splits, pad, device)
        save_weights(model, out / "model.npz")
        say(event="epoch", epoch=epoch, elapsed_s=time.time() - t0, figures=figures)
        if stopped:
            say(event="stopped", reason="time budget", step=step)
            break
    wall = time.time() - t0
    cfg = {
        "task": args.task,
        "layers": args.layers,
        "labels": ["entailment", "neutral", "contradiction"] if args.task == "nli" else ["answerable"],
        "threshold": figures.get("threshold", 0.5),
        "max_positions": 256,
        "train": {
            "init": str(getattr(args, "init", "") or "e5") + (" (with heads)" if getattr(args, "init_heads", False) else ""),
            "pairs": len(train), "epochs": args.epochs, "batch": args.batch, "lr": args.lr, "seed": args.seed,
            "device": str(device), "wall_s": round(wall, 1), "pairs_per_s": round(seen / wall, 1),
            "steps": step, "stopped_early": stopped,
        },
        "validation": figures,
    }
    (out / "config.json").write_text(json.dumps(cfg, indent=2, default=float), encoding="utf-8")
    say(event="done", wall_s=wall)
    return cfg


def run_training(args: argparse.Namespace, *, models_dir: Path) -> dict[str, Any] | None:
    """``python -m bot train TASK``: prepare the bundle from the data folder, fit, write the model card."""
    from .card import write_card
    from .data import prepare_answers, prepare_nli, write_bundle

    data = Path(args.data)
    if not (data / "qa").is_dir() or not (data / "nli").is_dir():
        raise SystemExit(f"error: {data} is not the training data folder (it needs qa/ and nli/)")
    work = Path(args.work)
    print(f"preparing {args.task} from {data} -> {work}", flush=True)
    if args.task == "answers":
        splits = prepare_answers(data, seed=args.seed, sentences=args.sentences, replay=args.replay, cross_lingual=args.cross_lingual)
    else:
        splits = prepare_nli(data, seed=args.seed, fr_synthetic=args.fr_synthetic, en_sample=args.en_sample)
    write_bundle({args.task: splits}, work, n_layers=args.layers)
    if args.prepare_only:
        return None
    out = Path(args.out) if args.out else models_dir / args.task
    ns = argparse.Namespace(
        bundle=str(work), task=args.task, out=str(out), layers=args.layers, epochs=args.epochs, batch=args.batch,
        lr=args.lr, seed=args.seed, device=args.device, threads=args.threads, max_minutes=args.max_minutes, log_every=50,
        init=str(args.init or ""), init_heads=args.init_heads,
    )
    cfg = fit(ns)
    command = "python -m bot train " + " ".join(shlex.quote(a) for a in [
        args.task, "--data", str(data), "--layers", str(args.layers), "--epochs", str(args.epochs),
        "--lr", str(args.lr), "--batch", str(args.batch), "--seed", str(args.seed),
        *(["--init", str(args.init)] if args.init else []), *(["--init-heads"] if args.init_heads else []),
        *(["--fr-synthetic", str(args.fr_synthetic)] if args.fr_synthetic else []),
        *(["--en-sample", str(args.en_sample)] if args.en_sample else []),
        *(["--sentences"] if args.sentences else []), *(["--replay", str(args.replay)] if args.replay else []),
        *(["--cross-lingual", str(args.cross_lingual)] if args.cross_lingual else []),
    ])
    write_card(out, command)
    return cfg


def validate(bundle: Path, model_dir: Path, *, threads: int = 2, dtype: str = "float32") -> dict[str, Any]:
    """The saved model's validation figures, recomputed on the CPU from its stored weights
    (``dtype="bfloat16"``: as the product runs them)."""
    from .model import load_weights, read_config

    torch.set_num_threads(threads)
    cfg = read_config(model_dir)
    base = np.load(bundle / "base.npz")
    splits, pad = load_bundle(bundle, cfg["task"])
    model, words = model_from_base(base, cfg["task"], int(cfg["layers"]))
    load_weights(model, model_dir / "model.npz")
    kind = getattr(torch, dtype)
    return evaluate(model.to(kind), words.to(kind), splits, pad, torch.device("cpu"))


def average(
    first: Path, second: Path, weight: float, out: Path, *, bundle: Path | None = None, notes: Sequence[str] = (),
    pipeline: tuple[float, str] | None = None,
) -> dict[str, Any]:
    """A model between ``first`` and its continuation ``second`` (``weight`` 0 = first, 1 = second):
    the weights interpolated, the second's config with an ``average`` record, the validation
    figures recomputed from the stored weights when the prepared ``bundle`` is given, the
    pipeline threshold measured for it (value, how) when given, and a model card."""
    from .card import write_card
    from .model import average_weights, read_config

    a, b = read_config(first), read_config(second)
    if (a["task"], a["layers"]) != (b["task"], b["layers"]):
        raise ValueError(f"{first} and {second} are different models ({a['task']}/{a['layers']} vs {b['task']}/{b['layers']})")
    out.mkdir(parents=True, exist_ok=True)
    average_weights(first / "model.npz", second / "model.npz", weight, out / "model.npz")
    cfg = {k: v for k, v in b.items() if k not in ("validation", "notes", "pipeline_threshold", "pipeline_calibration")}
    cfg["average"] = {"first": str(first), "second": str(second), "weight": weight}
    # written before validate(), which reads the model folder's config, then again with the figures
    (out / "config.json").write_text(json.dumps(cfg, indent=2, default=float), encoding="utf-8")
    if bundle is not None:
        figures = validate(bundle, out)
        cfg["validation"] = figures
        cfg["threshold"] = figures.get("threshold", cfg.get("threshold", 0.5))
    if pipeline is not None:
        cfg["pipeline_threshold"], cfg["pipeline_calibration"] = pipeline
    if notes:
        cfg["notes"] = list(notes)
    (out / "config.json").write_text(json.dumps(cfg, indent=2, default=float), encoding="utf-8")
    command = "python -m bot.neural.train average " + " ".join(shlex.quote(x) for x in [
        "--first", str(first), "--second", str(second), "--weight", str(weight), "--out", str(out),
        *(["--bundle", str(bundle)] if bundle is not None else []),
        *(["--pipeline-threshold", str(pipeline[0])] if pipeline is not None else []),
    ])
    texts = (["--calibration"] if pipeline is not None and pipeline[1] else []) + (["--note (one per paragraph below)"] if notes else [])
    if texts:
        command += "  # and " + ", ".join(texts) + ": the card's texts"
    write_card(out, command)
    return cfg


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bot.neural.train")
    sub = p.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("validate", help="recompute a saved model's validation figures on the CPU")
    v.add_argument("--bundle", required=True)
    v.add_argument("--model", required=True)
    v.add_argument("--dtype", choices=["float32", "bfloat16"], default="float32")
    f = sub.add_parser("fit", help="train on a prepared bundle")
    f.add_argument("--bundle", required=True)
    f.add_argument("--task", choices=sorted(TASKS), required=True)
    f.add_argument("--out", required=True)
    f.add_argument("--layers", type=int, default=12)
    f.add_argument("--epochs", type=int, default=3)
    f.add_argument("--batch", type=int, default=32)
    f.add_argument("--lr", type=float, default=1e-4)
    f.add_argument("--seed", type=int, default=13)
    f.add_argument("--device", default="auto")
    f.add_argument("--threads", type=int, default=2)
    f.add_argument("--max-minutes", type=float, default=0.0)
    f.add_argument("--log-every", type=int, default=50)
    f.add_argument("--init", default="", help="start from this model.npz's encoder instead of e5's")
    f.add_argument("--init-heads", action="store_true", help="with --init: its heads too (same task)")
    m = sub.add_parser("average", help="interpolate a model and its continuation (weight 0 = first, 1 = second)")
    m.add_argument("--first", required=True, help="the model continued from (a model folder)")
    m.add_argument("--second", required=True, help="the continued model (a model folder)")
    m.add_argument("--weight", type=float, default=0.5)
    m.add_argument("--out", required=True)
    m.add_argument("--bundle", default="", help="a prepared bundle: recompute the validation figures")
    m.add_argument("--note", action="append", default=[], help="a line for the model card (repeatable)")
    m.add_argument("--pipeline-threshold", type=float, default=None, help="the threshold measured through the pipeline")
    m.add_argument("--calibration", default="", help="with --pipeline-threshold: how it was measured")
    args = p.parse_args(argv)
    if args.cmd == "average":
        cfg = average(
            Path(args.first), Path(args.second), args.weight, Path(args.out),
            bundle=Path(args.bundle) if args.bundle else None, notes=args.note,
            pipeline=(args.pipeline_threshold, args.calibration) if args.pipeline_threshold is not None else None,
        )
        print(json.dumps(cfg.get("validation", {}), indent=1, default=float))
        return 0
    if args.cmd == "validate":
        print(json.dumps(validate(Path(args.bundle), Path(args.model), dtype=args.dtype), indent=1, default=float))
        return 0
    fit(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
