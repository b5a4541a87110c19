"""Keep the Chroma index in step with the corpus folder: add, replace, remove, repair."""

from __future__ import annotations

import logging
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

from .embed import Embedder
from .errors import DocumentError, InputError
from .ingest import SUPPORTED_SUFFIXES, chunk_document, doc_id_for, iter_corpus, load_document, parse_bytes
from .models import Chunk, Document, IndexReport
from .store import Store

log = logging.getLogger(__name__)
_BATCH = 64


def sync_corpus(
    corpus_dir: Path, store: Store, embedder: Embedder, *, chunk_chars: int = 600, progress: bool = True
) -> IndexReport:
    """Bring the index to the corpus state; idempotent, and only changed documents are embedded."""
    report = IndexReport()
    report.chunks_removed += store.repair()
    indexed = store.documents()
    todo: list[tuple[Document, list[Chunk]]] = []
    seen: set[str] = set()
    for path in iter_corpus(corpus_dir):
        doc_id = doc_id_for(path, corpus_dir)
        if doc_id in seen:
            report.errors[str(path)] = f"duplicate document id {doc_id!r} (same name, other extension); rename it"
            continue
        seen.add(doc_id)
        try:
            doc = load_document(path, corpus_dir)
        except (DocumentError, OSError) as e:
            report.errors[str(path)] = str(e)  # the indexed version, if any, is kept
            continue
        if indexed.get(doc.doc_id, {}).get("content_hash") == doc.content_hash:
            report.unchanged.append(doc.doc_id)
            continue
        todo.append((doc, chunk_document(doc, max_chars=chunk_chars)))
    _write(todo, store, embedder, report, indexed, progress=progress)
    for doc_id in sorted(set(indexed) - seen):
        report.chunks_removed += store.delete_document(doc_id)
        report.removed.append(doc_id)
    return report


def _write(
    todo: list[tuple[Document, list[Chunk]]],
    store: Store,
    embedder: Embedder,
    report: IndexReport,
    indexed: Mapping[str, object],
    *,
    progress: bool,
) -> None:
    from tqdm import tqdm

    total = sum(len(chunks) for _, chunks in todo)
    with tqdm(total=total, unit="chunk", desc="embedding", disable=not progress or total == 0) as bar:
        for doc, chunks in todo:
            vectors: list[list[float]] = []
            for i in range(0, len(chunks), _BATCH):
                vectors.extend(embedder.embed_passages([c.text for c in chunks[i : i + _BATCH]]))
                bar.update(min(_BATCH, len(chunks) - i))
            report.chunks_removed += store.put_document(doc, chunks, vectors)
            report.chunks_added += len(chunks)
            (report.updated if doc.doc_id in indexed else report.added).append(doc.doc_id)


def safe_filename(name: str) -> str:
    """A plain file name with no directory part, hidden prefix or odd characters."""
    base = Path(name.replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.")[:100]
    if not stem or f".{suffix.lower()}" not in SUPPORTED_SUFFIXES:
        raise InputError(f"{name!r}: need a file name ending in one of {', '.join(SUPPORTED_SUFFIXES)}")
    return f"{stem}.{suffix.lower()}"


def add_files(paths: Sequence[Path], corpus_dir: Path) -> list[Path]:
    """Validate then copy files into the corpus; nothing is copied if any file is broken."""
    targets: list[tuple[Path, Path]] = []
    for p in paths:
        if not p.is_file():
            raise InputError(f"{p}: no such file")
        target = corpus_dir / safe_filename(p.name)
        load_document(p)  # parse now: a broken file must not reach the corpus
        targets.append((p, target))
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for src, dst in targets:
        tmp = dst.with_name(f".{dst.name}.tmp")
        shutil.copyfile(src, tmp)
        tmp.replace(dst)
    return [dst for _, dst in targets]


def store_upload(filename: str, data: bytes, corpus_dir: Path, *, meta: dict[str, str]) -> tuple[Path, bytes | None]:
    """Parse an upload (type checked against its content) and write it as ``<name>.md`` with front
    matter. Returns the path written and its previous bytes (None if new), for rollback."""
    import yaml

    name = safe_filename(filename)
    stem, suffix = name.rsplit(".", 1)
    suffix = f".{suffix}"
    looks_pdf = data.startswith(b"%PDF-")
    if looks_pdf != (suffix == ".pdf"):
        raise InputError(f"{filename!r}: the content does not match the .{suffix.lstrip('.')} extension")
    doc = parse_bytes(data, suffix, name=name, doc_id=stem, meta={k: v.strip() for k, v in meta.items()})
    front = yaml.safe_dump(
        {"title": doc.title, "lang": doc.lang, "date": doc.date, "source": f"upload: {name}"},
        allow_unicode=True,
        sort_keys=False,
    )
    corpus_dir.mkdir(parents=True, exist_ok=True)
    target = corpus_dir / f"{stem}.md"
    previous = target.read_bytes() if target.exists() else None
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(f"---\n{front}---\n{doc.text}\n", encoding="utf-8")
    tmp.replace(target)
    return target, previous
