"""French NLI pairs made from plain French sentences by meaning-preserving and meaning-breaking edits.

The permissive French NLI files hold 1,100 training pairs and few contradictions (RTE3-FR: 164 of
1,600), so the judge has barely learned French contradictions. This module writes labelled pairs
from any French text (the trainer uses PIAF's Wikipedia paragraphs, MIT): each edit is one whose
label does not depend on the sentence:

- entailment: the premise says more than the hypothesis (a parenthesis, a leading clause or an
  apposition dropped; "80 000 soldats" -> "plus de 70 000 soldats");
- contradiction: the main verb negated or its negation removed, a figure changed, a name swapped
  for another name of the same article, a word swapped for its opposite, "plus de" an amount
  that is under the premise's;
- neutral: the same edits read the other way where they add information (the shortened sentence
  as premise, the full one as hypothesis), another sentence of the paragraph, or an edited
  sentence against a premise that does not speak of it (so that an edit alone never decides).

Edits are generic French grammar, not taken from any benchmark."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# finite forms negated as "ne/n' FORM pas" (auxiliaries, copula, modals, frequent verbs)
_FINITE = (
    "est sont était étaient fut furent sera seront serait seraient soit "
    "a ont avait avaient eut eurent aura auront aurait auraient "
    "peut peuvent pouvait pouvaient put purent pourra doit doivent devait devaient dut "
    "fait font faisait firent fit compte comptait possède possédait reste restait demeure "
    "devient devint deviennent devenait constitue constituait comprend comprenait contient "
    "permet permettait porte portait représente représentait utilise utilisait existe existait "
    "participe participa joue jouait joua remporte remporta gagne gagna obtient obtint reçoit reçut"
).split()
_FINITE_RE = re.compile(r"(?<![\wÀ-ÿ’'-])(?:(se|s’|s'|y|en|lui|leur)\s*)?(" + "|".join(_FINITE) + r")(?![\wÀ-ÿ’'-])")
_VOWEL = re.compile(r"^[aeiouyhéèêàâîôûAEIOUYHÉÈÊ]")
_NEGATED = re.compile(
    r"\b(?:ne\s+|n’|n')((?:[\wÀ-ÿ’'-]+\s+){0,2}?[\wÀ-ÿ-]+)\s+(pas|jamais|plus|point)\b(\s+de\b|\s+d’|\s+d')?"
)

_OPPOSITES = [
    ("augmente", "diminue"),
    ("augmenté", "diminué"),
    ("augmentation", "diminution"),
    ("hausse", "baisse"),
    ("avant", "après"),
    ("premier", "dernier"),
    ("première", "dernière"),
    ("victoire", "défaite"),
    ("gagne", "perd"),
    ("gagné", "perdu"),
    ("accepte", "refuse"),
    ("accepté", "refusé"),
    ("acceptée", "refusée"),
    ("ouvert", "fermé"),
    ("ouverte", "fermée"),
    ("ouverture", "fermeture"),
    ("nord", "sud"),
    ("supérieur", "inférieur"),
    ("supérieure", "inférieure"),
    ("majorité", "minorité"),
    ("grand", "petit"),
    ("grande", "petite"),
    ("grands", "petits"),
    ("interdit", "autorisé"),
    ("interdite", "autorisée"),
    ("public", "privé"),
    ("publique", "privée"),
    ("au début", "à la fin"),
    ("le début", "la fin"),
    ("riche", "pauvre"),
    ("facile", "difficile"),
    ("possible", "impossible"),
    ("légal", "illégal"),
    ("meilleur", "pire"),
    ("meilleure", "pire"),
    ("entrée", "sortie"),
    ("vivant", "mort"),
    ("gauche", "droite"),
    ("intérieur", "extérieur"),
    ("nombreux", "rares"),
    ("fort", "faible"),
    ("ancien", "nouveau"),
    ("ancienne", "nouvelle"),
    ("anciens", "nouveaux"),
    ("jeune", "âgé"),
    ("rapide", "lent"),
    ("rapidement", "lentement"),
    ("élu", "battu"),
    ("soutient", "critique"),
    ("soutenu", "critiqué"),
    ("succès", "échec"),
    ("toujours", "rarement"),
    ("maximum", "minimum"),
    ("haut", "bas"),
    ("haute", "basse"),
    ("tôt", "tard"),
    ("masculin", "féminin"),
    ("urbain", "rural"),
]
_OPPOSITE = {a: b for a, b in _OPPOSITES} | {b: a for a, b in _OPPOSITES}
_OPPOSITE_RE = re.compile(
    r"(?<![\wÀ-ÿ’'-])(" + "|".join(sorted(map(re.escape, _OPPOSITE), key=len, reverse=True)) + r")(?![\wÀ-ÿ’'-])"
)

_NUMBER = re.compile(r"(?<![\w,.])(\d{1,3}(?:[  ]\d{3})+|\d+)(?:,(\d+))?(?![\w])")
_NAME = re.compile(r"(?<=[\s(«\"’'])(?:[A-ZÉÈ][\wÀ-ÿ-]+)(?:\s+(?:de\s+|du\s+|des\s+|d’|d')?[A-ZÉÈ][\wÀ-ÿ-]+)*")
_PAREN = re.compile(r"\s*\([^()]{2,80}\)")
# a leading clause dropped only when it opens with one of these (time, place, manner: the rest
# of the sentence stands alone); an aside between commas only when it opens with one of these
_LEADS = (
    r"en|au|aux|à|dans|après|avant|depuis|pendant|lors|le \d+|selon|ainsi|toutefois|cependant|pourtant|"
    r"par ailleurs|de plus|en outre|enfin|ensuite|alors|puis|aujourd’hui|aujourd'hui|actuellement|"
    r"finalement|dès|vers|durant|malgré|contrairement|comme|bien que|d’abord|d'abord|entre"
)
_ASIDES = r"qui|dont|où|né|née|situé|située|situés|situées|fondé|fondée|créé|créée|alors|en \d+|selon|lui-même|elle-même|ancien|ancienne|actuel|actuelle"
_NAME_STOP = set(
    "le la les l un une des il elle ils elles ce cet cette ces en au aux dans son sa ses leur leurs "
    "on mais et selon après avant".split()
)
_SENT = re.compile(r"[^.!?]+[.!?]+[»\")]*\s*")

LABELS = ("entailment", "neutral", "contradiction")


@dataclass(frozen=True)
class Pair:
    premise: str
    hypothesis: str
    label: str
    edit: str


def sentences(paragraph: str) -> list[str]:
    return [m.group().strip() for m in _SENT.finditer(paragraph) if 6 <= len(m.group().split()) <= 45]


def _tidy(s: str) -> str:
    s = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s{2,}", " ", s)).strip()
    return s[:1].upper() + s[1:] if s else s


def negate(s: str) -> str | None:
    """Negate the first finite verb form of the list: "Il est né" -> "Il n'est pas né"."""
    m = next((m for m in _FINITE_RE.finditer(s) if m.group(1) or s[m.start() - 1 : m.start()] not in ("’", "'")), None)
    if not m or _NEGATED.search(s[: m.start()]) or re.search(r"(?:\bne|n’|n')\s*$", s[: m.start()]):
        return None
    pron, verb = m.group(1), m.group(2)
    head = (pron if pron.endswith(("’", "'")) else pron + " ") if pron else ""
    first = head or verb
    ne = "n'" if _VOWEL.match(first) else "ne "
    return s[: m.start()] + f"{ne}{head}{verb} pas" + s[m.end() :]


def unnegate(s: str) -> str | None:
    """Remove a "ne … pas/jamais/plus" negation: "Il n'est pas né" -> "Il est né"."""
    m = _NEGATED.search(s)
    if not m:
        return None
    de = m.group(3) or ""
    tail = " des" if de.strip() == "de" else " des " if de else ""
    return _tidy(s[: m.start()] + m.group(1) + tail + s[m.end() :])


def _value(m: re.Match[str]) -> float:
    whole = re.sub(r"[  ]", "", m.group(1))
    return float(whole + ("." + m.group(2) if m.group(2) else ""))


def _format(v: float, like: str) -> str:
    if v != int(v):
        return f"{v:.1f}".replace(".", ",")
    n = int(v)
    if re.search(r"[  ]", like) or n >= 10000:
        return f"{n:,}".replace(",", " ")
    return str(n)


def change_number(s: str, rng: random.Random) -> str | None:
    """Another value for one figure: a year moves by 2-40, an amount is scaled."""
    ms = list(_NUMBER.finditer(s))
    if not ms:
        return None
    m = rng.choice(ms)
    v = _value(m)
    if 1000 <= v <= 2100 and v == int(v) and not re.search(r"[  ]", m.group(1)):
        new = v + rng.choice([-1, 1]) * rng.randint(2, 40)
    elif v < 2:
        return None
    else:
        new = round(v * rng.choice([0.3, 0.5, 2, 3, 10]))
    if new == v or new <= 0:
        return None
    return s[: m.start()] + _format(new, m.group(0)) + s[m.end() :]


def bound_number(s: str, rng: random.Random) -> tuple[str, str] | None:
    """("plus de" an amount under the premise's: entailed, "moins de" it: contradicted)."""
    ms = [
        m
        for m in _NUMBER.finditer(s)
        if _value(m) >= 20 and not (1000 <= _value(m) <= 2100 and not re.search(r"[  ]", m.group(1)))
    ]
    if not ms:
        return None
    m = rng.choice(ms)
    v = _value(m)
    step = 10 ** max(0, len(str(int(v))) - 1)
    low = (int(v) // step) * step
    if low >= v:
        low -= step
    if low <= 0:
        return None
    low_s = _format(low, m.group(0))
    before, after = s[: m.start()], s[m.end() :]
    return before + "plus de " + low_s + after, before + "moins de " + low_s + after


def _names(text: str) -> list[re.Match[str]]:
    """Proper names inside sentences (not a sentence's capitalised first word)."""
    padded = " " + text
    out = []
    for m in _NAME.finditer(padded):
        before = padded[: m.start()].rstrip()
        first = re.split(r"[\s’']", m.group())[0].lower()
        if before and before[-1] not in ".!?:" and first not in _NAME_STOP:
            out.append(m)
    return out


def swap_name(s: str, others: list[str], rng: random.Random) -> str | None:
    """One name swapped for another name of the same article (the same number of words where one is)."""
    names = _names(s)
    pool = [o for o in others if o not in s and all(o not in m.group() and m.group() not in o for m in names)]
    if not names or not pool:
        return None
    m = rng.choice(names)
    same = [o for o in pool if len(o.split()) == len(m.group().split())]
    return s[: m.start() - 1] + rng.choice(same or pool) + s[m.end() - 1 :]


def opposite(s: str) -> str | None:
    m = _OPPOSITE_RE.search(s)
    if not m:
        return None
    return s[: m.start()] + _OPPOSITE[m.group(1)] + s[m.end() :]


def shorten(s: str, rng: random.Random) -> str | None:
    """The sentence less a parenthesis, a leading clause or an apposition (what it says stays true)."""
    options: list[str] = []
    if _PAREN.search(s):
        options.append(_PAREN.sub("", s, count=1))
    lead = re.match(r"^((?:" + _LEADS + r")\b[^,]{0,60}),\s+(.{25,})$", s, re.I)
    if lead and len(lead.group(1).split()) <= 8:
        options.append(lead.group(2))
    appo = re.search(r"^(.{8,}?), ([^,]{4,70}), (.{10,})$", s)
    if appo and re.match(r"(?:" + _ASIDES + r")\b", appo.group(2)):
        options.append(appo.group(1) + " " + appo.group(3))
    options = [_tidy(o) for o in options if len(o.split()) >= 5 and o.strip() != s.strip()]
    return rng.choice(options) if options else None


# the edits that make a contradiction, tried in a random order per sentence
_BREAKS: list[tuple[str, Callable[[str, list[str], random.Random], str | None]]] = [
    ("negate", lambda s, names, rng: negate(s)),
    ("unnegate", lambda s, names, rng: unnegate(s)),
    ("number", lambda s, names, rng: change_number(s, rng)),
    ("name", swap_name),
    ("opposite", lambda s, names, rng: opposite(s)),
]


def paragraph_pairs(paragraph: list[str], names: list[str], rng: random.Random) -> Iterable[Pair]:
    """Pairs from one paragraph's sentences; ``names`` are proper names from the same article."""
    for i, s in enumerate(paragraph):
        context = (paragraph[i - 1] + " " + s) if i and rng.random() < 0.3 else s
        edits = list(_BREAKS)
        rng.shuffle(edits)
        broken = next(((k, h) for k, f in edits if (h := f(s, names, rng)) and h != s), None)
        if broken:
            yield Pair(context, _tidy(broken[1]), "contradiction", broken[0])
        short = shorten(s, rng)
        if short:
            yield Pair(context, short, "entailment", "shorten")
            if rng.random() < 0.5:
                yield Pair(short, s, "neutral", "lengthen")
        bound = bound_number(s, rng)
        if bound:
            more, less = bound
            yield (
                Pair(context, more, "entailment", "more_than")
                if rng.random() < 0.5
                else Pair(context, less, "contradiction", "less_than")
            )
        others = [o for j, o in enumerate(paragraph) if abs(j - i) > 1]
        if others and rng.random() < 0.6:
            o = rng.choice(others)
            if broken and rng.random() < 0.5:
                yield Pair(o, _tidy(broken[1]), "neutral", "unrelated_" + broken[0])
            else:
                yield Pair(s, o, "neutral", "other_sentence")


def article_names(paragraphs: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for p in paragraphs:
        for m in _names(p):
            name = m.group().strip()
            if len(name) > 3:
                seen[name] = None
    return list(seen)


def french_pairs(articles: dict[str, list[str]], seed: int = 13, limit: int = 0) -> list[Pair]:
    """Pairs from ``{title: [paragraph, ...]}``, deterministic for a seed; ``limit`` keeps a random
    subset (0: all)."""
    rng = random.Random(seed)
    out: list[Pair] = []
    for title in sorted(articles):
        paras = articles[title]
        names = article_names(paras)
        for p in paras:
            out += paragraph_pairs(sentences(p), names, rng)
    rng.shuffle(out)
    return out[:limit] if limit else out
