"""schema.org ClaimReview (JSON-LD) for published reviews, as Google's Fact Check markup asks:
claimReviewed, reviewRating (alternateName, and ratingValue on a 1-5 scale where the verdict
has one), url, author (the organisation from settings), datePublished, and itemReviewed: the
Claim with its author, date and where it appeared when known."""

from __future__ import annotations

from typing import Any

from .models import ReviewItem

# verdict -> (ratingValue or None, English name, French name)
RATINGS: dict[str, tuple[int | None, str, str]] = {
    "supported": (5, "True", "Vrai"),
    "refuted": (1, "False", "Faux"),
    "conflicting": (3, "Mixed", "Contrasté"),
    "not_enough_info": (None, "Unproven", "Non prouvé"),
}


def claim_review(r: ReviewItem, *, org_name: str, org_url: str, site_url: str) -> dict[str, Any]:
    value, en, fr = RATINGS[r.verdict]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": fr if r.lang == "fr" else en}
    if value is not None:
        rating |= {"ratingValue": value, "bestRating": 5, "worstRating": 1}
    claim: dict[str, Any] = {"@type": "Claim"}
    if r.claim_author:
        claim["author"] = {"@type": "Organization" if not r.claim_author.istitle() else "Person", "name": r.claim_author}
    elif r.outlet:
        claim["author"] = {"@type": "Organization", "name": r.outlet}
    if r.claim_date:
        claim["datePublished"] = r.claim_date
    if r.appearance_url:
        claim["appearance"] = {"@type": "CreativeWork", "url": r.appearance_url} | ({"publisher": {"@type": "Organization", "name": r.outlet}} if r.outlet else {})
    author: dict[str, Any] = {"@type": "Organization", "name": org_name}
    if org_url:
        author["url"] = org_url
    published = r.published_at or r.updated_at
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{site_url.rstrip('/')}/?review={r.id}",
        "claimReviewed": r.claim,
        "itemReviewed": claim,
        "author": author,
        "reviewRating": rating,
        "datePublished": published.date().isoformat(),
        "inLanguage": r.lang if r.lang != "und" else "en",
    }
    if r.editor_rationale or r.auto_rationale:
        out["reviewBody"] = r.editor_rationale or r.auto_rationale
    return out


def export(reviews: list[ReviewItem], *, org_name: str, org_url: str, site_url: str) -> list[dict[str, Any]]:
    return [claim_review(r, org_name=org_name, org_url=org_url, site_url=site_url) for r in reviews]
