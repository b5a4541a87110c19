import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.numbers import format_amount, quantities, quantities_with_words


def _money(text: str, lang: str = "en") -> list[float]:
    return [q.value for q in quantities_with_words(text, lang) if q.kind == "money"]


@pytest.mark.parametrize(
    "text", ["224 000 $", "$224,000", "224.000 dollars", "224 000 dollars", "USD 224k", "224\u202f000 $"]
)
def test_the_same_amount_written_many_ways(text: str) -> None:
    assert _money(text) == [224000.0]


@pytest.mark.parametrize(
    ("text", "lang", "value", "kind"),
    [
        ("3 milliards d'images", "fr", 3e9, "number"),
        ("3 billion images", "en", 3e9, "number"),
        ("deux millions de dollars", "fr", 2e6, "money"),
        ("$2 million", "en", 2e6, "money"),
        ("1,5 million d'euros", "fr", 1.5e6, "money"),
        ("three years", "en", 3, "duration"),
        ("trois ans", "fr", 3, "duration"),
        ("45 %", "fr", 45, "percent"),
        ("en 2020", "fr", 2020, "year"),
        ("half a million dollars", "en", 5e5, "money"),
        ("un demi-milliard d'euros", "fr", 5e8, "money"),
    ],
)
def test_values_kinds_and_scales(text: str, lang: str, value: float, kind: str) -> None:
    qs = quantities_with_words(text, lang)
    assert [(q.value, q.kind) for q in qs] == [(value, kind)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("entre 2 et 4 dollars", [(2.0, "money", "USD"), (4.0, "money", "USD")]),
        ("between $2 and $4", [(2.0, "money", "USD"), (4.0, "money", "USD")]),
        ("de 2 à 4 millions d'euros", [(2e6, "money", "EUR"), (4e6, "money", "EUR")]),
        ("20 or 30%", [(20.0, "percent", "%"), (30.0, "percent", "%")]),
        ("2-3 years", [(2.0, "duration", "year"), (3.0, "duration", "year")]),
        ("between 5 and 10 people", [(5.0, "number", ""), (10.0, "number", "")]),
        ("in 2020 and $5", [(2020.0, "year", ""), (5.0, "money", "USD")]),
        ("3 children and $5", [(3.0, "number", ""), (5.0, "money", "USD")]),
    ],
)
def test_a_range_gives_both_numbers_the_unit_and_scale_written_once(text: str, want: list[tuple[float, str, str]]) -> None:
    assert [(q.value, q.kind, q.unit) for q in quantities(text)] == want


def test_offsets_point_at_the_quantity() -> None:
    text = "L’agence d’immigration paie 224 000 $ pour ce qui est"
    (q,) = quantities(text)
    assert text[q.start : q.end] == "224 000 $" == q.text


def test_format_amount_per_language() -> None:
    (q,) = quantities("224 000 $")
    assert format_amount(q, "en") == "$224,000"
    assert format_amount(q, "fr") == "224\u202f000 $"


@given(st.text(max_size=300))
def test_never_crashes_and_offsets_are_valid(text: str) -> None:
    for q in quantities(text):
        assert 0 <= q.start < q.end <= len(text)
    quantities_with_words(text, "fr")
    quantities_with_words(text, "en")


def test_bounds_make_ranges() -> None:
    more = quantities_with_words("plus de 200 services d'urgence", "fr")[0]
    less = quantities_with_words("less than 55,000 deaths", "en")[0]
    assert (more.bound, less.bound) == ("min", "max")
    exact = quantities_with_words("207 services", "fr")[0]
    assert more.overlaps(exact) and not more.same(exact)
    assert more.same(quantities_with_words("more than 200 emergency services", "en")[0])
    assert not less.overlaps(quantities_with_words("120.832 morts", "fr")[0])
    assert not quantities_with_words("supérieure à 100 mètres", "fr")[0].overlaps(
        quantities_with_words("50 mètres", "fr")[0]
    )


def test_a_hedged_figure_is_a_round_figure_near_the_value() -> None:
    source = quantities_with_words("L'agence paie 224 000 $", "fr")[0]
    about = quantities_with_words("about $230,000", "en")[0]
    assert about.bound == "approx" and about.overlaps(source) and not about.same(source)
    assert not quantities_with_words("about $2 million", "en")[0].overlaps(source)
    assert not quantities_with_words("$230,000", "en")[0].overlaps(source)  # unhedged: exact
    assert quantities_with_words("environ 850 millions d'euros", "fr")[0].same(quantities_with_words("€850 million", "en")[0])
    from bot.evidence import query_terms

    assert "environ" not in query_terms("La commande s'élève à environ 850 millions d'euros.")


def test_the_year_of_a_date_is_a_year() -> None:
    found = quantities_with_words("Le 07.04.2014, il a conclu que depuis le 25 décembre 1991 ...", "fr")
    assert [(q.value, q.kind) for q in found if q.kind == "year"] == [(2014.0, "year"), (1991.0, "year")]
    assert all(q.value != 7.04 for q in found)


def test_bound_words_are_not_required_terms() -> None:
    from bot.evidence import query_terms

    assert query_terms("ICE is paying Clearview AI less than $100,000.") == ["ice", "paying", "clearview"]
    assert "moins" not in query_terms("L'ICE paie moins de 300 000 $ à Clearview.")


def test_more_than_and_less_than_the_same_figure_exclude_each_other() -> None:
    more = quantities_with_words("more than 3 billion images", "en")[0]
    fewer = quantities_with_words("fewer than 3 billion images", "en")[0]
    assert not more.overlaps(fewer)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("only a few thousand images", "en"),
        ("several million people", "en"),
        ("thousands of images", "en"),
        ("hundreds of millions of dollars", "en"),
        ("plusieurs milliers de personnes", "fr"),
        ("des millions de dollars", "fr"),
    ],
)
def test_vague_amounts_are_no_figure(text: str, lang: str) -> None:
    """text2num reads "a few thousand" as "a few 1000": a figure the claim never gave."""
    assert quantities_with_words(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "value", "bound"),
    [
        ("on the 21st of October 2019", "en", 1021, ""),
        ("on October 21, 2019", "en", 1021, ""),
        ("signé le 14 août 2020", "fr", 814, ""),
        ("le 1er mai", "fr", 501, ""),
        ("released before November 30", "en", 1130, "max"),
        ("après le 14 août", "fr", 814, "min"),
    ],
)
def test_a_day_of_a_month_is_one_figure(text: str, lang: str, value: int, bound: str) -> None:
    days = [q for q in quantities_with_words(text, lang) if q.kind == "day"]
    assert [(q.value, q.bound) for q in days] == [(value, bound)]
    assert all(q.kind != "number" for q in quantities_with_words(text, lang))


def test_may_the_verb_is_no_month() -> None:
    assert [q.kind for q in quantities_with_words("I may 5 times try", "en")] == ["number"]


def test_years_are_exact_and_before_after_bound_them() -> None:
    """0.5% of 2020 is ten years: a year is its own value, and "before 1970" is a range."""
    y2019, y2020 = quantities_with_words("in 2019", "en")[0], quantities_with_words("in 2020", "en")[0]
    assert not y2019.same(y2020) and not y2019.overlaps(y2020)
    before = quantities_with_words("born before 1970", "en")[0]
    after = quantities_with_words("né après 1985", "fr")[0]
    assert (before.bound, after.bound) == ("max", "min")
    born = quantities_with_words("born on September 8, 1969", "en")
    assert any(before.overlaps(q) for q in born) and not any(after.overlaps(q) for q in born)


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("the first COVID-19 death was reported on 24 March", [("day", 324, "")]),  # a name's number is no figure
        ("an F-16 and 3 jets", [("number", 3, "")]),
        ("higher than 48,000 cases", [("number", 48000, "min")]),
        ("lower than 20 %", [("percent", 20, "max")]),
    ],
)
def test_names_with_numbers_and_comparatives(text: str, figures: list[tuple[str, int, str]]) -> None:
    assert [(q.kind, q.value, q.bound) for q in quantities_with_words(text, "en")] == figures


def test_since_a_year_is_a_point_in_time() -> None:
    """"the worst drought since 1987" is not "since 1997": no range."""
    a, b = quantities_with_words("its worst since 1987", "en")[0], quantities_with_words("sa pire sécheresse depuis 1997", "fr")[0]
    assert (a.bound, b.bound) == ("", "") and not a.overlaps(b)


@pytest.mark.parametrize(
    ("text", "lang", "values"),
    [
        ("Half of the scheduled operations were postponed.", "en", [50.0]),
        ("Three quarters of the staff left.", "en", [75.0]),
        ("La moitié des opérations a été reportée.", "fr", [50.0]),
        ("un quart des patients", "fr", [25.0]),
        # not a share of something: a period, a ratio
        ("Sales rose in the first half of 2024.", "en", [2024.0]),
        ("It costs half the price of RTS,S.", "en", []),
        ("la première moitié de la saison", "fr", []),
    ],
)
def test_a_share_in_words_is_a_percentage(text: str, lang: str, values: list[float]) -> None:
    assert [q.value for q in quantities_with_words(text, lang)] == values
    assert all(q.kind == "percent" for q in quantities_with_words(text, lang) if q.value != 2024.0)


@pytest.mark.parametrize(
    ("text", "lang", "values", "bound"),
    [
        ("Selon elle, une quarantaine d'autres dossiers sont en attente.", "fr", [40.0], "approx"),
        ("Une vingtaine de salariés ont manifesté.", "fr", [20.0], "approx"),
        ("A dozen riders took the platform to court.", "en", [12.0], ""),
        # a quarantine, and plural approximations, give no figure
        ("Le navire a été placé en quarantaine.", "fr", [], ""),
        ("Des centaines de personnes ont manifesté.", "fr", [], ""),
        ("Dozens of riders protested.", "en", [], ""),
    ],
)
def test_a_round_approximation_in_words_is_about_that_figure(text: str, lang: str, values: list[float], bound: str) -> None:
    found = quantities_with_words(text, lang)
    assert [q.value for q in found] == values
    assert all(q.bound == bound and q.kind == "number" for q in found)


def test_a_stated_lower_bound_is_said_of_a_figure_near_it() -> None:
    # "plus de 3 milliards" is written of 3.x billion: a claim of 30 billion is another figure
    source = quantities_with_words("sa base de données de plus de 3 milliards d'images", "fr")[0]
    assert source.bound == "min"
    ten_times = quantities_with_words("a database of 30 billion images", "en")[0]
    near = quantities_with_words("a database of 3.5 billion images", "en")[0]
    claimed_bound = quantities_with_words("more than 1 million images", "en")[0]
    assert ten_times.overlaps(source) and not ten_times.overlaps(source, stated=True)
    assert near.overlaps(source, stated=True)
    assert claimed_bound.overlaps(source, stated=True)  # "more than 1 million" is true of 3 billion
