"""A claim -> its atomic parts -> one judgement each -> one verdict with the evidence quoted.

Any refuted part refutes the claim, all supported parts support it; otherwise conflicting or
not enough info."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from ..evidence import Evidence
from ..models import Citation, ClaimPart, Label, Verdict
from ..text import content_words
from .base import Judge

_SPLIT = re.compile(r",?\s+(?:and|but|while|whereas|et|mais|alors que|tandis que)\s+", re.I)


# "between ICE and Clearview", "both X and Y", "entre ICE et Clearview": one party pair, not two claims.
_PAIRED = re.compile(r"\b(?:between|both|entre|à la fois)\s+(?:\S+\s+){0,4}\S+$", re.I)


# Hearsay before a claim says where the claimant met it, not what it claims: "I read that ICE
# worked with the FBI …", « J'ai entendu dire que … », « Il paraît que … ».
_HEARSAY = re.compile(
    r"^\s*(?:(?:I|we)\s+(?:(?:have|'ve)\s+)?(?:read|heard|saw|seen|was told|were told)(?:\s+(?:somewhere|online|on \w+|in \w+|recently|today))?"
    r"|(?:someone|somebody|people|they|a friend)\s+(?:told me|tell me|say|says|said)|apparently|rumou?r has it|word is"
    r"|j['’]ai\s+(?:lu|entendu(?:\s+dire)?|vu)(?:\s+(?:quelque part|sur \w+|en ligne|récemment))?"
    r"|on\s+(?:m['’]a\s+dit|dit|raconte)|(?:il\s+)?para[iî]t|(?:quelqu['’]un|un ami)\s+m['’]a\s+dit)"
    r"(?:\s*,\s*|\s+(?:that|que\s+|qu['’])\s*|\s+(?=(?-i:[A-ZÉ])))",
    re.I,
)


def strip_hearsay(claim: str) -> str:
    """The claim without a leading "I read that" / « J'ai lu que » (capitalised again)."""
    m = _HEARSAY.match(claim)
    if m is None or len(content_words(claim[m.end() :])) < 2:
        return claim
    rest = claim[m.end() :].strip()
    return rest[0].upper() + rest[1:]


def split_claim(claim: str) -> list[str]:
    """Atomic parts of a compound claim; a part needs a few content words of its own."""
    parts, at = [], 0
    for m in _SPLIT.finditer(claim):
        if not _PAIRED.search(claim[at : m.start()]):
            parts.append(claim[at : m.start()])
            at = m.end()
    parts = [p.strip(" ,.;") for p in [*parts, claim[at:]]]
    if len(parts) > 1 and all(len(content_words(p)) >= 2 for p in parts):
        return parts
    return [claim.strip()]


def check_claim(
    judge: Judge,
    claim: str,
    evidence_for: Callable[[str], Sequence[Evidence]],
    *,
    lang: str,
    dates: Mapping[str, str],
) -> Verdict:
    """Judge each part of ``claim`` on the evidence retrieved for it, then combine."""
    parts: list[ClaimPart] = []
    for part in split_claim(strip_hearsay(claim)):
        j = judge.judge(part, evidence_for(part), lang=lang)
        cites = [e.sentence.citation(dates.get(e.sentence.doc_id, "")) for e in j.evidence]
        parts.append(
            ClaimPart(
                claim=part,
                verdict=j.label,
                confidence=j.confidence,
                evidence=cites,
                rationale=j.rationale,
                method=j.method,
                probs={k: round(v, 4) for k, v in j.probs.items()},
            )
        )
    return combine(claim, parts, lang)


def combine(claim: str, parts: Sequence[ClaimPart], lang: str) -> Verdict:
    labels = [p.verdict for p in parts]
    if "refuted" in labels:
        label: Label = "refuted"
    elif "conflicting" in labels:
        label = "conflicting"
    elif all(lb == "supported" for lb in labels):
        label = "supported"
    else:
        label = "not_enough_info"
    chosen = [p for p in parts if p.verdict == label] or list(parts)
    evidence: list[Citation] = []
    for p in parts:
        evidence += [c for c in p.evidence if c not in evidence]
    rationale = (
        parts[0].rationale if len(parts) == 1 else "; ".join(f"{p.claim!r}: {p.verdict} ({p.rationale})" for p in parts)
    )
    return Verdict(
        claim=claim,
        verdict=label,
        method="+".join(dict.fromkeys(p.method for p in parts)),
        confidence=min(p.confidence for p in chosen),
        evidence=evidence,
        rationale=rationale,
        parts=list(parts) if len(parts) > 1 else [],
    )
