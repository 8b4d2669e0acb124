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

import collections
import contextlib
import csv
import datetime as dt
import gc
import hashlib
import inspect
import io
import json
import operator
import typing
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from itertools import groupby
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypeAlias

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


class _ReportHead(NamedTuple):
    """The fields a record takes from its report, shared by the records of one report."""

    report_id: str
    source: str | None
    title: str | None
    published: dt.date | None
    province_id: str | None
    province_code: str | None
    province_name: str | None
    province_2025_id: str | None
    province_2025_name: str | None
    period: str | None


class Record(tuple[Any, ...]):
    """One fact as a flat, typed row: the shape every helper and every export uses.

    Enum fields hold the member's value (``"nghiem_thu"``), so a record reads the same in
    Python, CSV and JSON. Fields that do not apply to a fact's type are ``None``.

    A record is immutable, hashable and compact: a tuple (with no ``__dict__``) whose first
    item holds the fields it takes from its report, shared by every record of that report,
    and whose other items are the fact's own fields. Read it by attribute; the tuple layout
    is not part of the API. Equality compares every field (a record never equals a plain
    tuple), and the class carries ``attrs`` metadata, so ``attrs.fields(Record)``,
    ``attrs.asdict(rec)``, ``attrs.evolve(rec, …)`` and :mod:`khcn.serialize` work as on
    khcn's other classes.

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

    >>> import attrs
    >>> from khcn import Province, Report, ReportingPeriod, TaskCount, TaskStage
    >>> from khcn.aggregate import Record, records
    >>> report = Report(
    ...     source="x.txt", province=Province.lookup("BR-VT"), period=ReportingPeriod.year(2020),
    ...     facts=(TaskCount(id="f1", stage=TaskStage.ACCEPTANCE, count=8),),
    ... )
    >>> [rec] = records([report])
    >>> rec.province_id, rec.province_2025_name, rec.type, rec.stage, rec.count
    ('pre_2025:77', 'Hồ Chí Minh', 'task', 'nghiem_thu', 8)
    >>> rec == Record(**attrs.asdict(rec)), attrs.evolve(rec, count=9).count
    (True, 9)
    """

    __slots__ = ()
    __match_args__ = ()  # as attrs gives a class of keyword-only fields

    # The fields, for type checkers; each is a read-only descriptor, set below the class.
    report_id: str
    source: str | None
    title: str | None
    published: dt.date | None
    province_id: str | None
    province_code: str | None
    province_name: str | None
    province_2025_id: str | None
    province_2025_name: str | None
    period: str | None
    stance: str
    type: str
    fact_id: str
    parent_id: str | None
    kind: str | None
    stage: str | None
    level: str | None
    grade: str | None
    object_type: str | None
    activity: str | None
    unit: str | None
    domains: tuple[str, ...]
    bases: tuple[str, ...]
    count: int | None  # type: ignore[assignment]  # the field hides tuple.count
    qualifier: str | None
    campaigns: int | None
    campaigns_qualifier: str | None
    subjects: int | None
    subjects_qualifier: str | None
    violators: int | None
    violators_qualifier: str | None
    fine: Decimal | None
    fine_currency: str | None
    fine_qualifier: str | None
    evidence: str | None

    def __new__(
        cls,
        *,
        report_id: str,
        source: str | None = None,
        title: str | None = None,
        published: dt.date | None = None,
        province_id: str | None = None,
        province_code: str | None = None,
        province_name: str | None = None,
        province_2025_id: str | None = None,
        province_2025_name: str | None = None,
        period: str | None = None,
        stance: str = Stance.RESULT.value,
        type: str,
        fact_id: str,
        parent_id: str | None = None,
        kind: str | None = None,
        stage: str | None = None,
        level: str | None = None,
        grade: str | None = None,
        object_type: str | None = None,
        activity: str | None = None,
        unit: str | None = None,
        domains: tuple[str, ...] = (),
        bases: tuple[str, ...] = (),
        count: int | None = None,
        qualifier: str | None = None,
        campaigns: int | None = None,
        campaigns_qualifier: str | None = None,
        subjects: int | None = None,
        subjects_qualifier: str | None = None,
        violators: int | None = None,
        violators_qualifier: str | None = None,
        fine: Decimal | None = None,
        fine_currency: str | None = None,
        fine_qualifier: str | None = None,
        evidence: str | None = None,
    ) -> Record:
        head = tuple.__new__(  # as _ReportHead(…), without its Python-level __new__
            _ReportHead,
            (
                report_id,
                source,
                title,
                published,
                province_id,
                province_code,
                province_name,
                province_2025_id,
                province_2025_name,
                period,
            ),
        )
        return tuple.__new__(
            cls,
            (
                head,
                stance,
                type,
                fact_id,
                parent_id,
                kind,
                stage,
                level,
                grade,
                object_type,
                activity,
                unit,
                domains,
                bases,
                count,
                qualifier,
                campaigns,
                campaigns_qualifier,
                subjects,
                subjects_qualifier,
                violators,
                violators_qualifier,
                fine,
                fine_currency,
                fine_qualifier,
                evidence,
            ),
        )

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}({_REPR_FIELDS % (*self[0], *self[1:])})"

    # Compared as attrs compares: records of the same class, field by field; not ordered.
    # Another tuple is unequal outright, or Python would compare it item by item.
    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return False if isinstance(other, tuple) else NotImplemented
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return True if isinstance(other, tuple) else NotImplemented
        return tuple.__ne__(self, other)

    __hash__ = tuple.__hash__

    def __lt__(self, other: object) -> bool:
        return NotImplemented

    __le__ = __gt__ = __ge__ = __lt__

    # Frozen as attrs freezes: setting or deleting any attribute raises.
    def __setattr__(self, name: str, value: Any) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __reduce__(self) -> tuple[Any, ...]:
        return (_record_of, (type(self), tuple(self)))


def _record_of(cls: type[Record], items: tuple[Any, ...]) -> Record:
    """The record of class ``cls`` whose items are ``items`` (unpickling, copying)."""
    return tuple.__new__(cls, items)


_HEAD_FIELDS: Final = _ReportHead._fields
_FACT_FIELDS: Final = (
    "stance",
    "type",
    "fact_id",
    "parent_id",
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
    "evidence",
)
_FIELDS: Final[tuple[str, ...]] = (*_HEAD_FIELDS, *_FACT_FIELDS)
_REPR_FIELDS: Final = ", ".join(f"{name}=%r" for name in _FIELDS)


def _define_fields() -> None:
    """Give ``Record`` a read-only descriptor per field, and its ``attrs`` metadata.

    A fact's field is item ``i + 1`` of the record (a ``namedtuple`` getter, in C); a
    report's field is read through the shared head, item 0 (an ``attrgetter`` chain, in C).
    The ``attrs`` metadata (names, types, defaults) is made from the signature of
    ``Record.__new__``, so that the two cannot drift apart.
    """
    record: Any = Record
    fields = ("head", *_FACT_FIELDS)
    items: Any = collections.namedtuple("_RecordItems", fields)  # type: ignore[misc]
    record._head = items.__dict__["head"]
    for name in _HEAD_FIELDS:
        doc = f"The record's ``{name}`` (see :class:`Record`)."
        setattr(record, name, property(operator.attrgetter(f"_head.{name}"), doc=doc))
    for name in _FACT_FIELDS:
        getter = items.__dict__[name]
        getter.__doc__ = f"The record's ``{name}`` (see :class:`Record`)."
        setattr(record, name, getter)
    hints = typing.get_type_hints(Record.__new__)
    parameters = list(inspect.signature(Record.__new__).parameters.values())[1:]
    spec = attrs.make_class(
        "Record",
        {
            p.name: attrs.field(
                type=hints[p.name], default=attrs.NOTHING if p.default is p.empty else p.default
            )
            for p in parameters
        },
        frozen=True,
        kw_only=True,
    )
    record.__attrs_attrs__ = attrs.fields(spec)
    if hasattr(spec, "__attrs_props__"):  # attrs.inspect(), from attrs 25.4
        record.__attrs_props__ = spec.__attrs_props__


_define_fields()

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

    The report's fields are one head tuple that every record of the report shares (a
    fact with its own period gets a head of its own); each record is then one tuple of
    the head and the fact's fields, built in one step per fact type, the dispatch on the
    fact's exact class, falling back to ``isinstance`` for subclasses.
    """
    period = report.period
    head = tuple.__new__(
        _ReportHead,
        (
            report_id,
            report.source,
            report.title,
            report.published,
            *_province_fields(report.province),
            None if period is None else period.code,
        ),
    )
    new = tuple.__new__
    append = out.append
    type_names = _TYPE_NAMES
    values = _values
    facts: tuple[Any, ...] = report.facts  # dispatched on ``kind``, not narrowed by type
    for fact in facts:
        own = fact.period  # "riêng quý IV, …" in a year report: its own period
        row_head = head if own is None else head._replace(period=own.code)
        evidence = fact.evidence
        text = None if evidence is None else evidence.text or None
        kind = type_names.get(type(fact)) or _type_name(fact)
        if kind == "enforcement":
            campaigns, subjects, violators = fact.campaigns, fact.subjects, fact.violators
            fine, sort, domains, bases = fact.fine, fact.kind, fact.domains, fact.bases
            row = (
                row_head,
                fact.stance._value_,
                kind,
                fact.id,
                fact.parent,
                None if sort is None else sort._value_,
                None,
                None,
                None,
                None,
                None,
                None,
                values(domains) if domains else (),
                values(bases) if bases else (),
                None,
                None,
                campaigns,
                None if campaigns is None else fact.campaigns_qualifier._value_,
                subjects,
                None if subjects is None else fact.subjects_qualifier._value_,
                violators,
                None if violators is None else fact.violators_qualifier._value_,
                None if fine is None else fine.amount,
                None if fine is None else fine.currency,
                None if fine is None else fine.qualifier._value_,
                text,
            )
        elif kind == "task":
            count, sort, level, grade = fact.count, fact.kind, fact.level, fact.grade
            row = (
                row_head,
                fact.stance._value_,
                kind,
                fact.id,
                fact.parent,
                None if sort is None else sort._value_,
                fact.stage._value_,
                None if level is None else level._value_,
                None if grade is None else grade._value_,
                None,
                None,
                None,
                (),
                (),
                count,
                None if count is None else fact.qualifier._value_,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                text,
            )
        elif kind == "ip":
            count, object_type = fact.count, fact.object_type
            row = (
                row_head,
                fact.stance._value_,
                kind,
                fact.id,
                fact.parent,
                None,
                fact.stage._value_,
                None,
                None,
                None if object_type is None else object_type._value_,
                None,
                None,
                (),
                (),
                count,
                None if count is None else fact.qualifier._value_,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                text,
            )
        else:
            count = fact.count
            row = (
                row_head,
                fact.stance._value_,
                kind,
                fact.id,
                fact.parent,
                None,
                None,
                None,
                None,
                None,
                fact.activity._value_,
                fact.unit,
                (),
                (),
                count,
                None if count is None else fact.qualifier._value_,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                text,
            )
        append(new(Record, row))


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

# Where :func:`totals` finds a field: item ``i`` of a record, or item ``i`` of its head
# (item 0). The hot loops index records directly (an index costs less than an attribute):
#   head: 0 report_id, 1 source, 4 province_id, 7 province_2025_id, 9 period;
#   record: 0 head, 1 stance, 2 type, 3 fact_id, 4 parent_id, 5 kind, 6 stage,
#   9 object_type, 10 activity, 14 count, 15 qualifier, 16-21 campaigns, subjects and
#   violators each with its qualifier, 22 fine, 23 fine_currency, 24 fine_qualifier.
_ITEM: Final[Mapping[str, int]] = {name: i for i, name in enumerate(_FACT_FIELDS, start=1)}
_HEAD_ITEM: Final[Mapping[str, int]] = {name: i for i, name in enumerate(_HEAD_FIELDS)}
_record_head: Final = operator.itemgetter(0)
_fact_id: Final = operator.itemgetter(_ITEM["fact_id"])

Measure: TypeAlias = "tuple[str, int | Decimal, str]"


def _measures(rec: Record) -> list[Measure]:
    """(measure, figure, bound) for each figure the record states."""
    kind = rec[2]  # type
    if kind != "enforcement":
        count = rec[14]
        if count is None:
            return []
        bound = _BOUND[rec[15] or "exact"]  # qualifier
        if kind == "task":
            stage = rec[6]
            return [(_TASK_MEASURES.get(stage) or f"tasks_{stage}", count, bound)]
        if kind == "ip":
            obj = rec[9]  # object_type
            name = _IP_MEASURES.get(obj) or f"ip_{obj}"
            return [("ip_total", count, bound), (name, count, bound)]
        activity = rec[10]
        return [(_ACTIVITY_MEASURES.get(activity) or f"activity_{activity}", count, bound)]
    # campaigns, subjects, violators and fine, each with its qualifier (and the currency)
    campaigns, c_q, subjects, s_q, violators, v_q, fine, currency, f_q = rec[16:25]
    out: list[Measure] = []
    if fine is not None:
        name = "fine_vnd" if not currency or currency == "VND" else f"fine_{currency.lower()}"
        out.append((name, fine, _BOUND[f_q or "exact"]))
    if campaigns is not None:
        out.append(("inspections", campaigns, _BOUND[c_q or "exact"]))
    if subjects is not None:
        out.append(("subjects", subjects, _BOUND[s_q or "exact"]))
    if violators is not None:
        out.append(("violators", violators, _BOUND[v_q or "exact"]))
    return out


def _signature(rec: Record) -> tuple[Any, ...]:
    """What makes two facts of different reports the same fact (rule 3).

    The province, the period, the stance and the type, then every field from ``kind`` to
    ``fine_qualifier`` (the fact's keys, figures and qualifiers) in one slice.
    """
    head = rec[0]
    period = head[9]
    if period is None:
        return (head[0], rec[3])  # report_id, fact_id: never the same fact
    return (head[4], period, rec[1], rec[2], rec[5:25])


def _same_measure_scope(parent: Record, child: Record) -> bool:
    """Whether the parent's figures can cover the child's: same stance (and IP stage)."""
    return bool(parent[1] == child[1] and (child[2] != "ip" or parent[6] == child[6]))


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
    parent = by_id.get(rec[4])
    while parent is not None and parent[3] not in seen:
        seen.add(parent[3])
        if _same_measure_scope(parent, rec):
            parent_measures = stated.get(parent[3])
            if parent_measures is None:
                parent_measures = {m for m, _, _ in _measures(parent)}
                stated[parent[3]] = parent_measures
            covered |= parent_measures
        parent = None if parent[4] is None else by_id.get(parent[4])
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
    is_ip = rec[2] == "ip"
    scope = (rec[4], rec[1], is_ip, rec[6] if is_ip else None)
    chain = chains.get(scope)
    if chain is None:
        visited: set[str] = set()
        chain = chains[scope] = (visited, _covering(rec, by_id, stated, visited))
    covered = chain[1]
    if rec[3] in chain[0]:
        covered = _covering(rec, by_id, stated, {rec[3]})
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


def _head_key(by: Sequence[str], merge_2025: bool) -> Callable[[Any], tuple[Any, ...]] | None:
    """The group key for ``by`` as a function of a record's head (its item 0).

    ``None`` when a dimension is one of the fact's own fields (stance, type, kind …).
    """
    if any(dim in _ITEM for dim in by):
        return None
    items = [None if dim == "year" else _HEAD_ITEM[_field_of(dim, merge_2025)] for dim in by]
    if None in items:
        return lambda head: tuple(_year(head[9]) if i is None else head[i] for i in items)
    if not items:
        return lambda head: ()
    if len(items) == 1:
        (one,) = items
        return lambda head: (head[one],)
    return operator.itemgetter(*items)


def _key_getter(by: Sequence[str], merge_2025: bool) -> Callable[[Record], tuple[Any, ...]]:
    """A function giving a record's group key for ``by``."""
    head_key = _head_key(by, merge_2025)
    if head_key is not None:
        return lambda rec: head_key(rec[0])
    getters: list[Callable[[Record], Any]] = []
    for dim in by:
        if dim == "year":
            getters.append(lambda rec: _year(rec[0][9]))
        elif dim in _ITEM:
            getters.append(operator.itemgetter(_ITEM[dim]))
        else:
            getters.append(_head_getter(_HEAD_ITEM[_field_of(dim, merge_2025)]))
    return lambda rec: tuple([g(rec) for g in getters])


def _head_getter(item: int) -> Callable[[Record], Any]:
    return lambda rec: rec[0][item]


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
        # Group by report. The records of one report come together and share their head,
        # so ``groupby`` finds each run with one identity check per record.
        by_report: dict[str, list[Record]] = {}
        for head, run in groupby(_as_records(reports), _record_head):
            found = by_report.get(head[0])
            if found is None:
                by_report[head[0]] = list(run)
            else:
                found.extend(run)

        # Reports alone in their (province, period) cannot repeat another's facts.
        bucket_reports: dict[tuple[Any, Any], int] = {}
        for recs in by_report.values():
            head = recs[0][0]
            if head[9] is not None:  # period
                bucket = (head[4], head[9])  # province_id, period
                bucket_reports[bucket] = bucket_reports.get(bucket, 0) + 1

        # The key depends on the head alone unless a dimension is the fact's own: then it
        # is computed again only when the head changes.
        head_key = _head_key(by, merge_2025)
        key_of = _key_getter(by, merge_2025)

        sums: dict[tuple[Any, ...], dict[str, list[Any]]] = {}
        present: set[str] = set(_CORE)
        groups_reports: dict[tuple[Any, ...], set[str]] = {}
        groups_sources: dict[tuple[Any, ...], set[str]] = {}

        # Per signature: the group key of its first copy, and per report a slot: the number
        # of copies, the free measures of the first, and once a second copy comes, how many
        # copies state each measure uncovered.
        copies: dict[tuple[Any, ...], tuple[tuple[Any, ...], dict[str, list[Any]]]] = {}
        bound_of = _BOUND
        task_measures, ip_measures = _TASK_MEASURES, _IP_MEASURES
        activity_measures = _ACTIVITY_MEASURES
        for report_id, recs in by_report.items():
            first = recs[0][0]  # the head of the report's first record
            alone = first[9] is None or bucket_reports[(first[4], first[9])] == 1
            label = first[1] if first[1] is not None else report_id
            keys: set[tuple[Any, ...]] = set()
            key: tuple[Any, ...] = ()
            last_key: tuple[Any, ...] | None = None
            last_head: tuple[Any, ...] | None = None
            acc: dict[str, list[Any]] | None = None
            by_id: dict[str, Record] | None = None
            stated: dict[str, set[str]] = {}
            chains: dict[tuple[Any, ...], tuple[set[str], set[str]]] = {}
            # The last record kept and its measures: most often the parent of the next.
            last_rec: Record | None = None
            last_measures: list[Measure] = []
            for rec in recs:
                # Rule 1 (and the IP stage): records refused here still cover their parts.
                if wanted is not None and rec[1] != wanted:  # stance
                    continue
                # The figures the record states: _measures, inlined on this hot path (the
                # tests check that the two agree).
                kind = rec[2]
                if kind == "enforcement":
                    campaigns, c_q, subjects, s_q, violators, v_q, fine, currency, f_q = rec[16:25]
                    stating = []
                    if fine is not None:
                        stating.append(
                            (
                                "fine_vnd"
                                if not currency or currency == "VND"
                                else f"fine_{currency.lower()}",
                                fine,
                                bound_of[f_q or "exact"],
                            )
                        )
                    if campaigns is not None:
                        stating.append(("inspections", campaigns, bound_of[c_q or "exact"]))
                    if subjects is not None:
                        stating.append(("subjects", subjects, bound_of[s_q or "exact"]))
                    if violators is not None:
                        stating.append(("violators", violators, bound_of[v_q or "exact"]))
                else:
                    if kind == "ip" and ip_wanted is not None and rec[6] != ip_wanted:
                        continue
                    count = rec[14]
                    if count is None:
                        stating = []
                    else:
                        bound = bound_of[rec[15] or "exact"]
                        if kind == "task":
                            stage = rec[6]
                            name = task_measures.get(stage) or f"tasks_{stage}"
                            stating = [(name, count, bound)]
                        elif kind == "ip":
                            obj = rec[9]  # object_type
                            name = ip_measures.get(obj) or f"ip_{obj}"
                            stating = [("ip_total", count, bound), (name, count, bound)]
                        else:
                            activity = rec[10]
                            name = activity_measures.get(activity) or f"activity_{activity}"
                            stating = [(name, count, bound)]
                free = stating
                parent_id = rec[4]
                if free and parent_id is not None:  # a part: its total may state the same
                    if by_id is None:
                        by_id = dict(zip(map(_fact_id, recs), recs, strict=True))
                    parent = by_id.get(parent_id)
                    if parent is None:
                        pass
                    elif parent[4] is None and parent_id != rec[3]:  # a top-level parent
                        # The usual part of a top-level total: one step up, no walk.
                        if parent[1] == rec[1] and (kind != "ip" or parent[6] == rec[6]):
                            names = stated.get(parent_id)
                            if names is None:
                                of_parent = (
                                    last_measures if parent is last_rec else _measures(parent)
                                )
                                names = stated[parent_id] = {m for m, _, _ in of_parent}
                            if not names:
                                pass
                            elif len(free) == 1:
                                if free[0][0] in names:
                                    free = []
                            else:
                                free = [m for m in free if m[0] not in names]
                    else:
                        free = _free(rec, free, by_id, stated, chains)
                last_rec, last_measures = rec, stating
                if head_key is None:
                    key = key_of(rec)
                    if key != last_key:  # the records of a report mostly share their group
                        keys.add(key)
                        last_key, acc = key, None
                elif rec[0] is not last_head:  # the key changes only with the head
                    last_head = rec[0]
                    key = head_key(last_head)
                    if key != last_key:
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
                    copy = copies[sig] = (key, {})
                slot = copy[1].get(report_id)
                if slot is None:
                    # The first copy in this report: its free measures, counted once each.
                    copy[1][report_id] = [1, free, None]
                    continue
                counts = slot[2]
                if counts is None:
                    counts = slot[2] = {m: [1, value, bound] for m, value, bound in slot[1]}
                slot[0] += 1
                for measure, value, bound in free:
                    entry = counts.get(measure)
                    if entry is None:
                        counts[measure] = [1, value, bound]
                    else:
                        entry[0] += 1
            for key in keys:
                groups_reports.setdefault(key, set()).add(report_id)
                groups_sources.setdefault(key, set()).add(label)

        for key, reps in copies.values():
            # The reports stating the fact most often; each measure free in all of them,
            # as often as the report where it is free least often (rule 3: a copy
            # covered by its total in any report is covered).
            slots = list(reps.values())
            most = 1
            for slot in slots:
                if slot[0] > most:
                    most = slot[0]
            acc = sums.get(key)
            if acc is None:
                acc = sums[key] = {}
            if most == 1:
                # Each report states the fact once: a measure counts once if it is free in
                # every report (most often, every report leaves the same ones free).
                added = first_free = slots[0][1]
                for slot in slots[1:]:
                    if slot[1] != first_free:
                        names = {m for m, _, _ in slot[1]}
                        added = [m for m in added if m[0] in names]
            else:
                added = []
                candidates = [slot[2] for slot in slots if slot[0] == most]
                others = candidates[1:]
                for measure, least in candidates[0].items():
                    for other in others:
                        entry = other.get(measure)
                        if entry is None:
                            break
                        if entry[0] < least[0]:
                            least = entry
                    else:
                        times, value, bound = least
                        added.append((measure, value * times if times != 1 else value, bound))
            for measure, amount, bound in added:
                old = acc.get(measure)
                if old is None:
                    present.add(measure)
                    acc[measure] = [amount, bound]
                else:
                    old[0] += amount
                    if bound != old[1]:
                        old[1] = _add_bounds(old[1], bound)
        # Dropped while the collector is paused: once running again, it would first walk
        # these (tens of thousands of objects on 10^5 facts) only to find them garbage.
        del copies, by_report

    measures = tuple(sorted(present, key=_measure_order))
    head_columns = _head_columns(by)
    columns = (*head_columns, "reports", "sources", *_with_qualifiers(measures))
    # Each row starts as a copy of an empty one (every column None), then gets its keys
    # and its sums; the copy keeps the column order and costs no growing of the dict.
    empty = dict.fromkeys(columns)
    qualifier_of = {m: f"{m}_qualifier" for m in measures}
    figure, bound_in = operator.itemgetter(0), operator.itemgetter(1)
    rows: list[dict[str, Any]] = []
    for key in sorted(groups_reports, key=lambda k: _row_sort(by, k)):
        row = empty.copy()
        for dim, value in zip(by, key, strict=True):
            if dim == "province":
                row["province"] = None if value is None else Province.from_id(value).name
                row["province_id"] = value
            else:
                row[dim] = value
        row["reports"] = len(groups_reports[key])
        row["sources"] = tuple(sorted(groups_sources[key]))
        acc = sums.get(key)
        if acc:
            row.update(zip(acc, map(figure, acc.values()), strict=True))
            qualifiers = map(qualifier_of.__getitem__, acc)
            row.update(zip(qualifiers, map(bound_in, acc.values()), strict=True))
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
    # Columns by item, in C: the heads' items, then the records' own.
    heads = list(map(_record_head, recs))
    columns = {name: list(map(operator.itemgetter(i), heads)) for name, i in _HEAD_ITEM.items()}
    columns.update({name: list(map(operator.itemgetter(i), recs)) for name, i in _ITEM.items()})
    return _FIELDS, columns


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
