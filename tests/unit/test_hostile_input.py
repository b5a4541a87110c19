"""Hostile input: every bad file or query gets a clear error (or is handled), never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.chain import FactBot
from bot.errors import DocumentError, InputError
from bot.html import html_to_text
from bot.ingest import chunk_document, parse_bytes

SUFFIXES = [".txt", ".md", ".html", ".pdf"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=4000), st.sampled_from(SUFFIXES))
def test_random_bytes_parse_or_fail_clearly(data: bytes, suffix: str) -> None:
    try:
        doc = parse_bytes(data, suffix, name=f"x{suffix}", doc_id="x")
    except DocumentError as e:
        assert str(e).startswith("x")  # names the file
        return
    chunks = chunk_document(doc)
    assert all(doc.text[c.start : c.end] == c.text for c in chunks)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000), st.sampled_from(SUFFIXES[:3]))
def test_any_text_with_control_chars_is_clean(text: str, suffix: str) -> None:
    try:
        doc = parse_bytes(text.encode("utf-8"), suffix, name="t", doc_id="t")
    except DocumentError:
        return
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in doc.text)


def test_huge_file_is_refused_with_the_limit() -> None:
    with pytest.raises(DocumentError, match="limit"):
        parse_bytes(b"word " * 2_100_000, ".txt", name="big.txt", doc_id="big")


def test_deeply_nested_html() -> None:
    deep = "<div>" * 50_000 + "Deep text." + "</div>" * 50_000
    title, text = html_to_text(deep)
    assert text.strip() == "Deep text."


def test_wrong_encoding_is_read_or_refused() -> None:
    latin = "Café à Paris, déjà vu.".encode("cp1252")
    assert "Café" in parse_bytes(latin, ".txt", name="l.txt", doc_id="l").text
    with pytest.raises(DocumentError):
        parse_bytes(bytes(range(128, 256)) * 50, ".txt", name="junk.txt", doc_id="junk")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=3000))
def test_queries_are_validated_never_crash(fake_bot: FactBot, query: str) -> None:
    try:
        answer = fake_bot.ask(query)
    except InputError as e:
        assert "empty" in str(e) or "too long" in str(e)
        return
    assert answer.abstained or answer.citations


@pytest.mark.parametrize(
    ("pasted", "read"),
    [
        ("<script>alert(1)</script> Who runs Clearview?", "Who runs Clearview?"),
        ("<b>ICE</b> a payé combien&nbsp;?", "ICE a payé combien ?"),
        ("<p>Is it true that AT&amp;T\n was fined?</p>", "Is it true that AT&T was fined?"),
        ("Was the fine < €2 billion?", "Was the fine < €2 billion?"),  # a lone "<" is not markup
    ],
)
def test_markup_pasted_with_a_query_is_read_as_text(fake_bot: FactBot, pasted: str, read: str) -> None:
    assert fake_bot.check_query(pasted) == read


def test_a_query_of_markup_only_is_empty(fake_bot: FactBot) -> None:
    with pytest.raises(InputError, match="empty claim"):
        fake_bot.check_query("<script>document.cookie</script><style>p{}</style>", "claim")
    with pytest.raises(InputError, match="too long"):
        fake_bot.check_query("<b>x</b>" * 5000)


def test_failed_ingest_keeps_the_index(fake_bot: FactBot, tmp_path: Path) -> None:
    before = fake_bot.documents()
    bad = tmp_path / "evil.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00" * 1000)
    with pytest.raises(DocumentError):
        fake_bot.ingest([bad], progress=False)
    with pytest.raises(InputError):
        fake_bot.add_upload("../../etc/passwd.txt", b"\x00\x01binary", title="x")
    with pytest.raises(InputError, match="does not match"):
        fake_bot.add_upload("report.pdf", b"plain text", title="x")
    assert fake_bot.documents() == before
    assert not any(p.name.startswith(("evil", "passwd", "report")) for p in fake_bot.settings.corpus_dir.iterdir())


def test_upload_is_stored_as_markdown_and_indexed(fake_bot: FactBot) -> None:
    report = fake_bot.add_upload(
        "../Notes <b>.html",
        b"<h1>Bridge</h1><p>The bridge cost 5 million dollars.</p>",
        title="Bridge notes",
        date="2024-01",
        lang="en",
    )
    (doc_id,) = report.added
    doc = fake_bot.show(doc_id)
    assert doc.title == "Bridge notes" and doc.date == "2024-01" and "5 million dollars" in doc.text
    assert (fake_bot.settings.corpus_dir / f"{doc_id}.md").exists()
    assert fake_bot.index(progress=False).unchanged  # stable on re-index
