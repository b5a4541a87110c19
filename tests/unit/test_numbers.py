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
    ],
)
def test_values_kinds_and_scales(text: str, lang: str, value: float, kind: str) -> None:
    qs = quantities_with_words(text, lang)
    assert [(q.value, q.kind) for q in qs] == [(value, kind)]


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
