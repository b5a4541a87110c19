"""Corpus files -> Documents -> Chunks (ids from content, character offsets kept).

Document format: UTF-8 text or Markdown with an optional YAML front-matter header::

    ---
    title: ICE signs a contract with Clearview AI
    lang: fr
    date: 2020-08
    source: ...
    url: https://...
    ---
    The article text. All citation offsets refer to this body.

Without front matter, a Markdown or text file's first heading (``# Title``) is its title and a
dateline near the top ("Published May 22, 2023", "Publié le 14 mars 2024", or a date alone on
its line) its date; heading marks are dropped from the text, the heading's words stay.
``.html``/``.htm`` files have their text extracted (markup, scripts and styles dropped);
``.pdf`` files have their text layer extracted with pypdf.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from .errors import DocumentError
from .models import Chunk, Document
from .text import detect_lang, sentence_spans

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf")
MAX_DOC_CHARS = 2_000_000
_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_META_KEYS = ("title", "lang", "date", "source", "url")
_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
_DATELINE = re.compile(
    r"^\W{0,3}(?P<label>(?:publi[ée]e?|mis\s+[àa]\s+jour|mise\s+[àa]\s+jour|modifi[ée]e?|updated|published|posted|date)"
    r"\b(?:\s+(?:le|on))?[\s:,-]*)?(?P<when>[^\n]{4,40}?)\W{0,3}$",
    re.I,
)
# a line that is only a date (a weekday and a time may go with it): "May 22, 2023", "lundi 5 juin 2023"
_BARE_DATE = re.compile(
    r"(?:\w+,?\s+)?(?:\d{4}-\d{2}-\d{2}|\d{1,2}(?:er)?\s+\w+\.?\s+\d{4}|\w+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
    r"(?:,?\s+(?:[àa]|at)?\s*\d{1,2}\s*[h:]\s*\d{0,2}\s*(?:am|pm)?)?",
    re.I,
)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def doc_id_for(path: Path, root: Path | None = None) -> str:
    """Stable id from the file name (relative to the corpus root), safe for URLs and CLIs."""
    rel = path.relative_to(root) if root and path.is_relative_to(root) else Path(path.name)
    stem = str(rel.with_suffix("")).replace("/", "__")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")
    if not slug:
        raise DocumentError(f"cannot derive a document id from file name {path.name!r}")
    return slug[:120]


def iter_corpus(corpus_dir: Path) -> Iterator[Path]:
    """Supported files under the corpus folder, sorted, hidden files skipped."""
    if not corpus_dir.is_dir():
        return
    for p in sorted(corpus_dir.rglob("*")):
        rel = p.relative_to(corpus_dir)
        if (
            p.is_file()
            and p.suffix.lower() in SUPPORTED_SUFFIXES
            and not any(part.startswith(".") for part in rel.parts)
        ):
            yield p


def load_document(path: Path, root: Path | None = None) -> Document:
    """Parse one file; raises DocumentError with a readable reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"{path.name}: unsupported type {suffix or '(none)'}; use {', '.join(SUPPORTED_SUFFIXES)}")
    data = path.read_bytes()
    doc = parse_bytes(data, suffix, name=path.name, doc_id=doc_id_for(path, root))
    return doc.model_copy(update={"path": str(path)})


def parse_bytes(data: bytes, suffix: str, *, name: str, doc_id: str, meta: dict[str, str] | None = None) -> Document:
    """Bytes of a file of the given type -> Document (metadata from front matter, then ``meta``)."""
    fields: dict[str, str]
    if suffix == ".pdf":
        fields, body = {}, _pdf_text(data, name)
    else:
        raw = _decode(data, name)
        fields, body = split_front_matter(raw)
        if suffix in (".md", ".markdown", ".txt"):
            body = headline_and_dateline(body, fields)
        if suffix in (".html", ".htm"):
            from .html import html_document

            page, body = html_document(body)
            for key in ("title", "date", "source", "url"):
                if page.get(key) and not fields.get(key):
                    fields[key] = page[key]
    body = clean_text(body)
    if not body:
        raise DocumentError(f"{name}: no text found")
    if len(body) > MAX_DOC_CHARS:
        raise DocumentError(f"{name}: {len(body):,} characters is over the {MAX_DOC_CHARS:,} limit; split it")
    fields.update({k: v for k, v in (meta or {}).items() if v})
    title = (fields.get("title") or "").strip() or Path(name).stem
    lang = (fields.get("lang") or "").strip().lower() or detect_lang(body[:5000])
    return Document(
        doc_id=doc_id,
        title=title[:300],
        text=body,
        lang=lang[:8],
        date=str(fields.get("date", ""))[:40],
        source=str(fields.get("source", ""))[:200],
        url=str(fields.get("url", ""))[:1000],
        content_hash=content_hash(f"{title}\x00{lang}\x00{body}"),
    )


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise DocumentError(f"{name}: looks binary (NUL bytes); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if text.count("\ufffd") > max(10, len(text) // 100):
            raise DocumentError(f"{name}: not UTF-8 text; re-save it as UTF-8") from None
        return text


def split_front_matter(raw: str) -> tuple[dict[str, str], str]:
    m = _FRONT.match(raw)
    if not m:
        return {}, raw
    import yaml

    try:
        loaded = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as e:
        raise DocumentError(f"front matter is not valid YAML: {e}") from e
    if not isinstance(loaded, dict):
        raise DocumentError("front matter must be a mapping of key: value lines")
    fields = {str(k): str(v) for k, v in loaded.items() if k in _META_KEYS and v is not None}
    return fields, raw[m.end() :]


def headline_and_dateline(body: str, fields: dict[str, str]) -> str:
    """Fill a missing title from the first Markdown heading and a missing date from a dateline in
    the first lines; return the body with heading marks dropped (``# Title`` -> ``Title``)."""
    from .temporal.dates import parse_period

    heading = _HEADING.search(body)
    if heading and not fields.get("title") and not body[: heading.start()].strip():
        fields["title"] = heading.group(2).strip()
    if not fields.get("date"):
        for line in [ln.strip() for ln in body.splitlines() if ln.strip()][:4]:
            m = _DATELINE.match(line) if not _HEADING.match(line) else None
            if m and not m.group("label") and not _BARE_DATE.fullmatch(m.group("when")):
                continue  # a sentence that names a date is not a dateline
            period = parse_period(m.group("when")) if m else None
            if period and period.start.year >= 1900 and len(str(period)) >= 7:
                fields["date"] = str(period)
                break
    return _HEADING.sub(lambda m: m.group(2), body)


def clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _pdf_text(data: bytes, name: str) -> str:
    if not data.startswith(b"%PDF-"):
        raise DocumentError(f"{name}: not a PDF file (missing %PDF- header)")
    import io

    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        pages = [(page.extract_text() or "") for page in reader.pages]
    except Exception as e:  # pypdf raises many types on broken files
        raise DocumentError(f"{name}: unreadable PDF ({type(e).__name__}: {e})") from e
    return "\n\n".join(p.strip() for p in pages)


def chunk_document(doc: Document, *, max_chars: int = 600) -> list[Chunk]:
    """Sentence-aware chunks that never cross a paragraph; ``doc.text[c.start:c.end] == c.text``."""
    chunks: list[Chunk] = []
    for p_start, p_end in _paragraphs(doc.text):
        group: list[tuple[int, int]] = []
        for s, e in _bounded(sentence_spans(doc.text, p_start, p_end), doc.text, max_chars):
            if group and e - group[0][0] > max_chars:
                chunks.append(_make_chunk(doc, group[0][0], group[-1][1]))
                group = []
            group.append((s, e))
        if group:
            chunks.append(_make_chunk(doc, group[0][0], group[-1][1]))
    return chunks


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for m in re.finditer(r"\n\s*\n", text):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)


def _bounded(spans: list[tuple[int, int]], text: str, max_chars: int) -> Iterator[tuple[int, int]]:
    """Hard-split sentences longer than max_chars at a space."""
    for s, e in spans:
        while e - s > max_chars:
            cut = text.rfind(" ", s + max_chars // 2, s + max_chars)
            cut = cut if cut > s else s + max_chars
            yield s, cut
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if e > s:
            yield s, e


def _make_chunk(doc: Document, start: int, end: int) -> Chunk:
    digest = hashlib.sha256(f"{doc.doc_id}\x00{doc.content_hash}\x00{start}:{end}".encode()).hexdigest()[:24]
    return Chunk(
        chunk_id=digest,
        doc_id=doc.doc_id,
        text=doc.text[start:end],
        start=start,
        end=end,
        doc_hash=doc.content_hash,
        title=doc.title,
        lang=doc.lang,
    )
