"""The Judge seam: one contract every judge passes (rules, NLI, combined), then what each adds.

The NLI judge runs here on a fake model (word overlap + negation); the shipped model is tested in
tests/integration/test_nli_judge.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.embed import HashEmbedder
from bot.evidence import Evidence, EvidenceRanker, Sentence
from bot.judge import Judge, build_judge, check_claim
from bot.judge.combined import CombinedJudge
from bot.judge.nli import NLIJudge
from bot.judge.rules import RuleJudge
from bot.judge.stacked import Stacker
from tests.fakes_nli import OverlapNLI

LABELS = {"supported", "refuted", "not_enough_info", "conflicting"}
DOC = (
    "The city council approved a budget of 5 million dollars for the bridge. "
    "Mayor Ann Lee said the bridge will open in 2026. "
    "The old ferry service will stop next year."
)
RANKER = EvidenceRanker(HashEmbedder())


def _sentences(doc: str = DOC, doc_id: str = "bridge") -> list[Sentence]:
    out, start = [], 0
    for text in [s.strip() + "." for s in doc.split(".") if s.strip()]:
        start = doc.index(text, start)
        out.append(Sentence(doc_id=doc_id, title=doc_id, lang="en", text=text, start=start, end=start + len(text)))
    return out


def _evidence(claim: str, doc: str = DOC) -> list[Evidence]:
    return RANKER.rank(claim, _sentences(doc))


JUDGES: dict[str, Callable[[], Judge]] = {
    "rules": lambda: RuleJudge(RANKER),
    "nli": lambda: NLIJudge(OverlapNLI(), RANKER),
    "combined": lambda: CombinedJudge(RuleJudge(RANKER), NLIJudge(OverlapNLI(), RANKER)),
    # the product's: with the shipped learned step (English claims on English sources)
    "combined+stacker": lambda: CombinedJudge(RuleJudge(RANKER), NLIJudge(OverlapNLI(), RANKER), stacker=Stacker.load()),
}


@pytest.fixture(params=sorted(JUDGES))
def judge(request: pytest.FixtureRequest) -> Judge:
    return JUDGES[request.param]()


def _combined(probs: dict[str, float]) -> tuple[CombinedJudge, OverlapNLI]:
    """The combined judge over a fake model that gives ``probs`` for every pair."""
    model = OverlapNLI(fixed=probs)
    return CombinedJudge(RuleJudge(RANKER), NLIJudge(model, RANKER)), model


# -- the contract ---------------------------------------------------------------------------


def test_no_evidence_is_not_enough_info(judge: Judge) -> None:
    j = judge.judge("The bridge cost 5 million dollars.", [], lang="en")
    assert j.label == "not_enough_info" and j.evidence == [] and j.rationale


def test_a_sentence_of_the_source_is_supported_and_quoted(judge: Judge) -> None:
    claim = "The city council approved a budget of 5 million dollars for the bridge."
    evidence = _evidence(claim)
    j = judge.judge(claim, evidence, lang="en")
    assert j.label == "supported"
    assert j.evidence and all(e in evidence for e in j.evidence)
    assert j.evidence[0].sentence.text == claim
    assert claim in j.rationale  # the rationale names its quote
    assert 0.5 <= j.confidence <= 1.0


def test_the_negated_statement_is_refuted(judge: Judge) -> None:
    claim = "Mayor Ann Lee said the bridge will not open in 2026."
    j = judge.judge(claim, _evidence(claim), lang="en")
    assert j.label == "refuted" and j.evidence and j.evidence[0].sentence.text in j.rationale


def test_an_unrelated_claim_is_not_enough_info(judge: Judge) -> None:
    claim = "Volcanic eruptions cooled the planet during the summer."
    j = judge.judge(claim, _evidence(claim), lang="en")
    assert j.label == "not_enough_info" and j.evidence == []


def test_rationale_follows_the_claim_language(judge: Judge) -> None:
    j = judge.judge("Le pont a coûté 5 millions de dollars.", [], lang="fr")
    assert "aucun" in j.rationale


def test_judge_pair_reads_one_passage(judge: Judge) -> None:
    assert judge.judge_pair("The bridge will open in 2026.", DOC, lang="en").label == "supported"
    assert judge.judge_pair("The bridge will never open.", "The bridge will open in 2026.", lang="en").label == "refuted"


def test_check_claim_combines_parts_and_cites_dates(judge: Judge) -> None:
    v = check_claim(
        judge,
        "The city council approved a budget of 5 million dollars for the bridge and the old ferry service will stop next year",
        _evidence,
        lang="en",
        dates={"bridge": "2024-05-01"},
    )
    assert v.verdict == "supported" and len(v.parts) == 2
    assert {c.date for c in v.evidence} == {"2024-05-01"}
    assert v.method in {"rules", "nli", "rules+nli"}


# -- what each judge adds -----------------------------------------------------------------


def test_combined_lets_rules_decide_a_figure_mismatch_whatever_the_model_says() -> None:
    judge, model = _combined({"entailment": 0.99, "neutral": 0.005, "contradiction": 0.005})
    claim = "The city council approved a budget of 9 million dollars for the bridge."
    j = judge.judge(claim, _evidence(claim), lang="en")
    assert j.label == "refuted" and j.method == "rules" and "5 million dollars" in j.rationale
    assert model.calls == []  # the model was not even asked


def test_combined_asks_the_model_only_when_the_rules_cannot_judge() -> None:
    judge, model = _combined({"entailment": 0.95, "neutral": 0.03, "contradiction": 0.02})
    claim = "Mayor Ann Lee said the bridge will open in 2026."  # the rules support it: figures and words match
    assert judge.judge(claim, _evidence(claim), lang="en").method == "rules" and model.calls == []
    claim = "Officials expect the crossing to be usable soon."  # a paraphrase: the rules cannot say
    j = judge.judge(claim, _evidence(claim), lang="en")
    assert j.label == "supported" and j.method == "nli" and model.calls


@pytest.mark.parametrize(
    ("claim", "label", "said"),
    [
        ("Officials set aside 9 million dollars for the crossing.", "refuted", "5 million dollars"),
        ("Officials set aside 5 million dollars for the crossing.", "supported", "5 million dollars"),
        ("Officials set aside 40 percent more for the crossing.", "not_enough_info", "40 percent"),
    ],
)
def test_combined_keeps_the_model_s_support_only_when_the_figures_agree(claim: str, label: str, said: str) -> None:
    """The words differ (the rules leave it to the model), the model says entailment whatever the
    figure: the figure rule checks the sentence it relied on."""
    judge, model = _combined({"entailment": 0.97, "neutral": 0.02, "contradiction": 0.01})
    j = judge.judge(claim, _evidence(claim), lang="en")
    assert model.calls and j.label == label and said in j.rationale + (j.evidence[0].sentence.text if j.evidence else "")


def test_combined_refutes_the_model_s_support_when_the_sentence_uses_the_opposite_word() -> None:
    doc = "The union criticised the order as insufficient."
    judge, model = _combined({"entailment": 0.97, "neutral": 0.02, "contradiction": 0.01})
    claim = "Workers' representatives welcomed the purchase."
    j = judge.judge(claim, _evidence(claim, doc), lang="en")
    assert model.calls and j.label == "refuted" and j.basis == "opposites" and "criticised" in j.rationale


def test_a_supported_figure_is_quoted_from_the_sentence_that_gives_it() -> None:
    doc = "The council signed a contract with Acme for the bridge. The city pays 5 million dollars for the work."
    claim = "The bridge contract with Acme is worth 5 million dollars."
    first, second = _sentences(doc)
    second.context = first.text  # as chunks give it: the sentence before
    j = RuleJudge(RANKER).judge(claim, RANKER.rank(claim, [first, second]), lang="en")
    assert j.label == "supported" and "5 million dollars" in j.evidence[0].sentence.text and "5 million" in j.rationale


@pytest.mark.parametrize(("p", "label"), [(0.95, "refuted"), (0.6, "not_enough_info")])
def test_combined_needs_a_strong_contradiction_to_refute(p: float, label: str) -> None:
    judge, _ = _combined({"entailment": 0.02, "neutral": 1 - p - 0.02, "contradiction": p})
    claim = "Officials expect the crossing to be usable soon."
    assert judge.judge(claim, _evidence(claim), lang="en").label == label


SPRING = "Mayor Ann Lee said the new bridge will open to traffic next spring after the council vote."


@pytest.mark.parametrize(("entailment", "label", "method"), [(0.95, "supported", "nli"), (0.6, "refuted", "rules")])
def test_combined_lets_a_sure_model_overturn_a_party_the_rules_could_not_find(entailment: float, label: str, method: str) -> None:
    """The rules see another name than the source's and refute (a name may be the same party in
    other words: "the mayor" / "Ms Lee"); a model sure of its support decides, an unsure one does not."""
    judge, model = _combined({"entailment": entailment, "neutral": 0.98 - entailment, "contradiction": 0.02})
    claim = "John Park said the new bridge will open to traffic next spring."
    doc = SPRING + " John Park chairs the council."  # named in the sources, not in the sentence on the bridge
    assert judge.rules.judge(claim, _evidence(claim, doc), lang="en").basis == "parties"
    j = judge.judge(claim, _evidence(claim, doc), lang="en")
    assert (j.label, j.method) == (label, method) and model.calls


@pytest.mark.parametrize(
    ("claim", "doc"),
    [
        ("John Park said the new bridge will open to traffic next spring.", SPRING),  # named by no source
        # a place is not named by a longer name that begins with it
        ("The bridge company is based in New York.", "The New York Times praised the bridge company."),
        ("Le siège de la société se trouve à New York.", "Une enquête du New York Times a visé la société."),
    ],
)
def test_combined_does_not_let_the_model_support_a_name_no_source_gives(claim: str, doc: str) -> None:
    """The model reads loosely (across languages above all: "Clearview AI is headquartered in New
    York" was supported at 0.8 by a sentence on its image database): a paraphrase may say a thing
    in other words, not a name."""
    judge, model = _combined({"entailment": 0.97, "neutral": 0.02, "contradiction": 0.01})
    j = judge.judge(claim, _evidence(claim, doc), lang="en")
    assert model.calls and j.label == "not_enough_info" and j.basis == "parties"
    assert "New York" in j.rationale or "John Park" in j.rationale


def test_a_place_in_a_claim_is_not_the_start_of_a_longer_name() -> None:
    from bot.judge.rules import only_within_longer_names, places

    assert places("Clearview AI is headquartered in New York.") == {"New York"}
    assert places("Le siège de Clearview AI se trouve à New York.") == {"New York"}
    assert places("The New York Times investigated Clearview.") == set()
    assert only_within_longer_names("New York", "une enquête du New York Times")
    assert not only_within_longer_names("New York", "installée à New York. Le New York Times")
    assert not only_within_longer_names("New York", "a Times reporter")  # not written at all: the matcher decides


def test_combined_keeps_a_party_refutation_when_the_model_finds_neither() -> None:
    """Another party than the source's is refuted in fact-checking, not "neutral" as in NLI."""
    judge, _ = _combined({"entailment": 0.02, "neutral": 0.96, "contradiction": 0.02})
    claim = "John Park said the new bridge will open to traffic next spring."
    j = judge.judge(claim, _evidence(claim, SPRING), lang="en")
    assert j.label == "refuted" and j.basis == "parties"


def test_combined_keeps_the_negation_rule_whatever_the_model_says() -> None:
    """French negations the model has not learned (DACCORD): the negation rule keeps deciding."""
    doc = "The council did not approve the budget for the bridge."
    judge, model = _combined({"entailment": 0.97, "neutral": 0.02, "contradiction": 0.01})
    claim = "The council approved the budget for the bridge."
    j = judge.judge(claim, _evidence(claim, doc), lang="en")
    assert j.label == "refuted" and j.basis == "polarity" and model.calls == []


def test_a_negation_that_differs_decides_before_another_party_and_the_model_cannot_overturn_it() -> None:
    """Another name and the opposite statement: the negation is the exact reason."""
    judge, model = _combined({"entailment": 0.97, "neutral": 0.02, "contradiction": 0.01})
    claim = "John Park said the new bridge will not open to traffic next spring."
    assert judge.rules.judge(claim, _evidence(claim, SPRING), lang="en").basis == "polarity"
    j = judge.judge(claim, _evidence(claim, SPRING), lang="en")
    assert j.label == "refuted" and j.basis == "polarity"


@pytest.mark.parametrize(
    ("claim", "doc", "label"),
    [
        ("More than 62,000 cases of the virus have been confirmed in the state.", "In the state there have been 66,497 confirmed cases of the virus so far.", "supported"),
        ("Fewer than 50,000 cases of the virus have been confirmed in the state.", "In the state there have been 66,497 confirmed cases of the virus so far.", "refuted"),
        ("La SNCF a commandé 20 rames à Alstom.", "La SNCF a commandé 15 nouvelles rames TGV M à Alstom.", "refuted"),
        ("La SNCF a commandé 15 rames à Alstom.", "La SNCF a commandé 15 nouvelles rames TGV M à Alstom.", "supported"),
        ("The company employs 200 engineers in Paris.", "The company, which holds 3 billion images, employs engineers in Paris.", "not_enough_info"),
        ("Half of the scheduled operations were postponed.", "The hospital said 40% of scheduled operations were postponed.", "refuted"),
        ("Half of the scheduled operations were postponed.", "The hospital said 50% of scheduled operations were postponed.", "supported"),
        # a round figure the claim hedges ("about") that the source bounds ("more than")
        ("Clearview's database holds about 3 billion images.", "Clearview's database of more than 3 billion images comes from social media.", "supported"),
        ("The database holds about 2 billion images.", "The database holds more than 3 billion images from social media.", "refuted"),
        # the sentence on the claim's topic gives no count; the one that counts the same thing
        # shares few other words with the claim, and still refutes it
        ("The ruling concerns 2,140 couriers.", "The ruling concerns couriers in Lyon. The court ordered Colivo to hire the 214 couriers who worked for it.", "refuted"),
        ("The ruling concerns 2,140 couriers.", "The ruling concerns couriers in Lyon. The court ordered Colivo to hire 214 drivers.", "not_enough_info"),
    ],
)
def test_rules_compare_counts_of_the_same_thing_across_a_word_or_two(claim: str, doc: str, label: str) -> None:
    """"66,497 confirmed cases": the thing counted may come a word or two after the figure."""
    j = RuleJudge(RANKER).judge(claim, _evidence(claim, doc), lang="en")
    assert j.label == label and j.method == "rules"


def test_nli_reads_only_the_best_sentences_and_quotes_the_deciding_one() -> None:
    model = OverlapNLI()
    claim = "The old ferry service will stop next year."
    evidence = _evidence(claim)
    j = NLIJudge(model, RANKER, read=2).judge(claim, evidence, lang="en")
    assert len(model.calls) == 2 and model.calls[0] == (evidence[0].sentence.text, claim)
    assert j.label == "supported" and claim in j.rationale and j.probs["entailment"] >= 0.9


def test_nli_says_conflicting_when_sources_support_and_contradict() -> None:
    doc = "The bridge will open in 2026. The bridge will not open in 2026."
    claim = "The bridge will open in 2026."
    j = NLIJudge(OverlapNLI(), RANKER).judge(claim, _evidence(claim, doc), lang="en")
    assert j.label == "conflicting" and len(j.evidence) == 2


def test_build_judge_by_name() -> None:
    model = OverlapNLI()
    assert isinstance(build_judge("rules", RANKER), RuleJudge)
    assert isinstance(build_judge("nli", RANKER, model=model), NLIJudge)
    assert isinstance(build_judge("combined", RANKER, model=model), CombinedJudge)
    with pytest.raises(ValueError, match="unknown judge"):
        build_judge("oracle", RANKER)


def test_confidence_is_calibrated_but_the_decision_is_not() -> None:
    raw = {"entailment": 0.9, "neutral": 0.05, "contradiction": 0.05}
    sharp, soft = OverlapNLI(fixed=raw), OverlapNLI(fixed=raw)
    soft.temperature = 2.0  # type: ignore[attr-defined]
    claim = "Officials expect the crossing to be usable soon."
    a = NLIJudge(sharp, RANKER).judge(claim, _evidence(claim), lang="en")
    b = NLIJudge(soft, RANKER).judge(claim, _evidence(claim), lang="en")
    assert a.label == b.label == "supported" and a.probs == b.probs
    assert a.confidence == 0.9 and 0.6 < b.confidence < 0.9  # softmax(log p / 2)


def test_rules_do_not_say_unmentioned_of_a_party_the_sources_name_elsewhere() -> None:
    judge = RuleJudge(RANKER)
    claim = "Mayor Ann Lee will stop the old ferry service next year."  # Ann Lee: another sentence
    j = judge.judge(claim, _evidence(claim), lang="en")
    assert j.label == "not_enough_info" and "no source sentence on this names Mayor Ann Lee" in j.rationale
    claim = "Governor Bob Smith will stop the old ferry service next year."  # named nowhere
    j = judge.judge(claim, _evidence(claim), lang="en")
    assert j.label == "not_enough_info" and "no source mentions Governor Bob Smith" in j.rationale


def test_nli_also_reads_each_sentence_after_the_one_before_it() -> None:
    doc = "Mayor Ann Lee spoke to the council on Monday. She said the bridge will open in 2026."
    first, second = _sentences(doc)
    second.context = first.text  # as the indexer sets it: the previous sentence of the chunk
    claim = "Mayor Ann Lee said the bridge will open in 2026."
    evidence = RANKER.rank(claim, [second])
    model = OverlapNLI()
    j = NLIJudge(model, RANKER).judge(claim, evidence, lang="en")
    assert model.calls == [(second.text, claim), (f"{first.text} {second.text}", claim)]
    assert j.label == "supported" and j.evidence[0].sentence is second and second.text in j.rationale
    alone = NLIJudge(OverlapNLI(), RANKER, context=False).judge(claim, evidence, lang="en")
    assert alone.label == "not_enough_info"  # "She" alone names nobody


def test_rules_read_the_title_for_what_a_sentence_is_about() -> None:
    """"The trains" of a sentence are the article's TGV M: a claim naming them is not refuted
    for naming a party the sentence leaves to its title (the coverage rule or the model decide);
    a claim naming another party still is."""
    doc = "The trains will be assembled at the Alstom site in La Rochelle. The union criticised the order."
    sents = _sentences(doc, doc_id="sncf")
    for s in sents:
        s.title = "SNCF orders 15 more TGV M trains from Alstom"
    claim = "The TGV M trains will be assembled in La Rochelle."
    j = RuleJudge(RANKER).judge(claim, RANKER.rank(claim, sents), lang="en")
    assert j.basis != "parties", j.rationale
    claim = "The Siemens trains will be assembled in La Rochelle."
    j = RuleJudge(RANKER).judge(claim, RANKER.rank(claim, sents), lang="en")
    assert (j.label, j.basis) == ("refuted", "parties"), j.rationale


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("The agency worked with the FBI on the licence database.", "supported"),  # "without" governs consent
        ("The agency accessed the licence database without the consent of drivers.", "supported"),
        ("The agency accessed the licence database with the consent of drivers.", "refuted"),
    ],
)
def test_a_without_negates_what_it_governs_not_the_whole_sentence(claim: str, label: str) -> None:
    doc = "The agency worked with the FBI and accessed the licence database without the consent of drivers."
    j = RuleJudge(RANKER).judge(claim, _evidence(claim, doc), lang="en")
    assert j.label == label, j.rationale


@pytest.mark.parametrize(
    ("word", "after", "noun"),
    [
        ("sans", " le consentement des conducteurs.", "consentement"),  # French: the head comes first
        ("without", " drivers' consent.", "consent"),  # English: last before a preposition
        ("without", " the consent of drivers", "consent"),
        ("lack", " of public funding for schools", "funding"),
        ("absence", " de preuve solide", "preuve"),
    ],
)
def test_the_noun_a_without_governs(word: str, after: str, noun: str) -> None:
    from bot.judge.rules import governed_noun

    assert governed_noun(word, after) == noun


@pytest.mark.parametrize(
    ("claim", "passage", "label"),
    [
        # the negation is in a clause about something else: not a contradiction
        (
            "Daley was accused of hitting Koscheck.",
            "White said Daley claimed he didn't hear the bell, and Daley was accused of hitting Koscheck.",
            "supported",
        ),
        # the negation governs what the claim says: a contradiction
        ("The contract was signed with the FBI.", "The contract was not signed with the FBI.", "refuted"),
        ("Le contrat a été signé avec le FBI.", "Le contrat n'a jamais été signé avec le FBI.", "refuted"),
    ],
)
def test_a_negation_counts_only_where_it_governs_what_the_claim_says(claim: str, passage: str, label: str) -> None:
    """In a source sentence (a whole passage given as one, ``judge_pair``, keeps any negation)."""
    j = RuleJudge(RANKER).judge(claim, _evidence(claim, passage), lang="fr" if "contrat" in claim else "en")
    assert j.label == label, j.rationale


def test_the_words_a_negation_governs_end_with_its_clause() -> None:
    from bot.judge.rules import _NEG, negated_words

    text = "Reviews were not at all positive, but the film sold well."
    assert [negated_words(text, m) for m in _NEG.finditer(text)] == [["positive"]]
    text = "Zelensky n'a pas porté de T-shirt nazi."
    assert [negated_words(text, m) for m in _NEG.finditer(text)] == [["porte", "t-shirt", "nazi"]]


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("The vote took place on 21 October 2019.", "supported"),  # "the 21st of October 2019"
        ("The vote took place on October 28, 2019.", "refuted"),
    ],
)
def test_days_of_a_month_compare_whatever_their_format(claim: str, label: str) -> None:
    doc = "The vote on the bridge took place on the 21st of October 2019."
    j = RuleJudge(RANKER).judge(claim, _evidence(claim, doc), lang="en")
    assert (j.label, j.basis) == (label, "numbers"), j.rationale


def test_a_count_compares_with_the_noun_phrase_it_counts() -> None:
    """"28,000 coronavirus cases" counts cases, as "30,811 confirmed cases" does."""
    doc = "There have been 30,811 confirmed cases in the state of New York."
    j = RuleJudge(RANKER).judge_pair("More than 28,000 coronavirus cases were confirmed in New York.", doc, lang="en")
    assert j.basis != "numbers" or j.label != "not_enough_info", j.rationale
    j = RuleJudge(RANKER).judge_pair("Fewer than 28,000 coronavirus cases were confirmed in New York.", doc, lang="en")
    assert (j.label, j.basis) == ("refuted", "numbers"), j.rationale


def test_the_thing_counted_is_read_after_the_figure_itself() -> None:
    """"less than 5 people" is not "735 cases": the 5 ending 735 is not the claim's figure."""
    from bot.judge.rules import _nouns_after
    from bot.numbers import quantities_with_words

    claim = "Under 735 cases have been confirmed, and less than 5 people have died."
    five = [q for q in quantities_with_words(claim, "en") if q.value == 5][0]
    assert _nouns_after(claim, five, 3, phrase=True) == ["people"]
    claim = "There have been under 100 deaths in the state."  # "de" of "deaths" is no link word
    assert _nouns_after(claim, quantities_with_words(claim, "en")[0], 3, phrase=True) == ["deaths"]
    claim = "La base contient 300 millions d'images de visages."  # "d'" links the figure to its noun
    assert _nouns_after(claim, quantities_with_words(claim, "fr")[0], 3, phrase=True) == ["images"]


EN_DOC = "The new trains will use 20% less energy than the current models."
FR_DOC = "Le TGV M consommera 20 % d'énergie en moins que les modèles actuels."


@pytest.mark.parametrize(
    ("claim", "doc", "label"),
    [
        ("The new trains will use 20% more energy.", EN_DOC, "refuted"),
        ("The new trains will use 20% less energy.", EN_DOC, "supported"),
        ("Le TGV M consommera 20 % d'énergie en plus.", FR_DOC, "refuted"),
        ("Le TGV M consommera 20 % d'énergie en moins.", FR_DOC, "supported"),
    ],
)
def test_the_same_figure_the_other_way_refutes(claim: str, doc: str, label: str) -> None:
    j = RuleJudge(RANKER).judge(claim, RANKER.rank(claim, _sentences(doc)), lang="en")
    assert j.label == label, j.rationale
    if label == "refuted":
        assert "20" in j.rationale and "other way" in j.rationale and j.evidence


def test_another_partys_figure_in_another_source_is_no_disagreement() -> None:
    """The city's network carries 85 million a year; a rail article's 122 million travellers are
    another party's figure (no shared name), not a source that disagrees. The same party's other
    figure in another source still is."""
    city = _sentences("The Vallee network run by Transvallee carries 85 million passengers a year.", "city")
    rail = _sentences("SNCF Voyageurs carried 122 million passengers a year in 2023.", "rail")
    claim = "The network carries 85 million passengers a year."
    j = RuleJudge(RANKER).judge(claim, RANKER.rank(claim, city + rail), lang="en")
    assert j.label == "supported", j.rationale
    rival = _sentences("Transvallee says its network carries 122 million passengers a year.", "wire")
    j = RuleJudge(RANKER).judge(claim, RANKER.rank(claim, city + rival), lang="en")
    assert j.label == "conflicting", j.rationale


def test_a_name_left_to_a_pronoun_is_read_from_the_headline() -> None:
    """"Its shares fell" speaks of the company the headline names: the claim's name counts as
    covered there (as the sentence before would), so the opposite word refutes; a claim naming a
    company the headline does not name is not covered by it."""
    doc = "Patients should see their doctor. Its shares fell 8% in New York trading on Thursday."
    sents = _sentences(doc, doc_id="veltris")
    for s in sents:
        s.title = "Veltris recalls 2.4 million bottles of pills"
    claim = "Veltris shares rose after the announcement."
    ev = RANKER.rank(claim, sents)
    assert ev[0].sentence.text.startswith("Its shares") and "veltris" in ev[0].matched
    j = RuleJudge(RANKER).judge(claim, ev, lang="en")
    assert (j.label, j.basis) == ("refuted", "opposites"), j.rationale
    other = RANKER.rank("Novartis shares rose after the announcement.", sents)
    assert "novartis" not in other[0].matched


def test_rules_refute_a_nationality_the_source_gives_the_party_otherwise() -> None:
    doc = "Nordwind Energy, the Danish utility, scrapped the wind farm. The Swedish group Vattenfall paused a project."
    assert RuleJudge(RANKER).judge("Nordwind is a Swedish company.", _evidence("Nordwind is a Swedish company.", doc), lang="en").label == "refuted"
    j = RuleJudge(RANKER).judge("Vattenfall is a Swedish group.", _evidence("Vattenfall is a Swedish group.", doc), lang="en")
    assert j.label != "refuted"


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("Veltris's CEO is Mark Zuckerberg.", "refuted"),
        ("Le PDG de Veltris est Mark Zuckerberg.", "refuted"),
        ("Veltris's CEO is Laura Benton.", "supported"),
    ],
)
def test_rules_refute_a_role_the_source_gives_someone_else(claim: str, label: str) -> None:
    doc = "Veltris recalled its pills on Thursday. \"We apologise,\" said the Veltris chief executive Laura Benton."
    assert RuleJudge(RANKER).judge(claim, _evidence(claim, doc), lang="en").label == label


def test_a_role_given_beside_a_name() -> None:
    from bot.judge.rules import role_claimed, role_given

    assert role_given("ceo", "« … », a déclaré Hoan Ton, PDG de la société.") == "Hoan Ton"
    assert role_given("director", "a déclaré la directrice de l'établissement, Claire Moreau, lundi") == "Claire Moreau"
    assert role_given("ceo", "the head of the FDA said") is None
    assert role_claimed("Mark Zuckerberg is the CEO of Clearview.") == ("ceo", "Mark Zuckerberg", ["Clearview"])
    assert role_claimed("Hoan Ton runs Clearview.") is None  # no role word: the coverage rules read it


@pytest.mark.parametrize(
    ("claim", "doc", "label"),
    [
        ("The company was founded in Paris.", "The company, founded in Lyon in 2017, appealed the ruling.", "refuted"),
        ("The company is based in New York.", "The company was named in a New York Times report.", "not_enough_info"),
    ],
)
def test_a_place_is_refuted_by_another_place_not_by_a_longer_name(claim: str, doc: str, label: str) -> None:
    assert RuleJudge(RANKER).judge(claim, _evidence(claim, doc), lang="en").label == label


def test_another_source_s_figure_conflicts_only_where_it_covers_the_claim_as_well() -> None:
    """A port's "€30 million loan" is no other value of a mine's "380 million euros": the
    sentence giving it does not speak of the claim's investment (a sentence opening with the
    company's name names nothing the name finder sees, so the party test cannot tell them apart)."""
    mine = _sentences("Halbrook plans to invest 380 million euros in the mine.", doc_id="mine")
    port = _sentences("The expansion is financed by a 30 million euros loan.", doc_id="port")
    claim = "Halbrook will invest 380 million euros in the mine."
    j = RuleJudge(RANKER).judge(claim, RANKER.rank(claim, mine + port), lang="en")
    assert j.label == "supported" and j.evidence[0].sentence.doc_id == "mine"
    other = _sentences("Halbrook plans to invest 300 million euros in the mine.", doc_id="wire")
    assert RuleJudge(RANKER).judge(claim, RANKER.rank(claim, mine + other), lang="en").label == "conflicting"


def test_challenging_a_decision_is_contesting_it_in_either_language() -> None:
    from bot.judge.rules import polar

    assert polar("L'association va contester la décision en justice.") == polar("The association said it would challenge the decision in court.")
    assert polar("The association said it would challenge the decision.") != polar("The association accepted the decision.")
