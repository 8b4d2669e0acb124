"""khcn's domain model: enums and their vocabulary, fact classes, Report, and validation."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import attrs
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
    PeriodKind,
    Problem,
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
from khcn._data import load_json
from khcn.model.money import Money, MoneyRange
from khcn.strategies import (
    activity_counts,
    enforcement_actions,
    evidence,
    facts,
    ip_counts,
    ip_filings,
    reports,
    sci_tech_tasks,
    task_counts,
)

MY_ENUMS = (
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
)

# The ids domain.md lists, per enum (a drift here is a wire-format change).
DOMAIN_IDS: dict[type, list[str]] = {
    Stance: ["ket_qua", "uoc", "ke_hoach"],
    TaskLevel: ["quoc_gia", "bo", "tinh", "co_so"],
    SelectionMode: ["tuyen_chon", "giao_truc_tiep", "dat_hang", "tai_tro", "nhiem_vu_co_so"],
    AcceptanceGrade: ["xuat_sac", "dat", "khong_dat", "kha", "trung_binh"],
    EnforcementKind: ["thanh_tra", "kiem_tra", "kiem_tra_hang_nhap_khau"],
    InspectionClass: ["thanh_tra_hanh_chinh", "thanh_tra_chuyen_nganh", "kiem_tra_chuyen_nganh"],
    InspectionBasis: [
        "theo_ke_hoach",
        "dot_xuat",
        "thuong_xuyen",
        "lien_nganh",
        "chuyen_de",
        "cao_diem",
    ],
}

SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
ENGLISH_NAME = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")


# -- enums and their vocabulary ---------------------------------------------------------


@pytest.mark.parametrize("enum", MY_ENUMS, ids=lambda e: e.__name__)
def test_enum_values_are_ascii_snake_case_and_names_english(enum: Any) -> None:
    for member in enum:
        assert SNAKE.fullmatch(member.value), member
        assert member.value.isascii()
        assert ENGLISH_NAME.fullmatch(member.name), member
        assert member.name.lower() != member.value, f"{member} is named in Vietnamese"


@pytest.mark.parametrize("enum", MY_ENUMS, ids=lambda e: e.__name__)
def test_every_member_has_vietnamese_label_english_gloss_and_variants(enum: Any) -> None:
    section = load_json("vocabulary.json")[enum.__name__]
    assert set(section) == {m.value for m in enum}, "data and code list different members"
    for member in enum:
        assert member.label_vi == section[member.value]["label"] != ""
        assert member.label_en
        assert member.variants
        assert all(v.strip() for v in member.variants)


@pytest.mark.parametrize(
    ("enum", "ids"), DOMAIN_IDS.items(), ids=lambda x: getattr(x, "__name__", "")
)
def test_enum_ids_are_those_of_domain_md(enum: Any, ids: list[str]) -> None:
    assert [m.value for m in enum] == ids


def test_examples_from_the_issue() -> None:
    assert TaskStage.ACCEPTANCE.value == "nghiem_thu"
    assert TaskStage.ACCEPTANCE.label_vi == "nghiệm thu"
    assert str(TaskStage.ACCEPTANCE) == "nghiem_thu"
    assert TaskStage("nghiem_thu") is TaskStage.ACCEPTANCE
    assert "Sở KH&CN" in Agency.DOST.variants


def test_legacy_grades() -> None:
    assert {g for g in AcceptanceGrade if g.is_legacy} == {
        AcceptanceGrade.GOOD,
        AcceptanceGrade.AVERAGE,
    }


@pytest.mark.parametrize(
    ("member", "valid_from", "valid_to"),
    [
        (InspectionClass.ADMINISTRATIVE, None, dt.date(2025, 6, 30)),
        (InspectionClass.SPECIALISED, None, dt.date(2025, 6, 30)),
        (Agency.DEPARTMENT_INSPECTORATE, None, dt.date(2025, 6, 30)),
        (EnforcementDomain.POST_TELECOM, dt.date(2025, 3, 1), None),
        (ActivityKind.DIGITAL_TRANSFORMATION, dt.date(2025, 3, 1), None),
        (TaskKind.INNOVATION_TASK, dt.date(2025, 10, 1), None),
        (SelectionMode.INSTITUTIONAL, dt.date(2025, 10, 1), None),
        (TaskStage.ACCEPTANCE, None, None),
    ],
)
def test_meaning_that_depends_on_the_date(
    member: Any, valid_from: dt.date | None, valid_to: dt.date | None
) -> None:
    assert member.valid_from == valid_from
    assert member.valid_to == valid_to
    if valid_from is not None:
        assert not member.is_valid_on(valid_from - dt.timedelta(days=1))
        assert member.is_valid_on(valid_from)
    if valid_to is not None:
        assert member.is_valid_on(valid_to)
        assert not member.is_valid_on(valid_to + dt.timedelta(days=1))


def test_only_specialised_checks_exist_after_the_inspection_law() -> None:
    after = dt.date(2025, 7, 1)
    assert [c for c in InspectionClass if c.is_valid_on(after)] == [
        InspectionClass.SPECIALISED_CHECK
    ]


# -- Evidence ---------------------------------------------------------------------------


def test_evidence_of_a_source_span() -> None:
    source = "tổng số tiền xử phạt 38,75 triệu đồng"
    ev = Evidence.of(source, 21, 37)
    assert ev.text == "38,75 triệu đồng"
    assert source[ev.start : ev.end] == ev.text


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start": 5, "end": 2, "text": ""}, "end"),
        ({"start": 0, "end": 3, "text": "ab"}, "text"),
        ({"start": -1, "end": 1, "text": "ab"}, "start"),
        ({"start": 0.0, "end": 1, "text": "a"}, "start"),
        ({"start": True, "end": 1, "text": "a"}, "start"),
        ({"start": 0, "end": 1, "text": b"a"}, "text"),
    ],
)
def test_impossible_evidence(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        Evidence(**kwargs)
    assert info.value.field == field


def test_evidence_outside_its_source() -> None:
    with pytest.raises(ValidationError):
        Evidence.of("abc", 1, 4)


@given(evidence())
def test_generated_evidence_is_consistent(ev: Evidence) -> None:
    assert ev.end - ev.start == len(ev.text)


# -- tasks ------------------------------------------------------------------------------


def test_a_task_count_keeps_qualifier_grade_and_stance() -> None:
    fact = TaskCount(
        id="f1",
        stage=TaskStage.ACCEPTANCE,
        count=11,
        grade=AcceptanceGrade.PASS,
        stance=Stance.ESTIMATE,
        qualifier=Qualifier.GT,
    )
    assert (fact.count, fact.grade, fact.stance, fact.qualifier) == (
        11,
        AcceptanceGrade.PASS,
        Stance.ESTIMATE,
        Qualifier.GT,
    )
    assert fact.task is None
    assert fact.parent is None


def test_a_named_task_is_a_count_of_one() -> None:
    task = SciTechTask(
        code="ĐT.01/2023",
        title="Nghiên cứu nhân giống chè",
        level=TaskLevel.PROVINCIAL,
        kind=TaskKind.RESEARCH_PROJECT,
        selection_mode=SelectionMode.COMPETITION,
        host="Viện Khoa học",
        leader="TS. Nguyễn Văn A",
        budget=Money(850_000_000),
        stage=TaskStage.ACCEPTANCE,
        grade=AcceptanceGrade.EXCELLENT,
        funding_mode=FundingMode.LUMP_SUM_FINAL,
        funding_sources=frozenset({FundingSource.STATE_BUDGET}),
    )
    fact = TaskCount.of_task(task, id="f7", parent="f1")
    assert fact.count == 1
    assert fact.qualifier is Qualifier.EXACT
    assert (fact.level, fact.kind, fact.stage, fact.grade) == (
        TaskLevel.PROVINCIAL,
        TaskKind.RESEARCH_PROJECT,
        TaskStage.ACCEPTANCE,
        AcceptanceGrade.EXCELLENT,
    )
    assert fact.task is task
    assert fact.parent == "f1"


def test_a_named_task_needs_a_stage_from_somewhere() -> None:
    with pytest.raises(ValidationError) as info:
        TaskCount.of_task(SciTechTask(title="x"), id="f1")
    assert info.value.field == "stage"
    assert TaskCount.of_task(SciTechTask(title="x"), id="f1", stage=TaskStage.CONTRACT).stage is (
        TaskStage.CONTRACT
    )


@pytest.mark.parametrize(
    ("kwargs", "field", "value"),
    [
        ({"count": -1}, "count", -1),
        ({"count": True}, "count", True),
        ({"count": "8"}, "count", "8"),
        ({"count": 8.0}, "count", 8.0),
        ({"id": ""}, "id", ""),
        ({"id": "  "}, "id", "  "),
        ({"parent": "f1"}, "parent", "f1"),
        ({"parent": ""}, "parent", ""),
        ({"stage": "nghiem_thu"}, "stage", "nghiem_thu"),
        ({"level": TaskKind.RESEARCH_PROJECT}, "level", TaskKind.RESEARCH_PROJECT),
        ({"qualifier": "gt"}, "qualifier", "gt"),
        ({"stance": None}, "stance", None),
        ({"evidence": "x"}, "evidence", "x"),
    ],
)
def test_impossible_task_counts(kwargs: dict[str, Any], field: str, value: object) -> None:
    base: dict[str, Any] = {"id": "f1", "stage": TaskStage.ACCEPTANCE, "count": 8}
    with pytest.raises(ValidationError) as info:
        TaskCount(**{**base, **kwargs})
    assert (info.value.field, info.value.value) == (field, value)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"count": 2}, "count"),
        ({"count": 1, "qualifier": Qualifier.GT}, "count"),
        ({"count": None}, "count"),
        ({"count": 1, "level": TaskLevel.NATIONAL}, "level"),
        ({"count": 1, "stage": TaskStage.PROPOSAL}, "stage"),
    ],
)
def test_a_count_disagreeing_with_its_task(kwargs: dict[str, Any], field: str) -> None:
    task = SciTechTask(title="x", level=TaskLevel.PROVINCIAL, stage=TaskStage.ACCEPTANCE)
    base: dict[str, Any] = {"id": "f1", "stage": TaskStage.ACCEPTANCE, "task": task}
    with pytest.raises(ValidationError) as info:
        TaskCount(**{**base, **kwargs})
    assert info.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"code": "A", "budget": Money(-1)}, "budget"),
        ({"code": "A", "budget": 5}, "budget"),
        ({"code": "A", "budget": MoneyRange(Money(1), Money(2))}, "budget"),
        ({"code": "A", "funding_sources": {FundingSource.STATE_BUDGET}}, "funding_sources"),
        ({"code": "A", "funding_sources": frozenset({"ngan_sach_nha_nuoc"})}, "funding_sources"),
        ({"code": "A", "period": "2023"}, "period"),
    ],
)
def test_impossible_tasks(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        SciTechTask(**kwargs)
    assert info.value.field == field


# -- enforcement ------------------------------------------------------------------------


def test_an_enforcement_action_from_a_report() -> None:
    # "02 cuộc thanh tra ... 07 cơ sở vi phạm, tổng số tiền xử phạt 38,75 triệu đồng"
    action = EnforcementAction(
        id="f1",
        kind=EnforcementKind.INSPECTION,
        classes=frozenset({InspectionClass.SPECIALISED}),
        bases=frozenset({InspectionBasis.PLANNED}),
        domains=frozenset({EnforcementDomain.FUEL, EnforcementDomain.RADIATION_SAFETY}),
        campaigns=2,
        subjects=25,
        violators=7,
        fine=Money("38750000"),
        outcomes=frozenset({EnforcementOutcome.FINE, EnforcementOutcome.WARNING}),
    )
    assert action.fine == Money(Decimal("38750000"))
    assert action.campaigns_qualifier is Qualifier.EXACT


def test_more_violators_than_subjects_only_when_both_are_exact() -> None:
    with pytest.raises(ValidationError) as info:
        EnforcementAction(id="f1", subjects=5, violators=7)
    assert (info.value.field, info.value.value) == ("violators", 7)
    # "trên 5 cơ sở" may well hold 7 violators; so may a vague violator count.
    EnforcementAction(id="f1", subjects=5, subjects_qualifier=Qualifier.GT, violators=7)
    EnforcementAction(id="f1", subjects=5, violators=7, violators_qualifier=Qualifier.APPROX)
    EnforcementAction(id="f1", subjects=None, violators=7)
    EnforcementAction(id="f1", subjects=7, violators=7)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"campaigns": -1}, "campaigns"),
        ({"subjects": -2}, "subjects"),
        ({"violators": -3}, "violators"),
        ({"fine": MoneyRange(Money(4_000_000), Money(8_000_000))}, "fine"),
        ({"fine": 38_750_000}, "fine"),
        ({"fine": Decimal("38750000")}, "fine"),
        ({"fine": Money(-1)}, "fine"),
        ({"campaigns_qualifier": None}, "campaigns_qualifier"),
        ({"domains": frozenset({EnforcementOutcome.FINE})}, "domains"),
        ({"outcomes": [EnforcementOutcome.FINE]}, "outcomes"),
        ({"kind": "thanh_tra"}, "kind"),
        (
            {
                "kind": EnforcementKind.CHECK,
                "classes": frozenset({InspectionClass.ADMINISTRATIVE}),
            },
            "classes",
        ),
        (
            {
                "kind": EnforcementKind.INSPECTION,
                "classes": frozenset({InspectionClass.SPECIALISED_CHECK}),
            },
            "classes",
        ),
    ],
)
def test_impossible_enforcement_actions(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        EnforcementAction(id="f1", **kwargs)
    assert info.value.field == field
    assert "fine" not in kwargs or info.value.value == kwargs["fine"]


def test_a_parent_over_mixed_kinds_has_no_kind() -> None:
    parent = EnforcementAction(
        id="f1",
        classes=frozenset(InspectionClass),
        campaigns=3,
        subjects=25,
    )
    assert parent.kind is None


# -- IP ---------------------------------------------------------------------------------


def test_an_unstated_object_type_stays_unstated() -> None:
    # "cấp trên 60 văn bằng bảo hộ"
    fact = IPCount(id="f1", stage=IPStage.GRANT, count=60, qualifier=Qualifier.GT)
    assert fact.object_type is None


def test_a_madrid_filing() -> None:
    filing = IPFiling(
        object_type=IPObjectType.COLLECTIVE_MARK,
        title="Chè Thái Nguyên",
        applicant="Hội Chè Thái Nguyên",
        jurisdictions=("Nga", "Nhật Bản", "Hàn Quốc"),
        filing_date=dt.date(2023, 3, 1),
        grant_date=dt.date(2024, 3, 1),
        number="1234567",
        stage=IPStage.INTERNATIONAL_FILING,
    )
    fact = IPCount.of_filing(filing, id="f2")
    assert fact.count == 1
    assert fact.filing is filing
    assert fact.jurisdictions == ("Nga", "Nhật Bản", "Hàn Quốc")
    assert fact.stage is IPStage.INTERNATIONAL_FILING


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"filing_date": dt.date(2024, 1, 2), "grant_date": dt.date(2024, 1, 1)}, "grant_date"),
        ({"filing_date": dt.datetime(2024, 1, 1, 9, 0)}, "filing_date"),
        ({"grant_date": "2024-01-01"}, "grant_date"),
        ({"jurisdictions": ["Nga"]}, "jurisdictions"),
        ({"jurisdictions": ("Nga", "Nga")}, "jurisdictions"),
        ({"jurisdictions": ("",)}, "jurisdictions"),
        ({"object_type": IPStage.GRANT}, "object_type"),
    ],
)
def test_impossible_filings(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        IPFiling(**kwargs)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"count": -1}, "count"),
        ({"count": 3, "filing": IPFiling(title="x")}, "count"),
        (
            {
                "count": 1,
                "object_type": IPObjectType.PATENT,
                "filing": IPFiling(object_type=IPObjectType.TRADEMARK),
            },
            "object_type",
        ),
        ({"stage": None}, "stage"),
    ],
)
def test_impossible_ip_counts(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        IPCount(**{"id": "f1", "stage": IPStage.GRANT, **kwargs})
    assert info.value.field == field


# -- activities -------------------------------------------------------------------------


def test_an_activity_count_keeps_its_unit_as_written() -> None:
    fact = ActivityCount(
        id="f1",
        activity=ActivityKind.ADMINISTRATIVE_PROCEDURE,
        count=35,
        unit="TTHC",
        stance=Stance.PLAN,
    )
    assert (fact.unit, fact.stance) == ("TTHC", Stance.PLAN)
    with pytest.raises(ValidationError):
        ActivityCount(id="f1", activity=ActivityKind.ONE_COMMUNE_ONE_PRODUCT, count=-1)
    with pytest.raises(ValidationError):
        ActivityCount(id="f1", activity="ocop", count=1)  # type: ignore[arg-type]


# -- Report -----------------------------------------------------------------------------


def _tree() -> Report:
    # "02 cuộc thanh tra và 01 cuộc kiểm tra đối với 25 tổ chức và cá nhân"
    return Report(
        title="Báo cáo 6 tháng đầu năm 2023",
        source="https://example.invalid/bao-cao",
        publisher="Sở KH&CN",
        published=dt.date(2023, 6, 24),
        facts=(
            EnforcementAction(id="e", campaigns=3, subjects=25),
            EnforcementAction(id="e1", parent="e", kind=EnforcementKind.INSPECTION, campaigns=2),
            EnforcementAction(id="e2", parent="e", kind=EnforcementKind.CHECK, campaigns=1),
            TaskCount(id="t", stage=TaskStage.IN_PROGRESS, count=36),
            TaskCount(id="t1", parent="t", stage=TaskStage.IN_PROGRESS, count=30),
            TaskCount(id="t1a", parent="t1", stage=TaskStage.IN_PROGRESS, count=10),
            IPCount(id="i", stage=IPStage.GRANT, count=60, qualifier=Qualifier.GT),
            ActivityCount(id="a", activity=ActivityKind.ONE_COMMUNE_ONE_PRODUCT, count=12),
        ),
        problems=(Problem(reason="a band, not a fine", field="fine"),),
    )


def test_views_split_the_facts_by_type_in_report_order() -> None:
    report = _tree()
    assert [f.id for f in report.enforcement] == ["e", "e1", "e2"]
    assert [f.id for f in report.tasks] == ["t", "t1", "t1a"]
    assert [f.id for f in report.ip_filings] == ["i"]
    assert [f.id for f in report.activities] == ["a"]
    assert isinstance(report.tasks, tuple)


def test_totals_and_parts_are_linked() -> None:
    report = _tree()
    assert [f.id for f in report.children_of(report.fact("e"))] == ["e1", "e2"]
    assert [f.id for f in report.children_of(report.fact("t"))] == ["t1"]
    assert [f.id for f in report.children_of(report.fact("t1"))] == ["t1a"]
    assert report.children_of(report.fact("a")) == ()
    assert [f.id for f in report.top_level(report.enforcement)] == ["e"]
    assert [f.id for f in report.top_level(report.tasks)] == ["t"]
    # A filtered view: a part whose total is filtered out counts as top level.
    assert [f.id for f in Report.top_level(report.tasks[1:])] == ["t1"]
    with pytest.raises(KeyError):
        report.fact("zzz")


@pytest.mark.parametrize(
    ("facts", "field", "value"),
    [
        (
            (ActivityCount(id="a", activity=ActivityKind.ONE_COMMUNE_ONE_PRODUCT),) * 2,
            "facts[1].id",
            "a",
        ),
        (
            (TaskCount(id="t", parent="nope", stage=TaskStage.ACCEPTANCE),),
            "facts[0].parent",
            "nope",
        ),
        (
            (
                ActivityCount(id="a", activity=ActivityKind.ONE_COMMUNE_ONE_PRODUCT),
                TaskCount(id="t", parent="a", stage=TaskStage.ACCEPTANCE),
            ),
            "facts[1].parent",
            "a",
        ),
        (
            (
                TaskCount(id="a", parent="b", stage=TaskStage.ACCEPTANCE),
                TaskCount(id="b", parent="a", stage=TaskStage.ACCEPTANCE),
            ),
            "facts[0].parent",
            "b",
        ),
        (
            (EnforcementAction(id="e", fine=Money(5, currency="USD")),),
            "facts[0].fine",
            Money(5, currency="USD"),
        ),
        ((Problem(reason="x"),), "facts[0]", Problem(reason="x")),
    ],
)
def test_impossible_reports(facts: tuple[Any, ...], field: str, value: object) -> None:
    with pytest.raises(ValidationError) as info:
        Report(facts=facts)
    assert (info.value.field, info.value.value) == (field, value)


def test_a_report_in_another_currency_takes_fines_in_that_currency() -> None:
    fine = Money(5, currency="USD")
    report = Report(currency="USD", facts=(EnforcementAction(id="e", fine=fine),))
    assert report.enforcement[0].fine == fine
    with pytest.raises(ValidationError):
        Report(facts=(EnforcementAction(id="e", fine=fine),))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"currency": "vnd"}, "currency"),
        ({"currency": "VNĐ"}, "currency"),
        ({"published": dt.datetime(2023, 1, 1, 8, 0)}, "published"),
        (
            {"facts": [ActivityCount(id="a", activity=ActivityKind.ONE_COMMUNE_ONE_PRODUCT)]},
            "facts",
        ),
        ({"problems": ["x"]}, "problems"),
        ({"province": "pre_2025:77"}, "province"),
        ({"period": "2023"}, "period"),
        ({"title": ""}, "title"),
    ],
)
def test_impossible_report_metadata(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        Report(**kwargs)
    assert info.value.field == field


def test_a_problem_from_a_validation_error() -> None:
    ev = Evidence(start=0, end=2, text="ab")
    try:
        EnforcementAction(id="f1", subjects=5, violators=7)
    except ValidationError as err:
        problem = Problem.from_error(err, ev)
    assert (problem.field, problem.evidence) == ("violators", ev)
    assert "more violators" in problem.reason


# -- properties over generated objects ---------------------------------------------------


@given(reports())
def test_views_partition_the_facts(report: Report) -> None:
    views = report.enforcement + report.tasks + report.ip_filings + report.activities
    assert sorted(f.id for f in views) == sorted(f.id for f in report.facts)
    for fact in report.facts:
        for child in report.children_of(fact):
            assert child.parent == fact.id
            assert type(child) is type(fact)
    top = report.top_level(report.facts)
    assert all(f.parent is None for f in top)


@pytest.mark.parametrize(
    "strategy",
    [
        evidence(),
        sci_tech_tasks(),
        task_counts(),
        enforcement_actions(),
        ip_filings(),
        ip_counts(),
        activity_counts(),
        facts(),
        reports(),
    ],
    ids=lambda s: repr(s).split("(")[0],
)
def test_model_objects_are_frozen_and_hashable(strategy: Any) -> None:
    @given(strategy)
    def check(obj: Any) -> None:
        assert hash(obj) == hash(attrs.evolve(obj))
        first = attrs.fields(type(obj))[0].name
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(obj, first, getattr(obj, first))

    check()


# The constructors of ReportingPeriod as they were before they built their periods with
# ``_checked`` (no second check of the days they make): the reference they must agree with.
def _old_check_int(field: str, value: object, low: int, high: int, what: str) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ValidationError(field, value, f"{what} is a whole number from {low} to {high}")
    return value


def _old_month_end(year: int, month: int) -> dt.date:
    import calendar

    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _old_months(sy: Any, sm: Any, ey: Any, em: Any) -> ReportingPeriod:
    _old_check_int("start_year", sy, 1, 9999, "a year")
    _old_check_int("start_month", sm, 1, 12, "a month")
    _old_check_int("end_year", ey, 1, 9999, "a year")
    _old_check_int("end_month", em, 1, 12, "a month")
    if (ey, em) < (sy, sm):
        raise ValidationError("end_month", em, f"{em}/{ey} is before {sm}/{sy}")
    return ReportingPeriod(dt.date(sy, sm, 1), _old_month_end(ey, em))


def _old_year(year: Any) -> ReportingPeriod:
    _old_check_int("year", year, 1, 9999, "a year")
    return ReportingPeriod(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _old_quarter(year: Any, quarter: Any) -> ReportingPeriod:
    _old_check_int("year", year, 1, 9999, "a year")
    _old_check_int("quarter", quarter, 1, 4, "a quarter")
    return _old_months(year, quarter * 3 - 2, year, quarter * 3)


def _old_half(year: Any, half: Any) -> ReportingPeriod:
    _old_check_int("year", year, 1, 9999, "a year")
    _old_check_int("half", half, 1, 2, "a half")
    return _old_months(year, half * 6 - 5, year, half * 6)


def _old_month(year: Any, month: Any) -> ReportingPeriod:
    _old_check_int("month", month, 1, 12, "a month")
    return _old_months(year, month, year, month)


def _old_with_wording(period: ReportingPeriod, wording: Any) -> ReportingPeriod:
    return ReportingPeriod(period.start, period.end, wording=wording)


def _old_year_to_date(year: Any, months: Any) -> ReportingPeriod:
    _old_check_int("months", months, 1, 12, "a number of months")
    return _old_with_wording(_old_months(year, 1, year, months), PeriodKind.FIRST_MONTHS)


def _old_last_months(year: Any, months: Any) -> ReportingPeriod:
    _old_check_int("months", months, 1, 12, "a number of months")
    return _old_with_wording(_old_months(year, 13 - months, year, 12), PeriodKind.LAST_MONTHS)


def _old_span(sy: Any, ey: Any) -> ReportingPeriod:
    _old_check_int("start_year", sy, 1, 9999, "a year")
    _old_check_int("end_year", ey, 1, 9999, "a year")
    if ey < sy:
        raise ValidationError("end_year", ey, f"ends before start_year {sy}")
    return ReportingPeriod(dt.date(sy, 1, 1), dt.date(ey, 12, 31))


_CONSTRUCTORS = [
    ("year", 1, _old_year),
    ("quarter", 2, _old_quarter),
    ("half", 2, _old_half),
    ("month", 2, _old_month),
    ("year_to_date", 2, _old_year_to_date),
    ("last_months", 2, _old_last_months),
    ("span", 2, _old_span),
    ("months", 4, _old_months),
]


def _outcome(make: Any, *args: Any) -> tuple[Any, ...]:
    """What ``make(*args)`` gives: the period with its wording and type, or the error."""
    try:
        got = make(*args)
    except Exception as err:  # compared with the reference's error, whatever it is
        return ("raised", type(err), str(err))
    return ("made", got.start, got.end, got.wording, type(got), type(got.start), type(got.end))


_NUMBERS = (
    st.integers(-2, 14)
    | st.integers(0, 10_001)
    | st.sampled_from([1, 9999, True, False, None, 2.0, "2023", 2**70])
)


@given(st.sampled_from(_CONSTRUCTORS), st.lists(_NUMBERS, min_size=4, max_size=4))
def test_period_constructors_give_what_they_gave_with_every_check(
    constructor: tuple[str, int, Any], numbers: list[Any]
) -> None:
    """Each constructor of ReportingPeriod builds its period without a second check of the
    days its checked numbers make: the same periods and the same errors as when every
    period went through the validators."""
    name, arity, old = constructor
    make = getattr(ReportingPeriod, name)
    args = numbers[:arity]
    if name == "year_to_date":
        assert _outcome(lambda y, n: make(y, months=n), *args) == _outcome(old, *args)
    else:
        assert _outcome(make, *args) == _outcome(old, *args)


@given(
    st.sampled_from(_CONSTRUCTORS),
    st.lists(st.integers(1, 12), min_size=4, max_size=4),
    st.integers(1, 9999),
    st.sampled_from([None, *PeriodKind, "nam", 3, PeriodKind.YEAR.value]),
)
def test_a_period_given_a_wording_is_the_period_made_with_it(
    constructor: tuple[str, int, Any], numbers: list[int], year: int, wording: Any
) -> None:
    name, arity, _ = constructor
    args = [year, *numbers][:arity]
    if name == "months":
        args = [year, numbers[0], min(9999, year + numbers[1] % 2), numbers[2]]
    try:
        period = (
            ReportingPeriod.year_to_date(args[0], months=args[1])
            if name == "year_to_date"
            else getattr(ReportingPeriod, name)(*args)
        )
    except ValidationError:
        return
    assert _outcome(period.with_wording, wording) == _outcome(_old_with_wording, period, wording)


def test_the_last_day_of_every_month_of_every_year() -> None:
    from khcn.model.period import _month_end

    for year in range(1, 10_000):
        for month in range(1, 13):
            assert _month_end(year, month) == _old_month_end(year, month)


def test_a_checked_period_sets_every_field() -> None:
    """``ReportingPeriod._checked`` sets the fields one by one, as attrs does: there are
    these three."""
    assert [f.name for f in attrs.fields(ReportingPeriod)] == ["start", "end", "wording"]
    period = ReportingPeriod._checked(dt.date(2023, 1, 1), dt.date(2023, 3, 31), PeriodKind.QUARTER)
    assert period == ReportingPeriod(dt.date(2023, 1, 1), dt.date(2023, 3, 31))
    assert period.wording is PeriodKind.QUARTER
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        period.start = dt.date(2023, 2, 1)  # type: ignore[misc]


def test_a_year_is_made_once_and_never_changed() -> None:
    """``ReportingPeriod.year`` keeps each year's period: the same, unchanged, however it
    was used (a wording gives another period)."""
    first = ReportingPeriod.year(2023)
    worded = first.with_wording(PeriodKind.TERM)
    assert ReportingPeriod.year(2023) is first
    assert (first.wording, worded.wording, worded == first) == (None, PeriodKind.TERM, True)
    assert (first.start, first.end) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.start = dt.date(2023, 2, 1)  # type: ignore[misc]
