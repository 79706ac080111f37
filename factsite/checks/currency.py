"""Is the content still current? Dates checked against "today", which the caller fixes.

Two kinds of finding:
- errors: a checked, reviewed or accessed date in the future is a typo, always refused;
- warnings: a fact or claim not checked within the review interval, or a site past
  its next review date. Printed on every build; a `--strict` (publishing) build refuses them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from factsite.checks.integrity import dated_fields
from factsite.model import Facts, parse_date
from factsite.problems import Problem


@dataclass(frozen=True)
class Currency:
    errors: list[Problem]
    warnings: list[Problem]


def check_currency(facts: Facts, today: dt.date) -> Currency:
    return Currency(future_dates(facts, today), stale(facts, today))


def future_dates(facts: Facts, today: dt.date) -> list[Problem]:
    problems = []
    for where, value, past in dated_fields(facts):
        date = parse_date(value)
        if past and date is not None and date > today:
            problems.append(Problem(facts.file, where, f"'{value}' is in the future (today is {today})", _FIX[where]))
    return problems


class _Fixes(dict[str, str]):
    """The fix for a future date, by the kind of field it is in."""

    def __missing__(self, where: str) -> str:
        if where.endswith(".published"):
            return "use the date the source gives"
        if where.startswith("changelog"):
            return "use the date of the change"
        if where.endswith(".reviewed"):
            return "use the date they reviewed the site"
        return "use the date you checked it"


_FIX = _Fixes()


def stale(facts: Facts, today: dt.date) -> list[Problem]:
    interval = facts.site.review_interval_days
    warnings = []
    for collection, items in (("facts", facts.fact_list), ("claims", facts.claim_list)):
        for item in items:
            checked = parse_date(item.checked)
            if checked is not None and (today - checked).days > interval:
                warnings.append(
                    Problem(
                        facts.file,
                        f"{collection}[{item.index}].checked",
                        f"'{item.id}' was last checked {checked}, {(today - checked).days} days ago, "
                        f"more than the {interval}-day review interval",
                        "check it against its sources again, then set 'checked' to today",
                    )
                )
    upcoming = parse_date(facts.site.next_review)
    if upcoming is not None and upcoming < today:
        warnings.append(
            Problem(
                facts.file,
                "site.next_review",
                f"the site was due for review on {upcoming}, {(today - upcoming).days} days ago",
                "review the site, then set last_reviewed to today and next_review to a later date",
            )
        )
    return warnings
