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
   the keys that name what it counts (stage, grade, object type, activity), every figure
   and every qualifier; ids, parents, evidence and wording do not matter, nor do the
   words that describe it and that a retelling often drops (the operation's kind, domains
   and bases, the task's kind and level, the counted noun as written). Facts within one
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
    "unit": "an activity's counted noun as written ('lớp', 'lượt người', 'hồ sơ')",
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


_TASK_MEASURES: Final[Mapping[str | None, str]] = {s.value: f"tasks_{s.value}" for s in TaskStage}
_IP_MEASURES: Final[Mapping[str | None, str]] = {
    None: "ip_unstated",
    **{o.value: f"ip_{o.value}" for o in IPObjectType},
}
_ACTIVITY_MEASURES: Final[Mapping[str | None, str]] = {
    a.value: f"activity_{a.value}" for a in ActivityKind
}

# A record's own items, after the report head (item 0) and the fact shape (item 1). Each
# measure lives in one item whatever the fact: the counts of tasks, IP and activities in
# ``count``, and the enforcement figures each in its own (see _plan).
_COUNT, _CAMPAIGNS, _SUBJECTS, _VIOLATORS, _FINE = 4, 5, 6, 7, 8

Plan: TypeAlias = "tuple[tuple[str, int, str, str], ...]"


def _plan(
    type: str,
    stage: str | None,
    object_type: str | None,
    activity: str | None,
    qualifier: str | None,
    campaigns_qualifier: str | None,
    subjects_qualifier: str | None,
    violators_qualifier: str | None,
    fine_currency: str | None,
    fine_qualifier: str | None,
    stated: int,
) -> Plan | None:
    """The measures a record of this shape states: (measure, record item, bound, bound column).

    ``stated`` says which figures the record has, one bit per item (``1 << _COUNT`` …), so
    that every record of one shape states the same measures; the order is the one
    :func:`_measures` gives. ``None`` when a field is not one khcn writes (a record built
    or read by hand with an unknown qualifier …): :func:`totals` then reads such a record
    the long way, and fails, if at all, where it always did.
    """
    bound = _BOUND
    stating: list[tuple[str, int, str]] = []
    try:
        if type != "enforcement":
            if stated & (1 << _COUNT):
                counted = bound[qualifier or "exact"]
                if type == "task":
                    name = _TASK_MEASURES.get(stage) or f"tasks_{stage}"
                elif type == "ip":
                    stating.append(("ip_total", _COUNT, counted))
                    name = _IP_MEASURES.get(object_type) or f"ip_{object_type}"
                else:
                    name = _ACTIVITY_MEASURES.get(activity) or f"activity_{activity}"
                stating.append((name, _COUNT, counted))
        else:
            if stated & (1 << _FINE):
                fine = (
                    "fine_vnd"
                    if not fine_currency or fine_currency == "VND"
                    else f"fine_{fine_currency.lower()}"
                )
                stating.append((fine, _FINE, bound[fine_qualifier or "exact"]))
            if stated & (1 << _CAMPAIGNS):
                stating.append(("inspections", _CAMPAIGNS, bound[campaigns_qualifier or "exact"]))
            if stated & (1 << _SUBJECTS):
                stating.append(("subjects", _SUBJECTS, bound[subjects_qualifier or "exact"]))
            if stated & (1 << _VIOLATORS):
                stating.append(("violators", _VIOLATORS, bound[violators_qualifier or "exact"]))
    except Exception:  # any field of the wrong kind: the long way
        return None
    return tuple((name, i, b, f"{name}_qualifier") for name, i, b in stating)


def _plan_names(*figures: Any) -> tuple[Plan | None, frozenset[str]]:
    """The plan for these arguments of :func:`_plan`, and the names of its measures."""
    plan = _plan(*figures)
    return plan, frozenset() if plan is None else frozenset(m[0] for m in plan)


# Plans are few and made from the fields alone: kept once made (values of different
# types, such as a str and an enum member that equals it, are kept apart).
_shared_plan: Final = lru_cache(maxsize=1024, typed=True)(_plan_names)


class _FactShape(NamedTuple):
    """The fields a record takes from its fact's kind, shared by the records alike.

    Every field of a fact but its id, parent, figures and evidence: its stance, type and
    enum fields, and which qualifier each figure has. Facts of one :func:`records` call
    that agree on these and state the same figures share one shape. The last two items are
    not fields: what :func:`totals` adds up for the record (:func:`_plan`) and the names of
    those measures, both found from the fields and from which figures the record states,
    so that records equal field by field have equal shapes.
    """

    stance: str
    type: str
    kind: str | None
    stage: str | None
    level: str | None
    grade: str | None
    object_type: str | None
    activity: str | None
    unit: str | None
    domains: tuple[str, ...]
    bases: tuple[str, ...]
    qualifier: str | None
    campaigns_qualifier: str | None
    subjects_qualifier: str | None
    violators_qualifier: str | None
    fine_currency: str | None
    fine_qualifier: str | None
    plan: Plan | None
    names: frozenset[str]


def _shape(
    stance: str,
    type: str,
    kind: str | None,
    stage: str | None,
    level: str | None,
    grade: str | None,
    object_type: str | None,
    activity: str | None,
    unit: str | None,
    domains: tuple[str, ...],
    bases: tuple[str, ...],
    qualifier: str | None,
    campaigns_qualifier: str | None,
    subjects_qualifier: str | None,
    violators_qualifier: str | None,
    fine_currency: str | None,
    fine_qualifier: str | None,
    stated: int,
) -> _FactShape:
    """The shape of these fields, with its plan (``stated``: see :func:`_plan`)."""
    figures = (
        type,
        stage,
        object_type,
        activity,
        qualifier,
        campaigns_qualifier,
        subjects_qualifier,
        violators_qualifier,
        fine_currency,
        fine_qualifier,
        stated,
    )
    try:
        plan, names = _shared_plan(*figures)
    except TypeError:  # a field that does not hash (a list …)
        plan, names = _plan_names(*figures)
    return tuple.__new__(  # as _FactShape(…), without its Python-level __new__
        _FactShape,
        (
            stance,
            type,
            kind,
            stage,
            level,
            grade,
            object_type,
            activity,
            unit,
            domains,
            bases,
            qualifier,
            campaigns_qualifier,
            subjects_qualifier,
            violators_qualifier,
            fine_currency,
            fine_qualifier,
            plan,
            names,
        ),
    )


def _stated_bits(*figures: Any) -> int:
    """The ``stated`` bits of :func:`_plan` for a record's count, campaigns … and fine."""
    return sum(1 << item for item, figure in enumerate(figures, _COUNT) if figure is not None)


class Record(tuple[Any, ...]):
    """One fact as a flat, typed row: the shape every helper and every export uses.

    Enum fields hold the member's value (``"nghiem_thu"``), so a record reads the same in
    Python, CSV and JSON. Fields that do not apply to a fact's type are ``None``.

    A record is immutable, hashable and compact: a tuple (with no ``__dict__``) whose first
    item holds the fields it takes from its report, shared by every record of that report,
    whose second holds those it takes from its fact's kind (stance, type, enum fields and
    qualifiers), shared by every record of the same kind, and whose other items are the
    fact's id, parent, figures and evidence. Read it by attribute; the tuple layout is not
    part of the API. Equality compares every field (a record never equals a plain
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
        stated = (
            (count is not None) << _COUNT
            | (campaigns is not None) << _CAMPAIGNS
            | (subjects is not None) << _SUBJECTS
            | (violators is not None) << _VIOLATORS
            | (fine is not None) << _FINE
        )
        shape = _shape(
            stance,
            type,
            kind,
            stage,
            level,
            grade,
            object_type,
            activity,
            unit,
            domains,
            bases,
            qualifier,
            campaigns_qualifier,
            subjects_qualifier,
            violators_qualifier,
            fine_currency,
            fine_qualifier,
            stated,
        )
        return tuple.__new__(
            cls,
            (
                head,
                shape,
                fact_id,
                parent_id,
                count,
                campaigns,
                subjects,
                violators,
                fine,
                evidence,
            ),
        )

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}({_REPR_FIELDS % _field_values(self)})"

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
_SHAPE_FIELDS: Final = _FactShape._fields[:-2]  # without the plan and the names
_OWN_FIELDS: Final = (
    "fact_id",
    "parent_id",
    "count",
    "campaigns",
    "subjects",
    "violators",
    "fine",
    "evidence",
)
_FIELDS: Final[tuple[str, ...]] = (
    *_HEAD_FIELDS,
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
_REPR_FIELDS: Final = ", ".join(f"{name}=%r" for name in _FIELDS)

# Where a record keeps each field: item ``i`` of its head (item 0), of its shape (item 1),
# or of the record itself. The hot loops of :func:`totals` index records directly (an
# index costs less than an attribute).
_HEAD_ITEM: Final[Mapping[str, int]] = {name: i for i, name in enumerate(_HEAD_FIELDS)}
_SHAPE_ITEM: Final[Mapping[str, int]] = {name: i for i, name in enumerate(_SHAPE_FIELDS)}
_ITEM: Final[Mapping[str, int]] = {name: i for i, name in enumerate(_OWN_FIELDS, start=2)}
_PLAN: Final = len(_SHAPE_FIELDS)  # the shape's plan, then its measure names
_NAMES: Final = _PLAN + 1
assert [_ITEM[n] for n in ("count", "campaigns", "subjects", "violators", "fine")] == [
    _COUNT,
    _CAMPAIGNS,
    _SUBJECTS,
    _VIOLATORS,
    _FINE,
]


def _field_values(rec: Record) -> tuple[Any, ...]:
    """The record's fields, in the order of ``attrs.fields(Record)``."""
    head, shape, fact_id, parent_id, count, campaigns, subjects, violators, fine, evidence = rec
    return (
        *head,
        shape[0],
        shape[1],
        fact_id,
        parent_id,
        *shape[2:11],
        count,
        shape[11],
        campaigns,
        shape[12],
        subjects,
        shape[13],
        violators,
        shape[14],
        fine,
        shape[15],
        shape[16],
        evidence,
    )


def _define_fields() -> None:
    """Give ``Record`` a read-only descriptor per field, and its ``attrs`` metadata.

    A fact's own field (id, parent, figure, evidence) is an item of the record (a
    ``namedtuple`` getter, in C); a report's field is read through the shared head, item 0,
    and a field of the fact's kind through the shared shape, item 1 (``attrgetter`` chains,
    in C). The ``attrs`` metadata (names, types, defaults) is made from the signature of
    ``Record.__new__``, so that the two cannot drift apart.
    """
    record: Any = Record
    fields = ("head", "shape", *_OWN_FIELDS)
    items: Any = collections.namedtuple("_RecordItems", fields)  # type: ignore[misc]
    record._head = items.__dict__["head"]
    record._shape = items.__dict__["shape"]
    for name in _HEAD_FIELDS:
        doc = f"The record's ``{name}`` (see :class:`Record`)."
        setattr(record, name, property(operator.attrgetter(f"_head.{name}"), doc=doc))
    for name in _SHAPE_FIELDS:
        doc = f"The record's ``{name}`` (see :class:`Record`)."
        setattr(record, name, property(operator.attrgetter(f"_shape.{name}"), doc=doc))
    for name in _OWN_FIELDS:
        getter = items.__dict__[name]
        getter.__doc__ = f"The record's ``{name}`` (see :class:`Record`)."
        setattr(record, name, getter)
    hints = typing.get_type_hints(Record.__new__)
    parameters = list(inspect.signature(Record.__new__).parameters.values())[1:]
    assert tuple(p.name for p in parameters) == _FIELDS
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


# A key per fact type that decides its record's shape: the enum members (which hash and
# compare as their values) and the frozensets of the fact, each qualifier only beside its
# figure. :func:`records` keeps one shape per key and type.
_ShapeKey: TypeAlias = "tuple[Any, ...]"


def _report_head(report: Report, report_id: str) -> _ReportHead:
    """The head the records of ``report`` share (see :class:`_ReportHead`)."""
    period = report.period
    return tuple.__new__(  # as _ReportHead(…), without its Python-level __new__
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


def _report_records(
    report: Report,
    head: _ReportHead,
    out: list[Record],
    shapes: tuple[dict[_ShapeKey, _FactShape], ...],
) -> None:
    """Append one record per fact of ``report``, of this ``head``, to ``out``.

    The report's fields are one head tuple that every record of the report shares (a
    fact with its own period gets a head of its own), and the fields of a fact's kind one
    shape that the records alike share, found in ``shapes`` (one dict per fact type) by
    a short key and made on first use. Each record is then one tuple of the head, the
    shape and the fact's own fields, the dispatch on the fact's exact class, falling back
    to ``isinstance`` for subclasses.
    """
    new = tuple.__new__
    append = out.append
    type_names = _TYPE_NAMES
    enforcement_shapes, task_shapes, ip_shapes, activity_shapes = shapes
    facts: tuple[Any, ...] = report.facts  # dispatched on ``kind``, not narrowed by type
    key: _ShapeKey
    for fact in facts:
        own = fact.period  # "riêng quý IV, …" in a year report: its own period
        row_head = head if own is None else head._replace(period=own.code)
        evidence = fact.evidence
        text = None if evidence is None else evidence.text or None
        try:
            kind = type_names[fact.__class__]
        except KeyError:
            kind = _type_name(fact)
        if kind == "enforcement":
            campaigns = fact.campaigns
            subjects = fact.subjects
            violators = fact.violators
            fine = fact.fine
            c_q = None if campaigns is None else fact.campaigns_qualifier
            s_q = None if subjects is None else fact.subjects_qualifier
            v_q = None if violators is None else fact.violators_qualifier
            if fine is None:
                currency = f_q = amount = None
            else:
                currency, f_q, amount = fine.currency, fine.qualifier, fine.amount
            key = (fact.stance, fact.kind, fact.domains, fact.bases, c_q, s_q, v_q, currency, f_q)
            shape = enforcement_shapes.get(key)
            if shape is None:
                stance, sort, domains, bases = key[:4]
                shape = enforcement_shapes[key] = _shape(
                    stance._value_,
                    kind,
                    None if sort is None else sort._value_,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    _values(domains) if domains else (),
                    _values(bases) if bases else (),
                    None,
                    None if c_q is None else c_q._value_,
                    None if s_q is None else s_q._value_,
                    None if v_q is None else v_q._value_,
                    currency,
                    None if f_q is None else f_q._value_,
                    _stated_bits(None, c_q, s_q, v_q, f_q),
                )
            append(
                new(
                    Record,
                    (
                        row_head,
                        shape,
                        fact.id,
                        fact.parent,
                        None,
                        campaigns,
                        subjects,
                        violators,
                        amount,
                        text,
                    ),
                )
            )
            continue
        count = fact.count
        q = None if count is None else fact.qualifier
        if kind == "task":
            key = (fact.stance, fact.kind, fact.stage, fact.level, fact.grade, q)
            shape = task_shapes.get(key)
            if shape is None:
                stance, sort, stage, level, grade = key[:5]
                shape = task_shapes[key] = _shape(
                    stance._value_,
                    kind,
                    None if sort is None else sort._value_,
                    stage._value_,
                    None if level is None else level._value_,
                    None if grade is None else grade._value_,
                    None,
                    None,
                    None,
                    (),
                    (),
                    None if q is None else q._value_,
                    None,
                    None,
                    None,
                    None,
                    None,
                    _stated_bits(q),
                )
        elif kind == "ip":
            key = (fact.stance, fact.stage, fact.object_type, q)
            shape = ip_shapes.get(key)
            if shape is None:
                stance, stage, object_type = key[:3]
                shape = ip_shapes[key] = _shape(
                    stance._value_,
                    kind,
                    None,
                    stage._value_,
                    None,
                    None,
                    None if object_type is None else object_type._value_,
                    None,
                    None,
                    (),
                    (),
                    None if q is None else q._value_,
                    None,
                    None,
                    None,
                    None,
                    None,
                    _stated_bits(q),
                )
        else:
            key = (fact.stance, fact.activity, fact.unit, q)
            shape = activity_shapes.get(key)
            if shape is None:
                stance, activity, unit = key[:3]
                shape = activity_shapes[key] = _shape(
                    stance._value_,
                    kind,
                    None,
                    None,
                    None,
                    None,
                    None,
                    activity._value_,
                    unit,
                    (),
                    (),
                    None if q is None else q._value_,
                    None,
                    None,
                    None,
                    None,
                    None,
                    _stated_bits(q),
                )
        append(
            new(
                Record,
                (row_head, shape, fact.id, fact.parent, count, None, None, None, None, text),
            )
        )


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
    shapes: tuple[dict[_ShapeKey, _FactShape], ...] = ({}, {}, {}, {})
    # A lazy iterable (``extract_many``) may run an extraction per item: the collector
    # is paused only over reports already in memory.
    with _gc_paused(isinstance(reports, (list, tuple))):
        for report in reports:
            key = _report_key(report)
            n = seen.get(key, 0) + 1
            seen[key] = n
            head = _report_head(report, key if n == 1 else f"{key}#{n}")
            _report_records(report, head, out, shapes)
    return out


# -- totals ----------------------------------------------------------------------------------


# Where :func:`totals` finds a field, by item (an index costs less than an attribute):
#   head (item 0): 0 report_id, 1 source, 4 province_id, 7 province_2025_id, 9 period;
#   shape (item 1): 0 stance, 1 type, 3 stage, then the plan and the names (_PLAN, _NAMES);
#   record: 2 fact_id, 3 parent_id, 4 count, 5 campaigns, 6 subjects, 7 violators, 8 fine.
_record_head: Final = operator.itemgetter(0)
_record_shape: Final = operator.itemgetter(1)
_fact_id: Final = operator.itemgetter(_ITEM["fact_id"])

Measure: TypeAlias = "tuple[str, int | Decimal, str]"


def _measures(rec: Record) -> list[Measure]:
    """(measure, figure, bound) for each figure the record states."""
    shape = rec[1]
    plan = shape[_PLAN]
    if plan is not None:
        return [(name, rec[i], bound) for name, i, bound, _ in plan]
    # A field khcn never writes: read as ever, so that it fails where it always did.
    kind = shape[1]  # type
    if kind != "enforcement":
        count = rec[_COUNT]
        if count is None:
            return []
        bound = _BOUND[shape[11] or "exact"]  # qualifier
        if kind == "task":
            stage = shape[3]
            return [(_TASK_MEASURES.get(stage) or f"tasks_{stage}", count, bound)]
        if kind == "ip":
            obj = shape[6]  # object_type
            name = _IP_MEASURES.get(obj) or f"ip_{obj}"
            return [("ip_total", count, bound), (name, count, bound)]
        activity = shape[7]
        return [(_ACTIVITY_MEASURES.get(activity) or f"activity_{activity}", count, bound)]
    campaigns, subjects, violators, fine = rec[_CAMPAIGNS : _FINE + 1]
    c_q, s_q, v_q, currency, f_q = shape[12:17]
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

    The province, the period, the fact's stance and type, the keys that name what it
    counts (the task stage and grade, the IP stage and object type, the activity), every
    figure and every qualifier. Words that describe it and that a retelling often drops or
    puts otherwise are left out: the operation's kind, domains and bases, the task's kind
    and level, the counted noun as written.
    """
    head = rec[0]
    period = head[9]
    if period is None:
        return (head[0], rec[2])  # report_id, fact_id: never the same fact
    shape = rec[1]
    return (
        head[4],
        period,
        shape[0],  # stance
        shape[1],  # type
        shape[3],  # stage
        shape[5],  # grade
        shape[6],  # object type
        shape[7],  # activity
        shape[11:17],  # the qualifiers and the fine's currency
        rec[4],
        rec[5],
        rec[6],
        rec[7],
        rec[8],
    )


def _same_measure_scope(parent: Record, child: Record) -> bool:
    """Whether the parent's figures can cover the child's: same stance (and IP stage)."""
    above, below = parent[1], child[1]
    return bool(above[0] == below[0] and (below[1] != "ip" or above[3] == below[3]))


def _stated(rec: Record) -> set[str]:
    """The names of the measures ``rec`` states."""
    return {m for m, _, _ in _measures(rec)}


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
    parent = by_id.get(rec[3])
    while parent is not None and parent[2] not in seen:
        seen.add(parent[2])
        if _same_measure_scope(parent, rec):
            parent_measures = stated.get(parent[2])
            if parent_measures is None:
                parent_measures = stated[parent[2]] = _stated(parent)
            covered |= parent_measures
        parent = None if parent[3] is None else by_id.get(parent[3])
    return covered


def _covered(
    rec: Record,
    by_id: dict[str, Record],
    stated: dict[str, set[str]],
    chains: dict[tuple[Any, ...], tuple[set[str], set[str]]],
) -> set[str]:
    """The measures of ``rec`` (a part) that an ancestor of its scope states (rule 2).

    Parts of one total share their walk up: ``chains`` keeps, per parent and scope, the
    ids the walk from the parent visits and the measures it finds. It holds for ``rec``
    unless the walk passes through ``rec`` itself (a cycle), which is then walked alone.
    """
    shape = rec[1]
    is_ip = shape[1] == "ip"
    scope = (rec[3], shape[0], is_ip, shape[3] if is_ip else None)
    chain = chains.get(scope)
    if chain is None:
        visited: set[str] = set()
        chain = chains[scope] = (visited, _covering(rec, by_id, stated, visited))
    if rec[2] in chain[0]:
        return _covering(rec, by_id, stated, {rec[2]})
    return chain[1]


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

    ``None`` when a dimension is one of the fact's fields (stance, type, kind …).
    """
    if any(dim in _SHAPE_ITEM for dim in by):
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
        elif dim in _SHAPE_ITEM:
            getters.append(_item_getter(1, _SHAPE_ITEM[dim]))
        else:
            getters.append(_item_getter(0, _HEAD_ITEM[_field_of(dim, merge_2025)]))
    return lambda rec: tuple([g(rec) for g in getters])


def _item_getter(part: int, item: int) -> Callable[[Record], Any]:
    """Item ``item`` of a record's head (``part`` 0) or shape (``part`` 1)."""
    return lambda rec: rec[part][item]


def _field_of(dim: str, merge_2025: bool) -> str:
    if dim == "province":
        return "province_2025_id" if merge_2025 else "province_id"
    return dim


def _free_of(rec: Record, covered: frozenset[str] | set[str] | None) -> list[Measure]:
    """The measures ``rec`` states that are not ``covered`` (by an ancestor, rule 2)."""
    plan = rec[1][_PLAN]
    free = _measures(rec) if plan is None else [(m, rec[i], bound) for m, i, bound, _ in plan]
    if covered:
        return [m for m in free if m[0] not in covered]
    return free


def _qualifier_column(measure: str) -> str:
    return f"{measure}_qualifier"


_body: Final = operator.itemgetter(slice(1, None))  # all but the head


def _republished(
    by_report: Mapping[str, list[Record]],
    bucket_reports: Mapping[tuple[Any, Any], int],
    split: set[str],
) -> dict[str, str]:
    """The reports that only repeat others: each mapped to the first report it repeats.

    A (province, period) whose reports all state the same records but for their head (a
    Sở's report and its retellings, word for word), each report of one head, and into which
    no record of another report's own period falls: every fact of it is stated by every
    report alike, so :func:`totals` reads the first report alone (each fact once, then as
    often as that report states it) and the others add nothing but their sources. The
    first report maps to itself.
    """
    members: dict[tuple[Any, Any], list[str]] = {}
    foreign: set[tuple[Any, Any]] = set()
    for report_id, recs in by_report.items():
        head = recs[0][0]
        if head[9] is None or bucket_reports[(head[4], head[9])] < 2:
            continue  # alone: never compared with another report
        if report_id in split:
            foreign.update((h[4], h[9]) for h in map(_record_head, recs))
            continue
        members.setdefault((head[4], head[9]), []).append(report_id)
    out: dict[str, str] = {}
    for bucket, ids in members.items():
        if bucket in foreign or len(ids) != bucket_reports[bucket]:
            continue
        first = by_report[ids[0]]
        body = list(map(_body, first))
        if all(
            len(by_report[other]) == len(first) and list(map(_body, by_report[other])) == body
            for other in ids[1:]
        ):
            out.update(dict.fromkeys(ids, ids[0]))
    return out


class _Block:
    """What the first of reports that repeat it adds, read as if alone (see _read_repeated).

    Whether a record of it was kept (so that it has a group), the sums of its counts and
    their bounds, and its fines in order (measure, amount, bound, bound column).
    """

    __slots__ = ("bounds", "fines", "kept", "sums")

    def __init__(
        self,
        kept: bool,
        sums: dict[str, Any],
        bounds: dict[str, str | None],
        fines: list[tuple[str, Any, str, str]],
    ) -> None:
        self.kept = kept
        self.sums = sums
        self.bounds = bounds
        self.fines = fines


def _read_repeated(recs: list[Record], wanted: str | None, ip_wanted: str | None) -> _Block | None:
    """The first report of a (province, period) whose other reports repeat it word for word.

    Rule 3 counts each fact of such reports once, as often as one report states it, at the
    place where it first comes: the sum of each count is then the report's own, as if it
    were alone (whole numbers add up alike in any order), and so are its fines when no fine
    is stated twice in it. ``None`` when that does not hold (a fine stated twice, a figure
    that is not a whole number, a field khcn never writes): the report is then read fact by
    fact, each with its signature.
    """
    sums: dict[str, Any] = {}
    bounds: dict[str, str | None] = {}
    fines: list[tuple[str, Any, str, str]] = []
    fined: set[tuple[Any, ...]] = set()  # the signatures of the facts stating a fine
    by_id: dict[str, Record] | None = None
    stated: dict[str, set[str]] = {}
    chains: dict[tuple[Any, ...], tuple[set[str], set[str]]] = {}
    kept = False
    for rec in recs:
        shape = rec[1]
        if wanted is not None and shape[0] != wanted:  # stance
            continue
        if ip_wanted is not None and shape[1] == "ip" and shape[3] != ip_wanted:
            continue
        kept = True
        plan = shape[_PLAN]
        if plan is None:
            return None
        if not plan:
            continue
        if plan[0][1] == _FINE:  # the fine comes first when stated
            sig = (shape, rec[4], rec[5], rec[6], rec[7], rec[8])  # of one head: its own
            if sig in fined:
                return None
            fined.add(sig)
        parent_id = rec[3]
        if parent_id is not None:
            if by_id is None:
                by_id = dict(zip(map(_fact_id, recs), recs, strict=True))
            parent = by_id.get(parent_id)
            covered: frozenset[str] | set[str] | None = None
            if parent is None:
                pass
            elif parent[3] is None and parent_id != rec[2] and parent[1][_PLAN] is not None:
                above = parent[1]
                if above[0] == shape[0] and (shape[1] != "ip" or above[3] == shape[3]):
                    covered = above[_NAMES]
            else:
                covered = _covered(rec, by_id, stated, chains)
            if covered:
                if shape[_NAMES] <= covered:
                    continue
                plan = tuple(m for m in plan if m[0] not in covered)
        for measure, i, bound, column in plan:
            value = rec[i]
            if i == _FINE:
                fines.append((measure, value, bound, column))
                continue
            if type(value) is not int:
                return None
            if measure in sums:
                sums[measure] += value
                if bound != "exact" and bound != bounds[column]:
                    bounds[column] = _add_bounds(bounds[column], bound)
            else:
                sums[measure] = value
                bounds[column] = bound
    return _Block(kept, sums, bounds, fines)


def _add(
    acc: dict[str, Any],
    acc_bounds: dict[str, str | None],
    present: set[str],
    measures: list[Measure],
    covered: frozenset[str] | set[str] | None,
) -> None:
    """Add ``measures`` but the ``covered`` ones to a group's sums and bounds, in order."""
    for measure, value, bound in measures:
        if covered and measure in covered:
            continue
        column = _qualifier_column(measure)
        if measure in acc:
            acc[measure] += value
            if bound != "exact" and bound != acc_bounds[column]:
                acc_bounds[column] = _add_bounds(acc_bounds[column], bound)
        else:
            present.add(measure)
            acc[measure] = value
            acc_bounds[column] = bound


def _long_way(
    rec: Record,
    recs: list[Record],
    stated: dict[str, set[str]],
    chains: dict[tuple[Any, ...], tuple[set[str], set[str]]],
) -> tuple[list[Measure], set[str] | None]:
    """The measures of a record with no plan, and those an ancestor of it states.

    The record of a field khcn never writes: read field by field, so that it fails, if
    at all, where it always did; ``recs`` are the records of its report.
    """
    free = _measures(rec)
    parent_id = rec[3]
    covered = None
    if free and parent_id is not None:
        by_id = dict(zip(map(_fact_id, recs), recs, strict=True))
        parent = by_id.get(parent_id)
        if parent is None:
            pass
        elif parent[3] is None and parent_id != rec[2]:  # a top-level parent
            if _same_measure_scope(parent, rec):
                covered = stated.get(parent_id)
                if covered is None:
                    covered = stated[parent_id] = _stated(parent)
        else:
            covered = _covered(rec, by_id, stated, chains)
    return free, covered


def _slot_added(slots: list[list[Any]]) -> list[Measure]:
    """What a fact stated in several reports adds, from its slot in each (rule 3).

    The reports stating the fact most often count; each measure free in all of them, as
    often as the report where it is free least often (a copy covered by its total in any
    report is covered).
    """
    head_slot = slots[0]
    most = head_slot[0]
    for slot in slots:
        if slot[0] > most:
            most = slot[0]
    if most == 1:
        # Each report states the fact once: a measure counts once if it is free in every
        # report (most often, every report leaves the same ones free).
        added = _free_of(head_slot[1], head_slot[2])
        for slot in slots[1:]:
            if slot[2] != head_slot[2]:
                names = {m for m, _, _ in _free_of(slot[1], slot[2])}
                added = [m for m in added if m[0] in names]
        return added
    added = []
    candidates = [slot[3] for slot in slots if slot[0] == most]
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
    return added


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
        split: set[str] = set()  # reports whose records do not all share one head
        for head, run in groupby(_as_records(reports), _record_head):
            found = by_report.get(head[0])
            if found is None:
                by_report[head[0]] = list(run)
            else:
                found.extend(run)
                split.add(head[0])

        # Reports alone in their (province, period) cannot repeat another's facts.
        bucket_reports: dict[tuple[Any, Any], int] = {}
        for recs in by_report.values():
            head = recs[0][0]
            if head[9] is not None:  # period
                bucket = (head[4], head[9])  # province_id, period
                bucket_reports[bucket] = bucket_reports.get(bucket, 0) + 1

        # The key depends on the head alone unless a dimension is the fact's own: then it
        # is computed again only when the head (or the shape) changes.
        head_key = _head_key(by, merge_2025)
        key_of = _key_getter(by, merge_2025)
        repeats = _republished(by_report, bucket_reports, split) if head_key is not None else {}

        # Per group: the sum of each measure, and its bound (rule 5) by qualifier column.
        sums: dict[tuple[Any, ...], dict[str, Any]] = {}
        bounds: dict[tuple[Any, ...], dict[str, str | None]] = {}
        present: set[str] = set(_CORE)
        groups_reports: dict[tuple[Any, ...], set[str]] = {}
        groups_sources: dict[tuple[Any, ...], set[str]] = {}
        # Which first reports of repeated ones (see _republished) kept a record.
        kept: set[str] = set()

        # Per signature, in the order first seen: the group key of its first copy, and per
        # report a slot: the number of copies, the first copy and the measures an ancestor
        # of it states (see _free_of), and once a second copy comes, how many copies state
        # each measure free. A report read for its repeats (see _republished) has one entry
        # of its own instead, with the slots of its signatures.
        copies: dict[Any, tuple[tuple[Any, ...], dict[Any, list[Any]] | _Block]] = {}
        add_bounds = _add_bounds
        add_present = present.add
        plan_at, names_at = _PLAN, _NAMES
        for report_id, recs in by_report.items():
            first = recs[0][0]  # the head of the report's first record
            label = first[1] if first[1] is not None else report_id
            repeated = repeats.get(report_id)
            if repeated is not None and repeated != report_id:
                # It repeats a report read before: only its source counts.
                if repeated in kept:
                    group = head_key(first)  # type: ignore[misc]  # repeats needs a head_key
                    groups_reports.setdefault(group, set()).add(report_id)
                    groups_sources.setdefault(group, set()).add(label)
                continue
            alone = first[9] is None or bucket_reports[(first[4], first[9])] == 1
            stated: dict[str, set[str]] = {}
            chains: dict[tuple[Any, ...], tuple[set[str], set[str]]] = {}
            by_id: dict[str, Record] | None = None
            if alone and head_key is not None and report_id not in split:
                # The hot path: a report alone in its (province, period), its records of
                # one head, so of one group. Each record's figures, by the plan of its
                # shape, go straight to the group's sums; a part skips what an ancestor
                # states (rule 2).
                key = head_key(first)
                acc = sums.get(key) or sums.setdefault(key, {})
                acc_bounds = bounds.get(key) or bounds.setdefault(key, {})
                kept_any = False
                for rec in recs:
                    shape = rec[1]
                    # Rule 1 (and the IP stage): refused records still cover their parts.
                    if wanted is not None and shape[0] != wanted:  # stance
                        continue
                    if ip_wanted is not None and shape[1] == "ip" and shape[3] != ip_wanted:
                        continue
                    kept_any = True
                    plan = shape[plan_at]
                    if not plan:  # no figure, or a field khcn never writes
                        if plan is None:
                            _add(acc, acc_bounds, present, *_long_way(rec, recs, stated, chains))
                        continue
                    parent_id = rec[3]
                    if parent_id is not None:
                        if by_id is None:
                            by_id = dict(zip(map(_fact_id, recs), recs, strict=True))
                        parent = by_id.get(parent_id)
                        if parent is not None:
                            if parent[3] is None and parent_id != rec[2]:
                                # A top-level parent (the usual): one step up, no walk.
                                above = parent[1]
                                if above[0] != shape[0] or (
                                    shape[1] == "ip" and above[3] != shape[3]
                                ):
                                    covered: frozenset[str] | set[str] | None = None
                                elif above[plan_at] is None:
                                    covered = stated.get(parent_id)
                                    if covered is None:
                                        covered = stated[parent_id] = _stated(parent)
                                else:
                                    covered = above[names_at]
                            else:
                                covered = _covered(rec, by_id, stated, chains)
                            if covered:
                                if shape[names_at] <= covered:
                                    continue
                                plan = tuple(m for m in plan if m[0] not in covered)
                    for measure, i, bound, column in plan:
                        if measure in acc:
                            acc[measure] += rec[i]
                            # exact adds nothing to a bound
                            if bound != "exact" and bound != acc_bounds[column]:
                                acc_bounds[column] = add_bounds(acc_bounds[column], bound)
                        else:
                            add_present(measure)
                            acc[measure] = rec[i]
                            acc_bounds[column] = bound
                if kept_any:
                    groups_reports.setdefault(key, set()).add(report_id)
                    groups_sources.setdefault(key, set()).add(label)
                continue
            if repeated is not None:
                # The first of reports that repeat it: read as if alone, into a block
                # that stands for its facts' copies (see _read_repeated).
                block = _read_repeated(recs, wanted, ip_wanted)
                if block is not None:
                    if block.kept:
                        kept.add(report_id)
                        key = head_key(first)  # type: ignore[misc]  # repeats needs it
                        groups_reports.setdefault(key, set()).add(report_id)
                        groups_sources.setdefault(key, set()).add(label)
                        copies[object()] = (key, block)
                    continue
            # The slots of a report read for its repeats, by signature.
            own: dict[Any, list[Any]] | None = None if repeated is None else {}
            keys: set[tuple[Any, ...]] = set()
            key = ()
            last_key: tuple[Any, ...] | None = None
            last_head: tuple[Any, ...] | None = None
            last_shape: tuple[Any, ...] | None = None
            for rec in recs:
                shape = rec[1]
                if wanted is not None and shape[0] != wanted:  # stance
                    continue
                if ip_wanted is not None and shape[1] == "ip" and shape[3] != ip_wanted:
                    continue
                # The group key, found again only when the head (or the shape) changes.
                if head_key is not None:
                    if rec[0] is not last_head:
                        last_head = rec[0]
                        key = head_key(last_head)
                        if key != last_key:  # the records of a report mostly share their group
                            keys.add(key)
                            last_key = key
                            acc = sums.get(key) or sums.setdefault(key, {})
                            acc_bounds = bounds.get(key) or bounds.setdefault(key, {})
                elif rec[0] is not last_head or shape is not last_shape:
                    last_head, last_shape = rec[0], shape
                    key = key_of(rec)
                    if key != last_key:
                        keys.add(key)
                        last_key = key
                        acc = sums.get(key) or sums.setdefault(key, {})
                        acc_bounds = bounds.get(key) or bounds.setdefault(key, {})
                plan = shape[plan_at]
                if plan is None:  # a field khcn never writes: the figures the long way
                    free, covered = _long_way(rec, recs, stated, chains)
                    if alone:
                        _add(acc, acc_bounds, present, free, covered)
                        continue
                elif not plan:
                    # No figure: nothing to add, and its copies (of the same shape) have none.
                    continue
                else:
                    covered = None
                    parent_id = rec[3]
                    if parent_id is not None:
                        if by_id is None:
                            by_id = dict(zip(map(_fact_id, recs), recs, strict=True))
                        parent = by_id.get(parent_id)
                        if parent is None:
                            pass
                        elif parent[3] is None and parent_id != rec[2]:  # a top-level parent
                            if _same_measure_scope(parent, rec):
                                above = parent[1]
                                covered = above[names_at]
                                if above[plan_at] is None:
                                    covered = stated.get(parent_id)
                                    if covered is None:
                                        covered = stated[parent_id] = _stated(parent)
                        else:
                            covered = _covered(rec, by_id, stated, chains)
                    if alone:
                        _add(acc, acc_bounds, present, _free_of(rec, None), covered)
                        continue
                # One lookup per record: a signature hashes the shape and the figures.
                sig = _signature(rec)
                if own is None:
                    copy = copies.get(sig)
                    if copy is None:
                        copy = copies[sig] = (key, {})
                    slots: dict[Any, list[Any]] = copy[1]  # type: ignore[assignment]
                    slot = slots.get(report_id)
                    if slot is None:
                        # The first copy in this report: its free measures, counted once.
                        slots[report_id] = [1, rec, covered or None, None]
                        continue
                else:
                    slot = own.get(sig)
                    if slot is None:
                        own[sig] = [1, rec, covered or None, None]
                        continue
                counts = slot[3]
                if counts is None:
                    counts = slot[3] = {
                        m: [1, value, bound] for m, value, bound in _free_of(slot[1], slot[2])
                    }
                slot[0] += 1
                for measure, value, bound in _free_of(rec, covered):
                    entry = counts.get(measure)
                    if entry is None:
                        counts[measure] = [1, value, bound]
                    else:
                        entry[0] += 1
            for key in keys:
                groups_reports.setdefault(key, set()).add(report_id)
                groups_sources.setdefault(key, set()).add(label)
            if own is not None and keys:
                kept.add(report_id)
                if own:
                    # One entry for the report: its records all have its head, so one key.
                    copies[object()] = (key, own)

        for key, reps in copies.values():
            into = sums.get(key) or sums.setdefault(key, {})
            into_bounds = bounds.get(key) or bounds.setdefault(key, {})
            if isinstance(reps, _Block):
                block = reps
                for measure, total in block.sums.items():
                    if measure in into:
                        into[measure] += total
                    else:
                        add_present(measure)
                        into[measure] = total
                for column, bound in block.bounds.items():
                    if column not in into_bounds:
                        into_bounds[column] = bound
                    elif bound != "exact" and bound != into_bounds[column]:
                        into_bounds[column] = add_bounds(into_bounds[column], bound)
                for measure, value, bound, column in block.fines:
                    if measure in into:
                        into[measure] += value
                        if bound != "exact" and bound != into_bounds[column]:
                            into_bounds[column] = add_bounds(into_bounds[column], bound)
                    else:
                        add_present(measure)
                        into[measure] = value
                        into_bounds[column] = bound
            elif type(next(iter(reps))) is tuple:
                # A report read for its repeats, one slot per signature: its facts alike.
                for slot in reps.values():
                    if slot[0] == 1:
                        plan = slot[1][1][plan_at]
                        if plan is not None and not slot[2]:
                            rec = slot[1]
                            for measure, i, bound, column in plan:
                                if measure in into:
                                    into[measure] += rec[i]
                                    if bound != "exact" and bound != into_bounds[column]:
                                        into_bounds[column] = add_bounds(into_bounds[column], bound)
                                else:
                                    add_present(measure)
                                    into[measure] = rec[i]
                                    into_bounds[column] = bound
                            continue
                    _add(into, into_bounds, present, _slot_added([slot]), None)
            else:
                _add(into, into_bounds, present, _slot_added(list(reps.values())), None)
        # Dropped while the collector is paused: once running again, it would first walk
        # these (tens of thousands of objects on 10^5 facts) only to find them garbage.
        del copies, by_report

    measures = tuple(sorted(present, key=_measure_order))
    head_columns = _head_columns(by)
    columns = (*head_columns, "reports", "sources", *_with_qualifiers(measures))
    # Each row starts as a copy of an empty one (every column None), then gets its keys
    # and its sums; the copy keeps the column order and costs no growing of the dict.
    empty = dict.fromkeys(columns)
    rows: list[dict[str, Any]] = []
    # Sort keys and province names, found once per value.
    orders: dict[tuple[str, Any], tuple[Any, ...]] = {}
    names: dict[Any, str | None] = {}

    def order(key: tuple[Any, ...]) -> tuple[Any, ...]:
        out = []
        for dim, value in zip(by, key, strict=True):
            found = orders.get((dim, value))
            if found is None:
                found = orders[dim, value] = _sort_key(dim, value)
            out.append(found)
        return tuple(out)

    for key in sorted(groups_reports, key=order):
        row = empty.copy()
        for dim, value in zip(by, key, strict=True):
            if dim == "province":
                name = names.get(value)
                if name is None:
                    name = names[value] = None if value is None else Province.from_id(value).name
                row["province"] = name
                row["province_id"] = value
            else:
                row[dim] = value
        row["reports"] = len(groups_reports[key])
        row["sources"] = tuple(sorted(groups_sources[key]))
        summed = sums.get(key)
        if summed:
            row.update(summed)
            row.update(bounds[key])
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
    # Columns by item, in C: the heads' items, the shapes', then the records' own.
    heads = list(map(_record_head, recs))
    shapes = list(map(_record_shape, recs))
    columns = {name: list(map(operator.itemgetter(i), heads)) for name, i in _HEAD_ITEM.items()}
    columns.update(
        {name: list(map(operator.itemgetter(i), shapes)) for name, i in _SHAPE_ITEM.items()}
    )
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
