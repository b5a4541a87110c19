"""Questions put into the other language word by word (training data for cross-lingual reading)."""

from __future__ import annotations

import random

import numpy as np

from bot.neural.codeswitch import Lexicon, build_lexicon, induce, translate


def _embed(table: dict[str, list[float]]):  # type: ignore[no-untyped-def]
    def embed(words: list[str]) -> np.ndarray:
        rows = np.array([table.get(w, [0.0] * 4) for w in words], dtype=np.float32)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.where(norms == 0, 1, norms)

    return embed


def test_a_french_question_opening_and_function_words_become_english_names_and_numbers_stay() -> None:
    lex = Lexicon(fr_en={"jeunes": "young", "concernés": "concerned", "réseau": "network"})
    rng = random.Random(0)
    assert translate("Combien de jeunes sont concernés ?", "fr", lex, rng, keep=0.0) == "How many young are concerned?"
    # the clitic of the inversion goes, a name inside the question stays as written
    assert translate("Qui exploite le réseau de Vallorée en 2026 ?", "fr", lex, rng, keep=0.0) == "Who exploite the network of Vallorée in 2026?"
    assert translate("Combien l'agence a-t-elle payé ?", "fr", Lexicon(fr_en={"agence": "agency", "payé": "paid"}), rng, keep=0.0) == "How much the agency has paid?"


def test_an_english_question_becomes_french_and_keep_leaves_words_untranslated() -> None:
    lex = Lexicon(en_fr={"drivers": "chauffeurs", "union": "syndicat", "want": "veut"})
    assert translate("How many drivers does the union want?", "en", lex, random.Random(0), keep=0.0) == "Combien de chauffeurs le syndicat veut?"
    kept = translate("How many drivers does the union want?", "en", lex, random.Random(0), keep=1.0)
    assert kept == "Combien de drivers le union want?"


def test_induced_pairs_need_a_high_cosine_clearly_above_the_other_words() -> None:
    vecs = {f"w{i}": [float(i % 3 == 0), float(i % 3 == 1), float(i % 3 == 2), 0.1 * i] for i in range(12)}
    vecs |= {"voiture": [0.0, 0.0, 0.0, 1.0], "car": [0.0, 0.0, 0.05, 1.0], "bleu": [1.0, 1.0, 0.0, 0.0], "blue": [1.0, 0.9, 0.3, 0.0]}
    fr = ["voiture", "bleu", *[f"w{i}" for i in range(12)]]
    en = ["car", "blue", *[f"w{i}" for i in range(12)]]
    fr_en, en_fr = induce(fr, en, _embed(vecs), min_cos=0.99, margin=0.03)
    assert ("voiture", "car") in fr_en and ("voiture", "car") in en_fr
    assert all(p[0] != "bleu" for p in fr_en)  # cosine 0.96: not a translation at 0.99
    # identical spellings are not pairs (they need no translation)
    assert all(a != b for a, b in fr_en + en_fr)


def test_the_lexicon_puts_hand_tables_first_then_the_glossary() -> None:
    lex = build_lexicon([], [], _embed({}))
    assert lex.fr_en["combien"] == "how much" and lex.en_fr["who"] == "qui"
    assert lex.fr_en["payé"] == "pay" and lex.en_fr["paid"] == "payer"  # glossary_en_fr.tsv's first line
