"""``python -m bot``: index, search, ask, check, eval and bench from the command line."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BotError

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
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
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


COMMANDS: dict[str, Callable[[FactBot, argparse.Namespace], int]] = {
    "index": _index,
    "ingest": _ingest,
    "search": _search,
    "show": _show,
    "docs": _docs,
    "delete": _delete,
}
