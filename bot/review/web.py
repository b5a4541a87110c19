"""The web side of the review workflow: the Review tab (sign in, queue, review, override,
publish, history, export), the Verify tab's "save for review" and claim memory, and the named
API endpoints for programs. Every handler resolves the caller from its session or API token and
the desk checks the role: hiding a button is never the only guard."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BotError
from ..render import BADGE, citations_html, esc

if TYPE_CHECKING:
    from ..chain import FactBot
    from ..models import Verdict
    from .models import Match, ReviewItem

STATUSES = ["", "new", "in_review", "published", "dismissed"]
VERDICTS = ["supported", "refuted", "not_enough_info", "conflicting"]
QUEUE_HEADERS = ["id", "status", "verdict", "automatic", "lang", "assignee", "claim", "updated"]


def memory_html(matches: list[Match], *, lang: str = "en") -> str:
    """Past published reviews close to a claim ("checked on 2026-03-02: refuted")."""
    if not matches:
        return ""
    rows = []
    for m in matches:
        r = m.review
        when = (r.published_at or r.updated_at).date().isoformat()
        label = BADGE[r.verdict][2 if lang == "fr" else 1]
        rel = {"same": "same claim", "opposite": "opposite claim", "related": "related claim"}[m.relation]
        rows.append(f"<li>checked on {when}: <b>{esc(label)}</b> — “{esc(r.claim)}” <span class='fb-muted'>({rel}, review #{r.id})</span></li>")
    return f'<div class="fb-memory" id="memory"><b>Checked before</b><ul>{"".join(rows)}</ul></div>'


def review_html(item: ReviewItem, history: list[Any], doc_text: Callable[[str], str | None]) -> str:
    color, en, _ = BADGE[item.verdict]
    auto = BADGE[item.auto_verdict][1]
    hist = "".join(
        f"<tr><td>{h.at:%Y-%m-%d %H:%M}</td><td>{esc(h.actor)}</td><td>{esc(h.action)}</td>"
        f"<td>{esc(_diff(h.before, h.after))}</td><td>{esc(h.reason)}</td></tr>"
        for h in history
    )
    where = " · ".join(esc(x) for x in (item.outlet, item.claim_date, item.appearance_url) if x)
    return (
        f'<div class="fb-review" id="review-{item.id}"><h4>#{item.id} · {esc(item.status)} · version {item.version}</h4>'
        f"<p><b>{esc(item.claim)}</b>{'<br><span class=fb-muted>' + where + '</span>' if where else ''}</p>"
        f'<p><span class="fb-badge" style="background:{color}">{esc(en)}</span> '
        f'<span class="fb-muted">automatic: {esc(auto)} ({item.auto_confidence:.2f}, {esc(item.auto_method)}) — {esc(item.auto_rationale)}</span></p>'
        + (f"<p>editor: {esc(item.editor_rationale)}</p>" if item.editor_verdict else "")
        + citations_html(item.evidence, doc_text)
        + f'<table class="fb-parts" id="history"><tr><th>when</th><th>who</th><th>what</th><th>change</th><th>why</th></tr>{hist}</table></div>'
    )


def _diff(before: dict[str, Any], after: dict[str, Any]) -> str:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return ", ".join(f"{k}: {before.get(k)} → {after.get(k)}" for k in keys)


def queue_rows(items: list[ReviewItem]) -> list[list[Any]]:
    return [
        [r.id, r.status, r.verdict, r.auto_verdict, r.lang, r.assignee or "", r.claim[:120], f"{r.updated_at:%Y-%m-%d %H:%M}"]
        for r in items
    ]


def build_review_ui(gr: Any, bot: FactBot, doc_text: Callable[[str], str | None], session: Any) -> None:
    """The Review tab, inside the caller's ``gr.Blocks``; ``session`` is a ``gr.State`` holding the
    signed-in editor's session secret (server side, per browser tab)."""
    desk_ready = not bot.settings.read_only

    def who(secret: str | None) -> str:
        actor = bot.desk.actor_for(secret)
        return f"Signed in as **{actor.name}** ({actor.role})." if actor else "Not signed in."

    def sign_in(name: str, password: str) -> tuple[str | None, str, Any, str]:
        try:
            secret = bot.desk.sign_in(name.strip(), password)
        except BotError as e:
            return None, f"⚠️ {e}", gr.update(visible=False), ""
        return secret, who(secret), gr.update(visible=True), ""

    def sign_out(secret: str | None) -> tuple[None, str, Any]:
        if secret:
            bot.desk.sign_out(secret)
        return None, "Signed out.", gr.update(visible=False)

    def load_queue(secret: str | None, status: str, lang: str, verdict: str, assignee: str) -> Any:
        try:
            me = bot.desk.authenticate(secret)
            items = bot.desk.queue(me, status=status or None, lang=lang or None, verdict=verdict or None, assignee=assignee.strip() or None, limit=200)
        except BotError:
            return []
        return queue_rows(items)

    def open_review(secret: str | None, review_id: float | None) -> tuple[str, int | None]:
        try:
            me = bot.desk.authenticate(secret)
            if not review_id:
                raise BotError("enter a review number")
            item = bot.desk.get(int(review_id), me)
            return review_html(item, bot.desk.history(item.id, me), doc_text), item.version
        except BotError as e:
            return f"⚠️ {esc(e)}", None

    def act(action: str) -> Callable[..., tuple[str, int | None, str]]:
        def run(secret: str | None, review_id: float | None, version: int | None, verdict: str, rationale: str, reason: str, assignee: str) -> tuple[str, int | None, str]:
            try:
                me = bot.desk.authenticate(secret)  # the desk itself refuses writes under BOT_READ_ONLY
                if not review_id:
                    raise BotError("open a review first")
                rid = int(review_id)
                desk = bot.desk
                if action == "set":
                    desk.set_verdict(rid, verdict, rationale, reason=reason, by=me, version=version)
                elif action == "assign":
                    desk.assign(rid, assignee.strip() or me.name, by=me, version=version)
                elif action == "publish":
                    desk.publish(rid, by=me, version=version, reason=reason)
                elif action == "dismiss":
                    desk.dismiss(rid, by=me, version=version, reason=reason)
                html, new_version = open_review(secret, rid)
                return html, new_version, f"✅ {action} done"
            except BotError as e:
                html, _ = open_review(secret, review_id)
                return html, version, f"⚠️ {esc(e)}"

        return run

    def export_file(secret: str | None) -> tuple[Any, str]:
        from .claimreview import export

        try:
            bot.desk.authenticate(secret)
        except BotError as e:
            return None, f"⚠️ {esc(e)}"
        s = bot.settings
        doc = export(bot.desk.published(), org_name=s.org_name, org_url=s.org_url, site_url=s.site_url)
        out = Path(tempfile.mkdtemp(prefix="claimreview-")) / "claimreview.json"
        out.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        return str(out), f"✅ {len(doc)} published review(s) exported"

    with gr.Tab("Review", id="review"):
        gr.Markdown("Editors review checked claims here: sign in, take one from the queue, override the verdict with a reason, publish.")
        with gr.Row():
            name = gr.Textbox(label="User", elem_id="rv-user", scale=2)
            password = gr.Textbox(label="Password", type="password", elem_id="rv-password", scale=2)
            login = gr.Button("Sign in", elem_id="rv-login", scale=1)
            logout = gr.Button("Sign out", elem_id="rv-logout", scale=1)
        status_md = gr.Markdown("Not signed in.", elem_id="rv-who")
        with gr.Group(visible=False) as editor_area:
            with gr.Row():
                f_status = gr.Dropdown(STATUSES, value="", label="Status", elem_id="rv-f-status")
                f_lang = gr.Dropdown(["", "en", "fr"], value="", label="Language")
                f_verdict = gr.Dropdown(["", *VERDICTS], value="", label="Verdict")
                f_assignee = gr.Textbox(label="Assignee")
                refresh = gr.Button("Refresh queue", elem_id="rv-refresh")
            queue = gr.Dataframe(headers=QUEUE_HEADERS, interactive=False, elem_id="rv-queue")
            with gr.Row():
                review_id = gr.Number(label="Review #", precision=0, elem_id="rv-id")
                open_btn = gr.Button("Open", elem_id="rv-open")
            version = gr.State(None)
            review_view = gr.HTML(elem_id="rv-view")
            with gr.Row():
                verdict = gr.Dropdown(VERDICTS, value="supported", label="Editor's verdict", elem_id="rv-verdict")
                rationale = gr.Textbox(label="Rationale (published)", elem_id="rv-rationale")
                reason = gr.Textbox(label="Reason for the change (audit log)", elem_id="rv-reason")
                assignee = gr.Textbox(label="Assign to (blank = me)", elem_id="rv-assignee")
            with gr.Row(visible=desk_ready):
                set_btn = gr.Button("Save verdict", variant="primary", elem_id="rv-set")
                assign_btn = gr.Button("Assign", elem_id="rv-assign")
                publish_btn = gr.Button("Publish", elem_id="rv-publish")
                dismiss_btn = gr.Button("Dismiss", variant="stop", elem_id="rv-dismiss")
            action_msg = gr.Markdown(elem_id="rv-msg")
            with gr.Row():
                export_btn = gr.Button("Export ClaimReview (JSON-LD)", elem_id="rv-export")
                export_out = gr.File(label="ClaimReview export", elem_id="rv-export-file")
        login.click(sign_in, [name, password], [session, status_md, editor_area, password], api_visibility="private")
        logout.click(sign_out, [session], [session, status_md, editor_area], api_visibility="private")
        filters = [session, f_status, f_lang, f_verdict, f_assignee]
        refresh.click(load_queue, filters, queue, api_visibility="private")
        open_btn.click(open_review, [session, review_id], [review_view, version], api_visibility="private")
        form = [session, review_id, version, verdict, rationale, reason, assignee]
        for btn, action in ((set_btn, "set"), (assign_btn, "assign"), (publish_btn, "publish"), (dismiss_btn, "dismiss")):
            btn.click(act(action), form, [review_view, version, action_msg], api_visibility="private", concurrency_limit=4)
        export_btn.click(export_file, [session], [export_out, action_msg], api_visibility="private")


def save_for_review(bot: FactBot, secret: str | None, claim: str, claim_date: str = "", url: str = "", outlet: str = "") -> ReviewItem:
    """Check a claim and save the verdict as a review item (an editor's session or token)."""
    from ..text import detect_lang

    me = bot.desk.authenticate(secret)
    if bot.desk.read_only:  # the desk would refuse the save: do not check the claim for nothing
        raise BotError("editing is disabled on this deployment (BOT_READ_ONLY)")
    v: Verdict = bot.check(claim)
    return bot.desk.save(v, by=me, lang=detect_lang(claim), claim_date=claim_date, appearance_url=url, outlet=outlet)


def register_api(gr: Any, bot: FactBot) -> None:
    """Named endpoints: published reviews and ClaimReview are public; the rest needs a token."""
    from .claimreview import export

    def api_reviews_published(limit: float = 50) -> list[dict[str, Any]]:
        """Published reviews, newest first (public)."""
        return [r.model_dump(mode="json") for r in bot.desk.queue(None, limit=int(limit))]

    def api_claimreview(since: str = "") -> list[dict[str, Any]]:
        """schema.org ClaimReview JSON-LD of published reviews (public)."""
        from datetime import datetime

        s = bot.settings
        when = datetime.fromisoformat(since) if since else None
        return export(bot.desk.published(when), org_name=s.org_name, org_url=s.org_url, site_url=s.site_url)

    def api_review_save(token: str, claim: str, claim_date: str = "", url: str = "", outlet: str = "") -> dict[str, Any]:
        """Check a claim and save it for review (editor token)."""
        return save_for_review(bot, token, claim, claim_date, url, outlet).model_dump(mode="json")

    def api_reviews(token: str, status: str = "", lang: str = "", verdict: str = "", assignee: str = "") -> list[dict[str, Any]]:
        """The review queue (editor token)."""
        me = bot.desk.authenticate(token)
        items = bot.desk.queue(me, status=status or None, lang=lang or None, verdict=verdict or None, assignee=assignee or None)
        return [r.model_dump(mode="json") for r in items]

    def api_review_set(token: str, review_id: float, verdict: str, rationale: str = "", reason: str = "", version: float = 0) -> dict[str, Any]:
        """The editor's verdict on a review (editor token; a reason to override; version = the one you read)."""
        me = bot.desk.authenticate(token)
        return bot.desk.set_verdict(int(review_id), verdict, rationale, reason=reason, by=me, version=int(version) or None).model_dump(mode="json")

    def api_review_publish(token: str, review_id: float, version: float = 0) -> dict[str, Any]:
        """Publish a review (editor token)."""
        me = bot.desk.authenticate(token)
        return bot.desk.publish(int(review_id), by=me, version=int(version) or None).model_dump(mode="json")

    api = gr.api
    api(api_reviews_published, api_name="reviews_published")
    api(api_claimreview, api_name="claimreview")
    api(api_review_save, api_name="review_save", concurrency_limit=4)
    api(api_reviews, api_name="reviews")
    api(api_review_set, api_name="review_set", concurrency_limit=4)
    api(api_review_publish, api_name="review_publish", concurrency_limit=4)


def published_html(item: ReviewItem, doc_text: Callable[[str], str | None]) -> str:
    """A published fact check as readers see it: the claim, the desk's verdict and why, the quotes."""
    color, en, _ = BADGE[item.verdict]
    when = (item.published_at or item.updated_at).date().isoformat()
    where = " · ".join(esc(x) for x in (item.outlet, item.claim_date) if x)
    why = item.editor_rationale or item.auto_rationale
    return (
        f'<div class="fb-review" id="published-{item.id}"><p class="fb-muted">Fact check #{item.id} · published {when}</p>'
        f"<h4>{esc(item.claim)}</h4>{'<p class=fb-muted>' + where + '</p>' if where else ''}"
        f'<p><span class="fb-badge" style="background:{color}">{esc(en)}</span> {esc(why)}</p>'
        + citations_html(item.evidence, doc_text)
        + "</div>"
    )


class PublicUI:
    """The public "Fact checks" tab: published reviews only, and ``?review=N`` links."""

    def __init__(self, gr: Any, bot: FactBot, doc_text: Callable[[str], str | None]) -> None:
        self.gr, self.bot, self.doc_text = gr, bot, doc_text
        with gr.Tab("Fact checks", id="factchecks"):
            gr.Markdown("Claims our editors have checked and published, newest first.")
            self.table = gr.Dataframe(headers=["id", "published", "verdict", "claim"], interactive=False, elem_id="fc-list")
            with gr.Row():
                self.review_id = gr.Number(label="Fact check #", precision=0, elem_id="fc-id")
                show = gr.Button("Show", elem_id="fc-show")
            self.view = gr.HTML(elem_id="fc-view")
            show.click(self.show, self.review_id, self.view, api_visibility="private")

        def on_load(request: Any) -> tuple[Any, str, Any]:
            wanted = (getattr(request, "query_params", None) or {}).get("review", "")
            view = self.show(float(wanted)) if str(wanted).isdigit() else ""
            return self.rows(), view, gr.Tabs(selected="factchecks") if view else gr.Tabs()

        on_load.__annotations__["request"] = gr.Request  # Gradio injects the request by this type
        self.on_load = on_load

    def rows(self) -> list[list[Any]]:
        try:
            items = self.bot.desk.queue(None, limit=200)
        except Exception:  # the review database is an extra: the page works without it
            return []
        return [[r.id, (r.published_at or r.updated_at).date().isoformat(), BADGE[r.verdict][1], r.claim[:160]] for r in items]

    def show(self, review_id: float | None) -> str:
        try:
            if not review_id:
                raise BotError("enter a fact check number")
            return published_html(self.bot.desk.get(int(review_id), None), self.doc_text)
        except BotError as e:
            return f"⚠️ {esc(e)}"


def build_public_ui(gr: Any, bot: FactBot, doc_text: Callable[[str], str | None]) -> PublicUI:
    return PublicUI(gr, bot, doc_text)
