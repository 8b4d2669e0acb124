"""Faster ways of building model objects, each against the plain way it replaces.

The model's validators (``khcn.model._checks``), ``Evidence``'s checks, ``Report``'s check
of its facts and the enum lookups of ``khcn.extraction._build`` were rewritten for speed.
The plain versions they replaced are kept here, and each new one must accept, return and
refuse (with the same error and message) exactly what the plain one did, on generated
values.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, cast

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khcn import (
    AcceptanceGrade,
    ActivityKind,
    EnforcementAction,
    EnforcementDomain,
    EnforcementKind,
    EnforcementOutcome,
    Evidence,
    InspectionBasis,
    InspectionClass,
    IPObjectType,
    IPStage,
    Qualifier,
    Stance,
    TaskKind,
    TaskLevel,
    TaskStage,
    ValidationError,
)
from khcn.extraction import _build
from khcn.model import _checks
from khcn.model import report as report_module
from khcn.model.money import Money
from khcn.strategies import facts

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


# --- the plain validators, as they were -------------------------------------------------


def _describe(types: tuple[type, ...]) -> str:
    return " or ".join(t.__name__ for t in types)


def plain_is_a(*types: type) -> Validator:
    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise ValidationError(
                attribute.name, value, f"must be {_describe(types)}, not {type(value).__name__}"
            )

    return check


def plain_maybe(*types: type) -> Validator:
    inner = plain_is_a(*types)

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def plain_collection_of(container: type, member: type) -> Validator:
    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, container):
            raise ValidationError(
                attribute.name,
                value,
                f"must be a {container.__name__}, not {type(value).__name__}",
            )
        for item in cast("Iterable[Any]", value):
            if not isinstance(item, member) or (isinstance(item, bool) and member is not bool):
                raise ValidationError(
                    attribute.name,
                    value,
                    f"every item must be {member.__name__}, not {type(item).__name__}",
                )

    return check


def plain_parent_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _checks.optional_text(instance, attribute, value)
    if value is not None and value == getattr(instance, "id", None):
        raise ValidationError(attribute.name, value, "a fact cannot be its own parent")


def _plain_start(_instance: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    plain_is_a(int)(_instance, attribute, value)
    if value < 0:
        raise ValidationError(attribute.name, value, "an offset cannot be negative")


@attrs.frozen
class PlainEvidence:
    """``Evidence`` with its checks as they were: a composed validator on ``text``."""

    start: int = attrs.field(validator=_plain_start)
    end: int = attrs.field(validator=plain_is_a(int))
    text: str = attrs.field(validator=plain_is_a(str))

    @text.validator
    def _check_span(self, attribute: attrs.Attribute[str], value: str) -> None:
        if self.end < self.start:
            raise ValidationError(
                "end", self.end, f"the end ({self.end}) comes before the start ({self.start})"
            )
        if len(value) != self.end - self.start:
            raise ValidationError(
                "text",
                value,
                f"has {len(value)} characters but the span {self.start}:{self.end} "
                f"has {self.end - self.start}",
            )


def plain_member(enum_class: Any, value: Any) -> Any:
    try:
        return enum_class._value2member_map_[value]
    except (KeyError, TypeError):
        return enum_class(value)


def plain_maybe_member(enum_class: Any, value: Any) -> Any:
    return None if value is None else plain_member(enum_class, value)


# --- what happens ----------------------------------------------------------------------


def outcome(call: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    """What ``call(*args)`` gives: its result, or its error's type and message."""
    try:
        result = call(*args)
    except Exception as err:
        return "raises", (type(err), str(err))
    return "returns", result


@attrs.frozen
class _Field:
    """Stands in for the ``attrs.Attribute`` a validator is given: only its name is read."""

    name: str


@attrs.frozen
class _Fact:
    """Stands in for the instance a ``parent`` check reads the ``id`` of."""

    id: Any


FIELD = cast("attrs.Attribute[Any]", _Field("x"))


class IntFlag(int):
    """An ``int`` subclass that is not a bool."""


# Values of many types, among them the ones the checks single out: bools are ints, enums
# are str, None is allowed or not.
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.integers().map(IntFlag),
    st.floats(allow_nan=False),
    st.text(max_size=3),
    st.sampled_from([*Stance, *Qualifier, *TaskStage, *EnforcementKind]),
    st.builds(Money, st.decimals(-10, 10, places=0)),
    st.just(Decimal(1)),
    st.just(dt.date(2023, 10, 9)),
    st.just(dt.datetime(2023, 10, 9, 8, 0)),
)
values = st.one_of(
    values,
    st.lists(values, max_size=3).map(tuple),
    st.frozensets(st.one_of(st.booleans(), st.integers(-2, 2), st.sampled_from(Stance))),
)

TYPE_SETS: list[tuple[type, ...]] = [
    (int,),
    (str,),
    (bool,),
    (float,),
    (int, bool),
    (int, str),
    (bool, str),
    (Stance,),
    (Qualifier,),
    (TaskStage,),
    (Money,),
    (Decimal,),
    (dt.date,),
    (object,),
    (IntFlag,),
    (enum.Enum,),
]


@pytest.mark.parametrize("types", TYPE_SETS, ids=_describe)
@settings(max_examples=150)
@given(value=values)
def test_is_a_and_maybe_refuse_what_they_refused(types: tuple[type, ...], value: Any) -> None:
    """``is_a`` and ``maybe`` (one isinstance unless a bool must be refused apart) accept
    and refuse exactly what the plain checks did, with the same message."""
    for fast, plain in ((_checks.is_a, plain_is_a), (_checks.maybe, plain_maybe)):
        assert outcome(fast(*types), None, FIELD, value) == outcome(
            plain(*types), None, FIELD, value
        )


@pytest.mark.parametrize("container", [frozenset, tuple])
@pytest.mark.parametrize("member", [int, bool, str, Stance, object], ids=lambda t: t.__name__)
@settings(max_examples=100)
@given(value=values)
def test_collections_refuse_what_they_refused(container: type, member: type, value: Any) -> None:
    fast = _checks.frozenset_of if container is frozenset else _checks.tuple_of
    assert outcome(lambda: fast(member)(None, FIELD, value)) == outcome(
        lambda: plain_collection_of(container, member)(None, FIELD, value)
    )


@given(own=st.sampled_from(["f1", "f2", None]), value=st.one_of(values, st.just("f1")))
def test_a_parent_id_is_refused_as_it_was(own: Any, value: Any) -> None:
    fact = _Fact(own)
    assert outcome(lambda: _checks.parent_id(fact, FIELD, value)) == outcome(
        lambda: plain_parent_id(fact, FIELD, value)
    )


offsets = st.one_of(st.integers(-2, 8), st.booleans(), st.none(), st.just(2.0), st.just("3"))


def _shown(made: tuple[str, Any]) -> tuple[str, Any]:
    """An outcome with an evidence's fields in place of the object (the classes differ)."""
    kind, what = made
    return (kind, attrs.astuple(what)) if kind == "returns" else made


@settings(max_examples=300)
@given(start=offsets, end=offsets, text=st.one_of(st.text(max_size=6), st.none(), st.just(1)))
def test_evidence_refuses_what_it_refused(start: Any, end: Any, text: Any) -> None:
    """One validator on ``text`` (the string check, then the span) refuses what the string
    check composed with the span method did, in the same order."""
    assert _shown(outcome(lambda: Evidence(start, end, text))) == _shown(
        outcome(lambda: PlainEvidence(start, end, text))
    )


ENUMS = [
    Stance,
    Qualifier,
    EnforcementKind,
    InspectionClass,
    InspectionBasis,
    EnforcementDomain,
    EnforcementOutcome,
    TaskLevel,
    TaskKind,
    TaskStage,
    AcceptanceGrade,
    IPObjectType,
    IPStage,
    ActivityKind,
]


@pytest.mark.parametrize("enum_class", ENUMS, ids=lambda e: e.__name__)
@given(
    data=st.data(),
    other=st.one_of(st.none(), st.text(max_size=4), st.integers(), st.booleans()),
)
def test_ids_give_what_the_enum_gives(enum_class: Any, data: st.DataObject, other: Any) -> None:
    """An ``_Ids`` table gives the member an enum call gives, and for an id the enum does
    not know, the enum's own error; ``or_none`` lets ``None`` through, as ``_maybe`` did."""
    member = data.draw(st.sampled_from(list(enum_class)))
    table, optional = _build._Ids(enum_class), _build._Ids(enum_class, or_none=True)
    for value in (member.value, member, other):
        assert outcome(table.__getitem__, value) == outcome(plain_member, enum_class, value)
        assert outcome(optional.__getitem__, value) == outcome(
            plain_maybe_member, enum_class, value
        )
    ids = st.one_of(st.sampled_from([m.value for m in enum_class]), st.text(max_size=3))
    many = data.draw(st.lists(ids, max_size=4))
    assert outcome(lambda: frozenset(map(table.__getitem__, many))) == outcome(
        lambda: frozenset(plain_member(enum_class, v) for v in many)
    )


def test_the_enum_tables_are_what_build_looks_ids_up_in() -> None:
    """Each table of ``_build`` is its enum's, and only the optional fields' take ``None``."""
    optional = {"EnforcementKind", "TaskLevel", "TaskKind", "AcceptanceGrade", "IPObjectType"}
    tables = {n: v for n, v in vars(_build).items() if isinstance(v, _build._Ids)}
    assert {t.enum for t in tables.values()} == set(ENUMS)
    for name, table in tables.items():
        assert (None in table) == (table.enum.__name__ in optional or name.endswith("OR_NONE"))
        assert {k: v for k, v in table.items() if k is not None} == dict(
            table.enum._value2member_map_
        )


def plain_facts(instance: Any, facts: Any) -> None:
    """``Report``'s check of its facts as it was: every fact's parent chain followed."""
    if not isinstance(facts, tuple):
        raise ValidationError("facts", facts, f"must be a tuple, not {type(facts).__name__}")
    by_id: dict[str, Any] = {}
    for index, fact in enumerate(facts):
        if not isinstance(fact, report_module.FACT_TYPES):
            raise ValidationError(f"facts[{index}]", fact, f"{type(fact).__name__} is not a fact")
        if fact.id in by_id:
            raise ValidationError(f"facts[{index}].id", fact.id, "two facts share this id")
        by_id[fact.id] = fact
    for index, fact in enumerate(facts):
        report_module._check_parent(index, fact, by_id)
        fine = fact.fine if isinstance(fact, EnforcementAction) else None
        if fine is not None and fine.currency != instance.currency:
            raise ValidationError(
                f"facts[{index}].fine",
                fine,
                f"is in {fine.currency}, the report in {instance.currency}",
            )


@attrs.frozen
class _Reported:
    """Stands in for the report whose currency the facts' check reads."""

    currency: str


@st.composite
def linked_facts(draw: st.DrawFn) -> tuple[Any, ...]:
    """Facts whose ids and parents come from a few names: shared ids, missing parents,
    parents of another type, cycles and sound trees."""
    out = []
    for fact in draw(st.lists(facts(), max_size=5)):
        fact_id = draw(st.sampled_from(["f1", "f2", "f3"]))
        others = [p for p in (None, "f1", "f2", "f3", "f4") if p != fact_id]
        parent = draw(st.sampled_from(others))
        out.append(attrs.evolve(fact, id=fact_id, parent=parent))
    return tuple(out)


@given(linked_facts(), st.sampled_from(["VND", "USD"]))
def test_a_report_refuses_the_facts_it_refused(linked: tuple[Any, ...], currency: str) -> None:
    """Following the parent chain only for facts that have a parent refuses the same
    reports, with the same first error."""
    report = _Reported(currency)
    assert outcome(report_module._facts, report, FIELD, linked) == outcome(
        plain_facts, report, linked
    )
