"""Yes/no questions on the real seed bot (e5, Chroma, our reader and judge): the judge answers."""

from __future__ import annotations

import pytest

from bot.chain import FactBot
from bot.models import Answer

pytestmark = pytest.mark.integration


def _valid(bot: FactBot, answer: Answer) -> bool:
    docs = {c.doc_id: bot.store.get_document(c.doc_id) for c in answer.citations}
    return all((d := docs[c.doc_id]) is not None and d.text[c.start : c.end] == c.quote for c in answer.citations)


def test_yes_no_questions_get_yes_no_or_an_abstention_with_the_deciding_quote(seed_bot: FactBot) -> None:
    yes = seed_bot.ask("Did ICE really sign a deal with Clearview AI?")
    assert (yes.short, yes.method) == ("yes", "judge") and "a signé un contrat" in yes.answer and _valid(seed_bot, yes)
    no = seed_bot.ask("L'ICE a-t-elle payé 2 millions de dollars ?")
    assert no.short == "non" and "224 000 $" in no.citations[0].quote and _valid(seed_bot, no)
    silent = seed_bot.ask("Did ICE cancel the Clearview contract?")
    assert silent.abstained and silent.citations == []


def test_other_questions_still_go_to_the_reader(seed_bot: FactBot) -> None:
    a = seed_bot.ask("How much money is ICE paying Clearview?")
    assert a.method in ("reader", "rules") and a.short != "yes"


def test_a_claim_asked_as_a_question_is_checked_as_the_statement(seed_bot: FactBot) -> None:
    asked = seed_bot.check("L'ICE a-t-elle payé 2 millions de dollars ?")
    assert asked.claim == "L'ICE a-t-elle payé 2 millions de dollars ?"  # shown as written
    assert asked.verdict == "refuted" and "224 000 $" in asked.rationale
    true = seed_bot.check("Is it true that ICE paid Clearview 224,000 dollars?")
    assert true.verdict == "supported" and "224 000 $" in true.evidence[0].quote
