from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import DocumentError, InputError
from bot.indexer import add_files, safe_filename
from bot.ingest import chunk_document, load_document, parse_bytes


def test_seed_document_metadata_and_verbatim_text() -> None:
    doc = load_document(Path(__file__).parents[2] / "corpus" / "000_971f1201538155a2.md")
    assert (doc.doc_id, doc.lang, doc.date) == ("000_971f1201538155a2", "fr", "2020-08")
    assert "L’agence d’immigration paie 224 000 $" in doc.text
    assert not doc.text.startswith("---")


def test_html_drops_markup_and_scripts() -> None:
    raw = b"<html><head><title>T</title><script>alert(1)</script></head><body><p>Bonjour <b>le</b> monde.</p><style>p{}</style><img src=x onerror=alert(1)></body></html>"
    doc = parse_bytes(raw, ".html", name="a.html", doc_id="a")
    assert doc.title == "T"
    assert doc.text == "Bonjour le monde."


@pytest.mark.parametrize(
    ("raw", "title", "date"),
    [
        ("# Meta fined €1.2 billion\n\nPublished May 22, 2023\n\nThe regulator said so.", "Meta fined €1.2 billion", "2023-05-22"),
        ("# La SNCF commande 15 TGV\nPublié le 14 mars 2024 à 10h\nLa SNCF a annoncé jeudi...", "La SNCF commande 15 TGV", "2024-03-14"),
        ("## Titre\n\nPar Jeanne Dupont\nlundi 5 juin 2023\n\nTexte.", "Titre", "2023-06-05"),
        ("# T\nUpdated: 2024-03-01\nText.", "T", "2024-03-01"),
        # a sentence that names a date is no dateline; a heading after text is no title
        ("# T\nLe 3 mars 2022, la société a signé.", "T", ""),
        ("Intro line.\n# Later heading\nPublished in 2021 by us, a long line that is no date at all.", "n", ""),
    ],
)
def test_markdown_headline_and_dateline_fill_missing_metadata(raw: str, title: str, date: str) -> None:
    doc = parse_bytes(raw.encode(), ".md", name="n.md", doc_id="n")
    assert (doc.title, doc.date) == (title, date)
    assert "#" not in doc.text  # heading marks dropped; quotes cite the words
    assert doc.text.split("\n")[0] == raw.split("\n")[0].lstrip("# ")


def test_front_matter_wins_over_headline_and_dateline() -> None:
    raw = "---\ntitle: Given\ndate: 2020-08\n---\n# Other\nPublished May 22, 2023\nText."
    doc = parse_bytes(raw.encode(), ".md", name="n.md", doc_id="n")
    assert (doc.title, doc.date) == ("Given", "2020-08")
    assert doc.text.startswith("Other\n")


@pytest.mark.parametrize(
    ("data", "suffix", "msg"),
    [
        (b"", ".txt", "no text"),
        (b"\x00\x01\x02binary", ".txt", "binary"),
        (b"not a pdf", ".pdf", "not a PDF"),
        (b"%PDF-1.4 garbage", ".pdf", "unreadable PDF"),
        (b"---\n[unclosed\n---\nbody", ".md", "front matter"),
        (b"text", ".exe", "unsupported"),
    ],
)
def test_broken_inputs_give_clear_errors(data: bytes, suffix: str, msg: str) -> None:
    with pytest.raises(DocumentError, match=msg):
        parse_bytes(data, suffix, name=f"f{suffix}", doc_id="f") if suffix != ".exe" else load_document(
            _tmp(data, suffix)
        )


def _tmp(data: bytes, suffix: str) -> Path:
    import tempfile

    f = Path(tempfile.mkdtemp()) / f"x{suffix}"
    f.write_bytes(data)
    return f


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=3000), st.integers(min_value=100, max_value=800))
def test_chunks_are_exact_spans_covering_all_words(text: str, size: int) -> None:
    try:
        doc = parse_bytes(text.encode("utf-8", "surrogatepass"), ".txt", name="t.txt", doc_id="t")
    except (DocumentError, UnicodeEncodeError):
        return
    chunks = chunk_document(doc, max_chars=size)
    assert all(doc.text[c.start : c.end] == c.text for c in chunks)
    assert all(len(c.text) <= size for c in chunks)
    assert "".join(doc.text.split()) == "".join("".join(c.text for c in chunks).split())
    assert len({c.chunk_id for c in chunks}) == len(chunks)


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "..\\evil.md", "/abs/x.html", "a b?.MD"])
def test_safe_filename_strips_directories(name: str) -> None:
    out = safe_filename(name)
    assert "/" not in out and "\\" not in out and not out.startswith(".")


@pytest.mark.parametrize("name", ["x.exe", ".md", "noext"])
def test_safe_filename_refuses_unsupported(name: str) -> None:
    with pytest.raises(InputError):
        safe_filename(name)


def test_add_files_copies_nothing_when_one_is_broken(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A fine document.")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"nope")
    corpus = tmp_path / "corpus"
    with pytest.raises(DocumentError):
        add_files([good, bad], corpus)
    assert not corpus.exists() or not any(corpus.iterdir())
