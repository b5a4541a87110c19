"""The BM25 side of retrieval across languages: a question's words translated by the glossary."""

from bot.glossary import translated_words
from bot.models import Chunk
from bot.retrieve import LexicalIndex


def chunk(i: int, text: str, lang: str) -> Chunk:
    return Chunk(chunk_id=f"c{i}", doc_id=f"d{i}", text=text, start=0, end=len(text), lang=lang)


def test_translations_go_to_the_other_language_only() -> None:
    en = translated_words("How many passengers use the network each year?")
    assert {"voyageurs", "reseau", "annee"} <= set(en)  # words as content_words gives them
    assert "travellers" not in en  # an English synonym is not a translation
    fr = translated_words("Combien de voyageurs le réseau transporte-t-il ?")
    assert {"passengers", "network"} <= set(fr)
    assert "passagers" not in fr


def test_false_friends_are_not_translated_by_their_spelling() -> None:
    # « pays » is "country", never "pay"
    assert not {"payer", "paie", "paiement"} & set(translated_words("Quel pays a signé ?"))


def test_no_glossary_word_no_translation() -> None:
    assert translated_words("Xylophones zebra quokka?") == []


def test_an_english_question_finds_a_french_chunk_by_its_words() -> None:
    chunks = [
        chunk(0, "Le réseau transporte 85 millions de voyageurs par an.", "fr"),
        chunk(1, "The port expects container traffic to double by 2030.", "en"),
        chunk(2, "Les travaux du port commenceront en septembre.", "fr"),
    ]
    hits = LexicalIndex(chunks).search("How many passengers use the network each year?", 3)
    assert hits and hits[0][0].chunk_id == "c0"


def test_a_french_question_finds_an_english_chunk_by_its_words() -> None:
    chunks = [
        chunk(0, "Meta was fined a record amount by the regulator.", "en"),
        chunk(1, "The expansion is financed by a loan from the European Investment Bank.", "en"),
    ]
    hits = LexicalIndex(chunks).search("Qui a prêté de l'argent ?", 2)
    assert hits and hits[0][0].chunk_id == "c1"


def test_a_chunk_is_found_by_the_name_its_headline_gives() -> None:
    # "Its shares fell": the company is named only in the document's headline
    title = "Veltris recalls 2.4 million bottles of blood pressure pills"
    chunks = [
        Chunk(chunk_id="c0", doc_id="v", title=title, text="Its shares fell 8% in New York trading.", start=0, end=39, lang="en"),
        chunk(1, "The port expects container traffic to double by 2030.", "en"),
    ]
    hits = LexicalIndex(chunks).search("Veltris", 2)
    assert [h[0].chunk_id for h in hits] == ["c0"]
