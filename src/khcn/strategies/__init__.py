"""Hypothesis strategies for khcn's model, public so that your own tests can use them.

Needs hypothesis (``pip install "khcn[testing]"``) and is never imported by ``import khcn``:
import it explicitly.

>>> from hypothesis import given
>>> from khcn.serialize import from_json, to_json
>>> from khcn.strategies import reports
>>> from khcn import Report
>>> @given(reports())
... def test_round_trip(report):
...     assert from_json(to_json(report), Report) == report
>>> test_round_trip()
"""

from __future__ import annotations

from khcn.strategies._model import (
    activity_counts,
    enforcement_actions,
    evidence,
    facts,
    ip_counts,
    ip_filings,
    problems,
    reports,
    sci_tech_tasks,
    task_counts,
)
from khcn.strategies._money import money, money_ranges, money_strings
from khcn.strategies._periods import date_strings, dates, period_strings, periods
from khcn.strategies._provinces import provinces

__all__ = [
    "activity_counts",
    "date_strings",
    "dates",
    "enforcement_actions",
    "evidence",
    "facts",
    "ip_counts",
    "ip_filings",
    "money",
    "money_ranges",
    "money_strings",
    "period_strings",
    "periods",
    "problems",
    "provinces",
    "reports",
    "sci_tech_tasks",
    "task_counts",
]
