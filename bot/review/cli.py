"""``python -m bot user|review|audit|export``: the review workflow from the command line, with
the same checks as the web app (a token for every write: ``--token`` or ``BOT_TOKEN``)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AuthError, InputError

if TYPE_CHECKING:
    from ..chain import FactBot
    from .models import Actor


def add_parsers(sub: Any) -> None:
    s = sub.add_parser("user", help="accounts: user add NAME --role editor|admin")
    us = s.add_subparsers(dest="user_cmd", required=True)
    a = us.add_parser("add", help="create an account (password from a prompt or --password-stdin); prints an API token")
    a.add_argument("name")
    a.add_argument("--role", choices=["editor", "admin"], default="editor")
    a.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    t = us.add_parser("token", help="a new API token for an existing account (asks its password)")
    t.add_argument("name")
    t.add_argument("--label", default="cli")
    t.add_argument("--password-stdin", action="store_true")

    s = sub.add_parser("review", help="the review queue: list | show | assign | set | publish | dismiss | reopen")
    s.add_argument("--token", default=None, help="API token (default: $BOT_TOKEN)")
    s.add_argument("--json", action="store_true")
    # the same two options after the subcommand too ("review set 1 supported --json")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--token", default=argparse.SUPPRESS, help="API token (default: $BOT_TOKEN)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    rs = s.add_subparsers(dest="review_cmd", required=True)

    def sub_cmd(name: str, **kw: Any) -> Any:
        return rs.add_parser(name, parents=[common], **kw)

    x = sub_cmd("list")
    x.add_argument("--status")
    x.add_argument("--lang")
    x.add_argument("--verdict")
    x.add_argument("--assignee")
    x.add_argument("--limit", type=int, default=50)
    x = sub_cmd("show")
    x.add_argument("id", type=int)
    x = sub_cmd("assign")
    x.add_argument("id", type=int)
    x.add_argument("user")
    x.add_argument("--version", type=int, help="the version you read (refuses if it changed since)")
    x = sub_cmd("set", help="the editor's verdict (a reason is required to override the automatic one)")
    x.add_argument("id", type=int)
    x.add_argument("verdict", choices=["supported", "refuted", "not_enough_info", "conflicting"])
    x.add_argument("--rationale", default="")
    x.add_argument("--reason", default="")
    x.add_argument("--version", type=int)
    for name in ("publish", "dismiss", "reopen"):
        x = sub_cmd(name)
        x.add_argument("id", type=int)
        x.add_argument("--reason", default="")
        x.add_argument("--version", type=int)

    s = sub.add_parser("audit", help="audit verify: check the audit log's hash chain")
    s.add_argument("audit_cmd", choices=["verify"])

    s = sub.add_parser("export", help="export claimreview [--since DATE] [--out FILE]: schema.org ClaimReview JSON-LD")
    s.add_argument("format", choices=["claimreview"])
    s.add_argument("--since", help="only reviews published on or after this date (YYYY-MM-DD)")
    s.add_argument("--out", type=Path, help="write to this file (default: stdout)")


def _password(from_stdin: bool, *, confirm: bool) -> str:
    if from_stdin or not sys.stdin.isatty():  # piped: one line, no confirmation
        return sys.stdin.readline().rstrip("\n")
    pw = getpass.getpass("password: ")
    if confirm and getpass.getpass("again: ") != pw:
        raise InputError("the two passwords differ")
    return pw


def user(bot: FactBot, args: argparse.Namespace) -> int:
    desk = bot.desk
    if args.user_cmd == "add":
        actor = desk.add_user(args.name, args.role, _password(args.password_stdin, confirm=True))
        print(f"created {actor.role} {actor.name}", file=sys.stderr)
        print(desk.token_for(actor, label="created with user add"))
        return 0
    print(desk.create_token(args.name, _password(args.password_stdin, confirm=False), label=args.label))
    return 0


def signed_in(bot: FactBot, args: argparse.Namespace) -> Actor:
    token = args.token or os.environ.get("BOT_TOKEN")
    if not token:
        raise AuthError("give an API token: --token or BOT_TOKEN (python -m bot user token NAME makes one)")
    return bot.desk.authenticate(token)


def _show(item: Any) -> str:
    lines = [
        f"#{item.id} [{item.status}] v{item.version} {item.verdict.upper()} — {item.claim}",
        f"  automatic: {item.auto_verdict} ({item.auto_confidence:.2f}, {item.auto_method}) {item.auto_rationale}",
    ]
    if item.editor_verdict:
        lines.append(f"  editor: {item.editor_verdict} {item.editor_rationale}")
    if item.assignee:
        lines.append(f"  assignee: {item.assignee}")
    lines += [f"  « {c.quote} » ({c.doc_id} {c.start}:{c.end})" for c in item.evidence]
    return "\n".join(lines)


def review(bot: FactBot, args: argparse.Namespace) -> int:
    desk, me = bot.desk, signed_in(bot, args)
    cmd = args.review_cmd
    if cmd == "list":
        items = desk.queue(me, status=args.status, lang=args.lang, verdict=args.verdict, assignee=args.assignee, limit=args.limit)
        for it in items:
            print(json.dumps(it.model_dump(mode="json"), ensure_ascii=False) if args.json else _show(it).splitlines()[0])
        return 0
    if cmd == "show":
        item = desk.get(args.id, me)
        if args.json:
            print(json.dumps(item.model_dump(mode="json") | {"history": [h.model_dump(mode="json") for h in desk.history(args.id, me)]}, ensure_ascii=False))
        else:
            print(_show(item))
            for h in desk.history(args.id, me):
                print(f"  {h.at:%Y-%m-%d %H:%M} {h.actor} {h.action} {h.before} -> {h.after} {h.reason}")
        return 0
    if cmd == "assign":
        item = desk.assign(args.id, args.user, by=me, version=args.version)
    elif cmd == "set":
        item = desk.set_verdict(args.id, args.verdict, args.rationale, reason=args.reason, by=me, version=args.version)
    elif cmd == "publish":
        item = desk.publish(args.id, by=me, version=args.version, reason=args.reason)
    elif cmd == "dismiss":
        item = desk.dismiss(args.id, by=me, reason=args.reason, version=args.version)
    else:
        item = desk.reopen(args.id, by=me, reason=args.reason, version=args.version)
    print(json.dumps(item.model_dump(mode="json"), ensure_ascii=False) if args.json else _show(item))
    return 0


def audit(bot: FactBot, args: argparse.Namespace) -> int:
    problems = bot.desk.verify_audit()
    for p in problems:
        print(p)
    print("audit log intact" if not problems else f"{len(problems)} problem(s): the audit log was altered", file=sys.stderr)
    return 1 if problems else 0


def export(bot: FactBot, args: argparse.Namespace) -> int:
    from .claimreview import export as to_jsonld

    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since)
        except ValueError as e:
            raise InputError(f"--since wants a date like 2026-03-02, not {args.since!r}") from e
    s = bot.settings
    doc = json.dumps(to_jsonld(bot.desk.published(since), org_name=s.org_name, org_url=s.org_url, site_url=s.site_url), ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(doc + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print(doc)
    return 0
