"""Yes/no questions: which questions are claims asked as questions, and how a verdict answers them."""

from __future__ import annotations

import pytest

from bot.answers.polar import polar_answer, polar_claim
from bot.models import Citation, Verdict


@pytest.mark.parametrize(
    ("question", "lang", "claim"),
    [
        ("Did ICE really sign a deal with Clearview AI?", "en", "ICE really sign a deal with Clearview AI"),
        ("Does Clearview say the agreement is with Homeland Security ?", "en", "Clearview say the agreement is with Homeland Security"),
        ("Is Clearview's contract with the FBI?", "en", "Is Clearview's contract with the FBI"),
        ("Has Clearview been fined?", "en", "Has Clearview been fined"),
        ("Did ICE pay Clearview or not?", "en", "ICE pay Clearview"),
        ("L'ICE a-t-elle payé Clearview, ou pas ?", "fr", "L'ICE a payé Clearview"),
        ("Is it true that ICE paid $2 million?", "en", "ICE paid $2 million"),
        ("is it really true that ICE paid $2 million", "en", "ICE paid $2 million"),
        ("Est-ce que l'ICE a signé un contrat avec Clearview ?", "fr", "L'ICE a signé un contrat avec Clearview"),
        ("Est-ce qu'ICE a payé ?", "fr", "ICE a payé"),
        ("L'ICE a-t-elle payé 2 millions de dollars ?", "fr", "L'ICE a payé 2 millions de dollars"),
        ("Les conducteurs avaient-ils donné leur accord ?", "fr", "Les conducteurs avaient donné leur accord"),
        ("Est-il vrai que Clearview a parlé à The Verge ?", "fr", "Clearview a parlé à The Verge"),
        ("C'est vrai que la SNCF a commandé 20 TGV ?", "fr", "La SNCF a commandé 20 TGV"),
    ],
)
def test_a_yes_no_question_becomes_the_claim_it_asks_about(question: str, lang: str, claim: str) -> None:
    assert polar_claim(question, lang) == claim


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("How much is ICE paying Clearview?", "en"),
        ("Can you tell me how much ICE paid?", "en"),
        ("Do you know who signed the contract?", "en"),
        ("Is the contract with ICE or with HSI?", "en"),
        ("Did it?", "en"),
        ("Clearview AI?", "en"),
        ("ICE signed a contract with Clearview AI.", "en"),
        ("Qui a signé le contrat ?", "fr"),
        ("Qu'est-ce que Clearview vend ?", "fr"),
        ("Qu'appelle-t-on la reconnaissance faciale ?", "fr"),
        ("Combien l'ICE paie-t-elle ?", "fr"),
        ("Pourquoi est-ce que l'agence a été critiquée ?", "fr"),
        ("Avec qui l'agence a-t-elle accédé à la base ?", "fr"),
        ("Est-ce que le contrat est avec ICE ou avec HSI ?", "fr"),
        ("Le contrat de Clearview ?", "fr"),
    ],
)
def test_other_questions_are_left_to_the_answerer(question: str, lang: str) -> None:
    assert polar_claim(question, lang) is None


def _cite(quote: str) -> Citation:
    return Citation(doc_id="d", title="t", quote=quote, start=0, end=len(quote), lang="fr")


def test_a_supported_claim_answers_yes_with_the_deciding_quote() -> None:
    v = Verdict(claim="c", verdict="supported", confidence=0.9, evidence=[_cite("ICE a signé un contrat.")], rationale="")
    a = polar_answer("Did ICE sign a contract?", v, lang="en")
    assert (a.short, a.abstained, a.method, a.kind) == ("yes", False, "judge", "polar")
    assert a.answer.startswith("Yes. According to the source") and "ICE a signé un contrat." in a.answer
    assert a.citations == v.evidence


def test_a_refuted_claim_answers_no_in_the_question_language() -> None:
    v = Verdict(claim="c", verdict="refuted", confidence=0.8, evidence=[_cite("L’agence paie 224 000 $.")], rationale="")
    a = polar_answer("L'ICE a-t-elle payé 2 millions ?", v, lang="fr")
    assert a.short == "non" and a.answer.startswith("Non. Selon la source") and "224 000 $" in a.answer


def test_not_enough_info_abstains_and_cites_nothing() -> None:
    v = Verdict(claim="c", verdict="not_enough_info", confidence=0.6, evidence=[], rationale="")
    a = polar_answer("Did ICE cancel the contract?", v, lang="en")
    assert a.abstained and a.citations == [] and a.short == "" and a.answer == "The sources don't say."


def test_conflicting_sources_are_quoted_side_by_side_without_a_yes_or_no() -> None:
    yes, no = _cite("Le contrat vaut 224 000 $."), _cite("Le contrat vaut 1,5 million $.")
    v = Verdict(claim="c", verdict="conflicting", confidence=0.7, evidence=[yes, no], support=[yes], contradict=[no], rationale="")
    a = polar_answer("Le contrat vaut-il 224 000 $ ?", v, lang="fr")
    assert not a.abstained and a.short == "" and a.citations == [yes, no]
    assert a.answer.startswith("Les sources se contredisent")
