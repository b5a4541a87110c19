"""The answerer's and verifier's rules on hand-made evidence (no model weights)."""

import pytest

from bot.answers.rules import (
    ExtractiveAnswerer,
    _introduced_by,
    acronym_asked,
    asked_names,
    governing_preposition,
    kind_of_asked,
    kind_of_span,
    question_kind,
    reports_speech,
)
from bot.embed import HashEmbedder
from bot.evidence import Evidence, EvidenceRanker, Sentence, abbreviates, entities, expansion, query_terms
from bot.judge import combine, split_claim
from bot.judge.rules import RuleJudge, negated, opposed, polar


@pytest.mark.parametrize(
    ("q", "kind"),
    [
        ("How much is ICE paying Clearview?", "amount"),
        ("Combien l'ICE paie-t-elle ?", "amount"),
        ("How many images are in the database?", "count"),
        ("Combien d'images contient la base ?", "count"),
        ("Who signed a contract with Clearview AI?", "who"),
        ("Which nonprofit shared the records?", "who"),
        ("Quelle association a publié les dossiers ?", "who"),
        ("What did Clearview say about the agreement?", "statement"),
        ("Qu'a déclaré le PDG ?", "statement"),
        ("How long does the contract last?", "duration"),
        ("What did the Washington Post report last month?", "general"),
        ("Who signed the contract last week?", "who"),
        ("When did ICE sign?", "date"),
        ("What is ICE paying for?", "purpose"),
        ("What share of planned operations was postponed?", "amount"),
        ("Quel pourcentage des électeurs a voté ?", "amount"),
    ],
)
def test_question_kinds(q: str, kind: str) -> None:
    assert question_kind(q) == kind


def _ev(text: str, coverage: float = 1.0, matched: dict[str, str] | None = None) -> Evidence:
    s = Sentence(doc_id="d", title="T", lang="fr", text=text, start=10, end=10 + len(text))
    return Evidence(s, score=1.0, dense=0.9, coverage=coverage, matched=matched or {}, missing=[])


@pytest.mark.parametrize(
    ("text", "speech"),
    [
        ("« Clearview AI a permis à HSI de sauver des enfants », a-t-il ajouté.", True),
        ('"We are appealing these decisions and will seek a stay," the company wrote.', True),
        ('They called the fine "unjustified and unnecessary".', True),
        ("Le syndicat a toutefois critiqué une commande « insuffisante ».", True),  # a judgement is words too
        ("et les enquêtes criminelles en cours et à venir dans le pays », selon lui.", True),  # quote opened before
        ("« Clearview AI a permis à HSI de sauver des enfants à travers le pays", True),  # goes on in the next
        # a quoted label or name is no statement
        ("L'agence paie 224 000 $ pour ce qui est décrit comme «soutien à la mission» et «licences Clearview».", False),
        ('The project, nicknamed "Blue Harbour", was approved.', False),
        ("A company called Clearview sells the software.", False),
    ],
)
def test_reported_speech_is_a_verb_of_saying_or_a_real_quotation(text: str, speech: bool) -> None:
    assert reports_speech(text) is speech


def test_amount_answer_is_normalised_and_cited() -> None:
    ev = _ev("L’agence d’immigration paie 224 000 $ pour des licences.")
    a = ExtractiveAnswerer().answer("How much does ICE pay?", [ev], lang="en", dates={"d": "2020-08"})
    assert not a.abstained
    assert a.answer.startswith("$224,000.") and "(source in French)" in a.answer
    assert a.citations[0].quote == ev.sentence.text and a.citations[0].start == 10
    assert a.citations[0].date == "2020-08"


def test_abstains_without_coverage_or_without_the_kind_of_fact() -> None:
    answerer = ExtractiveAnswerer()
    low = answerer.answer("What is the revenue?", [_ev("Il paie 224 000 $.", coverage=0.2)], lang="en", dates={})
    assert low.abstained and low.citations == []
    no_amount = answerer.answer("How much?", [_ev("ICE a signé un contrat.")], lang="en", dates={})
    assert no_amount.abstained


def test_as_the_readers_fallback_a_which_question_is_not_answered_by_a_quote_alone() -> None:
    """« Les pirates … » covers "hackers", the only word of "Which country are the hackers from?"
    besides the kind of answer asked for, and names no country."""
    ev = _ev("Les pirates, qui se réclament du groupe LockNet, réclament une rançon.", coverage=1.0)
    alone = ExtractiveAnswerer().answer("Which country are the hackers from?", [ev], lang="en", dates={})
    assert not alone.abstained and alone.short == ""  # the rules alone quote it
    fallback = ExtractiveAnswerer(untyped_coverage_min=1.0, quote_which=False)
    assert fallback.answer("Which country are the hackers from?", [ev], lang="en", dates={}).abstained
    assert not fallback.answer("What do the hackers want?", [ev], lang="en", dates={}).abstained


def test_an_old_year_is_not_a_count() -> None:
    ev = _ev("In 1562, about 2,000,000 Huguenots lived in France.")
    a = ExtractiveAnswerer().answer("How many Huguenots lived in France?", [ev], lang="en", dates={})
    assert a.short.startswith("2,000,000")


def test_a_figure_the_question_names_must_be_in_the_sentence_or_its_date() -> None:
    answerer = ExtractiveAnswerer()
    other_year = _ev("En 1562, la France comptait 1 250 000 huguenots.")
    assert answerer.answer("How many Huguenots were there in 1598?", [other_year], lang="en", dates={}).abstained
    same_year = _ev("En 1598, la France comptait 1 250 000 huguenots.")
    assert not answerer.answer("How many Huguenots were there in 1598?", [same_year], lang="en", dates={}).abstained
    # a year the sentence does not repeat may be its document's date
    ev = _ev("L’agence d’immigration paie 224 000 $.")
    assert not answerer.answer("How much did the agency pay in 2020?", [ev], lang="en", dates={"d": "2020-08-14"}).abstained
    assert answerer.answer("How much did the agency pay in 2021?", [ev], lang="en", dates={"d": "2020-08-14"}).abstained


@pytest.mark.parametrize(
    ("q", "names"),
    [
        ("Who is the CEO of Clearview?", ["Clearview"]),
        ("What did Clearview's CEO say?", ["Clearview"]),
        ("Selon Clearview, qui utilise sa technologie ?", ["Clearview"]),
        ("Combien Meta doit-elle payer ?", ["Meta"]),
        ("Who signed a contract?", []),
    ],
)
def test_the_names_a_question_asks_about(q: str, names: list[str]) -> None:
    assert asked_names(q) == names


def test_a_sentence_about_another_party_does_not_answer() -> None:
    ev = _ev("L’agence d’immigration paie 224 000 $ pour des licences.")
    answerer = ExtractiveAnswerer()
    assert answerer.answer("Combien Meta doit-elle payer ?", [ev], lang="fr", dates={}).abstained
    # the name may be in the sentence before, the title, or abbreviated
    ev.sentence.context = "Immigration and Customs Enforcement a signé un contrat."
    assert not answerer.answer("Combien ICE doit-elle payer ?", [ev], lang="fr", dates={}).abstained


def test_as_a_fallback_untyped_questions_need_a_sentence_covering_all_of_them() -> None:
    partly = [_ev("Clearview AI a été à l’honneur depuis une enquête du New York Times.", coverage=0.75)]
    q = "What did the New York Times find about the police?"
    assert not ExtractiveAnswerer().answer(q, partly, lang="en", dates={}).abstained
    strict = ExtractiveAnswerer(untyped_coverage_min=1.0)
    assert strict.answer(q, partly, lang="en", dates={}).abstained
    # a typed question keeps the usual floor: the fact type is checked in the sentence
    typed = [_ev("L’agence d’immigration paie 224 000 $.", coverage=0.75)]
    assert not strict.answer("How much does the agency pay?", typed, lang="en", dates={}).abstained


def test_which_newspaper_asks_for_a_name_that_reads_like_an_outlet() -> None:
    ev = _ev(
        "Le Washington Post a rapporté que l’agence, avec le FBI, a accédé aux permis de conduire.",
        matched={"permis": "permis", "conduire": "conduire"},
    )
    q = "Quel journal a révélé l'utilisation des permis de conduire ?"
    assert "Washington Post" in ExtractiveAnswerer().answer(q, [ev], lang="fr", dates={}).short
    # without the answer type, the name nearest the matched words
    assert ExtractiveAnswerer().answer("Qui a accédé aux permis de conduire ?", [ev], lang="fr", dates={}).short == "FBI"


def test_who_picks_the_name_nearest_the_matched_words() -> None:
    ev = _ev(
        "ICE a signé un contrat avec Clearview AI, selon des dossiers partagés par Tech Inquiry.",
        matched={"shared": "partages"},
    )
    a = ExtractiveAnswerer().answer("Who shared the records?", [ev], lang="en", dates={})
    assert a.answer.startswith("Tech Inquiry.")


def test_who_prefers_the_agent_of_a_passive_verb_the_question_matched() -> None:
    text = "ICE a signé un contrat avec Clearview AI, selon des dossiers du gouvernement, partagés par le groupe Tech Inquiry."
    ev = _ev(text, matched={"shared": "partages", "records": "dossiers"})
    a = ExtractiveAnswerer().answer("Who shared the records?", [ev], lang="en", dates={})
    assert a.answer.startswith("Tech Inquiry.")
    signed = _ev(text, matched={"signed": "signe", "contract": "contrat"})
    assert (
        ExtractiveAnswerer().answer("Who signed a contract?", [signed], lang="en", dates={}).answer.startswith("ICE.")
    )


def test_a_stranded_preposition_picks_the_name_it_governs() -> None:
    text = "Après que le contrat a été rendu public, la société a déclaré à The Verge : « Oui », a déclaré Hoan Ton."
    ev = _ev(text, matched={"company": "societe", "speak": "declare"})
    answerer = ExtractiveAnswerer()
    assert answerer.answer("Which outlet did the company speak to?", [ev], lang="en", dates={}).answer.startswith(
        "The Verge."
    )
    assert answerer.answer("À qui la société a-t-elle parlé ?", [ev], lang="fr", dates={}).answer.startswith(
        "The Verge."
    )
    assert governing_preposition("Who did ICE sign a contract with?") == {"avec", "with"}
    assert governing_preposition("Who signed?") == set()
    # A stranded preposition may be followed by a time phrase; one with its own object is not stranded.
    assert governing_preposition("Who did Clearview speak to after the contract became public?") == {"à", "au", "aux", "to"}
    assert governing_preposition("Who did ICE sign a contract with in August?") == {"avec", "with"}
    assert governing_preposition("Who spoke to the press after the deal?") == set()
    # "a" (has) is not "à" (to), and a clause boundary ends the preposition's reach.
    assert not _introduced_by(text, text.index("Hoan Ton"), {"à", "au", "aux", "to"})
    assert _introduced_by(text, text.index("The Verge"), {"à", "au", "aux", "to"})


@pytest.mark.parametrize(
    ("q", "terms"),
    [
        ("Which outlet did the company speak to?", ["company", "speak"]),
        ("Avec quelle société l'agence a-t-elle signé ?", ["agence", "signe"]),
        ("What is the revenue?", ["revenue"]),
        # a verb of naming before a name is not a term; "called" as phoning or demanding is
        ("Is Clearview's CEO called Hoan Ton?", ["clearview", "ceo", "hoan"]),
        ("Le PDG de Clearview s’appelle Hoan Ton.", ["pdg", "clearview", "hoan"]),
        ("A startup named Clearview sells software.", ["startup", "clearview", "sells", "software"]),
        ("ICE called Clearview on Monday.", ["ice", "called", "clearview", "monday"]),
        ("The union called for a strike.", ["union", "called", "strike"]),
        ("Le gouvernement a nommé Jean Dupont.", ["gouvernement", "nomme", "jean", "dupont"]),
    ],
)
def test_the_answer_type_noun_is_not_a_required_term(q: str, terms: list[str]) -> None:
    assert query_terms(q) == terms


def test_entities_skip_sentence_openers() -> None:
    assert entities("Après que le contrat ICE a été rendu public, The Verge a parlé à Hoan Ton.") == [
        "ICE",
        "The Verge",
        "Hoan Ton",
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("« Nous aidons HSI », a déclaré Hoan Ton, PDG de la société.", ["HSI", "Hoan Ton"]),
        ("Clearview's CEO is Mark Zuckerberg.", ["Mark Zuckerberg"]),
        ("Yesterday CEO Hoan Ton met the FBI.", ["Hoan Ton", "FBI"]),
        ("The CEO resigned.", []),
    ],
)
def test_job_titles_are_not_parties(text: str, names: list[str]) -> None:
    assert entities(text) == names


def test_who_answers_the_name_not_the_title() -> None:
    ev = _ev("« Clearview AI a permis à HSI de sauver des enfants », a déclaré Hoan Ton, PDG de la société.", matched={"pdg": "pdg"})
    ans = ExtractiveAnswerer().answer("Qui est le PDG ?", [ev], lang="fr", dates={})
    assert ans.short == "Hoan Ton"


@pytest.mark.parametrize(
    ("text", "neg"),
    [
        ("ICE did not sign.", True),
        ("L'ICE n'a pas signé.", True),
        ("ICE never paid.", True),
        ("ICE a signé un contrat.", False),
        ("Il ne paie jamais.", True),
        ("The agency signed.", False),
        ("Le règlement ne s'applique pas aux vaccins.", True),  # reflexive pronoun between ne and pas
        ("Il n'est (toujours) pas avéré.", True),
        ("Le virus ne l'affaiblit pas.", True),
        ("Il n'a pour l'heure pas signé.", True),
        ("Les habitants ne sont plus alimentés qu'un jour sur trois.", False),  # restrictive: "only"
        ("Il n'y a plus que trois trains.", False),
        ("Il ne travaille plus pour ICE.", True),
        ("Il ne reste plus rien.", True),
    ],
)
def test_negation(text: str, neg: bool) -> None:
    assert negated(text) is neg


@pytest.mark.parametrize(
    ("claim", "said"),
    [
        ("I read that ICE worked with the FBI.", "ICE worked with the FBI."),
        ("I heard ICE paid $224,000.", "ICE paid $224,000."),
        ("Someone told me that Clearview is based in New York.", "Clearview is based in New York."),
        ("J'ai entendu dire que l'ICE a payé Clearview.", "L'ICE a payé Clearview."),
        ("Il paraît que Clearview a menti.", "Clearview a menti."),
        # not hearsay, or nothing left to judge
        ("ICE read the report.", "ICE read the report."),
        ("I saw them pay ICE.", "I saw them pay ICE."),
        ("I read that.", "I read that."),
    ],
)
def test_hearsay_before_a_claim_is_not_judged(claim: str, said: str) -> None:
    from bot.judge.claims import strip_hearsay

    assert strip_hearsay(claim) == said


def test_compound_claims_split_into_parts() -> None:
    assert split_claim("ICE signed with Clearview for $224,000 and the deal lasts three years") == [
        "ICE signed with Clearview for $224,000",
        "the deal lasts three years",
    ]
    assert split_claim("Salt and pepper") == ["Salt and pepper"]
    assert split_claim("The contract between ICE and Clearview is worth 2 million dollars") == [
        "The contract between ICE and Clearview is worth 2 million dollars"
    ]
    assert split_claim("Le contrat entre ICE et Clearview vaut 224 000 $ et il dure trois ans") == [
        "Le contrat entre ICE et Clearview vaut 224 000 $",
        "il dure trois ans",
    ]


def _verifier() -> RuleJudge:
    return RuleJudge(EvidenceRanker(HashEmbedder()))


def test_number_mismatch_refutes_with_rationale() -> None:
    ev = _ev("L'agence paie 224 000 $ à Clearview.", matched={"paie": "paie", "clearview": "clearview"})
    j = _verifier().judge("L'agence paie 2 millions de dollars à Clearview.", [ev], lang="fr")
    assert j.label == "refuted" and "224 000 $" in j.rationale


def test_a_figure_within_a_claimed_range_is_not_refuted() -> None:
    matched = {"paie": "paie", "clearview": "clearview"}
    ev = _ev("L'agence paie 224 000 $ à Clearview.", matched=matched)
    assert _verifier().judge("L'agence paie plus de 200 000 $ à Clearview.", [ev], lang="fr").label != "refuted"
    j = _verifier().judge("L'agence paie moins de 100 000 $ à Clearview.", [ev], lang="fr")
    assert j.label == "refuted" and "224 000 $" in j.rationale


def test_a_sentence_lacking_a_claim_word_for_its_opposite_refutes() -> None:
    text = "Le syndicat Sud-Rail a toutefois critiqué une commande jugée trop tardive."
    ev = _ev(text, coverage=0.6, matched={"sud-rail": "sud-rail", "order": "commande"})
    ev.missing = ["welcomed"]
    j = _verifier().judge("Sud-Rail welcomed the order.", [ev], lang="en")
    assert j.label == "refuted" and j.basis == "opposites" and "critiqué" in j.rationale
    # the claim's other words must be there too: an opposite word alone decides nothing
    thin = _ev(text, coverage=0.3, matched={"order": "commande"})
    thin.missing = ["welcomed", "unions", "siemens"]
    assert _verifier().judge("Unions at Siemens welcomed the order.", [thin], lang="en").label == "not_enough_info"


def test_the_same_amount_in_another_currency_is_refuted() -> None:
    ev = _ev("L'agence paie 224 000 $ à Clearview.", matched={"paie": "paie", "clearview": "clearview"})
    j = _verifier().judge("L'agence paie 224 000 euros à Clearview.", [ev], lang="fr")
    assert j.label == "refuted" and "224 000 $" in j.rationale and "224 000 euros" in j.rationale
    # another amount in another currency may be a conversion: not refuted by the figure
    assert _verifier().judge("L'agence paie 200 000 euros à Clearview.", [ev], lang="fr").label != "refuted"


def test_a_count_written_in_words_is_compared_with_the_thing_counted() -> None:
    ev = _ev("Its database holds more than 3 billion images from social media.", matched={"database": "database", "images": "images"})
    j = _verifier().judge("Its database holds fewer than one million images.", [ev], lang="en")
    assert j.label == "refuted" and "3 billion" in j.rationale and "1,000,000" in j.rationale
    assert _verifier().judge("Its database holds more than two billion images.", [ev], lang="en").label != "refuted"


@pytest.mark.parametrize(
    ("claim", "source"),
    [
        ("Clearview denied the contract.", "Clearview confirmed the contract."),
        ("L'ICE a refusé de signer le contrat.", "L'ICE a signé le contrat."),
        ("The contract was signed without HSI.", "The contract was signed with HSI."),
    ],
)
def test_a_negating_word_flips_polarity(claim: str, source: str) -> None:
    assert polar(claim) != polar(source)


def test_missing_duration_is_not_enough_info() -> None:
    ev = _ev("L'agence paie 224 000 $ à Clearview.")
    assert _verifier().judge("The contract lasts three years.", [ev], lang="en").label == "not_enough_info"


def test_overall_label_follows_the_parts() -> None:
    from bot.models import ClaimPart

    def part(label: str) -> ClaimPart:
        return ClaimPart(claim="x", verdict=label, confidence=0.8)  # type: ignore[arg-type]

    assert combine("c", [part("supported"), part("refuted")], "en").verdict == "refuted"
    assert combine("c", [part("supported"), part("not_enough_info")], "en").verdict == "not_enough_info"
    assert combine("c", [part("supported"), part("supported")], "en").verdict == "supported"


@pytest.mark.parametrize(
    ("name", "text", "same"),
    [
        ("Nations unies", "L'ONU a voté la résolution.", True),
        ("ONU", "Les Nations unies ont voté.", True),
        ("HSI", "the agreement is with Homeland Security Investigations", True),
        ("Organisation mondiale de la santé", "selon l'OMS", True),
        ("FBI", "the agreement is with Homeland Security Investigations (HSI)", False),
        ("Tan Kefei", "l'OTAN", False),
    ],
)
def test_an_acronym_and_its_expansion_name_the_same_party(name: str, text: str, same: bool) -> None:
    assert abbreviates(name, text) is same


def test_an_opposite_word_turns_support_into_refutation() -> None:
    assert opposed("Le code a été créé avant les procès.", "Le code a été créé après les procès.") == ("avant", "après")
    assert opposed("The test gave false negatives.", "The test gave false positives.") == ("negatives", "positives")
    assert opposed("ICE paid Clearview.", "ICE paid Clearview.") is None
    # how often: "rarely" against « largement »
    text = "sa technologie était largement utilisée par les forces de l’ordre"
    assert opposed("Clearview's technology is rarely used by police.", text) == ("rarely", "largement")
    # a phrase that stands for one side: « à but non lucratif » is "non-profit"
    source = "des dossiers partagés par une organisation à but non lucratif Tech Inquiry"
    assert opposed("Tech Inquiry is a for-profit company.", source) == ("for-profit", "non-profit")
    assert opposed("Tech Inquiry est une organisation à but non lucratif.", source) is None
    # accepting what the source says was contested
    assert opposed("Colivo accepted the court's decision.", "Colivo conteste la décision et fera appel.") == ("accepted", "conteste")
    source = "The contract was signed before the report."
    ev = _ev(source, matched={w: w for w in ("contract", "signed", "report")})
    j = _verifier().judge("The contract was signed after the report.", [ev], lang="en")
    assert j.label == "refuted" and "before" in j.rationale


def test_who_does_not_answer_with_the_expansion_of_a_name_asked_about() -> None:
    ev = _ev(
        "Selon le Post, le FBI a aidé Immigration and Customs Enforcement à consulter les permis de conduire.",
        matched={"permis": "permis", "conduire": "conduire", "consulter": "consulter"},
    )
    ans = ExtractiveAnswerer().answer("Quelle agence a aidé ICE à consulter les permis de conduire ?", [ev], lang="fr", dates={})
    assert ans.short == "FBI"


def test_a_sentence_counting_the_very_thing_asked_needs_only_half_the_terms() -> None:
    q = "Combien d'images Clearview a-t-elle collectées ?"  # the article never says "collected"
    images = _ev("Clearview a une base de données de plus de 3 milliards d’images provenant des réseaux sociaux.", coverage=0.53)
    a = ExtractiveAnswerer().answer(q, [images], lang="fr", dates={})
    assert not a.abstained and a.short == "3 milliards d’images"
    # a number of something else, at the same coverage, does not answer
    staff = _ev("Clearview emploie 300 personnes dans le monde.", coverage=0.53)
    assert ExtractiveAnswerer().answer(q, [staff], lang="fr", dates={}).abstained
    # and below half the terms the counted noun is not enough
    assert ExtractiveAnswerer().answer(q, [_ev(images.sentence.text, coverage=0.4)], lang="fr", dates={}).abstained


def test_the_counted_thing_is_recognised_in_the_other_language() -> None:
    q = "Combien de personnes le paludisme a-t-il tué en 2021 ?"
    text = "Malaria killed about 619,000 people in 2021, most of them children under five."
    ev = _ev(text, coverage=0.56, matched={"personnes": "people", "tue": "killed"})
    a = ExtractiveAnswerer().answer(q, [ev], lang="fr", dates={})
    assert not a.abstained and a.short.startswith("619,000")
    # without the match of « personnes » in the sentence, half the terms are not enough
    assert ExtractiveAnswerer().answer(q, [_ev(text, coverage=0.56, matched={"tue": "killed"})], lang="fr", dates={}).abstained


def test_a_count_is_the_number_of_the_thing_asked_about() -> None:
    ev = _ev("Les rames seront assemblées par 1 000 salariés, soit 15 rames par an.")
    a = ExtractiveAnswerer().answer("Combien de rames seront assemblées par an ?", [ev], lang="fr", dates={})
    assert a.short == "15 rames"
    b = ExtractiveAnswerer().answer("Combien de salariés assembleront les rames ?", [ev], lang="fr", dates={})
    assert b.short == "1 000 salariés"


def test_how_many_years_is_answered_by_a_duration() -> None:
    ev = _ev("Savannah areas expanded over the last 34 million years ago, while 5 species died out.")
    a = ExtractiveAnswerer().answer("Savannah areas expanded over the last how many years?", [ev], lang="en", dates={})
    assert a.short == "34 million years"


def test_a_duration_given_as_a_range_is_answered_with_the_range() -> None:
    ev = _ev("La construction durera de 2 à 3 ans.")
    assert ExtractiveAnswerer().answer("Combien de temps durera la construction ?", [ev], lang="fr", dates={}).short == "2 à 3 ans"
    ev = _ev("Within the last 5–10 million years, the river broke through the arch.")
    assert ExtractiveAnswerer().answer("How long ago did the river break through?", [ev], lang="en", dates={}).short == "5–10 million years"


def test_a_count_is_not_a_sum_of_money_unless_money_is_counted() -> None:
    ev = _ev("L'agence paie 224 000 $ pour des licences.", coverage=0.7)
    assert ExtractiveAnswerer().answer("How many agents does ICE have?", [ev], lang="en", dates={}).abstained
    assert ExtractiveAnswerer().answer("How many dollars does the agency pay?", [ev], lang="en", dates={}).short.startswith("224 000 $")


@pytest.mark.parametrize(
    ("question", "acronym"),
    [
        ("What does ICE stand for?", "ICE"),
        ("Que signifie ICE ?", "ICE"),
        ("Que veut dire l'OMS ?", "OMS"),
        ("What is NDMA short for?", "NDMA"),
        ("Quelle est la signification de HSI ?", "HSI"),
        ("What does ICE do?", None),
        ("Que signifie ce contrat ?", None),
        ("What does Clearview mean?", None),
    ],
)
def test_a_question_asking_what_an_acronym_stands_for(question: str, acronym: str | None) -> None:
    assert acronym_asked(question) == acronym


@pytest.mark.parametrize(
    ("acronym", "text", "spelled"),
    [
        ("ICE", "Immigration and Customs Enforcement (ICE) a signé un contrat.", "Immigration and Customs Enforcement"),
        ("EIB", "a loan from the European Investment Bank (EIB).", "European Investment Bank"),
        ("OMS", "the World Health Organization said", "World Health Organization"),  # its English form, WHO
        ("HSI", "le Department of Homeland Security (HSI), qui utilise", None),  # the letters are not these words
        ("FBI", "en collaboration avec le FBI", None),
    ],
)
def test_an_acronym_spelled_out_in_a_sentence(acronym: str, text: str, spelled: str | None) -> None:
    span = expansion(acronym, text)
    assert (text[span[0] : span[1]] if span else None) == spelled


def test_what_an_acronym_stands_for_is_answered_from_the_sentence_that_spells_it_out() -> None:
    evs = [_ev("ICE est connu pour avoir utilisé la reconnaissance faciale."), _ev("Immigration and Customs Enforcement (ICE) a signé un contrat.")]
    a = ExtractiveAnswerer().answer("What does ICE stand for?", evs, lang="en", dates={})
    assert a.short == "Immigration and Customs Enforcement" and a.citations[0].quote.startswith("Immigration")
    assert ExtractiveAnswerer().answer("What does ICE stand for?", evs[:1], lang="en", dates={}).short != "Immigration and Customs Enforcement"


def test_the_thing_counted_may_be_named_by_another_word_of_its_glossary_group() -> None:
    """"How many photos …?" on "… 3 milliards d'images", where the sentence also says « une photo »."""
    ev = _ev("Clearview identifie quelqu'un avec juste une photo grâce à plus de 3 milliards d’images.", coverage=0.5, matched={"photos": "photo"})
    a = ExtractiveAnswerer().answer("Combien de photos Clearview possède-t-elle ?", [ev], lang="fr", dates={})
    assert a.short == "3 milliards d’images"


def test_of_sentences_covering_a_who_question_alike_the_one_holding_its_role_word_answers() -> None:
    """"Qui dirige Nordwind ?": the sentence after "Chief executive Mette Holm said …" covers the
    question as well through its context, and names countries; the role word's own sentence answers."""
    first = Sentence(doc_id="d", title="Nordwind scraps wind farm", lang="en", text="Chief executive Mette Holm said costs rose.", start=0, end=44)
    after = Sentence(doc_id="d", title="Nordwind scraps wind farm", lang="en", text="Nordwind will focus on Denmark and Germany.", start=45, end=88, context=first.text)
    evs = [
        Evidence(after, score=0.9, dense=0.9, coverage=1.0, matched={"dirige": "chief", "nordwind": "nordwind"}, missing=[]),
        Evidence(first, score=0.8, dense=0.8, coverage=1.0, matched={"dirige": "chief", "nordwind": "nordwind"}, missing=[]),
    ]
    assert ExtractiveAnswerer().answer("Qui dirige Nordwind ?", evs, lang="fr", dates={}).short == "Mette Holm"


def test_an_amount_of_change_or_a_share_is_answered_by_a_percentage() -> None:
    ev = _ev("La fréquentation devrait augmenter de 8 % avec la gratuité.", coverage=1.0)
    assert ExtractiveAnswerer().answer("De combien la fréquentation devrait-elle augmenter ?", [ev], lang="fr", dates={}).short == "8 %"
    share = _ev("The hospital said 40% of planned operations were postponed.", coverage=1.0)
    assert ExtractiveAnswerer().answer("What share of planned operations was postponed?", [share], lang="en", dates={}).short == "40%"
    # an amount that is no change nor share is not a percentage
    assert ExtractiveAnswerer().answer("How much is the fare?", [_ev("The fare is 20% of the old one.")], lang="en", dates={}).abstained



@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What kind of organization is Tech Inquiry?", ("organization", "Tech Inquiry")),
        ("Quel type d'organisation est Tech Inquiry ?", ("organisation", "Tech Inquiry")),
        ("Quel genre de société est Clearview AI ?", ("société", "Clearview AI")),
        ("What kind of work does he do?", None),
    ],
)
def test_a_question_asking_what_kind_of_thing_a_party_is(question: str, asked: tuple[str, str] | None) -> None:
    assert kind_of_asked(question) == asked


@pytest.mark.parametrize(
    ("noun", "name", "text", "kind"),
    [
        ("organisation", "Tech Inquiry", "partagés par une organisation à but non lucratif Tech Inquiry.", "organisation à but non lucratif"),
        ("organization", "Tech Inquiry", "partagés par une organisation à but non lucratif Tech Inquiry.", "organisation à but non lucratif"),  # across languages
        ("company", "Clearview AI", "un contrat avec la société de reconnaissance faciale Clearview AI cette semaine", "société de reconnaissance faciale"),
        ("organization", "Tech Inquiry", "records shared by the nonprofit organization Tech Inquiry on Twitter.", "nonprofit organization"),
        # the noun alone says no kind; another name between them is another party's
        ("organization", "Tech Inquiry", "records shared by the organization Tech Inquiry.", None),
        ("company", "Clearview AI", "the company Meta and Clearview AI", None),
    ],
)
def test_the_kind_of_thing_a_party_is_read_before_its_name(noun: str, name: str, text: str, kind: str | None) -> None:
    span = kind_of_span(noun, name, text)
    assert (text[span[0] : span[1]] if span else None) == kind
