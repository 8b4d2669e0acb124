"""Hypothesis strategies for khcn's model classes (needs the ``khcn[testing]`` extra).

Every strategy draws only values the model's validators accept: counts that are not
negative, no more exact violators than exact subjects, classes that fit the kind, a
count of exactly 1 beside a named task or filing, unique fact ids and parents that exist.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from khcn.model.activities import ActivityCount, ActivityKind
from khcn.model.enforcement import (
    EnforcementAction,
    EnforcementDomain,
    EnforcementKind,
    EnforcementOutcome,
    InspectionBasis,
    InspectionClass,
)
from khcn.model.evidence import Evidence
from khcn.model.ip import IPCount, IPFiling, IPObjectType, IPStage
from khcn.model.money import Money
from khcn.model.period import ReportingPeriod
from khcn.model.qualifier import Qualifier
from khcn.model.report import Fact, Problem, Report
from khcn.model.stance import Stance
from khcn.model.tasks import (
    AcceptanceGrade,
    FundingMode,
    FundingSource,
    SciTechTask,
    SelectionMode,
    TaskCount,
    TaskKind,
    TaskLevel,
    TaskStage,
)
from khcn.strategies._provinces import provinces

__all__ = [
    "activity_counts",
    "enforcement_actions",
    "evidence",
    "facts",
    "ip_counts",
    "ip_filings",
    "problems",
    "reports",
    "sci_tech_tasks",
    "task_counts",
]

T = TypeVar("T")

# Vietnamese letters, digits, punctuation and some of everything else (no lone surrogates).
_TEXT = st.characters(exclude_categories=["Cs"])
_VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐƯ "
)


def _names() -> st.SearchStrategy[str]:
    return st.text(st.one_of(st.sampled_from(_VIETNAMESE), _TEXT), min_size=1, max_size=24).filter(
        str.strip
    )


def _maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def _sets(enum: type[T]) -> st.SearchStrategy[frozenset[T]]:
    return st.frozensets(st.sampled_from(list(enum)), max_size=3)  # type: ignore[call-overload]


_COUNTS = st.integers(min_value=0, max_value=100_000)
_QUALIFIERS = st.sampled_from(list(Qualifier))
_MONEY_QUALIFIERS = st.sampled_from([q for q in Qualifier if q is not Qualifier.RANGE])
_FACT_ID = "x"  # replaced by reports(); any non-empty id is valid alone


def _money() -> st.SearchStrategy[Money]:
    amounts = st.decimals(
        min_value=0, max_value=10**13, places=2, allow_nan=False, allow_infinity=False
    ) | st.integers(min_value=0, max_value=10**13).map(Decimal)
    return st.builds(Money, amounts, qualifier=_MONEY_QUALIFIERS)


def _periods() -> st.SearchStrategy[ReportingPeriod]:
    years = st.integers(min_value=2000, max_value=2035)
    return st.one_of(
        years.map(ReportingPeriod.year),
        st.builds(ReportingPeriod.quarter, years, st.integers(1, 4)),
        st.builds(ReportingPeriod.half, years, st.integers(1, 2)),
        st.builds(ReportingPeriod.month, years, st.integers(1, 12)),
        st.builds(
            lambda y, n: ReportingPeriod.year_to_date(y, months=n), years, st.integers(1, 11)
        ),
        st.builds(lambda y, n: ReportingPeriod.span(y, y + n), years, st.integers(1, 10)),
    )


@st.composite
def evidence(draw: st.DrawFn, *, source: str | None = None) -> Evidence:
    """Any :class:`~khcn.Evidence`, or a span of ``source`` when one is given.

    Args:
        draw: supplied by hypothesis.
        source: a text to take spans from.

    >>> from hypothesis import given
    >>> from khcn.strategies import evidence
    >>> @given(evidence(source="Đã nghiệm thu 08 nhiệm vụ"))
    ... def test_span(ev):
    ...     assert "Đã nghiệm thu 08 nhiệm vụ"[ev.start:ev.end] == ev.text
    >>> test_span()
    """
    if source is not None:
        start = draw(st.integers(min_value=0, max_value=len(source)))
        end = draw(st.integers(min_value=start, max_value=len(source)))
        return Evidence.of(source, start, end)
    text = draw(st.text(_TEXT, max_size=40))
    start = draw(st.integers(min_value=0, max_value=10**6))
    return Evidence(start=start, end=start + len(text), text=text)


@st.composite
def sci_tech_tasks(draw: st.DrawFn) -> SciTechTask:
    """Any :class:`~khcn.SciTechTask` (always with a code or a title).

    Args:
        draw: supplied by hypothesis.

    >>> from hypothesis import given
    >>> from khcn.strategies import sci_tech_tasks
    >>> @given(sci_tech_tasks())
    ... def test_named(task):
    ...     assert task.code or task.title
    >>> test_named()
    """
    code = draw(_maybe(_names()))
    title = draw(_names() if code is None else _maybe(_names()))
    return SciTechTask(
        code=code,
        title=title,
        level=draw(_maybe(st.sampled_from(TaskLevel))),
        kind=draw(_maybe(st.sampled_from(TaskKind))),
        selection_mode=draw(_maybe(st.sampled_from(SelectionMode))),
        host=draw(_maybe(_names())),
        leader=draw(_maybe(_names())),
        budget=draw(_maybe(_money())),
        period=draw(_maybe(_periods())),
        stage=draw(_maybe(st.sampled_from(TaskStage))),
        grade=draw(_maybe(st.sampled_from(AcceptanceGrade))),
        funding_mode=draw(_maybe(st.sampled_from(FundingMode))),
        funding_sources=draw(_sets(FundingSource)),
    )


@st.composite
def task_counts(draw: st.DrawFn, *, id: str = _FACT_ID) -> TaskCount:
    """Any :class:`~khcn.TaskCount`; some are counts of 1 linked to a named task.

    Args:
        draw: supplied by hypothesis.
        id: the fact id to give.

    >>> from hypothesis import given
    >>> from khcn.strategies import task_counts
    >>> @given(task_counts())
    ... def test_linked(fact):
    ...     assert fact.task is None or fact.count == 1
    >>> test_linked()
    """
    stance = draw(st.sampled_from(Stance))
    ev = draw(_maybe(evidence()))
    if draw(st.booleans()):
        task = draw(sci_tech_tasks())
        stage = None if task.stage is not None else draw(st.sampled_from(TaskStage))
        return TaskCount.of_task(task, id=id, stage=stage, stance=stance, evidence=ev)
    return TaskCount(
        id=id,
        stance=stance,
        level=draw(_maybe(st.sampled_from(TaskLevel))),
        kind=draw(_maybe(st.sampled_from(TaskKind))),
        stage=draw(st.sampled_from(TaskStage)),
        count=draw(_maybe(_COUNTS)),
        qualifier=draw(_QUALIFIERS),
        grade=draw(_maybe(st.sampled_from(AcceptanceGrade))),
        evidence=ev,
        period=draw(_maybe(_periods())),
    )


@st.composite
def enforcement_actions(
    draw: st.DrawFn,
    *,
    id: str = _FACT_ID,
    currency: str = "VND",
) -> EnforcementAction:
    """Any valid :class:`~khcn.EnforcementAction` whose fine, if any, is in ``currency``.

    Args:
        draw: supplied by hypothesis.
        id: the fact id to give.
        currency: the fine's currency.

    >>> from hypothesis import given
    >>> from khcn.strategies import enforcement_actions
    >>> @given(enforcement_actions())
    ... def test_fine(action):
    ...     assert action.fine is None or action.fine.currency == "VND"
    >>> test_fine()
    """
    kind = draw(_maybe(st.sampled_from(EnforcementKind)))
    fitting = [c for c in InspectionClass if kind is None or kind in c.kinds]
    subjects = draw(_maybe(_COUNTS))
    subjects_qualifier = draw(_QUALIFIERS)
    violators_qualifier = draw(_QUALIFIERS)
    exact = subjects_qualifier is violators_qualifier is Qualifier.EXACT
    ceiling = subjects if subjects is not None and exact else 100_000
    fine = draw(_maybe(_money()))
    return EnforcementAction(
        id=id,
        stance=draw(st.sampled_from(Stance)),
        kind=kind,
        classes=draw(st.frozensets(st.sampled_from(fitting), max_size=2)),
        bases=draw(_sets(InspectionBasis)),
        domains=draw(_sets(EnforcementDomain)),
        campaigns=draw(_maybe(_COUNTS)),
        campaigns_qualifier=draw(_QUALIFIERS),
        subjects=subjects,
        subjects_qualifier=subjects_qualifier,
        violators=draw(_maybe(st.integers(min_value=0, max_value=ceiling))),
        violators_qualifier=violators_qualifier,
        fine=None if fine is None else attrs.evolve(fine, currency=currency),
        outcomes=draw(_sets(EnforcementOutcome)),
        evidence=draw(_maybe(evidence())),
        period=draw(_maybe(_periods())),
    )


def _jurisdictions() -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(_names(), max_size=4, unique=True).map(tuple)


@st.composite
def ip_filings(draw: st.DrawFn) -> IPFiling:
    """Any :class:`~khcn.IPFiling` (granted, if at all, on or after it was filed).

    Args:
        draw: supplied by hypothesis.

    >>> from hypothesis import given
    >>> from khcn.strategies import ip_filings
    >>> @given(ip_filings())
    ... def test_dates(filing):
    ...     if filing.filing_date and filing.grant_date:
    ...         assert filing.filing_date <= filing.grant_date
    >>> test_dates()
    """
    filed = draw(_maybe(st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31))))
    low = filed or dt.date(1990, 1, 1)
    return IPFiling(
        object_type=draw(_maybe(st.sampled_from(IPObjectType))),
        title=draw(_maybe(_names())),
        applicant=draw(_maybe(_names())),
        jurisdictions=draw(_jurisdictions()),
        filing_date=filed,
        grant_date=draw(_maybe(st.dates(low, dt.date(2040, 12, 31)))),
        number=draw(_maybe(_names())),
        stage=draw(_maybe(st.sampled_from(IPStage))),
    )


@st.composite
def ip_counts(draw: st.DrawFn, *, id: str = _FACT_ID) -> IPCount:
    """Any :class:`~khcn.IPCount`; some are counts of 1 linked to a named filing.

    Args:
        draw: supplied by hypothesis.
        id: the fact id to give.

    >>> from hypothesis import given
    >>> from khcn.strategies import ip_counts
    >>> @given(ip_counts())
    ... def test_linked(fact):
    ...     assert fact.filing is None or fact.count == 1
    >>> test_linked()
    """
    stance = draw(st.sampled_from(Stance))
    ev = draw(_maybe(evidence()))
    if draw(st.booleans()):
        filing = draw(ip_filings())
        stage = None if filing.stage is not None else draw(st.sampled_from(IPStage))
        return IPCount.of_filing(filing, id=id, stage=stage, stance=stance, evidence=ev)
    return IPCount(
        id=id,
        stance=stance,
        object_type=draw(_maybe(st.sampled_from(IPObjectType))),
        stage=draw(st.sampled_from(IPStage)),
        count=draw(_maybe(_COUNTS)),
        qualifier=draw(_QUALIFIERS),
        jurisdictions=draw(_jurisdictions()),
        evidence=ev,
        period=draw(_maybe(_periods())),
    )


@st.composite
def activity_counts(draw: st.DrawFn, *, id: str = _FACT_ID) -> ActivityCount:
    """Any :class:`~khcn.ActivityCount`.

    Args:
        draw: supplied by hypothesis.
        id: the fact id to give.

    >>> from hypothesis import given
    >>> from khcn.strategies import activity_counts
    >>> @given(activity_counts())
    ... def test_count(fact):
    ...     assert fact.count is None or fact.count >= 0
    >>> test_count()
    """
    return ActivityCount(
        id=id,
        stance=draw(st.sampled_from(Stance)),
        activity=draw(st.sampled_from(ActivityKind)),
        count=draw(_maybe(_COUNTS)),
        qualifier=draw(_QUALIFIERS),
        unit=draw(_maybe(_names())),
        evidence=draw(_maybe(evidence())),
        period=draw(_maybe(_periods())),
    )


def facts(*, id: str = _FACT_ID) -> st.SearchStrategy[Fact]:
    """Any single fact of the four kinds a :class:`~khcn.Report` holds.

    Args:
        id: the fact id to give.

    Returns:
        A strategy of facts.

    >>> from hypothesis import given
    >>> from khcn.strategies import facts
    >>> @given(facts(id="f1"))
    ... def test_id(fact):
    ...     assert fact.id == "f1" and fact.parent is None
    >>> test_id()
    """
    return st.one_of(
        enforcement_actions(id=id), task_counts(id=id), ip_counts(id=id), activity_counts(id=id)
    )


def problems() -> st.SearchStrategy[Problem]:
    """Any :class:`~khcn.Problem`.

    Returns:
        A strategy of problems.

    >>> from hypothesis import given
    >>> from khcn.strategies import problems
    >>> @given(problems())
    ... def test_reason(problem):
    ...     assert problem.reason.strip()
    >>> test_reason()
    """
    return st.builds(Problem, reason=_names(), evidence=_maybe(evidence()), field=_maybe(_names()))


@st.composite
def reports(draw: st.DrawFn, *, max_facts: int = 8) -> Report:
    """Any valid :class:`~khcn.Report`: ids ``f1``, ``f2`` …; parents are earlier facts of a type.

    Args:
        draw: supplied by hypothesis.
        max_facts: the most facts to draw.

    >>> from hypothesis import given
    >>> from khcn.strategies import reports
    >>> @given(reports())
    ... def test_tree(report):
    ...     ids = [f.id for f in report.facts]
    ...     assert len(ids) == len(set(ids))
    ...     assert all(f.parent in ids for f in report.facts if f.parent)
    >>> test_tree()
    """
    drawn: list[Any] = draw(st.lists(facts(), max_size=max_facts))
    chosen: list[Fact] = []
    for index, fact in enumerate(drawn):
        same = [f.id for f in chosen if type(f) is type(fact)]
        parent = draw(st.none() | st.sampled_from(same)) if same else None
        chosen.append(attrs.evolve(fact, id=f"f{index + 1}", parent=parent))
    return Report(
        title=draw(_maybe(_names())),
        source=draw(_maybe(_names())),
        publisher=draw(_maybe(_names())),
        published=draw(_maybe(st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)))),
        province=draw(_maybe(provinces())),
        period=draw(_maybe(_periods())),
        facts=tuple(chosen),
        problems=tuple(draw(st.lists(problems(), max_size=2))),
    )
