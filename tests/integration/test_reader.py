"""The shipped answers model through the real pipeline (e5 retrieval, Chroma, the trained reader)."""

from __future__ import annotations

import pytest

from bot.answers.reader import ReaderAnswerer
from bot.neural.reader import shared_reader

pytestmark = pytest.mark.integration


def test_reader_loads_offline_with_a_calibrated_threshold() -> None:
    r = shared_reader()
    assert 0.0 < r.threshold < 1.0
    assert r.config["task"] == "answers" and r.config["layers"] == 12


def test_reader_scores_the_answering_passage_above_an_unrelated_one() -> None:
    r = shared_reader()
    passages = ["Le ciel était gris toute la journée à Lyon.", "L’agence d’immigration paie 224 000 $ pour des licences Clearview."]
    got = r.read("How much is the immigration agency paying?", passages)
    assert got[1].prob > got[0].prob
    assert passages[1][got[1].start : got[1].end].strip() == "224 000 $"


def test_passages_read_each_with_its_own_question_in_one_call_as_if_read_alone() -> None:
    """The anchored cross-lingual reading: one call, one question per passage."""
    r = shared_reader()
    fr = "Le syndicat des conducteurs a réclamé l'embauche de 40 chauffeurs supplémentaires."
    en = "The union of drivers asked for 40 more drivers."
    qs = ["How many extra chauffeurs does the syndicat want?", "How many extra drivers does the union want?"]
    together = r.read(qs[1], [fr, en], questions=qs)
    alone = [r.read(q, [p])[0] for q, p in zip(qs, [fr, en], strict=True)]
    for a, b in zip(together, alone, strict=True):
        assert (a.start, a.end) == (b.start, b.end) and abs(a.prob - b.prob) < 0.02
    assert fr[together[0].start : together[0].end].strip() == "40" and together[0].prob > 0.5


def test_english_question_on_french_source_answered_with_a_verbatim_span(seed_bot: object) -> None:
    ans = seed_bot.ask("How much money is ICE paying Clearview?")  # type: ignore[attr-defined]
    assert not ans.abstained and ans.method == "reader"
    assert ans.short == "$224,000"
    doc = seed_bot.show(ans.citations[0].doc_id).text  # type: ignore[attr-defined]
    c = ans.citations[0]
    assert doc[c.start : c.end] == c.quote and "224 000 $" in c.quote


def test_question_the_article_does_not_answer_abstains(seed_bot: object) -> None:
    for q in ("What is Clearview's annual revenue?", "Quel est le chiffre d'affaires annuel de Clearview ?"):
        ans = seed_bot.ask(q)  # type: ignore[attr-defined]
        assert ans.abstained and not ans.citations, (q, ans.answer)


def test_reader_only_mode_never_uses_the_rules(seed_bot: object) -> None:
    ev = seed_bot.evidence_for("Who is the CEO of Clearview?")  # type: ignore[attr-defined]
    ans = ReaderAnswerer(fallback=False).answer("Who is the CEO of Clearview?", ev, lang="en", dates={})
    assert ans.method in ("reader", "abstain")
    if not ans.abstained:
        assert "Hoan Ton" in ans.citations[0].quote


def test_issue_acceptance_questions_answered_with_valid_citations(seed_bot: object) -> None:
    """Issue #13's acceptance: 224 000 $ twice (English, and French naming ICE "the American
    agency", which the article never says) and Hoan Ton, each quoted verbatim."""
    expect = {
        "How much money is ICE paying Clearview?": "224",
        "Combien l'agence américaine a-t-elle déboursé ?": "224 000 $",
        "Who runs Clearview AI?": "Hoan Ton",
    }
    for q, fact in expect.items():
        ans = seed_bot.ask(q)  # type: ignore[attr-defined]
        assert not ans.abstained and fact in ans.answer, (q, ans.answer)
        assert ans.question == q
        c = ans.citations[0]
        assert seed_bot.show(c.doc_id).text[c.start : c.end] == c.quote  # type: ignore[attr-defined]


def test_a_nationality_the_sources_never_state_is_set_aside(seed_bot: object) -> None:
    read, evidence = seed_bot.question_evidence("How much did the American agency pay?")  # type: ignore[attr-defined]
    assert read == "How much did the agency pay?"
    assert "americaine" not in evidence[0].missing and "american" not in evidence[0].missing
    ans = seed_bot.ask("How much did the American agency pay?")  # type: ignore[attr-defined]
    assert not ans.abstained and "224" in ans.answer and ans.question == "How much did the American agency pay?"
