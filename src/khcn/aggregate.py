"""Many reports → tables: flat records, totals by province and period, derived periods.

The steps, each a public function:

- :func:`records` turns reports into flat, typed :class:`Record` rows, one per fact.
- :func:`totals` adds them up into a :class:`Totals` table, one row per group.
- :func:`derive_remainder` derives Q4 from "9 tháng" and "cả năm", H2 from H1 and the year.
- :func:`compare` sets a table beside the same period a year before ("cùng kỳ năm trước").
- :func:`to_pandas` / :func:`to_polars` give data frames with real dtypes (the ``pandas`` and
  ``polars`` extras; neither is imported until asked for).
- :func:`records_to_csv`, :func:`records_to_jsonl`, :func:`records_from_csv` and
  :func:`records_from_jsonl` write and read records through :mod:`khcn.serialize`.

How :func:`totals` adds up (domain.md §7):

1. **One stance.** Only facts of the requested ``stance`` (results, ``"ket_qua"``, by
   default) are added; plans and estimates never mix with results. ``stance=None`` keeps
   every stance and needs ``"stance"`` in ``by``, so that each stance gets its own row.
2. **Totals and their parts.** A fact's figure for a measure counts only if no ancestor of
   it (its parent, the parent's parent …, of the same stance and, for IP counts, the same
   stage) states the same measure. So
   "03 cuộc (02 thanh tra, 01 kiểm tra)" counts 3 inspections, and "phạt tiền 48 cơ sở,
   cảnh cáo 04 cơ sở" under a statement of 52 violators counts 52.
3. **Duplicates.** The same fact published by two sources (a Sở's page and a newspaper
   retelling it) counts once. Two facts are *the same fact* when they come from
   different reports and agree on the report's province (the unit as stated, by id, or
   both national) and period (which must be known), and on the fact's stance, type,
   kind, stage, level, grade, object type, activity, unit, domains, bases, every figure
   and every qualifier; ids, parents, evidence and wording do not matter. Facts within one
   report are never merged: a fact stated *n* times in one report and *m* times in
   another counts ``max(n, m)`` times; when a copy is covered by its total in one report
   (rule 2) and free in another, the covered copy wins, so nothing is added twice.
4. **Money.** Fines are summed as ``Decimal`` per currency: ``fine_vnd`` for đồng and
   ``fine_<currency>`` for any other; currencies never mix.
5. **Hedged figures.** Each measure ``m`` has a ``m_qualifier`` column saying what the sum
   is: ``"exact"``; ``"ge"`` (a lower bound: every part was exact or "trên / ít nhất");
   ``"le"`` (an upper bound: every part exact or "dưới / tối đa / gần"); or
   ``"approx"`` (any other mix, "khoảng", or a range). A sum with no figure is ``None``:
   a report that states no fines does not say there were none.

>>> import khcn
>>> from khcn import EnforcementAction, EnforcementKind, Money, Report, ReportingPeriod
>>> from khcn import Province
>>> report = Report(
...     source="a.txt",
...     province=Province.lookup("Hà Nam"),
...     period=ReportingPeriod.year(2023),
...     facts=(
...         EnforcementAction(id="f1", campaigns=3, subjects=25, fine=Money(38_750_000)),
...         EnforcementAction(id="f2", parent="f1", kind=EnforcementKind.INSPECTION, campaigns=2),
...         EnforcementAction(id="f3", parent="f1", kind=EnforcementKind.CHECK, campaigns=1),
...     ),
... )
>>> table = khcn.aggregate.totals([report])
>>> row = table.rows[0]
>>> row["province"], row["period"], row["inspections"], row["fine_vnd"]
('Hà Nam', '2023', 3, Decimal('38750000'))
>>> khcn.aggregate.totals([report], merge_2025=True).rows[0]["province"]
'Ninh Bình'
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import hashlib
import io
import json
import operator
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import attrs

from khcn.model.activities import ActivityCount, ActivityKind
from khcn.model.enforcement import EnforcementAction
from khcn.model.ip import IPCount, IPObjectType, IPStage
from khcn.model.period import ReportingPeriod
from khcn.model.province import Era, Province
from khcn.model.qualifier import Qualifier
from khcn.model.report import Report
from khcn.model.stance import Stance
from khcn.model.tasks import TaskCount, TaskStage

if TYPE_CHECKING:
    import os
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    import pandas  # type: ignore[import-untyped, unused-ignore]
    import polars

__all__ = [
    "DIMENSIONS",
    "QUALIFIERS",
    "Record",
    "Totals",
    "compare",
    "derive_remainder",
    "records",
    "records_from_csv",
    "records_from_jsonl",
    "records_to_csv",
    "records_to_jsonl",
    "to_pandas",
    "to_polars",
    "totals",
]

DIMENSIONS: Final[Mapping[str, str]] = {
    "province": "the report's province by Vietnamese name (with a `province_id` column); "
    "the 2025 unit with merge_2025=True; None for a national report",
    "period": "the report's period code ('2023', '2023-S1', '2023-Q4', '2023-01/2023-09')",
    "year": "the calendar year of the period (None when it spans several years)",
    "stance": "ket_qua, uoc or ke_hoach",
    "type": "the fact type: enforcement, task, ip or activity",
    "kind": "the enforcement kind or the task kind",
    "stage": "the task stage or the IP stage",
    "level": "the task level",
    "object_type": "the IP object type",
    "activity": "the activity kind",
}
"""The names ``by`` accepts, and what each groups by."""

QUALIFIERS: Final[tuple[str, ...]] = ("exact", "ge", "le", "approx")
"""The values of a ``<measure>_qualifier`` column (see the module docstring, rule 5)."""

_BOUND: Final[Mapping[str, str]] = {
    Qualifier.EXACT.value: "exact",
    Qualifier.GT.value: "ge",
    Qualifier.GE.value: "ge",
    Qualifier.LT.value: "le",
    Qualifier.LE.value: "le",
    Qualifier.LT_APPROX.value: "le",
    Qualifier.APPROX.value: "approx",
    Qualifier.RANGE.value: "approx",
    # Sums already folded to a bound keep it.
    "approx_": "approx",
}
_ENFORCEMENT_MEASURES: Final = ("inspections", "subjects", "violators")
_CORE: Final = ("fine_vnd", *_ENFORCEMENT_MEASURES)


def _add_bounds(a: str | None, b: str | None) -> str | None:
    """The bound of a sum: exact is neutral, equal bounds stay, anything else is approx."""
    if a is None or a == "exact":
        return b
    if b is None or b == "exact" or a == b:
        return a
    return "approx"


def _sub_bounds(a: str | None, b: str | None) -> str | None:
    """The bound of ``a - b``: a floor less a ceiling is a floor, and so on."""
    if a is None or b is None:
        return None
    flipped = {"ge": "le", "le": "ge"}.get(b, b)
    return _add_bounds(a, flipped)


# -- records ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, slots=False)
class Record:
    """One fact as a flat, typed row: the shape every helper and every export uses.

    Enum fields hold the member's value (``"nghiem_thu"``), so a record reads the same in
    Python, CSV and JSON. Fields that do not apply to a fact's type are ``None``.

    Attributes:
        report_id: a key of the report the fact came from, unique among the reports of one
            :func:`records` call (the source, or a digest, made unique).
        source: the report's source (URL or file name).
        title: the report's title.
        published: the report's publication date.
        province_id: the province as the report states it ("pre_2025:77"); ``None`` for a
            national report.
        province_code: its two-digit code (unique only within its era).
        province_name: its Vietnamese name.
        province_2025_id: the 2025 unit it belongs to: the successor of a pre-2025 unit,
            the unit itself for a current one.
        province_2025_name: the name of that unit.
        period: the report's period code.
        stance: ``ket_qua``, ``uoc`` or ``ke_hoach``.
        type: ``enforcement``, ``task``, ``ip`` or ``activity``.
        fact_id: the fact's id within its report.
        parent_id: the id of the total it is part of.
        kind: the enforcement kind, or the task kind.
        stage: the task stage, or the IP stage.
        level: the task level.
        grade: the acceptance grade of a task count.
        object_type: the IP object type.
        activity: the activity kind.
        unit: the counted noun of an activity ("dự án").
        domains: the fields an enforcement action covers.
        bases: planned, unannounced … of an enforcement action.
        count: the count of a task, IP or activity fact.
        qualifier: the qualifier of ``count``.
        campaigns: operations (cuộc) of an enforcement action.
        campaigns_qualifier: the qualifier of ``campaigns``.
        subjects: establishments inspected.
        subjects_qualifier: the qualifier of ``subjects``.
        violators: establishments in breach.
        violators_qualifier: the qualifier of ``violators``.
        fine: the fine imposed, a ``Decimal`` in the currency's unit (đồng for VND).
        fine_currency: its ISO 4217 code.
        fine_qualifier: its qualifier.
        evidence: the source text the fact was read from.

    >>> from khcn import Province, Report, ReportingPeriod, TaskCount, TaskStage
    >>> from khcn.aggregate import records
    >>> report = Report(
    ...     source="x.txt", province=Province.lookup("BR-VT"), period=ReportingPeriod.year(2020),
    ...     facts=(TaskCount(id="f1", stage=TaskStage.ACCEPTANCE, count=8),),
    ... )
    >>> [rec] = records([report])
    >>> rec.province_id, rec.province_2025_name, rec.type, rec.stage, rec.count
    ('pre_2025:77', 'Hồ Chí Minh', 'task', 'nghiem_thu', 8)
    """

    report_id: str
    source: str | None = None
    title: str | None = None
    published: dt.date | None = None
    province_id: str | None = None
    province_code: str | None = None
    province_name: str | None = None
    province_2025_id: str | None = None
    province_2025_name: str | None = None
    period: str | None = None
    stance: str = Stance.RESULT.value
    type: str
    fact_id: str
    parent_id: str | None = None
    kind: str | None = None
    stage: str | None = None
    level: str | None = None
    grade: str | None = None
    object_type: str | None = None
    activity: str | None = None
    unit: str | None = None
    domains: tuple[str, ...] = ()
    bases: tuple[str, ...] = ()
    count: int | None = None
    qualifier: str | None = None
    campaigns: int | None = None
    campaigns_qualifier: str | None = None
    subjects: int | None = None
    subjects_qualifier: str | None = None
    violators: int | None = None
    violators_qualifier: str | None = None
    fine: Decimal | None = None
    fine_currency: str | None = None
    fine_qualifier: str | None = None
    evidence: str | None = None


_FIELDS: Final[tuple[str, ...]] = tuple(f.name for f in attrs.fields(Record))
_DEFAULTS: Final[Mapping[str, Any]] = {
    f.name: None if f.default is attrs.NOTHING else f.default for f in attrs.fields(Record)
}
_INT_FIELDS: Final = frozenset({"count", "campaigns", "subjects", "violators"})
_TUPLE_FIELDS: Final = frozenset({"domains", "bases"})


def _report_key(report: Report) -> str:
    """The report's source, or a digest of its whole content when it has none."""
    if report.source is not None:
        return report.source
    from khcn.serialize import to_json

    text = to_json(report)
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@lru_cache(maxsize=256)
def _province_fields(province: Province | None) -> tuple[str | None, ...]:
    if province is None:
        return (None, None, None, None, None)
    unit = province
    if province.era is Era.PRE_2025:
        unit = province.successor or province
    return (province.id, province.code, province.name, unit.id, unit.name)


def _values(members: frozenset[Any]) -> tuple[str, ...]:
    return tuple(sorted(m._value_ for m in members))


_PROVINCE_FIELDS: Final = (
    "province_id",
    "province_code",
    "province_name",
    "province_2025_id",
    "province_2025_name",
)


_set_dict: Final[Callable[[Record, dict[str, Any]], None]] = Record.__dict__["__dict__"].__set__
"""Sets a new record's ``__dict__``: ``Record`` is frozen but not slotted, so its fields
live in ``__dict__``; handing it a finished dict costs one call instead of one
``__setattr__`` per field (the hot path of :func:`records`, skipping ``__init__``)."""


@contextlib.contextmanager
def _gc_paused(pause: bool = True) -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, restoring it however the block ends.

    :func:`records` and :func:`totals` allocate one or more tracked objects per fact and
    keep most of them (the records, the copies of facts two sources state). Whenever the
    long-lived objects grow by a quarter, CPython runs a full collection, which walks the
    whole heap (the reports and their facts included) and finds nothing to free, since
    every one of these objects is alive. On 10^5 facts those walks took 30-50% of the
    time. The blocks create no reference cycles, so the pause leaves no garbage behind;
    the collector counts the new objects as usual once it runs again.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_TYPE_NAMES: Final[Mapping[type, str]] = {
    EnforcementAction: "enforcement",
    TaskCount: "task",
    IPCount: "ip",
    ActivityCount: "activity",
}


def _type_name(fact: Any) -> str:
    """The record type of a fact whose class is not one of the four exactly (a subclass)."""
    for cls, name in _TYPE_NAMES.items():
        if isinstance(fact, cls):
            return name
    return "activity"


def _report_records(report: Report, report_id: str, out: list[Record]) -> None:
    """Append one record per fact of ``report`` to ``out``.

    Each row starts as a copy of the report's own fields (one C-level copy of a finished
    dict), then only the fields a fact states are set; the dispatch is on the fact's
    exact class, falling back to ``isinstance`` for subclasses.
    """
    head = dict(_DEFAULTS)
    head.update(zip(_PROVINCE_FIELDS, _province_fields(report.province), strict=True))
    head["report_id"] = report_id
    head["source"] = report.source
    head["title"] = report.title
    head["published"] = report.published
    head["period"] = None if report.period is None else report.period.code
    copy = head.copy
    new = object.__new__
    set_dict = _set_dict
    append = out.append
    type_names = _TYPE_NAMES
    values = _values
    facts: tuple[Any, ...] = report.facts  # dispatched on ``kind``, not narrowed by type
    for fact in facts:
        row = copy()
        row["stance"] = fact.stance._value_
        row["fact_id"] = fact.id
        row["parent_id"] = fact.parent
        if fact.period is not None:  # "riêng quý IV, …" in a year report: its own period
            row["period"] = fact.period.code
        evidence = fact.evidence
        if evidence is not None and evidence.text:
            row["evidence"] = evidence.text
        kind = type_names.get(type(fact)) or _type_name(fact)
        row["type"] = kind
        if kind == "enforcement":
            if fact.kind is not None:
                row["kind"] = fact.kind._value_
            if fact.domains:
                row["domains"] = values(fact.domains)
            if fact.bases:
                row["bases"] = values(fact.bases)
            if fact.campaigns is not None:
                row["campaigns"] = fact.campaigns
                row["campaigns_qualifier"] = fact.campaigns_qualifier._value_
            if fact.subjects is not None:
                row["subjects"] = fact.subjects
                row["subjects_qualifier"] = fact.subjects_qualifier._value_
            if fact.violators is not None:
                row["violators"] = fact.violators
                row["violators_qualifier"] = fact.violators_qualifier._value_
            fine = fact.fine
            if fine is not None:
                row["fine"] = fine.amount
                row["fine_currency"] = fine.currency
                row["fine_qualifier"] = fine.qualifier._value_
        else:
            if fact.count is not None:
                row["count"] = fact.count
                row["qualifier"] = fact.qualifier._value_
            if kind == "task":
                row["stage"] = fact.stage._value_
                if fact.kind is not None:
                    row["kind"] = fact.kind._value_
                if fact.level is not None:
                    row["level"] = fact.level._value_
                if fact.grade is not None:
                    row["grade"] = fact.grade._value_
            elif kind == "ip":
                row["stage"] = fact.stage._value_
                if fact.object_type is not None:
                    row["object_type"] = fact.object_type._value_
            else:
                row["activity"] = fact.activity._value_
                row["unit"] = fact.unit
        rec = new(Record)
        set_dict(rec, row)
        append(rec)


def records(reports: Iterable[Report]) -> list[Record]:
    """One :class:`Record` per fact of every report, in report and fact order.

    Args:
        reports: the reports, e.g. from :func:`khcn.extract_many`.

    Returns:
        The records. Each report gets a ``report_id``: its source, or a digest of its
        whole content when it has none, made unique within the call by a ``#2``, ``#3`` …
        suffix. Ids from separate calls may collide: concatenate reports, not records.

    >>> from khcn import IPCount, IPStage, Report
    >>> from khcn.aggregate import records
    >>> rows = records([Report(facts=(IPCount(id="f1", stage=IPStage.GRANT, count=60),))] * 2)
    >>> [(r.report_id[:5], r.type, r.count) for r in rows]
    [('sha1:', 'ip', 60), ('sha1:', 'ip', 60)]
    >>> rows[0].report_id != rows[1].report_id
    True
    """
    out: list[Record] = []
    seen: dict[str, int] = {}
    # A lazy iterable (``extract_many``) may run an extraction per item: the collector
    # is paused only over reports already in memory.
    with _gc_paused(isinstance(reports, (list, tuple))):
        for report in reports:
            key = _report_key(report)
            n = seen.get(key, 0) + 1
            seen[key] = n
            _report_records(report, key if n == 1 else f"{key}#{n}", out)
    return out


# -- totals ----------------------------------------------------------------------------------


_TASK_MEASURES: Final[Mapping[str | None, str]] = {s.value: f"tasks_{s.value}" for s in TaskStage}
_IP_MEASURES: Final[Mapping[str | None, str]] = {
    None: "ip_unstated",
    **{o.value: f"ip_{o.value}" for o in IPObjectType},
}
_ACTIVITY_MEASURES: Final[Mapping[str | None, str]] = {
    a.value: f"activity_{a.value}" for a in ActivityKind
}
_SIGNATURE_FIELDS: Final = (
    "province_id",
    "period",
    "stance",
    "type",
    "kind",
    "stage",
    "level",
    "grade",
    "object_type",
    "activity",
    "unit",
    "domains",
    "bases",
    "count",
    "qualifier",
    "campaigns",
    "campaigns_qualifier",
    "subjects",
    "subjects_qualifier",
    "violators",
    "violators_qualifier",
    "fine",
    "fine_currency",
    "fine_qualifier",
)
_signature_of = operator.attrgetter(*_SIGNATURE_FIELDS)
_fact_id = operator.attrgetter("fact_id")

Measure: TypeAlias = "tuple[str, int | Decimal, str]"


def _measures(rec: Record) -> list[Measure]:
    """(measure, figure, bound) for each figure the record states."""
    kind = rec.type
    if kind != "enforcement":
        count = rec.count
        if count is None:
            return []
        bound = _BOUND[rec.qualifier or "exact"]
        if kind == "task":
            stage = rec.stage
            return [(_TASK_MEASURES.get(stage) or f"tasks_{stage}", count, bound)]
        if kind == "ip":
            obj = rec.object_type
            name = _IP_MEASURES.get(obj) or f"ip_{obj}"
            return [("ip_total", count, bound), (name, count, bound)]
        activity = rec.activity
        return [(_ACTIVITY_MEASURES.get(activity) or f"activity_{activity}", count, bound)]
    out: list[Measure] = []
    fine = rec.fine
    if fine is not None:
        currency = rec.fine_currency
        name = "fine_vnd" if not currency or currency == "VND" else f"fine_{currency.lower()}"
        out.append((name, fine, _BOUND[rec.fine_qualifier or "exact"]))
    campaigns = rec.campaigns
    if campaigns is not None:
        out.append(("inspections", campaigns, _BOUND[rec.campaigns_qualifier or "exact"]))
    subjects = rec.subjects
    if subjects is not None:
        out.append(("subjects", subjects, _BOUND[rec.subjects_qualifier or "exact"]))
    violators = rec.violators
    if violators is not None:
        out.append(("violators", violators, _BOUND[rec.violators_qualifier or "exact"]))
    return out


def _signature(rec: Record) -> tuple[Any, ...]:
    """What makes two facts of different reports the same fact (rule 3)."""
    if rec.period is None:
        return (rec.report_id, rec.fact_id)
    return _signature_of(rec)


def _same_measure_scope(parent: Record, child: Record) -> bool:
    """Whether the parent's figures can cover the child's: same stance (and IP stage)."""
    return parent.stance == child.stance and (child.type != "ip" or parent.stage == child.stage)


def _covering(
    rec: Record,
    by_id: dict[str, Record],
    stated: dict[str, set[str]],
    seen: set[str],
) -> set[str]:
    """The measures the ancestors of ``rec`` in its scope state (rule 2).

    The walk goes up from ``rec``'s parent and stops at the top or at an id already in
    ``seen`` (which it fills with the ids it visits), so a cycle of parents ends it.
    ``stated`` caches each ancestor's measure names across the records of one report.
    """
    covered: set[str] = set()
    parent = by_id.get(rec.parent_id)  # type: ignore[arg-type]
    while parent is not None and parent.fact_id not in seen:
        seen.add(parent.fact_id)
        if _same_measure_scope(parent, rec):
            parent_measures = stated.get(parent.fact_id)
            if parent_measures is None:
                parent_measures = {m for m, _, _ in _measures(parent)}
                stated[parent.fact_id] = parent_measures
            covered |= parent_measures
        parent = None if parent.parent_id is None else by_id.get(parent.parent_id)
    return covered


def _free(
    rec: Record,
    measures: list[Measure],
    by_id: dict[str, Record],
    stated: dict[str, set[str]],
    chains: dict[tuple[Any, ...], tuple[set[str], set[str]]],
) -> list[Measure]:
    """The measures of ``rec`` (a part) that no ancestor of its scope states (rule 2).

    Parts of one total share their walk up: ``chains`` keeps, per parent and scope, the
    ids the walk from the parent visits and the measures it finds. It holds for ``rec``
    unless the walk passes through ``rec`` itself (a cycle), which is then walked alone.
    """
    is_ip = rec.type == "ip"
    scope = (rec.parent_id, rec.stance, is_ip, rec.stage if is_ip else None)
    chain = chains.get(scope)
    if chain is None:
        visited: set[str] = set()
        chain = chains[scope] = (visited, _covering(rec, by_id, stated, visited))
    covered = chain[1]
    if rec.fact_id in chain[0]:
        covered = _covering(rec, by_id, stated, {rec.fact_id})
    if not covered:
        return measures
    return [m for m in measures if m[0] not in covered]


@lru_cache(maxsize=4096)
def _period(code: str) -> ReportingPeriod:
    return ReportingPeriod.from_code(code)


def _year(code: str | None) -> int | None:
    if code is None:
        return None
    period = _period(code)
    return period.start.year if period.start.year == period.end.year else None


def _measure_order(measure: str) -> tuple[int, int, str]:
    if measure in _CORE:
        return (0, _CORE.index(measure), "")
    if measure.startswith("fine_"):
        return (0, 0, measure)
    if measure.startswith("tasks_"):
        stage = measure[len("tasks_") :]
        values = [s.value for s in TaskStage]
        return (1, values.index(stage) if stage in values else len(values), stage)
    if measure.startswith("ip_"):
        name = measure[len("ip_") :]
        values = ["total", *(o.value for o in IPObjectType), "unstated"]
        return (2, values.index(name) if name in values else len(values), name)
    return (3, 0, measure)


def _sort_key(column: str, value: Any) -> tuple[Any, ...]:
    if value is None:
        return (0,)
    if column == "period":
        period = _period(value)
        return (1, period.start, period.end)
    return (1, value)


@attrs.frozen(kw_only=True)
class Totals:
    """A table of sums: one row (a dict) per group, one column per group key and measure.

    Columns, in order: the ``by`` columns (``province`` adds ``province_id`` after it),
    ``reports`` (how many source reports stated a fact of the group), ``sources`` (their
    sources, sorted), then each measure ``m`` with its ``m_qualifier``. The measures
    ``fine_vnd``, ``inspections``, ``subjects`` and ``violators`` are always there; the
    others (``fine_<currency>``, ``tasks_<stage>``, ``ip_total``, ``ip_<object_type>``,
    ``ip_unstated``, ``activity_<kind>``) when some fact states them. Tables made by
    :func:`derive_remainder` add ``derived_from``, and by :func:`compare` the previous
    figure, the change and the percentage of each measure.

    Attributes:
        by: the group keys.
        columns: the column names, in order.
        measures: the measure columns (without their qualifier columns).
        rows: the rows, sorted by the group keys.

    >>> from khcn import Report, ReportingPeriod, TaskCount, TaskStage
    >>> from khcn.aggregate import totals
    >>> r = Report(period=ReportingPeriod.year(2023),
    ...            facts=(TaskCount(id="f1", stage=TaskStage.ACCEPTANCE, count=8),))
    >>> table = totals([r], by=("period",))
    >>> table.columns[:3], len(table)
    (('period', 'reports', 'sources'), 1)
    >>> table.row(period="2023")["tasks_nghiem_thu"]
    8
    >>> [row["tasks_nghiem_thu_qualifier"] for row in table]
    ['exact']
    """

    by: tuple[str, ...]
    columns: tuple[str, ...]
    measures: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, **keys: Any) -> dict[str, Any]:
        """The one row whose columns equal ``keys``.

        Args:
            **keys: column values, e.g. ``province="Hà Nam", period="2023"``.

        Returns:
            The row.

        Raises:
            KeyError: when no row, or more than one, matches.

        >>> from khcn.aggregate import totals
        >>> totals([], by=()).row()
        Traceback (most recent call last):
        KeyError: 'no row matches {}'
        """
        found = [r for r in self.rows if all(r.get(k) == v for k, v in keys.items())]
        if len(found) != 1:
            raise KeyError(f"{'no row matches' if not found else 'several rows match'} {keys}")
        return found[0]

    def column(self, name: str) -> list[Any]:
        """The values of one column, in row order.

        >>> from khcn.aggregate import totals
        >>> totals([], by=("period",)).column("reports")
        []
        """
        if name not in self.columns:
            raise KeyError(name)
        return [r.get(name) for r in self.rows]

    def to_csv(self, path: str | os.PathLike[str] | None = None) -> str:
        """The table as CSV text (Decimal in plain notation, ``None`` empty, lists ``;``-joined).

        Args:
            path: a file to write as well, if given.

        Returns:
            The CSV text.

        >>> from khcn.aggregate import totals
        >>> totals([], by=("period",)).to_csv().splitlines()[0][:30]
        'period,reports,sources,fine_vn'
        """
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([_cell(row.get(c)) for c in self.columns])
        text = buffer.getvalue()
        return _written(text, path)

    def to_pandas(self) -> pandas.DataFrame:
        """The table as a pandas ``DataFrame`` (see :func:`to_pandas`).

        >>> from khcn.aggregate import totals
        >>> totals([], by=("period",)).to_pandas().shape[0]
        0
        """
        return to_pandas(self)

    def to_polars(self) -> polars.DataFrame:
        """The table as a polars ``DataFrame`` (see :func:`to_polars`).

        >>> from khcn.aggregate import totals
        >>> totals([], by=("period",)).to_polars().height
        0
        """
        return to_polars(self)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (tuple, list)):
        return ";".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _as_records(data: Iterable[Report | Record]) -> list[Record]:
    items = list(data)
    if set(map(type, items)) <= {Record} or all(isinstance(x, Record) for x in items):
        return items  # type: ignore[return-value]
    out: list[Record] = []
    pending: list[Report] = []
    for item in items:
        if isinstance(item, Report):
            pending.append(item)
        elif isinstance(item, Record):
            out.append(item)
        else:
            raise TypeError(f"expected Report or Record, not {type(item).__name__}")
    out.extend(records(pending))
    return out


def _key_getter(by: Sequence[str], merge_2025: bool) -> Callable[[Record], tuple[Any, ...]]:
    """A function giving a record's group key for ``by``."""
    if "year" in by:
        getters = [
            (lambda rec: _year(rec.period))
            if dim == "year"
            else operator.attrgetter(_field_of(dim, merge_2025))
            for dim in by
        ]
        return lambda rec: tuple(g(rec) for g in getters)
    fields = [_field_of(dim, merge_2025) for dim in by]
    if not fields:
        return lambda rec: ()
    if len(fields) == 1:
        one = operator.attrgetter(fields[0])
        return lambda rec: (one(rec),)
    return operator.attrgetter(*fields)


def _field_of(dim: str, merge_2025: bool) -> str:
    if dim == "province":
        return "province_2025_id" if merge_2025 else "province_id"
    return dim


def totals(
    reports: Iterable[Report | Record],
    *,
    by: Sequence[str] = ("province", "period"),
    merge_2025: bool = False,
    stance: Stance | str | None = "ket_qua",
    ip_stage: IPStage | str | None = None,
) -> Totals:
    """Sum the facts of ``reports`` per group, without double counting.

    See the module docstring for the rules (stance, totals and parts, duplicates, money,
    qualifiers).

    Args:
        reports: reports, or records from :func:`records` (or read back from CSV/JSONL).
        by: the group keys, any of :data:`DIMENSIONS`; ``()`` gives one grand-total row.
        merge_2025: group pre-July-2025 provinces under their 2025 unit (Bà Rịa – Vũng
            Tàu under Hồ Chí Minh, Hà Nam under Ninh Bình …) so series run across the
            merger. Off by default: re-aggregating is an explicit choice.
        stance: the stance to add up (``"ket_qua"``, ``"uoc"``, ``"ke_hoach"``), or
            ``None`` for all, which needs ``"stance"`` in ``by``.
        ip_stage: count IP facts of this stage only ("cap_van_bang", "nop_don" …);
            ``None`` adds every stage (then group by ``"stage"`` to keep filings apart
            from grants).

    Returns:
        The :class:`Totals`.

    Raises:
        ValueError: an unknown dimension, or ``stance=None`` without ``"stance"`` in ``by``.

    >>> from khcn import IPCount, IPObjectType, IPStage, Qualifier, Report, ReportingPeriod
    >>> from khcn.aggregate import totals
    >>> report = Report(period=ReportingPeriod.year(2025), facts=(
    ...     IPCount(id="f1", stage=IPStage.GRANT, count=71_000, qualifier=Qualifier.GT),
    ...     IPCount(id="f2", parent="f1", stage=IPStage.GRANT, count=5230,
    ...             object_type=IPObjectType.PATENT),
    ... ))
    >>> row = totals([report], by=("period",)).row(period="2025")
    >>> row["ip_total"], row["ip_total_qualifier"], row["ip_sang_che"], row["ip_unstated"]
    (71000, 'ge', 5230, 71000)
    """
    by = tuple(by)
    for dim in by:
        if dim not in DIMENSIONS:
            raise ValueError(f"cannot group by {dim!r}; choose from {', '.join(DIMENSIONS)}")
    if len(set(by)) != len(by):
        raise ValueError(f"a dimension is named twice in {by}")
    wanted = None if stance is None else Stance(stance).value
    if wanted is None and "stance" not in by:
        raise ValueError("stance=None adds plans to results; put 'stance' in `by` as well")
    ip_wanted = None if ip_stage is None else IPStage(ip_stage).value

    with _gc_paused():
        # Group by report; records of one report usually come together, so the list of the
        # previous record is tried first.
        by_report: dict[str, list[Record]] = {}
        last_id: str | None = None
        group: list[Record] = []
        for rec in _as_records(reports):
            report_id = rec.report_id
            if report_id != last_id:
                found = by_report.get(report_id)
                if found is None:
                    found = by_report[report_id] = []
                group, last_id = found, report_id
            group.append(rec)

        # Reports alone in their (province, period) cannot repeat another's facts.
        bucket_reports: dict[tuple[Any, Any], int] = {}
        for recs in by_report.values():
            if recs[0].period is not None:
                bucket = (recs[0].province_id, recs[0].period)
                bucket_reports[bucket] = bucket_reports.get(bucket, 0) + 1

        key_of = _key_getter(by, merge_2025)

        sums: dict[tuple[Any, ...], dict[str, list[Any]]] = {}
        present: set[str] = set(_CORE)
        groups_reports: dict[tuple[Any, ...], set[str]] = {}
        groups_sources: dict[tuple[Any, ...], set[str]] = {}

        # Per signature: a representative record, and per report the number of copies and,
        # per measure, how many copies state it uncovered.
        copies: dict[tuple[Any, ...], tuple[Record, dict[str, list[Any]]]] = {}
        measures_of = _measures
        for report_id, recs in by_report.items():
            first = recs[0]
            alone = first.period is None or bucket_reports[(first.province_id, first.period)] == 1
            label = first.source if first.source is not None else report_id
            keys: set[tuple[Any, ...]] = set()
            last_key: tuple[Any, ...] | None = None
            acc: dict[str, list[Any]] | None = None
            by_id: dict[str, Record] | None = None
            stated: dict[str, set[str]] = {}
            chains: dict[tuple[Any, ...], tuple[set[str], set[str]]] = {}
            # The last record kept and its measures: most often the parent of the next.
            last_rec: Record | None = None
            last_measures: list[Measure] = []
            for rec in recs:
                # Rule 1 (and the IP stage): records refused here still cover their parts.
                if wanted is not None and rec.stance != wanted:
                    continue
                if ip_wanted is not None and rec.type == "ip" and rec.stage != ip_wanted:
                    continue
                free = stating = measures_of(rec)
                parent_id = rec.parent_id
                if free and parent_id is not None:
                    if by_id is None:
                        by_id = dict(zip(map(_fact_id, recs), recs, strict=True))
                    parent = by_id.get(parent_id)
                    if parent is None:
                        pass
                    elif parent.parent_id is None and parent_id != rec.fact_id:
                        # The usual part of a top-level total: one step up, no walk.
                        if parent.stance == rec.stance and (
                            rec.type != "ip" or parent.stage == rec.stage
                        ):
                            names = stated.get(parent_id)
                            if names is None:
                                of_parent = (
                                    last_measures if parent is last_rec else _measures(parent)
                                )
                                names = stated[parent_id] = {m for m, _, _ in of_parent}
                            if names:
                                free = [m for m in free if m[0] not in names]
                    else:
                        free = _free(rec, free, by_id, stated, chains)
                last_rec, last_measures = rec, stating
                key = key_of(rec)
                if key != last_key:  # the records of a report mostly share their group
                    keys.add(key)
                    last_key, acc = key, None
                if alone:
                    if not free:
                        continue
                    if acc is None:
                        acc = sums.get(key)
                        if acc is None:
                            acc = sums[key] = {}
                    for measure, value, bound in free:
                        old = acc.get(measure)
                        if old is None:
                            present.add(measure)
                            acc[measure] = [value, bound]
                        else:
                            old[0] += value
                            if bound != old[1]:
                                old[1] = _add_bounds(old[1], bound)
                    continue
                # One lookup per record: a signature hashes and compares ~24 fields.
                sig = _signature(rec)
                copy = copies.get(sig)
                if copy is None:
                    copy = copies[sig] = (rec, {})
                slot = copy[1].get(report_id)
                if slot is None:
                    slot = copy[1][report_id] = [0, {}]
                slot[0] += 1
                counts: dict[str, list[Any]] = slot[1]
                for measure, value, bound in free:
                    entry = counts.get(measure)
                    if entry is None:
                        counts[measure] = [1, value, bound]
                    else:
                        entry[0] += 1
            for key in keys:
                groups_reports.setdefault(key, set()).add(report_id)
                groups_sources.setdefault(key, set()).add(label)

        for first_copy, reps in copies.values():
            # The reports stating the fact most often; each measure free in all of them,
            # as often as the report where it is free least often (rule 3: a copy
            # covered by its total in any report is covered).
            most = 0
            for n, _ in reps.values():
                if n > most:
                    most = n
            candidates = [counts for n, counts in reps.values() if n == most]
            others = candidates[1:]
            key = key_of(first_copy)
            acc = sums.get(key)
            if acc is None:
                acc = sums[key] = {}
            for measure, least in candidates[0].items():
                for other in others:
                    entry = other.get(measure)
                    if entry is None:
                        break
                    if entry[0] < least[0]:
                        least = entry
                else:
                    times, value, bound = least
                    amount = value * times if times != 1 else value
                    old = acc.get(measure)
                    if old is None:
                        present.add(measure)
                        acc[measure] = [amount, bound]
                    else:
                        old[0] += amount
                        if bound != old[1]:
                            old[1] = _add_bounds(old[1], bound)

    measures = tuple(sorted(present, key=_measure_order))
    head = _head_columns(by)
    columns = (*head, "reports", "sources", *_with_qualifiers(measures))
    named = [(m, f"{m}_qualifier") for m in measures]
    rows: list[dict[str, Any]] = []
    for key in sorted(groups_reports, key=lambda k: _row_sort(by, k)):
        row: dict[str, Any] = {}
        for dim, value in zip(by, key, strict=True):
            if dim == "province":
                row["province"] = None if value is None else Province.from_id(value).name
                row["province_id"] = value
            else:
                row[dim] = value
        row["reports"] = len(groups_reports[key])
        row["sources"] = tuple(sorted(groups_sources[key]))
        acc = sums.get(key, {})
        for measure, qualifier in named:
            found = acc.get(measure)
            if found is None:
                row[measure] = row[qualifier] = None
            else:
                row[measure], row[qualifier] = found
        rows.append(row)
    return Totals(by=by, columns=columns, measures=measures, rows=tuple(rows))


def _head_columns(by: Sequence[str]) -> tuple[str, ...]:
    head: list[str] = []
    for dim in by:
        head.append(dim)
        if dim == "province":
            head.append("province_id")
    return tuple(head)


def _with_qualifiers(measures: Iterable[str]) -> tuple[str, ...]:
    return tuple(c for m in measures for c in (m, f"{m}_qualifier"))


def _row_sort(by: Sequence[str], key: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_sort_key(d, v) for d, v in zip(by, key, strict=True))


# -- periods ---------------------------------------------------------------------------------


def derive_remainder(
    data: Totals | Iterable[Report | Record],
    **options: Any,
) -> Totals:
    """Add the rows a pair of nested periods implies: Q4 = year − 9 months, H2 = year − H1.

    Two rows of the same group (every key but the period: province, stance …) whose periods
    nest and share their first day (or their last) give the rest of the longer period, per
    measure, only where both state it. The derived rows carry ``derived_from``
    ("2023 [b.txt] − 2023-01/2023-09 [a.txt]"); stated rows have ``None`` there. The
    qualifier of a difference follows the bounds: a floor less an exact figure is a floor,
    an exact figure less a floor is a ceiling, anything else approximate. A difference may
    be negative when the sources disagree; it is kept, not hidden.

    Args:
        data: a :class:`Totals` grouped by ``"period"``, or reports/records to total first.
        **options: passed to :func:`totals` when ``data`` is not a table; ``by`` must
            include ``"period"`` (the default does).

    Returns:
        The stated rows and the derived ones, sorted by the group keys.

    Raises:
        ValueError: when the table is not grouped by period.

    >>> from khcn import Province, Report, ReportingPeriod, TaskCount, TaskStage
    >>> from khcn.aggregate import derive_remainder
    >>> def report(source, period, count):
    ...     fact = TaskCount(id="f1", stage=TaskStage.ACCEPTANCE, count=count)
    ...     return Report(source=source, province=Province.lookup("Hà Nam"), period=period,
    ...                   facts=(fact,))
    >>> table = derive_remainder([
    ...     report("nine.txt", ReportingPeriod.year_to_date(2023, months=9), 20),
    ...     report("year.txt", ReportingPeriod.year(2023), 31),
    ... ])
    >>> [(r["period"], r["tasks_nghiem_thu"], r["derived_from"]) for r in table]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('2023-01/2023-09', 20, None), ('2023', 31, None),
     ('2023-Q4', 11, '2023 [year.txt] − 2023-01/2023-09 [nine.txt]')]
    """
    table = data if isinstance(data, Totals) else totals(data, **options)
    if "period" not in table.by:
        raise ValueError("derive_remainder needs a table grouped by 'period'")
    others = [c for c in _head_columns(table.by) if c not in ("period", "year")]
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in table.rows:
        groups.setdefault(tuple(row[c] for c in others), []).append(row)
    derived: list[dict[str, Any]] = []
    for rows in groups.values():
        for long in rows:
            if long["period"] is None or long.get("derived_from") is not None:
                continue
            outer = _period(long["period"])
            for short in rows:
                if short["period"] is None or short is long or short.get("derived_from"):
                    continue
                inner = _period(short["period"])
                if inner == outer or not outer.contains(inner):
                    continue
                if inner.start != outer.start and inner.end != outer.end:
                    continue
                derived.append(_difference(table, long, short, outer.minus(inner)))
    columns = table.columns if "derived_from" in table.columns else (*table.columns, "derived_from")
    rows_out = [{**r, "derived_from": r.get("derived_from")} for r in table.rows] + derived
    rows_out.sort(key=lambda r: _row_sort(table.by, tuple(r[d] for d in table.by)))
    return Totals(by=table.by, columns=columns, measures=table.measures, rows=tuple(rows_out))


def _sources_label(row: Mapping[str, Any]) -> str:
    return ", ".join(row.get("sources") or ())


def _difference(
    table: Totals, long: dict[str, Any], short: dict[str, Any], rest: ReportingPeriod
) -> dict[str, Any]:
    row = {c: long.get(c) for c in _head_columns(table.by)}
    row["period"] = rest.code
    if "year" in table.by:
        row["year"] = _year(rest.code)
    sources = tuple(sorted({*(long.get("sources") or ()), *(short.get("sources") or ())}))
    row["reports"] = len(sources)
    row["sources"] = sources
    for measure in table.measures:
        a, b = long.get(measure), short.get(measure)
        if a is None or b is None:
            row[measure] = row[f"{measure}_qualifier"] = None
        else:
            row[measure] = a - b
            row[f"{measure}_qualifier"] = _sub_bounds(
                long.get(f"{measure}_qualifier"), short.get(f"{measure}_qualifier")
            )
    row["derived_from"] = (
        f"{long['period']} [{_sources_label(long)}] − {short['period']} [{_sources_label(short)}]"
    )
    return row


_HUNDRED: Final = Decimal(100)
_CENT: Final = Decimal("0.01")


def compare(current: Totals, previous: Totals, *, years: int = 1) -> Totals:
    """Each measure of ``current`` beside the same period ``years`` earlier in ``previous``.

    Rows are matched on every group key; a ``period`` (or ``year``) key of ``current`` is
    matched to the one ``years`` earlier ("9 tháng 2023" to "9 tháng 2022"). For each
    measure ``m`` the result has ``m`` and ``m_previous``, ``m_change`` (current less
    previous, exact: ``int`` or ``Decimal``), ``m_change_qualifier``, and ``m_pct`` (the
    change in percent of the previous figure, a ``Decimal`` rounded half-even to 2 places).
    A change is ``None`` when either figure is missing; a percentage also when the previous
    figure is 0.

    Args:
        current: the table of the later period(s).
        previous: the table of the earlier period(s), grouped the same way.
        years: how many years back the previous period is (0 to match periods as they are).

    Returns:
        One row per row of ``current``.

    Raises:
        ValueError: when the tables are grouped differently.

    >>> from khcn import Money, EnforcementAction, Report, ReportingPeriod
    >>> from khcn.aggregate import compare, totals
    >>> def report(year, fine):
    ...     return Report(period=ReportingPeriod.year_to_date(year, months=9),
    ...                   facts=(EnforcementAction(id="f1", fine=Money(fine)),))
    >>> now = totals([report(2023, 45_000_000)], by=("period",))
    >>> before = totals([report(2022, 40_000_000)], by=("period",))
    >>> row = compare(now, before).rows[0]
    >>> row["fine_vnd_previous"], row["fine_vnd_change"], row["fine_vnd_pct"]
    (Decimal('40000000'), Decimal('5000000'), Decimal('12.50'))
    """
    if current.by != previous.by:
        raise ValueError(f"the tables are grouped differently: {current.by} and {previous.by}")
    head = _head_columns(current.by)
    index = {tuple(r.get(c) for c in head): r for r in previous.rows}
    measures = tuple(sorted({*current.measures, *previous.measures}, key=_measure_order))
    rows: list[dict[str, Any]] = []
    for row in current.rows:
        key = tuple(_shifted(c, row.get(c), years) for c in head)
        before = index.get(key, {})
        out = {c: row.get(c) for c in head}
        out["reports"], out["sources"] = row.get("reports"), row.get("sources")
        for m in measures:
            a, b = row.get(m), before.get(m)
            qa, qb = row.get(f"{m}_qualifier"), before.get(f"{m}_qualifier")
            change = None if a is None or b is None else a - b
            out[m], out[f"{m}_qualifier"] = a, qa
            out[f"{m}_previous"], out[f"{m}_previous_qualifier"] = b, qb
            out[f"{m}_change"] = change
            out[f"{m}_change_qualifier"] = None if change is None else _sub_bounds(qa, qb)
            out[f"{m}_pct"] = (
                None
                if change is None or not b
                else (Decimal(change) * _HUNDRED / Decimal(b)).quantize(_CENT, ROUND_HALF_EVEN)
            )
        rows.append(out)
    columns = (
        *head,
        "reports",
        "sources",
        *(
            c
            for m in measures
            for c in (
                m,
                f"{m}_qualifier",
                f"{m}_previous",
                f"{m}_previous_qualifier",
                f"{m}_change",
                f"{m}_change_qualifier",
                f"{m}_pct",
            )
        ),
    )
    return Totals(by=current.by, columns=columns, measures=measures, rows=tuple(rows))


def _shifted(column: str, value: Any, years: int) -> Any:
    if value is None or years == 0:
        return value
    if column == "period":
        return _period(value).shift(years=-years).code
    if column == "year":
        return value - years
    return value


# -- frames ----------------------------------------------------------------------------------

_CATEGORICAL: Final = frozenset(
    {
        "province",
        "province_id",
        "province_code",
        "province_name",
        "province_2025_id",
        "province_2025_name",
        "stance",
        "type",
        "kind",
        "stage",
        "level",
        "grade",
        "object_type",
        "activity",
        "fine_currency",
    }
)


_COUNT_PREFIXES: Final = ("tasks_", "ip_", "activity_", *_ENFORCEMENT_MEASURES)
_LISTS: Final = frozenset({"sources", *_TUPLE_FIELDS})


def _kind_of(column: str) -> str:
    """How a column maps to a frame, from its name alone (so an empty column is typed too)."""
    if column == "period":
        kind = "period"
    elif column in _CATEGORICAL:
        kind = "category"
    elif column.endswith("qualifier"):
        kind = "qualifier"
    elif column.endswith("_pct"):
        kind = "decimal"
    elif column.startswith("fine"):
        kind = "money"
    elif (
        column in _INT_FIELDS or column in ("reports", "year") or column.startswith(_COUNT_PREFIXES)
    ):
        kind = "int"
    elif column == "published":
        kind = "date"
    elif column in _LISTS:
        kind = "list"
    else:
        kind = "text"
    return kind


def _columns_of(data: Totals | Iterable[Record]) -> tuple[tuple[str, ...], dict[str, list[Any]]]:
    if isinstance(data, Totals):
        names = data.columns
        return names, {c: [r.get(c) for r in data.rows] for c in names}
    recs = list(data)
    return _FIELDS, {c: [getattr(r, c) for r in recs] for c in _FIELDS}


def _period_order(values: Iterable[Any]) -> list[str]:
    codes = {v for v in values if v is not None}
    return sorted(codes, key=lambda c: (_period(c).start, _period(c).end))


def _integral(values: list[Any]) -> bool:
    return all(v is None or (v == v.to_integral_value() and abs(v) < 2**63) for v in values)


def to_pandas(data: Totals | Iterable[Record]) -> pandas.DataFrame:
    """A pandas ``DataFrame`` of a :class:`Totals` or of records, with real dtypes.

    Counts are nullable ``Int64``; money is ``Int64`` đồng when every amount is whole, else
    ``object`` holding ``Decimal`` (never float); enums, provinces and qualifiers are
    ``category``; the period is an *ordered* ``category`` sorted by date; dates are
    ``datetime64``; text is ``string``; lists of values stay ``object``. Needs
    ``pip install "khcn[pandas]"``.

    Args:
        data: a table, or records from :func:`records`.

    Returns:
        The frame, columns in the table's (or :class:`Record`'s) order.

    >>> from khcn import Money, EnforcementAction, Report, ReportingPeriod
    >>> from khcn.aggregate import records, to_pandas
    >>> report = Report(period=ReportingPeriod.year(2023),
    ...                 facts=(EnforcementAction(id="f1", campaigns=2, fine=Money(7_500_000)),))
    >>> frame = to_pandas(records([report]))
    >>> str(frame["campaigns"].dtype), str(frame["fine"].dtype), str(frame["period"].dtype)
    ('Int64', 'Int64', 'category')
    >>> bool(frame["period"].cat.ordered)
    True
    """
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]

    names, columns = _columns_of(data)
    out: dict[str, Any] = {}
    for name in names:
        values = columns[name]
        kind = _kind_of(name)
        if kind == "period":
            out[name] = pd.Categorical(values, categories=_period_order(values), ordered=True)
        elif kind == "category":
            out[name] = pd.Categorical(values)
        elif kind == "qualifier":
            cats = sorted({v for v in values if v is not None})
            out[name] = pd.Categorical(values, categories=cats)
        elif kind == "int":
            out[name] = pd.array(values, dtype="Int64")
        elif kind == "money" and _integral(values):
            out[name] = pd.array([None if v is None else int(v) for v in values], dtype="Int64")
        elif kind == "date":
            out[name] = pd.to_datetime(pd.Series(values, dtype=object))
        elif kind == "text":
            out[name] = pd.array(values, dtype="string")
        else:
            out[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(out, columns=list(names))


def to_polars(data: Totals | Iterable[Record]) -> polars.DataFrame:
    """A polars ``DataFrame`` of a :class:`Totals` or of records, with real dtypes.

    Counts are ``Int64``; money is ``Decimal`` (exact); enums, provinces and qualifiers are
    ``Categorical``; the period is an ``Enum`` whose categories are sorted by date, so it
    orders as time does; dates are ``Date``; lists of values are ``List(String)``. Needs
    ``pip install "khcn[polars]"``.

    Args:
        data: a table, or records from :func:`records`.

    Returns:
        The frame.

    >>> from khcn import Money, EnforcementAction, Report, ReportingPeriod
    >>> from khcn.aggregate import records, to_polars
    >>> report = Report(period=ReportingPeriod.year(2023),
    ...                 facts=(EnforcementAction(id="f1", campaigns=2, fine=Money(7_500_000)),))
    >>> frame = to_polars(records([report]))
    >>> schema = frame.schema
    >>> str(schema["campaigns"]), str(schema["fine"])[:7], str(schema["period"])[:4]
    ('Int64', 'Decimal', 'Enum')
    """
    import polars as pl

    names, columns = _columns_of(data)
    series: list[Any] = []
    for name in names:
        values = columns[name]
        kind = _kind_of(name)
        if kind == "period":
            dtype: Any = pl.Enum(_period_order(values))
        elif kind in ("category", "qualifier"):
            dtype = pl.Categorical()
        elif kind == "int":
            dtype = pl.Int64
        elif kind in ("money", "decimal"):
            scale = max((-int(v.as_tuple().exponent) for v in values if v is not None), default=0)
            dtype = pl.Decimal(38, max(scale, 0))
        elif kind == "date":
            dtype = pl.Date
        elif kind == "text":
            dtype = pl.String
        else:
            dtype = pl.List(pl.String)
            values = [None if v is None else list(v) for v in values]
        series.append(pl.Series(name, values, dtype=dtype, strict=False))
    return pl.DataFrame(series)


# -- CSV and JSON Lines ----------------------------------------------------------------------


def _converter() -> Any:
    from khcn.serialize import converter

    return converter


def _text_or_file(source: str | os.PathLike[str] | io.TextIOBase) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, io.TextIOBase):
        return source.read()
    with open(source, encoding="utf-8", newline="") as file:
        return file.read()


def records_to_csv(recs: Iterable[Record], path: str | os.PathLike[str] | None = None) -> str:
    """Records as CSV: one header row of :class:`Record`'s fields, then one row per record.

    Cells are written through :mod:`khcn.serialize` (``Decimal`` in plain notation, dates
    ISO); ``None`` is an empty cell and a list of values is joined with ``";"``.
    :func:`records_from_csv` reads the text back to equal records (an empty text field
    reads as ``None``).

    Args:
        recs: the records.
        path: a file to write as well, if given.

    Returns:
        The CSV text.

    >>> from khcn import Report, TaskCount, TaskStage
    >>> from khcn.aggregate import records, records_from_csv, records_to_csv
    >>> recs = records([Report(source="a", facts=(
    ...     TaskCount(id="f1", stage=TaskStage.ACCEPTANCE, count=8),))])
    >>> text = records_to_csv(recs)
    >>> text.splitlines()[0][:40]
    'report_id,source,title,published,provinc'
    >>> records_from_csv(text) == recs
    True
    """
    conv = _converter()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(_FIELDS)
    for rec in recs:
        data = conv.unstructure(rec)
        writer.writerow([_cell(data[name]) for name in _FIELDS])
    text = buffer.getvalue()
    return _written(text, path)


def _written(text: str, path: str | os.PathLike[str] | None) -> str:
    """``text``, also written to ``path`` (UTF-8, newlines as given) when a path is given."""
    if path is not None:
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.write(text)
    return text


def records_from_csv(source: str | os.PathLike[str] | io.TextIOBase) -> list[Record]:
    """The records a CSV text (or file) of :func:`records_to_csv` describes.

    Args:
        source: the CSV text (a ``str``), a path (``pathlib.Path``), or an open text file.

    Returns:
        The records.

    Raises:
        ValidationError: when a row does not describe a valid record.

    >>> from khcn.aggregate import records_from_csv
    >>> records_from_csv("report_id,type,fact_id,count\\nr1,task,f1,8\\n")[0].count
    8
    """
    from khcn.serialize import structure

    reader = csv.DictReader(io.StringIO(_text_or_file(source), newline=""))
    out: list[Record] = []
    for row in reader:
        data: dict[str, Any] = {}
        for name, cell in row.items():
            if name is None:
                raise ValueError(f"row {reader.line_num} has more cells than the header")
            if name in _TUPLE_FIELDS:
                data[name] = cell.split(";") if cell else []
            elif cell is None or cell == "":
                data[name] = None
            elif name in _INT_FIELDS:
                data[name] = int(cell)
            else:
                data[name] = cell
        for name in ("report_id", "type", "fact_id"):
            if data.get(name) is None:
                data.pop(name, None)
        if data.get("stance") is None:
            data.pop("stance", None)
        out.append(structure(data, Record))
    return out


def records_to_jsonl(recs: Iterable[Record], path: str | os.PathLike[str] | None = None) -> str:
    """Records as JSON Lines: one JSON object per line, through :mod:`khcn.serialize`.

    Args:
        recs: the records.
        path: a file to write as well, if given.

    Returns:
        The text, each line ending in ``"\\n"``.

    >>> from khcn import Money, EnforcementAction, Report
    >>> from khcn.aggregate import records, records_from_jsonl, records_to_jsonl
    >>> recs = records([Report(facts=(EnforcementAction(id="f1", fine=Money("1500000.5")),))])
    >>> text = records_to_jsonl(recs)
    >>> '"fine": "1500000.5"' in text, records_from_jsonl(text) == recs
    (True, True)
    """
    conv = _converter()
    text = "".join(json.dumps(conv.unstructure(rec), ensure_ascii=False) + "\n" for rec in recs)
    return _written(text, path)


def records_from_jsonl(source: str | os.PathLike[str] | io.TextIOBase) -> list[Record]:
    """The records a JSON Lines text (or file) of :func:`records_to_jsonl` describes.

    Args:
        source: the text (a ``str``), a path (``pathlib.Path``), or an open text file.

    Returns:
        The records.

    Raises:
        ValidationError: when a line does not describe a valid record (floats are refused
            for money).

    >>> from khcn.aggregate import records_from_jsonl
    >>> records_from_jsonl('{"report_id": "r", "type": "ip", "fact_id": "f1"}\\n')[0].type
    'ip'
    """
    from khcn.serialize import from_json

    return [from_json(line, Record) for line in _text_or_file(source).split("\n") if line.strip()]


attrs.resolve_types(Record)
