"""Is the site ready to be published under its owners' names? (JAMA benchmarks: authorship, disclosure.)

Readers can only trust what they can check: who wrote the site, which clinician reviewed it,
how to reach them, and on what terms the text may be reused. While any of these is still a
placeholder, every build prints a warning (so work goes on) and a publishing build refuses.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from factsite.model import Facts
from factsite.problems import Problem

# Domains reserved for examples and tests (RFC 2606, RFC 6761): no one can receive mail or
# serve pages there, so an address on one of them is a placeholder, never a real contact.
RESERVED_TLDS = ("example", "invalid", "test", "localhost")
RESERVED_DOMAINS = ("example.com", "example.org", "example.net")

_PERSON_FIELDS = '"name", "role", "qualification" and "reviewed" (the date they reviewed the site)'


def readiness_problems(facts: Facts) -> list[Problem]:
    """What must be filled in before publishing: one problem per gap, in the file's order."""
    trust = facts.trust
    problems = []
    if is_placeholder(facts.site.report_error):
        problems.append(
            Problem(
                facts.file,
                "site.report_error",
                f"'{facts.site.report_error}' is a placeholder (a reserved domain no one can be reached at), "
                "so readers could not report a mistake",
                "set it to the project's real mailto: address or https:// page for corrections",
            )
        )
    if trust is None or not trust.editors:
        problems.append(
            Problem(
                facts.file,
                "trust.editors",
                "no editor is named, so readers cannot see who wrote the site",
                f"add each editor who agreed to be named: {_PERSON_FIELDS}",
            )
        )
    if trust is None or not trust.clinicians:
        problems.append(
            Problem(
                facts.file,
                "trust.reviewers",
                "no clinician reviewer is named, so readers cannot see that a doctor checked the site",
                f'add a doctor or other clinician who reviewed it, with "clinician": true: {_PERSON_FIELDS}',
            )
        )
    if trust is None or trust.licence is None:
        problems.append(
            Problem(
                facts.file,
                "trust.licence",
                "not set, so readers cannot tell whether they may copy or share the text",
                'add the licence the owners chose: "licence": {"name": ..., "url": "https://..."}',
            )
        )
    return problems


def is_placeholder(address: str) -> bool:
    """Whether a mailto: or https:// address is on a domain reserved for examples and tests."""
    host = address.rpartition("@")[2] if address.startswith("mailto:") else (urlsplit(address).hostname or "")
    host = host.lower().rstrip(".")
    return host.rpartition(".")[2] in RESERVED_TLDS or any(
        host == domain or host.endswith("." + domain) for domain in RESERVED_DOMAINS
    )
