"""Is the content still current? Dates checked against "today", which the caller fixes.

Two kinds of finding:
- errors: a checked, reviewed or accessed date in the future is a typo, always refused;
- warnings: a fact or claim not checked within the review interval, or a site past
  its next review date. Printed on every build; a `--strict` (publishing) build refuses them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from factsite.problems import Problem
from factsite.validate import Facts, parse_date


@dataclass(frozen=True)
class Currency:
    errors: list[Problem]
    warnings: list[Problem]


def check_currency(facts: Facts, today: dt.date, name: str = "facts.json") -> Currency:
    return Currency(_future_dates(facts, today, name), _stale(facts, today, name))


def _dated_fields(facts: Facts) -> list[tuple[str, str]]:
    fields = [("site.last_reviewed", facts.site["last_reviewed"])]
    fields += [(f"sources[{i}].accessed", s["accessed"]) for i, s in enumerate(facts.sources.values())]
    for collection, items in (("facts", facts.facts), ("claims", facts.claims)):
        fields += [(f"{collection}[{i}].checked", item["checked"]) for i, item in enumerate(items.values())]
    return fields


def _future_dates(facts: Facts, today: dt.date, name: str) -> list[Problem]:
    problems = []
    for where, value in _dated_fields(facts):
        date = parse_date(value)
        if date is not None and date > today:
            problems.append(
                Problem(name, where, f"'{value}' is in the future (today is {today})", "use the date you checked it")
            )
    return problems


def _stale(facts: Facts, today: dt.date, name: str) -> list[Problem]:
    interval = facts.site["review_interval_days"]
    warnings = []
    for collection, items in (("facts", facts.facts), ("claims", facts.claims)):
        for index, item in enumerate(items.values()):
            checked = parse_date(item["checked"])
            if checked is not None and (today - checked).days > interval:
                warnings.append(
                    Problem(
                        name,
                        f"{collection}[{index}].checked",
                        f"'{item['id']}' was last checked {checked}, {(today - checked).days} days ago, "
                        f"more than the {interval}-day review interval",
                        "check it against its sources again, then set 'checked' to today",
                    )
                )
    upcoming = parse_date(facts.site["next_review"])
    if upcoming is not None and upcoming < today:
        warnings.append(
            Problem(
                name,
                "site.next_review",
                f"the site was due for review on {upcoming}, {(today - upcoming).days} days ago",
                "review the site, then set last_reviewed to today and next_review to a later date",
            )
        )
    return warnings
