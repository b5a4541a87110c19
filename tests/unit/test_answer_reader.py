"""ReaderAnswerer with a fake reader: spans become verbatim citations; low scores abstain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.answers.reader import (
    ReaderAnswerer,
    dated_span,
    fits_kind,
    locate,
    names_the_measure,
    passages_from,
    short_answer,
    typed_span,
    whole_words,
)
from bot.evidence import Evidence, Sentence
from bot.neural.reader import Reading

DOC = "ICE a signé un contrat avec Clearview AI. L’agence paie 224 000 $ pour des licences. Hoan Ton est PDG."


def sentences() -> list[Evidence]:
    spans = [(0, 41), (42, 84), (85, len(DOC))]
    out = []
    for rank, (a, b) in enumerate(spans):
        s = Sentence(doc_id="d1", title="t", lang="fr", text=DOC[a:b], start=a, end=b, chunk_rank=0)
        out.append(Evidence(s, score=1.0 - rank / 10, dense=0.8, coverage=0.0))
    return out[::-1]  # ranking order is not document order


@dataclass
class FakeReader:
    prob: float
    needle: str
    threshold: float = 0.5
    threshold_across: float = 0.5  # for a passage in the other language than the question

    def read(self, question: str, passages: Sequence[str]) -> list[Reading]:
        text = passages[0]
        at = text.find(self.needle)
        return [Reading(0, self.prob, at, at + len(self.needle), 3.0)]


def test_passages_rebuild_chunks_in_document_order() -> None:
    (p,) = passages_from(sentences())
    assert p.text == DOC
    at = p.text.find("224 000 $")
    s, a, b = locate(p, at, at + 9) or (None, 0, 0)
    assert s is not None and s.text[a:b] == "224 000 $" and DOC[s.start + a : s.start + b] == "224 000 $"


def test_a_span_starting_with_the_space_between_sentences_belongs_to_the_second() -> None:
    (p,) = passages_from(sentences())
    at = p.text.find(" L’agence")
    s, a, b = locate(p, at, at + len(" L’agence paie")) or (None, 0, 0)
    assert s is not None and s.text.startswith("L’agence") and s.text[a:b] == "L’agence paie"


def test_confident_reader_answers_with_the_span_and_its_sentence_as_citation() -> None:
    ans = ReaderAnswerer(FakeReader(0.9, "224 000 $")).answer("How much does ICE pay?", sentences(), lang="en", dates={})  # type: ignore[arg-type]
    assert not ans.abstained and ans.method == "reader"
    assert ans.short == "$224,000"
    (c,) = ans.citations
    assert DOC[c.start : c.end] == c.quote and "224 000 $" in c.quote
    assert ans.score == 0.9


def test_unsure_reader_without_a_rule_answer_abstains() -> None:
    ans = ReaderAnswerer(FakeReader(0.1, "Hoan Ton")).answer("What is Clearview's revenue?", sentences(), lang="en", dates={})  # type: ignore[arg-type]
    assert ans.abstained and not ans.citations and ans.method == "abstain"
    assert ans.answer == "The sources don't say."


def test_short_answer_normalises_amounts_only() -> None:
    assert short_answer("amount", " 224 000 $", "en") == "$224,000"
    assert short_answer("who", "Hoan Ton,", "en") == "Hoan Ton"


def test_an_amount_span_that_cuts_the_currency_off_is_widened_to_the_whole_figure() -> None:
    ans = ReaderAnswerer(FakeReader(0.9, "224 000")).answer("How much does ICE pay?", sentences(), lang="en", dates={})  # type: ignore[arg-type]
    assert ans.short == "$224,000"
    assert typed_span("amount", "pays $1.5 million a year", 6, 17) == (5, 17)
    assert typed_span("who", "pays $1.5 million a year", 0, 9) == (0, 9)  # only amounts, or a piece of the figure:
    assert typed_span("general", "a $1.5 million loan", 3, 14) == (2, 14)
    assert typed_span("amount", "pays $1.5 million a year", 0, 4) == (0, 4)  # no figure cut
    assert typed_span("amount", "consommera 20 % d'énergie en moins", 11, 13) == (11, 15)  # "20" -> "20 %"
    assert typed_span("general", "remplie qu'à 7 %.", 13, 14) == (13, 16)


def test_the_reader_says_which_texts_answer() -> None:
    reader = ReaderAnswerer(FakeReader(0.9, "224"), threshold=0.5)
    assert reader.answering("How much?", ["L'agence paie 224 000 $."]) == [True]
    assert reader.answering("How much?", []) == []
    assert ReaderAnswerer(FakeReader(0.2, "224"), threshold=0.5).answering("How much?", ["x"]) == [False]


def test_a_span_ending_inside_a_word_is_widened_to_the_whole_word() -> None:
    def widened(text: str, span: str) -> str:
        a = text.index(span)
        a, b = whole_words(text, a, a + len(span))
        return text[a:b]

    assert widened("a déclaré Hoan Ton-That, fondateur", "Hoan Ton") == "Hoan Ton-That"
    assert widened("Hundreds of people came.", "Hund") == "Hundreds"
    assert widened("une main-d'œuvre très qualifiée.", "très qualifié") == "très qualifiée"
    assert widened("the second-most populous city", "second") == "second"  # not a name: the hyphen stays out
    assert widened("It cost $5 million in 2020.", "$5 million") == "$5 million"  # whole words already


@dataclass
class TwoPassages:
    """Passage 0 names the question's own party with confidence; passage 1 gives another name."""

    def read(self, question: str, passages: Sequence[str]) -> list[Reading]:
        out = []
        for i, (text, needle, prob) in enumerate(zip(passages, ["Immigration and Customs Enforcement", "FBI"], [0.9, 0.6], strict=False)):
            at = text.find(needle)
            out.append(Reading(i, prob, at, at + len(needle), 3.0))
        return out


def _two_chunks() -> list[Evidence]:
    texts = ["Immigration and Customs Enforcement (ICE) a signé un contrat.", "L’agence a travaillé avec le FBI."]
    return [
        Evidence(Sentence(doc_id="d1", title="t", lang="fr", text=t, start=0, end=len(t), chunk_rank=rank), score=1.0, dense=0.8, coverage=0.0)
        for rank, t in enumerate(texts)
    ]


def test_a_who_question_is_not_answered_by_the_party_it_names() -> None:
    answerer = ReaderAnswerer(TwoPassages(), threshold=0.5)  # type: ignore[arg-type]
    ans = answerer.answer("Which agency did ICE work with?", _two_chunks(), lang="en", dates={})
    assert not ans.abstained and ans.short == "FBI" and ans.score == 0.6
    # Other questions keep the best passage, even where its span repeats the question's words.
    ans = answerer.answer("What is ICE's full name?", _two_chunks(), lang="en", dates={})
    assert ans.short == "Immigration and Customs Enforcement"


@dataclass
class AskedReader:
    """Records the question each passage was read with."""

    asked: list[tuple[str, str]]
    threshold: float = 0.5
    threshold_across: float = 0.5

    def read(self, question: str, passages: Sequence[str], *, questions: Sequence[str] | None = None) -> list[Reading]:
        self.asked += list(zip(questions or [question] * len(passages), passages, strict=True))
        return [Reading(i, 0.1, -1, -1) for i in range(len(passages))]


def test_a_passage_in_the_other_language_is_read_with_the_matched_words_as_it_writes_them() -> None:
    """The term matcher paired "drivers" with « conducteurs » and "union" with « syndicat »: the
    French passage is read with those words in the question; the English one as asked."""
    fr = "Le syndicat des conducteurs a réclamé 40 chauffeurs supplémentaires."
    en = "The union of drivers wants 40 more."
    evidence = [
        Evidence(Sentence(doc_id="fr", title="t", lang="fr", text=fr, start=0, end=len(fr), chunk_rank=0), score=1.0, dense=0.8,
                 coverage=0.5, matched={"drivers": "conducteurs", "union": "syndicat", "extra": "elsewhere"}),
        Evidence(Sentence(doc_id="en", title="t", lang="en", text=en, start=0, end=len(en), chunk_rank=1), score=0.9, dense=0.8,
                 coverage=0.5, matched={"drivers": "drivers", "union": "union"}),
    ]
    reader = AskedReader([])
    ReaderAnswerer(reader, threshold=0.5).answer("How many extra drivers does the Union want?", evidence, lang="en", dates={})  # type: ignore[arg-type]
    assert dict((p, q) for q, p in reader.asked) == {
        fr: "How many extra conducteurs does the syndicat want?",  # "extra" matched a word the passage lacks: kept
        en: "How many extra drivers does the Union want?",
    }
    # one French passage alone (every passage read with the same anchored question) is read anchored too
    alone = AskedReader([])
    ReaderAnswerer(alone, threshold=0.5).answer("How many extra drivers does the Union want?", evidence[:1], lang="en", dates={})  # type: ignore[arg-type]
    assert alone.asked == [("How many extra conducteurs does the syndicat want?", fr)]
    off = AskedReader([])
    ReaderAnswerer(off, threshold=0.5, cross_lingual=False).answer("How many extra drivers does the Union want?", evidence, lang="en", dates={})  # type: ignore[arg-type]
    assert {q for q, _ in off.asked} == {"How many extra drivers does the Union want?"}


def matched_in(text: str, lang: str, matched: dict[str, str]) -> Evidence:
    """One retrieved sentence, alone in its chunk, with the question terms the matcher paired in it."""
    s = Sentence(doc_id=lang, title="t", lang=lang, text=text, start=0, end=len(text), chunk_rank=0)
    return Evidence(s, score=1.0, dense=0.8, coverage=0.5, matched=matched)


def test_the_year_of_par_an_is_written_as_the_passage_writes_it() -> None:
    """The matcher pairs "year" with « par an » (``words`` reads that « an » as « annee »): the
    anchored question says "an", a word of the passage."""
    fr = "Le réseau transporte 85 millions de voyageurs par an."
    ev = matched_in(fr, "fr", {"passengers": "voyageurs", "year": "annee"})
    reader = AskedReader([])
    ReaderAnswerer(reader, threshold=0.5).answer("How many passengers use it each year?", [ev], lang="en", dates={})  # type: ignore[arg-type]
    assert reader.asked == [("How many voyageurs use it each an?", fr)]


def test_an_inverted_french_verb_is_anchored_without_its_pronoun() -> None:
    """« prête-t-elle » is « prête » asked; the matcher paired « prete » with "loan"."""
    en = "The expansion is financed by a €30 million loan from the European Investment Bank."
    ev = matched_in(en, "en", {"prete": "loan", "banque": "bank"})
    reader = AskedReader([])
    ReaderAnswerer(reader, threshold=0.5).answer("Combien la banque prête-t-elle ?", [ev], lang="fr", dates={})  # type: ignore[arg-type]
    assert reader.asked == [("Combien la Bank loan ?", en)]
    # a word the matcher did not pair keeps its pronoun
    reader = AskedReader([])
    ReaderAnswerer(reader, threshold=0.5).answer("Combien la banque demande-t-elle ?", [ev], lang="fr", dates={})  # type: ignore[arg-type]
    assert reader.asked == [("Combien la Bank demande-t-elle ?", en)]


def test_a_word_asking_for_an_amount_is_written_as_the_passage_writes_it() -> None:
    """« coûter » is no term of the question (it asks for an amount), so the matcher did not pair
    it; the glossary writes it as the passage does. Other words it did not pair stay as asked."""
    en = "The company expects the recall to cost about $35 million."
    ev = matched_in(en, "en", {"rappel": "recall"})
    reader = AskedReader([])
    ReaderAnswerer(reader, threshold=0.5).answer("Combien ce rappel va-t-il coûter au laboratoire ?", [ev], lang="fr", dates={})  # type: ignore[arg-type]
    assert reader.asked == [("Combien ce recall va-t-il cost au laboratoire ?", en)]
    fr = "La mesure coûtera environ 6,5 millions d'euros par an."
    ev = matched_in(fr, "fr", {"measure": "mesure"})
    reader = AskedReader([])
    ReaderAnswerer(reader, threshold=0.5).answer("How much will the measure cost?", [ev], lang="en", dates={})  # type: ignore[arg-type]
    assert reader.asked == [("How much will the mesure coûtera?", fr)]


@dataclass
class Needles:
    """Passage i's span is needles[i], read with probability probs[i]."""

    needles: list[str]
    probs: list[float]

    def read(self, question: str, passages: Sequence[str], *, questions: Sequence[str] | None = None) -> list[Reading]:
        out = []
        for i, text in enumerate(passages):
            at = text.find(self.needles[i])
            out.append(Reading(i, self.probs[i], at, at + len(self.needles[i]), 3.0))
        return out


def test_a_count_is_not_a_sum_of_money_and_an_amount_not_an_age() -> None:
    assert not fits_kind("count", "How many TGV M has SNCF ordered?", "850 millions d'euros")
    assert fits_kind("count", "How many dollars does ICE pay?", "224 000 $")  # money is what is counted
    assert fits_kind("count", "How many TGV M has SNCF ordered?", "15 rames")
    assert not fits_kind("amount", "How much will free public transport cost?", "25 ans")
    assert fits_kind("amount", "How much did ridership rise?", "8 %")
    assert fits_kind("amount", "How much will it cost?", "half the price")  # no figure: not checked
    assert fits_kind("who", "Who pays 224 000 $?", "224 000 $")  # only figures of figure questions


def _one_sentence_chunks(*texts: str, lang: str = "fr") -> list[Evidence]:
    """One sentence per chunk of one document, in retrieval order."""
    return [
        Evidence(Sentence(doc_id="d1", title="t", lang=lang, text=t, start=0, end=len(t), chunk_rank=rank), score=1.0, dense=0.8, coverage=0.0)
        for rank, t in enumerate(texts)
    ]


def test_the_reader_passes_over_a_span_of_the_wrong_kind_of_figure() -> None:
    """The best passage's span is a price for a "how many" question: the next passage answers."""
    answerer = ReaderAnswerer(Needles(["850 millions d'euros", "115"], [0.9, 0.6]), threshold=0.5)  # type: ignore[arg-type]
    chunks = _one_sentence_chunks("La SNCF paie 850 millions d'euros.", "La SNCF a commandé 115 rames.")
    ans = answerer.answer("How many trains has SNCF ordered?", chunks, lang="en", dates={})
    assert ans.short == "115"


def _chunks(*rows: tuple[str, str, dict[str, str]]) -> list[Evidence]:
    """One sentence per chunk, in retrieval order: (article title, text, question terms matched)."""
    return [
        Evidence(Sentence(doc_id=f"d{rank}", title=title, lang="en", text=text, start=0, end=len(text), chunk_rank=rank),
                 score=1.0, dense=0.8, coverage=0.5, matched=matched)
        for rank, (title, text, matched) in enumerate(rows)
    ]


def test_of_two_articles_that_answer_the_one_about_the_question_wins() -> None:
    """Both passages answer (probabilities near 1); the drug recall's holds one of the question's
    terms, the hospital article's both: the hospital's director is the answer. Within one article
    the reader's probability decides, and a passage under the threshold never wins."""
    rows = (
        ("Veltris recalls pills", "The pills were made at a plant run by the contractor Sunrise Labs.", {"runs": "run"}),
        ("Hospital hit by cyberattack", "The hospital's director, Claire Moreau, spoke on Monday.", {"runs": "director", "hospital": "hospital"}),
    )
    needles = Needles(["Sunrise Labs", "Claire Moreau"], [0.994, 0.986])
    assert ReaderAnswerer(needles, threshold=0.3).answer("Who runs the hospital?", _chunks(*rows), lang="en", dates={}).short == "Claire Moreau"  # type: ignore[arg-type]
    same = tuple(("One article", text, m) for _, text, m in rows)
    assert ReaderAnswerer(needles, threshold=0.3).answer("Who runs the hospital?", _chunks(*same), lang="en", dates={}).short == "Sunrise Labs"  # type: ignore[arg-type]
    low = Needles(["Sunrise Labs", "Claire Moreau"], [0.994, 0.2])
    assert ReaderAnswerer(low, threshold=0.3).answer("Who runs the hospital?", _chunks(*rows), lang="en", dates={}).short == "Sunrise Labs"  # type: ignore[arg-type]


def _span(question: str, text: str, read: str) -> str:
    a = text.index(read)
    a, b = dated_span("date", question, text, a, a + len(read))
    return text[a:b]


def test_a_when_question_read_as_a_name_gets_the_date_of_its_sentence() -> None:
    fined = "Elle avait déjà été condamnée en 2021 à une amende de 150 000 euros par l'Urssaf."
    assert _span("When was the company fined?", fined, "l'Urssaf") == "2021"
    assert _span("Quand a-t-elle été condamnée ?", fined, "l'Urssaf") == "2021"
    opened = "The bridge opened on 12 March 2019 after the mayor signed, and closed in June 2023."
    assert _span("When did the bridge open?", opened, "the mayor") == "12 March 2019"  # the nearest date, whole
    assert _span("When did the bridge close?", opened, "closed") == "June 2023"
    assert _span("When did the bridge open?", opened, "2019") == "2019"  # a date already: kept
    # a name asked "when" something happened, and a sentence without a date: kept
    assert _span("Who was the mayor when the bridge opened?", opened, "the mayor") == "the mayor"
    assert _span("When did it retract?", "It retracted at the last glacial maximum.", "glacial maximum") == "glacial maximum"


def test_an_amount_of_revenue_is_not_read_from_a_payment() -> None:
    paid = "La société devra leur verser au total 3,1 millions d'euros de rappels de salaires."
    assert not names_the_measure("amount", "How much revenue does Colivo make?", paid)
    assert not names_the_measure("amount", "Quel est le chiffre d'affaires de Colivo ?", paid)
    assert names_the_measure("amount", "Quel est le chiffre d'affaires de Colivo ?", "Son chiffre d'affaires atteint 12 millions d'euros.")
    assert names_the_measure("amount", "How much does Colivo have to pay the couriers?", paid)  # no measure named
    assert names_the_measure("amount", "How much in back wages must Colivo pay?", paid)  # wages / salaires
    assert names_the_measure("who", "Who reported the revenue?", paid)  # amount questions only


def test_the_reader_passes_over_a_sum_that_is_not_the_measure_asked() -> None:
    answerer = ReaderAnswerer(Needles(["3,1 millions d'euros", "12 millions d'euros"], [0.9, 0.6]), threshold=0.5)  # type: ignore[arg-type]
    chunks = _one_sentence_chunks("Colivo devra verser 3,1 millions d'euros.", "Le chiffre d'affaires de Colivo atteint 12 millions d'euros.")
    assert answerer.answer("How much revenue does Colivo make?", chunks, lang="en", dates={}).short == "€12 million"
    assert answerer.answer("How much revenue does Colivo make?", chunks[:1], lang="en", dates={}).abstained


def test_what_an_acronym_stands_for_is_read_from_its_spelling_not_the_model() -> None:
    """The model is sure of a span that is not what the letters stand for; the sentence that spells
    the acronym out answers."""
    answerer = ReaderAnswerer(Needles(["technologie de reconnaissance faciale", "Immigration"], [0.8, 0.7]), threshold=0.5)  # type: ignore[arg-type]
    chunks = _one_sentence_chunks("ICE utilise la technologie de reconnaissance faciale.", "Immigration and Customs Enforcement (ICE) a signé.")
    assert answerer.answer("Que signifie ICE ?", chunks, lang="fr", dates={}).short == "Immigration and Customs Enforcement"
    assert answerer.answer("Que fait ICE ?", chunks, lang="fr", dates={}).short == "technologie de reconnaissance faciale"


def test_a_passage_that_does_not_give_the_question_s_figures_does_not_answer() -> None:
    """"… in 2023?": the chunk about the trains (no 2023) is passed over for the one that gives it."""
    answerer = ReaderAnswerer(Needles(["740", "122 millions de voyageurs"], [0.6, 0.4]), threshold=0.3)  # type: ignore[arg-type]
    chunks = _one_sentence_chunks("Le TGV M transportera 740 voyageurs.", "La fréquentation a atteint 122 millions de voyageurs en 2023.")
    assert answerer.answer("How many passengers did the SNCF carry in 2023?", chunks, lang="en", dates={}).short == "122 millions de voyageurs"
    assert answerer.answer("How many passengers will the TGV M carry?", chunks, lang="en", dates={}).short == "740"
    # a year written inside a word ("by mid-2023"), or the document's date, gives it too
    mid = _one_sentence_chunks("It reached 740 riders by mid-2023.", lang="en")
    assert answerer.answer("How many riders were there in 2023?", mid, lang="en", dates={}).short == "740"
    undated = _one_sentence_chunks("It carries 740 riders.", lang="en")
    assert answerer.answer("How many riders were there in 2023?", undated, lang="en", dates={"d1": "2023-05"}).short == "740"
    assert answerer.answer("How many riders were there in 2023?", undated, lang="en", dates={}).abstained


def test_of_two_articles_holding_as_many_terms_the_one_in_the_question_s_language_answers() -> None:
    """The French article's passage is read anchored ("How many emploie …"), which makes the reader
    over-confident; the English article's, read as asked, answers."""
    rows = [
        ("TGV M", "fr", "Les rames seront assemblées à La Rochelle, où Alstom emploie 1 000 personnes.", {"jobs": "emploie"}),
        ("Nordwind scraps wind farm", "en", "About 300 jobs planned at Grimsby will not be created.", {"jobs": "jobs"}),
    ]
    chunks = [
        Evidence(Sentence(doc_id=f"d{i}", title=title, lang=lang, text=text, start=0, end=len(text), chunk_rank=i),
                 score=1.0, dense=0.8, coverage=0.5, matched=matched)
        for i, (title, lang, text, matched) in enumerate(rows)
    ]
    needles = Needles(["1 000 personnes", "300"], [0.906, 0.730])
    assert ReaderAnswerer(needles, threshold=0.3).answer("How many jobs will be lost?", chunks, lang="en", dates={}).short == "300"  # type: ignore[arg-type]
    # asked in French, the French passage is read as asked
    assert ReaderAnswerer(needles, threshold=0.3).answer("Combien d'emplois seront perdus ?", chunks, lang="fr", dates={}).short == "1 000 personnes"  # type: ignore[arg-type]


def test_a_passage_in_the_other_language_has_its_own_threshold() -> None:
    """The reader's probabilities are lower across languages for answers it has found: an English
    question on the French sentences passes at the other-language threshold, a French one does not."""
    reader = FakeReader(0.3, "224 000 $", threshold=0.5, threshold_across=0.2)
    en = ReaderAnswerer(reader).answer("How much does the agency pay?", sentences(), lang="en", dates={})  # type: ignore[arg-type]
    fr = ReaderAnswerer(reader).answer("Combien l'agence paie-t-elle ?", sentences(), lang="fr", dates={})  # type: ignore[arg-type]
    assert not en.abstained and en.short == "$224,000"
    assert fr.abstained
    # a threshold given alone sets both; one given for each keeps each
    assert ReaderAnswerer(reader, threshold=0.4).threshold_across == 0.4  # type: ignore[arg-type]
    assert ReaderAnswerer(reader, threshold=0.4, threshold_across=0.1).threshold_across == 0.1  # type: ignore[arg-type]
    assert ReaderAnswerer(reader).threshold_across == 0.2  # type: ignore[arg-type]
