"""Language-aware text helpers: sentences with offsets, tokens, stems, stop words.

Pure Python (plus PyStemmer), no model weights, so every layer can use them cheaply.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

# Function words of both languages: never evidence of topical overlap.
STOP_FR = set(
    """au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs lui
    ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu que qui sa se ses son sur ta te
    tes toi ton tu un une vos votre vous c d j l à m n s t y été étée étées étés étant suis es est sommes
    êtes sont serai sera serons seront étais était étions étiez étaient fus fut avoir ai as avons avez ont
    aurai aura avait avaient eu eut a ceci cela ça celui celle ceux celles dont lequel laquelle lesquels
    quel quelle quels quelles quoi comment combien pourquoi quand est-ce si plus moins très tout tous toute
    toutes aussi alors donc car ni or selon propos chez entre contre vers depuis pendant sans sous après avant juste
    seulement fait faire cette cet ses autre autres dit dire doit doivent devait devaient devra devront
    devrait devraient peut peuvent pouvait pouvaient pourra pourront pourrait pourraient""".split()
)
STOP_EN = set(
    """a an the and or but if of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where why
    how all any both each few more most other some such no nor not only own same so than too very s t can
    will just don should now i me my myself we our ours you your yours he him his she her hers it its they
    them their theirs what which who whom this that these those am is are was were be been being have has
    had having do does did doing would could ought let lets much many also according per via put puts get gets
    got make makes made take takes took give gives gave go goes went come comes came must might shall since until""".split()
)
STOPWORDS = STOP_FR | STOP_EN

_WORD = re.compile(r"\w+(?:[-']\w+)*", re.UNICODE)
_NUM_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+|\d+")
_ABBREV = {"m", "mm", "mme", "dr", "st", "mr", "mrs", "ms", "jr", "sr", "no", "vs", "etc", "inc", "corp", "cf"}
# End of sentence: terminal punctuation, optional closing quotes/brackets, then space.
_SENT_END = re.compile(r"[.!?…]+[\"'»”’)\]]*(?=\s+[\"«“‘'(\[—–-]?\s*[A-ZÀ-ÖØ-Þ0-9])")


def strip_accents(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text)
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def normalize_quotes(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("`", "'")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets in ``text[start:end]``, trimmed of surrounding space.

    Splits at terminal punctuation followed by space and at blank-line or newline breaks,
    but not after common abbreviations or single-letter initials.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for para_start, para_end in _lines(text, start, end):
        cut = para_start
        for m in _SENT_END.finditer(text, para_start, para_end):
            if _is_abbreviation(text, cut, m.start()):
                continue
            spans.extend(_trimmed(text, cut, m.end()))
            cut = m.end()
        spans.extend(_trimmed(text, cut, para_end))
    return spans


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    for m in re.finditer(r"\n", text[start:end]):
        yield pos, start + m.start()
        pos = start + m.end()
    yield pos, end


def _is_abbreviation(text: str, sent_start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    m = re.search(r"(\w+)$", text[sent_start:dot])
    if not m:
        return False
    word = m.group(1)
    return word.lower() in _ABBREV or (len(word) == 1 and word.isupper())


def _trimmed(text: str, a: int, b: int) -> list[tuple[int, int]]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return [(a, b)] if b > a else []


def join_number_groups(text: str) -> str:
    """'224 000' / '224,000' / '224.000' -> '224000' so numbers tokenize as one word."""
    return _NUM_GROUPED.sub(lambda m: re.sub(r"\D", "", m.group(0)), text)


@lru_cache(maxsize=1)
def acronyms() -> dict[str, str]:
    """Acronym as written (either language) -> the one token both languages' forms become
    (the French one, lower-case): "WHO" and "OMS" -> "oms" (``bot/data/acronyms_en_fr.tsv``)."""
    from importlib.resources import files

    out: dict[str, str] = {}
    for line in files("bot").joinpath("data/acronyms_en_fr.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            en, fr = (col.split(",") for col in line.split("\t")[:2])
            token = strip_accents(fr[0]).lower()
            out.update((a.strip(), token) for a in en + fr)
    return out


@lru_cache(maxsize=1)
def _acronym_pattern() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, acronyms()), key=len, reverse=True)) + r")\b")


def _spell_acronyms(text: str) -> str:
    """Acronyms of the table written as such become their shared token ("the WHO's" -> "the oms's"),
    unless the text is in capitals throughout (a shouted "WHO SIGNED?")."""
    pattern = _acronym_pattern()
    if not pattern.search(text):  # most texts: one compiled search, nothing counted
        return text
    letters = [c for c in text if c.isalpha()]
    if sum(c.isupper() for c in letters) > len(letters) / 2:
        return text
    return pattern.sub(lambda m: acronyms()[m.group(0)], text)


def words(text: str) -> list[str]:
    """Lower-cased, accent-free word tokens with digit groups joined; an acronym that differs
    between the languages is one token for both ("WHO", "OMS" -> "oms")."""
    text = strip_accents(normalize_quotes(join_number_groups(_spell_acronyms(text)))).lower()
    out: list[str] = []
    text = INVERSION.sub("", text)  # paie-t-elle -> paie, est-il -> est
    for w in _WORD.findall(text):
        # Elision: l'agence -> agence, d'images -> images.
        elided = False
        if "'" in w:
            head, _, tail = w.partition("'")
            if tail == "s" and len(head) > 2:  # English possessive: newspaper's -> newspaper
                w = head
            else:
                elided = len(head) <= 2 and bool(tail)
                w = tail if elided else w.replace("'", "")
        if w == "an" and (elided or (out and out[-1] in _BEFORE_AN)):  # « par an », « l'an »: the year
            w = "annee"
        out.append(w)
    return out


# French words before « an » the noun ("year"), where English "an" never stands: « par an »,
# « un an », « chaque an », « cet an », « nouvel an »; elided « l'an », « d'an » too
_BEFORE_AN = frozenset({"par", "un", "chaque", "cet", "nouvel", "dernier", "premier"})
# the words ``words`` writes otherwise than the text does, and how the text writes them
WRITTEN = {"annee": "an"}


# a French subject pronoun after its verb, lower-cased: « paie-t-elle », « est-il »
INVERSION = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on|je|tu|nous|vous|ce)\b")
_STOP_PLAIN = {strip_accents(w) for w in STOPWORDS}


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in _STOP_PLAIN and (len(w) > 1 or w.isdigit())]


@lru_cache(maxsize=4)
def _stemmer(lang: str) -> object:
    import Stemmer  # PyStemmer: Snowball stemmers in C

    return Stemmer.Stemmer({"fr": "french", "en": "english"}.get(lang, "english"))


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    if word.isdigit():
        return word
    return str(_stemmer(lang).stemWord(word))  # type: ignore[attr-defined]


def word_stems(word: str) -> set[str]:
    """A word with its French and English stems (for matching across the two languages)."""
    return {stem(word, "fr"), stem(word, "en"), word}


def stems(text: str, langs: tuple[str, ...] = ("fr", "en")) -> list[str]:
    """Content-word stems; several languages give the union (for queries of unknown language)."""
    out: list[str] = []
    for w in content_words(text):
        seen: set[str] = set()
        for lang in langs:
            s = stem(w, lang)
            if s not in seen:
                seen.add(s)
                out.append(s)
    return out


_FR_MARKERS = set(
    """le la les des du une est et à que qui pour dans sur avec pas au aux ce cette été il elle ils elles je
    nous vous sont ont était avait sera ne selon aussi mais où son sa ses leur leurs lui dont sous entre par en
    t y""".split()
)
_EN_MARKERS = set(
    """the of and to is in that for with was on as by it be are from this at an has he she they we you his her
    their its were have had will would can not no after before about than more only into said""".split()
)


_FR_AFTER_A = re.compile(r"(?:é|ée|és|ées|i|is|it|u|us|ert|ait|^t|^pas|^jamais|^déjà|^aussi)$")


def detect_lang(text: str) -> str:
    """'fr' or 'en' by function-word counts (good enough for questions and claims)."""
    toks = re.findall(r"[\w']+", normalize_quotes(text.lower()))
    toks = [t.split("'")[-1] if "'" in t and len(t.split("'")[0]) <= 2 else t for t in toks]
    # "a" is French ("a signé", "a-t-il", "a pas") before a participle, else the English article
    has = sum(t == "a" and bool(_FR_AFTER_A.search(n)) for t, n in zip(toks, [*toks[1:], ""], strict=False))
    fr = sum(t in _FR_MARKERS for t in toks) + has + 2 * len(re.findall(r"[éèêàùçôî]|qu'|l'|d'", text.lower()))
    fr += 3 * bool(re.search(r"\b(combien|quel(le)?s?|qui|quoi|pourquoi|comment|quand|est-ce)\b", text.lower()))
    en = sum(t in _EN_MARKERS for t in toks)
    en += 3 * bool(re.search(r"\b(how|what|who|which|why|when|does|did)\b", text.lower()))
    return "fr" if fr > en else "en"
