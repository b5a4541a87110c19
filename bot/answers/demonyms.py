"""Nationality adjectives a question adds that its sources never state of the same thing.

People name a party by its nationality ("How much did the American agency pay?", « Combien
l'agence américaine a-t-elle déboursé ? ») where a news article only says "the agency": the
reader no longer recognises the question, and the rules count the word missing. Such an adjective
is set aside unless a retrieved sentence uses that nationality or names the country (then it tells
passages apart: "What French city …?" on an article about France and England) or gives one to the same noun
(if one says "the Dutch contractor", "the Norwegian contractor" may be someone else). A
nationality used as a noun ("Who paid the French?", « les Français au roi ») names a people and
stays; "the French say" reads like "the French agency" and is taken for an adjective (no
part-of-speech tagger here). Claims are not concerned: "ICE is an American agency" asserts the
nationality.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..text import content_words, strip_accents, word_stems

# Countries written in capitals ("us" is a pronoun, « eu » a verb).
_ABBREVIATIONS = {"US": "american", "U.S.": "american", "USA": "american", "U.S.A.": "american", "UK": "british", "U.K.": "british", "EU": "european"}
# Before these the word names a language, which the passage must state ("the Japanese name").
_LANGUAGE_NOUNS = frozenset(
    "name names title titles word words term terms translation version spelling nom noms titre titres mot mots terme termes traduction".split()
)
_TOKEN = re.compile(r"U\.S\.(?:A\.)?|U\.K\.|[^\W\d_]+(?:['’-][^\W\d_]+)*")


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, int], dict[str, int]]:
    """(nationality word -> country, country name -> country), lower-case without accents (as
    ``content_words`` gives them); a country is a line of the list ("french", « françaises » and
    "France" are one)."""
    from importlib.resources import files

    forms: dict[str, int] = {}
    names: dict[str, int] = {}
    lines = files("bot").joinpath("data/demonyms_en_fr.tsv").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(x for x in lines if x.strip() and not x.startswith("#")):
        cols = line.split("\t")
        forms.update((strip_accents(w).lower(), i) for col in cols[:2] for w in col.split())
        names.update((strip_accents(w).lower(), i) for col in cols[2:] for w in col.split())
    return forms, names


def _bare(word: str) -> str:
    """The word without a possessive ("the UK's largest …" -> "UK")."""
    return re.sub(r"['’]s$", "", word)


def _country(word: str) -> int | None:
    """The country of a nationality word ("U.S." is "american", "UK" "british"), None for any other word."""
    word = _bare(word)
    return _table()[0].get(_ABBREVIATIONS.get(word) or strip_accents(word).lower())


def _spoken_of(word: str) -> int | None:
    """The country a text's word speaks of: a nationality ("French") or the country's name ("France")."""
    country = _country(word)
    return country if country is not None else _table()[1].get(strip_accents(_bare(word)).lower())


def _is_demonym(word: str) -> bool:
    return _country(word) is not None


def _neighbours(question: str, tokens: Sequence[re.Match[str]], i: int) -> list[str]:
    """The words right before and after token ``i`` with nothing but spaces between (the last
    part of an elided word: « l'agence » -> « agence »; a possessive's noun: "startup's" ->
    "startup")."""
    out = []
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens):
            a, b = sorted((tokens[i], tokens[j]), key=lambda m: m.start())
            if not question[a.end() : b.start()].strip():
                out.append(re.split(r"['’]", _bare(tokens[j].group(0)))[-1])
    return out


def _adjectives(text: str) -> list[tuple[re.Match[str], list[str]]]:
    """The nationality words used as adjectives, each with the nouns beside it: a lower-case word
    before it in English ("the American agency") or after it in French (« l'agence américaine »).
    Next to a capitalised word they are part of a name ("European Investment Bank", « la Banque
    européenne d'investissement »); next to "name" or "title" they name a language."""
    tokens = list(_TOKEN.finditer(text))
    out = []
    for i, m in enumerate(tokens):
        if not _is_demonym(m.group(0)):
            continue
        near = [w for w in _neighbours(text, tokens, i) if content_words(w) and not _is_demonym(w)]
        if near and not any(w[:1].isupper() or w.lower() in _LANGUAGE_NOUNS for w in near):
            out.append((m, near))
    return out


def _same_noun(a: str, b: str) -> bool:
    return bool(word_stems(strip_accents(a.lower())) & word_stems(strip_accents(b.lower())))


def _set_aside(question: str, texts: Sequence[str]) -> list[re.Match[str]]:
    """The question's nationality adjectives the texts never use (nor name the country), nor for
    the same noun: "the French city" stays where a text says "French" or "France" (the word then
    tells passages apart), "the Norwegian contractor" where one says "the Dutch contractor" (maybe
    another one). The texts are read only when the question has such an adjective."""
    asked = _adjectives(question)
    if not asked:
        return []
    used = {_spoken_of(m.group(0)) for t in texts for m in _TOKEN.finditer(t)}
    given = [n for t in texts for _, nouns in _adjectives(t) for n in nouns]
    return [
        m
        for m, nouns in asked
        if _country(m.group(0)) not in used and not any(_same_noun(n, g) for n in nouns for g in given)
    ]


def unstated(question: str, texts: Sequence[str]) -> list[str]:
    """The question's nationality adjectives (lower-case, no accents) set aside against ``texts``."""
    return list(dict.fromkeys(strip_accents(m.group(0)).lower() for m in _set_aside(question, texts)))


def without_unstated(question: str, texts: Sequence[str]) -> str:
    """The question without the adjectives ``unstated`` sets aside ("How much did the American
    agency pay?" -> "How much did the agency pay?")."""
    out = question
    for m in reversed(_set_aside(question, texts)):
        out = out[: m.start()].rstrip() + out[m.end() :]
    return out.strip()


_STOP = re.compile(r"[.;:!?()«»\"“”]")
_LINKS = frozenset("the a an le la les l un une de du des d".split())


# words that open a phrase of their own: a nationality after them is not the party's
_PHRASE_OPENERS = frozenset("au aux à a en dans de du des in at on with avec par by for pour of from".split())


def _country_near(words: Sequence[str]) -> int | None:
    """The country of the first nationality word among ``words`` that belongs to no name (next to
    a capitalised word: "European Investment Bank", « Parlement européen ») and comes before any
    phrase of its own (« élue au Parlement européen »)."""
    for i, w in enumerate(words):
        if i and w.lower() in _PHRASE_OPENERS:
            return None
        country = _country(w)
        named = i + 1 < len(words) and words[i + 1][:1].isupper() or i > 0 and words[i - 1][:1].isupper()
        if country is not None and not named:
            return country
    return None


def nationality_given(name: str, text: str, lang: str = "en") -> int | None:
    """The country ``text`` gives the party ``name`` by a nationality word right beside it:
    before it ("the Dutch contractor Van Oord", "Danish Nordwind"; in French after its noun, « le
    groupe suédois Vattenfall »), in an apposition after it ("Nordwind Energy, the Danish utility,",
    « Nordwind, l'entreprise danoise, »), or after a copula ("Van Oord is a Norwegian contractor",
    « Nordwind est une entreprise suédoise »); None where it gives none. Capitalised words after
    ``name`` are the rest of its name ("Nordwind" in "Nordwind Energy"); a nationality of another
    word ("l'armée ukrainienne s'appelle Nadia Savtchenko", "the Swedish group Vattenfall") is not
    this party's."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
        before = [_elided(t.group(0)) for t in _TOKEN.finditer(_STOP.split(text[: m.start()])[-1])][-2:]
        if before and (country := _country(before[-1])) is not None:
            return country
        if lang == "en" and len(before) == 2 and _country(before[0]) is not None and before[1].islower():
            return _country(before[0])
        rest = text[m.end() :]
        tail = re.match(r"(?:\s+[A-Z][\w-]*)*\s*(,|\s(?:is|was|are|were|est|était|etait|sont)\b)\s*([^,.;:!?]*)", rest)
        if tail:
            raw = [t.group(0) for t in _TOKEN.finditer(tail.group(2))][:4]
            words = [_elided(w) for w in raw]
            linked = bool(raw) and (raw[0].lower() in _LINKS or re.match(r"[ld]['’]", raw[0].lower()) is not None)
            if words and (linked or tail.group(1) != ","):
                country = _country_near(words)
                if country is not None:
                    return country
    return None


def _elided(word: str) -> str:
    """The word after an elision (« l'entreprise » -> « entreprise »)."""
    return re.split(r"['’]", word)[-1] if re.match(r"[ldLD]['’]", word) else word


# capitalised at the start of a claim, no name: "The …", « Le … », "Is it true …"
_OPENERS = _LINKS | frozenset("is est was etait it il elle its sa son ses this ce cette".split())


def claimed_nationality(claim: str, lang: str = "en") -> tuple[str, int] | None:
    """(the party, its country) where a claim gives a named party a nationality beside its name
    (``nationality_given``: "Van Oord is a Norwegian contractor", « Nordwind est une entreprise
    suédoise »); None otherwise ("Le couple présidentiel ukrainien a été photographié par Vogue":
    the nationality is the couple's)."""
    tokens = [m.group(0) for m in _TOKEN.finditer(claim)]
    runs: list[list[str]] = [[]]
    for w in tokens:
        named = w[:1].isupper() and _country(w) is None and strip_accents(w.lower()) not in _OPENERS
        if named:
            runs[-1].append(w)
        elif runs[-1]:
            runs.append([])
    for name in (" ".join(r) for r in runs if r):
        country = nationality_given(name, claim, lang)
        if country is not None:
            return name, country
    return None

