"""``python -m bot``: index, search, ask, check, eval and bench from the command line."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BotError, InputError

if TYPE_CHECKING:
    from .chain import FactBot


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="Fact-checking chatbot with retrieval.")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("index", help="build or update the index from the corpus folder")
    s.add_argument("--rebuild", action="store_true", help="drop the index and build it again")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("ingest", help="copy documents into the corpus and index them")
    s.add_argument("paths", nargs="+", type=Path)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("search", help="ranked chunks for a query")
    s.add_argument("query", nargs="+")
    s.add_argument("--k", type=int, default=5)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("show", help="a document's text and metadata (offsets refer to this text)")
    s.add_argument("doc_id")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("docs", help="list indexed documents")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("delete", help="remove a document from the corpus and the index")
    s.add_argument("doc_id")

    s = sub.add_parser("ask", help="answer questions with cited quotes ('-' reads one per line from stdin)")
    s.add_argument("questions", nargs="+")
    s.add_argument("--json", action="store_true", help="one JSON object per line, in input order")

    s = sub.add_parser("check", help="verify claims: supported / refuted / not_enough_info ('-' = stdin)")
    s.add_argument("claims", nargs="+")
    s.add_argument("--json", action="store_true", help="one JSON object per line, in input order")
    s.add_argument("--as-of", default=None, help="judge as of this date (2020-09): sources published later are only listed")
    s.add_argument("--save", action="store_true", help="also save each verdict as a review item (needs a token)")
    s.add_argument("--token", default=None, help="API token for --save (default: $BOT_TOKEN)")
    s.add_argument("--claim-date", default="", help="--save: when the claim was made")
    s.add_argument("--url", default="", help="--save: where the claim appeared")
    s.add_argument("--outlet", default="", help="--save: who published it")

    s = sub.add_parser("eval", help="run the evaluation suite; exits 1 when a metric is under its threshold")
    s.add_argument("cases", nargs="*", type=Path, help="case files (default: evals/*.yaml)")
    s.add_argument("--json", action="store_true", help="print the full result as JSON")
    s.add_argument("--report", type=Path, default=Path("reports/eval"), help="folder for report.html + eval.json")
    s.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"), help="compare two eval.json runs")

    s = sub.add_parser("train", help="train our own model from ../shared/training (minutes on a GPU, hours on a CPU)")
    s.add_argument("task", choices=["answers", "nli", "stacker"], help="stacker: the combined judge's learned last step (CPU minutes)")
    s.add_argument("--data", type=Path, default=Path("../shared/training"), help="the training data folder")
    s.add_argument("--out", type=Path, help="model folder (default: bot/weights/<task>)")
    s.add_argument("--work", type=Path, default=Path(".train"), help="where the prepared bundle goes")
    s.add_argument("--layers", type=int, default=12)
    s.add_argument("--epochs", type=int, default=4)
    s.add_argument("--lr", type=float, default=6e-5)
    s.add_argument("--batch", type=int, default=32)
    s.add_argument("--seed", type=int, default=13)
    s.add_argument("--device", default="auto", help="auto | cpu | cuda")
    s.add_argument("--threads", type=int, default=2)
    s.add_argument("--max-minutes", type=float, default=0.0, help="stop after this long (0 = no limit)")
    s.add_argument("--prepare-only", action="store_true", help="write the bundle and stop (to train elsewhere)")
    s.add_argument("--init", type=Path, help="start from this model.npz's encoder (default: e5's)")
    s.add_argument("--init-heads", action="store_true", help="with --init: its heads too (continue a model of the same task)")
    s.add_argument("--fr-synthetic", type=int, default=0, help="nli: add this many French pairs made from PIAF's paragraphs")
    s.add_argument("--en-sample", type=int, default=0, help="nli: keep this many English training pairs (0: all)")
    s.add_argument("--sentences", action="store_true", help="answers: add question + sentence examples (short passages)")
    s.add_argument("--replay", type=int, default=0, help="answers: keep this many paragraph windows (0: all; to continue a model)")
    s.add_argument("--cross-lingual", type=int, default=0, help="answers: add this many examples asked in the other language (word by word)")

    s = sub.add_parser("sources", help="source reliability: sources list | sources set MATCH RATING [--note ...]")
    s.add_argument("action", choices=["list", "set"])
    s.add_argument("match", nargs="?", help="a domain (example.org) or an outlet name")
    s.add_argument("rating", nargs="?", type=int, help="1 (unreliable) to 5 (very reliable)")
    s.add_argument("--note", default="")

    from .review.cli import add_parsers

    add_parsers(sub)

    s = sub.add_parser("bench", help="public benchmarks: climate-fever | daccord | nli | squad2 | qa PATH")
    s.add_argument("dataset", choices=["climate-fever", "daccord", "nli", "squad2", "qa"])
    s.add_argument("path", type=Path)
    s.add_argument("--json", action="store_true")
    s.add_argument("--limit", type=int, default=0, help="only the first N rows (nli: of each set; 0 = all)")
    s.add_argument("--split", choices=["all", "test", "val"], default="all", help="squad2/qa: only the articles held out from training")
    s.add_argument("--items", type=Path, help="squad2/qa/daccord/climate-fever: also write every prediction (JSON)")
    s.add_argument(
        "--silent",
        type=float,
        default=0.0,
        help="squad2/qa: leave this share of the paragraphs out of the corpus; their questions become unanswerable",
    )
    s.add_argument(
        "--other-language",
        type=Path,
        metavar="DATA",
        help="squad2/qa: ask each question put word by word into the other language, with the lexicon of the training files in DATA",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    from .config import Settings, set_offline_env

    set_offline_env()
    try:
        from pydantic import ValidationError

        try:
            settings = Settings()
        except ValidationError as e:
            raise BotError(f"invalid BOT_* setting: {e}") from e
        from .chain import build

        bot = build(settings)
        return int(COMMANDS[args.command](bot, args))
    except BotError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _emit(obj: Any, as_json: bool, text: Callable[[Any], str]) -> None:
    if as_json:
        print(json.dumps(obj.model_dump() if hasattr(obj, "model_dump") else obj, ensure_ascii=False))
    else:
        print(text(obj))


def _report_text(r: Any) -> str:
    lines = [
        f"added: {len(r.added)}  updated: {len(r.updated)}  removed: {len(r.removed)}  unchanged: {len(r.unchanged)}"
        f"  (chunks +{r.chunks_added} -{r.chunks_removed})"
    ]
    for label, ids in (("added", r.added), ("updated", r.updated), ("removed", r.removed)):
        lines += [f"  {label}: {i}" for i in ids]
    lines += [f"  error: {p}: {msg}" for p, msg in r.errors.items()]
    return "\n".join(lines)


def _index(bot: FactBot, args: argparse.Namespace) -> int:
    report = bot.index(rebuild=args.rebuild, progress=sys.stderr.isatty())
    _emit(report, args.json, _report_text)
    return 1 if report.errors else 0


def _ingest(bot: FactBot, args: argparse.Namespace) -> int:
    report = bot.ingest(args.paths, progress=sys.stderr.isatty())
    _emit(report, args.json, _report_text)
    return 1 if report.errors else 0


def _search(bot: FactBot, args: argparse.Namespace) -> int:
    hits = bot.search(" ".join(args.query), args.k)
    rows = [
        {
            "rank": i,
            "doc_id": h.chunk.doc_id,
            "title": h.chunk.title,
            "chunk_id": h.chunk.chunk_id,
            "score": round(h.score, 6),
            "start": h.chunk.start,
            "end": h.chunk.end,
            "text": h.chunk.text,
        }
        for i, h in enumerate(hits, 1)
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for r in rows:
            print(f"{r['rank']}. [{r['doc_id']} {r['start']}:{r['end']}] score={r['score']:.4f} {r['title']}")
            print(f"   {r['text']}")
    return 0


def _show(bot: FactBot, args: argparse.Namespace) -> int:
    doc = bot.show(args.doc_id)
    _emit(doc, args.json, lambda d: f"# {d.title} ({d.lang}, {d.date})\n\n{d.text}")
    return 0


def _docs(bot: FactBot, args: argparse.Namespace) -> int:
    docs = bot.documents()
    if args.json:
        print(json.dumps([{"doc_id": k, **v} for k, v in sorted(docs.items())], ensure_ascii=False))
    else:
        for k, v in sorted(docs.items()):
            print(f"{k}\t{v.get('lang', '')}\t{v.get('date', '')}\t{v.get('n_chunks', 0)} chunks\t{v.get('title', '')}")
    return 0


def _delete(bot: FactBot, args: argparse.Namespace) -> int:
    report = bot.delete(args.doc_id)
    print(_report_text(report))
    return 0


def read_inputs(items: Sequence[str]) -> Iterable[str]:
    """Arguments, where ``-`` stands for one item per non-empty line of stdin."""
    for item in items:
        if item == "-":
            yield from (line.strip() for line in sys.stdin if line.strip())
        else:
            yield item


def _each(items: Iterable[str], key: str, run: Callable[[str], Any], show: Callable[[Any], str], as_json: bool) -> int:
    """Run every input in one process; a bad line prints an error and the others still run."""
    status = 0
    for item in items:
        try:
            result = run(item)
        except InputError as e:
            status = 2
            print(json.dumps({key: item, "error": str(e)}, ensure_ascii=False) if as_json else f"error: {e}")
            continue
        print(json.dumps(result.model_dump(), ensure_ascii=False) if as_json else show(result), flush=True)
    return status


def _show_answer(a: Any) -> str:
    cites = "".join(f"\n  [{i}] {c.title} ({c.doc_id} {c.start}:{c.end})" for i, c in enumerate(a.citations, 1))
    return f"Q: {a.question}\nA: {a.answer}{cites}\n"


def _show_verdict(v: Any) -> str:
    def quote(c: Any, tag: str = "") -> str:
        when = f", {c.date}" if c.date else ""
        who = f", {c.outlet}" + (f" {c.reliability}/5" if c.reliability else "") if c.outlet else ""
        return f"\n  {tag}« {c.quote} » ({c.doc_id} {c.start}:{c.end}{when}{who})"

    if v.support or v.contradict:
        quotes = "".join(quote(c, "for: ") for c in v.support) + "".join(quote(c, "against: ") for c in v.contradict)
    else:
        quotes = "".join(quote(c) for c in v.evidence)
    quotes += "".join(quote(c, "superseded by: ") for c in v.superseded_by)
    quotes += "".join(quote(c, "later: ") for c in v.later)
    as_of = f" as of {v.as_of}" if v.as_of else ""
    return f"{v.verdict.upper()}{as_of} ({v.confidence:.2f}) {v.claim}\n  {v.rationale}{quotes}\n"


def _ask(bot: FactBot, args: argparse.Namespace) -> int:
    return _each(read_inputs(args.questions), "question", bot.ask, _show_answer, args.json)


def _check(bot: FactBot, args: argparse.Namespace) -> int:
    if not args.save:
        return _each(read_inputs(args.claims), "claim", lambda c: bot.check(c, as_of=args.as_of), _show_verdict, args.json)
    from .review.cli import signed_in

    me = signed_in(bot, args)

    def check_and_save(claim: str) -> Any:
        from .text import detect_lang

        v = bot.check(claim, as_of=args.as_of)
        item = bot.desk.save(v, by=me, lang=detect_lang(claim), claim_date=args.claim_date, appearance_url=args.url, outlet=args.outlet)
        print(f"saved as review #{item.id}", file=sys.stderr)
        return v

    return _each(read_inputs(args.claims), "claim", check_and_save, _show_verdict, args.json)


def _eval(bot: FactBot, args: argparse.Namespace) -> int:
    from .evaluation.cases import compare

    if args.compare:
        old, new = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        for name, before, after, verdict in compare(old, new):
            if verdict != "same":
                print(f"{verdict:9s} {name}: {before} -> {after}")
        return 0
    from .evaluation.cases import run_all
    from .evaluation.report import write_report

    cases = args.cases or sorted(Path("evals").glob("*.yaml"))
    if not cases:
        raise InputError("no case files: pass CASES... or add evals/*.yaml")
    result = run_all(bot, cases)
    js, page = write_report(result, args.report)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(_table(result))
        print(f"\nreport: {page}\njson:   {js}")
        for f in result["threshold_failures"]:
            print(f"FAILED threshold: {f}")
        for r in result["questions"] + result["claims"]:
            if not r["correct"]:
                print(f"  failed case {r['id']}: {r.get('question') or r.get('claim')}")
    return 1 if result["threshold_failures"] else 0


def _table(result: dict[str, Any]) -> str:
    from .evaluation.report import _SCORES

    m = result["metrics"]
    scopes = list(m)
    width = max(10, *(len(s) + 2 for s in scopes))
    lines = [f"{'metric':26s}" + "".join(f"{s:>{width}s}" for s in scopes)]
    for n in _SCORES:
        vals = [m[s].get(n) for s in scopes]
        if all(v is None for v in vals):
            continue
        lines.append(f"{n:26s}" + "".join(f"{'-' if v is None else f'{v:.3f}':>{width}s}" for v in vals))
    for stage, v in m["overall"].get("latency_ms", {}).items():
        lines.append(f"latency {stage:18s} p50 {v['p50']:.1f} ms  p95 {v['p95']:.1f} ms")
    return "\n".join(lines)


def _bench(bot: FactBot, args: argparse.Namespace) -> int:
    from .evaluation.verdicts import run_climate_fever, run_daccord, run_nli

    if args.dataset in ("squad2", "qa"):
        from .evaluation.qa import run_qa

        qa = run_qa(
            args.path, bot.settings, embedder=bot.embedder, split=args.split, limit=args.limit, silent=args.silent,
            across=args.other_language,
        )
        items = qa.pop("items")
        if args.items:
            args.items.write_text(json.dumps(items, ensure_ascii=False, indent=0), encoding="utf-8")
        print(json.dumps(qa, ensure_ascii=False) if args.json else qa.pop("text"))
        return 0
    fn = {"climate-fever": run_climate_fever, "daccord": run_daccord, "nli": run_nli}[args.dataset]
    result = fn(args.path, bot.settings, embedder=bot.embedder, limit=args.limit)
    items = result.pop("items", None)
    if args.items and items is not None:
        args.items.write_text(json.dumps(items, ensure_ascii=False, indent=0), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False) if args.json else result.pop("text", json.dumps(result, indent=1)))
    return 0


def _train(bot: FactBot, args: argparse.Namespace) -> int:
    if args.task == "stacker":
        from .evidence import EvidenceRanker
        from .judge.stacked import PATH, train
        from .neural.entail import shared_entailer

        train(Path(args.data), EvidenceRanker(bot.embedder), shared_entailer(), out=Path(args.out) if args.out else PATH, work=Path(args.work))
        return 0
    from .neural.train import run_training

    run_training(args, models_dir=Path(__file__).resolve().parent / "weights")
    return 0


COMMANDS: dict[str, Callable[[FactBot, argparse.Namespace], int]] = {
    "index": _index,
    "ingest": _ingest,
    "search": _search,
    "show": _show,
    "docs": _docs,
    "delete": _delete,
    "ask": _ask,
    "check": _check,
    "eval": _eval,
    "bench": _bench,
    "train": _train,
    "sources": lambda bot, args: _sources(bot, args),
    "user": lambda bot, args: _review_cli().user(bot, args),
    "review": lambda bot, args: _review_cli().review(bot, args),
    "audit": lambda bot, args: _review_cli().audit(bot, args),
    "export": lambda bot, args: _review_cli().export(bot, args),
}


def _sources(bot: FactBot, args: argparse.Namespace) -> int:
    """The reliability table beside the corpus (corpus/sources.yaml); plain YAML, editable by hand too."""
    from .temporal import sources

    if args.action == "set":
        if args.match is None or args.rating is None:
            raise InputError("usage: sources set MATCH RATING [--note ...]")
        if bot.settings.read_only:
            raise InputError("editing is disabled on this deployment (BOT_READ_ONLY)")
        rows = sources.save(bot.settings.corpus_dir, args.match, args.rating, args.note)
    else:
        rows = sources.load(bot.settings.corpus_dir)
    for r in rows:
        print(f"{r.rating}/5  {r.match}" + (f"  — {r.note}" if r.note else ""))
    return 0


def _review_cli() -> Any:
    from .review import cli

    return cli
