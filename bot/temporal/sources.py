"""Source reliability: an editable table of outlets and domains with a rating (1-5) and a note,
kept beside the corpus (``corpus/sources.yaml``). Shown on every quote; used to order
conflicting sources (the better rated first), never to hide one."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from ..errors import InputError

FILE = "sources.yaml"
_lock = threading.Lock()


@dataclass(frozen=True)
class Rating:
    match: str  # a domain ("example.org") or an outlet name, case-insensitive
    rating: int
    note: str = ""


def outlet_of(meta: dict[str, Any]) -> str:
    """A document's outlet: its front matter ``source`` or, failing that, its URL's site."""
    source = str(meta.get("source", "") or "").strip()
    if source:
        return source
    host = urlparse(str(meta.get("url", "") or "")).hostname or ""
    return host.removeprefix("www.")


def load(corpus_dir: Path) -> list[Rating]:
    import yaml

    path = corpus_dir / FILE
    if not path.exists():
        return []
    try:
        rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        return [Rating(str(r["match"]), _valid(int(r["rating"])), str(r.get("note", ""))) for r in rows]
    except (yaml.YAMLError, KeyError, TypeError, ValueError) as e:
        raise InputError(f"{path}: each entry needs match and rating 1-5 ({e})") from e


def rate(meta: dict[str, Any], ratings: list[Rating]) -> Rating | None:
    """The entry matching a document's URL domain (or a parent domain), else its outlet name."""
    host = (urlparse(str(meta.get("url", "") or "")).hostname or "").removeprefix("www.").lower()
    outlet = outlet_of(meta).lower()
    for r in ratings:
        m = r.match.lower()
        if host and (host == m or host.endswith("." + m)):
            return r
    for r in ratings:
        if outlet and r.match.lower() in outlet:
            return r
    return None


def save(corpus_dir: Path, match: str, rating: int, note: str = "") -> list[Rating]:
    """Add or replace one entry (the CLI's ``sources set``)."""
    import yaml

    if not match.strip():
        raise InputError("give a domain or an outlet name")
    with _lock:
        rows = [r for r in load(corpus_dir) if r.match.lower() != match.strip().lower()]
        rows.append(Rating(match.strip(), _valid(rating), note.strip()))
        rows.sort(key=lambda r: r.match.lower())
        text = "# Source reliability: match (domain or outlet name), rating 1-5, note. Edit freely.\n"
        text += yaml.safe_dump([{"match": r.match, "rating": r.rating, "note": r.note} for r in rows], allow_unicode=True, sort_keys=False)
        tmp = corpus_dir / (FILE + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(corpus_dir / FILE)
        return rows


def _valid(rating: int) -> int:
    if not 1 <= rating <= 5:
        raise InputError(f"a rating is 1 to 5, not {rating}")
    return rating
