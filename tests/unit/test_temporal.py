"""Dates, claim times, the reliability table and per-type eval scoring (no models)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.errors import InputError
from bot.evaluation.cases import load_suites, score
from bot.temporal import sources
from bot.temporal.dates import Period, as_of, parse_period, periods_in, split_time

REF = Period.month(2020, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("En fait, le mois dernier, le Washington Post a rapporté", ["2020-07"]),
        ("ICE a signé un contrat cette semaine.", ["2020-08"]),
        ("In March 2023, ICE paid $1.2 million.", ["2023-03"]),
        ("Le 14 août 2020, l'ICE a signé.", ["2020-08-14"]),
        ("On May 5, 2021 the agency renewed it.", ["2021-05-05"]),
        ("Depuis 2019, la société grandit.", ["2019"]),
        ("Last year the company lost money.", ["2019"]),
        ("The agency pays 224 000 dollars.", []),
    ],
)
def test_periods_named_in_a_sentence_resolve_against_the_document_date(text: str, expected: list[str]) -> None:
    assert [str(p) for p in periods_in(text, REF)] == expected


def test_relative_dates_need_the_document_date() -> None:
    assert periods_in("le mois dernier", None) == []
    assert str(periods_in("le mois dernier", Period.month(2021, 1))[0]) == "2020-12"


@pytest.mark.parametrize(
    ("claim", "period", "rest"),
    [
        ("In 2020, ICE paid Clearview AI $224,000.", "2020", "ICE paid Clearview AI $224,000."),
        ("En août 2020, l'ICE payait 224 000 $.", "2020-08", "L'ICE payait 224 000 $."),
        ("ICE paid Clearview $224,000 in 2020.", "2020", "ICE paid Clearview $224,000."),
        ("ICE paid Clearview $224,000.", None, "ICE paid Clearview $224,000."),
    ],
)
def test_the_time_a_claim_states_is_split_from_what_it_claims(claim: str, period: str | None, rest: str) -> None:
    p, body = split_time(claim)
    assert (str(p) if p else None, body) == (period, rest)


def test_as_of_values() -> None:
    assert as_of("2020-09") == Period.month(2020, 9)
    assert as_of("2020-09-01") == Period.day(date(2020, 9, 1))
    assert as_of("") is None and as_of("today") is None
    with pytest.raises(InputError, match="as-of"):
        as_of("next tuesday")
    assert parse_period("2020-13") is None
    assert Period.month(2021, 6).human("fr") == "juin 2021" and Period.month(2021, 6).human() == "June 2021"


def test_reliability_table_is_editable_and_matches_domains_then_outlets(tmp_path: Path) -> None:
    assert sources.load(tmp_path) == []
    sources.save(tmp_path, "wire.example.com", 4, "records")
    sources.save(tmp_path, "Exemple Hebdo", 2)
    sources.save(tmp_path, "wire.example.com", 5, "updated")  # replaces, never duplicates
    rows = sources.load(tmp_path)
    assert [(r.match, r.rating) for r in rows] == [("Exemple Hebdo", 2), ("wire.example.com", 5)]
    hit = sources.rate({"url": "https://news.wire.example.com/a", "source": ""}, rows)
    assert hit is not None and hit.rating == 5
    hit = sources.rate({"url": "", "source": "Exemple Hebdo (print)"}, rows)
    assert hit is not None and hit.rating == 2
    assert sources.rate({"url": "https://other.example/", "source": ""}, rows) is None
    assert sources.outlet_of({"url": "https://www.other.example/x", "source": ""}) == "other.example"
    with pytest.raises(InputError, match="1 to 5"):
        sources.save(tmp_path, "x.example", 9)
    (tmp_path / "sources.yaml").write_text("- {match: x}\n", encoding="utf-8")
    with pytest.raises(InputError, match="rating"):
        sources.load(tmp_path)


def test_suites_are_grouped_by_corpus_and_scored_per_type(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("claims: [{id: a, claim: 'x y z', label: supported}]\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "corpus: [docs]\nthresholds: {'type:asof/claim_accuracy': 0.9}\n"
        "claims: [{id: b, claim: 'u v w', label: refuted, type: asof, as_of: '2020-09'}]\n",
        encoding="utf-8",
    )
    live, own = load_suites([tmp_path / "a.yaml", tmp_path / "b.yaml"])
    assert live.corpus == [] and own.corpus == [str(tmp_path / "docs")]
    assert own.claims[0].as_of == "2020-09" and own.claims[0].type == "asof"
    row = {"id": "b", "lang": "en", "type": "asof", "expected": "refuted", "got": "supported", "correct": False, "evidence_valid": True, "timings_ms": {}}
    result = score([], [row], own.thresholds)
    assert result["metrics"]["type:asof"]["claim_accuracy"] == 0.0
    assert result["threshold_failures"] == ["type:asof/claim_accuracy 0.0 < 0.9"]


def test_an_uploaded_page_brings_its_date_outlet_and_url() -> None:
    from bot.ingest import parse_bytes

    page = (
        '<html><head><title>Renewal</title><meta property="article:published_time" content="2021-06-03T08:00:00Z">'
        '<meta property="og:site_name" content="Example Wire"><link rel="canonical" href="https://wire.example.com/a">'
        "</head><body><p>ICE renewed its contract with Clearview AI.</p></body></html>"
    )
    doc = parse_bytes(page.encode(), ".html", name="a.html", doc_id="a")
    assert (doc.title, doc.date, doc.source, doc.url) == ("Renewal", "2021-06-03", "Example Wire", "https://wire.example.com/a")
    entered = parse_bytes(page.encode(), ".html", name="a.html", doc_id="a", meta={"date": "2021-06"})
    assert entered.date == "2021-06"  # what the editor enters wins
    plain = parse_bytes(b"<p>No metadata here, only <time datetime='2019-05-01'>a date</time>.</p>", ".html", name="b.html", doc_id="b")
    assert plain.date == "2019-05-01" and plain.source == ""


def test_conflicting_sources_render_side_by_side_with_outlet_date_and_rating() -> None:
    from bot.models import Citation, Verdict
    from bot.render import verdict_html

    doc = "Clearview AI says about 150 employees work for the company. Clearview AI compte 300 employés."
    a = Citation(doc_id="w", title="Wire", quote=doc[:60], start=0, end=60, date="2021-06", outlet="Example Wire", reliability=4)
    b = Citation(doc_id="h", title="Hebdo", quote=doc[61:], start=61, end=len(doc), date="2021-06", outlet="Exemple <b>Hebdo</b>", reliability=2, lang="fr")
    v = Verdict(claim="Clearview AI has 150 employees.", verdict="conflicting", confidence=0.6, evidence=[a, b], support=[a], contradict=[b], rationale="sources of the same period disagree")
    html = verdict_html(v, lambda _: doc)
    assert 'id="sides"' in html and html.index("Example Wire") < html.index("Against") < html.index("Exemple &lt;b&gt;Hebdo")
    assert "4/5" in html and "2/5" in html and "2021-06" in html
    old = Citation(doc_id="w", title="Wire", quote=doc[:60], start=0, end=60, date="2020-08")
    sup = Verdict(claim="x", verdict="supported", confidence=0.85, evidence=[old], superseded_by=[a], as_of="2020-08", rationale="true as of 2020-08, superseded")
    html = verdict_html(sup, lambda _: doc)
    assert 'id="superseded"' in html and "as of 2020-08" in html and "Superseded by a later source" in html


def test_a_broken_rating_table_leaves_quotes_unrated_and_answers_working(fake_bot: object, settings: object) -> None:
    (settings.corpus_dir / "sources.yaml").write_text("- {match: [unclosed\n", encoding="utf-8")  # type: ignore[attr-defined]
    v = fake_bot.check("ICE paid Clearview AI $2 million.")  # type: ignore[attr-defined]
    assert v.verdict == "refuted" and all(c.reliability is None for c in v.evidence)


def test_an_earlier_figure_is_found_by_the_reader_not_by_shared_words() -> None:
    """The later source answered; the older one gives another amount in words the question
    does not use (coverage 0): with a reader that says it answers, it is mentioned with its date."""
    from bot.evidence import Evidence, Sentence
    from bot.models import Answer
    from bot.temporal.timeline import DocInfo, answer_in_time

    new = Sentence(doc_id="wire", title="w", lang="en", text="ICE now pays $1.5 million.", start=0, end=26, chunk_rank=0)
    old = Sentence(doc_id="seed", title="s", lang="fr", text="Le contrat vaut 224 000 $.", start=0, end=26, chunk_rank=1)
    evidence = [Evidence(new, score=1.0, dense=0.9, coverage=1.0), Evidence(old, score=0.5, dense=0.7, coverage=0.0)]
    docs = {"wire": DocInfo("2021-06"), "seed": DocInfo("2020-08")}

    def answered() -> Answer:
        return Answer(question="How much does ICE pay?", answer="$1.5 million.", abstained=False, citations=[new.citation("2021-06")], short="$1.5 million")

    plain = answer_in_time(answered(), evidence, docs, lang="en")
    assert not plain.earlier  # by shared words alone the French sentence does not answer
    read = answer_in_time(answered(), evidence, docs, lang="en", answers=lambda texts: [True] * len(texts))
    assert [c.date for c in read.earlier] == ["2020-08"] and "224 000 $" in read.answer and read.as_of == "2021-06"
    refused = answer_in_time(answered(), evidence, docs, lang="en", answers=lambda texts: [False] * len(texts))
    assert not refused.earlier


def test_an_earlier_figure_must_be_about_the_same_party() -> None:
    """Two articles of different dates on different subjects: the port's loan is no earlier value
    of the city's transport budget, however well its sentence covers the question."""
    from bot.evidence import Evidence, Sentence, same_subject
    from bot.models import Answer
    from bot.temporal.timeline import DocInfo, answer_in_time

    city = Sentence(doc_id="city", title="Vallorée : la métropole vote la gratuité", lang="fr", text="La mesure coûtera 6,5 millions d'euros par an.", start=0, end=47, chunk_rank=0)
    port = Sentence(doc_id="port", title="Halden port expansion", lang="en", text="The expansion is financed by a €30 million loan from the European Investment Bank.", start=0, end=84, chunk_rank=1)
    evidence = [Evidence(city, score=1.0, dense=0.9, coverage=1.0), Evidence(port, score=0.9, dense=0.8, coverage=1.0)]
    docs = {"city": DocInfo("2025-10-03"), "port": DocInfo("2024-03-14")}
    answer = Answer(question="How will the measure be funded?", answer="6,5 millions d'euros.", abstained=False, citations=[city.citation("2025-10-03")], short="6,5 millions d'euros")
    kept = answer_in_time(answer, evidence, docs, lang="en", answers=lambda texts: [True] * len(texts))
    assert not kept.earlier and kept.short == "6,5 millions d'euros"
    # the same party named in both (in full or abbreviated): an earlier value of the same figure
    assert same_subject("ICE renews its Clearview AI contract", "ICE now pays $1.5 million.", "Clearview : contrat", "L'ICE paie 224 000 $ à Clearview AI.")
    assert same_subject("Un contrat", "Homeland Security Investigations paie 224 000 $.", "x", "HSI now pays $1.5 million.")
    assert not same_subject("La SNCF commande 15 TGV à Alstom", "Le TGV M transportera 740 passagers.", "Vallorée vote la gratuité", "Le réseau Transvallée transporte 85 millions de voyageurs.")
    # a common word inside a name is no name of the other ("SNCF Voyageurs" / « voyageurs »)
    assert not same_subject("La SNCF commande", "Selon le PDG de SNCF Voyageurs, 740 passagers.", "Vallorée", "Transvallée transporte 85 millions de voyageurs.")
    assert same_subject("x", "ICE now pays $1.5 million.", "y", "L'ICE paie 224 000 $ à Clearview AI.")


@pytest.mark.parametrize(
    ("claim", "said", "later"),
    [
        ("In 2030, the desalination plant will be finished.", "no source is from or about 2030", 0),
        ("In 2019, the desalination plant cost 55 million euros.", "no source is from or about 2019; later sources are listed", 1),
    ],
)
def test_a_claim_about_a_time_no_source_covers_says_so(claim: str, said: str, later: int) -> None:
    """Sources were found, none of the stated time: not "no source passage found"."""
    from bot.embed import HashEmbedder
    from bot.evidence import EvidenceRanker, Sentence
    from bot.judge.rules import RuleJudge
    from bot.temporal.timeline import DocInfo, check_in_time

    text = "A desalination plant will be built by 2025 for 55 million euros."
    ranker = EvidenceRanker(HashEmbedder())
    sent = Sentence(doc_id="plan", title="plan", lang="en", text=text, start=0, end=len(text))
    rules = RuleJudge(ranker)
    v = check_in_time(rules, rules, claim, lambda q: ranker.rank(q, [sent]), lang="en", docs={"plan": DocInfo("2023-09-05")})
    assert v.verdict == "not_enough_info" and v.rationale == said and len(v.later) == later


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        ("The first trains will enter service in 2024.", "refuted"),  # the year of the event, not of the saying
        ("The first trains will enter service in 2025.", "supported"),
    ],
)
def test_a_year_the_backing_sentence_contradicts_refutes(claim: str, verdict: str) -> None:
    from bot.embed import HashEmbedder
    from bot.evidence import EvidenceRanker, Sentence
    from bot.judge.rules import RuleJudge
    from bot.temporal.timeline import DocInfo, check_in_time

    text = "The first trains are due to enter service in 2025 on the Paris-Lyon line."
    ranker = EvidenceRanker(HashEmbedder())
    sent = Sentence(doc_id="sncf", title="t", lang="en", text=text, start=0, end=len(text))
    rules = RuleJudge(ranker)
    v = check_in_time(rules, rules, claim, lambda q: ranker.rank(q, [sent]), lang="en", docs={"sncf": DocInfo("2024-03-14")})
    assert v.verdict == verdict, v.rationale
    if verdict == "refuted":
        assert v.rationale.startswith("the source gives 2025, the claim says 2024")


def test_a_year_at_the_end_no_source_of_that_time_gives_is_compared_with_theirs() -> None:
    """"… finished in 2030." is when the thing happens: a source of 2023 giving 2025 refutes it;
    "In 2030, …" stated first is the time the claim speaks of (see the test above)."""
    from bot.embed import HashEmbedder
    from bot.evidence import EvidenceRanker, Sentence
    from bot.judge.rules import RuleJudge
    from bot.temporal.timeline import DocInfo, check_in_time

    text = "A desalination plant will be built by 2025 for 55 million euros."
    ranker = EvidenceRanker(HashEmbedder())
    sent = Sentence(doc_id="plan", title="plan", lang="en", text=text, start=0, end=len(text))
    rules = RuleJudge(ranker)
    v = check_in_time(rules, rules, "The desalination plant will be built in 2030.", lambda q: ranker.rank(q, [sent]), lang="en", docs={"plan": DocInfo("2023-09-05")})
    assert v.verdict == "refuted" and v.rationale.startswith("the source gives 2025, the claim says 2030")


def test_a_source_of_the_claims_time_on_its_topic_keeps_the_judges_reason() -> None:
    """« d'ici 2025 » / "by 2025" is about 2025: not enough info for another reason than time."""
    from bot.embed import HashEmbedder
    from bot.evidence import EvidenceRanker, Sentence
    from bot.judge.rules import RuleJudge
    from bot.temporal.timeline import DocInfo, check_in_time

    texts = {"plan": "A desalination plant will be built by 2025 for 55 million euros.", "dams": "The island's reservoirs are 7% full."}
    ranker = EvidenceRanker(HashEmbedder())
    sents = [Sentence(doc_id=k, title=k, lang="en", text=x, start=0, end=len(x)) for k, x in texts.items()]
    rules = RuleJudge(ranker)
    docs = {k: DocInfo("2023-09-05") for k in texts}
    claim = "The desalination plant will be finished in 2025."
    v = check_in_time(rules, rules, claim, lambda q: ranker.rank(q, sents), lang="en", docs=docs)
    assert v.verdict == "not_enough_info" and "from or about 2025" not in v.rationale, v.rationale
