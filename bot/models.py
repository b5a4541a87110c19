"""Pydantic types shared by every layer; no I/O here."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Label = Literal["supported", "refuted", "not_enough_info", "conflicting"]


class Document(BaseModel):
    """A source document; every offset in the system refers to ``text``."""

    doc_id: str
    title: str
    text: str
    lang: str = "und"
    date: str = ""
    source: str = ""
    url: str = ""
    path: str = ""
    content_hash: str = ""

    def meta(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump(exclude={"text"}).items() if isinstance(v, str)}


class Chunk(BaseModel):
    """A contiguous span of a document: ``doc.text[start:end] == text``."""

    chunk_id: str
    doc_id: str
    text: str
    start: int
    end: int
    doc_hash: str = ""
    title: str = ""
    lang: str = "und"


class ScoredChunk(BaseModel):
    chunk: Chunk
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None


class Citation(BaseModel):
    """A verbatim quote of a document, with offsets into its text."""

    doc_id: str
    title: str
    quote: str
    start: int
    end: int
    lang: str = "und"
    date: str = ""  # the document's publication date
    outlet: str = ""  # who published it (front matter `source`, or the URL's site)
    reliability: int | None = None  # the outlet's rating 1-5 in corpus/sources.yaml, if rated
    periods: list[str] = Field(default_factory=list)  # dates named in the quote, resolved ("le mois dernier" -> 2020-07)


class RemovedSentence(BaseModel):
    """A generated sentence the citation guard dropped, and why."""

    sentence: str
    reason: str


class Answer(BaseModel):
    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = Field(default_factory=list)
    lang: str = "en"
    kind: str = "general"
    short: str = ""  # the direct answer alone (a verbatim span, amounts normalised), "" if none
    score: float | None = None  # the reader's answerability probability for its best passage (yes/no: the verdict's confidence)
    method: str = ""  # reader | rules | judge (a yes/no question) | llm | abstain
    as_of: str = ""  # the date of the source the answer comes from, when sources at several dates give values
    earlier: list[Citation] = Field(default_factory=list)  # older sources giving another value
    removed: list[RemovedSentence] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)


class ClaimPart(BaseModel):
    claim: str
    verdict: Label
    confidence: float
    evidence: list[Citation] = Field(default_factory=list)
    rationale: str = ""
    method: str = "rules"  # what decided: rules | nli
    probs: dict[str, float] = Field(default_factory=dict)  # the NLI model's, when it was asked


class Verdict(BaseModel):
    claim: str
    verdict: Label
    confidence: float
    evidence: list[Citation] = Field(default_factory=list)
    rationale: str = ""
    method: str = "rules"  # what decided: rules | nli | rules+nli (parts decided differently)
    as_of: str = ""  # the period the verdict holds for (the claim's own, --as-of, or the source's when superseded)
    superseded_by: list[Citation] = Field(default_factory=list)  # later sources giving another value
    later: list[Citation] = Field(default_factory=list)  # sources published after as_of (not used for the verdict)
    support: list[Citation] = Field(default_factory=list)  # conflicting: the quotes for ...
    contradict: list[Citation] = Field(default_factory=list)  # ... and against, side by side
    parts: list[ClaimPart] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)


class IndexReport(BaseModel):
    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    chunks_added: int = 0
    chunks_removed: int = 0
    errors: dict[str, str] = Field(default_factory=dict)
