"""The judge seam: a claim (or one part of it) and ranked evidence sentences -> a judgement.

Every judge (rules, the NLI model, their combination) implements :class:`Judge` and passes the
same contract tests (``tests/unit/test_judges.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from ..evidence import Evidence
from ..models import Label

# What decided a judgement: a rule (and which one), the model, or the lack of evidence.
Basis = Literal["numbers", "parties", "nationality", "polarity", "opposites", "coverage", "evidence", "model"]


@dataclass
class Judgement:
    label: Label
    confidence: float
    rationale: str
    evidence: list[Evidence]  # the deciding sentences, best first ([] when nothing decides)
    basis: Basis = "coverage"
    probs: dict[str, float] = field(default_factory=dict)  # the model's, when it was asked
    # the model's strongest sentence for a support and for a contradiction (whatever it decided)
    strongest: dict[str, Evidence] = field(default_factory=dict)
    method: str = "rules"  # rules | nli


class Judge(Protocol):
    name: str

    def judge(self, claim: str, evidence: Sequence[Evidence], *, lang: str) -> Judgement:
        """Judge an atomic claim against evidence sentences ranked for it (best first)."""
        ...

    def judge_pair(self, claim: str, passage: str, *, lang: str) -> Judgement:
        """Judge a claim against one passage known to be about it (benchmarks, the LLM guard)."""
        ...


def t(lang: str, en: str, fr: str) -> str:
    return fr if lang == "fr" else en


def quote(text: str, limit: int = 180) -> str:
    """A source sentence as a rationale quotes it: one line, cut with "…" past ``limit``."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def says(lang: str, text: str) -> str:
    """“the source says …” in the claim's language."""
    return t(lang, f"the source says “{quote(text)}”", f"la source dit « {quote(text)} »")


def contradicts(lang: str, text: str) -> str:
    """“the source says …, which contradicts the claim” in the claim's language."""
    return t(
        lang,
        f"the source says “{quote(text)}”, which contradicts the claim",
        f"la source dit « {quote(text)} », ce qui contredit l'affirmation",
    )


def silent(lang: str) -> str:
    """What a not-enough-info judgement says when no sentence decides."""
    return t(lang, "no source sentence states or contradicts it", "aucune phrase des sources ne l'affirme ni ne le contredit")
