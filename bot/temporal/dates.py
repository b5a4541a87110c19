"""Dates and periods: a document's publication date, the periods named inside its sentences
("en 2019", "in March 2023", "le mois dernier" relative to the document's date) and the time a
claim is about ("In 2020, ICE paid…", ``--as-of 2020-09``)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..text import strip_accents

MONTHS = {
    **{m.lower(): i for i, m in enumerate(calendar.month_name) if m},
    **{m.lower(): i for i, m in enumerate(calendar.month_abbr) if m},
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "sept": 9,
}  # fmt: skip


_FR_MONTHS = ["", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    label: str = ""

    @classmethod
    def year(cls, y: int) -> Period:
        return cls(date(y, 1, 1), date(y, 12, 31), f"{y:04d}")

    @classmethod
    def month(cls, y: int, m: int) -> Period:
        return cls(date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), f"{y:04d}-{m:02d}")

    @classmethod
    def day(cls, d: date) -> Period:
        return cls(d, d, d.isoformat())

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def human(self, lang: str = "en") -> str:
        """"June 2021" / "juin 2021" for a month, the label otherwise."""
        if len(self.label) == 7:
            names = _FR_MONTHS if lang == "fr" else calendar.month_name
            return f"{names[self.start.month]} {self.start.year}"
        return str(self)

    def __str__(self) -> str:
        return self.label or f"{self.start.isoformat()}..{self.end.isoformat()}"


_ISO = re.compile(r"^\s*(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?\s*$")


def parse_period(text: str) -> Period | None:
    """"2020", "2020-08", "2020-08-14", "août 2020", "March 2023", "14 août 2020" -> a period."""
    text = (text or "").strip()
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        y, mo, d = int(m[1]), m[2], m[3]
        try:
            if d:
                return Period.day(date(y, int(mo), int(d)))
            if mo:
                return Period.month(y, int(mo))
        except ValueError:
            return None
        return Period.year(y) if 1000 <= y <= 2999 else None
    found = periods_in(text)
    return found[0] if found else None


_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(rf"\b(?:le\s+|on\s+)?(\d{{1,2}})(?:er)?\s+({_MONTH_WORDS})\.?\s+(\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_WORDS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_WORDS})\.?\s+(?:de\s+|of\s+)?(\d{{4}})\b")
# a bare year needs a word that makes it a time ("en 2019", "since 2019", "(2019)"): "2000 dollars" is not one
_YEAR = re.compile(r"(?:\b(?:en|in|since|depuis|au|during|pendant|fin|debut|end of|early|late|of|de|until|jusqu'en|d'ici|by|from|des)\s+|\()((?:19|20)\d{2})\b(?!\s*(?:\$|€|dollars?\b|euros?\b))")
# relative to the document's date: (pattern, unit, offset)
_RELATIVE: list[tuple[re.Pattern[str], str, int]] = [
    (re.compile(r"\b(le mois dernier|le mois precedent|last month|the previous month)\b"), "month", -1),
    (re.compile(r"\b(ce mois-ci|this month)\b"), "month", 0),
    (re.compile(r"\b(cette semaine|this week|ces jours-ci|these days)\b"), "same", 0),
    (re.compile(r"\b(cette annee|this year|au debut de l'annee|en debut d'annee|earlier this year|plus tot cette annee)\b"), "year", 0),
    (re.compile(r"\b(l'an dernier|l'annee derniere|l'an passe|l'annee passee|last year|the previous year)\b"), "year", -1),
    (re.compile(r"\b(l'an prochain|l'annee prochaine|next year)\b"), "year", 1),
    (re.compile(r"\b(hier|yesterday|aujourd'hui|today)\b"), "day", 0),
]


def periods_in(text: str, ref: Period | None = None) -> list[Period]:
    """Periods named in a sentence, most precise first; relative ones need ``ref`` (its document's
    date): "le mois dernier" in an article of 2020-08 is 2020-07."""
    plain = strip_accents(text).lower().replace("’", "'")
    out: list[Period] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for pattern, day, month in ((_DAY_MONTH_YEAR, 1, 2), (_MONTH_DAY_YEAR, 2, 1)):  # "14 août 2020", "May 5, 2021"
        for m in pattern.finditer(plain):
            if free(*m.span()):
                try:
                    out.append(Period.day(date(int(m[3]), MONTHS[m[month]], int(m[day]))))
                    taken.append(m.span())
                except ValueError:  # no such day
                    pass
    for m in _MONTH_YEAR.finditer(plain):
        if free(*m.span()):
            out.append(Period.month(int(m[2]), MONTHS[m[1]]))
            taken.append(m.span())
    for m in _YEAR.finditer(plain):
        if free(*m.span(1)):
            out.append(Period.year(int(m[1])))
            taken.append(m.span(1))
    if ref is not None:
        for pat, unit, offset in _RELATIVE:
            if pat.search(plain):
                out.append(_shift(ref, unit, offset))
    return out


def _shift(ref: Period, unit: str, offset: int) -> Period:
    d = ref.start
    if unit == "same":
        return ref
    if unit == "year":
        return Period.year(d.year + offset)
    if unit == "month":
        y, m = divmod(d.year * 12 + d.month - 1 + offset, 12)
        return Period.month(y, m + 1)
    return Period.day(d + timedelta(days=offset)) if ref.start == ref.end else ref


_CLAIM_TIME = re.compile(
    r"^\s*(?:in|en|as of|au|à la date de|a la date de|since|depuis)\s+([^,]+?),\s*|\s+(?:in|en|as of)\s+([a-zéû]+\s+)?((?:19|20)\d{2})\s*[.!?]?\s*$",
    re.I,
)


def claim_period(claim: str) -> Period | None:
    """The time a claim says it is about: "In 2020, …", "En août 2020, …", "… in 2023." """
    return split_time(claim)[0]


def split_time(claim: str) -> tuple[Period | None, str]:
    """(the time a claim states, the claim without it): "In 2020, ICE paid $224,000." ->
    (2020, "ICE paid $224,000."), so the year is not read as one of the claim's figures."""
    m = _CLAIM_TIME.search(claim)
    if not m:
        return None, claim
    period = parse_period(m[1]) if m[1] else parse_period(f"{m[2] or ''}{m[3]}".strip())
    if period is None:
        return None, claim
    rest = (claim[: m.start()] + (" " if m[1] else "") + claim[m.end() :]).strip()
    if not m[1]:
        rest = rest.rstrip() + "."
    return period, rest[:1].upper() + rest[1:] if m[1] else rest


def leading_time(claim: str) -> bool:
    """Is the claim's time stated first ("In 2020, …", « En août 2020, … »)? Then it is the time
    the claim speaks of; a year at the end ("… finished in 2030.") may be when the thing happens."""
    m = _CLAIM_TIME.search(claim)
    return bool(m and m[1])


def as_of(value: str | None) -> Period | None:
    """``--as-of`` / API field: "2020-09", "2020", "2020-09-01", "today" (None = no limit)."""
    if not value or value.strip().lower() in {"today", "now", "aujourd'hui"}:
        return None
    p = parse_period(value)
    if p is None:
        from ..errors import InputError

        raise InputError(f"as-of wants a date like 2020-09 or 2020-09-01, not {value!r}")
    return p
