"""Nationality adjectives a question adds and no source states (bot/answers/demonyms.py)."""

from __future__ import annotations

import pytest

from bot.answers.demonyms import _country, claimed_nationality, nationality_given, unstated, without_unstated

FR = ["L’agence d’immigration paie 224 000 $ pour des licences Clearview."]


def test_a_nationality_no_passage_states_is_set_aside_in_both_languages() -> None:
    assert without_unstated("Combien l'agence américaine a-t-elle déboursé ?", FR) == "Combien l'agence a-t-elle déboursé ?"
    assert without_unstated("How much did the American agency pay?", FR) == "How much did the agency pay?"
    assert without_unstated("How much did the U.S. agency pay?", FR) == "How much did the agency pay?"
    assert unstated("Quelle somme la société américaine a-t-elle reçue ?", FR) == ["americaine"]
    # the noun in the possessive is still a noun
    assert without_unstated("How big is the American startup's database?", FR) == "How big is the startup's database?"


def test_a_passage_giving_the_same_noun_a_nationality_keeps_the_word() -> None:
    dutch = ["The works will be carried out by the Dutch contractor Van Oord."]
    assert unstated("What will the Norwegian contractor do?", dutch) == []
    assert without_unstated("What will the Norwegian contractor do?", dutch) == "What will the Norwegian contractor do?"
    # another noun: the Dutch contractor says nothing of the port's nationality
    assert without_unstated("How much will the Swedish port spend?", dutch) == "How much will the port spend?"


def test_a_nationality_the_passages_use_keeps_the_word() -> None:
    towns = ["French Huguenots settled in Pons and in several English towns."]
    assert without_unstated("What French city was Elie Prioleau from?", towns) == "What French city was Elie Prioleau from?"
    assert unstated("Quelle ville anglaise a accueilli le plus de huguenots ?", towns) == []  # « anglaise » is "English"
    assert unstated("What German ruler invited the Huguenots?", towns) == ["german"]
    # naming the country is using it
    assert unstated("Which Irish cities had Huguenot enclaves?", ["Huguenots settled in Dublin and Cork, in Ireland."]) == []
    assert unstated("Quelles villes irlandaises ont accueilli des huguenots ?", ["Huguenots settled in Ireland's cities."]) == []


def test_a_language_is_not_set_aside() -> None:
    assert unstated("What is the Japanese name for the Yuan dynasty?", FR) == []
    assert unstated("Quel est le titre anglais du livre ?", FR) == []


def test_other_words_are_left_alone() -> None:
    # "us" is a pronoun; only "US" / "U.S." in capitals is the country
    assert without_unstated("Tell us how much the US agency paid", FR) == "Tell us how much the agency paid"
    assert without_unstated("Who told us?", FR) == "Who told us?"
    assert without_unstated("Who signed the contract?", FR) == "Who signed the contract?"
    # a word that only contains a nationality is not one ("Frenchman" stays, "anglaise" goes)
    assert without_unstated("Which Frenchman wrote the anglaise article?", FR) == "Which Frenchman wrote the article?"


def test_a_nationality_used_as_a_noun_names_a_people_and_stays() -> None:
    assert without_unstated("Que doivent les Français au roi ?", FR) == "Que doivent les Français au roi ?"
    assert without_unstated("Who paid the French?", FR) == "Who paid the French?"
    # beside a capital the nationality is part of a name
    assert without_unstated("Combien la Banque européenne d'investissement prête-t-elle ?", FR).count("européenne") == 1
    assert without_unstated("How much does the European Investment Bank lend?", FR) == "How much does the European Investment Bank lend?"


def test_countries_in_capitals_are_nationalities() -> None:
    uk = ["BSkyB became the UK's largest digital subscription television company."]
    # the passages give a nationality to the same noun: the question may be about another company
    assert unstated("When did BSkyB become the largest US television company?", uk) == []
    assert without_unstated("How much did the U.K. regulator fine Meta?", FR) == "How much did the regulator fine Meta?"
    assert without_unstated("Qu'a-t-il eu de la part de l'autorité EU ?", FR) == "Qu'a-t-il eu de la part de l'autorité ?"


@pytest.mark.parametrize(
    ("name", "text", "lang", "country_of"),
    [
        ("Nordwind", "Nordwind Energy, the Danish utility, said on Wednesday it would stop.", "en", "Danish"),
        ("Van Oord", "The works will be carried out by the Dutch contractor Van Oord.", "en", "Dutch"),
        ("Vattenfall", "le groupe suédois Vattenfall a suspendu un projet", "fr", "suédois"),
        ("Nordwind", "Nordwind, l'entreprise danoise, renonce.", "fr", "danoise"),
        ("Van Oord", "Van Oord is a Norwegian contractor.", "en", "Norwegian"),
        # the nationality of another party, or of another word
        ("Nordwind", "after the Swedish group Vattenfall paused a similar project, Nordwind said", "en", None),
        ("Nadia Savtchenko", "La première femme pilote de l'armée ukrainienne s'appelle Nadia Savtchenko.", "fr", None),
        ("Bank", "the European Investment Bank lends", "en", None),
    ],
)
def test_the_nationality_a_text_gives_a_party_beside_its_name(name: str, text: str, lang: str, country_of: str | None) -> None:
    assert nationality_given(name, text, lang) == (_country(country_of) if country_of else None)


@pytest.mark.parametrize(
    ("claim", "name"),
    [
        ("Van Oord is a Norwegian contractor.", "Van Oord"),
        ("Nordwind est une entreprise suédoise.", "Nordwind"),
        ("Le couple présidentiel ukrainien a été photographié par Vogue en 2022.", None),  # the couple's nationality
        ("Nadia Savtchenko a été accusée du meurtre de deux journalistes russes.", None),
        ("Virginie Joron est élue au Parlement européen avec le Rassemblement national.", None),  # the parliament's name
    ],
)
def test_a_claim_gives_a_party_a_nationality_only_beside_its_name(claim: str, name: str | None) -> None:
    found = claimed_nationality(claim, "fr" if " est " in claim or " a été " in claim else "en")
    assert (found[0] if found else None) == name
