"""Time-aware answers and verdicts: document and in-sentence dates, as-of checking, superseded
figures, conflicting sources side by side, and the source reliability table."""
