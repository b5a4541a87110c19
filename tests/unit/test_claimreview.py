"""ClaimReview JSON-LD carries every field Google's Fact Check markup documentation requires
(claimReviewed, reviewRating.alternateName, url, author.name) and the recommended ones we know."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.review.claimreview import claim_review
from bot.review.models import ReviewItem


def _item(**kw: object) -> ReviewItem:
    base = dict(
        id=7, claim="ICE paid Clearview AI $2 million.", lang="en", auto_verdict="refuted", auto_confidence=0.9,
        status="published", verdict="refuted", created_at=datetime(2026, 3, 1), updated_at=datetime(2026, 3, 2),
        published_at=datetime(2026, 3, 2, 9, 30), version=3, claim_date="2026-02-28",
        appearance_url="https://example.org/post", outlet="Example Daily", auto_rationale="the source gives 224 000 $",
    )
    return ReviewItem(**(base | kw))  # type: ignore[arg-type]


def test_every_required_and_recommended_field() -> None:
    doc = claim_review(_item(), org_name="Newsroom", org_url="https://news.example", site_url="https://fb.example/")
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "ClaimReview"
    # required by Google
    assert doc["claimReviewed"] == "ICE paid Clearview AI $2 million."
    assert doc["reviewRating"]["@type"] == "Rating" and doc["reviewRating"]["alternateName"] == "False"
    assert doc["url"] == "https://fb.example/?review=7"
    assert doc["author"] == {"@type": "Organization", "name": "Newsroom", "url": "https://news.example"}
    # recommended
    assert doc["datePublished"] == "2026-03-02"
    r = doc["reviewRating"]
    assert (r["ratingValue"], r["bestRating"], r["worstRating"]) == (1, 5, 1)
    claim = doc["itemReviewed"]
    assert claim["@type"] == "Claim" and claim["datePublished"] == "2026-02-28"
    assert claim["author"]["name"] == "Example Daily"
    assert claim["appearance"]["url"] == "https://example.org/post"


@pytest.mark.parametrize(
    ("verdict", "lang", "name", "value"),
    [("supported", "en", "True", 5), ("conflicting", "en", "Mixed", 3), ("refuted", "fr", "Faux", 1), ("not_enough_info", "en", "Unproven", None)],
)
def test_ratings(verdict: str, lang: str, name: str, value: int | None) -> None:
    doc = claim_review(_item(verdict=verdict, lang=lang), org_name="N", org_url="", site_url="http://x")
    assert doc["reviewRating"]["alternateName"] == name and doc["reviewRating"].get("ratingValue") == value
    assert "url" not in doc["author"]


def test_unknown_claim_details_are_left_out_not_invented() -> None:
    doc = claim_review(_item(claim_date="", appearance_url="", outlet=""), org_name="N", org_url="", site_url="http://x")
    assert doc["itemReviewed"] == {"@type": "Claim"}
