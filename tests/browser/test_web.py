"""The web page in a real browser: chat, verify, upload, hostile sources, and the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def _field(page: Any, elem_id: str) -> Any:
    return page.locator(f"#{elem_id} textarea, #{elem_id} input").first


def _ask(page: Any, question: str) -> None:
    _field(page, "question").fill(question)
    page.click("#ask")


def test_chat_shows_a_cited_answer(page: Any) -> None:
    _ask(page, "Combien l'ICE paie-t-elle ?")
    page.wait_for_selector("#evidence mark", timeout=60_000)
    chat = page.locator("#chat").inner_text()
    assert "224 000 $" in chat and "[1]" in chat
    assert "224 000 $" in page.locator("#evidence mark").first.inner_text()
    _ask(page, "And who signed it?")  # a follow-up borrows the topic
    page.wait_for_function(
        "document.querySelectorAll('#chat .message, #chat [data-testid=\"bot\"]').length >= 4", timeout=60_000
    )
    page.wait_for_timeout(1500)
    assert "ICE" in page.locator("#chat").inner_text().split("And who signed it?")[-1]
    shot(page, "chat")


def test_abstention_is_clear(page: Any) -> None:
    _ask(page, "What is Clearview's annual revenue?")
    page.wait_for_function("document.querySelector('#chat').innerText.includes(\"don't\")", timeout=60_000)
    assert "The sources do not answer this" in page.locator("#chat").inner_text()


def test_verify_a_claim_shows_the_verdict(page: Any) -> None:
    page.get_by_role("tab", name="Verify a claim").click()
    _field(page, "claim").fill("L'ICE paie 2 millions de dollars à Clearview.")
    page.click("#verify-btn")
    page.wait_for_selector("#verdict .fb-badge", timeout=60_000)
    assert page.locator("#verdict .fb-badge").first.inner_text() == "Réfuté"
    assert "224 000 $" in page.locator("#verdict").inner_text()
    _field(page, "claim").fill("ICE signed with Clearview for $224,000 and the deal lasts three years.")
    page.click("#verify-btn")
    page.wait_for_selector("#verdict .fb-parts", timeout=60_000)
    assert "Not enough info" in page.locator("#verdict").inner_text()
    shot(page, "verify")


def test_upload_then_answer_from_it(page: Any, tmp_path: Path) -> None:
    doc = tmp_path / "lyon library.html"
    doc.write_text(
        "<html><head><title>Lyon</title><script>window.__xss=9</script></head><body>"
        "<p>The city of Lyon opened a new public library in March 2021.</p>"
        "<p>The library cost 12 million euros to build.</p></body></html>",
        encoding="utf-8",
    )
    page.get_by_role("tab", name="Sources").click()
    # the table is filled on page load
    page.wait_for_function("document.querySelector('#docs').innerText.includes('000_971f1201538155a2')")
    page.locator("#upload input[type=file]").set_input_files(str(doc))
    _field(page, "up-title").fill("Lyon's new library")
    page.wait_for_timeout(1000)
    page.click("#add")
    # (the progress overlay also says "indexed - 100%": wait for the final message and the new row)
    page.wait_for_function("document.querySelector('#status').innerText.includes('✅')", timeout=120_000)
    page.wait_for_function("document.querySelector('#docs').innerText.includes('lyon-library')")
    shot(page, "sources")
    page.get_by_role("tab", name="Chat").click()
    _ask(page, "How much did the Lyon library cost?")
    page.wait_for_selector("#evidence mark", timeout=60_000)
    assert "12 million euros" in page.locator("#evidence").inner_text()
    assert page.evaluate("window.__xss") is None


def test_bad_upload_is_refused_and_nothing_is_lost(page: Any, app: Any, tmp_path: Path) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_text("this is not a pdf", encoding="utf-8")
    before = set(app.bot.documents())
    page.get_by_role("tab", name="Sources").click()
    # the table is filled on page load
    page.wait_for_function("document.querySelector('#docs').innerText.includes('000_971f1201538155a2')")
    page.locator("#upload input[type=file]").set_input_files(str(fake))
    page.wait_for_timeout(1000)
    page.click("#add")
    page.wait_for_function("document.querySelector('#status').innerText.includes('⚠')", timeout=60_000)
    assert "does not match" in page.locator("#status").inner_text()
    assert set(app.bot.documents()) == before


def test_hostile_source_renders_as_text(page: Any) -> None:
    _ask(page, "What budget did the Springfield council approve?")
    page.wait_for_selector("#evidence mark", timeout=60_000)
    page.wait_for_timeout(1000)
    evidence = page.locator("#evidence").inner_text()
    assert "<img src=x" in evidence  # shown as text...
    assert page.evaluate("window.__xss") is None  # ...never run
    assert page.dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("#chat script, #evidence script").count() == 0


def test_evaluations_tab_runs_the_suite(page: Any) -> None:
    page.get_by_role("tab", name="Evaluations").click()
    page.click("#run-eval")
    page.wait_for_selector("#eval-out table", timeout=300_000)
    text = page.locator("#eval-out").inner_text()
    assert "answer_accuracy" in text and "claim_accuracy" in text
    shot(page, "evaluations")


def test_api_through_a_real_http_client(app: Any) -> None:
    import httpx
    from gradio_client import Client

    client = Client(app.local_url, verbose=False)
    # only the three documented endpoints are public
    assert set(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == {
        "/ask",
        "/check",
        "/documents",
    }
    answer = client.predict("Who signed a contract with Clearview AI?", api_name="/ask")
    assert not answer["abstained"] and answer["citations"][0]["quote"]
    verdict = client.predict("ICE is paying Clearview AI $224,000.", api_name="/check")
    assert verdict["verdict"] == "supported"
    docs = client.predict(api_name="/documents")
    assert any(d["doc_id"] == "000_971f1201538155a2" for d in docs)
    # plain HTTP too: the Gradio REST call protocol
    r = httpx.post(f"{app.local_url}gradio_api/call/ask", json={"data": ["Qui est le PDG de Clearview ?"]}, timeout=60)
    event_id = r.json()["event_id"]
    stream = httpx.get(f"{app.local_url}gradio_api/call/ask/{event_id}", timeout=60).text
    assert "Hoan Ton" in stream
    too_long = httpx.post(f"{app.local_url}gradio_api/call/ask", json={"data": ["x" * 10_000]}, timeout=60)
    result = httpx.get(f"{app.local_url}gradio_api/call/ask/{too_long.json()['event_id']}", timeout=60).text
    assert "error" in result
