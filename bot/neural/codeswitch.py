"""Questions put into the other language word by word, to teach the reader to read across languages.

No parallel question-answering data is permissive here (PIAF is French only, SQuAD and XQuAD-en
English only), yet users ask in English about French articles and the other way round. Code-
switching (Qin et al., 2020, CoSDA-ML) makes such pairs from monolingual ones: the question's
words are replaced by their translations and the passage, the answer span and the label stay.

The bilingual lexicon comes from three places, the first that knows a word wins:

1. question and function words, by hand (``combien de`` -> "how many", "the" -> « le »);
2. the project's EN/FR news glossary (``bot/data/glossary_en_fr.tsv``);
3. words induced from e5 itself: the frequent words of the training files in each language,
   paired with their nearest neighbour in the other by e5 word cosine where it is high and clearly
   above the next ones (``induce``). Mostly cognates and inflections (« organisé » -> "organize",
   « voiture » -> "car"), some noise (« grève » -> "grew"), which a word-by-word translation has anyway.

French clitic inversions (« a-t-il ») and English auxiliaries (``did``) are dropped rather than
translated. Capitalised words inside a question (names), numbers and unknown words stay as they are: they are what the passage repeats."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿŒœ]+)*|\d[\d.,  ]*\d|\d|\S")
INDUCED_MIN_COS = 0.92
INDUCED_MARGIN = 0.03

# Multi-word question openings first (matched on lower-cased, apostrophe-normalised text).
FR_EN_PHRASES = [
    ("en quelle année", "in what year"), ("à quelle date", "on what date"), ("à quel moment", "when"),
    ("combien de temps", "how long"), ("combien de", "how many"), ("combien d'", "how many "), ("qu'est-ce que", "what"), ("qu'est-ce qui", "what"),
    ("est-ce que", ""), ("à qui", "to whom"), ("de quoi", "what"), ("pour quoi", "what for"),
    ("quel est", "what is"), ("quelle est", "what is"), ("quels sont", "what are"), ("quelles sont", "what are"),
    ("il y a", "there is"), ("y a-t-il", "is there"),
]
EN_FR_PHRASES = [
    ("in what year", "en quelle année"), ("in which year", "en quelle année"), ("how many", "combien de"),
    ("how much", "combien"), ("how long", "combien de temps"), ("how old", "quel âge"), ("what year", "quelle année"),
    ("what is", "quel est"), ("what are", "quels sont"), ("what was", "quel était"), ("what were", "quels étaient"),
    ("who is", "qui est"), ("who was", "qui était"), ("there is", "il y a"), ("there are", "il y a"),
    ("according to", "selon"),
]
FR_EN_WORDS = {
    "combien": "how much", "qui": "who", "quand": "when", "où": "where", "pourquoi": "why", "comment": "how",
    "quel": "which", "quelle": "which", "quels": "which", "quelles": "which", "que": "what", "qu'": "what",
    "quoi": "what", "lequel": "which", "laquelle": "which", "le": "the", "la": "the", "les": "the", "l'": "the",
    "un": "a", "une": "a", "des": "of the", "du": "of the", "de": "of", "d'": "of", "au": "to the", "aux": "to the",
    "à": "to", "en": "in", "dans": "in", "sur": "on", "par": "by", "pour": "for", "avec": "with", "sans": "without",
    "et": "and", "ou": "or", "est": "is", "sont": "are", "était": "was", "étaient": "were", "a": "has", "ont": "have",
    "avait": "had", "été": "been", "son": "his", "sa": "her", "ses": "its", "leur": "their", "leurs": "their",
    "ce": "this", "cette": "this", "ces": "these", "il": "he", "elle": "she", "ils": "they", "elles": "they",
    "on": "one", "ne": "", "pas": "not", "plus": "more", "moins": "less", "entre": "between", "après": "after",
    "avant": "before", "pendant": "during", "depuis": "since", "selon": "according to", "contre": "against",
    "se": "", "s'": "", "y": "there", "fait": "made", "faire": "make", "peut": "can", "doit": "must",
}
EN_FR_WORDS = {
    "what": "quel", "which": "quel", "who": "qui", "whom": "qui", "whose": "de qui", "when": "quand", "where": "où",
    "why": "pourquoi", "how": "comment", "the": "le", "a": "un", "an": "un", "of": "de", "to": "à", "in": "dans",
    "on": "sur", "at": "à", "by": "par", "for": "pour", "with": "avec", "without": "sans", "from": "de", "and": "et",
    "or": "ou", "is": "est", "are": "sont", "was": "était", "were": "étaient", "has": "a", "have": "ont", "had": "avait",
    "been": "été", "be": "être", "his": "son", "her": "sa", "its": "son", "their": "leur", "this": "ce", "that": "ce",
    "these": "ces", "those": "ces", "he": "il", "she": "elle", "it": "il", "they": "ils", "not": "pas", "more": "plus",
    "less": "moins", "between": "entre", "after": "après", "before": "avant", "during": "pendant", "since": "depuis",
    "against": "contre", "can": "peut", "could": "pourrait", "must": "doit", "will": "va", "would": "serait",
    "did": "", "does": "", "do": "", "than": "que", "there": "y",
}
# A French question inverts its subject: « a-t-il », « sont-elles », « peut-on » -> drop the clitic.
_FR_CLITIC = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on)\b", re.IGNORECASE)


@dataclass
class Lexicon:
    """Word translations in each direction (lower-case keys)."""

    fr_en: dict[str, str] = field(default_factory=dict)
    en_fr: dict[str, str] = field(default_factory=dict)

    def add(self, fr: str, en: str) -> None:
        self.fr_en.setdefault(fr, en)
        self.en_fr.setdefault(en, fr)


def glossary_pairs() -> list[tuple[str, str]]:
    """(French, English) from the news glossary: every variant to its line's first word in the
    other language."""
    from importlib.resources import files

    out: list[tuple[str, str]] = []
    text = files("bot").joinpath("data", "glossary_en_fr.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        en_side, fr_side = line.split("\t", 1)
        en = [w.strip().lower() for w in en_side.split(",") if w.strip()]
        fr = [w.strip().lower() for w in fr_side.split(",") if w.strip()]
        if not en or not fr:
            continue
        out += [(f, en[0]) for f in fr] + [(fr[0], e) for e in en]
    return out


def question_words(texts: Iterable[str], top: int) -> list[str]:
    """The ``top`` most frequent words (3 letters or more, no digits) of some texts."""
    counts: Counter[str] = Counter()
    for q in texts:
        counts.update(w for w in (m.lower().replace("’", "'") for m in WORD.findall(q)) if len(w) >= 3 and w.isalpha())
    return [w for w, _ in counts.most_common(top)]


def induce(fr_words: Sequence[str], en_words: Sequence[str], embed: object, *, min_cos: float = INDUCED_MIN_COS, margin: float = INDUCED_MARGIN) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(French, English) word pairs by e5 cosine, for each direction: a word's nearest neighbour
    in the other language where the cosine is ``min_cos`` or more and beats the mean of the next
    ten by ``margin`` (a hub close to every word is no translation). ``embed``: words -> unit
    vectors (e5 query embeddings). Returns (French -> English, English -> French)."""
    import numpy as np

    if len(fr_words) < 12 or len(en_words) < 12:
        return [], []
    f = np.asarray(embed(list(fr_words)), dtype=np.float32)  # type: ignore[operator]
    e = np.asarray(embed(list(en_words)), dtype=np.float32)  # type: ignore[operator]
    sims = f @ e.T

    def pairs(m: np.ndarray) -> list[tuple[int, int]]:
        top = np.argsort(-m, axis=1)[:, :11]
        out = []
        for i, row in enumerate(top):
            best, rest = m[i, row[0]], m[i, row[1:]].mean()
            if best >= min_cos and best - rest >= margin:
                out.append((i, int(row[0])))
        return out

    fr_en = [(fr_words[i], en_words[j]) for i, j in pairs(sims) if fr_words[i] != en_words[j]]
    en_fr = [(fr_words[i], en_words[j]) for j, i in pairs(sims.T) if fr_words[i] != en_words[j]]
    return fr_en, en_fr


def build_lexicon(fr_texts: Sequence[str], en_texts: Sequence[str], embed: object, *, top_fr: int = 6000, top_en: int = 8000) -> Lexicon:
    """The lexicon: hand tables, glossary, then words induced from the most frequent words of
    some French and English texts (the training questions and passages)."""
    lex = Lexicon()
    for fr, en in FR_EN_WORDS.items():
        lex.fr_en[fr] = en
    for en, fr in EN_FR_WORDS.items():
        lex.en_fr[en] = fr
    for fr, en in glossary_pairs():
        lex.add(fr, en)
    fr_en, en_fr = induce(question_words(fr_texts, top_fr), question_words(en_texts, top_en), embed)
    for fr, en in fr_en:
        lex.fr_en.setdefault(fr, en)
    for fr, en in en_fr:
        lex.en_fr.setdefault(en, fr)
    return lex


def translate(question: str, lang: str, lex: Lexicon, rng: random.Random, *, keep: float = 0.15) -> str:
    """``question`` (in ``lang``, "fr" or "en") put word by word into the other language; each
    known content word stays untranslated with probability ``keep`` (a code-switched mix)."""
    text = question.replace("’", "'").strip()
    phrases = FR_EN_PHRASES if lang == "fr" else EN_FR_PHRASES
    table = lex.fr_en if lang == "fr" else lex.en_fr
    function = FR_EN_WORDS if lang == "fr" else EN_FR_WORDS
    if lang == "fr":
        text = _FR_CLITIC.sub("", text)
    low = text.lower()
    head = ""
    for src, dst in phrases:  # the question's opening, as a phrase
        if low.startswith(src + " ") or (src.endswith("'") and low.startswith(src)):
            head, text = dst, text[len(src) :]
            break
    out: list[str] = [head] if head else []
    for tok in WORD.findall(text):
        w = tok.lower()
        elided = None
        if lang == "fr" and "'" in w and w.split("'", 1)[0] + "'" in function:  # « l'agence », « d'euros »
            elided, w = w.split("'", 1)[0] + "'", w.split("'", 1)[1]
            out.append(function[elided])
        if not w[:1].isalpha():
            out.append(tok if elided is None else w)
            continue
        if w in function and not (tok[:1].isupper() and out):
            out.append(function[w])
        elif tok[:1].isupper() and out:  # a name inside the question: the passage repeats it
            out.append(tok if elided is None else tok.split("'", 1)[1])
        elif w in table and (rng.random() >= keep):
            word = table[w]
            out.append(word.capitalize() if tok[:1].isupper() and not out else word)
        else:
            out.append(tok if elided is None else w)
    words = [w for w in out if w]
    if not words:
        return question
    s = " ".join(words)
    s = re.sub(r"\s+([?.!,;:])", r"\1", s)
    return s[:1].upper() + s[1:]
