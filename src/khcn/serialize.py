"""The one cattrs converter for khcn's model: JSON-ready dicts, JSON text, a JSON Schema, CSV rows.

Wire choices (every model class round-trips exactly through them):

- attrs classes are JSON objects with every field, in field order; unknown keys are refused.
- ``Decimal`` is a string in plain notation (``"38750000"``, ``"38.75"``); reading accepts
  such a string or a JSON integer and **refuses a float**, so no amount is ever rounded.
- ``Money`` is ``{"amount": "38750000", "currency": "VND", "qualifier": "exact"}``;
  ``MoneyRange`` is ``{"low": <Money>, "high": <Money>}``.
- ``datetime.date`` is an ISO 8601 string, ``"2023-10-09"``.
- Enums are their value, the ASCII id of domain.md (``"nghiem_thu"``).
- Frozensets are lists sorted by value; tuples are lists in order.
- ``ReportingPeriod`` is its code (``"2023-01/2023-09"``, see ``ReportingPeriod.code``); the
  period's ``wording`` takes no part in equality and is not written.
- ``Province`` is its era-qualified id (``"pre_2025:77"``).
- A fact (``EnforcementAction``, ``TaskCount``, ``IPCount``, ``ActivityCount``) carries a
  ``"type"`` tag first: ``"enforcement"``, ``"task"``, ``"ip"``, ``"activity"``.
  ``Report.facts`` is read by that tag; a single fact may omit it.
- Counts are JSON integers; strings are never coerced to numbers, nor numbers to strings.

Reading invalid data raises :class:`khcn.errors.ValidationError` whose ``field`` is the
path of the first bad value (``"$.facts[0].count"``); unreadable JSON text raises
:class:`khcn.errors.ParseError`.

Build your own converter with :func:`make_converter` to customise; :data:`converter` is
shared and must not be changed.

>>> from khcn import TaskCount, TaskStage
>>> from khcn.serialize import from_json, to_json
>>> fact = TaskCount(id="f1", stage=TaskStage.ACCEPTANCE, count=8)
>>> text = to_json(fact)
>>> text[:60]
'{"type": "task", "id": "f1", "parent": null, "stance": "ket_'
>>> from_json(text, TaskCount) == fact
True
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final, TypeAlias, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from khcn.errors import ParseError, ValidationError
from khcn.model._vocab import VocabEnum
from khcn.model.activities import ActivityCount
from khcn.model.enforcement import EnforcementAction
from khcn.model.evidence import Evidence
from khcn.model.ip import IPCount, IPFiling
from khcn.model.money import Money, MoneyRange
from khcn.model.period import ReportingPeriod
from khcn.model.province import Province
from khcn.model.qualifier import Qualifier
from khcn.model.report import FACT_TYPES, Fact, Problem, Report
from khcn.model.tasks import SciTechTask, TaskCount

__all__ = [
    "FACT_TAGS",
    "converter",
    "from_json",
    "json_schema",
    "make_converter",
    "record_columns",
    "structure",
    "to_json",
    "to_records",
    "unstructure",
]

T = TypeVar("T")
E = TypeVar("E", bound=VocabEnum)

FACT_TAGS: Final[Mapping[type, str]] = {
    EnforcementAction: "enforcement",
    TaskCount: "task",
    IPCount: "ip",
    ActivityCount: "activity",
}
"""The ``"type"`` tag of each fact class."""

_TAG_TO_CLASS: Final[Mapping[str, type]] = {tag: cls for cls, tag in FACT_TAGS.items()}
_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MODEL_CLASSES: Final = (
    Evidence,
    Problem,
    SciTechTask,
    TaskCount,
    EnforcementAction,
    IPFiling,
    IPCount,
    ActivityCount,
    Report,
)


def _wrong(value: object, expected: str) -> ValueError:
    return ValueError(f"expected {expected}, got {type(value).__name__} {value!r}")


def _structure_int(value: object, _cls: type) -> int:
    if type(value) is not int:
        raise _wrong(value, "an integer")
    return value


def _structure_str(value: object, _cls: type) -> str:
    if not isinstance(value, str):
        raise _wrong(value, "a string")
    return value


def _structure_enum(value: object, cls: type[E]) -> E:
    if not isinstance(value, str):
        raise _wrong(value, f"a {cls.__name__} id")
    try:
        return cls(value)
    except ValueError:
        ids = ", ".join(member.value for member in cls)
        raise ValueError(f"{value!r} is not a {cls.__name__} id ({ids})") from None


def _unstructure_decimal(value: Decimal) -> str:
    return format(value, "f")


def _structure_decimal(value: object, _cls: type) -> Decimal:
    if type(value) is int:
        return Decimal(value)
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        return Decimal(value)
    if isinstance(value, float):
        raise _wrong(value, "a decimal string such as '38750000' (floats lose precision)")
    raise _wrong(value, "a decimal string such as '38750000'")


def _structure_date(value: object, _cls: type) -> dt.date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise _wrong(value, "an ISO date such as '2023-10-09'")
    return dt.date.fromisoformat(value)


def _unstructure_money(money: Money) -> dict[str, str]:
    return {
        "amount": _unstructure_decimal(money.amount),
        "currency": money.currency,
        "qualifier": money.qualifier.value,
    }


def _is_frozenset(cls: Any) -> bool:
    return get_origin(cls) is frozenset


def _is_tuple(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_fact_union(cls: Any) -> bool:
    return get_origin(cls) in (Union, type(Fact)) and set(get_args(cls)) == set(FACT_TYPES)


def _sequence(value: object) -> list[Any]:
    if not isinstance(value, (list, tuple)):
        raise _wrong(value, "a list")
    return list(value)


def make_converter() -> cattrs.Converter:
    """A new converter configured with every wire choice of this module.

    Returns:
        A ``cattrs.Converter`` that un/structures khcn's model (and plain values).

    >>> import datetime
    >>> from khcn.serialize import make_converter
    >>> c = make_converter()
    >>> c.unstructure(datetime.date(2023, 10, 9))
    '2023-10-09'
    >>> c.structure("2023-10-09", datetime.date)
    datetime.date(2023, 10, 9)
    """
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)

    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(str, _structure_str)
    # khcn's enums are str subclasses: give them their own hook, or they would be read as str.
    conv.register_structure_hook(VocabEnum, _structure_enum)
    conv.register_unstructure_hook(VocabEnum, lambda member: member.value)
    conv.register_unstructure_hook(Decimal, _unstructure_decimal)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(dt.date, _structure_date)

    conv.register_unstructure_hook(Money, _unstructure_money)
    conv.register_structure_hook(Money, make_dict_structure_fn(Money, conv))
    conv.register_unstructure_hook(ReportingPeriod, lambda period: period.code)
    conv.register_structure_hook(
        ReportingPeriod, lambda code, _: ReportingPeriod.from_code(_structure_str(code, str))
    )
    conv.register_unstructure_hook(Province, lambda province: province.id)
    conv.register_structure_hook(
        Province, lambda id_, _: Province.from_id(_structure_str(id_, str))
    )

    def unstructure_frozenset(cls: Any) -> Callable[[frozenset[Any]], list[Any]]:
        (item,) = get_args(cls)
        hook = conv.get_unstructure_hook(item)
        return lambda values: sorted(hook(v) for v in values)

    def structure_frozenset(cls: Any) -> Callable[[object, Any], frozenset[Any]]:
        (item,) = get_args(cls)
        return lambda value, _: frozenset(_items(conv, _sequence(value), item))

    def unstructure_tuple(cls: Any) -> Callable[[tuple[Any, ...]], list[Any]]:
        hook = conv.get_unstructure_hook(get_args(cls)[0])
        return lambda values: [hook(v) for v in values]

    def structure_tuple(cls: Any) -> Callable[[object, Any], tuple[Any, ...]]:
        item = get_args(cls)[0]
        return lambda value, _: tuple(_items(conv, _sequence(value), item))

    conv.register_unstructure_hook_factory(_is_frozenset, unstructure_frozenset)
    conv.register_structure_hook_factory(_is_frozenset, structure_frozenset)
    conv.register_unstructure_hook_factory(_is_tuple, unstructure_tuple)
    conv.register_structure_hook_factory(_is_tuple, structure_tuple)

    for plain in (Evidence, Problem, SciTechTask, IPFiling, MoneyRange):
        attrs.resolve_types(plain)
    for cls, tag in FACT_TAGS.items():
        attrs.resolve_types(cls)
        _register_fact(conv, cls, tag)

    def unstructure_fact(_cls: Any) -> Callable[[Fact], dict[str, Any]]:
        return lambda fact: conv.unstructure(fact, type(fact))

    def structure_fact(_cls: Any) -> Callable[[object, Any], Fact]:
        def structure(value: object, _: Any) -> Fact:
            if not isinstance(value, Mapping):
                raise _wrong(value, "a fact object")
            tag = value.get("type")
            cls = _TAG_TO_CLASS.get(tag) if isinstance(tag, str) else None
            if cls is None:
                raise ValidationError(
                    "type", tag, f"a fact's type is one of {sorted(_TAG_TO_CLASS)}"
                )
            fact: Fact = conv.structure(value, cls)
            return fact

        return structure

    conv.register_unstructure_hook_factory(_is_fact_union, unstructure_fact)
    conv.register_structure_hook_factory(_is_fact_union, structure_fact)
    attrs.resolve_types(Report)
    return conv


def _items(conv: cattrs.Converter, values: list[Any], item: Any) -> list[Any]:
    hook = conv.get_structure_hook(item)
    errors: list[Exception] = []
    out: list[Any] = []
    for index, value in enumerate(values):
        try:
            out.append(hook(value, item))
        except Exception as err:
            note = IterableValidationNote(f"Structuring item @ index {index}", index, item)
            setattr(err, "__notes__", [*getattr(err, "__notes__", []), note])  # noqa: B010
            errors.append(err)
    if errors:
        raise IterableValidationError("While structuring a list", errors, list)
    return out


def _register_fact(conv: cattrs.Converter, cls: type, tag: str) -> None:
    unstructure_fields: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(cls, conv)
    structure_fields: Callable[[Mapping[str, Any], Any], Any] = make_dict_structure_fn(
        cls, conv, _cattrs_forbid_extra_keys=True
    )

    def unstructure(fact: Any) -> dict[str, Any]:
        return {"type": tag, **unstructure_fields(fact)}

    def structure(value: object, _: Any) -> Any:
        if not isinstance(value, Mapping):
            raise _wrong(value, f"a {cls.__name__} object")
        fields = dict(value)
        found = fields.pop("type", tag)
        if found != tag:
            raise ValidationError("type", found, f"a {cls.__name__} has type {tag!r}")
        return structure_fields(fields, cls)

    conv.register_unstructure_hook(cls, unstructure)
    conv.register_structure_hook(cls, structure)


converter: Final[cattrs.Converter] = make_converter()
"""The shared converter; build your own with :func:`make_converter` to customise it."""


def unstructure(obj: object) -> Any:
    """``obj`` as JSON-ready data: dicts, lists, strings, integers, ``None``.

    Args:
        obj: any model object (or enum, date, ``Money``, period, province).

    Returns:
        Plain data ``json.dumps`` can write.

    >>> from khcn import Money
    >>> from khcn.serialize import unstructure
    >>> unstructure(Money(38_750_000))
    {'amount': '38750000', 'currency': 'VND', 'qualifier': 'exact'}
    """
    return converter.unstructure(obj)


def structure(data: object, cls: type[T]) -> T:
    """The ``cls`` that JSON-ready ``data`` describes (the inverse of :func:`unstructure`).

    Args:
        data: plain data, as :func:`unstructure` or ``json.loads`` gives it.
        cls: the class to build.

    Returns:
        The object.

    Raises:
        ValidationError: when ``data`` does not describe a valid ``cls``; ``field`` is
            the path of the first bad value.

    >>> from khcn import IPCount
    >>> from khcn.serialize import structure
    >>> structure({"id": "f1", "stage": "cap_van_bang", "count": 60, "qualifier": "gt"}, IPCount)
    IPCount(id='f1', parent=None, stance=<Stance.RESULT: 'ket_qua'>, ...)
    >>> structure({"id": "f1", "stage": "cap_van_bang", "count": "60"}, IPCount)
    Traceback (most recent call last):
    khcn.errors.ValidationError: $.count='60': expected an integer, got str '60'
    """
    try:
        return converter.structure(data, cls)
    except (ClassValidationError, IterableValidationError) as err:
        path, leaf = _first_leaf(err, "$")
        raise _as_validation_error(path, leaf, data) from err
    except ValidationError as err:
        if err.field.startswith("$"):
            raise
        raise ValidationError(f"$.{err.field}", err.value, err.reason) from err
    except Exception as err:
        raise _as_validation_error("$", err, data) from err


def _first_leaf(err: BaseException, path: str) -> tuple[str, BaseException]:
    if isinstance(err, ClassValidationError):
        with_notes, without = err.group_exceptions()
        if with_notes:
            inner, note = with_notes[0]
            return _first_leaf(inner, f"{path}.{note.name}")
        return _first_leaf(without[0], path)
    if isinstance(err, IterableValidationError):
        with_notes_i, without_i = err.group_exceptions()
        if with_notes_i:
            inner, note_i = with_notes_i[0]
            return _first_leaf(inner, f"{path}[{note_i.index}]")
        return _first_leaf(without_i[0], path)
    return path, err


def _as_validation_error(path: str, leaf: BaseException, data: object) -> ValidationError:
    if isinstance(leaf, ValidationError):
        return ValidationError(f"{path}.{leaf.field}", leaf.value, leaf.reason)
    if isinstance(leaf, KeyError):
        return ValidationError(path, None, "required field missing")
    if isinstance(leaf, cattrs.ForbiddenExtraKeysError):
        extra = sorted(leaf.extra_fields)
        field = f"{path}.{extra[0]}"
        return ValidationError(
            field, _value_at(data, field), f"unknown field(s) {', '.join(extra)}"
        )
    value = _value_at(data, path)
    message = str(leaf.args[0]) if leaf.args else type(leaf).__name__
    return ValidationError(path, value, message)


def _value_at(data: object, path: str) -> object:
    current = data
    for name, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path):
        try:
            current = current[int(index)] if index else current[name]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return current


def to_json(obj: object, *, indent: int | None = None) -> str:
    """``obj`` as JSON text (UTF-8 characters kept, not escaped).

    Args:
        obj: any model object.
        indent: spaces per level, or ``None`` for one line.

    Returns:
        The JSON text.

    >>> from khcn import Evidence
    >>> from khcn.serialize import to_json
    >>> to_json(Evidence(start=0, end=7, text="đột xuất"[:7]))
    '{"start": 0, "end": 7, "text": "đột xuấ"}'
    """
    return json.dumps(unstructure(obj), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes, cls: type[T]) -> T:
    """The ``cls`` that JSON ``text`` describes (the inverse of :func:`to_json`).

    Args:
        text: JSON text.
        cls: the class to build.

    Returns:
        The object.

    Raises:
        ParseError: when ``text`` is not JSON.
        ValidationError: when the JSON does not describe a valid ``cls``.

    >>> from khcn import Money
    >>> from khcn.serialize import from_json
    >>> from_json('{"amount": "38750000", "currency": "VND", "qualifier": "exact"}', Money)
    Money(...)
    >>> from_json('{"amount": 38.75, "currency": "VND", "qualifier": "exact"}', Money)
    Traceback (most recent call last):
    khcn.errors.ValidationError: $.amount=38.75: expected a decimal string ... (floats lose ...
    """
    raw = text.decode("utf-8") if isinstance(text, bytes) else text
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise ParseError(raw, err.pos, kind="json", reason=err.msg) from err
    return structure(data, cls)


# -- JSON Schema ---------------------------------------------------------------------------

_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a :class:`~khcn.Report` as :func:`to_json` writes it.

    Every model class and enum has an entry under ``$defs``; keys with a default may be
    left out, unknown keys are refused, as :func:`from_json` does.

    Returns:
        The schema, a fresh dict each call.

    >>> from khcn.serialize import json_schema
    >>> schema = json_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> schema["$defs"]["Money"]["properties"]["amount"]["type"]
    'string'
    >>> schema["$defs"]["TaskStage"]["enum"][:3]
    ['de_xuat', 'xac_dinh_nhiem_vu', 'phe_duyet_danh_muc']
    """
    defs: dict[str, Any] = {}
    root = _schema_for(Report, defs)
    return {
        "$schema": _SCHEMA_DIALECT,
        "$id": "https://khcn.invalid/schema/report.json",
        "title": "khcn Report",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _schema_for(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, type(Fact)):
        members = [a for a in args if a is not type(None)]
        if set(members) == set(FACT_TYPES):
            for cls in FACT_TYPES:
                _schema_for(cls, defs)
            defs["Fact"] = {"oneOf": [_ref(cls.__name__) for cls in FACT_TYPES]}
            inner = _ref("Fact")
        else:
            (member,) = members
            inner = _schema_for(member, defs)
        return {"anyOf": [inner, {"type": "null"}]} if type(None) in args else inner
    if origin is frozenset:
        return {"type": "array", "uniqueItems": True, "items": _schema_for(args[0], defs)}
    if origin is tuple:
        return {"type": "array", "items": _schema_for(args[0], defs)}
    if tp is int:
        return {"type": "integer", "minimum": 0}
    if tp is str:
        return {"type": "string"}
    if tp is dt.date:
        return {"type": "string", "format": "date", "pattern": f"^{_DATE.pattern}$"}
    if tp is Decimal:
        return {"type": "string", "pattern": f"^{_DECIMAL.pattern}$"}
    if isinstance(tp, type) and issubclass(tp, VocabEnum):
        defs.setdefault(tp.__name__, {"type": "string", "enum": [m.value for m in tp]})
        return _ref(tp.__name__)
    if tp is ReportingPeriod:
        return {"type": "string", "description": "a period code, see ReportingPeriod.code"}
    if tp is Province:
        return {"type": "string", "enum": [p.id for p in Province.all()]}
    if tp is Money:
        if "Money" not in defs:
            defs["Money"] = {
                "type": "object",
                "properties": {
                    "amount": _schema_for(Decimal, defs),
                    "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                    "qualifier": _schema_for(Qualifier, defs),
                },
                "required": ["amount"],
                "additionalProperties": False,
            }
        return _ref("Money")
    if attrs.has(tp):
        return _attrs_schema(tp, defs)
    raise TypeError(f"no JSON Schema for {tp!r}")  # pragma: no cover - a model change


def _attrs_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name in defs:
        return _ref(name)
    defs[name] = {}  # claimed before recursing
    hints = attrs.resolve_types(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    tag = FACT_TAGS.get(cls)
    if tag is not None:
        properties["type"] = {"const": tag}
    for field in attrs.fields(hints):
        properties[field.name] = _schema_for(field.type, defs)
        if field.default is attrs.NOTHING:
            required.append(field.name)
    body: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        body["required"] = required
    body["additionalProperties"] = False
    if cls is Report:
        return body
    defs[name] = body
    return _ref(name)


# -- CSV records ---------------------------------------------------------------------------

Cell: TypeAlias = str | int | None
"""A CSV cell: text, a whole number, or empty."""

_REPORT_COLUMNS: Final = (
    "report_title",
    "report_source",
    "report_publisher",
    "report_published",
    "report_province",
    "report_period",
    "report_currency",
)


def to_records(report: Report) -> list[dict[str, Cell]]:
    """One flat row per fact, ready for ``csv.DictWriter`` or a data frame.

    Every row has the same columns: the report's metadata (``report_*``), the fact's
    ``type``, then every fact field with nested values flattened (``fine`` gives
    ``fine``, ``fine_currency``, ``fine_qualifier``; ``evidence`` gives ``evidence_start``,
    ``evidence_end``, ``evidence_text``; ``task`` and ``filing`` give ``task_*`` and
    ``filing_*``). Sets and lists are joined with ``";"``; absent values are ``None``.

    Args:
        report: the report.

    Returns:
        The rows, in fact order.

    >>> from khcn import Money, EnforcementAction, Report
    >>> from khcn.serialize import to_records
    >>> fact = EnforcementAction(id="f1", fine=Money(38_750_000))
    >>> report = Report(title="Báo cáo", facts=(fact,))
    >>> [row] = to_records(report)
    >>> row["report_title"], row["type"], row["id"], row["fine"], row["fine_currency"]
    ('Báo cáo', 'enforcement', 'f1', '38750000', 'VND')
    """
    header = {
        "report_title": report.title,
        "report_source": report.source,
        "report_publisher": report.publisher,
        "report_published": None if report.published is None else report.published.isoformat(),
        "report_province": None if report.province is None else report.province.id,
        "report_period": None if report.period is None else report.period.code,
        "report_currency": report.currency,
    }
    columns = record_columns()
    rows = []
    for fact in report.facts:
        row: dict[str, Cell] = dict.fromkeys(columns)
        row.update(header)
        row.update(_flatten(unstructure(fact)))
        rows.append(row)
    return rows


def record_columns() -> tuple[str, ...]:
    """The columns of :func:`to_records`, in order, whatever facts a report holds.

    >>> from khcn.serialize import record_columns
    >>> record_columns()[:3], record_columns()[7:10]
    (('report_title', 'report_source', 'report_publisher'), ('type', 'id', 'parent'))
    """
    seen: dict[str, None] = dict.fromkeys(_REPORT_COLUMNS)
    seen["type"] = None
    for cls in FACT_TYPES:
        for name in _flat_names(cls, ""):
            seen.setdefault(name, None)
    return tuple(seen)


def _flat_names(cls: type, prefix: str) -> list[str]:
    names: list[str] = []
    hints = attrs.resolve_types(cls)
    for field in attrs.fields(hints):
        name = f"{prefix}{field.name}"
        inner = [a for a in get_args(field.type) if a is not type(None)] or [field.type]
        target = inner[0]
        if target is Money:
            names += [name, f"{name}_currency", f"{name}_qualifier"]
        elif target in (Evidence, SciTechTask, IPFiling):
            names += _flat_names(target, f"{name}_")
        else:
            names.append(name)
    return names


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Cell]:
    flat: dict[str, Cell] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if value is None:
            continue  # its column (or columns, for a nested object) stays empty
        if isinstance(value, dict):
            if set(value) == {"amount", "currency", "qualifier"}:
                flat[name] = value["amount"]
                flat[f"{name}_currency"] = value["currency"]
                flat[f"{name}_qualifier"] = value["qualifier"]
            else:
                flat.update(_flatten(value, f"{name}_"))
        elif isinstance(value, list):
            flat[name] = ";".join(str(item) for item in value)
        else:
            flat[name] = value
    return flat
