"""The French NLI pairs made by edits (``bot.neural.augment``): each edit does what its label says."""

from __future__ import annotations

import random

from bot.neural import augment as A


def test_negation_goes_on_the_first_finite_verb_and_keeps_reflexives() -> None:
    assert A.negate("Il est né à Paris en 1850.") == "Il n'est pas né à Paris en 1850."
    assert A.negate("Elle s'est installée à Lyon.") == "Elle ne s'est pas installée à Lyon."
    assert A.negate("Les sociétés sont fondées en 1820.") == "Les sociétés ne sont pas fondées en 1820."
    assert A.negate("Il y a 20 000 habitants.") == "Il n'y a pas 20 000 habitants."


def test_no_double_negation_and_no_verb_taken_from_a_noun() -> None:
    assert A.negate("Il ne reste plus de traces de la ville.") is None
    assert A.negate("Le projet n'a jamais été achevé.") is None
    assert A.negate("Les Francs s'étendent à l'est de la Bavière.") is None


def test_removing_a_negation_says_the_opposite() -> None:
    assert A.unnegate("Le projet n'a jamais été achevé.") == "Le projet a été achevé."
    assert A.unnegate("Il ne reste plus de traces de la ville.") == "Il reste des traces de la ville."
    assert A.unnegate("Le projet a été achevé.") is None


def test_a_changed_figure_differs_and_years_stay_years() -> None:
    rng = random.Random(0)
    for _ in range(20):
        out = A.change_number("Il est né à Paris en 1850.", rng)
        assert out is not None and out != "Il est né à Paris en 1850."
        year = int(out.split()[-1].rstrip("."))
        assert 1800 <= year <= 1900
    assert A.change_number("Il est né à Paris.", rng) is None


def test_bounds_are_under_the_premise_figure() -> None:
    more, less = A.bound_number("Le contrat vaut 224 000 dollars.", random.Random(0)) or ("", "")
    assert more == "Le contrat vaut plus de 200 000 dollars."
    assert less == "Le contrat vaut moins de 200 000 dollars."
    assert A.bound_number("Il est né en 1850.", random.Random(0)) is None  # a year is not an amount


def test_names_are_swapped_for_another_name_of_the_article_not_a_capitalised_first_word() -> None:
    names = A.article_names(["Le roi Louis VII épouse Aliénor d'Aquitaine. Puis il part pour Jérusalem."])
    assert "Louis VII" in names and "Jérusalem" in names
    assert "Le" not in names and "Puis" not in names
    out = A.swap_name(
        "Le roi Louis VII épouse Aliénor d'Aquitaine.", ["Louis VII", "Jérusalem", "Philippe Auguste"], random.Random(1)
    )
    assert out is not None and out != "Le roi Louis VII épouse Aliénor d'Aquitaine."
    assert "Jérusalem" in out or "Philippe Auguste" in out
    assert A.swap_name("Le roi épouse la reine.", ["Jérusalem"], random.Random(1)) is None


def test_opposites_swap_one_word() -> None:
    assert A.opposite("Les ventes sont en hausse cette année.") == "Les ventes sont en baisse cette année."
    assert A.opposite("Le budget est resté stable.") is None


def test_shortening_drops_only_what_the_rest_does_not_need() -> None:
    rng = random.Random(0)
    assert (
        A.shorten("En janvier 2008, l'équipe a été acquittée par l'enquête sur les comptes.", rng)
        == "L'équipe a été acquittée par l'enquête sur les comptes."
    )
    assert (
        A.shorten("Il est instituteur, né le 27 mai 1920 à Soncourt, puis directeur.", rng)
        == "Il est instituteur puis directeur."
    )
    assert A.shorten("Il est né à Soncourt (Haute-Marne) en 1920.", rng) == "Il est né à Soncourt en 1920."
    # the subject before a comma is not a leading clause
    assert (
        A.shorten(
            "La plupart des travaux sur le sujet, rassemblés dans une analyse, ont été menés sur trois mois.", rng
        )
        is None
    )


def test_pairs_are_deterministic_carry_every_label_and_never_copy_the_premise() -> None:
    articles = {
        "Histoire": [
            "En 1850, la ville comptait 20 000 habitants. Le maire Jean Dupont a ouvert une école en 1852. "
            "La ville est située au nord de Lyon. Elle a perdu la moitié de sa population pendant la guerre. "
            "Aujourd'hui, la ville compte plus de 45 000 habitants (recensement de 2020).",
        ],
        "Sport": [
            "Le club a remporté le championnat en 1998 face à Marseille. Son entraîneur Pierre Martin est resté dix ans. "
            "Le stade, construit en 1930, peut accueillir 12 000 spectateurs. Le club n'a jamais été relégué.",
        ],
    }
    a = A.french_pairs(articles, seed=3)
    b = A.french_pairs(articles, seed=3)
    assert a == b
    assert {p.label for p in a} == set(A.LABELS)
    assert all(p.hypothesis.strip() != p.premise.strip() for p in a)
    assert all(
        p.label == "contradiction"
        for p in a
        if p.edit in ("negate", "unnegate", "number", "name", "opposite", "less_than")
    )
    assert all(
        p.label == "neutral" for p in a if p.edit.startswith("unrelated_") or p.edit in ("lengthen", "other_sentence")
    )
