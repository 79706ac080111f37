"""Helpers for the unit tests that call factsite's modules directly (not the command line).

Kept apart from tests/support.py, which only drives the command line and reads its output:
when factsite's modules are reorganised, this is the one support module to follow them.
"""

from __future__ import annotations

from typing import Any

import pytest

from factsite.problems import BuildFailed
from factsite.validate import validate_facts


def problems_for(data: dict[str, Any]) -> list[str]:
    """The messages validation gives for data, which must be invalid."""
    with pytest.raises(BuildFailed) as failure:
        validate_facts(data)
    return [str(p) for p in failure.value.problems]
