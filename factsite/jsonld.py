"""schema.org MedicalWebPage data for one page, as a JSON-LD block for the page body.

Search engines and other tools read it; browsers do not run it (a data block is not a
script, so a Content-Security-Policy does not block it). It says what the visible trust
box says: who publishes, who wrote and reviewed it (only people facts.json names), when it
was last reviewed, its licence, who it is for, and which sources the page cites.
"""

from __future__ import annotations

import json
from typing import Any

from factsite.model import Facts, Person, Source

# schema.org type for each kind of source
CITATION_TYPES = {
    "peer-reviewed-paper": "ScholarlyArticle",
    "review": "ScholarlyArticle",
    "organisation": "WebPage",
    "study-protocol": "ScholarlyArticle",
    "trial-registry": "MedicalTrial",
    "press-release": "NewsArticle",
    "news-report": "NewsArticle",
    "reference-work": "WebPage",
}


def medical_web_page(facts: Facts, title: str, description: str, cited: list[str]) -> dict[str, Any]:
    site = facts.site
    publisher = {"@type": "Organization", "name": site.publisher}
    condition = facts.glossary.get(site.condition_term) if site.condition_term else None
    about: list[dict[str, Any]] = [
        {"@type": "MedicalTrial", "name": s.title, "url": s.url or ""}
        for s in facts.sources.values()
        if s.kind == "trial-registry"
    ]
    if condition:
        about.insert(0, {"@type": "MedicalCondition", "name": condition.term})
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": title,
        "description": description,
        "inLanguage": site.language,
        "isPartOf": {"@type": "WebSite", "name": site.title},
        "publisher": publisher,
        **_people(facts, publisher),
        "lastReviewed": site.last_reviewed,
        "dateModified": max(change.date for change in facts.changelog),
        "audience": {"@type": "Patient", "audienceType": site.audience},
        "about": about,
        "citation": [_citation(facts.sources[source_id]) for source_id in cited],
    }


def _people(facts: Facts, publisher: dict[str, Any]) -> dict[str, Any]:
    """author, reviewedBy and license, as the trust box shows them. Only named people are
    given: with no editor named, the publisher is the author; with no reviewer, reviewedBy is
    left out rather than claiming a review that did not happen. Funding is not given: schema.org's
    `funding` is a Grant and `sponsor` a backer, and the site names neither."""
    trust = facts.trust
    if trust is None:
        return {"author": publisher}
    found: dict[str, Any] = {"author": [_person(p) for p in trust.editors] if trust.editors else publisher}
    if trust.reviewers:
        found["reviewedBy"] = [_person(p) for p in trust.reviewers]
    if trust.licence is not None:
        found["license"] = trust.licence.url
    return found


def _person(person: Person) -> dict[str, Any]:
    return {
        "@type": "Person",
        "name": person.name,
        "jobTitle": person.role,
        "hasCredential": {"@type": "EducationalOccupationalCredential", "name": person.qualification},
    }


def _citation(source: Source) -> dict[str, Any]:
    citation: dict[str, Any] = {
        "@type": CITATION_TYPES[source.kind],
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.url:
        citation["url"] = source.url
    if source.published:
        citation["datePublished"] = source.published
    return citation


def script_block(data: dict[str, Any]) -> str:
    """The data as one raw-HTML line. <, > and & are escaped inside JSON strings, so no text
    can close the script element or open a comment, whatever a source title says."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/ld+json">{text}</script>'


def claim_review(facts: Facts, claim_id: str, verdict_label: str) -> dict[str, Any]:
    """schema.org ClaimReview for one checked claim: what was claimed, where, and our verdict."""
    claim = facts.claims[claim_id]
    appearances = []
    for place in claim.appeared_in:
        work: dict[str, Any] = {"@type": "CreativeWork", "name": place.where}
        source = facts.sources.get(place.source)
        if source is not None and source.url:
            work["url"] = source.url
        appearances.append(work)
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.claim,
        "datePublished": claim.checked,
        "inLanguage": facts.site.language,
        "author": {"@type": "Organization", "name": facts.site.publisher},
        "itemReviewed": {"@type": "Claim", "appearance": appearances},
        "reviewRating": {"@type": "Rating", "alternateName": verdict_label},
    }
