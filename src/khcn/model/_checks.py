"""attrs validators that raise :class:`khcn.errors.ValidationError` naming the field and value.

Every model class checks types as well as values, so that a wrong value (a ``MoneyRange``
given as a fine, ``"5"`` given as a count) fails where it is made, not later in a report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NoReturn, cast

from khcn.errors import ValidationError
from khcn.model.money import Money

if TYPE_CHECKING:
    import attrs

__all__ = [
    "amount_of_money",
    "count",
    "frozenset_of",
    "is_a",
    "maybe",
    "non_empty_text",
    "optional_day",
    "optional_text",
    "parent_id",
    "tuple_of",
]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _describe(types: tuple[type, ...]) -> str:
    return " or ".join(t.__name__ for t in types)


def _refuses_bool(types: tuple[type, ...]) -> bool:
    """Whether a check for ``types`` must refuse ``True`` and ``False`` apart: they are
    instances of ``int`` (a flag is no count) but not what ``types`` asks for. For other
    types, ``isinstance`` refuses them already."""
    return bool not in types and (isinstance(True, types) or isinstance(False, types))


def is_a(*types: type) -> Validator:
    """A validator: the value is an instance of one of ``types`` (``bool`` is not an ``int``).

    >>> import attrs
    >>> from khcn.model._checks import is_a
    >>> @attrs.frozen
    ... class A:
    ...     n: int = attrs.field(validator=is_a(int))
    >>> A("5")
    Traceback (most recent call last):
    khcn.errors.ValidationError: n='5': must be int, not str
    """
    if _refuses_bool(types):

        def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            if not isinstance(value, types) or isinstance(value, bool):
                _not_a(attribute, value, types)

        return check

    # Every model object is built through such checks: one isinstance is all they need.
    def check_plain(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, types):
            _not_a(attribute, value, types)

    return check_plain


def _not_a(attribute: attrs.Attribute[Any], value: Any, types: tuple[type, ...]) -> NoReturn:
    """Raise the error of a value that is none of ``types``."""
    raise ValidationError(
        attribute.name, value, f"must be {_describe(types)}, not {type(value).__name__}"
    )


def maybe(*types: type) -> Validator:
    """A validator: ``None`` or an instance of one of ``types``.

    >>> import attrs
    >>> from khcn.model._checks import maybe
    >>> @attrs.frozen
    ... class A:
    ...     n: int | None = attrs.field(default=None, validator=maybe(int))
    >>> A(None).n is None
    True
    """
    # What is_a(*types) checks, written out here: a call less for each optional field.
    if _refuses_bool(types):

        def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
            if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
                _not_a(attribute, value, types)

        return check

    def check_plain(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and not isinstance(value, types):
            _not_a(attribute, value, types)

    return check_plain


def count(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A validator: ``None`` or a whole number that is not negative.

    >>> import attrs
    >>> from khcn.model._checks import count
    >>> @attrs.frozen
    ... class A:
    ...     n: int | None = attrs.field(default=None, validator=count)
    >>> A(-1)
    Traceback (most recent call last):
    khcn.errors.ValidationError: n=-1: a count cannot be negative
    """
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(
            attribute.name, value, f"must be int or None, not {type(value).__name__}"
        )
    if value < 0:
        raise ValidationError(attribute.name, value, "a count cannot be negative")


def non_empty_text(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A validator: a string with something besides white space in it.

    >>> import attrs
    >>> from khcn.model._checks import non_empty_text
    >>> @attrs.frozen
    ... class A:
    ...     s: str = attrs.field(validator=non_empty_text)
    >>> A(" ")
    Traceback (most recent call last):
    khcn.errors.ValidationError: s=' ': must not be empty
    """
    if not isinstance(value, str):
        raise ValidationError(attribute.name, value, f"must be str, not {type(value).__name__}")
    if not value.strip():
        raise ValidationError(attribute.name, value, "must not be empty")


def optional_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A validator: ``None`` or a non-empty string.

    >>> import attrs
    >>> from khcn.model._checks import optional_text
    >>> @attrs.frozen
    ... class A:
    ...     s: str | None = attrs.field(default=None, validator=optional_text)
    >>> A("Sở KH&CN").s
    'Sở KH&CN'
    """
    if value is not None:
        non_empty_text(instance, attribute, value)


def frozenset_of(member: type) -> Validator:
    """A validator: a ``frozenset`` whose items are all instances of ``member``.

    >>> import attrs
    >>> from khcn.model._checks import frozenset_of
    >>> @attrs.frozen
    ... class A:
    ...     s: frozenset[int] = attrs.field(validator=frozenset_of(int))
    >>> A(frozenset({"x"}))
    Traceback (most recent call last):
    khcn.errors.ValidationError: s=frozenset({'x'}): every item must be int, not str
    """
    return _collection_of(frozenset, member)


def tuple_of(member: type) -> Validator:
    """A validator: a ``tuple`` whose items are all instances of ``member``.

    >>> import attrs
    >>> from khcn.model._checks import tuple_of
    >>> @attrs.frozen
    ... class A:
    ...     s: tuple[str, ...] = attrs.field(validator=tuple_of(str))
    >>> A(("Nga", "Nhật Bản")).s
    ('Nga', 'Nhật Bản')
    """
    return _collection_of(tuple, member)


def _collection_of(container: type, member: type) -> Validator:
    refuse_bool = _refuses_bool((member,))

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, container):
            raise ValidationError(
                attribute.name,
                value,
                f"must be a {container.__name__}, not {type(value).__name__}",
            )
        for item in cast("Iterable[Any]", value):  # a frozenset or tuple, checked above
            if not isinstance(item, member) or (refuse_bool and isinstance(item, bool)):
                raise ValidationError(
                    attribute.name,
                    value,
                    f"every item must be {member.__name__}, not {type(item).__name__}",
                )

    return check


def parent_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A validator: ``None`` or the id of another fact (never the fact's own id).

    >>> from khcn import ActivityCount, ActivityKind
    >>> ActivityCount(id="f1", parent="f1", activity=ActivityKind.ONE_COMMUNE_ONE_PRODUCT, count=3)
    Traceback (most recent call last):
    khcn.errors.ValidationError: parent='f1': a fact cannot be its own parent
    """
    if value is None:  # most facts have no parent
        return
    non_empty_text(instance, attribute, value)
    if value == getattr(instance, "id", None):
        raise ValidationError(attribute.name, value, "a fact cannot be its own parent")


def amount_of_money(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A validator: ``None`` or a :class:`~khcn.Money` (never a range) that is not negative.

    >>> from khcn import EnforcementAction, MoneyRange, Money
    >>> EnforcementAction(id="f1", fine=MoneyRange(Money(4_000_000), Money(8_000_000)))
    Traceback (most recent call last):
    khcn.errors.ValidationError: fine=MoneyRange(...): must be Money, not MoneyRange
    """
    if value is None:
        return
    if not isinstance(value, Money):
        raise ValidationError(attribute.name, value, f"must be Money, not {type(value).__name__}")
    if value.amount < 0:
        raise ValidationError(attribute.name, value, "an amount of money cannot be negative")


def optional_day(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A validator: ``None`` or a ``datetime.date`` that is a day, not a ``datetime``.

    >>> import attrs, datetime
    >>> from khcn.model._checks import optional_day
    >>> @attrs.frozen
    ... class A:
    ...     d: datetime.date | None = attrs.field(default=None, validator=optional_day)
    >>> A(datetime.datetime(2023, 10, 9, 8, 0))
    Traceback (most recent call last):
    khcn.errors.ValidationError: d=datetime.datetime(...): must be a date, not datetime
    """
    if value is not None and (type(value) is not dt.date):
        raise ValidationError(attribute.name, value, f"must be a date, not {type(value).__name__}")
