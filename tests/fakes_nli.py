"""A fake NLI model for fast tests: word overlap and negation, no weights."""

from __future__ import annotations

from collections.abc import Sequence

from bot.judge.rules import polar
from bot.text import content_words


class OverlapNLI:
    """entailment when the premise holds every content word of the hypothesis and their
    polarity agrees; contradiction when it holds them and polarity differs; else neutral.
    ``fixed`` forces one answer for every pair."""

    def __init__(self, fixed: dict[str, float] | None = None) -> None:
        self.fixed = fixed
        self.calls: list[tuple[str, str]] = []

    def probs(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
        self.calls += list(pairs)
        out = []
        for premise, hypothesis in pairs:
            if self.fixed is not None:
                out.append(dict(self.fixed))
                continue
            have = set(content_words(premise))
            need = [w for w in content_words(hypothesis) if w not in {"not", "never", "pas", "jamais"}]
            covered = bool(need) and all(w in have for w in need)
            label = "neutral" if not covered else "contradiction" if polar(premise) != polar(hypothesis) else "entailment"
            out.append({k: 0.9 if k == label else 0.05 for k in ("entailment", "neutral", "contradiction")})
        return out
