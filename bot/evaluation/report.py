"""A self-contained HTML report (inline CSS + SVG, opens offline) for an evaluation run."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

_SCORES = [
    "answer_accuracy",
    "citation_validity",
    "citation_precision",
    "citation_recall",
    "retrieval_recall_at_k",
    "mrr",
    "answer_rate",
    "accuracy_on_answered",
    "abstain_accuracy",
    "false_abstain_rate",
    "claim_accuracy",
    "claim_macro_f1",
    "evidence_validity",
]
_CSS = """body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2330;padding:0 1rem}
h1{margin-bottom:.2rem}.muted{color:#667}table{border-collapse:collapse;margin:1rem 0;width:100%}
th,td{border-bottom:1px solid #e2e5ea;padding:.35rem .6rem;text-align:left;vertical-align:top}
th{background:#f4f6f9}.num{text-align:right;font-variant-numeric:tabular-nums}
.bad{color:#b3261e;font-weight:600}.ok{color:#1b7f3b;font-weight:600}.card{border:1px solid #e2e5ea;
border-radius:8px;padding:.8rem 1rem;margin:.8rem 0}.quote{background:#fff8d6;padding:0 .2rem}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}code{background:#f4f6f9;padding:0 .3rem}"""


def _e(x: Any) -> str:
    return html.escape(str(x))


def _fmt(v: Any) -> str:
    return "–" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def _bars(metrics: dict[str, Any], thresholds: dict[str, float]) -> str:
    names = [n for n in _SCORES if isinstance(metrics.get(n), (int, float))]
    h = 24 * len(names) + 10
    parts = [f'<svg role="img" aria-label="scores" width="520" height="{h}" viewBox="0 0 520 {h}">']
    for i, n in enumerate(names):
        v = float(metrics[n])
        y = 5 + 24 * i
        color = "#b3261e" if n in thresholds and v < thresholds[n] else "#3367d6"
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{_e(n)}</text>')
        parts.append(f'<rect x="190" y="{y}" width="{int(280 * v)}" height="16" fill="{color}" rx="3"/>')
        if n in thresholds:
            x = 190 + int(280 * thresholds[n])
            parts.append(f'<line x1="{x}" x2="{x}" y1="{y - 2}" y2="{y + 18}" stroke="#222" stroke-dasharray="3,2"/>')
        parts.append(f'<text x="{195 + int(280 * v)}" y="{y + 13}" font-size="11">{v:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _latency(rows: list[dict[str, Any]]) -> str:
    stages: dict[str, list[float]] = {}
    for r in rows:
        for s, ms in r["timings_ms"].items():
            stages.setdefault(s, []).append(float(ms))
    if not stages:
        return ""
    top = max(max(v) for v in stages.values()) or 1.0
    h = 40 * len(stages) + 20
    parts = [f'<svg role="img" aria-label="latency" width="520" height="{h}" viewBox="0 0 520 {h}">']
    for i, (s, vals) in enumerate(sorted(stages.items())):
        y = 10 + 40 * i
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{_e(s)}</text>')
        parts.append(f'<line x1="80" x2="500" y1="{y + 10}" y2="{y + 10}" stroke="#ccd"/>')
        for v in vals:
            parts.append(
                f'<circle cx="{80 + 420 * v / top:.1f}" cy="{y + 10}" r="3" fill="#3367d6" fill-opacity=".5"/>'
            )
    parts.append(
        f'<text x="80" y="{h - 2}" font-size="11">0 ms</text><text x="440" y="{h - 2}" font-size="11">{top:.0f} ms</text></svg>'
    )
    return "".join(parts)


def _confusion(conf: dict[str, dict[str, int]]) -> str:
    if not conf:
        return ""
    labels = list(conf)
    peak = max((n for row in conf.values() for n in row.values()), default=1) or 1
    head = "".join(f"<th>{_e(lb)}</th>" for lb in labels)
    body = ""
    for g in labels:
        cells = "".join(
            f'<td class="num" style="background:rgba(51,103,214,{conf[g][p] / peak * 0.6:.2f})">{conf[g][p]}</td>'
            for p in labels
        )
        body += f"<tr><th>{_e(g)}</th>{cells}</tr>"
    return f"<table><tr><th>expected ↓ / got →</th>{head}</tr>{body}</table>"


def render_html(result: dict[str, Any]) -> str:
    m = result["metrics"]
    th = result.get("thresholds", {})
    scopes = list(m)
    rows = ""
    for n in _SCORES:
        cells = "".join(f'<td class="num">{_fmt(m[s].get(n))}</td>' for s in scopes)
        flag = ""
        if n in th and m["overall"].get(n) is not None:
            flag = '<span class="ok">ok</span>' if m["overall"][n] >= th[n] else '<span class="bad">below</span>'
        rows += f"<tr><td>{_e(n)}</td>{cells}<td>{_e(th.get(n, ''))} {flag}</td></tr>"
    lat = "".join(
        f"<tr><td>{_e(s)}</td><td class='num'>{v['p50']}</td><td class='num'>{v['p95']}</td></tr>"
        for s, v in m["overall"].get("latency_ms", {}).items()
    )
    failed_q = [r for r in result["questions"] if not r["correct"]]
    failed_c = [r for r in result["claims"] if not r["correct"]]
    cards = ""
    for r in failed_q:
        quotes = "".join(
            f'<li><span class="quote">{_e(c["quote"])}</span> <span class="muted">({_e(c["doc_id"])} '
            f"{c['start']}:{c['end']})</span></li>"
            for c in r["citations"]
        )
        cards += (
            f'<div class="card"><b>{_e(r["id"])}</b> ({_e(r["lang"])}) — {_e(r["question"])}<br>'
            f"expected: <code>{_e(r['expected'])}</code><br>got: {_e(r['answer'])}<ul>{quotes}</ul></div>"
        )
    for r in failed_c:
        quotes = "".join(f'<li><span class="quote">{_e(c["quote"])}</span></li>' for c in r["evidence"])
        cards += (
            f'<div class="card"><b>{_e(r["id"])}</b> ({_e(r["lang"])}) — claim: {_e(r["claim"])}<br>'
            f"expected: <code>{_e(r['expected'])}</code> got: <code>{_e(r['got'])}</code> — {_e(r['rationale'])}"
            f"<ul>{quotes}</ul></div>"
        )
    status = (
        '<p class="ok">All thresholds met.</p>'
        if not result["threshold_failures"]
        else "".join(f'<p class="bad">Below threshold: {_e(f)}</p>' for f in result["threshold_failures"])
    )
    scope_head = "".join(f"<th>{_e(s)}</th>" for s in scopes)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>FactBot evaluation</title>
<style>{_CSS}</style></head><body><h1>FactBot evaluation</h1>
<p class="muted">{_e(result.get("created", ""))} · {m["overall"].get("questions", 0)} questions ·
{m["overall"].get("claims", 0)} claims · {len(failed_q) + len(failed_c)} failed cases</p>{status}
<table><tr><th>metric</th>{scope_head}<th>threshold</th></tr>{rows}</table>
<div class="grid"><div><h2>Scores</h2>{_bars(m["overall"], th)}</div>
<div><h2>Claim verdicts</h2>{_confusion(m["overall"].get("claim_confusion", {}))}</div></div>
<div class="grid"><div><h2>Latency per stage (ms)</h2><table><tr><th>stage</th><th>p50</th><th>p95</th></tr>{lat}</table></div>
<div><h2>Latency distribution</h2>{_latency(result["questions"] + result["claims"])}</div></div>
<h2>Failed cases ({len(failed_q) + len(failed_c)})</h2>{cards or "<p>None.</p>"}</body></html>"""


def render_fragment(result: dict[str, Any]) -> str:
    """The report as an embeddable fragment (for the web app's Evaluations tab)."""
    page = render_html(result)
    body = page.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    return f"<div class='fb-report'><style>{_CSS.replace('body{', '.fb-report{')}</style>{body}</div>"


def write_report(result: dict[str, Any], directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    js = directory / "eval.json"
    page = directory / "report.html"
    js.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    page.write_text(render_html(result), encoding="utf-8")
    return js, page
