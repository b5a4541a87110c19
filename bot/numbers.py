"""Numbers, amounts, percentages, years and durations, normalised across French and English.

"224 000 $" = "$224,000" = "224.000 dollars" = "224k USD"; "3 milliards" = "3 billion";
"deux millions de dollars" = "$2 million". Number words go through ``text2num``; digit groups,
decimal commas, scale words and currencies are read here. A bound in front of a figure ("more
than 200", "moins de 55 000", "before 1970") makes it a range, a hedge ("about $250,000", "environ
850 millions") a figure within 10% of the value, and the year of a date ("07.04.2014") is a year.
A day of a month is one figure ("the 21st of October" = "October 21" = "21 octobre"); years and
days compare exactly, other figures within 0.5%. A name's number ("COVID-19") is no figure.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from .text import normalize_quotes, strip_accents

_SCALE = {
    "k": 1e3,
    "mille": 1e3,
    "thousand": 1e3,
    "thousands": 1e3,
    "milliers": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "md": 1e9,
    "mds": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "trillion": 1e12,
    "trillions": 1e12,
    "billiard": 1e15,
}
_CURRENCY_SYMBOL = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "usd": "USD", "eur": "EUR", "gbp": "GBP"}
_CURRENCY_WORD = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "livres": "GBP",
    "pounds": "GBP",
}
_DURATION = {
    "an": "year",
    "ans": "year",
    "année": "year",
    "années": "year",
    "year": "year",
    "years": "year",
    "mois": "month",
    "month": "month",
    "months": "month",
    "semaine": "week",
    "semaines": "week",
    "week": "week",
    "weeks": "week",
    "jour": "day",
    "jours": "day",
    "day": "day",
    "days": "day",
}


def duration_unit(word: str) -> str | None:
    """"years" / « ans » -> "year", … (the units durations are read in), None for other words."""
    return _DURATION.get(word.lower())


_NUM = r"(?<![\w.,])(?<![^\W\d_]-)(\d{1,3}(?:(?:[ \u00a0\u202f]|[.,](?=\d{3}\b))\d{3})+|\d+(?:[.,]\d+)?)(?=[^\w]|[kKmMbB]\b|$)"
_SCALE_RE = "|".join(sorted((re.escape(k) for k in _SCALE), key=len, reverse=True))
_CUR_RE = "|".join(sorted((re.escape(k) for k in {**_CURRENCY_SYMBOL, **_CURRENCY_WORD}), key=len, reverse=True))
_QUANTITY = re.compile(
    rf"(?P<pre>(?:{_CUR_RE})\s?)?{_NUM}"
    rf"(?:\s?(?P<scale>{_SCALE_RE})\b)?"
    rf"(?:\s?(?:de\s|d')?\s?(?P<post>{_CUR_RE}|%|pour\s?cent|percent|per\s?cent)(?!\w))?"
    rf"(?:\s(?P<dur>ans|années|année|an|years?|mois|months?|semaines?|weeks?|jours?|days?)\b)?",
    re.IGNORECASE,
)


_LOWER = re.compile(
    r"(?:plus\s+de|(?:more|higher|greater|larger|bigger)\s+than|over|above|exceeding|at\s+least|au\s+moins|sup[ée]rieure?s?\s+[àa]|d[ée]passant)\s*$",
    re.I,
)
_UPPER = re.compile(
    r"(?:moins\s+de|(?:less|fewer|lower|smaller)\s+than|under|below|at\s+most|au\s+plus|inf[ée]rieure?s?\s+[àa]"
    r"|jusqu['’]\s*[àa]|up\s+to)\s*$",
    re.I,
)
# a hedged figure ("about $250,000", "environ 850 millions"): a round figure near the value
_APPROX = re.compile(
    r"(?:about|around|roughly|approximately|nearly|almost|some|circa|an\s+estimated|~"
    r"|environ|près\s+de|pr[eè]s\s+d['’]|quelque|approximativement|presque|autour\s+de|à\s+peu\s+près|quasiment)\s*$",
    re.I,
)
# before / after a day or a year: "released before November 30", "born after 1985", "après le 14 août"
# ("since 1997" / "depuis 1997" is a point in time: "the worst drought since 1987" is another fact)
_AFTER = re.compile(r"(?:after|après)(?:\s+(?:the|le|l['’]))?\s*$", re.I)
_BEFORE = re.compile(r"(?:before|by|until|till|avant|jusqu['’]au)(?:\s+(?:the|le|l['’]))?\s*$", re.I)
APPROX_REL = 0.1  # how far a hedged figure may be from the value it rounds
IMPLIED_MAX = 2.0  # a source's "more than X" is said of less than twice X (``Quantity.overlaps``)
# The same bounds as single accent-free words: part of the quantity, so not terms a passage must
# contain (see evidence.query_terms).
BOUND_WORDS = set(
    """less fewer least above below over under exceeding upwards moins inferieur inferieure inferieurs
    inferieures superieur superieure superieurs superieures depassant jusqu
    about around roughly approximately nearly almost circa estimated environ approximativement presque quasiment""".split()
)
_DATE = re.compile(r"(?<![\w.,/])\d{1,2}[./-]\d{1,2}[./-](\d{4})(?![\w.,/]\d)")
_FRENCH_MONTHS = {
    **{m: i for i, m in enumerate("janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(), 1)},
    "fevrier": 2,
    "aout": 8,
    "decembre": 12,
}
_MONTHS = {
    **{m: i for i, m in enumerate("january february march april may june july august september october november december".split(), 1)},
    **{m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)},
    "sept": 9,
    **_FRENCH_MONTHS,
}
MONTH_NAMES = frozenset(_MONTHS)  # English and French month names and abbreviations, lower case
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th|er|re|ème|e)?"
# a day of a month: "21 October", "the 21st of October", "October 21", "1er mai", "le 14 août"
_DAY = re.compile(
    rf"(?<![\w.,])(?P<d1>[0-3]?\d){_ORD}(?:\s+of)?\s+(?P<m1>{_MONTH_RE})\b\.?"
    rf"|\b(?P<m2>{_MONTH_RE})\.?\s+(?P<d2>[0-3]?\d){_ORD}(?![\w.,]\d|\d)",
    re.I,
)


EXACT = ("year", "day")  # kinds compared exactly, not within a relative tolerance


@dataclass(frozen=True)
class Quantity:
    value: float
    kind: str  # money | percent | year | duration | day (of a month: month * 100 + day) | number
    unit: str  # currency code, duration unit, "%" or ""
    start: int
    end: int
    text: str
    bound: str = ""  # "min" (more than ...), "max" (less than ...), "approx" (about ...) or "" (the value itself)

    def same(self, other: Quantity, *, rel: float = 0.005, bound: bool = True) -> bool:
        """The same figure: same kind, unit, value and bound ("more than 3 billion" twice; "about
        850 million" and "850 million" too); ``bound=False``: whatever the bounds."""
        return (
            self.kind == other.kind
            and self.unit == other.unit
            and (not bound or self.bound == other.bound or {self.bound, other.bound} == {"", "approx"})
            and close(self.value, other.value, self._rel(rel))
        )

    def _rel(self, rel: float) -> float:
        """Years and days are exact: 2019 is not 2020 (0.5% of 2020 is 10 years)."""
        return 0.0 if self.kind in EXACT else rel

    def overlaps(self, other: Quantity, *, rel: float = 0.005, stated: bool = False) -> bool:
        """Could both be true? "more than 200" and "207" can, "less than 55,000" and "120,832" cannot.

        ``stated``: ``other`` is what a source states, read as a writer means it: "more than 3
        billion" is said of 3.x billion, not of 30 billion (a writer would have said "more than 30
        billion"), so against a figure claimed as such (exact or hedged) it reaches up to
        ``IMPLIED_MAX`` times its value. A bound claimed ("more than a million") keeps the open range."""
        if self.kind != other.kind or self.unit != other.unit:
            return False
        rel = self._rel(rel)
        if {self.bound, other.bound} == {"min", "max"} and close(self.value, other.value, rel):
            return False  # "more than 3 billion" vs "less than 3 billion"
        lo1, hi1 = self._range(rel)
        lo2, hi2 = other._range(rel)
        if stated and other.bound == "min" and self.bound in ("", "approx") and other.value > 0:
            hi2 = IMPLIED_MAX * other.value
        return lo1 <= hi2 and lo2 <= hi1

    def _range(self, rel: float) -> tuple[float, float]:
        slack = (max(rel, APPROX_REL) if self.bound == "approx" else rel) * max(abs(self.value), 1e-9)
        lo = -math.inf if self.bound == "max" else self.value - slack
        hi = math.inf if self.bound == "min" else self.value + slack
        return lo, hi

    def comparable(self, other: Quantity) -> bool:
        return self.kind == other.kind and (self.unit == other.unit or not self.unit or not other.unit)


def close(a: float, b: float, rel: float) -> bool:
    """Within ``rel`` of the larger of the two."""
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-9)


def same_value(wanted: float, found: float, rel: float = 0.005) -> bool:
    """Is ``found`` the figure ``wanted`` asks for, whatever its kind: within ``rel`` of it (and
    within ``rel`` in absolute terms below 1)? For checking a figure a question or a fact names."""
    return abs(found - wanted) <= rel * max(abs(wanted), 1.0)


def parse_number(raw: str) -> float:
    """'224 000' / '224,000' / '224.000' -> 224000; '3,5' / '3.5' -> 3.5."""
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if re.fullmatch(r"\d{1,3}(?:[ .,]\d{3})+", s) and not re.fullmatch(r"\d[.,]\d{3}", s.replace(" ", "")):
        return float(re.sub(r"\D", "", s))
    if re.fullmatch(r"\d[.,]\d{3}", s):  # '3.000' thousands vs '3,000': both read as 3000
        return float(re.sub(r"\D", "", s))
    return float(s.replace(" ", "").replace(",", "."))


def quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text`` (offsets into ``text``)."""
    text = normalize_quotes(text)
    out: list[Quantity] = []
    date_matches = list(_DATE.finditer(text))
    dates = [(m.start(), m.end()) for m in date_matches]
    for m in date_matches:
        if 1800 <= int(m.group(1)) <= 2100:
            out.append(Quantity(float(m.group(1)), "year", "", m.start(1), m.end(1), m.group(1)))
    for m in _DAY.finditer(text):
        day, word = int(m.group("d1") or m.group("d2")), m.group("m1") or m.group("m2")
        if 1 <= day <= 31 and (word[0].isupper() or word.lower() in _FRENCH_MONTHS):  # "I may 5 times"
            # value month * 100 + day: days of a month compare and order; the year stays a year
            month = _MONTHS[word.lower()]
            q = Quantity(float(month * 100 + day), "day", "", m.start(), m.end(), m.group(0))
            out.append(_bounded(q, text[max(0, m.start() - 30) : m.start()]))
            dates.append((m.start(), m.end()))
    for m in _QUANTITY.finditer(text):
        if any(a <= m.start(2) < b for a, b in dates):
            continue
        value = parse_number(m.group(2))
        scale = (m.group("scale") or "").lower()
        pre = (m.group("pre") or "").strip().lower()
        post = (m.group("post") or "").lower()
        if scale in ("m", "b", "k") and not (pre or post):
            scale = ""  # a bare "3 m" is more likely metres than millions
        value *= _SCALE.get(scale, 1.0)
        cur = _CURRENCY_SYMBOL.get(pre) or _CURRENCY_SYMBOL.get(post) or _CURRENCY_WORD.get(post, "")
        end = m.end() if (scale or post or m.group("dur")) else m.end(2)
        if cur:
            q = Quantity(value, "money", cur, m.start(), end, text[m.start() : end])
        elif "%" in post or "cent" in post:
            q = Quantity(value, "percent", "%", m.start(), end, text[m.start() : end])
        elif m.group("dur"):
            q = Quantity(value, "duration", _DURATION[m.group("dur").lower()], m.start(), end, text[m.start() : end])
        elif not scale and 1800 <= value <= 2100 and re.fullmatch(r"\d{4}", m.group(2)):
            q = Quantity(value, "year", "", m.start(2), m.end(2), m.group(2))
        else:
            q = Quantity(value, "number", "", m.start(2), end, text[m.start(2) : end])
        out.append(_bounded(q, text[max(0, m.start() - 30) : m.start()]))
    return _shared_units(sorted(out, key=lambda q: q.start), text)


# "between 2 and 4 dollars", « de 2 à 4 millions d'euros », "20 or 30%": one unit for both numbers
RANGE_JOIN = re.compile(r"\s*(?:and|to|or|et|à|ou|-|–|—)\s*", re.I)
_NUM_RE = re.compile(_NUM)


def _shared_units(qs: list[Quantity], text: str) -> list[Quantity]:
    """A bare number joined to the next figure by "and" / "to" / "or" / « et » / « à » / a dash
    takes that figure's kind and unit, and its scale ("2 à 4 millions d'euros": 2 million euros)."""
    out = list(qs)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.kind != "number" or b.kind not in ("money", "percent", "duration") or not RANGE_JOIN.fullmatch(text[a.end : b.start]):
            continue
        value = a.value
        m = _NUM_RE.search(b.text)
        if m and re.fullmatch(r"[\d .,\u00a0\u202f]+", a.text):  # a has no scale of its own
            base = parse_number(m.group(1))
            if base and b.value / base > 1.5:  # b has one ("4 millions")
                value *= b.value / base
        out[i] = replace(a, kind=b.kind, unit=b.unit, value=value)
    return out


def _bounded(q: Quantity, before: str) -> Quantity:
    """The quantity with the bound the words ``before`` it put on it."""
    if _LOWER.search(before) or (q.kind in EXACT and _AFTER.search(before)):
        return replace(q, bound="min")
    if _UPPER.search(before) or (q.kind in EXACT and _BEFORE.search(before)):
        return replace(q, bound="max")
    if _APPROX.search(before):
        return replace(q, bound="approx")
    return q


# "half a million" / "un demi-million": text2num would read "a million" and drop the half
_HALF = re.compile(r"\b(?:half\s+an?|(?:un\s+)?demi-?\s?)\s*(million|billion|milliard|thousand)s?\b", re.I)


# a share said in words is a percentage: "half of the operations" is 50 % of them, « la moitié
# des », « les trois quarts des » (never "the first half of 2024", nor "half the price": a ratio)
_SHARE_EN = re.compile(
    r"(?<!first )(?<!second )(?<!last )\b(?:(?:one|a)\s+)?(half|quarter|three\s+quarters)\s+of\s+(?=(?:the|its|their|his|her|all|these|those)\b)",
    re.I,
)
_SHARE_FR = re.compile(
    r"(?<!première )(?<!seconde )(?<!deuxième )\b(?:la\s+|une\s+|un\s+|les\s+)?(moitié|quart|trois\s+quarts)\s+(?=(?:des|du|de\s+la|de\s+l['’]|de\s+ses|de\s+leurs)\b)",
    re.I,
)
# French round approximations: « une quarantaine de dossiers » is about 40 files; "a dozen"
# is 12. The plural (« des dizaines », "dozens") gives no figure.
_ROUGHLY_FR = re.compile(
    r"\b(?:une|la|cette)\s+(dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaine)"
    r"\s+(?=d['’]|de\b|des\b|du\b)",
    re.I,
)
_ROUGHLY = {
    "dizaine": "10", "douzaine": "12", "quinzaine": "15", "vingtaine": "20", "trentaine": "30",
    "quarantaine": "40", "cinquantaine": "50", "soixantaine": "60", "centaine": "100",
}
_DOZEN_EN = re.compile(r"\b(?:a|one)\s+dozen\b(?!s)", re.I)
_SHARES = {"half": "50", "quarter": "25", "three quarters": "75", "moitie": "50", "quart": "25", "trois quarts": "75"}


def _share(m: re.Match[str]) -> str:
    word = re.sub(r"\s+", " ", strip_accents(m.group(1)).lower())
    return f"{_SHARES[word]} % of " if m.re is _SHARE_EN else f"{_SHARES[word]} % "


# vague amounts are no figure: "a few thousand", "several million", "thousands of", "plusieurs milliers"
_VAGUE = re.compile(
    r"\b(?:a\s+few|few|several|many|quelques|plusieurs|des|de)\s+(?P<scale>hundreds?|thousands?|millions?|billions?"
    r"|centaines|milliers|millions|milliards)\b|\b(?P<scale2>hundreds|thousands|millions|billions)\s+of\b",
    re.I,
)


def quantities_with_words(text: str, lang: str) -> list[Quantity]:
    """Like ``quantities`` but also reads number words ("deux millions", "three years").

    Offsets and texts refer to the converted text (``with_digits``), so use this for comparing
    values, not for quoting.
    """
    return quantities(with_digits(text, lang))


def with_digits(text: str, lang: str) -> str:
    """The text with its number words as digits ("fewer than one million images" -> "fewer than
    1000000 images"), as ``quantities_with_words`` reads it."""
    from text_to_num import alpha2digit

    # text2num mangles "3 milliards" (digit + scale word): hide those scale words from it.
    hidden: list[str] = []

    def hide_word(word: str) -> str:
        hidden.append(word)
        return f"qqscale{len(hidden) - 1}qq"

    def hide(m: re.Match[str]) -> str:
        return f"{m.group(1)} {hide_word(m.group(2))}"

    text = _HALF.sub(lambda m: f"0.5 {m.group(1)}" if lang != "fr" else f"0,5 {m.group(1)}", normalize_quotes(text))
    text = _SHARE_FR.sub(_share, _SHARE_EN.sub(_share, text))
    if lang == "fr":
        text = _ROUGHLY_FR.sub(lambda m: f"environ {_ROUGHLY[m.group(1).lower()]} ", text)
    else:
        text = _DOZEN_EN.sub("12", text)
    protected = re.sub(rf"(\d)\s*({_SCALE_RE})\b", hide, text, flags=re.I)
    protected = _VAGUE.sub(lambda m: m.group(0).replace(w := m.group("scale") or m.group("scale2"), hide_word(w)), protected)
    try:
        converted = alpha2digit(protected, "fr" if lang == "fr" else "en")
    except Exception:  # text2num is strict about odd input; fall back to digits only
        converted = protected
    return re.sub(r"qqscale(\d+)qq", lambda m: hidden[int(m.group(1))], converted)


def format_amount(q: Quantity, lang: str) -> str:
    """A canonical rendering in the reader's language: $224,000 / 224 000 $."""
    v = q.value
    if q.kind != "money":
        return q.text
    sym = {"USD": "$", "EUR": "€", "GBP": "£"}.get(q.unit, q.unit)
    if v >= 1e9 and v % 1e7 == 0:
        num = f"{v / 1e9:g} {'milliards' if lang == 'fr' else 'billion'}"
    elif v >= 1e6 and v % 1e4 == 0:
        num = f"{v / 1e6:g} {'millions' if lang == 'fr' else 'million'}"
    else:
        num = f"{v:,.0f}" if v == int(v) else f"{v:,.2f}"
        if lang == "fr":
            num = num.replace(",", "\u202f")
    if lang == "fr":
        return f"{num} {sym}".replace(".", ",") if "." in num and "milli" not in num else f"{num} {sym}"
    return f"{sym}{num}"
