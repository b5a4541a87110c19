"""Yes/no questions ("Did ICE really sign a deal with Clearview?", "Est-ce que l'ICE a payé ?",
"La SNCF a-t-elle commandé 20 TGV ?") are claims asked as questions: the judge decides them.

``polar_claim`` recognises such a question and returns the claim to judge: the question without
its question marks, a leading "is it true that" / "est-ce que" / "est-il vrai que" or an English
"did/does/do", and a French inverted subject pronoun ("a-t-elle payé" -> "a payé"). A question
with a question word anywhere ("Can you tell me how much…", "Qu'est-ce que…") or offering
alternatives ("… or …", "… ou … ?") is not a yes/no question and goes to the answerer.

``polar_answer`` turns the verdict into an answer: supported -> "Yes" / "Oui" and the deciding
quote, refuted -> "No" / "Non" and the quote that contradicts, conflicting -> both sides quoted
without a yes or a no, not enough info -> the usual abstention."""

from __future__ import annotations

import re

from ..models import Answer, Verdict
from .reader import abstain
from .rules import compose

_EN_AUX = frozenset(
    "is are was were am do does did has have had can could will would should shall may might must "
    "isn't aren't wasn't weren't don't doesn't didn't hasn't haven't hadn't can't couldn't won't wouldn't shouldn't".split()
)
_EN_DO = frozenset({"do", "does", "did"})
_EN_WH = re.compile(r"\b(what|who|whom|whose|which|when|where|why|how)\b", re.I)
_EN_LEAD = re.compile(r"^(is it (really )?(true|correct|right|a fact) that|true or false\s*:?|fact check\s*:?)\s+", re.I)
_FR_WH = re.compile(
    r"(?<![\w-])(qu['’]|(qui|que|quoi|quel|quelle|quels|quelles|lequel|laquelle|lesquels|lesquelles|combien|où|quand|comment|pourquoi)(?![\w-]))",
    re.I,
)
_FR_LEAD = re.compile(
    r"^(est[- ]il (vrai|exact) qu(e\s+|['’])|est[- ]ce (vrai|exact) qu(e\s+|['’])|c['’]est vrai qu(e\s+|['’])|vrai ou faux\s*:?\s*|est[- ]ce qu(e\s+|['’]))",
    re.I,
)
_FR_INVERSION = re.compile(r"-(t-)?(il|elle|ils|elles|on)(?![\w-])", re.I)
_OR = re.compile(r"\s(or|ou)\s", re.I)
_OR_NOT = re.compile(r",?\s+(or not|ou pas|ou non)$", re.I)


def polar_claim(question: str, lang: str) -> str | None:
    """The claim a yes/no question asks about, or None when it is not a yes/no question."""
    q = " ".join(question.split()).strip()
    body = _OR_NOT.sub("", q.rstrip(" ?？!.")).strip()  # "… or not?", "… ou pas ?" ask yes or no too
    if not q.endswith(("?", "？")) and not _EN_LEAD.match(body) and not _FR_LEAD.match(body):
        return None  # a statement or a topic, not a question
    if _OR.search(body):
        return None  # "… or …": an alternative question
    if lang == "fr":
        return _french(body)
    return _english(body)


def _english(body: str) -> str | None:
    lead = _EN_LEAD.match(body)
    if lead:
        rest = body[lead.end() :].strip()
        return rest if rest and not _EN_WH.match(rest) else None
    words = body.split()
    if len(words) < 3 or words[0].lower() not in _EN_AUX or _EN_WH.search(body):
        return None
    if words[0].lower() in _EN_DO:
        return " ".join(words[1:])  # "Did ICE sign …" -> "ICE sign …"
    return body


def _french(body: str) -> str | None:
    lead = _FR_LEAD.match(body)
    if lead:
        rest = body[lead.end() :].strip()
        return rest[0].upper() + rest[1:] if rest and not _FR_WH.search(rest) else None
    if _FR_WH.search(body) or not _FR_INVERSION.search(body):
        return None
    return _FR_INVERSION.sub("", body, count=1)  # "L'ICE a-t-elle payé …" -> "L'ICE a payé …"


def polar_answer(question: str, verdict: Verdict, *, lang: str) -> Answer:
    """The judge's verdict on the question's claim as a yes/no answer with its quotes."""
    fr = lang == "fr"
    common = {"question": question, "lang": lang, "kind": "polar", "as_of": verdict.as_of, "score": verdict.confidence}
    if verdict.verdict in ("supported", "refuted") and verdict.evidence:
        direct = ("Oui" if fr else "Yes") if verdict.verdict == "supported" else ("Non" if fr else "No")
        cites = verdict.evidence[:1]
        return Answer(
            answer=compose(direct, cites, lang), abstained=False, citations=cites, short=direct.lower(), method="judge", **common
        )
    if verdict.verdict == "conflicting" and verdict.support and verdict.contradict:
        cites = [verdict.support[0], verdict.contradict[0]]
        lead = "Les sources se contredisent" if fr else "The sources disagree"
        return Answer(answer=compose(lead, cites, lang), abstained=False, citations=cites, method="judge", **common)
    silent = abstain(question, lang=lang, kind="polar", score=verdict.confidence)
    silent.as_of = verdict.as_of
    return silent
