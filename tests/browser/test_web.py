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
    # only the documented endpoints are public (the review ones check their token themselves)
    assert set(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == {
        "/ask",
        "/check",
        "/documents",
        "/reviews_published",
        "/claimreview",
        "/review_save",
        "/reviews",
        "/review_set",
        "/review_publish",
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


PASSWORD = "a long editor password"


def _http(app: Any, endpoint: str, data: list[Any]) -> str:
    """One call through Gradio's plain HTTP protocol; the raw event stream comes back."""
    import httpx

    r = httpx.post(f"{app.local_url}gradio_api/call/{endpoint}", json={"data": data}, timeout=60)
    return httpx.get(f"{app.local_url}gradio_api/call/{endpoint}/{r.json()['event_id']}", timeout=120).text


def test_editor_reviews_overrides_publishes_and_the_public_cannot_reach_it(page: Any, app: Any, browser: Any) -> None:
    desk = app.bot.desk
    desk.add_user("edith", "editor", PASSWORD)  # the operator's step (python -m bot user add)
    claim = "ICE paid Clearview AI $2 million."
    page.get_by_role("tab", name="Verify a claim").click()
    _field(page, "claim").fill(claim)
    page.click("#verify-btn")
    page.wait_for_selector("#verdict .fb-badge", timeout=60_000)
    page.get_by_text("Save for review (editors)").click()
    page.click("#save-review")
    page.wait_for_function("document.querySelector('#save-msg').innerText.includes('sign in')", timeout=60_000)
    assert desk.queue(desk.authenticate(desk.create_token("edith", PASSWORD))) == []  # nothing saved anonymously

    page.get_by_role("tab", name="Review").click()
    _field(page, "rv-user").fill("edith")
    _field(page, "rv-password").fill(PASSWORD)
    page.click("#rv-login")
    page.wait_for_function("document.querySelector('#rv-who').innerText.includes('edith')", timeout=60_000)
    page.get_by_role("tab", name="Verify a claim").click()
    page.click("#save-review")
    page.wait_for_function("document.querySelector('#save-msg').innerText.includes('saved for review')", timeout=120_000)
    review_id = int(page.locator("#save-msg").inner_text().split("#")[1].split()[0])

    page.get_by_role("tab", name="Review").click()
    page.click("#rv-refresh")
    page.wait_for_function(f"document.querySelector('#rv-queue').innerText.includes({claim!r})", timeout=60_000)
    _field(page, "rv-id").fill(str(review_id))
    page.click("#rv-open")
    page.wait_for_selector(f"#review-{review_id}", timeout=60_000)
    assert "224 000 $" in page.locator("#rv-view").inner_text()  # the evidence quote, in context
    page.click("#rv-set")  # override without a reason: refused
    page.wait_for_function("document.querySelector('#rv-msg').innerText.includes('needs a reason')", timeout=60_000)
    _field(page, "rv-rationale").fill("A later filing shows a second award.")
    _field(page, "rv-reason").fill("new source found by the desk")
    page.click("#rv-set")
    page.wait_for_function("document.querySelector('#rv-msg').innerText.includes('set done')", timeout=60_000)
    page.click("#rv-publish")
    page.wait_for_function("document.querySelector('#rv-msg').innerText.includes('publish done')", timeout=60_000)
    history = page.locator("#history").inner_text()
    assert "review.set" in history and "review.publish" in history and "new source found by the desk" in history
    page.click("#rv-export")
    page.wait_for_function("document.querySelector('#rv-msg').innerText.includes('exported')", timeout=60_000)
    shot(page, "review")
    item = desk.get(review_id, None)  # now public
    assert (item.status, item.verdict, item.auto_verdict) == ("published", "supported", "refuted")
    assert [h.action for h in desk.history(review_id, desk.authenticate(desk.create_token("edith", PASSWORD)))] == [
        "review.save",
        "review.set",
        "review.publish",
    ]

    # an anonymous visitor: no editor area in the page, and the raw HTTP API refuses or hides the rest
    ctx = browser.new_context()
    anon = ctx.new_page()
    anon.goto(app.local_url, wait_until="load")
    anon.get_by_role("tab", name="Review").click()
    anon.wait_for_selector("#rv-who")
    assert "Not signed in" in anon.locator("#rv-who").inner_text()
    assert not anon.locator("#rv-queue").is_visible() and not anon.locator("#rv-set").is_visible()
    ctx.close()
    hidden = desk.save(app.bot.check("ICE signed a contract with Clearview AI."), by=desk.authenticate(desk.create_token("edith", PASSWORD)))
    assert "sign in first" in _http(app, "reviews", ["", "", "", "", ""])
    assert "sign in first" in _http(app, "review_set", ["fbt_forged", review_id, "refuted", "", "x", 0])
    assert "sign in first" in _http(app, "review_save", ["", "Anything at all.", "", "", ""])
    published = _http(app, "reviews_published", [50])
    assert claim in published and hidden.claim not in published
    assert '"ClaimReview"' in _http(app, "claimreview", [""]) and hidden.claim not in _http(app, "claimreview", [""])
    # the ClaimReview url (?review=N) opens the published fact check for anyone; an unpublished one stays hidden
    ctx = browser.new_context()
    reader = ctx.new_page()
    reader.goto(f"{app.local_url}?review={review_id}", wait_until="load")
    reader.wait_for_selector(f"#published-{review_id}", timeout=60_000)
    assert claim in reader.locator("#fc-view").inner_text() and "Supported" in reader.locator("#fc-view").inner_text()
    assert claim in reader.locator("#fc-list").inner_text() and hidden.claim not in reader.locator("#fc-list").inner_text()
    reader.goto(f"{app.local_url}?review={hidden.id}", wait_until="load")
    reader.get_by_role("tab", name="Fact checks").click()
    _field(reader, "fc-id").fill(str(hidden.id))
    reader.click("#fc-show")
    reader.wait_for_function("document.querySelector('#fc-view').innerText.includes('no review')", timeout=60_000)
    assert hidden.claim not in reader.locator("body").inner_text()
    ctx.close()
    # and the verdict an anonymous visitor gets now recalls the published review
    page.get_by_role("tab", name="Verify a claim").click()
    _field(page, "claim").fill("L'ICE a payé 2 millions de dollars à Clearview AI.")
    page.click("#verify-btn")
    page.wait_for_selector("#verdict #memory", timeout=60_000)
    memory = page.locator("#memory").inner_text()
    assert "checked on" in memory and claim in memory and "same claim" in memory
