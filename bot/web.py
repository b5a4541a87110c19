"""Gradio web app: build_ui(bot) -> gr.Blocks; ``main`` launches it."""

from __future__ import annotations

import html
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .chain import FactBot


def build_ui(bot: FactBot) -> Any:
    import gradio as gr

    def search(q: str) -> str:
        hits = bot.search(q, 5)
        return "".join(
            f"<p><b>{html.escape(h.chunk.title)}</b> [{h.chunk.start}:{h.chunk.end}]<br>{html.escape(h.chunk.text)}</p>"
            for h in hits
        )

    with gr.Blocks(title="FactBot") as demo:
        q = gr.Textbox(label="Search the sources")
        out = gr.HTML()
        q.submit(search, q, out)
    return demo


def main() -> None:
    from .config import Settings, set_offline_env

    set_offline_env()
    from .chain import build

    bot = build(Settings())
    bot.index(progress=False)
    demo = build_ui(bot)
    demo.queue(default_concurrency_limit=4).launch(
        server_name=os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1"),
        server_port=int(os.environ.get("GRADIO_SERVER_PORT", "7860")),
    )
