"""khcn.aggregate: records, totals without double counting, derived periods, frames, exports."""

from __future__ import annotations

import copy
import datetime as dt
import operator
import pickle
import subprocess
import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import khcn
from khcn import (
    ActivityCount,
    ActivityKind,
    EnforcementAction,
    EnforcementDomain,
    EnforcementKind,
    IPCount,
    IPObjectType,
    IPStage,
    Money,
    Province,
    Qualifier,
    Report,
    ReportingPeriod,
    Stance,
    TaskCount,
    TaskLevel,
    TaskStage,
)
from khcn.aggregate import (
    Record,
    Totals,
    compare,
    derive_remainder,
    records,
    records_from_csv,
    records_from_jsonl,
    records_to_csv,
    records_to_jsonl,
    to_pandas,
    to_polars,
    totals,
)
from khcn.strategies import facts
from khcn.strategies import reports as any_reports

if TYPE_CHECKING:
    from pathlib import Path

Y2023 = ReportingPeriod.year(2023)


def report(
    *facts: Any,
    source: str | None = "a.txt",
    province: str | None = "Hà Nam",
    period: ReportingPeriod | None = Y2023,
) -> Report:
    return Report(
        source=source,
        province=None if province is None else Province.lookup(province),
        period=period,
        facts=tuple(facts),
    )


def pre(name: str) -> str:
    """The pre-2025 unit's name as lookup wants it (names shared by both eras)."""
    return Province.lookup(name, on=ReportingPeriod.year(2020).start).id


def pre_report(name: str, *facts: Any, source: str, period: ReportingPeriod = Y2023) -> Report:
    return Report(
        source=source, province=Province.from_id(pre(name)), period=period, facts=tuple(facts)
    )


def tasks(id: str = "f1", count: int | None = 8, **kw: Any) -> TaskCount:
    return TaskCount(id=id, stage=kw.pop("stage", TaskStage.ACCEPTANCE), count=count, **kw)


# -- records -----------------------------------------------------------------------------------


def test_records_one_typed_row_per_fact() -> None:
    r = report(
        EnforcementAction(id="f1", campaigns=3, fine=Money(38_750_000)),
        EnforcementAction(id="f2", parent="f1", kind=EnforcementKind.CHECK, campaigns=1),
        tasks("f3", level=TaskLevel.PROVINCIAL),
        IPCount(id="f4", stage=IPStage.GRANT, count=60, qualifier=Qualifier.GT),
        ActivityCount(id="f5", activity=ActivityKind.TECHNOLOGY_APPRAISAL, count=12),
    )
    recs = records([r])
    assert [x.type for x in recs] == ["enforcement", "enforcement", "task", "ip", "activity"]
    first = recs[0]
    assert first.source == "a.txt"
    assert (first.province_id, first.province_code, first.province_name) == (
        "pre_2025:35",
        "35",
        "Hà Nam",
    )
    assert (first.province_2025_id, first.province_2025_name) == ("from_2025:37", "Ninh Bình")
    assert first.period == "2023"
    assert first.fine == Decimal("38750000")
    assert first.fine_currency == "VND"
    assert recs[1].parent_id == "f1"
    assert recs[1].kind == "kiem_tra"
    assert recs[2].level == "tinh"
    assert recs[3].qualifier == "gt"
    assert recs[4].activity == "tham_dinh_cong_nghe"
    assert all(isinstance(x, Record) for x in recs)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.count = 3  # type: ignore[misc]


def test_a_record_keeps_the_ways_of_a_frozen_attrs_class() -> None:
    [rec, other] = records([report(tasks("f1"), tasks("f2", count=3))])
    header = records_to_csv([rec]).splitlines()[0].split(",")
    assert [f.name for f in attrs.fields(Record)] == header
    data = attrs.asdict(rec)
    assert data["count"] == 8
    assert data["province_name"] == "Hà Nam"
    assert Record(**data) == rec
    assert hash(Record(**data)) == hash(rec)
    assert attrs.evolve(rec, count=3).count == 3
    assert rec.count == 8
    assert rec != other
    # Equal only to a record: never to a tuple, whatever it holds.
    assert rec != tuple(data.values())
    assert tuple(rec) != rec
    assert rec == rec
    assert pickle.loads(pickle.dumps(rec)) == rec
    assert copy.copy(rec) == copy.deepcopy(rec) == rec
    assert repr(rec).startswith("Record(report_id='a.txt', source='a.txt', title=None, ")
    assert repr(rec).endswith(", fine_qualifier=None, evidence=None)")
    assert not hasattr(rec, "__dict__")
    with pytest.raises(TypeError):
        operator.lt(rec, other)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del rec.count
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rec.anything = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="fact_id"):
        Record(report_id="r", type="task")  # type: ignore[call-arg]


def test_the_record_layout_the_hot_loops_index() -> None:
    # totals() reads records by item, not by name (see the layout by _ITEM in aggregate):
    # the report's head (item 0), the fact's shape (item 1), then the fact's own fields.
    from khcn.aggregate import _HEAD_ITEM, _ITEM, _NAMES, _PLAN, _SHAPE_ITEM

    head = ("report_id", "source", "province_id", "province_2025_id", "period")
    assert [_HEAD_ITEM[name] for name in head] == [0, 1, 4, 7, 9]
    shape = ("stance", "type", "stage", "object_type", "activity", "qualifier")
    assert [_SHAPE_ITEM[name] for name in shape] == [0, 1, 3, 6, 7, 11]
    assert [_SHAPE_ITEM[name] for name in ("fine_currency", "fine_qualifier")] == [15, 16]
    assert (_PLAN, _NAMES) == (17, 18)
    own = ("fact_id", "parent_id", "count", "campaigns", "subjects", "violators", "fine")
    assert [_ITEM[name] for name in own] == [2, 3, 4, 5, 6, 7, 8]
    [rec] = records([report(tasks())])
    assert rec[0][_HEAD_ITEM["period"]] == rec.period
    assert rec[1][_SHAPE_ITEM["stage"]] == rec.stage
    assert rec[_ITEM["count"]] == rec.count
    assert rec[1][_PLAN] == (
        ("tasks_nghiem_thu", _ITEM["count"], "exact", "tasks_nghiem_thu_qualifier"),
    )
    assert rec[1][_NAMES] == {"tasks_nghiem_thu"}
    assert len(rec) == 2 + len(own) + 1  # and the evidence


def test_a_record_made_by_hand_keeps_what_it_was_given() -> None:
    # Records made one by one share the plans of their shapes (kept once made): a value
    # and an enum member equal to it are kept apart, and a field that does not hash is read
    # the long way, failing where it always did.
    fields: dict[str, Any] = {"report_id": "r", "period": "2023", "type": "task", "count": 1}
    member = Record(fact_id="f1", stage="nghiem_thu", qualifier=Qualifier.GT, **fields)
    text = Record(fact_id="f1", stage="nghiem_thu", qualifier="gt", **fields)
    assert member == text
    assert type(member.qualifier) is Qualifier
    assert type(text.qualifier) is str
    assert "count=1, qualifier='gt', campaigns=None" in repr(text)
    assert totals([text], by=()).rows[0]["tasks_nghiem_thu_qualifier"] == "ge"
    odd = Record(fact_id="f2", stage=["nghiem_thu"], **fields)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unhashable"):
        totals([odd], by=())


@given(fact=facts())
def test_a_record_adds_the_figures_it_states(fact: Any) -> None:
    # totals() reads figures in a loop of its own; it must agree with _measures.
    from khcn.aggregate import _add_bounds, _measures

    [rec] = records([report(fact)])
    expected: dict[str, tuple[Any, Any]] = {}
    for measure, value, bound in _measures(rec):
        if measure in expected:
            value, bound = expected[measure][0] + value, _add_bounds(expected[measure][1], bound)
        expected[measure] = (value, bound)
    copies = [rec, *records([report(fact, source="b.txt")])]  # the same fact, twice
    for recs in ([rec], copies):
        table = totals(recs, by=("stance",), stance=None)
        [row] = table.rows
        for measure in table.measures:
            value, bound = expected.get(measure, (None, None))
            assert (row[measure], row[f"{measure}_qualifier"]) == (value, bound)


def test_current_unit_is_its_own_2025_unit() -> None:
    [rec] = records([report(tasks(), province="TP.HCM", period=ReportingPeriod.year(2025))])
    assert rec.province_id == rec.province_2025_id == "from_2025:79"


def test_aggregate_is_a_lazy_attribute_without_pandas() -> None:
    code = (
        "import sys, khcn; khcn.aggregate.totals([]); "
        "assert 'pandas' not in sys.modules and 'polars' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- totals ------------------------------------------------------------------------------------


def test_total_with_parts_is_not_double_counted() -> None:
    r = report(
        # "03 cuộc (02 thanh tra, 01 kiểm tra) ... 25 cơ sở, phạt 38,75 triệu"
        EnforcementAction(id="f1", campaigns=3, subjects=25, violators=7, fine=Money(38_750_000)),
        EnforcementAction(id="f2", parent="f1", kind=EnforcementKind.INSPECTION, campaigns=2),
        EnforcementAction(id="f3", parent="f1", kind=EnforcementKind.CHECK, campaigns=1),
        # sanctions as parts: "phạt tiền 05 cơ sở, cảnh cáo 02 cơ sở, 30 triệu"
        EnforcementAction(id="f4", parent="f1", violators=5, fine=Money(30_000_000)),
        EnforcementAction(id="f5", parent="f1", violators=2),
        # a parent without campaigns: its per-kind children carry them
        EnforcementAction(id="f6", subjects=10),
        EnforcementAction(id="f7", parent="f6", kind=EnforcementKind.INSPECTION, campaigns=4),
        EnforcementAction(id="f8", parent="f6", kind=EnforcementKind.CHECK, campaigns=5),
        # a grandchild whose parent states nothing, under a grandparent that does
        EnforcementAction(id="f9", parent="f7", subjects=3),
        # "36 nhiệm vụ (gồm 30 ... và 06 ...)"
        tasks("t1", 36, stage=TaskStage.IN_PROGRESS),
        tasks("t2", 30, stage=TaskStage.IN_PROGRESS, parent="t1"),
        tasks("t3", 6, stage=TaskStage.IN_PROGRESS, parent="t1"),
        # a part of another stage is another measure
        tasks("t4", 4, stage=TaskStage.ACCEPTANCE, parent="t1"),
    )
    row = totals([r]).row(province="Hà Nam", period="2023")
    assert row["inspections"] == 3 + 4 + 5
    assert row["subjects"] == 25 + 10
    assert row["violators"] == 7
    assert row["fine_vnd"] == Decimal("38750000")
    assert row["tasks_trien_khai"] == 36
    assert row["tasks_nghiem_thu"] == 4
    assert row["reports"] == 1


def test_parts_count_when_the_total_states_no_figure() -> None:
    r = report(
        EnforcementAction(id="f1", subjects=9),
        EnforcementAction(id="f2", parent="f1", violators=5, fine=Money(10_000_000)),
        EnforcementAction(id="f3", parent="f1", violators=4, fine=Money("2500000.5")),
    )
    row = totals([r], by=()).rows[0]
    assert row["violators"] == 9
    assert row["fine_vnd"] == Decimal("12500000.5")


def test_ip_parts_by_object_type_and_the_ip_total() -> None:
    r = report(
        IPCount(id="f1", stage=IPStage.GRANT, count=60, qualifier=Qualifier.GT),
        IPCount(
            id="f2", parent="f1", stage=IPStage.GRANT, count=45, object_type=IPObjectType.TRADEMARK
        ),
        IPCount(id="f3", stage=IPStage.FILING, count=100),
    )
    row = totals([r], by=()).rows[0]
    assert (row["ip_total"], row["ip_total_qualifier"]) == (160, "ge")
    assert (row["ip_unstated"], row["ip_nhan_hieu"]) == (160, 45)
    grants = totals([r], by=(), ip_stage="cap_van_bang").rows[0]
    assert (grants["ip_total"], grants["ip_unstated"]) == (60, 60)
    by_stage = totals([r], by=("stage",))
    assert by_stage.row(stage="nop_don")["ip_total"] == 100


def test_a_plan_is_never_added_to_results() -> None:
    r = report(
        tasks("f1", 8),
        tasks("f2", 20, stance=Stance.PLAN),
        tasks("f3", 10, stance=Stance.ESTIMATE),
    )
    assert totals([r]).rows[0]["tasks_nghiem_thu"] == 8
    assert totals([r], stance="ke_hoach").rows[0]["tasks_nghiem_thu"] == 20
    assert totals([r], stance=Stance.ESTIMATE).rows[0]["tasks_nghiem_thu"] == 10
    with pytest.raises(ValueError, match="stance"):
        totals([r], stance=None)
    split = totals([r], by=("stance",), stance=None)
    assert [(x["stance"], x["tasks_nghiem_thu"]) for x in split] == [
        ("ke_hoach", 20),
        ("ket_qua", 8),
        ("uoc", 10),
    ]


def test_a_plan_total_does_not_hide_result_parts() -> None:
    r = report(tasks("f1", 20, stance=Stance.PLAN), tasks("f2", 8, parent="f1"))
    assert totals([r]).rows[0]["tasks_nghiem_thu"] == 8


def test_at_least_figures_stay_at_least() -> None:
    r1 = report(tasks("f1", 60, qualifier=Qualifier.GT), source="a")
    r2 = report(tasks("f1", 10), source="b", province="Nam Định")
    r3 = report(tasks("f1", 5, qualifier=Qualifier.APPROX), source="c", province="Ninh Bình")
    r4 = report(tasks("f1", 5, qualifier=Qualifier.LT_APPROX), source="d", province="Hà Giang")
    grand = totals([r1, r2], by=()).rows[0]
    assert (grand["tasks_nghiem_thu"], grand["tasks_nghiem_thu_qualifier"]) == (70, "ge")
    assert totals([r1, r2, r3], by=()).rows[0]["tasks_nghiem_thu_qualifier"] == "approx"
    assert totals([r2, r4], by=()).rows[0]["tasks_nghiem_thu_qualifier"] == "le"
    assert totals([r1, r4], by=()).rows[0]["tasks_nghiem_thu_qualifier"] == "approx"
    assert totals([r2], by=()).rows[0]["tasks_nghiem_thu_qualifier"] == "exact"


def test_a_missing_figure_is_none_not_zero() -> None:
    row = totals([report(tasks())]).rows[0]
    assert row["fine_vnd"] is None
    assert row["fine_vnd_qualifier"] is None
    assert "activity_ocop" not in row


def test_currencies_never_mix() -> None:
    r = Report(
        currency="USD",
        period=Y2023,
        facts=(EnforcementAction(id="f1", fine=Money(500, currency="USD")),),
    )
    row = totals([r, report(EnforcementAction(id="f1", fine=Money(7)))], by=()).rows[0]
    assert row["fine_usd"] == Decimal(500)
    assert row["fine_vnd"] == Decimal(7)


def test_merger_roll_up() -> None:
    facts = (EnforcementAction(id="f1", campaigns=2, fine=Money(10_000_000)),)
    rs = [
        report(*facts, source="hn.txt", province="Hà Nam"),
        report(*facts, source="nd.txt", province="Nam Định"),
        pre_report("Ninh Bình", tasks("t1"), *facts, source="nb.txt"),
        report(*facts, source="brvt.txt", province="BR-VT"),
        report(*facts, source="bk.txt", province="Bắc Kạn"),
        report(
            tasks(count=3),
            source="nb25.txt",
            province="Ninh Bình",
            period=ReportingPeriod.year(2025),
        ),
    ]
    apart = totals(rs)
    assert len(apart) == 6
    assert {r["province_id"] for r in apart} >= {"pre_2025:35", "pre_2025:36", "pre_2025:37"}
    merged = totals(rs, merge_2025=True)
    nb = merged.row(province="Ninh Bình", period="2023")
    assert nb["province_id"] == "from_2025:37"
    assert nb["inspections"] == 6
    assert nb["fine_vnd"] == Decimal(30_000_000)
    assert nb["reports"] == 3
    assert nb["sources"] == ("hn.txt", "nb.txt", "nd.txt")
    assert merged.row(province="Ninh Bình", period="2025")["tasks_nghiem_thu"] == 3
    assert merged.row(province="Hồ Chí Minh", period="2023")["inspections"] == 2
    assert merged.row(province="Thái Nguyên", period="2023")["inspections"] == 2
    assert len(merged) == 4


def test_duplicate_across_two_sources_counts_once() -> None:
    # examples/reports/33_* (the ministry) and 34_* (a newspaper retelling it)
    y2025 = ReportingPeriod.year(2025)
    ministry = report(
        tasks("f1", 214, stage=TaskStage.LIST_APPROVAL, level=TaskLevel.NATIONAL),
        tasks("f2", 36, stage=TaskStage.LIST_APPROVAL, level=TaskLevel.NATIONAL, parent="f1"),
        IPCount(id="f7", stage=IPStage.GRANT, count=71_000, qualifier=Qualifier.GT),
        IPCount(
            id="f8", parent="f7", stage=IPStage.GRANT, count=5230, object_type=IPObjectType.PATENT
        ),
        tasks("f13", 250, qualifier=Qualifier.GE, stance=Stance.PLAN),
        source="33_bo_khcn_tong_ket_2025.txt",
        province=None,
        period=y2025,
    )
    newspaper = report(
        tasks("f1", 214, stage=TaskStage.LIST_APPROVAL, level=TaskLevel.NATIONAL),
        IPCount(id="f2", stage=IPStage.GRANT, count=71_000, qualifier=Qualifier.GT),
        # the part retold alone: covered by its total in the ministry's report
        IPCount(id="f3", stage=IPStage.GRANT, count=5230, object_type=IPObjectType.PATENT),
        # a fact only the newspaper has
        tasks("f4", 318, level=TaskLevel.NATIONAL),
        source="34_bao_dien_tu_bo_khcn_2025.html",
        province=None,
        period=y2025,
    )
    for order in ([ministry, newspaper], [newspaper, ministry]):
        row = totals(order).rows[0]
        assert row["reports"] == 2
        assert row["tasks_phe_duyet_danh_muc"] == 214
        assert row["tasks_nghiem_thu"] == 318
        assert (row["ip_total"], row["ip_total_qualifier"]) == (71_000, "ge")
        assert row["ip_sang_che"] == 5230
    plans = totals([ministry, newspaper], stance="ke_hoach").rows[0]
    assert plans["tasks_nghiem_thu"] == 250


def test_a_retelling_that_drops_descriptive_words_is_the_same_fact() -> None:
    own = EnforcementAction(
        id="f1",
        kind=EnforcementKind.INSPECTION,
        domains=frozenset({EnforcementDomain.FUEL}),
        subjects=30,
        violators=4,
        fine=Money(12_000_000),
    )
    retold = EnforcementAction(id="x1", subjects=30, violators=4, fine=Money(12_000_000))
    row = totals([report(own, source="so"), report(retold, source="bao")], by=()).rows[0]
    assert (row["subjects"], row["violators"], row["fine_vnd"]) == (30, 4, Decimal(12_000_000))
    # another figure is another fact
    other = attrs.evolve(retold, violators=5)
    row = totals([report(own, source="so"), report(other, source="bao")], by=()).rows[0]
    assert row["subjects"] == 60


def test_an_activitys_counted_nouns_can_be_kept_apart() -> None:
    r = report(
        ActivityCount(id="f1", activity=ActivityKind.TRAINING_EVENT, count=3, unit="lớp tập huấn"),
        ActivityCount(id="f2", activity=ActivityKind.TRAINING_EVENT, count=250, unit="lượt người"),
        source="a",
    )
    # one column adds every count of the activity, whatever its noun …
    assert totals([r], by=()).rows[0]["activity_tap_huan_hoi_thao"] == 253
    # … grouping by the noun keeps classes and participants apart
    rows = totals([r], by=("activity", "unit")).rows
    got = sorted((row["unit"], row["activity_tap_huan_hoi_thao"]) for row in rows)
    assert got == [("lượt người", 250), ("lớp tập huấn", 3)]


def test_facts_within_one_report_are_never_merged() -> None:
    once = EnforcementAction(id="f1", kind=EnforcementKind.CHECK, campaigns=1)
    twice = report(once, attrs.evolve(once, id="f2"), source="a")
    retold = report(attrs.evolve(once, id="x9"), source="b")
    assert totals([twice], by=()).rows[0]["inspections"] == 2
    assert totals([twice, retold], by=()).rows[0]["inspections"] == 2
    # another province or period is another fact
    elsewhere = report(once, source="c", province="Nam Định")
    later = report(once, source="d", period=ReportingPeriod.year(2024))
    assert totals([twice, elsewhere, later], by=()).rows[0]["inspections"] == 4


def test_no_duplicates_without_a_period() -> None:
    a = report(tasks(), source="a", period=None)
    b = report(tasks(), source="b", period=None)
    assert totals([a, b], by=()).rows[0]["tasks_nghiem_thu"] == 16


def test_group_by_year_type_and_more() -> None:
    rs = [
        report(tasks(), period=ReportingPeriod.half(2023, 1), source="a"),
        report(tasks(count=3), period=ReportingPeriod.quarter(2024, 1), source="b"),
        report(
            EnforcementAction(id="f1", campaigns=2),
            source="c",
            period=ReportingPeriod.span(2021, 2025),
        ),
    ]
    by_year = totals(rs, by=("year",))
    assert by_year.column("year") == [None, 2023, 2024]
    assert by_year.row(year=2024)["tasks_nghiem_thu"] == 3
    by_type = totals(rs, by=("type",))
    assert by_type.column("type") == ["enforcement", "task"]
    assert totals(rs, by=("province", "period")).column("period") == [
        "2021/2025",
        "2023-S1",
        "2024-Q1",
    ]
    with pytest.raises(ValueError, match="cannot group by"):
        totals(rs, by=("source",))


def test_totals_accepts_records_and_iterates() -> None:
    rs = [report(tasks(), source="a"), report(tasks(count=2), source="b", province="Nam Định")]
    table = totals(records(rs), by=("province",))
    assert isinstance(table, Totals)
    assert [r["tasks_nghiem_thu"] for r in table] == [8, 2]
    assert table.columns[:4] == ("province", "province_id", "reports", "sources")
    assert len(table) == 2
    assert table.to_csv().splitlines()[1].startswith("Hà Nam,pre_2025:35,1,a,")
    with pytest.raises(KeyError):
        table.row(province="Hà Nội")


# -- periods -----------------------------------------------------------------------------------


def test_derived_q4_and_second_half() -> None:
    nine = report(
        EnforcementAction(id="f1", campaigns=5, fine=Money(20_000_000)),
        tasks("f2", 6, qualifier=Qualifier.GE),
        source="nine.txt",
        period=ReportingPeriod.year_to_date(2023, months=9),
    )
    year = report(
        EnforcementAction(id="f1", campaigns=8, fine=Money(32_500_000)),
        tasks("f2", 9),
        ActivityCount(id="f3", activity=ActivityKind.ONE_COMMUNE_ONE_PRODUCT, count=3),
        source="year.txt",
    )
    half = report(tasks("f1", 2), source="half.txt", period=ReportingPeriod.half(2023, 1))
    table = derive_remainder([nine, year, half])
    q4 = table.row(period="2023-Q4")
    assert q4["derived_from"] == "2023 [year.txt] − 2023-01/2023-09 [nine.txt]"
    assert q4["inspections"] == 3
    assert q4["fine_vnd"] == Decimal(12_500_000)
    assert (q4["tasks_nghiem_thu"], q4["tasks_nghiem_thu_qualifier"]) == (3, "le")
    assert q4["activity_ocop"] is None
    assert q4["sources"] == ("nine.txt", "year.txt")
    h2 = table.row(period="2023-S2")
    assert h2["tasks_nghiem_thu"] == 7
    assert h2["inspections"] is None
    q3 = table.row(period="2023-Q3")  # 9 months less the first half
    assert q3["tasks_nghiem_thu"] == 4
    assert table.row(period="2023")["derived_from"] is None


def test_remainder_only_within_a_province_and_stance() -> None:
    nine = report(tasks(count=6), source="a", period=ReportingPeriod.year_to_date(2023, months=9))
    other = report(tasks(count=9), source="b", province="Nam Định")
    assert all(r["derived_from"] is None for r in derive_remainder([nine, other]))
    plan = report(tasks(count=9, stance=Stance.PLAN), source="c")
    mixed = derive_remainder([nine, plan], by=("province", "period", "stance"), stance=None)
    assert all(r["derived_from"] is None for r in mixed)
    with pytest.raises(ValueError, match="period"):
        derive_remainder(totals([nine], by=("province",)))


def test_compare_with_the_same_period_a_year_before() -> None:
    def make(year: int, **counts: int) -> Report:
        facts = [
            EnforcementAction(id="f1", campaigns=counts["campaigns"], fine=Money(counts["fine"]))
        ]
        if "ocop" in counts:
            facts.append(
                ActivityCount(
                    id="f2", activity=ActivityKind.ONE_COMMUNE_ONE_PRODUCT, count=counts["ocop"]
                )
            )
        return report(
            *facts, source=f"{year}.txt", period=ReportingPeriod.year_to_date(year, months=9)
        )

    now = totals([make(2023, campaigns=6, fine=45_000_000, ocop=4)])
    before = totals([make(2022, campaigns=0, fine=40_000_000)])
    row = compare(now, before).row(province="Hà Nam")
    assert row["period"] == "2023-01/2023-09"
    assert (row["fine_vnd_previous"], row["fine_vnd_change"]) == (
        Decimal(40_000_000),
        Decimal(5_000_000),
    )
    assert row["fine_vnd_pct"] == Decimal("12.50")
    assert (row["inspections_change"], row["inspections_pct"]) == (6, None)
    assert (row["activity_ocop"], row["activity_ocop_change"], row["activity_ocop_pct"]) == (
        4,
        None,
        None,
    )
    assert compare(now, now, years=0).rows[0]["fine_vnd_change"] == 0
    with pytest.raises(ValueError, match="grouped differently"):
        compare(now, totals([], by=("period",)))


# -- frames ------------------------------------------------------------------------------------


def test_to_pandas_real_dtypes() -> None:
    rs = [
        report(
            EnforcementAction(id="f1", campaigns=2, fine=Money(7_500_000)), tasks("f2"), source="a"
        ),
        report(tasks(), source="b", period=ReportingPeriod.half(2023, 1)),
    ]
    frame = to_pandas(records(rs))
    assert str(frame["campaigns"].dtype) == "Int64"
    assert str(frame["fine"].dtype) == "Int64"
    assert frame["stance"].dtype == "category"
    assert list(frame["period"].cat.categories) == ["2023-S1", "2023"]
    assert frame["period"].cat.ordered
    table = totals(rs).to_pandas()
    assert str(table["tasks_nghiem_thu"].dtype) == "Int64"
    assert table["period"].cat.ordered
    odd = to_pandas(records([report(EnforcementAction(id="f1", fine=Money("0.5")))]))
    assert odd["fine"].dtype == object
    assert odd["fine"][0] == Decimal("0.5")


def test_to_polars_real_dtypes() -> None:
    import polars as pl

    rs = [report(EnforcementAction(id="f1", campaigns=2, fine=Money("7500000.25")), source="a")]
    frame = to_polars(records(rs))
    assert frame.schema["campaigns"] == pl.Int64
    assert frame.schema["fine"] == pl.Decimal(38, 2)
    assert frame["fine"][0] == Decimal("7500000.25")
    assert isinstance(frame.schema["period"], pl.Enum)
    table = totals(rs).to_polars()
    assert table["fine_vnd"][0] == Decimal("7500000.25")


# -- exports -----------------------------------------------------------------------------------


def test_csv_and_jsonl_files(tmp_path: Path) -> None:
    recs = records(
        [
            report(EnforcementAction(id="f1", campaigns=2, fine=Money("1.5"))),
            report(tasks(), source=None),
        ]
    )
    csv_path, jsonl_path = tmp_path / "r.csv", tmp_path / "r.jsonl"
    records_to_csv(recs, csv_path)
    records_to_jsonl(recs, jsonl_path)
    assert records_from_csv(csv_path) == recs
    assert records_from_jsonl(jsonl_path) == recs
    with jsonl_path.open(encoding="utf-8") as file:
        assert records_from_jsonl(file) == recs


def test_reading_refuses_bad_rows() -> None:
    with pytest.raises(khcn.ValidationError):
        records_from_jsonl('{"report_id": "r", "type": "ip", "fact_id": "f1", "fine": 1.5}\n')
    with pytest.raises(khcn.ValidationError):
        records_from_jsonl('{"report_id": "r", "type": "ip", "fact_id": "f1", "colour": "red"}\n')


# -- properties --------------------------------------------------------------------------------

PROVINCES = [
    Province.lookup("Hà Nam"),
    Province.lookup("Ninh Bình"),
    Province.lookup("BR-VT"),
    None,
]
PERIODS = [Y2023, ReportingPeriod.half(2023, 1), ReportingPeriod.year(2025), None]


@st.composite
def clashing_reports(draw: st.DrawFn) -> list[Report]:
    """Reports that often share a province and a period, so duplicates occur."""
    drawn = draw(st.lists(any_reports(max_facts=6), max_size=5))
    out = []
    for index, r in enumerate(drawn):
        out.append(
            attrs.evolve(
                r,
                source=draw(st.sampled_from([f"s{index}", None, "shared"])),
                province=draw(st.sampled_from(PROVINCES)),
                period=draw(st.sampled_from(PERIODS)),
            )
        )
    if out and draw(st.booleans()):
        out.append(attrs.evolve(out[0], source="copy"))  # a verbatim republication
    return out


def _grand(table: Totals) -> dict[str, Any]:
    """Sum a table's measures over its rows (None counts as missing)."""
    from khcn.aggregate import _add_bounds

    out: dict[str, Any] = {}
    for row in table:
        for m in table.measures:
            if row[m] is None:
                continue
            if m in out:
                out[m] = (out[m][0] + row[m], _add_bounds(out[m][1], row[f"{m}_qualifier"]))
            else:
                out[m] = (row[m], row[f"{m}_qualifier"])
    return out


@given(clashing_reports(), st.randoms(use_true_random=False))
def test_totals_do_not_depend_on_report_order(rs: list[Report], rnd: Any) -> None:
    shuffled = list(rs)
    rnd.shuffle(shuffled)
    assert totals(rs).rows == totals(shuffled).rows
    assert (
        totals(rs, by=("stance", "type"), stance=None).rows
        == totals(shuffled, by=("stance", "type"), stance=None).rows
    )


@given(clashing_reports())
def test_groups_sum_to_the_ungrouped_total(rs: list[Report]) -> None:
    grand = totals(rs, by=())
    expected = _grand(grand)
    for by in (("province", "period"), ("year",), ("type", "stage"), ("province",)):
        assert _grand(totals(rs, by=by)) == expected
    if grand.rows:
        reports = grand.rows[0]["reports"]
        assert sum(r["reports"] for r in totals(rs, by=("province",))) == reports
        # a report whose facts name their own periods counts once in each of them
        assert sum(r["reports"] for r in totals(rs, by=("province", "period"))) >= reports


@given(clashing_reports())
def test_merge_2025_never_changes_a_grand_total(rs: list[Report]) -> None:
    plain = totals(rs, by=("province", "period"))
    merged = totals(rs, by=("province", "period"), merge_2025=True)
    assert _grand(plain) == _grand(merged)
    assert totals(rs, by=("period",), merge_2025=True).rows == totals(rs, by=("period",)).rows
    assert len(merged) <= len(plain)


# Amounts whose sums, at a precision of 2 digits, depend on the order they are added in.
AMOUNTS = [Decimal(a) for a in ("0.4", "0.6", "7", "99", "1.5", "12345.6")]


@st.composite
def fined_reports(draw: st.DrawFn) -> Report:
    """A report of fines (some stated twice, some in parts of others) and a few counts."""
    facts: list[Any] = []
    for k in range(draw(st.integers(1, 8))):
        earlier = [f.id for f in facts]
        part = earlier and draw(st.integers(0, 3)) == 0
        fact = EnforcementAction(
            id=f"e{k}",
            parent=draw(st.sampled_from(earlier)) if part else None,
            stance=draw(st.sampled_from([Stance.RESULT, Stance.RESULT, Stance.PLAN])),
            campaigns=draw(st.none() | st.integers(0, 3)),
            fine=Money(
                draw(st.sampled_from(AMOUNTS)),
                qualifier=draw(st.sampled_from([Qualifier.EXACT, Qualifier.GT])),
            ),
        )
        facts.append(fact)
        if draw(st.integers(0, 3)) == 0:
            facts.append(attrs.evolve(fact, id=f"e{k}b"))  # the same fact, stated twice
    if draw(st.booleans()):
        facts.append(tasks("t1", draw(st.integers(0, 9))))
    return Report(facts=tuple(facts))


@st.composite
def republished_reports(draw: st.DrawFn) -> list[Report]:
    """Reports of few provinces and periods, some republished word for word by others."""
    drawn = draw(st.lists(any_reports(max_facts=6) | fined_reports(), min_size=1, max_size=4))
    out = [
        attrs.evolve(
            r,
            source=f"s{index}",
            province=draw(st.sampled_from(PROVINCES)),
            period=draw(st.sampled_from(PERIODS[:2])),
        )
        for index, r in enumerate(drawn)
    ]
    for index in range(draw(st.integers(0, 4))):
        original = draw(st.sampled_from(out))
        # The same facts (one tuple, as attrs.evolve leaves it) or equal ones.
        facts = original.facts if draw(st.booleans()) else (*original.facts,)
        out.append(attrs.evolve(original, source=f"copy{index}", facts=facts))
    return draw(st.permutations(out))


def _table_texts(rs: list[Report]) -> list[str]:
    """The rows of many tables of ``rs``, as text (so that Decimal exponents count too)."""
    import decimal

    out = []
    recs = records(rs)
    for by in (("province", "period"), ("province",), ("period",), ("stance", "type")):
        for merge in (False, True):
            for prec in (28, 2):  # a low precision: any change in the order of fines shows
                with decimal.localcontext() as context:
                    context.prec = prec
                    stance = None if "stance" in by else "ket_qua"
                    table = totals(recs, by=by, merge_2025=merge, stance=stance)
                out.append(repr(table.rows))
    return out


@settings(max_examples=300)
@given(republished_reports())
def test_republished_reports_total_as_fact_by_fact(rs: list[Report]) -> None:
    # totals() reads a report whose (province, period) holds only its word-for-word copies
    # as if alone (_republished, _read_repeated); rule 3 read fact by fact, each with its
    # signature, must give the very same tables.
    from unittest import mock

    from khcn import aggregate

    fast = _table_texts(rs)
    with mock.patch.object(aggregate, "_republished", return_value={}):
        assert _table_texts(rs) == fast


def test_a_fine_stated_twice_in_a_republished_report() -> None:
    fine = EnforcementAction(id="f1", campaigns=1, fine=Money("1234.56"))
    twice = report(fine, attrs.evolve(fine, id="f2"), tasks("f3", 5), source="a.txt")
    rs = [twice, attrs.evolve(twice, source="b.txt"), report(fine, source="c.txt", period=None)]
    row = totals(rs, by=("period",)).row(period="2023")
    assert (row["fine_vnd"], row["inspections"], row["tasks_nghiem_thu"], row["reports"]) == (
        Decimal("2469.12"),
        2,
        5,
        2,
    )
    test_republished_reports_total_as_fact_by_fact.hypothesis.inner_test(rs)  # type: ignore[attr-defined]


@given(republished_reports() | clashing_reports())
def test_the_plan_of_a_shape_adds_up_as_the_fields_do(rs: list[Report]) -> None:
    # records() gives each shape of fact a plan: what totals() adds up for it. Records
    # whose shapes have none (as for a field khcn never writes) are read field by field,
    # the long way; both must give the very same tables.
    from unittest import mock

    from khcn import aggregate

    fast = _table_texts(rs)
    with mock.patch.object(aggregate, "_shared_plan", return_value=(None, frozenset())):
        assert all(rec[1][aggregate._PLAN] is None for rec in records(rs))
        assert _table_texts(rs) == fast


@given(st.lists(any_reports(max_facts=6), min_size=1, max_size=3), st.data())
def test_records_of_a_shape_agree_with_records_made_one_by_one(
    rs: list[Report], data: st.DataObject
) -> None:
    # records() makes one shape per kind of fact (shared by the records of every report,
    # also of reports that share their facts); a record made field by field must equal each.
    from khcn.aggregate import _NAMES, _PLAN, _measures

    shared = [*rs, *(attrs.evolve(r, source=f"again{i}") for i, r in enumerate(rs))]
    recs = records(shared)
    alone = records(
        [
            *rs,
            *(attrs.evolve(r, source=f"again{i}", facts=(*r.facts,)) for i, r in enumerate(rs)),
        ]
    )
    assert recs == alone
    for rec in data.draw(st.lists(st.sampled_from(recs), max_size=8)) if recs else []:
        made = Record(**attrs.asdict(rec))
        assert made == rec
        assert made[1] == rec[1]
        assert (made[1][_PLAN], made[1][_NAMES]) == (rec[1][_PLAN], rec[1][_NAMES])
        assert {m for m, _, _ in _measures(rec)} == rec[1][_NAMES]


@given(st.lists(any_reports(max_facts=4), max_size=3))
def test_records_round_trip_through_csv_and_jsonl(rs: list[Report]) -> None:
    recs = records(rs)
    assert records_from_jsonl(records_to_jsonl(recs)) == recs
    assert records_from_csv(records_to_csv(recs)) == recs
    assert totals(records_from_csv(records_to_csv(recs)), by=()).rows == totals(rs, by=()).rows


def test_the_example_reports_total_without_errors() -> None:
    rs = list(khcn.extract_many(["examples/reports"], workers=1))
    recs = records(rs)
    assert len(recs) == sum(len(r.facts) for r in rs)
    plain, merged = totals(rs), totals(rs, merge_2025=True)
    assert _grand(plain) == _grand(merged)
    assert len(merged) <= len(plain)
    assert records_from_csv(records_to_csv(recs)) == recs
    assert totals(recs, by=()).rows == totals(rs, by=()).rows


def test_a_fact_with_its_own_period_is_totalled_under_that_period() -> None:
    from khcn import ReportingPeriod, TaskCount, TaskStage
    from khcn.aggregate import totals

    report = Report(
        source="year.txt",
        province=Province.lookup("Thái Nguyên", on=dt.date(2020, 1, 1)),
        period=ReportingPeriod.year(2019),
        facts=(
            TaskCount(id="f1", stage=TaskStage.ACCEPTANCE, count=22),
            # "riêng quý IV nghiệm thu 08 nhiệm vụ": a part of the year, not more of it
            TaskCount(
                id="f2",
                stage=TaskStage.ACCEPTANCE,
                count=8,
                period=ReportingPeriod.quarter(2019, 4),
            ),
        ),
    )
    table = totals([report], by=("period",))
    assert table.row(period="2019")["tasks_nghiem_thu"] == 22
    assert table.row(period="2019-Q4")["tasks_nghiem_thu"] == 8


def test_a_cycle_of_parents_in_records_ends_the_walk_up() -> None:
    # Reports refuse such cycles; records built or read by hand may still hold one.
    def rec(fact_id: str, parent: str | None, campaigns: int) -> Record:
        return Record(
            report_id="r",
            period="2023",
            type="enforcement",
            fact_id=fact_id,
            parent_id=parent,
            campaigns=campaigns,
        )

    recs = [rec("a", "b", 3), rec("b", "a", 2), rec("c", "a", 1), rec("d", None, 5)]
    # a and b cover each other, c is covered by a; only d is free.
    assert totals(recs, by=()).rows[0]["inspections"] == 5
    assert totals([rec("e", "e", 4)], by=()).rows[0]["inspections"] == 4


def test_a_part_is_covered_by_every_ancestor_up_the_chain() -> None:
    r = report(
        tasks("t1", 40, stage=TaskStage.ACCEPTANCE),
        tasks("t2", 30, stage=TaskStage.IN_PROGRESS, parent="t1"),
        tasks("t3", 20, stage=TaskStage.IN_PROGRESS, parent="t2"),
        tasks("t4", 10, stage=TaskStage.ACCEPTANCE, parent="t3"),
    )
    row = totals([r], by=()).rows[0]
    assert row["tasks_nghiem_thu"] == 40
    assert row["tasks_trien_khai"] == 30


def test_the_garbage_collector_is_restored() -> None:
    import gc

    r = report(tasks("t1", 4))
    assert gc.isenabled()
    records([r])
    totals([r])
    assert gc.isenabled()
    with pytest.raises(TypeError):
        totals([r, object()])  # type: ignore[list-item]
    assert gc.isenabled()
    gc.disable()
    try:
        totals([r])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_to_pandas_of_read_back_records_equals_the_original() -> None:
    r = report(
        EnforcementAction(id="f1", campaigns=2, fine=Money(7_500_000)),
        tasks("t1", 4),
    )
    recs = records([r])
    expected = to_pandas(recs)
    assert to_pandas(records_from_jsonl(records_to_jsonl(recs))).equals(expected)
