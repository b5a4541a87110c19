"""HTML and Markdown for the web page. Every piece of source or user text is escaped here."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from .models import Answer, Citation, Verdict

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")
BADGE = {
    "supported": ("#1b7f3b", "Supported", "Confirmé"),
    "refuted": ("#b3261e", "Refuted", "Réfuté"),
    "not_enough_info": ("#6b6f76", "Not enough info", "Pas assez d'informations"),
    "conflicting": ("#b06000", "Conflicting sources", "Sources contradictoires"),
}


def md_escape(text: str) -> str:
    """Text that Markdown shows verbatim: no links, images, emphasis or raw HTML."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def answer_markdown(a: Answer) -> str:
    """The chat message: the answer with numbered citations, then the sources they point to."""
    body = md_escape(a.answer)
    if a.abstained:
        return f"**{md_escape('The sources do not answer this.' if a.lang != 'fr' else 'Les sources ne répondent pas.')}**\n\n{body}"
    lines = [body, ""]
    if a.removed:
        lines.append(f"*{len(a.removed)} generated sentence(s) removed: not supported by the cited sources.*")
    for i, c in enumerate(a.citations, 1):
        note = " · source in French" if c.lang == "fr" and a.lang != "fr" else ""
        lines.append(f"\\[{i}\\] *{md_escape(c.title)}*{' · ' + md_escape(c.date) if c.date else ''}{note}")
    return "\n\n".join(lines)


def highlight(doc_text: str | None, c: Citation, *, window: int = 240) -> str:
    """The quote marked inside its surrounding text (escaped piece by piece)."""
    if doc_text is None or doc_text[c.start : c.end] != c.quote:
        return f"<mark>{esc(c.quote)}</mark>"
    a = max(0, c.start - window)
    b = min(len(doc_text), c.end + window)
    before = ("…" if a else "") + doc_text[a : c.start]
    after = doc_text[c.end : b] + ("…" if b < len(doc_text) else "")
    return f"{esc(before)}<mark>{esc(c.quote)}</mark>{esc(after)}"


def _outlet(c: Citation) -> str:
    """Who published the quote and how the outlet is rated (corpus/sources.yaml), dates it names."""
    out = f" · {esc(c.outlet)}" if c.outlet else ""
    if c.reliability:
        out += f' <span class="fb-tag" title="reliability rating">{c.reliability}/5</span>'
    if c.periods:
        out += f' <span class="fb-muted">(mentions {esc(", ".join(c.periods))})</span>'
    return out


def citations_html(cites: Sequence[Citation], doc_text: Callable[[str], str | None], *, ui_lang: str = "en") -> str:
    if not cites:
        return ""
    items = []
    for i, c in enumerate(cites, 1):
        lang = ' <span class="fb-tag">source in French</span>' if c.lang == "fr" and ui_lang != "fr" else ""
        items.append(
            f'<details class="fb-cite" open><summary><b>[{i}]</b> {esc(c.title)}'
            f'{" · " + esc(c.date) if c.date else ""}{_outlet(c)}{lang} <span class="fb-muted">({esc(c.doc_id)} '
            f'{c.start}–{c.end})</span></summary><p class="fb-context">{highlight(doc_text(c.doc_id), c)}</p></details>'
        )
    return '<div class="fb-cites">' + "".join(items) + "</div>"


_DECIDED = {"rules": "rules", "nli": "the NLI model", "rules+nli": "rules and the NLI model"}


def verdict_html(v: Verdict, doc_text: Callable[[str], str | None], *, lang: str = "en") -> str:
    color, en, fr = BADGE[v.verdict]
    as_of = f" · as of {esc(v.as_of)}" if v.as_of else ""
    superseded = ' <span class="fb-tag" id="superseded">superseded</span>' if v.superseded_by else ""
    head = (
        f'<div class="fb-verdict"><span class="fb-badge" style="background:{color}">{esc(fr if lang == "fr" else en)}'
        f'</span>{superseded} <span class="fb-muted">confidence {v.confidence:.2f}{as_of} · decided by {esc(_DECIDED.get(v.method, v.method))}</span>'
        f"<p>{esc(v.rationale)}</p></div>"
    )
    parts = ""
    if v.parts:
        rows = "".join(
            f'<tr><td>{esc(p.claim)}</td><td><span class="fb-badge" style="background:{BADGE[p.verdict][0]}">'
            f"{esc(BADGE[p.verdict][2 if lang == 'fr' else 1])}</span></td><td>{esc(p.rationale)}</td></tr>"
            for p in v.parts
        )
        parts = f'<table class="fb-parts"><tr><th>part</th><th>verdict</th><th>why</th></tr>{rows}</table>'
    if v.support or v.contradict:  # conflicting sources, side by side
        body = (
            '<div class="fb-sides" id="sides"><div><b>For</b>' + citations_html(v.support, doc_text, ui_lang=lang)
            + "</div><div><b>Against</b>" + citations_html(v.contradict, doc_text, ui_lang=lang) + "</div></div>"
        )
    else:
        body = citations_html(v.evidence, doc_text, ui_lang=lang)
    if v.superseded_by:
        body += "<p><b>Superseded by a later source</b></p>" + citations_html(v.superseded_by, doc_text, ui_lang=lang)
    if v.later:
        body += "<p><b>Published later (not used for this date)</b></p>" + citations_html(v.later, doc_text, ui_lang=lang)
    return head + parts + body


CSS = """
.fb-badge{color:#fff;border-radius:999px;padding:.15rem .7rem;font-weight:600;font-size:.95rem}
.fb-muted{color:#6b6f76;font-size:.85rem}.fb-tag{background:#e8eefc;color:#2451b3;border-radius:4px;padding:0 .35rem;font-size:.8rem}
.fb-cite{border:1px solid #e2e5ea;border-radius:8px;padding:.4rem .7rem;margin:.4rem 0}
.fb-context{margin:.4rem 0 0 0;line-height:1.5}.fb-context mark{background:#fff1a8;padding:0 .1rem}
.fb-sides{display:grid;grid-template-columns:1fr 1fr;gap:.8rem}
.fb-parts{border-collapse:collapse;margin:.6rem 0;width:100%}.fb-parts td,.fb-parts th{border-bottom:1px solid #e2e5ea;padding:.3rem .5rem;text-align:left}
"""
