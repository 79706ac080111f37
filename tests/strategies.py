"""Hypothesis strategies and settings, in one place: what an editor (or an attacker) might type.

tests/test_properties.py draws from these. The "factsite" profile bounds the examples so
`make test` stays fast; HYPOTHESIS_PROFILE=thorough runs many more by hand, and `make test-quick`
sets HYPOTHESIS_PROFILE=quick (fewer).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from support import BROKEN, read_json

from factsite.model import PLACEHOLDER

TODAY = dt.date(2026, 11, 22)
BASE = read_json(BROKEN / "base" / "facts.json")  # the corpus's small valid site: edits land here

# Bounded, so `make test` stays fast; HYPOTHESIS_PROFILE=thorough runs many more examples by hand.
settings.register_profile("factsite", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", settings.get_profile("factsite"), max_examples=2000)
# `make test-quick` (while editing): a quarter of the examples; `make test` runs the full "factsite" count.
settings.register_profile("quick", settings.get_profile("factsite"), max_examples=25)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "factsite"))

# Text an editor (or an attacker) might type: markup of every kind, and ordinary words.
HOSTILE = st.one_of(
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<style>body{display:none}</style>",
            "<!-- ",
            "[link](javascript:alert(1))",
            "[^nature-news-2025]",
            "{{ 7*7 }}",
            "{% include 'x' %}",
            "# ",
            "\n\n- ",
            "*emph*",
            "`code`",
            "| a | b |",
            "&amp; &lt;",
            '" onmouseover="alert(1)',
            "javascript:alert(1)",
            "\\",
            ": ",
            "{participants}",
            "{participants|frequency}",
            "}{",
            "é 🙂 中文",
        ]
    ),
    st.text(min_size=1, max_size=30),
)
# Text the validator accepts: letters and digits in any script, and everyday punctuation.
PLAIN = st.text(
    st.characters(whitelist_categories=["L", "N", "Zs"]) | st.sampled_from(".,;:'\"?!()-/%&"), min_size=1, max_size=60
).filter(lambda t: t.strip() == t and t)
TEXT = st.one_of(PLAIN, PLAIN, st.lists(st.one_of(PLAIN, HOSTILE), min_size=1, max_size=4).map(" ".join))
VALUES = st.one_of(TEXT, st.integers(), st.floats(allow_nan=False), st.none(), st.booleans(), st.lists(TEXT))
DATES = st.one_of(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)).map(str), st.text(max_size=12)
)
# Where an edit lands in the base facts file: (path, values it may take).
FIELDS = [
    (("facts", 0, "statement"), TEXT),
    (("facts", 1, "statement"), TEXT),
    (("facts", 2, "statement"), VALUES),
    (("facts", 0, "value"), VALUES),
    (("facts", 1, "citations", 0, "source"), TEXT),
    (("facts", 1, "citations", 0, "quote"), TEXT),
    (("facts", 1, "citations", 0, "where"), TEXT),
    (("facts", 2, "checked"), DATES),
    (("claims", 0, "claim"), TEXT),
    (("claims", 0, "correction"), TEXT),
    (("glossary", 0, "definition"), TEXT),
    (("sources", 0, "title"), TEXT),
    (("sources", 1, "url"), st.one_of(TEXT, st.sampled_from(["javascript:alert(1)", "http://x.org", "data:,x"]))),
    (("site", "description"), TEXT),
    (("site", "next_review"), DATES),
]


@st.composite
def edited_facts(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for index in draw(st.lists(st.integers(0, len(FIELDS) - 1), min_size=1, max_size=4, unique=True)):
        path, values = FIELDS[index]
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = draw(values)
    return data


# Printable text with every markup character, no line breaks (the validator refuses those anyway).
PAST_VALIDATION = st.text(
    st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"]) | st.sampled_from("<>&\"'`*_{}[]#|!~\\:()/="),
    min_size=1,
    max_size=80,
).filter(lambda t: not PLACEHOLDER.search(t) and t.strip())
