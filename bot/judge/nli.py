"""The learned judge: our NLI cross-encoder reads each of the best evidence sentences with the
claim and says entailment / neutral / contradiction (``bot/weights/nli``, see its model card)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

from ..evidence import Evidence, EvidenceRanker
from .base import Judgement, contradicts, quote, says, silent, t
from .rules import rank_passage

READ = 4  # evidence sentences read per claim (the ranker's best)
DECIDE = 0.5  # a label needs at least this probability on some sentence
STRONG = 0.8  # support and contradiction both this strong on different sentences: conflicting


class EntailmentModel(Protocol):
    def probs(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
        """{entailment, neutral, contradiction} per (premise, hypothesis)."""
        ...


def calibrated(p: dict[str, float], label: str, temperature: float) -> float:
    """The probability of ``label`` after temperature scaling (the model's calibration)."""
    if temperature == 1.0:
        return p[label]
    scaled = {k: math.exp(math.log(max(v, 1e-9)) / temperature) for k, v in p.items()}
    return scaled[label] / sum(scaled.values())


class NLIJudge:
    name = "nli"

    def __init__(self, model: EntailmentModel, ranker: EvidenceRanker, *, read: int = READ, context: bool = True) -> None:
        self.model = model
        self.ranker = ranker
        self.read = read
        self.context = context  # each sentence also read after the one before it (who "il" / "the agency" is)

    def premises(self, evidence: Sequence[Evidence]) -> tuple[list[Evidence], list[str]]:
        """Each sentence alone, and, when it has one, after the sentence before it; the two
        readings cite the same sentence."""
        cites, texts = [], []
        for e in evidence:
            cites.append(e)
            texts.append(e.sentence.text)
            if self.context and e.sentence.context:
                cites.append(e)
                texts.append(f"{e.sentence.context} {e.sentence.text}")
        return cites, texts

    def judge(self, claim: str, evidence: Sequence[Evidence], *, lang: str) -> Judgement:
        cands: list[Evidence] = []
        for e in evidence:
            if e.sentence.text not in {c.sentence.text for c in cands}:
                cands.append(e)
            if len(cands) == self.read:
                break
        if not cands:
            return Judgement(
                "not_enough_info",
                0.6,
                t(lang, "no source passage found", "aucun passage trouvé"),
                [],
                basis="evidence",
                method="nli",
            )
        cites, texts = self.premises(cands)
        return self._decide(cites, self.model.probs([(p, claim) for p in texts]), lang)

    def judge_pair(self, claim: str, passage: str, *, lang: str) -> Judgement:
        evidence = rank_passage(claim, passage, self.ranker)[: self.read]
        if not evidence:
            return self.judge(claim, [], lang=lang)
        # the passage as a whole too: it is on topic by construction and may state the claim
        # across sentences; its verdict cites the passage's best sentence
        cites, texts = self.premises(evidence)
        probs = self.model.probs([(p, claim) for p in texts] + [(passage, claim)])
        return self._decide([*cites, evidence[0]], probs, lang)

    def _decide(self, cands: Sequence[Evidence], probs: Sequence[dict[str, float]], lang: str) -> Judgement:
        """Decisions on the raw probabilities (the thresholds were measured on them); the
        confidence reported is the calibrated probability of the decided label."""
        temp = float(getattr(self.model, "temperature", 1.0))
        ei = max(range(len(cands)), key=lambda i: probs[i]["entailment"])
        ci = max(range(len(cands)), key=lambda i: probs[i]["contradiction"])
        pe, pc = probs[ei]["entailment"], probs[ci]["contradiction"]
        top = {"entailment": round(pe, 4), "contradiction": round(pc, 4)}
        strongest = {"supported": cands[ei], "refuted": cands[ci]}
        if pe >= STRONG and pc >= STRONG and cands[ei].sentence.text != cands[ci].sentence.text:
            return Judgement(
                "conflicting",
                round(min(calibrated(probs[ei], "entailment", temp), calibrated(probs[ci], "contradiction", temp)), 2),
                t(
                    lang,
                    f"one source says “{quote(cands[ei].sentence.text)}”; another contradicts the claim: “{quote(cands[ci].sentence.text)}”",
                    f"une source dit « {quote(cands[ei].sentence.text)} » ; une autre contredit l'affirmation : « {quote(cands[ci].sentence.text)} »",
                ),
                [cands[ei], cands[ci]],
                basis="model",
                probs=top,
                strongest=strongest,
                method="nli",
            )
        if pe >= DECIDE and pe >= pc:
            e = cands[ei]
            return Judgement(
                "supported",
                round(calibrated(probs[ei], "entailment", temp), 2),
                says(lang, e.sentence.text),
                [e],
                basis="model",
                probs=top,
                strongest=strongest,
                method="nli",
            )
        if pc >= DECIDE:
            e = cands[ci]
            return Judgement(
                "refuted",
                round(calibrated(probs[ci], "contradiction", temp), 2),
                contradicts(lang, e.sentence.text),
                [e],
                basis="model",
                probs=top,
                strongest=strongest,
                method="nli",
            )
        neutral = max(calibrated(p, "neutral", temp) for p in probs)
        return Judgement(
            "not_enough_info",
            round(neutral, 2),
            silent(lang),
            [],
            basis="model",
            probs=top,
            strongest=strongest,
            method="nli",
        )
