"""The shipped NLI model (bot/weights/nli) and the judges that use it, on the seed article."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

SIGNED = "ICE a signé un contrat avec la société de reconnaissance faciale Clearview AI cette semaine."


@pytest.fixture(scope="module")
def entailer() -> object:
    from bot.neural.entail import shared_entailer

    return shared_entailer()


@pytest.mark.parametrize(
    ("hypothesis", "label"),
    [
        ("ICE signed a contract with Clearview AI.", "entailment"),  # English claim, French source
        pytest.param(
            "L'ICE a conclu un accord avec Clearview AI.",
            "entailment",
            # a known limit (README): French paraphrase across words ("conclu un accord" / "signé un
            # contrat") reads as neutral (0.89); strict, so the day it passes the mark must go
            marks=pytest.mark.xfail(strict=True, reason="French paraphrase not learned yet"),
        ),
        ("L'ICE a signé un contrat avec Clearview AI.", "entailment"),
        ("ICE never signed any contract with Clearview AI.", "contradiction"),
        ("L'ICE a refusé de travailler avec Clearview AI.", "contradiction"),
        ("Clearview AI is headquartered in New York.", "neutral"),
    ],
)
def test_the_model_reads_french_sources_for_claims_in_both_languages(entailer: object, hypothesis: str, label: str) -> None:
    (p,) = entailer.probs([(SIGNED, hypothesis)])  # type: ignore[attr-defined]
    assert max(p, key=p.__getitem__) == label, p
    assert abs(sum(p.values()) - 1) < 1e-4


def test_batching_and_order_do_not_change_scores(entailer: object) -> None:
    """Padding is masked out: in float32 a pair scores the same alone or in a batch; in bfloat16
    (the product's inference type) the matrix kernels round differently per batch shape, by
    under 0.005 measured."""
    import torch

    from bot.neural.entail import Entailer

    pairs = [(SIGNED, "ICE signed a contract with Clearview AI."), (SIGNED * 3, "Clearview AI is in New York."), (SIGNED, "Non.")]
    for model, tolerance in ((entailer, 0.01), (Entailer(dtype=torch.float32), 1e-4)):
        together = model.probs(pairs)  # type: ignore[attr-defined]
        alone = [model.probs([pair])[0] for pair in pairs]  # type: ignore[attr-defined]
        for a, b in zip(together, alone, strict=True):
            assert all(abs(a[k] - b[k]) < tolerance for k in a), (a, b)


def test_the_nli_judge_supports_a_paraphrase_with_a_verbatim_quote(seed_bot: object) -> None:
    from bot.evidence import EvidenceRanker
    from bot.judge import build_judge, check_claim

    judge = build_judge("nli", EvidenceRanker(seed_bot.embedder))  # type: ignore[attr-defined]
    v = check_claim(judge, "The immigration agency signed a deal with Clearview AI.", seed_bot.evidence_for, lang="en", dates={})  # type: ignore[attr-defined]
    assert v.verdict == "supported" and v.method == "nli"
    doc = seed_bot.show(v.evidence[0].doc_id).text  # type: ignore[attr-defined]
    assert doc[v.evidence[0].start : v.evidence[0].end] == v.evidence[0].quote
    assert "Clearview" in v.evidence[0].quote


def test_the_default_judge_keeps_rules_on_figures_and_asks_the_model_on_paraphrases(seed_bot: object) -> None:
    assert seed_bot.settings.judge == "combined"  # type: ignore[attr-defined]
    v = seed_bot.check("ICE paid Clearview AI $2 million.")  # type: ignore[attr-defined]
    assert v.verdict == "refuted" and v.method == "rules" and "224 000 $" in v.rationale
    # the rules cannot match "obtained ... licenses" to the French contract sentences ("bought" is
    # in the glossary since 2026-11-29 (7): paying for something is buying it)
    v = seed_bot.check("ICE obtained Clearview AI licenses.")  # type: ignore[attr-defined]
    assert v.method == "nli" and v.verdict == "supported", v
    doc = seed_bot.show(v.evidence[0].doc_id).text  # type: ignore[attr-defined]
    assert doc[v.evidence[0].start : v.evidence[0].end] == v.evidence[0].quote and "Clearview" in v.evidence[0].quote
