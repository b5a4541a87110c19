"""Real e5 embeddings, real persistent Chroma: cross-lingual retrieval on the seed article."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.chain import FactBot, build
from bot.config import Settings

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("How much is ICE paying Clearview?", "224 000 $"),
        ("Combien l'ICE paie-t-elle ?", "224 000 $"),
        ("What did the CEO of Clearview say?", "Hoan Ton"),
        ("Qu'a déclaré le PDG de Clearview ?", "Hoan Ton"),
        ("How many images are in Clearview's database?", "3 milliards"),
        ("Combien d'images contient la base de données ?", "3 milliards"),
        ("Which organization revealed the contract on Twitter?", "Tech Inquiry"),
        ("Qui a partagé les dossiers du gouvernement ?", "Tech Inquiry"),
    ],
)
def test_right_chunk_ranks_first_in_both_languages(seed_bot: FactBot, query: str, needle: str) -> None:
    hits = seed_bot.search(query, 3)
    assert needle in hits[0].chunk.text
    doc = seed_bot.show(hits[0].chunk.doc_id)
    assert doc.text[hits[0].chunk.start : hits[0].chunk.end] == hits[0].chunk.text


def test_langchain_retriever_composes(seed_bot: FactBot) -> None:
    from langchain_core.runnables import RunnableLambda

    chain = seed_bot.retriever(k=2) | RunnableLambda(lambda docs: [d.metadata["doc_id"] for d in docs])
    assert chain.invoke("Combien l'ICE paie-t-elle ?") == ["000_971f1201538155a2"] * 2


def test_sentence_transformers_backend_with_bundled_minilm(tmp_path: Path, corpus: Path) -> None:
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "st", embedder="sentence-transformers")
    bot = build(settings)
    bot.index(progress=False)
    assert bot.embedder.dim == 384
    assert "sentence-transformers" in bot.store.chunks.metadata["embedding_model"]
    assert "Hoan Ton" in bot.search("Hoan Ton CEO statement", 1)[0].chunk.text


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env, timeout=300)


def test_cli_index_search_show(tmp_path: Path, corpus: Path) -> None:
    env = {**os.environ, "BOT_CORPUS_DIR": str(corpus), "BOT_INDEX_DIR": str(tmp_path / "idx")}
    first = _cli("index", env=env)
    assert first.returncode == 0, first.stderr
    assert "added: 1" in first.stdout
    again = _cli("index", env=env)
    assert "added: 0  updated: 0  removed: 0  unchanged: 1" in again.stdout
    out = _cli("search", "Combien l'ICE paie-t-elle ?", "--json", env=env)
    rows = json.loads(out.stdout)
    assert "224 000 $" in rows[0]["text"]
    shown = json.loads(_cli("show", rows[0]["doc_id"], "--json", env=env).stdout)
    assert shown["text"][rows[0]["start"] : rows[0]["end"]] == rows[0]["text"]
    assert shown["lang"] == "fr" and shown["date"] == "2020-08"
    missing = _cli("show", "nope", env=env)
    assert missing.returncode == 2 and "no document" in missing.stderr


def test_a_document_in_the_other_language_is_not_ranked_below_same_language_noise(
    tmp_path: Path, corpus: Path, e5: object
) -> None:
    """Dense and BM25 both put the English article first for a French claim about it; the fusion
    must not let French chunks that share only "millions d'euros" overtake it."""
    (corpus / "meta.md").write_text(
        "# Meta fined record €1.2 billion over EU-US data transfers\n\nPublished May 22, 2023\n\n"
        "Ireland's Data Protection Commission has fined Meta €1.2 billion for transferring the personal data "
        "of European Facebook users to the United States.\n",
        encoding="utf-8",
    )
    (corpus / "eau.md").write_text(
        "# Mayotte : l'État débloque 40 millions d'euros face à la crise de l'eau\n\n"
        "Le gouvernement a annoncé lundi une enveloppe de 40 millions d'euros pour faire face à la pénurie d'eau.\n\n"
        "Une usine de dessalement doit être construite d'ici 2025, pour un coût estimé à 55 millions d'euros.\n",
        encoding="utf-8",
    )
    bot = build(Settings(corpus_dir=corpus, index_dir=tmp_path / "idx"), embedder=e5)  # type: ignore[arg-type]
    bot.index(progress=False)
    for query in ("Meta a été condamnée à une amende de 1,2 milliard d'euros.", "Combien Meta doit-elle payer ?"):
        assert bot.search(query, 3)[0].chunk.doc_id == "meta", query
    doc = bot.show("meta")
    assert (doc.title, doc.date) == ("Meta fined record €1.2 billion over EU-US data transfers", "2023-05-22")
