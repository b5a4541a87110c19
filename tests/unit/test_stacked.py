"""The combined judge's learned last step: fitting, storing, and where the combined judge uses it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.judge.combined import CombinedJudge
from bot.judge.nli import NLIJudge
from bot.judge.rules import RuleJudge
from bot.judge.stacked import MIN_ROWS, Stacker, fit, group
from bot.models import Label
from tests.fakes_nli import OverlapNLI
from tests.unit.test_judges import RANKER, _evidence

BELIEVE_MODEL = group("refuted", "polarity")
BELIEVE_RULES = group("refuted", "numbers")


def _probs(label: Label, rng: random.Random) -> dict[str, float]:
    strong = rng.uniform(0.7, 0.99)
    weak = (1 - strong) / 2
    return {
        "entailment": strong if label == "supported" else weak,
        "contradiction": strong if label == "refuted" else weak,
        "neutral": strong if label == "not_enough_info" else weak,
    }


def _rows(n: int = 200) -> list[tuple[str, dict[str, float], Label]]:
    """Two groups: in one the gold label is what the model reads, in the other always the rules'
    (refuted) whatever the model reads, but for a few pairs."""
    rng = random.Random(3)
    labels: list[Label] = ["supported", "not_enough_info", "refuted"]
    rows: list[tuple[str, dict[str, float], Label]] = []
    for i in range(n):
        said = labels[i % 3]
        rows.append((BELIEVE_MODEL, _probs(said, rng), said))
        rows.append((BELIEVE_RULES, _probs(said, rng), "refuted" if i % 10 else "not_enough_info"))
    return rows


def test_each_group_learns_whom_to_believe() -> None:
    s = fit(_rows())
    rng = random.Random(5)
    for said in ("supported", "not_enough_info", "refuted"):
        assert s.decide("refuted", "polarity", _probs(said, rng))[0] == said
        assert s.decide("refuted", "numbers", _probs(said, rng))[0] == "refuted"
    label, p = s.decide("refuted", "polarity", {"entailment": 0.98, "contradiction": 0.01})
    assert label == "supported" and 0.5 < p <= 1.0


def test_small_or_single_label_groups_are_not_learned() -> None:
    rng = random.Random(1)
    rows = _rows() + [(group("not_enough_info", "parties"), _probs("supported", rng), "supported")] * (MIN_ROWS - 1)
    rows += [(group("supported", "coverage"), _probs("refuted", rng), "supported")] * 100
    s = fit(rows)
    assert set(s.groups) == {BELIEVE_MODEL, BELIEVE_RULES}
    assert s.decide("not_enough_info", "parties", {"entailment": 0.99}) == (None, 0.0)
    assert s.decide("supported", "coverage", {"entailment": 0.99}) == (None, 0.0)


def test_saved_and_loaded_it_decides_the_same(tmp_path: Path) -> None:
    s = fit(_rows())
    s.meta = {"pairs": 400}
    s.save(tmp_path / "stacker.json")
    loaded = Stacker.load(tmp_path / "stacker.json")
    assert loaded is not None and loaded.meta == {"pairs": 400}
    rng = random.Random(9)
    for _ in range(50):
        probs = _probs(rng.choice(["supported", "not_enough_info", "refuted"]), rng)
        assert loaded.decide("refuted", "polarity", probs)[0] == s.decide("refuted", "polarity", probs)[0]
    assert Stacker.load(tmp_path / "missing.json") is None


class Always:
    """A stacker that learned one answer for every group (or nothing: ``None``)."""

    def __init__(self, label: Label | None) -> None:
        self.label = label
        self.asked: list[tuple[str, str]] = []

    def decide(self, rules_label: str, basis: str, probs: dict[str, float]) -> tuple[Label | None, float]:
        self.asked.append((rules_label, basis))
        return self.label, (0.0 if self.label is None else 0.9)


def _judge(stacker: Always, probs: dict[str, float]) -> CombinedJudge:
    return CombinedJudge(RuleJudge(RANKER), NLIJudge(OverlapNLI(fixed=probs), RANKER), stacker=stacker)  # type: ignore[arg-type]


NEGATED = "The council did not approve the budget for the bridge."
CLAIM = "The council approved the budget for the bridge."
# the negated sentence holds the claim only in part (no "bridge"): the learned step may overturn it
PART = "The council did not approve the budget on Monday."
SURE = {"entailment": 0.97, "neutral": 0.02, "contradiction": 0.01}


def test_the_learned_step_decides_an_english_claim_on_an_english_source() -> None:
    """The rules refute by negation, the model reads an entailment: the stacker's choice stands,
    quoting the judgement it sides with."""
    stacker = Always("supported")
    j = _judge(stacker, SURE).judge(CLAIM, _evidence(CLAIM, PART), lang="en")
    assert stacker.asked == [("refuted", "polarity")]
    assert j.label == "supported" and j.method == "nli" and PART in j.rationale and j.confidence == 0.9
    stacker = Always("refuted")
    j = _judge(stacker, SURE).judge(CLAIM, _evidence(CLAIM, PART), lang="en")
    assert j.label == "refuted" and j.basis == "polarity" and j.method == "rules"


def test_a_negation_of_the_claim_word_for_word_is_not_overturned() -> None:
    """"Instagram and WhatsApp are affected" against "… are not affected by the decision": the
    sentence holds every word of the claim and negates it."""
    for said in ("supported", "not_enough_info"):
        stacker = Always(said)  # type: ignore[arg-type]
        j = _judge(stacker, SURE).judge(CLAIM, _evidence(CLAIM, NEGATED), lang="en")
        assert stacker.asked == [("refuted", "polarity")]
        assert j.label == "refuted" and j.basis == "polarity" and NEGATED in j.rationale


def test_a_negation_on_another_word_is_left_to_the_learned_step() -> None:
    """Every word of the claim is there, but the "not" bears first on another one."""
    other = "The council was not able to approve the budget for the bridge."
    stacker = Always("supported")
    j = _judge(stacker, SURE).judge(CLAIM, _evidence(CLAIM, other), lang="en")
    assert stacker.asked == [("refuted", "polarity")] and j.label == "supported"


def test_not_enough_info_from_the_learned_step_names_what_it_read() -> None:
    j = _judge(Always("not_enough_info"), SURE).judge(CLAIM, _evidence(CLAIM, PART), lang="en")
    assert j.label == "not_enough_info" and j.evidence == [] and PART in j.rationale


@pytest.mark.parametrize("lang", ["fr"])
def test_french_claims_keep_the_hand_set_combination(lang: str) -> None:
    stacker = Always("supported")
    j = _judge(stacker, SURE).judge(CLAIM, _evidence(CLAIM, NEGATED), lang=lang)
    assert stacker.asked == [] and j.label == "refuted" and j.basis == "polarity"


def test_a_source_in_another_language_keeps_the_hand_set_combination() -> None:
    stacker = Always("supported")
    evidence = _evidence(CLAIM, NEGATED)
    for e in evidence:
        e.sentence.lang = "fr"
    j = _judge(stacker, SURE).judge(CLAIM, evidence, lang="en")
    assert stacker.asked == [] and j.label == "refuted"
    passage = "Le conseil n'a pas approuvé le budget du pont."
    j = _judge(stacker, SURE).judge_pair(CLAIM, passage, lang="en")
    assert stacker.asked == []


def test_a_group_it_did_not_learn_is_decided_the_hand_set_way() -> None:
    j = _judge(Always(None), SURE).judge(CLAIM, _evidence(CLAIM, NEGATED), lang="en")
    assert j.label == "refuted" and j.basis == "polarity"


def test_the_figure_rule_still_checks_a_support_the_learned_step_takes_from_the_model() -> None:
    doc = "The council approved a budget of 5 million dollars for the bridge."
    claim = "Officials set aside 9 million dollars for the crossing."
    j = _judge(Always("supported"), SURE).judge(claim, _evidence(claim, doc), lang="en")
    assert j.label == "refuted" and "5 million dollars" in j.rationale


def test_the_product_s_combined_judge_has_the_shipped_learned_step() -> None:
    from bot.judge import build_judge

    judge = build_judge("combined", RANKER, model=OverlapNLI())
    assert isinstance(judge, CombinedJudge) and judge.stacker is not None
    assert judge.stacker.meta["pairs"] >= 1000 and judge.stacker.groups  # fitted, with what it was fitted on


def test_a_label_the_model_only_leaned_to_quotes_its_strongest_sentence() -> None:
    """The model's entailment is under its own 0.5 (it says not enough info); the learned step,
    fitted on when such a lean is right, supports from the model's strongest sentence."""
    lean = {"entailment": 0.45, "neutral": 0.5, "contradiction": 0.05}
    claim = "Officials expect the crossing to be usable soon."  # a paraphrase: the rules cannot say
    judge = _judge(Always("supported"), lean)
    assert judge.model.judge(claim, _evidence(claim), lang="en").label == "not_enough_info"
    j = judge.judge(claim, _evidence(claim), lang="en")
    assert j.label == "supported" and j.evidence and j.evidence[0].sentence.text in j.rationale
    j = _judge(Always("refuted"), {"entailment": 0.05, "neutral": 0.55, "contradiction": 0.4}).judge(claim, _evidence(claim), lang="en")
    assert j.label == "refuted" and j.evidence and "contradicts" in j.rationale


def test_no_source_giving_the_figure_does_not_stand_against_the_learned_step() -> None:
    """The hand-set combination answers "not enough info" when the model's sentence lacks the
    claim's figure; the learned step's support stands (it was right 97 times of 136 there)."""
    claim = "Officials set aside 40 percent more for the crossing."
    hand_set = CombinedJudge(RuleJudge(RANKER), NLIJudge(OverlapNLI(fixed=SURE), RANKER))
    assert hand_set.judge(claim, _evidence(claim), lang="en").label == "not_enough_info"
    assert _judge(Always("supported"), SURE).judge(claim, _evidence(claim), lang="en").label == "supported"


def test_training_reads_only_the_calibration_half_and_writes_weights_card_and_pairs(tmp_path: Path) -> None:
    """``python -m bot train stacker`` on a small data folder, with the fake model: only held-out
    pages of the calibration half are judged ("Page 23"; "Page 48" is the test half, "Page 0" a
    training page of the NLI model)."""
    import json

    from bot.judge.stacked import train

    rows = []
    for i in range(40):
        page = ["Page 23", "Page 48", "Page 0"][i % 3]
        rows.append({"page": page, "premise": DOC_EN, "hypothesis": CLAIMS[i % 2][0], "label": CLAIMS[i % 2][1]})
    (tmp_path / "nli").mkdir()
    (tmp_path / "nli" / "vitaminc_real.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "weights" / "stacker.json"
    out.parent.mkdir()
    s = train(tmp_path, RANKER, OverlapNLI(), out=out, work=tmp_path / "work")
    judged = [json.loads(x) for x in (tmp_path / "work" / "stacker-pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {j["page"] for j in judged} == {"Page 23"} and len(judged) == s.meta["pairs"] == 14
    assert Stacker.load(out) is not None and "python -m bot train stacker" in (out.parent / "STACKER.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit, match="vitaminc_real"):
        train(tmp_path / "nowhere", RANKER, OverlapNLI(), out=out)


DOC_EN = "The council approved a budget of 5 million dollars for the bridge."
CLAIMS = [("The council approved a budget of 5 million dollars for the bridge.", "entailment"), ("The council approved a budget of 9 million dollars for the bridge.", "contradiction")]
