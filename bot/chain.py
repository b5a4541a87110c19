"""The wiring: ``build(settings)`` -> the one application object used by the CLI and the web app."""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import nullcontext as _nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import Settings
from .errors import InputError
from .models import Answer, Document, IndexReport, ScoredChunk, Verdict

if TYPE_CHECKING:
    from .answers.rules import Answerer
    from .embed import Embedder
    from .evidence import Evidence
    from .judge import Judge
    from .retrieve import HybridSearcher
    from .review import ReviewDesk
    from .store import Store
    from .temporal.timeline import DocInfo

log = logging.getLogger(__name__)
# a tag ("<b>", "</p>", "<script …>") or a character entity ("&amp;", "&#39;") in a pasted query;
# a lone "<" or ">" ("fined < €2 billion?") is not markup
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);")


class FactBot:
    """Index, search, answer and verify over one corpus; heavy parts are built on first use."""

    def __init__(
        self,
        settings: Settings,
        *,
        embedder: Embedder | None = None,
        client: Any = None,
        answerer: Answerer | None = None,
        judge: Judge | None = None,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._client = client
        self._store: Store | None = None
        self._searcher: HybridSearcher | None = None
        self._answerer: Answerer | None = answerer
        self._judge: Judge | None = judge
        self._desk: ReviewDesk | None = None
        self._write_lock = threading.RLock()
        self._init_lock = threading.RLock()

    @property
    def embedder(self) -> Embedder:
        with self._init_lock:
            if self._embedder is None:
                from .embed import build_embedder

                self._embedder = build_embedder(self.settings)
            return self._embedder

    @property
    def store(self) -> Store:
        emb = self.embedder
        with self._init_lock:
            if self._store is None:
                from .store import Store

                self._store = Store(self.settings, emb, client=self._client)
            return self._store

    @property
    def searcher(self) -> HybridSearcher:
        store = self.store
        with self._init_lock:
            if self._searcher is None:
                from .retrieve import HybridSearcher

                self._searcher = HybridSearcher(store, self.embedder)
            return self._searcher

    # -- corpus ---------------------------------------------------------------------------

    def index(self, *, rebuild: bool = False, progress: bool = True, _locked: bool = False) -> IndexReport:
        from .indexer import sync_corpus

        with self._write_lock if not _locked else _nullcontext():
            if rebuild:
                self._drop()
            report = sync_corpus(
                self.settings.corpus_dir,
                self.store,
                self.embedder,
                chunk_chars=self.settings.chunk_chars,
                progress=progress,
            )
        self.searcher.invalidate()
        return report

    def _drop(self) -> None:
        from .store import make_client

        client = self._client if self._client is not None else (self._store.client if self._store else None)
        client = client or make_client(self.settings)
        for name in (self.settings.collection, f"{self.settings.collection}.docs"):
            with contextlib.suppress(Exception):  # absent already
                client.delete_collection(name)
        self._client = client
        self._store = None
        self._searcher = None

    def ingest(self, paths: Sequence[Path], *, progress: bool = True) -> IndexReport:
        from .indexer import add_files

        with self._write_lock:
            add_files(paths, self.settings.corpus_dir)
            return self.index(progress=progress, _locked=True)

    def delete(self, doc_id: str) -> IndexReport:
        """Remove a document from the corpus folder and the index."""
        doc = self.store.get_document(doc_id)
        if doc is None:
            raise InputError(f"no document {doc_id!r}; list them with `python -m bot docs`")
        with self._write_lock:
            path = Path(doc.path) if doc.path else None
            if path and path.is_file() and path.resolve().is_relative_to(self.settings.corpus_dir.resolve()):
                path.unlink()
            removed = self.store.delete_document(doc_id)
        self.searcher.invalidate()
        return IndexReport(removed=[doc_id], chunks_removed=removed)

    def add_upload(self, filename: str, data: bytes, *, title: str = "", date: str = "", lang: str = "") -> IndexReport:
        """Validate an uploaded file, store it in the corpus as Markdown with front matter, index it.

        Nothing is half-ingested: a file that does not parse never reaches the corpus, and if
        indexing fails the corpus file is put back as it was."""
        from .indexer import store_upload

        if len(data) > self.settings.max_upload_bytes:
            raise InputError(f"file too large ({len(data):,} bytes, limit {self.settings.max_upload_bytes:,})")
        with self._write_lock:
            target, previous = store_upload(
                filename, data, self.settings.corpus_dir, meta={"title": title, "date": date, "lang": lang}
            )
            try:
                report = self.index(progress=False, _locked=True)
            except BaseException:
                if previous is None:
                    target.unlink(missing_ok=True)
                else:
                    target.write_bytes(previous)
                raise
        if report.errors:
            raise InputError("; ".join(report.errors.values()))
        return report

    def documents(self) -> dict[str, dict[str, Any]]:
        return self.store.documents()

    def show(self, doc_id: str) -> Document:
        doc = self.store.get_document(doc_id)
        if doc is None:
            raise InputError(f"no document {doc_id!r} in the index; list them with `python -m bot docs`")
        return doc

    # -- queries --------------------------------------------------------------------------

    def check_query(self, text: str, what: str = "question") -> str:
        """The query as the pipeline reads it: markup pasted with it (tags, scripts, entities:
        "<b>ICE</b> a payé combien&nbsp;?") is reduced to its text, spaces collapsed; an empty or
        too long one is an ``InputError``."""
        if len(text) > 10 * self.settings.max_query_chars:  # not worth parsing
            raise InputError(f"{what} too long ({len(text)} characters, limit {self.settings.max_query_chars})")
        if _MARKUP.search(text):
            from .html import html_to_text

            text = html_to_text(text)[1]
        text = " ".join(text.split())
        if not text:
            raise InputError(f"empty {what}: type a {what}")
        if len(text) > self.settings.max_query_chars:
            raise InputError(f"{what} too long ({len(text)} characters, limit {self.settings.max_query_chars})")
        return text

    def _require_index(self) -> None:
        if not self.searcher.doc_meta():
            from .errors import IndexMissingError

            raise IndexMissingError(
                f"the index is empty; add documents to {self.settings.corpus_dir}/ and run `python -m bot index`"
            )

    def search(self, query: str, k: int | None = None) -> list[ScoredChunk]:
        query = self.check_query(query, "query")
        self._require_index()
        return self.searcher.search(query, k or self.settings.top_k)

    # -- answers --------------------------------------------------------------------------

    @property
    def answerer(self) -> Answerer:
        with self._init_lock:
            if self._answerer is None:
                if self.settings.llm == "none" and self.settings.answerer in ("reader", "hybrid"):
                    from .answers.reader import ReaderAnswerer

                    self._answerer = ReaderAnswerer(
                        threshold=self.settings.answer_threshold,
                        threshold_across=self.settings.answer_threshold_across,
                        fallback=self.settings.answerer == "hybrid",
                        passages=self.settings.read_k,
                    )
                elif self.settings.llm == "none":
                    from .answers.rules import ExtractiveAnswerer

                    self._answerer = ExtractiveAnswerer()
                else:
                    from .answers.llm import LLMAnswerer, build_chat_model

                    self._answerer = LLMAnswerer(build_chat_model(self.settings), self.judge, name=self.settings.llm)
            return self._answerer

    def evidence_for(self, query: str, *, k: int | None = None, topic: str = "") -> list[Evidence]:
        """Ranked evidence sentences; a follow-up's ``topic`` widens retrieval and lends its terms."""
        from .evidence import EvidenceRanker, query_terms, split_sentences

        search_query = f"{query} {topic}".strip()
        hits = self.searcher.search(search_query, k or self.settings.top_k)
        terms = query_terms(query) + [t for t in query_terms(topic) if t not in query_terms(query)]
        vectors = self.store.chunk_vectors([h.chunk.chunk_id for h in hits])
        known = {h.chunk.text: vectors[h.chunk.chunk_id] for h in hits if h.chunk.chunk_id in vectors}
        return EvidenceRanker(self.embedder).rank(search_query, split_sentences(hits), terms=terms, known=known)

    def question_evidence(self, question: str, *, k: int | None = None, topic: str = "") -> tuple[str, list[Evidence]]:
        """The question as the answerers read it, and its evidence: a nationality adjective that no
        retrieved sentence states (« l'agence américaine » where the article says « l'agence ») is
        set aside, and retrieval is run again without it (``bot/answers/demonyms.py``)."""
        from .answers.demonyms import without_unstated

        evidence = self.evidence_for(question, k=k, topic=topic)
        read = without_unstated(question, [t for e in evidence for t in (e.sentence.text, e.sentence.context)])
        if read != question:
            evidence = self.evidence_for(read, k=k, topic=topic)
        return read, evidence

    def _dates(self) -> dict[str, str]:
        """doc_id -> publication date, for citations."""
        return {k: str(v.get("date", "")) for k, v in self.searcher.doc_meta().items()}

    def _docs(self) -> dict[str, DocInfo]:
        """doc_id -> date, outlet and the outlet's rating (corpus/sources.yaml), for citations."""
        from .temporal import sources
        from .temporal.timeline import DocInfo

        try:
            ratings = sources.load(self.settings.corpus_dir)
        except InputError as e:  # a broken rating table must not stop answers: quotes go unrated
            log.warning("%s", e)
            ratings = []
        out = {}
        for k, meta in self.searcher.doc_meta().items():
            r = sources.rate(meta, ratings)
            out[k] = DocInfo(str(meta.get("date", "")), sources.outlet_of(meta), r.rating if r else None)
        return out

    def ask_stream(self, question: str, *, topic: str = "") -> Iterator[str | Answer]:
        """Text as it is generated (LLM tokens), then the final, guarded Answer."""
        from .text import detect_lang

        question = self.check_query(question, "question")
        self._require_index()
        stream = getattr(self.answerer, "stream", None)
        if stream is None:
            yield self.ask(question, topic=topic)
            return
        t0 = time.perf_counter()
        read, evidence = self.question_evidence(question, topic=topic)
        dates = self._dates()
        for item in stream(read, evidence, lang=detect_lang(question), dates=dates):
            if isinstance(item, Answer):
                item.question = question
                item.timings_ms = {"answer": round((time.perf_counter() - t0) * 1000, 2)}
            yield item

    def ask(self, question: str, *, topic: str = "") -> Answer:
        """Answer one question from the sources (or abstain), with verbatim citations.

        ``topic`` is an earlier question a follow-up refers to ("and how much was it?"). A yes/no
        question standing alone is a claim: the judge answers it (``bot/answers/polar.py``)."""
        from .text import detect_lang

        question = self.check_query(question, "question")
        self._require_index()
        t0 = time.perf_counter()
        lang = detect_lang(question)
        polar = None if topic else self.polar_claim(question, lang)
        if polar is not None:
            from .answers.polar import polar_answer

            answer = polar_answer(question, self.check(polar), lang=lang)
            answer.timings_ms = {"answer": round((time.perf_counter() - t0) * 1000, 2)}
            return answer
        read, evidence = self.question_evidence(question, topic=topic)
        t1 = time.perf_counter()
        from .temporal.timeline import answer_in_time, several_dates

        docs = self._docs()
        answer = self.answerer.answer(read, evidence, lang=lang, dates={k: d.date for k, d in docs.items()})
        answer.question = question
        if answer.short and several_dates(docs):  # a figure may have changed: look wider
            evidence = self.evidence_for(read, k=self.settings.top_k * 3, topic=topic)
        reads = getattr(self.answerer, "answering", None)  # the reader, where answers come from it
        answer = answer_in_time(
            answer, evidence, docs, lang=lang, answers=(lambda texts: reads(read, texts)) if reads else None
        )
        t2 = time.perf_counter()
        answer.timings_ms = {"retrieve": round((t1 - t0) * 1000, 2), "answer": round((t2 - t1) * 1000, 2)}
        return answer

    def polar_claim(self, question: str, lang: str) -> str | None:
        """The claim of a yes/no question, where the judge answers those (``BOT_POLAR``, with our
        reader); None for any other question. ``ask`` and the QA benchmarks both route by it."""
        if not self.settings.polar or self.settings.llm != "none" or self.settings.answerer == "rules":
            return None
        from .answers.polar import polar_claim

        return polar_claim(question, lang)

    @property
    def judge(self) -> Judge:
        """The judge chosen by ``BOT_JUDGE`` (its model is loaded on first use)."""
        emb = self.embedder
        with self._init_lock:
            if self._judge is None:
                from .evidence import EvidenceRanker
                from .judge import build_judge

                self._judge = build_judge(self.settings.judge, EvidenceRanker(emb))
            return self._judge

    @property
    def desk(self) -> ReviewDesk:
        """The review workflow on its database (migrated when first opened)."""
        with self._init_lock:
            if self._desk is None:
                from .review import ReviewDesk
                from .review.db import Database, database_url

                db = Database(database_url(self.settings.database_url, self.settings.data_dir))
                self._desk = ReviewDesk(
                    db, embed=lambda texts: self.embedder.embed_queries(texts), relate=self._relate, read_only=self.settings.read_only
                )
            return self._desk

    def _relate(self, past: str, new: str) -> str:
        """The judge on a new claim against a past claim: supported = the same claim."""
        from .text import detect_lang

        return self.judge.judge_pair(new, past, lang=detect_lang(new)).label

    def check(self, claim: str, *, as_of: str | None = None) -> Verdict:
        """Verdict on a claim, part by part, with the evidence quoted; judged at the time the
        claim states, else at ``as_of`` ("2020-09"), else today."""
        from .answers.polar import polar_claim
        from .evidence import EvidenceRanker
        from .judge.rules import RuleJudge
        from .temporal.dates import as_of as parse_as_of
        from .temporal.timeline import check_in_time, several_dates
        from .text import detect_lang

        claim = self.check_query(claim, "claim")
        when = parse_as_of(as_of)
        self._require_index()
        t0 = time.perf_counter()
        rules = RuleJudge(EvidenceRanker(self.embedder))
        docs = self._docs()
        several = several_dates(docs)
        lang = detect_lang(claim)
        # a claim asked as a question ("Is it true that …?", "L'ICE a-t-elle payé … ?") is judged
        # as the statement it asks about; the verdict shows the claim as written
        stated = polar_claim(claim, lang) or claim
        verdict = check_in_time(
            self.judge,
            rules,
            stated,
            self.evidence_for,
            lang=lang,
            docs=docs,
            as_of=when,
            wide=(lambda q: self.evidence_for(q, k=self.settings.top_k * 3)) if several else None,
        )
        verdict.claim = claim
        verdict.timings_ms = {"verify": round((time.perf_counter() - t0) * 1000, 2)}
        return verdict

    def chain(self) -> Any:
        """The question -> Answer chain as a LangChain Runnable (invoke, batch, stream)."""
        from langchain_core.runnables import RunnableLambda

        return RunnableLambda(self.ask, name="factbot_answer")

    def retriever(self, k: int | None = None) -> Any:
        from .retrieve import make_retriever

        return make_retriever(self.searcher, k or self.settings.top_k)


def build(settings: Settings | None = None, **kwargs: Any) -> FactBot:
    return FactBot(settings or Settings(), **kwargs)
