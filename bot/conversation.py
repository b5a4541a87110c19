"""Follow-up questions: "and how much was it?" borrows its topic from the previous question."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .evidence import query_terms

_FOLLOW = re.compile(r"^\s*(and|also|what about|how about|et|aussi|mais|et pour|et qu)\b", re.I)


def is_follow_up(question: str) -> bool:
    return bool(_FOLLOW.match(question)) or not query_terms(question)


def topic_for(question: str, previous: Sequence[str]) -> str:
    """The earlier question that gives this one its topic ('' if it stands alone)."""
    if not previous or not is_follow_up(question):
        return ""
    for q in reversed(previous):
        if not is_follow_up(q):
            return q
    return ""
