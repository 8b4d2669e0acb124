"""khcn.serialize: every model class round-trips exactly; wire format, schema, CSV rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khcn import (
    AcceptanceGrade,
    ActivityCount,
    ActivityKind,
    Agency,
    EnforcementAction,
    EnforcementDomain,
    EnforcementKind,
    EnforcementOutcome,
    Evidence,
    FundingMode,
    FundingSource,
    InspectionBasis,
    InspectionClass,
    IPCount,
    IPFiling,
    IPObjectType,
    IPStage,
    ParseError,
    Problem,
    Province,
    Qualifier,
    Report,
    ReportingPeriod,
    SciTechTask,
    SelectionMode,
    Stance,
    TaskCount,
    TaskKind,
    TaskLevel,
    TaskStage,
    ValidationError,
)
from khcn.model.money import Money, MoneyRange
from khcn.serialize import (
    FACT_TAGS,
    converter,
    from_json,
    json_schema,
    make_converter,
    record_columns,
    structure,
    to_json,
    to_records,
    unstructure,
)
from khcn.strategies import (
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

CLASSES = [
    (evidence(), Evidence),
    (problems(), Problem),
    (sci_tech_tasks(), SciTechTask),
    (task_counts(), TaskCount),
    (enforcement_actions(), EnforcementAction),
    (ip_filings(), IPFiling),
    (ip_counts(), IPCount),
    (activity_counts(), ActivityCount),
    (reports(), Report),
]

ENUMS = (
    Stance,
    TaskLevel,
    TaskKind,
    SelectionMode,
    TaskStage,
    AcceptanceGrade,
    FundingMode,
    FundingSource,
    EnforcementKind,
    InspectionClass,
    InspectionBasis,
    EnforcementDomain,
    EnforcementOutcome,
    IPObjectType,
    IPStage,
    ActivityKind,
    Agency,
    Qualifier,
)


# -- round trips ------------------------------------------------------------------------


@pytest.mark.parametrize(("strategy", "cls"), CLASSES, ids=lambda x: getattr(x, "__name__", ""))
def test_every_class_round_trips_through_the_converter_and_json(strategy: Any, cls: type) -> None:
    @given(strategy)
    def check(obj: Any) -> None:
        data = unstructure(obj)
        assert structure(data, cls) == obj
        text = to_json(obj)
        assert from_json(text, cls) == obj
        assert json.loads(text) == data  # the dict form is already JSON-ready
        assert to_json(from_json(text, cls)) == text  # and the text is stable

    check()


@given(facts())
def test_facts_round_trip_through_the_union(fact: Any) -> None:
    from khcn.model.report import Fact

    union: Any = Fact  # a union is not a `type` to mypy
    assert converter.structure(converter.unstructure(fact), union) == fact


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_enums_are_written_by_value(enum: Any) -> None:
    for member in enum:
        assert unstructure(member) == member.value
        assert type(unstructure(member)) is str
        assert structure(member.value, enum) is member


@given(st.sampled_from(Province.all()))
def test_provinces_by_id(province: Province) -> None:
    assert unstructure(province) == province.id
    assert structure(province.id, Province) == province


def test_money_periods_and_dates_on_the_wire() -> None:
    money = Money("38750000", qualifier=Qualifier.GT)
    assert unstructure(money) == {"amount": "38750000", "currency": "VND", "qualifier": "gt"}
    assert unstructure(Money(Decimal("1234.50"))) == {
        "amount": "1234.50",
        "currency": "VND",
        "qualifier": "exact",
    }
    assert unstructure(Money(Decimal("3.875E+7")))["amount"] == "38750000"
    assert structure({"amount": 38750000}, Money) == Money(38750000)
    assert unstructure(ReportingPeriod.year_to_date(2023, months=9)) == "2023-01/2023-09"
    assert structure("2023-Q4", ReportingPeriod) == ReportingPeriod.quarter(2023, 4)
    assert unstructure(dt.date(2023, 10, 9)) == "2023-10-09"
    range_ = MoneyRange(Money(4_000_000), Money(8_000_000))
    assert structure(unstructure(range_), MoneyRange) == range_


def test_frozensets_are_sorted_lists_and_tuples_lists() -> None:
    action = EnforcementAction(
        id="f1",
        domains=frozenset({EnforcementDomain.FUEL, EnforcementDomain.BARCODES}),
        outcomes=frozenset(EnforcementOutcome),
    )
    data = unstructure(action)
    assert data["domains"] == ["ma_so_ma_vach", "xang_dau"]
    assert data["outcomes"] == sorted(o.value for o in EnforcementOutcome)
    count = IPCount(id="f2", stage=IPStage.INTERNATIONAL_FILING, jurisdictions=("Nga", "Hàn"))
    assert unstructure(count)["jurisdictions"] == ["Nga", "Hàn"]


def test_facts_carry_their_type_tag_first() -> None:
    report = Report(
        facts=(
            EnforcementAction(id="e"),
            TaskCount(id="t", stage=TaskStage.ACCEPTANCE),
            IPCount(id="i", stage=IPStage.GRANT),
            ActivityCount(id="a", activity=ActivityKind.TBT_ALERT),
        )
    )
    data = unstructure(report)
    assert [f["type"] for f in data["facts"]] == ["enforcement", "task", "ip", "activity"]
    assert all(next(iter(f)) == "type" for f in data["facts"])
    assert set(FACT_TAGS.values()) == {"enforcement", "task", "ip", "activity"}
    # A single fact may be read with or without its tag.
    untagged = {k: v for k, v in data["facts"][1].items() if k != "type"}
    assert structure(untagged, TaskCount) == report.tasks[0]


def test_the_json_text_keeps_vietnamese() -> None:
    ev = Evidence.of("nghiệm thu 08 nhiệm vụ", 0, 10)
    assert '"nghiệm thu"' in to_json(ev)
    assert "\n" in to_json(ev, indent=2)
    assert from_json(to_json(ev).encode("utf-8"), Evidence) == ev


def test_make_converter_builds_a_new_converter() -> None:
    fresh = make_converter()
    assert fresh is not converter
    fact = TaskCount(id="f1", stage=TaskStage.ACCEPTANCE, count=8)
    assert fresh.structure(fresh.unstructure(fact), TaskCount) == fact


# -- what the converter refuses ----------------------------------------------------------

_FACT = {"type": "enforcement", "id": "f1", "subjects": 5}


@pytest.mark.parametrize(
    ("data", "cls", "field", "value"),
    [
        ({"amount": 38.75}, Money, "$.amount", 38.75),
        ({"amount": 1e6}, Money, "$.amount", 1e6),
        ({"amount": True}, Money, "$.amount", True),
        ({"amount": "38,75"}, Money, "$.amount", "38,75"),
        ({"amount": "NaN"}, Money, "$.amount", "NaN"),
        ({"amount": "1", "qualifier": "range"}, Money, "$.qualifier", Qualifier.RANGE),
        ({"amount": "1", "currency": 704}, Money, "$.currency", 704),
        ({"id": "f1", "stage": "nghiem_thu", "count": "8"}, TaskCount, "$.count", "8"),
        ({"id": "f1", "stage": "nghiem_thu", "count": 8.0}, TaskCount, "$.count", 8.0),
        ({"id": "f1", "stage": "nghiem_thu", "count": True}, TaskCount, "$.count", True),
        ({"id": "f1", "stage": "nghiem_thu", "count": -1}, TaskCount, "$.count", -1),
        ({"id": 1, "stage": "nghiem_thu"}, TaskCount, "$.id", 1),
        ({"id": "f1", "stage": "accepted"}, TaskCount, "$.stage", "accepted"),
        ({"id": "f1"}, TaskCount, "$.stage", None),
        ({"id": "f1", "stage": "nghiem_thu", "extra": 1}, TaskCount, "$.extra", 1),
        ({"id": "f1", "stage": "nghiem_thu", "type": "ip"}, TaskCount, "$.type", "ip"),
        ({**_FACT, "violators": 7}, EnforcementAction, "$.violators", 7),
        ({**_FACT, "fine": {"amount": 5.5}}, EnforcementAction, "$.fine.amount", 5.5),
        ({**_FACT, "fine": {"low": {"amount": "1"}}}, EnforcementAction, "$.fine.amount", None),
        ({**_FACT, "domains": "xang_dau"}, EnforcementAction, "$.domains", "xang_dau"),
        ({**_FACT, "domains": ["xang"]}, EnforcementAction, "$.domains[0]", "xang"),
        ({"jurisdictions": "Nga"}, IPFiling, "$.jurisdictions", "Nga"),
        ({"filing_date": "09/10/2023"}, IPFiling, "$.filing_date", "09/10/2023"),
        ({"filing_date": "20231009"}, IPFiling, "$.filing_date", "20231009"),
        ({"province": "Hà Nội"}, Report, "$.province", "Hà Nội"),
        ({"period": "quý IV/2021"}, Report, "$.period", "quý IV/2021"),
        ({"facts": [{"id": "f1"}]}, Report, "$.facts[0].type", None),
        ({"facts": [{"type": "law", "id": "f1"}]}, Report, "$.facts[0].type", "law"),
        ({"facts": [{**_FACT, "parent": "f0"}]}, Report, "$.facts[0].parent", "f0"),
        ({"facts": [_FACT, _FACT]}, Report, "$.facts[1].id", "f1"),
        ({"facts": [{**_FACT, "fine": {"amount": "1", "currency": "USD"}}]}, Report, None, None),
        ([], Report, "$", []),
    ],
)
def test_invalid_data_names_the_path_and_value(
    data: Any, cls: type, field: str | None, value: object
) -> None:
    with pytest.raises(ValidationError) as info:
        structure(data, cls)
    if field is not None:
        assert info.value.field == field
    if value is not None:
        assert info.value.value == value
    with pytest.raises(ValidationError):
        from_json(json.dumps(data), cls)


def test_text_that_is_not_json() -> None:
    with pytest.raises(ParseError) as info:
        from_json('{"id": "f1",', TaskCount)
    assert info.value.kind == "json"


# -- JSON Schema ------------------------------------------------------------------------


def _conforms(data: Any, schema: dict[str, Any], defs: dict[str, Any], path: str = "$") -> None:
    """A checker for the subset of JSON Schema json_schema() uses (jsonschema is optional)."""
    if "$ref" in schema:
        _conforms(data, defs[schema["$ref"].rsplit("/", 1)[1]], defs, path)
        return
    if "anyOf" in schema or "oneOf" in schema:
        options = schema.get("anyOf") or schema["oneOf"]
        passed = 0
        for option in options:
            try:
                _conforms(data, option, defs, path)
            except AssertionError:
                continue
            passed += 1
        assert passed == 1 if "oneOf" in schema else passed >= 1, f"{path}: {passed} options"
        return
    if "const" in schema:
        assert data == schema["const"], path
    if "enum" in schema:
        assert data in schema["enum"], path
    kind = schema.get("type")
    if kind == "null":
        assert data is None, path
    elif kind == "string":
        assert isinstance(data, str), path
        if "pattern" in schema:
            assert re.search(schema["pattern"], data), path
    elif kind == "integer":
        assert type(data) is int, path
        assert data >= schema.get("minimum", data), path
    elif kind == "array":
        assert isinstance(data, list), path
        if schema.get("uniqueItems"):
            assert len({json.dumps(x) for x in data}) == len(data), path
        for index, item in enumerate(data):
            _conforms(item, schema["items"], defs, f"{path}[{index}]")
    elif kind == "object":
        assert isinstance(data, dict), path
        assert set(schema.get("required", ())) <= set(data), path
        if schema.get("additionalProperties") is False:
            assert set(data) <= set(schema["properties"]), (path, set(data))
        for key, value in data.items():
            _conforms(value, schema["properties"][key], defs, f"{path}.{key}")


def test_the_schema_describes_every_class_and_enum() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    for name in [
        "Evidence",
        "Problem",
        "SciTechTask",
        "TaskCount",
        "EnforcementAction",
        "IPFiling",
        "IPCount",
        "ActivityCount",
        "Money",
        "Fact",
        *(e.__name__ for e in ENUMS if e is not Agency),
    ]:
        assert name in schema["$defs"], name
    assert schema["$defs"]["TaskStage"]["enum"][-1] == "ung_dung"
    assert schema["properties"]["province"]["anyOf"][0]["enum"][0] == "pre_2025:01"
    assert schema["$defs"]["TaskCount"]["properties"]["type"] == {"const": "task"}
    assert schema["$defs"]["TaskCount"]["required"] == ["id", "stage"]
    assert json_schema() == schema
    assert json_schema() is not schema


@given(reports())
def test_generated_json_conforms_to_the_schema(report: Report) -> None:
    schema = json_schema()
    _conforms(json.loads(to_json(report)), schema, schema["$defs"])


def test_the_schema_refuses_what_the_converter_refuses() -> None:
    schema = json_schema()
    good = unstructure(Report(facts=(EnforcementAction(id="e", fine=Money(5)),)))
    _conforms(good, schema, schema["$defs"])
    bad = json.loads(json.dumps(good))
    bad["facts"][0]["fine"]["amount"] = 5.5
    with pytest.raises(AssertionError):
        _conforms(bad, schema, schema["$defs"])
    bad["facts"][0]["fine"]["amount"] = "5"
    bad["facts"][0]["type"] = "task"
    with pytest.raises(AssertionError):
        _conforms(bad, schema, schema["$defs"])


@given(reports())
def test_generated_json_validates_with_jsonschema(report: Report) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator(json_schema()).validate(json.loads(to_json(report)))


# -- CSV rows ---------------------------------------------------------------------------


@given(reports())
def test_records_are_flat_rows_with_the_same_columns(report: Report) -> None:
    rows = to_records(report)
    assert len(rows) == len(report.facts)
    columns = record_columns()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    for row, fact in zip(rows, report.facts, strict=True):
        assert tuple(row) == columns
        assert all(v is None or type(v) in (str, int) for v in row.values())
        assert row["id"] == fact.id
        assert row["parent"] == fact.parent
        assert row["type"] == FACT_TAGS[type(fact)]
        assert row["report_currency"] == report.currency
        writer.writerow(row)


def test_records_flatten_money_evidence_and_sets() -> None:
    action = EnforcementAction(
        id="f1",
        kind=EnforcementKind.INSPECTION,
        domains=frozenset({EnforcementDomain.FUEL, EnforcementDomain.LPG}),
        fine=Money("38750000"),
        evidence=Evidence(start=3, end=6, text="abc"),
    )
    task = SciTechTask(code="ĐT.01", budget=Money(5))
    report = Report(
        province=Province.from_id("pre_2025:77"),
        period=ReportingPeriod.half(2023, 1),
        published=dt.date(2023, 6, 24),
        facts=(action, TaskCount.of_task(task, id="f2", stage=TaskStage.ACCEPTANCE)),
    )
    first, second = to_records(report)
    assert first["domains"] == "khi_dau_mo_hoa_long;xang_dau"
    assert (first["fine"], first["fine_currency"], first["fine_qualifier"]) == (
        "38750000",
        "VND",
        "exact",
    )
    assert (first["evidence_start"], first["evidence_end"], first["evidence_text"]) == (
        3,
        6,
        "abc",
    )
    assert first["count"] is None
    assert first["task_code"] is None
    assert (second["task_code"], second["task_budget"], second["count"]) == ("ĐT.01", "5", 1)
    assert (first["report_province"], first["report_period"], first["report_published"]) == (
        "pre_2025:77",
        "2023-S1",
        "2023-06-24",
    )
