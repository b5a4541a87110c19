"""The EN/FR news glossary (``bot/data/glossary_en_fr.tsv``) and the nationality list
(``bot/data/demonyms_en_fr.tsv``): which words stand for one another across the two languages.
The evidence ranker matches question terms with it; the lexical search translates queries with
it. General news vocabulary only, never words of one case."""

from __future__ import annotations

from functools import lru_cache

from .text import content_words, detect_lang, stem, word_stems

# Words spelt alike in English and French that mean other things (as ``content_words`` gives
# them): « pays » (country) / "pays", « main » (hand), « coin » (corner), « sale » (dirty) …
FALSE_FRIENDS = frozenset("pays pay main coin sale pain four lit chat son sort car file fin".split())


def _lines() -> list[str]:
    """The glossary's and the nationality list's entries (comments and blank lines left out)."""
    from importlib.resources import files

    data = files("bot").joinpath("data")
    lines = [
        *data.joinpath("glossary_en_fr.tsv").read_text(encoding="utf-8").splitlines(),
        *data.joinpath("demonyms_en_fr.tsv").read_text(encoding="utf-8").splitlines(),
    ]
    return [line for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def glossary() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """stem -> every stem of its glossary groups (both languages), and stem -> their words; the
    groups are the glossary's lines and the countries of the nationality list."""
    groups: dict[str, frozenset[str]] = {}
    listed: dict[str, frozenset[str]] = {}
    # a country's nationality words and names in both languages are one group ("India", « Inde »,
    # "Indian", « indienne »)
    for line in _lines():
        ws = frozenset(content_words(line.replace("\t", ",").replace(",", " ")))
        # a false friend stands for itself: « pays » (country) does not join "pay" to "country"
        group = frozenset(s for w in ws for s in ({w} if w in FALSE_FRIENDS else word_stems(w)))
        for st in group:
            groups[st] = groups.get(st, frozenset()) | group
            listed[st] = listed.get(st, frozenset()) | ws
    return groups, listed


@lru_cache(maxsize=1)
def _translations() -> dict[str, dict[str, frozenset[str]]]:
    """lang -> stem of a word in that language -> the glossary's words for it in the other one
    (its EN/FR lines and the nationality list's adjectives)."""
    out: dict[str, dict[str, frozenset[str]]] = {"en": {}, "fr": {}}
    for line in _lines():
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        sides = {
            lang: [w for w in content_words(col.replace(",", " ")) if w not in FALSE_FRIENDS]
            for lang, col in zip(("en", "fr"), cols[:2], strict=True)
        }
        for lang, other in (("en", "fr"), ("fr", "en")):
            for w in sides[lang]:
                st = stem(w, lang)
                out[lang][st] = out[lang].get(st, frozenset()) | frozenset(sides[other])
    return out


def translated_words(query: str) -> list[str]:
    """The glossary's words in the other language for a query's words, to search documents in
    that language by their words too ("How many passengers use the network each year?" ->
    voyageurs, réseau, année … ; the query's language by its function words)."""
    lang = detect_lang(query)
    table = _translations()["fr" if lang == "fr" else "en"]
    out: dict[str, None] = {}
    for w in content_words(query):
        for t in sorted(table.get(stem(w, lang), ())):
            out.setdefault(t)
    return list(out)


def translation_in(word: str, lang: str, words: dict[str, str], other: str) -> str | None:
    """The first of ``words`` (stem in language ``other`` -> a word of a text, in text order) that
    the glossary gives for ``word`` (a word in language ``lang``): « coûter » in "… expects the
    recall to cost …" is "cost"."""
    wanted = {stem(t, other) for t in _translations()["fr" if lang == "fr" else "en"].get(stem(word, lang), ())}
    return next((w for st, w in words.items() if st in wanted), None) if wanted else None
