"""The judge the product uses: rules where they are exact, the model everywhere else.

Rules decide when the claim's figures (amounts, counts, dates, durations) or named parties do
not match the evidence (or are nowhere in it), and when there is no evidence at all; the NLI model
decides support vs not enough info (figures that match included) and every other contradiction
(negation, paraphrase, opposite words)."""

from __future__ import annotations

from collections.abc import Sequence

from ..evidence import Evidence
from .base import Basis, Judge, Judgement

RULES_DECIDE: frozenset[Basis] = frozenset({"numbers", "parties", "evidence"})


class CombinedJudge:
    name = "combined"

    def __init__(self, rules: Judge, model: Judge, *, rules_decide: frozenset[Basis] = RULES_DECIDE) -> None:
        self.rules = rules
        self.model = model
        self.rules_decide = rules_decide

    def judge(self, claim: str, evidence: Sequence[Evidence], *, lang: str) -> Judgement:
        r = self.rules.judge(claim, evidence, lang=lang)
        if self._rules_decide(r):
            return r
        return self.model.judge(claim, evidence, lang=lang)

    def judge_pair(self, claim: str, passage: str, *, lang: str) -> Judgement:
        r = self.rules.judge_pair(claim, passage, lang=lang)
        if self._rules_decide(r):
            return r
        return self.model.judge_pair(claim, passage, lang=lang)

    def _rules_decide(self, r: Judgement) -> bool:
        """A mismatch (or absence) the rules found; a match is left to the model."""
        return r.basis in self.rules_decide and r.label != "supported"
