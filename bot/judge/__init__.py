"""Verdicts on claims: the :class:`Judge` seam and its judges.

- ``rules``: :class:`RuleJudge`, exact on figures, named parties and negation;
- ``nli``: :class:`NLIJudge`, our NLI cross-encoder over the best evidence sentences;
- ``combined``: :class:`CombinedJudge`, rules on figure/party mismatches, the model otherwise;
  for English claims on English sources a learned step (``stacked``) picks whom to believe.
:func:`check_claim` splits a claim into parts and combines their judgements into a verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from .base import Judge, Judgement
from .claims import check_claim, combine, split_claim

if TYPE_CHECKING:
    from ..evidence import EvidenceRanker
    from .nli import EntailmentModel

JudgeName = Literal["rules", "nli", "combined"]
JUDGES: tuple[JudgeName, ...] = ("rules", "nli", "combined")


def build_judge(name: str, ranker: EvidenceRanker, *, model: EntailmentModel | None = None) -> Judge:
    """The judge called ``name``; ``model`` defaults to the shipped NLI model (loaded once)."""
    from .rules import RuleJudge

    if name not in JUDGES:
        raise ValueError(f"unknown judge {name!r}: choose from {', '.join(JUDGES)}")
    rules = RuleJudge(ranker)
    if name == "rules":
        return rules
    from .nli import NLIJudge

    if model is None:
        from ..neural.entail import shared_entailer

        model = shared_entailer()
    nli = NLIJudge(model, ranker)
    if name == "nli":
        return nli
    from .combined import CombinedJudge
    from .stacked import Stacker

    return CombinedJudge(rules, nli, stacker=Stacker.load())


__all__ = ["JUDGES", "Judge", "JudgeName", "Judgement", "build_judge", "check_claim", "combine", "split_claim"]
