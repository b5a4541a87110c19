"""Gradio web app: ``build_ui(bot)`` -> gr.Blocks; ``app.py`` only launches it.

Tabs: Chat (streamed, cited answers), Verify a claim (with claim memory and "save for review"),
Sources (list/upload/delete), Review (editors: bot/review/web.py), Evaluations. Named API
endpoints (``/ask``, ``/check``, ``/documents``, and the review ones) serve other programs
through ``gradio_client`` with the same pydantic models as the CLI.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BotError
from .models import Answer
from .render import CSS, answer_markdown, citations_html, esc, md_escape, verdict_html

if TYPE_CHECKING:
    from .chain import FactBot

log = logging.getLogger(__name__)
EXAMPLES = [
    "Who signed a contract with Clearview AI?",
    "Combien l'ICE paie-t-elle ?",
    "What did Clearview say about the agreement?",
    "What is Clearview's annual revenue?",
]
CLAIM_EXAMPLES = [
    "ICE is paying Clearview AI $224,000.",
    "L'ICE paie 2 millions de dollars à Clearview.",
    "ICE signed with Clearview for $224,000 and the deal lasts three years.",
]


def build_ui(bot: FactBot) -> Any:
    import gradio as gr

    settings = bot.settings
    editable = not settings.read_only

    def doc_text(doc_id: str) -> str | None:
        d = bot.store.get_document(doc_id)
        return d.text if d else None

    # -- chat -------------------------------------------------------------------------------
    def chat(message: str, history: list[dict[str, Any]], asked: list[str]) -> Iterator[tuple[Any, ...]]:
        from .conversation import topic_for

        history = list(history or [])
        asked = list(asked or [])
        history.append({"role": "user", "content": message})
        history.append({"role": "assistant", "content": ""})
        answer = None
        draft = ""
        try:
            for item in bot.ask_stream(message, topic=topic_for(message, asked)):
                if isinstance(item, Answer):
                    answer = item
                    break
                draft += item  # LLM tokens: shown as a draft until the citation guard has checked them
                history[-1] = {"role": "assistant", "content": f"*{md_escape(draft)}*"}
                yield history, asked, "", ""
        except BotError as e:
            history[-1] = {"role": "assistant", "content": f"⚠️ {md_escape(str(e))}"}
            yield history, asked, "", ""
            return
        assert answer is not None
        asked.append(message)
        full = answer_markdown(answer)
        if not draft:  # extractive answers arrive whole: stream them in a few steps
            words = full.split(" ")
            for i in range(0, len(words), 6):
                history[-1] = {"role": "assistant", "content": " ".join(words[: i + 6])}
                yield history, asked, "", ""
                time.sleep(0.01)
        history[-1] = {"role": "assistant", "content": full}
        yield history, asked, "", citations_html(answer.citations, doc_text, ui_lang=answer.lang)

    # -- verify -----------------------------------------------------------------------------
    def verify_ui(claim: str, as_of: str = "") -> str:
        from .text import detect_lang

        try:
            v = bot.check(claim, as_of=as_of.strip() or None)
        except BotError as e:
            return f'<p class="fb-error">⚠️ {esc(e)}</p>'
        lang = detect_lang(claim)
        return memory(claim, lang) + verdict_html(v, doc_text, lang=lang)

    def memory(claim: str, lang: str) -> str:
        """Published reviews of the same or a close claim, above the fresh verdict."""
        from .review.web import memory_html

        try:
            return memory_html(bot.desk.similar(claim), lang=lang)
        except Exception:  # the review database is an extra: verification works without it
            log.exception("claim memory unavailable")
            return ""

    def save_ui(secret: str | None, claim: str, claim_date: str, url: str, outlet: str) -> str:
        from .review.web import save_for_review

        try:
            item = save_for_review(bot, secret, claim, claim_date, url, outlet)
        except BotError as e:
            return f"⚠️ {esc(e)} — editors sign in on the Review tab."
        return f"✅ saved for review as #{item.id} ({esc(item.auto_verdict)})"

    # -- sources ----------------------------------------------------------------------------
    def docs_rows() -> list[list[Any]]:
        return [
            [k, v.get("title", ""), v.get("lang", ""), v.get("date", ""), v.get("n_chunks", 0)]
            for k, v in sorted(bot.documents().items())
        ]

    def guard(token: str) -> None:
        if settings.read_only:
            raise BotError("editing is disabled on this deployment (BOT_READ_ONLY)")
        if settings.edit_token and token != settings.edit_token:
            raise BotError("wrong or missing editor token")

    def upload(
        path: str | None,
        title: str,
        date: str,
        lang: str,
        token: str,
        progress: Any = gr.Progress(),  # noqa: B008 (Gradio injects progress this way)
    ) -> tuple[str, Any, Any]:
        try:
            guard(token)
            if not path:
                raise BotError("choose a file first")
            p = Path(path)
            if p.stat().st_size > settings.max_upload_bytes:
                raise BotError(f"file too large ({p.stat().st_size:,} bytes, limit {settings.max_upload_bytes:,})")
            progress(0.2, desc="parsing")
            report = bot.add_upload(p.name, p.read_bytes(), title=title, date=date, lang=lang)
            progress(1.0, desc="indexed")
            doc = (report.added + report.updated)[0]
            msg = f"✅ indexed {esc(doc)} ({report.chunks_added} chunks)"
        except (BotError, OSError) as e:
            msg = f"⚠️ {esc(e)}"
        return msg, docs_rows(), gr.update(choices=sorted(bot.documents()))

    def delete(doc_id: str | None, token: str) -> tuple[str, Any, Any]:
        try:
            guard(token)
            if not doc_id:
                raise BotError("pick a document to delete")
            report = bot.delete(doc_id)
            msg = f"🗑️ deleted {esc(doc_id)} ({report.chunks_removed} chunks)"
        except BotError as e:
            msg = f"⚠️ {esc(e)}"
        return msg, docs_rows(), gr.update(choices=sorted(bot.documents()), value=None)

    # -- evaluations ------------------------------------------------------------------------
    def run_eval() -> str:
        from .evaluation.cases import run_all
        from .evaluation.report import render_fragment

        cases = sorted(Path("evals").glob("*.yaml"))
        if not cases:
            return "<p>No case files in evals/.</p>"
        return render_fragment(run_all(bot, cases))

    # -- API --------------------------------------------------------------------------------
    def api_ask(question: str) -> dict[str, Any]:
        """Answer with citations (same JSON as `python -m bot ask --json`)."""
        return bot.ask(question).model_dump()

    def api_check(claim: str, as_of: str = "") -> dict[str, Any]:
        """Verdict on a claim, optionally as of a date like 2020-09 (same JSON as `python -m bot check --json`)."""
        return bot.check(claim, as_of=as_of.strip() or None).model_dump()

    def api_documents() -> list[dict[str, Any]]:
        """Indexed documents with their metadata."""
        return [
            {"doc_id": k, **{f: x for f, x in v.items() if f != "path"}}  # no server paths
            for k, v in sorted(bot.documents().items())
        ]

    with gr.Blocks(title="FactBot — grounded answers with exact citations") as demo:
        gr.Markdown(
            "## FactBot\nAnswers grounded in the sources, cited to the exact words — or an honest "
            "*the sources don't say*. Questions in English or French."
        )
        session = gr.State(None)  # the signed-in editor's session secret (server side, per tab)
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat"):
                chatbot = gr.Chatbot(label="Conversation", height=380, elem_id="chat")
                asked = gr.State([])
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="Ask about the sources…",
                        show_label=False,
                        scale=8,
                        elem_id="question",
                        max_length=settings.max_query_chars,
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                gr.Examples(EXAMPLES, inputs=box, label="Examples")
                evidence = gr.HTML(elem_id="evidence")
                for trigger in (box.submit, send.click):
                    trigger(
                        chat,
                        [box, chatbot, asked],
                        [chatbot, asked, box, evidence],
                        api_visibility="private",
                        concurrency_limit=4,
                    )
            with gr.Tab("Verify a claim", id="verify"):
                claim = gr.Textbox(
                    label="Claim",
                    placeholder="e.g. ICE paid Clearview AI $2 million",
                    elem_id="claim",
                    max_length=settings.max_query_chars,
                )
                claim_as_of = gr.Textbox(label="As of (optional: 2020-09)", elem_id="as-of", max_lines=1)
                verify_btn = gr.Button("Verify", variant="primary", elem_id="verify-btn")
                gr.Examples(CLAIM_EXAMPLES, inputs=claim, label="Examples")
                verdict = gr.HTML(elem_id="verdict")
                verify_btn.click(verify_ui, [claim, claim_as_of], verdict, api_visibility="private", concurrency_limit=4)
                claim.submit(verify_ui, [claim, claim_as_of], verdict, api_visibility="private", concurrency_limit=4)
                with gr.Accordion("Save for review (editors)", open=False, visible=editable):
                    with gr.Row():
                        claim_date = gr.Textbox(label="Claim date", placeholder="2026-03-01", elem_id="save-date")
                        claim_url = gr.Textbox(label="Where it appeared (URL)", elem_id="save-url")
                        claim_outlet = gr.Textbox(label="Outlet / author", elem_id="save-outlet")
                    save_btn = gr.Button("Save for review", elem_id="save-review")
                    save_msg = gr.Markdown(elem_id="save-msg")
                save_btn.click(
                    save_ui, [session, claim, claim_date, claim_url, claim_outlet], save_msg, api_visibility="private", concurrency_limit=4
                )
            with gr.Tab("Sources", id="sources"):
                table = gr.Dataframe(
                    headers=["doc_id", "title", "lang", "date", "chunks"],
                    interactive=False,
                    elem_id="docs",
                )
                with gr.Group(visible=editable):
                    gr.Markdown("### Add a document (txt, md, html, pdf)")
                    upload_file = gr.File(
                        file_types=[".txt", ".md", ".html", ".htm", ".pdf"], type="filepath", elem_id="upload"
                    )
                    with gr.Row():
                        up_title = gr.Textbox(label="Title", elem_id="up-title")
                        up_date = gr.Textbox(label="Date (e.g. 2020-08)", elem_id="up-date")
                        up_lang = gr.Dropdown(["", "fr", "en"], value="", label="Language (blank = detect)")
                    token = gr.Textbox(label="Editor token", type="password", visible=bool(settings.edit_token))
                    add_btn = gr.Button("Add and index", variant="primary", elem_id="add")
                    status = gr.Markdown(elem_id="status")
                    gr.Markdown("### Delete a document")
                    with gr.Row():
                        victim = gr.Dropdown(choices=sorted(bot.documents()), label="Document", elem_id="victim")
                        del_btn = gr.Button("Delete", variant="stop", elem_id="delete")
                    add_btn.click(
                        upload,
                        [upload_file, up_title, up_date, up_lang, token],
                        [status, table, victim],
                        api_visibility="private",
                        concurrency_limit=1,
                    )
                    del_btn.click(
                        delete, [victim, token], [status, table, victim], api_visibility="private", concurrency_limit=1
                    )
                if not editable:
                    gr.Markdown("*Editing is disabled on this deployment.*")
            from .review.web import build_public_ui, build_review_ui, register_api

            build_review_ui(gr, bot, doc_text, session)
            public = build_public_ui(gr, bot, doc_text)
            with gr.Tab("Evaluations", id="evals"):
                gr.Markdown("Runs the seed suite in `evals/` (questions, abstentions, claims) on the live index.")
                eval_btn = gr.Button("Run evaluation", elem_id="run-eval")
                eval_out = gr.HTML(elem_id="eval-out")
                eval_btn.click(run_eval, None, eval_out, api_visibility="private", concurrency_limit=1)
        # Fresh on every page load (a callable value would also publish an API endpoint).
        demo.load(docs_rows, None, table, api_visibility="private")
        # a shared link (?review=N, the url of a ClaimReview export) opens that published review
        demo.load(public.on_load, None, [public.table, public.view, tabs], api_visibility="private")
        # Named endpoints for programs (gradio_client): same models as the CLI's --json.
        api = gr.api  # type: ignore[attr-defined]  # exported at runtime, missing from __all__
        api(api_ask, api_name="ask", concurrency_limit=4)
        api(api_check, api_name="check", concurrency_limit=4)
        api(api_documents, api_name="documents")
        register_api(gr, bot)
    return demo


def launch(bot: FactBot, **kwargs: Any) -> Any:
    """Queue + launch with analytics off; GRADIO_SERVER_NAME/PORT are honoured by Gradio itself."""
    demo = build_ui(bot)
    demo.queue(default_concurrency_limit=4, max_size=256)
    demo.launch(css=CSS, show_error=True, max_file_size=bot.settings.max_upload_bytes, **kwargs)
    return demo


def main() -> None:
    from .config import Settings, set_offline_env

    set_offline_env()
    from .chain import build

    bot = build(Settings())
    report = bot.index(progress=False)  # builds what is missing; a no-op when up to date
    log.warning("index ready: %d documents", len(report.added + report.updated + report.unchanged))
    bot.search("warm-up")  # load the model and the lexical index before the first visitor
    launch(bot)
