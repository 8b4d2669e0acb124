"""ReportingPeriod, parse_period and find_periods: tables, algebra, properties."""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import khcn
import khcn.parse.periods as pp
from khcn import (
    InvalidPeriodError,
    ParseError,
    PeriodArithmeticError,
    PeriodKind,
    ReportingPeriod,
    ValidationError,
    find_periods,
    parse_period,
)
from khcn.strategies import period_strings, periods

if TYPE_CHECKING:
    import re
    from collections.abc import Callable

P = ReportingPeriod
D = dt.date

# -- the model ----------------------------------------------------------------------------


def test_a_period_is_its_span() -> None:
    assert P.year_to_date(2023, months=6) == P.half(2023, 1)
    assert P.year_to_date(2023, months=6).code == P.half(2023, 1).code == "2023-S1"
    assert P.last_months(2023, 3) == P.quarter(2023, 4)
    assert hash(P.last_months(2023, 3)) == hash(P.quarter(2023, 4))
    assert P.year_to_date(2023, months=12) == P.year(2023) == P.span(2023, 2023)
    assert P.span(2020, 2025).with_wording(PeriodKind.TERM) == P.span(2020, 2025)
    assert len({P.half(2023, 1), P.year_to_date(2023, months=6), P.months(2023, 1, 2023, 6)}) == 1


def test_ordering_is_by_start_then_end() -> None:
    ordered = [P.year(2023), P.quarter(2023, 1), P.month(2023, 1), P.half(2023, 2), P.year(2024)]
    assert sorted(ordered) == [
        P.month(2023, 1),
        P.quarter(2023, 1),
        P.year(2023),
        P.half(2023, 2),
        P.year(2024),
    ]


# (period, code, label_vi, kind)
TABLE: list[tuple[ReportingPeriod, str, str, PeriodKind]] = [
    (P.year(2017), "2017", "năm 2017", PeriodKind.YEAR),
    (P.half(2021, 1), "2021-S1", "6 tháng đầu năm 2021", PeriodKind.FIRST_HALF),
    (P.half(2021, 2), "2021-S2", "6 tháng cuối năm 2021", PeriodKind.SECOND_HALF),
    (P.quarter(2021, 4), "2021-Q4", "quý IV/2021", PeriodKind.QUARTER),
    (P.month(2021, 7), "2021-M07", "tháng 7/2021", PeriodKind.MONTH),
    (
        P.year_to_date(2023, months=9),
        "2023-01/2023-09",
        "9 tháng đầu năm 2023",
        PeriodKind.NINE_MONTHS,
    ),
    (
        P.year_to_date(2022, months=5),
        "2022-01/2022-05",
        "5 tháng đầu năm 2022",
        PeriodKind.FIRST_MONTHS,
    ),
    (P.year_to_date(2022, months=3), "2022-Q1", "3 tháng đầu năm 2022", PeriodKind.QUARTER),
    (P.last_months(2023, 3), "2023-Q4", "3 tháng cuối năm 2023", PeriodKind.QUARTER),
    (P.last_months(2023, 4), "2023-09/2023-12", "4 tháng cuối năm 2023", PeriodKind.LAST_MONTHS),
    (P.span(2021, 2025), "2021/2025", "giai đoạn 2021-2025", PeriodKind.YEARS),
    (
        P.span(2020, 2025).with_wording(PeriodKind.TERM),
        "2020/2025",
        "nhiệm kỳ 2020-2025",
        PeriodKind.YEARS,
    ),
    (
        P.months(2022, 10, 2023, 3),
        "2022-10/2023-03",
        "từ tháng 10/2022 đến tháng 3/2023",
        PeriodKind.MONTH_SPAN,
    ),
    (
        P.months(2023, 3, 2023, 5),
        "2023-03/2023-05",
        "từ tháng 3/2023 đến tháng 5/2023",
        PeriodKind.MONTH_SPAN,
    ),
    (
        P(D(2023, 3, 5), D(2023, 10, 9)),
        "2023-03-05/2023-10-09",
        "từ ngày 05/03/2023 đến ngày 09/10/2023",
        PeriodKind.DAY_SPAN,
    ),
    (
        P(D(2023, 1, 1), D(2023, 10, 9), wording=PeriodKind.YEAR_TO_DATE),
        "2023-01-01/2023-10-09",
        "từ đầu năm đến ngày 09/10/2023",
        PeriodKind.DAY_SPAN,
    ),
]


def test_model_table_has_no_duplicates() -> None:
    labels = [label for _, _, label, _ in TABLE]
    assert len(labels) == len(set(labels))


@pytest.mark.parametrize(("period", "code", "label", "kind"), TABLE, ids=[r[2] for r in TABLE])
def test_code_label_kind(period: ReportingPeriod, code: str, label: str, kind: PeriodKind) -> None:
    assert period.code == code
    assert period.label_vi == label
    assert period.kind is kind
    assert kind.from_span
    assert P.from_code(code) == period
    assert parse_period(label) == period
    assert eval(repr(period), {"ReportingPeriod": P}) == period


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: P(D(2023, 5, 1), D(2023, 4, 30)), "end"),
        (lambda: P.quarter(2021, 5), "quarter"),
        (lambda: P.half(2021, 3), "half"),
        (lambda: P.month(2021, 13), "month"),
        (lambda: P.year_to_date(2021, months=0), "months"),
        (lambda: P.last_months(2021, 13), "months"),
        (lambda: P.span(2025, 2021), "end_year"),
        (lambda: P.months(2023, 5, 2023, 4), "end_month"),
        (lambda: P.year(0), "year"),
        (lambda: P(dt.datetime(2023, 1, 1), D(2023, 2, 1)), "start"),  # type: ignore[arg-type]
    ],
)
def test_validation_names_the_field(make: object, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        make()  # type: ignore[operator]
    assert info.value.field == field


@pytest.mark.parametrize(
    "code", ["", "2023-Q5", "2023-S3", "2023-M13", "2023-13/2023-14", "2025/2021", "Q4 2023", "x"]
)
def test_bad_codes(code: str) -> None:
    with pytest.raises(InvalidPeriodError):
        P.from_code(code)


def test_wording_only_kinds_are_never_derived() -> None:
    wording_only = {k for k in PeriodKind if not k.from_span}
    assert wording_only == {
        PeriodKind.LAST_THREE_MONTHS,
        PeriodKind.TERM,
        PeriodKind.YEAR_TO_DATE,
        PeriodKind.ROUND,
        PeriodKind.OCCASION,
    }
    assert all(k.label_vi for k in PeriodKind)


# -- algebra ------------------------------------------------------------------------------


def test_contains_and_overlaps() -> None:
    year = P.year(2023)
    assert year.contains(P.quarter(2023, 3))
    assert year.contains(D(2023, 12, 31))
    assert year.contains(dt.datetime(2023, 6, 1, 12, 0))
    assert not year.contains(D(2024, 1, 1))
    assert D(2023, 10, 9) in P.quarter(2023, 4)
    assert "2023" not in year
    assert P.half(2023, 1).overlaps(P.quarter(2023, 2))
    assert not P.half(2023, 1).overlaps(P.quarter(2023, 3))


def test_previous_next_shift() -> None:
    assert P.quarter(2021, 4).next() == P.quarter(2022, 1)
    assert P.quarter(2022, 1).previous() == P.quarter(2021, 4)
    assert P.month(2024, 1).previous() == P.month(2023, 12)
    assert P.span(2021, 2025).previous() == P.span(2016, 2020)
    assert P.year_to_date(2023, months=9).next() == P.months(2023, 10, 2024, 6)
    days = P(D(2023, 1, 1), D(2023, 1, 10))
    assert days.next() == P(D(2023, 1, 11), D(2023, 1, 20))
    nine = P.year_to_date(2023, months=9)
    assert nine.shift(years=-1) == P.year_to_date(2022, months=9)
    assert nine.shift(years=-1).label_vi == "9 tháng đầu năm 2022"
    assert P.month(2024, 2).shift(years=1) == P.month(2025, 2)
    assert P(D(2024, 1, 1), D(2024, 2, 29)).shift(years=1).end == D(2025, 2, 28)
    with pytest.raises(PeriodArithmeticError):
        P.year(9999).next()


def test_difference_of_nested_periods() -> None:
    year = P.year(2023)
    nine = P.year_to_date(2023, months=9)
    half = P.half(2023, 1)
    assert year - nine == P.quarter(2023, 4)
    assert nine - half == P.quarter(2023, 3)
    assert year.minus(P.quarter(2023, 4)) == nine
    assert half - P.month(2023, 1) == P.months(2023, 2, 2023, 6)
    for bad in (P.quarter(2023, 2), P.year(2024), year):
        with pytest.raises(PeriodArithmeticError):
            year - bad


@given(periods(), st.data())
def test_difference_law(whole: ReportingPeriod, data: st.DataObject) -> None:
    days = (whole.end - whole.start).days
    assume(days > 0)
    cut = data.draw(st.integers(0, days - 1))
    from_start = data.draw(st.booleans())
    edge = whole.start + dt.timedelta(days=cut)
    part = (
        P(whole.start, edge)
        if from_start
        else P(whole.start + dt.timedelta(days=cut + 1), whole.end)
    )
    rest = whole - part
    first, second = sorted([part, rest])
    assert first.start == whole.start
    assert second.end == whole.end
    assert first.end + dt.timedelta(days=1) == second.start


@given(periods())
def test_previous_and_next_are_adjacent(period: ReportingPeriod) -> None:
    nxt = period.next()
    assert nxt.start == period.end + dt.timedelta(days=1)
    assert nxt.previous() == period or period.kind is PeriodKind.DAY_SPAN


# -- parse_period -------------------------------------------------------------------------

# (text, expected) — written for these tests.
READS: list[tuple[str, ReportingPeriod]] = [
    ("9 tháng đầu năm 2023", P.year_to_date(2023, months=9)),
    ("6 tháng đầu năm 2021", P.half(2021, 1)),
    ("6 tháng cuối năm 2021", P.half(2021, 2)),
    ("3 tháng cuối năm 2023", P.quarter(2023, 4)),
    ("nửa đầu năm 2022", P.half(2022, 1)),
    ("nửa cuối năm 2022", P.half(2022, 2)),
    ("quý IV/2021", P.quarter(2021, 4)),
    ("quý I năm 2022", P.quarter(2022, 1)),
    ("Quý 3/2020", P.quarter(2020, 3)),
    ("quý II/2024", P.quarter(2024, 2)),
    ("quí III/2019", P.quarter(2019, 3)),
    ("QUÝ IV/2021", P.quarter(2021, 4)),
    ("quý tư năm 2020", P.quarter(2020, 4)),
    ("Q4/2021", P.quarter(2021, 4)),
    ("tháng 7/2021", P.month(2021, 7)),
    ("T7/2021", P.month(2021, 7)),
    ("tháng 12 năm 2022", P.month(2022, 12)),
    ("tháng 07 - 2021", P.month(2021, 7)),
    ("tháng Sáu năm 2021", P.month(2021, 6)),
    ("tháng Mười Hai/2022", P.month(2022, 12)),
    ("tháng Năm năm 2020", P.month(2020, 5)),
    ("năm 2017", P.year(2017)),
    ("cả năm 2023", P.year(2023)),
    ("giai đoạn 2021-2025", P.span(2021, 2025)),
    ("giai đoạn 2021 - 2025", P.span(2021, 2025)),
    ("giai đoạn 2021–2025", P.span(2021, 2025)),
    ("giai đoạn 2021 — 2025", P.span(2021, 2025)),
    ("giai đoạn từ 2021 đến 2025", P.span(2021, 2025)),
    ("nhiệm kỳ 2020–2025", P.span(2020, 2025)),
    ("thời kỳ 2021-2030", P.span(2021, 2030)),
    ("các năm 2021-2025", P.span(2021, 2025)),
    ("chín tháng đầu năm 2023", P.year_to_date(2023, months=9)),
    ("sáu tháng đầu năm 2021", P.half(2021, 1)),
    ("09 tháng đầu năm 2023", P.year_to_date(2023, months=9)),
    ("06 tháng năm 2021", P.half(2021, 1)),
    ("11 tháng đầu năm 2022", P.year_to_date(2022, months=11)),
    ("mười một tháng đầu năm 2022", P.year_to_date(2022, months=11)),
    ("2 tháng đầu năm 2024", P.year_to_date(2024, months=2)),
    ("5 tháng cuối năm 2024", P.last_months(2024, 5)),
    ("9 tháng đầu năm năm 2023", P.year_to_date(2023, months=9)),
    ("(quý IV/2021)", P.quarter(2021, 4)),
    ("từ tháng 10/2022 đến tháng 3/2023", P.months(2022, 10, 2023, 3)),
    ("từ tháng 3 đến tháng 5/2023", P.months(2023, 3, 2023, 5)),
    ("từ ngày 05/03/2023 đến ngày 09/10/2023", P(D(2023, 3, 5), D(2023, 10, 9))),
    ("từ 15/12 đến 14/6/2023", P(D(2022, 12, 15), D(2023, 6, 14))),
    ("từ đầu năm đến ngày 30/9/2023", P.year_to_date(2023, months=9)),
    ("11 tháng năm 2022", P.year_to_date(2022, months=11)),
    ("5 tháng năm 2017", P.year_to_date(2017, months=5)),
    ("Quý 2/2022", P.quarter(2022, 2)),
    ("quý III/2025", P.quarter(2025, 3)),
    ("Quý I năm 2026", P.quarter(2026, 1)),
    ("Cả năm 2019", P.year(2019)),
]

# (text, year, expected): yearless forms with year=.
YEARLESS: list[tuple[str, int, ReportingPeriod]] = [
    ("tháng 6", 2021, P.month(2021, 6)),
    ("9 tháng đầu năm", 2023, P.year_to_date(2023, months=9)),
    ("sáu tháng đầu năm", 2021, P.half(2021, 1)),
    ("09 tháng", 2023, P.year_to_date(2023, months=9)),
    ("9 tháng", 2022, P.year_to_date(2022, months=9)),
    ("quý II", 2024, P.quarter(2024, 2)),
    ("năm nay", 2023, P.year(2023)),
    ("3 tháng cuối năm", 2023, P.quarter(2023, 4)),
    ("nửa đầu năm", 2022, P.half(2022, 1)),
    ("quý IV/2021", 1999, P.quarter(2021, 4)),  # a year in the text wins
    ("cả năm", 2019, P.year(2019)),
    ("Cả năm", 2020, P.year(2020)),
    ("9 tháng qua", 2023, P.year_to_date(2023, months=9)),
    ("trong 9 tháng", 2018, P.year_to_date(2018, months=9)),
    ("Trong 11 tháng", 2022, P.year_to_date(2022, months=11)),
    ("trong 9 tháng qua", 2025, P.year_to_date(2025, months=9)),
    ("trong 6 tháng đầu năm", 2021, P.half(2021, 1)),
    ("12 tháng qua", 2021, P.year(2021)),
    ("11 tháng năm 2022", 2030, P.year_to_date(2022, months=11)),
]

BAD: list[tuple[str, str]] = [
    ("quý V/2021", "4 quarters"),
    ("tháng 13/2021", "12 months"),
    ("13 tháng đầu năm 2021", "12 months"),
    ("tháng 6", "no year"),
    ("9 tháng đầu năm", "no year"),
    ("Quý Mão 2023", "not a period"),
    ("Tết Nguyên đán Quý Mão", "not a period"),
    ("giai đoạn 2025-2021", "ends (2021) before it starts (2025)"),
    ("ngày 09 tháng 10 năm 2023", "not a period"),
    ("quý IV/2021 và năm 2022", "only part"),
    ("", "not a period"),
    ("cùng kỳ năm trước", "reference="),
    ("năm trước", "reference="),
    ("năm ngoái", "reference="),
    ("từ đầu năm", "reference="),
    ("lũy kế từ đầu năm đến nay", "reference="),
    ("cả năm", "no year"),
    ("9 tháng qua", "no year"),
    ("trong 9 tháng", "no year"),
    ("trong 18 tháng", "not a period"),
    ("sau 9 tháng", "not a period"),
    ("thời gian thực hiện 18 tháng", "not a period"),
    ("trong 3 tháng tới", "not a period"),
    ("cả năm học", "not a period"),
]


@pytest.mark.parametrize("table", [READS, YEARLESS, BAD], ids=["reads", "yearless", "bad"])
def test_tables_have_no_duplicates(table: list[tuple[object, ...]]) -> None:
    texts = [row[0] for row in table]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(("text", "expected"), READS)
def test_parse_period(text: str, expected: ReportingPeriod) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(("text", "year", "expected"), YEARLESS)
def test_parse_period_with_year(text: str, year: int, expected: ReportingPeriod) -> None:
    assert parse_period(text, year=year) == expected


@pytest.mark.parametrize(("text", "words"), BAD)
def test_parse_period_errors(text: str, words: str) -> None:
    with pytest.raises(InvalidPeriodError) as info:
        parse_period(text)
    assert words in str(info.value)
    assert info.value.kind == "period"


def test_wording_is_kept_in_the_label_not_the_identity() -> None:
    term = parse_period("nhiệm kỳ 2020–2025")
    assert term.label_vi == "nhiệm kỳ 2020-2025"
    assert term.wording is PeriodKind.TERM
    assert term == parse_period("giai đoạn 2020-2025")
    last3 = parse_period("3 tháng cuối năm 2023")
    assert last3.label_vi == "3 tháng cuối năm 2023"
    assert last3.code == "2023-Q4"


def test_relative_phrases_resolve_against_a_reference() -> None:
    nine = P.year_to_date(2023, months=9)
    assert parse_period("cùng kỳ năm trước", reference=nine) == P.year_to_date(2022, months=9)
    assert parse_period("cùng kỳ năm 2021", reference=nine) == P.year_to_date(2021, months=9)
    report_day = D(2023, 10, 9)
    ytd = parse_period("từ đầu năm đến nay", reference=report_day)
    assert ytd == P(D(2023, 1, 1), report_day)
    assert ytd.label_vi == "từ đầu năm đến ngày 09/10/2023"
    assert parse_period("lũy kế từ đầu năm", reference=nine) == nine
    assert parse_period("năm trước", reference=report_day) == P.year(2022)
    assert parse_period("9 tháng đầu năm", reference=report_day) == nine


# -- find_periods -------------------------------------------------------------------------

FOUND: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        "Sáng ngày 09 tháng 10 năm 2023, Sở tổ chức sơ kết 9 tháng đầu năm 2023, "
        "bàn nhiệm vụ 3 tháng cuối năm 2023",
        [
            ("9 tháng đầu năm 2023", "2023-01/2023-09", "chin_thang_dau_nam"),
            ("3 tháng cuối năm 2023", "2023-Q4", "ba_thang_cuoi_nam"),
        ],
    ),
    ("kiểm tra dịp Tết Nguyên đán Quý Mão 2023 tại chợ", []),
    ("theo Nghị định 09/2019/NĐ-CP và Quyết định 138/QĐ-UBND", []),
    ("Đề án đến năm 2025, định hướng đến năm 2030", []),
    ("năm học 2022-2023", []),
    ("các quý vị đại biểu", []),
    (
        "đề án giai đoạn 2021 - 2026; quý IV/2021; T7/2021",
        [
            ("giai đoạn 2021 - 2026", "2021/2026", "giai_doan"),
            ("quý IV/2021", "2021-Q4", "quy"),
            ("T7/2021", "2021-M07", "thang"),
        ],
    ),
    ("nhiệm kỳ 2020–2025", [("nhiệm kỳ 2020–2025", "2020/2025", "nhiem_ky")]),
    ("trong tháng 6, phương hướng tháng 7", []),
    ("Kế hoạch năm 2023 của Sở", [("năm 2023", "2023", "nam")]),
    ("quý 1 và quý 2 năm 2023", [("quý 2 năm 2023", "2023-Q2", "quy")]),
    ("công nghệ quý III/2025: ổn định bộ máy", [("quý III/2025", "2025-Q3", "quy")]),
    ("Quý 2/2022, cùng với việc phục hồi", [("Quý 2/2022", "2022-Q2", "quy")]),
    ("\n\nQuý I năm 2026, Sở Khoa học", [("Quý I năm 2026", "2026-Q1", "quy")]),
    ("kết quả tích cực trong quý I năm 2026", [("quý I năm 2026", "2026-Q1", "quy")]),
    (
        "Kết quả 11 tháng năm 2022 của Sở",
        [("11 tháng năm 2022", "2022-01/2022-11", "n_thang_dau_nam")],
    ),
    ("trong 9 tháng, cả năm, 9 tháng qua, năm trước", []),
    (
        "từ ngày 01/01/2023 đến ngày 30/6/2023 đã",
        [("từ ngày 01/01/2023 đến ngày 30/6/2023", "2023-S1", "tu_ngay_den_ngay")],
    ),
]


def test_found_table_has_no_duplicates() -> None:
    texts = [t for t, _ in FOUND]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_find_periods(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(m.text, m.value.code, m.form) for m in find_periods(text)] == expected


# (text, year, [(matched text, code, form)]): forms read with year= alone, or never.
FOUND_WITH_YEAR: list[tuple[str, int, list[tuple[str, str, str]]]] = [
    ("Cả năm, Sở đã tiến hành 05 cuộc thanh tra", 2019, [("Cả năm", "2019", "nam")]),
    ("phấn đấu cả năm kiểm định trên 20.000 phương tiện đo", 2020, [("cả năm", "2020", "nam")]),
    (
        "Kết quả tháng 12 năm 2024 và lũy kế cả năm",
        2025,
        [("tháng 12 năm 2024", "2024-M12", "thang"), ("cả năm", "2024", "nam")],
    ),
    (
        "quý IV/2021. Cả năm, Sở",
        2022,
        [("quý IV/2021", "2021-Q4", "quy"), ("Cả năm", "2022", "nam")],
    ),
    ("cả năm học 2022-2023", 2022, []),
    ("Cả năm 2021 và cả năm", 2022, [("Cả năm 2021", "2021", "nam"), ("cả năm", "2021", "nam")]),
    (
        "Trong 9 tháng, có hơn 40 văn bằng bảo hộ",
        2019,
        [("9 tháng", "2019-01/2019-09", "chin_thang_dau_nam")],
    ),
    (
        "Trong 11 tháng, có 19 văn bằng",
        2022,
        [("11 tháng", "2022-01/2022-11", "n_thang_dau_nam")],
    ),
    (
        "Báo cáo cho biết, 9 tháng qua Sở đã bám sát Kế hoạch",
        2023,
        [("9 tháng qua", "2023-01/2023-09", "chin_thang_dau_nam")],
    ),
    (
        "trong 9 tháng qua, Sở",
        2023,
        [("9 tháng qua", "2023-01/2023-09", "chin_thang_dau_nam")],
    ),
    (
        "Theo báo cáo, 11 tháng năm 2022, hoạt động KH&CN",
        2030,
        [("11 tháng năm 2022", "2022-01/2022-11", "n_thang_dau_nam")],
    ),
    ("hoàn thành sau 9 tháng thực hiện", 2023, []),
    ("thời gian thực hiện 18 tháng", 2023, []),
    ("thời gian thực hiện trong 18 tháng", 2023, []),
    ("sẽ hoàn thành trong 3 tháng tới", 2023, []),
    ("nộp báo cáo trong 6 tháng kể từ ngày ký", 2023, []),
    ("gia hạn thêm 6 tháng qua đợt điều chỉnh", 2023, []),
    ("kéo dài 9 tháng qua các năm", 2023, []),
    ("trong hai tháng 7 và 8", 2023, [("tháng 7", "2023-M07", "thang")]),
    ("ngày 5 tháng năm 2021", 2023, [("năm 2021", "2021", "nam")]),
    ("tăng 10% so với năm trước", 2023, []),
    ("so với cùng kỳ năm trước", 2023, []),
    ("từ đầu năm, tỉnh có 35 đơn", 2017, []),
    ("Lũy kế từ đầu năm đến nay, Sở", 2025, []),
]


def test_found_with_year_table_has_no_duplicates() -> None:
    texts = [t for t, _, _ in FOUND_WITH_YEAR]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(("text", "year", "expected"), FOUND_WITH_YEAR)
def test_find_periods_with_year(text: str, year: int, expected: list[tuple[str, str, str]]) -> None:
    assert [(m.text, m.value.code, m.form) for m in find_periods(text, year=year)] == expected


# (text, reference, [(matched text, code)]): relative phrases with reference=.
FOUND_WITH_REFERENCE: list[tuple[str, ReportingPeriod | dt.date, list[tuple[str, str]]]] = [
    ("tăng 10% so với năm trước", P.year_to_date(2023, months=9), [("năm trước", "2022")]),
    ("giảm so với năm ngoái", D(2023, 10, 9), [("năm ngoái", "2022")]),
    ("38 nhiệm vụ chuyển tiếp từ các năm trước", P.year(2019), []),
    ("khó hình dung chỉ vài năm trước", P.year(2025), []),
    (
        "từ đầu năm, tỉnh có 35 đơn",
        P.year_to_date(2017, months=5),
        [("từ đầu năm", "2017-01/2017-05")],
    ),
    (
        "Lũy kế từ đầu năm đến nay, Sở đã",
        P.month(2025, 10),
        [("Lũy kế từ đầu năm đến nay", "2025-01/2025-10")],
    ),
    (
        "Từ đầu năm đến nay, Sở",
        D(2025, 11, 30),
        [("Từ đầu năm đến nay", "2025-01/2025-11")],
    ),
]


@pytest.mark.parametrize(("text", "reference", "expected"), FOUND_WITH_REFERENCE)
def test_find_periods_relative(
    text: str, reference: ReportingPeriod | dt.date, expected: list[tuple[str, str]]
) -> None:
    assert [(m.text, m.value.code) for m in find_periods(text, reference=reference)] == expected
    assert find_periods(text, year=reference.year if isinstance(reference, dt.date) else 2023) == []


def test_a_comparison_gives_ca_nam_no_year() -> None:
    found = find_periods("tăng so với năm trước, cả năm đạt", reference=P.year(2025))
    assert [(m.text, m.value.code) for m in found] == [("năm trước", "2024"), ("cả năm", "2025")]
    found = find_periods("so với cùng kỳ năm 2023 cả năm đạt", reference=P.year(2025))
    assert [(m.text, m.value.code) for m in found] == [
        ("cùng kỳ năm 2023", "2023"),
        ("cả năm", "2025"),
    ]


def test_find_periods_with_year_reads_yearless_forms() -> None:
    text = "đánh giá hoạt động tháng 6, phương hướng tháng 7 và sơ kết 6 tháng đầu năm"
    found = find_periods(text, year=2021)
    assert [m.value for m in found] == [P.month(2021, 6), P.month(2021, 7), P.half(2021, 1)]
    assert [m.text for m in found] == ["tháng 6", "tháng 7", "6 tháng đầu năm"]


def test_find_periods_with_reference() -> None:
    nine = P.year_to_date(2023, months=9)
    text = "lũy kế từ đầu năm đến nay đạt 50 nhiệm vụ, tăng 10% so với cùng kỳ năm trước"
    found = find_periods(text, reference=nine)
    assert [(m.value, m.form) for m in found] == [
        (nine, "tu_dau_nam_den_nay"),
        (P.year_to_date(2022, months=9), "cung_ky_nam_truoc"),
    ]
    assert find_periods(text) == []


def test_find_periods_offsets_in_the_callers_string() -> None:
    raw = unicodedata.normalize("NFD", "Sơ kết 9\u00a0tháng  đầu năm 2023 và quý\u00a0IV/2021")
    found = find_periods(raw)
    assert [m.value.code for m in found] == ["2023-01/2023-09", "2021-Q4"]
    for m in found:
        assert raw[m.start : m.end] == m.text


# -- properties ---------------------------------------------------------------------------


@given(periods())
def test_label_and_code_round_trip(period: ReportingPeriod) -> None:
    assert parse_period(period.label_vi) == period
    assert P.from_code(period.code) == period


@given(st.data(), periods())
def test_every_style_reads_back(data: st.DataObject, period: ReportingPeriod) -> None:
    text = data.draw(period_strings(st.just(period)))
    assert parse_period(text) == period


@given(st.data(), periods())
def test_nfd_case_and_spacing_variants(data: st.DataObject, period: ReportingPeriod) -> None:
    text = data.draw(period_strings(st.just(period)))
    spaced = text.replace(" ", data.draw(st.sampled_from(["  ", "\u00a0", " \t "])))
    assert parse_period(unicodedata.normalize("NFD", text)) == period
    assert parse_period(spaced) == period
    assert parse_period(text.upper()) == period or text.upper() != text


@given(st.data(), periods())
def test_found_in_prose(data: st.DataObject, period: ReportingPeriod) -> None:
    text = data.draw(period_strings(st.just(period)))
    prose = f"Báo cáo kết quả {text}, Sở KH&CN."
    found = find_periods(prose)
    assert [m.value for m in found] == [period]
    assert found[0].text == text


@given(st.text(), st.none() | st.integers(-3, 10_000))
def test_arbitrary_text_raises_only_parse_errors(text: str, year: int | None) -> None:
    with contextlib.suppress(ParseError):
        parse_period(text, year=year)
    for m in find_periods(text, year=year, reference=D(2023, 10, 9)):
        assert text[m.start : m.end] == m.text


_PROSE = st.lists(
    st.one_of(
        period_strings(),
        st.sampled_from(["tháng", "quý", "năm", "đầu", "từ", "đến", "-", "/", "ngày 5/6", "nay"]),
        st.text(max_size=5),
    ),
    max_size=12,
).map(" ".join)


@given(_PROSE, st.none() | st.integers(1, 9999), st.none() | periods())
def test_find_periods_never_raises(
    text: str, year: int | None, ref: ReportingPeriod | None
) -> None:
    found = find_periods(text, year=year, reference=ref)
    assert [m.start for m in found] == sorted(m.start for m in found)
    for m in found:
        assert text[m.start : m.end] == m.text


# -- linear time --------------------------------------------------------------------------

ADVERSARIAL_UNITS = [
    "quý ",
    "tháng ",
    "9 tháng đầu ",
    "từ tháng 1 ",
    "giai đoạn 2021 ",
    "từ đầu năm ",
    "từ ngày 1/2 ",
    "năm ",
    "2021-",
    "mười một ",
    "trong 9 tháng ",
    "cả năm ",
    "9 tháng qua ",
    "trong ",
]


@pytest.mark.parametrize("unit", ADVERSARIAL_UNITS)
def test_adversarial_input_still_finds_the_period(unit: str) -> None:
    noise = unit * (100_000 // len(unit) + 1)
    text = noise + " quý IV/2021"
    found = find_periods(text)
    assert found[-1].value == P.quarter(2021, 4)
    assert found[-1].end == len(text)
    with pytest.raises(InvalidPeriodError):
        parse_period(noise)


# ---- the search tries only starts near an anchor -------------------------------------------

_SEARCH_PIECES = [
    "1", "6", "9", "12", "2021", "2025", "/", "-", " ", "  ", "\n", ",", "tháng", "THÁNG",
    "năm", "đầu", "cuối", "nửa", "quý", "QUÍ", "IV", "Q4", "T7", "giai đoạn", "cùng kỳ",
    "Kỳ", "từ", "đến", "nay", "trước", "ngoái", "cả", "lũy kế", "x", "\x00", "İ", "ı",
    "trong", "qua", "Cả năm", "CẢ", "học", "tới", "sau",
]  # fmt: skip


def test_no_period_is_longer_than_the_search_assumes() -> None:
    import re._parser as sre_parse  # type: ignore[import-not-found,import-untyped,unused-ignore]

    from khcn.parse.periods import MAX_PERIOD_WIDTH, _patterns

    period_re = _patterns()[0]
    assert sre_parse.parse(period_re.pattern, period_re.flags).getwidth()[1] <= MAX_PERIOD_WIDTH


@given(
    st.lists(
        st.sampled_from([*_SEARCH_PIECES, "9", "chín", "mười", "Năm", "T", "Q", "thời kỳ"])
        | period_strings().map(lambda p: f" {p} ")
        | period_strings().map(str.upper),
        max_size=30,
    ).map("".join)
)
def test_first_letter_guard_changes_no_match(text: str) -> None:
    """The period pattern opens with a lookahead of the letters a period can start with:
    a shortcut only, so the pattern without it finds the same periods."""
    import re

    from khcn.parse.periods import _patterns

    period_re = _patterns()[0]
    guard = re.search(r"\(\?=\[\\d[^\]]*\]\)", period_re.pattern)
    assert guard is not None
    unguarded = re.compile(period_re.pattern.replace(guard.group(), "", 1), period_re.flags)
    expected = [(m.span(), m.groupdict()) for m in unguarded.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in period_re.finditer(text)] == expected


# One form of each alternative of the period pattern, by the word it opens with.
_OPENING_PIECES = [
    *("các năm 2018-2020", "lũy kế 2 tháng", "luỹ kế từ đầu năm", "trong 9 tháng", "cả năm"),
    *("giai đoạn 2021-2025", "thời kỳ 2021 - 2030", "nhiệm kỳ 2020-2025", "cùng kỳ năm trước"),
    *("từ năm 2020 đến năm 2022", "từ tháng 4 đến tháng 6", "nửa đầu năm", "quí II/2024"),
    *("Q3/2021", "T7/2022", "trong năm", "sáu tháng cuối năm", "mười hai tháng năm 2022"),
    *("9", "chín", "mười", "Năm", "T", "Q", "thời kỳ", "CÁC NĂM 2019 - 2020", "Cả Năm 2023"),
]


@given(
    st.lists(
        st.sampled_from([*_SEARCH_PIECES, *_OPENING_PIECES])
        | period_strings().map(lambda s: f" {s} ")
        | period_strings().map(str.upper),
        max_size=30,
    ).map("".join)
)
@example("12  tháng qua; 9   tháng đầu năm")  # runs of spaces in a guard
@example("Q4  2021; nhiệm   kỳ 2020-2025")
def test_first_word_guard_changes_no_match(text: str) -> None:
    """After its lookbehind the period pattern checks that a digit or one of the words
    its alternatives open with starts there: a shortcut only, so the pattern without
    its guards finds the same periods."""
    import re

    from khcn.parse.periods import _patterns

    period_re = _patterns()[0]
    guards = ("(?=[\\d", "(?=\\d{1,2}")
    lines = period_re.pattern.splitlines()
    kept = [line for line in lines if not line.strip().startswith(guards)]
    assert len(kept) == len(lines) - 2
    unguarded = re.compile("\n".join(kept), period_re.flags)
    expected = [(m.span(), m.groupdict()) for m in unguarded.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in period_re.finditer(text)] == expected


_CASE_PIECES = ["Q4", "q4", "Q5", "T7", "t7", "T12/2021", "t7/2021", "Q3 năm 2022", "tháng Năm"]
# The pieces of a text whose lowercase reads as IGNORECASE reads (no "İ", "ı"): the anchored
# search reads the lowercase; a text with "İ" or "ı" is searched whole.
_LOWERED_PIECES = [
    p for p in [*_SEARCH_PIECES, *_OPENING_PIECES, *_CASE_PIECES, "ﬀ", "ẞ"] if p not in ("İ", "ı")
]


@given(
    st.lists(
        st.sampled_from(_LOWERED_PIECES)
        | period_strings().map(lambda p: f" {p} ")
        | period_strings().map(str.upper),
        max_size=40,
    ).map("".join),
    st.lists(st.integers(0, 400), max_size=10),
    st.sampled_from(["", "İ", "ı", "ſ"]),
)
def test_anchored_search_is_search(text: str, steps: list[int], odd: str) -> None:
    """The search of the starts near an anchor, found in the lowercased text, finds what
    the pattern's own search finds, from any rising position (and so does the search of a
    text whose lowercase does not read as IGNORECASE reads)."""
    from khcn.parse.periods import _patterns

    text += odd

    period_re = _patterns()[0]
    search = _search_of_starts(text)
    pos = 0
    for step in [0, *steps]:
        pos += step
        got, expected = search(pos), period_re.search(text, pos)
        assert (got and (got.span(), got.groupdict())) == (
            expected and (expected.span(), expected.groupdict())
        )


def _search_of_starts(text: str) -> Callable[[int], re.Match[str] | None]:
    """``search(pos)``: the match at the first of the period starts of ``text`` at or after
    ``pos`` where the pattern matches, as _hits reads them."""
    from khcn.parse.periods import _patterns, _period_starts

    starts = list(_period_starts(text))
    match = _patterns()[0].match

    def search(pos: int) -> re.Match[str] | None:
        for at in starts:
            if at >= pos and (m := match(text, at)) is not None:
                return m
        return None

    return search


def test_anchored_search_is_search_on_long_text() -> None:
    import random

    from khcn.parse.periods import _patterns

    rng = random.Random(5)
    pieces = [*_LOWERED_PIECES, " " * 40, "x" * 90]
    text = "".join(rng.choice(pieces) for _ in range(20_000))
    period_re = _patterns()[0]
    search = _search_of_starts(text)
    expected = []
    pos = 0
    while (m := period_re.search(text, pos)) is not None:
        expected.append(m.span())
        pos = m.start() + 1
    got = []
    pos = 0
    while (m := search(pos)) is not None:
        got.append(m.span())
        pos = m.start() + 1
    assert got == expected


@given(
    st.lists(
        st.sampled_from(_LOWERED_PIECES)
        | period_strings().map(lambda p: f" {p} ")
        | period_strings().map(str.upper),
        max_size=30,
    ).map("".join)
)
def test_every_period_holds_an_anchor(text: str) -> None:
    """The anchored search rests on it: each match holds one of the anchors, in the
    lowercased text."""
    from khcn._regex import lowered
    from khcn.parse.periods import _ANCHORS, _patterns

    low = lowered(text)
    assume(low is not None)
    for m in _patterns()[0].finditer(text):
        assert _ANCHORS.search(low, m.start(), m.end()) is not None, m.group()


def _flat(items: Any) -> list[Any]:
    """The items of a parsed sequence with its groups opened (a group matches what its
    content does), and a repeat of one character written as that many characters and a
    repeat of the rest, an optional one as a branch: ``\\d{1,2}`` as ``\\d(?:\\d|)``,
    ``\\d{4}`` as ``\\d\\d\\d\\d``, ``\\s{1,3}`` as ``\\s\\s{0,2}``."""
    from re import _constants as sre  # type: ignore[attr-defined]

    out: list[Any] = []
    for op, av in items:
        if op is sre.SUBPATTERN:
            out += _flat(av[3])
        elif op is sre.MAX_REPEAT and len(av[2]) == 1 and _one_char(*av[2][0]) is not None:
            low, high, [item] = av
            out += [item] * low
            if high == low + 1:
                out.append((sre.BRANCH, (None, [[item], []])))
            elif high != low:
                out.append((op, (0, high if high == sre.MAXREPEAT else high - low, [item])))
        else:
            out.append((op, av))
    return out


def _one_char(op: Any, av: Any) -> frozenset[str] | str | None:
    """The lowercase characters an item matching one character can match: a set, "digit"
    (any digit), or None when that is neither."""
    from re import _constants as sre  # type: ignore[attr-defined]

    if op is sre.LITERAL:
        return frozenset(chr(av).lower())
    if op is not sre.IN:
        return None
    found: set[str] = set()
    for iop, iav in av:
        if iop is sre.LITERAL:
            found.add(chr(iav).lower())
        elif iop is sre.RANGE and iav[1] - iav[0] < 100:
            found |= {chr(c).lower() for c in range(iav[0], iav[1] + 1)}
        elif iop is sre.CATEGORY and iav is sre.CATEGORY_DIGIT and not found and len(av) == 1:
            return "digit"
        else:
            return None
    return frozenset(found)


def _anchor_items() -> list[list[frozenset[str] | str | None]]:
    """The anchors of the periods, each as the characters it can hold, place by place."""
    import re._parser as sre_parse  # type: ignore[import-not-found,import-untyped,unused-ignore]
    from re import _constants as sre  # type: ignore[attr-defined]

    from khcn.parse.periods import _ANCHORS

    [(op, av)] = sre_parse.parse(_ANCHORS.pattern, _ANCHORS.flags).data
    assert op is sre.BRANCH
    return [[_one_char(*item) for item in _flat(branch)] for branch in av[1]]


def _within(got: frozenset[str] | str | None, allowed: frozenset[str] | str | None) -> bool:
    """Whether every character ``got`` can match is one ``allowed`` holds."""
    if isinstance(got, frozenset) and isinstance(allowed, frozenset):
        return got <= allowed
    if allowed == "digit":
        return got == "digit" or (isinstance(got, frozenset) and all(c.isdecimal() for c in got))
    return False


def _reach(items: Any, anchors: list[list[frozenset[str] | str | None]], state: Any) -> int | None:
    """The most characters a match of ``items`` (a parsed sequence of a pattern parsed
    with ``state``) holds before the first anchor it is sure to hold, or None when it may
    hold none: an anchor is a run of items each matching only characters of the anchor's
    place; a branch is followed along each of its alternatives (the most of them); anything
    else counts with its greatest width."""
    import re._parser as sre_parse  # type: ignore[import-not-found,import-untyped,unused-ignore]
    from re import _constants as sre  # type: ignore[attr-defined]

    path = _flat(items)
    before = 0
    for i, (op, av) in enumerate(path):
        for anchor in anchors:
            run = path[i : i + len(anchor)]
            if len(run) == len(anchor) and all(
                _within(_one_char(*item), place) for item, place in zip(run, anchor, strict=True)
            ):
                return before
        if op is sre.BRANCH:  # each way through it, with what comes before and after
            found = [_reach([*path[:i], *way, *path[i + 1 :]], anchors, state) for way in av[1]]
            return None if None in found else max(f for f in found if f is not None)
        before += sre_parse.SubPattern(state, [(op, av)]).getwidth()[1]
    return None


# The anchors of the dates (khcn.parse.dates.anchors), place by place: "tháng", and a digit
# before a separator and a digit (the anchor is the digit; that the day or month after the
# separator has at most two digits, which anchors also asks, test_dates.py checks).
_DATE_ANCHORS: list[list[frozenset[str] | str | None]] = [
    [frozenset(c) for c in "tháng"],
    ["digit", frozenset("/.-"), "digit"],
]


@pytest.mark.parametrize("which", ["periods", "dates"])
def test_the_anchor_reach_is_that_of_the_pattern(which: str) -> None:
    """Read from the parsed pattern: each way through it holds an anchor at most
    ANCHOR_REACH (DATE_REACH) characters from its start (the count of months, "lũy   kế
    mười   một   tháng", the farthest period), so a start farther before every anchor holds
    no period (date)."""
    import re._parser as sre_parse  # type: ignore[import-not-found,import-untyped,unused-ignore]

    from khcn.parse import dates, periods

    if which == "periods":
        pattern, anchors, reach = periods._patterns()[0], _anchor_items(), periods.ANCHOR_REACH
    else:
        pattern, anchors, reach = dates._patterns()[0], _DATE_ANCHORS, dates.DATE_REACH
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    assert _reach(parsed.data, anchors, parsed.state) == reach


def test_no_anchor_begins_inside_another() -> None:
    """So a search finds every place an anchor begins ("đoạnăm" would hide "năm"), and the
    anchors of a text with some stretches masked are among those of the text."""
    anchors = _anchor_items()
    for a in anchors:
        for b in anchors:
            for shift in range(1, len(a)):
                overlap = zip(a[shift:], b, strict=False)
                assert not all(_meet(x, y) for x, y in overlap), (a, b, shift)


def _meet(x: frozenset[str] | str | None, y: frozenset[str] | str | None) -> bool:
    """Whether some character can stand at both places."""
    if x is None or y is None:
        return True
    if isinstance(x, frozenset) and isinstance(y, frozenset):
        return bool(x & y)
    other = y if x == "digit" else x
    return other == "digit" or any(c.isdecimal() for c in other)


_WIDE_PIECES = [
    "lũy   kế   mười   một   tháng   năm   2023",
    "luỹ kế   chín  tháng",
    "trong   mười   hai   tháng",
    "lũy   kế   từ   đầu   năm   2023",
    "nửa   cuối   năm",
    "từ   tháng   3   đến   tháng   5",
    "nhiệm   kỳ   2020   -   2025",
    "các   năm   2019   đến   năm   2020",
    "cùng   kỳ   năm   trước",
    "trong   năm",
    "cả   năm   nay",
    "Q2   2021",
    "T7  /  2021",
]


@given(
    st.lists(
        st.sampled_from([*_LOWERED_PIECES, *_WIDE_PIECES])
        | period_strings().map(lambda p: f" {p} ")
        | period_strings().map(str.upper),
        max_size=30,
    ).map(" ".join)
)
@example("lũy   kế   mười   một   tháng")
def test_every_period_holds_an_anchor_within_the_reach(text: str) -> None:
    """As the pattern says: every match holds an anchor at most ANCHOR_REACH characters
    from its start (in the lowercased text), and the farthest first anchors are that far."""
    from khcn._regex import lowered
    from khcn.parse.periods import _ANCHORS, ANCHOR_REACH, _patterns

    low = lowered(text)
    assume(low is not None)
    assert low is not None
    reaches = []
    for m in _patterns()[0].finditer(text):
        first = _ANCHORS.search(low, m.start(), m.end())
        assert first is not None, m.group()
        reaches.append(first.start() - m.start())
    assert all(reach <= ANCHOR_REACH for reach in reaches)
    if text == "lũy   kế   mười   một   tháng":
        assert reaches == [ANCHOR_REACH]


@given(
    st.lists(
        st.sampled_from(
            [*_LOWERED_PIECES, *_OPENING_PIECES, "THÁNG", "1-2", "3.4/5", "đoạnăm", "q1t2"]
        )
        | period_strings().map(lambda p: f" {p} "),
        max_size=30,
    ).map("".join),
    st.sampled_from(["", "İ", "ı", "ſ", "K"]),
)
@example("giai đoạnăm 2021 tháng 5/3/2021 - 1.2.3", "")
def test_the_anchors_of_dates_and_periods_found_at_once(text: str, odd: str) -> None:
    """One search of the lowercase finds the dates' anchors and the periods' anchors that
    two searches find, and tells a lowercase that does not read as IGNORECASE reads, as
    ``_regex.lowered`` does."""
    from khcn._regex import lowered
    from khcn.parse.dates import anchors
    from khcn.parse.periods import _ANCHORS, _anchors

    text += odd
    low = text.lower()
    found = _anchors(low) if len(low) == len(text) else None
    if lowered(text) is None:
        assert found is None
    else:
        assert found == (anchors(text), [m.start() for m in _ANCHORS.finditer(low)])


@given(
    st.lists(
        st.sampled_from([*_LOWERED_PIECES, "ΑΣ", "5/3/2021", "ngày 09/10/2023", "Tháng 7/2021"])
        | period_strings().map(lambda p: f" {p} ")
        | period_strings().map(str.upper),
        max_size=30,
    ).map("".join),
    st.sampled_from(["", "İ", "ı", "ſ"]),
)
@example("5/3/2021năm 2023, ΑΣ.ngày 5/3/2021 quý I/2021", "")
@example("ngày 5/3/2021giai đoạnăm 2021-2025 5/3/2021quý I/2021", "")
def test_the_search_of_the_masked_lowercase_is_the_search_of_the_masked_text(
    text: str, odd: str
) -> None:
    """With the dates found, the periods are searched in the text with its dates masked,
    reading the lowercase of the text with the same dates masked, near the anchors of the
    text unmasked (those of the masked text are among them): it finds what the pattern's
    search of the masked text finds."""
    from unittest import mock

    from khcn.parse import periods
    from khcn.parse.periods import DatesAndPeriods

    def both(year: int | None) -> tuple[list[Any], list[Any]]:
        reading = DatesAndPeriods(text)
        return reading.dates(year=year), reading.periods(year=year)

    text += odd
    period_re = periods._patterns()[0]

    def plain(masked: str, low: str | None = None, anchors: list[int] | None = None) -> Any:
        return periods._match_starts(period_re, masked)  # every match of the masked text

    for year in (None, 2023):
        got = both(year)
        with mock.patch.object(periods, "_period_starts", plain):
            assert both(year) == got


def test_the_starts_are_the_first_lines_of_the_pattern_lowercased() -> None:
    from khcn._regex import lower_source
    from khcn.parse.periods import _patterns

    period_re, _, _, starts_re = _patterns()
    first = period_re.pattern[: len(starts_re.pattern)]
    assert lower_source(first) == starts_re.pattern
    assert period_re.pattern[len(first) :].lstrip().startswith("(?:")


def test_a_span_of_months_without_a_year_takes_the_year_given() -> None:
    text = "Từ tháng 4 đến tháng 6, Sở đã kiểm tra 20 cơ sở"
    assert [(m.text, m.value.code) for m in find_periods(text, year=2022)] == [
        ("Từ tháng 4 đến tháng 6", "2022-Q2")
    ]
    assert find_periods(text) == []  # no year: no period, and no single months either
    assert parse_period("từ tháng 11 đến tháng 2", year=2023).code == "2022-11/2023-02"
    assert parse_period("từ tháng 11/2022 đến tháng 2").code == "2022-11/2023-02"


def test_a_running_total_of_months() -> None:
    found = find_periods(
        "kiểm định 4.300 phương tiện (lũy kế 2 tháng: 9.215 phương tiện)", year=2026
    )
    assert [(m.text, m.value.code) for m in found] == [("2 tháng", "2026-01/2026-02")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Trong năm, Sở nghiệm thu 12 nhiệm vụ.", [("Trong năm", "2023")]),
        ("trong năm 2022 đã nghiệm thu", [("năm 2022", "2022")]),
        ("trong năm nay", [("năm nay", "2023")]),
        # another year, or a span of one: no period
        ("trong năm tới sẽ", []),
        ("trong năm học 2023", []),
        ("trong năm đầu triển khai", []),
        (
            "Tháng 12 năm 2024 và trong năm",
            [("Tháng 12 năm 2024", "2024-M12"), ("trong năm", "2024")],
        ),
    ],
)
def test_during_the_year_is_the_context_year(text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.text, m.value.code) for m in find_periods(text, year=2023)] == found


def test_during_the_year_in_a_nine_month_report_keeps_the_reports_period() -> None:
    r = khcn.extract(
        "Sở KH&CN tỉnh Hà Nam: kết quả 9 tháng đầu năm 2023\n"
        "Trong năm, Sở nghiệm thu 12 nhiệm vụ. Cả năm, ước nghiệm thu 20 nhiệm vụ."
    )
    got = [(t.count, t.stance.value, t.period.code if t.period else None) for t in r.tasks]
    assert got == [(12, "ket_qua", None), (20, "uoc", "2023")]


@given(
    st.lists(
        st.sampled_from([*_SEARCH_PIECES, *_OPENING_PIECES, "THÁNG", "tHáng", "1-2", "3.4/5"])
        | period_strings().map(lambda p: f" {p} "),
        max_size=30,
    ).map("".join)
)
def test_the_dates_anchors_are_those_of_a_digit_first_search(text: str) -> None:
    """The dates' anchors search for the separator, not the digit before it: the same
    anchors as the search of a digit, a separator and a day or month of one or two digits,
    and "tháng" in any case."""
    import re

    from khcn.parse.dates import anchors

    expected = [m.start() for m in re.finditer("tháng", text, re.IGNORECASE)]
    expected += [m.start() for m in re.finditer(r"\d[/.\-](?=\d\d?(?!\d))", text)]
    assert anchors(text) == sorted(expected)


_CONTEXTS = [
    (None, None),
    (2023, None),
    (None, khcn.ReportingPeriod.quarter(2024, 3)),
    (2022, khcn.ReportingPeriod.from_code("2022-01/2022-09")),
    (2021, dt.date(2021, 10, 5)),
]


@given(
    st.lists(
        st.sampled_from(
            [
                *_LOWERED_PIECES,
                "cùng kỳ năm trước",
                "từ đầu năm đến nay",
                "năm trước",
                "cả năm",
                "tháng 6",
                "quý II",
                "9 tháng đầu năm",
                "ngày 5/3",
                "5/3/2021",
                "từ 15/12 đến 14/6/2023",
                "trong 18 tháng",
                "đến năm 2025",
            ]
        )
        | period_strings().map(lambda p: f" {p} "),
        max_size=25,
    ).map(" ".join),
    st.permutations(range(len(_CONTEXTS))),
)
@example("Sơ kết 9 tháng đầu năm, ngày 5/3 và cùng kỳ năm trước; tháng 6", list(range(5)))
@example("quý II năm 2023, tăng so với năm trước", [0, 2, 1, 3, 4])  # read first without reference
@example("quý II năm 2023, tăng so với năm trước", [2, 0, 1, 3, 4])  # and first with one
def test_a_text_read_once_answers_every_context_as_the_finders_do(
    text: str, order: list[int]
) -> None:
    """``DatesAndPeriods`` reads a text once and answers each year and reference, in any
    order, with what ``find_dates`` and ``find_periods`` give in that context: which
    matches of the period pattern are periods does not depend on the context."""
    from khcn.parse.periods import DatesAndPeriods

    reading = DatesAndPeriods(text)
    for i in order:
        year, reference = _CONTEXTS[i]
        assert reading.dates(year=year) == khcn.find_dates(text, year=year)
        assert reading.periods(year=year, reference=reference) == khcn.find_periods(
            text, year=year, reference=reference
        )


# The reading of a match of the period pattern as it was, before each alternative had its
# reader: the reference the readers must agree with.
def _old_groups(m: re.Match[str]) -> dict[str, Any]:
    """The groups of ``m`` by the names the old reading knew: the groups the names of the
    alternatives stand for were "qw", "cky", "yk" and "whole" (only ever tested for None)."""
    g = m.groupdict()
    g.update(qw=g["quarter"], cky=g["same_period"], yk=g["year"], whole=g["whole_year"])
    return g


def _old_interpret(m: re.Match[str], ctx: Any, target_re: re.Pattern[str]) -> Any:
    """``_interpret`` as it was: the groups read from ``groupdict()``, tested one by one
    (the groups the alternatives' names now stand for aliased)."""
    g = _old_groups(m)
    start, end = m.start(), m.end()

    def hit(period: ReportingPeriod | None, form: str | None, reason: str | None = None) -> Any:
        return pp._Hit(start, end, period, form, reason)

    def year_of(value: str | None, nay: str | None = None) -> int | None:
        if value:
            return int(value)
        return ctx.year

    try:
        if g["n"] is not None:
            return _old_months_of_year(m, ctx)
        if g["hpos"] is not None:
            first = g["hpos"].lower() == "đầu"
            wording = PeriodKind.FIRST_HALF if first else PeriodKind.SECOND_HALF
            y = year_of(g["hy"])
            if y is None:
                return hit(None, wording.value, pp._NEEDS_YEAR)
            period = ReportingPeriod.half(y, 1 if first else 2)
            return hit(period.with_wording(wording), wording.value)
        if g["ra"] is not None:
            a, b = int(g["ra"]), int(g["rb"])
            form = PeriodKind.MONTH_SPAN.value
            if g["rby"]:
                yb = int(g["rby"])
                ya = int(g["ray"]) if g["ray"] else (yb if a <= b else yb - 1)
            elif g["ray"]:  # "từ tháng 11/2022 đến tháng 2"
                ya = int(g["ray"])
                yb = ya if a <= b else ya + 1
            elif ctx.year is not None:  # "từ tháng 4 đến tháng 6": months of the year given
                yb = ctx.year
                ya = yb if a <= b else yb - 1
            else:
                return hit(None, form, pp._NEEDS_YEAR)
            return hit(ReportingPeriod.months(ya, a, yb, b), form)
        if g["qw"] is not None or g["q2"] is not None:
            q = pp._roman_or_number(g["q"] if g["qw"] is not None else g["q2"])
            if q is None:
                return None
            if not 1 <= q <= 4:
                return hit(None, "quy", f"a year has 4 quarters (I-IV), not {q}")
            y = year_of(g["qy"] if g["qw"] is not None else g["q2y"])
            if y is None:
                return hit(None, "quy", pp._NEEDS_YEAR)
            return hit(ReportingPeriod.quarter(y, q), "quy")
        if g["m"] is not None or g["mw"] is not None or g["tm"] is not None:
            if g["tm"] is not None:
                month, y = int(g["tm"]), int(g["tmy"])
            else:
                named = pp.get_calendar().month_number(g["mw"] or "") or 0
                month = int(g["m"]) if g["m"] is not None else named
                y = year_of(g["my"])
            if not 1 <= month <= 12:
                return hit(None, "thang", f"a year has 12 months, not {month}")
            if y is None:
                return hit(None, "thang", pp._NEEDS_YEAR)
            return hit(ReportingPeriod.month(y, month), "thang")
        if g["y1"] is not None:
            y1, y2 = int(g["y1"]), int(g["y2"])
            word = " ".join(g["yw"].lower().split())
            wording = PeriodKind.TERM if word == "nhiệm kỳ" else PeriodKind.YEARS
            if y2 <= y1:
                return hit(None, wording.value, f"the span ends ({y2}) before it starts ({y1})")
            return hit(ReportingPeriod.span(y1, y2).with_wording(wording), wording.value)
        if g["cky"] is not None:
            ref = ctx.reference
            if not isinstance(ref, ReportingPeriod):
                return hit(None, "cung_ky_nam_truoc", "'cùng kỳ' needs reference= (a period)")
            years = -1 if not g["cky_y"] else int(g["cky_y"]) - ref.start.year
            return hit(ref.shift(years=years), "cung_ky_nam_truoc")
        if g["ytd"] is not None:
            return _old_year_to_date(m, ctx, target_re)
        if g["yk"] is not None or g["whole"] is not None:
            if g["yy"] is not None:
                before = m.string[max(0, start - 8) : start]
                if target_re.search(before):
                    return None  # "đến năm 2025" is a horizon, not the year 2025
                return hit(ReportingPeriod.year(int(g["yy"])), "nam")
            if g["yprev"] is not None:
                return pp._year_before(m, ctx)
            y = ctx.year
            whole = g["whole"] is not None
            if y is None:
                return pp._Hit(start, end, None, "nam", pp._NEEDS_YEAR, whole_year=whole)
            return pp._Hit(start, end, ReportingPeriod.year(y), "nam", whole_year=whole)
    except (ValidationError, ValueError, OverflowError, ParseError) as err:
        return hit(None, None, str(err))
    raise AssertionError(m)  # every alternative is handled above


def _old_months_of_year(m: re.Match[str], ctx: Any) -> Any:
    g = _old_groups(m)
    start, end = m.start("n"), m.end()
    n = pp._count(g["n"])
    if g["pos"] is None:
        if n is None or not 1 <= n <= 12:
            return None  # "trong 18 tháng": a duration
        if g["prep"] is None and pp._duration_before().search(m.string[max(0, start - 12) : start]):
            return None  # "sau 9 tháng qua", "ngày 5 tháng năm 2021"
    elif n is None or not 1 <= n <= 12:
        return pp._Hit(start, end, None, None, f"a year has 12 months, not {n}")
    first = g["pos"] is None or g["pos"].lower() == "đầu"
    wording = pp._first_wording(n) if first else pp._last_wording(n)
    year = g["ny"] or g["bny"]
    y = int(year) if year else ctx.year
    if y is None:
        return pp._Hit(start, end, None, wording.value, pp._NEEDS_YEAR)
    period = (
        ReportingPeriod.year_to_date(y, months=n) if first else ReportingPeriod.last_months(y, n)
    )
    return pp._Hit(start, end, period.with_wording(wording), wording.value)


def _old_year_to_date(m: re.Match[str], ctx: Any, target_re: re.Pattern[str]) -> Any:
    g = _old_groups(m)
    form = PeriodKind.YEAR_TO_DATE.value
    if g["ytdto"] is not None:
        return None  # "từ đầu năm đến <date>": read with the dates (see _composites)
    start, end = m.start(), m.end() if g["ytdnay"] else m.end("ytd")
    ref = ctx.reference
    if ref is None:
        return pp._Hit(start, end, None, form, pp._NEEDS_REFERENCE.format("từ đầu năm đến nay"))
    last = ref.end if isinstance(ref, ReportingPeriod) else ref
    if g["ytdy"] and int(g["ytdy"]) != last.year:
        last = dt.date(int(g["ytdy"]), 12, 31)
    period = ReportingPeriod(dt.date(last.year, 1, 1), last, wording=PeriodKind.YEAR_TO_DATE)
    return pp._Hit(start, end, period, form)


_READING_PIECES = [
    *(
        "quý V/2021",
        "Quý 0",
        "tháng 13/2021",
        "T13/2021",
        "giai đoạn 2025-2021",
        "15 tháng đầu năm",
    ),
    *("các năm trước", "5 năm trước", "năm ngoái", "năm nay", "cùng kỳ năm 2021", "cùng kỳ"),
    *("từ đầu năm 2022 đến nay", "lũy kế từ đầu năm", "từ đầu năm đến hết", "đến năm 2025"),
    *("từ tháng 11/2022 đến tháng 2", "từ tháng 11 đến tháng 2/2023", "tháng 4 - tháng 6"),
    *("từ tháng 11 đến tháng 2", "tháng 12 - tháng 1/2024"),
    *("sau 9 tháng qua", "9 tháng qua", "trong 18 tháng", "ngày 5 tháng năm 2021", "Cả năm"),
    *("nửa cuối năm nay", "tháng Năm", "tháng mười hai năm 2022", "Q4 2021", "quí ba"),
    *("3 tháng cuối năm 2023", "sáu tháng đầu năm", "lũy kế 2 tháng", "nhiệm kỳ 2020 - 2025"),
    *("năm 9999", "năm 2999 và cùng kỳ năm 1000", "tháng 12 năm 2024 và lũy kế cả năm"),
    *("đến\nnăm 2025", "tới   năm 2025", "xđến năm 2025", "Đến năm 2025", "đến  \n năm 2025"),
    *("12345678đến năm 2025", "1234567 tới năm 2025", "ađến năm 2025"),
]


def _read_both_ways(text: str) -> None:
    period_re = pp._patterns()[0]
    target_re = pp._patterns()[1]
    for year, reference in _CONTEXTS:
        ctx = pp._Context(year, reference)
        for m in period_re.finditer(text):
            got, expected = pp._interpret(m, ctx), _old_interpret(m, ctx, target_re)
            assert got == expected, m.group()
            if got is not None and got.period is not None:
                assert expected is not None
                assert expected.period is not None
                assert got.period.wording is expected.period.wording


@pytest.mark.parametrize("piece", [*_SEARCH_PIECES, *_OPENING_PIECES, *_READING_PIECES])
def test_each_alternative_is_read_as_it_was(piece: str) -> None:
    """Each match is read by the reader its alternative names (the group that closes last):
    what the old reading of all the groups, tested one by one, gave, in every context."""
    for text in (piece, f"từ {piece}", f"đến {piece}", piece.upper(), f"các {piece}"):
        _read_both_ways(text)


@given(
    st.lists(
        st.sampled_from([*_LOWERED_PIECES, *_READING_PIECES])
        | period_strings().map(lambda p: f" {p} ")
        | period_strings().map(str.upper),
        max_size=25,
    ).map(" ".join),
)
def test_the_alternatives_of_any_text_are_read_as_they_were(text: str) -> None:
    _read_both_ways(text)


@given(periods(), st.sampled_from([None, *khcn.PeriodKind]))
def test_with_wording_is_the_period_evolved(period: khcn.ReportingPeriod, wording: object) -> None:
    """``with_wording`` builds the period from its fields as ``attrs.evolve`` would: the
    same fields, checked the same way."""
    import attrs

    assert [f.name for f in attrs.fields(khcn.ReportingPeriod)] == ["start", "end", "wording"]
    got = period.with_wording(wording)  # type: ignore[arg-type]
    expected = attrs.evolve(period, wording=wording)
    assert (got, got.wording, type(got)) == (expected, expected.wording, type(expected))


@given(
    st.lists(
        st.sampled_from(
            [*_LOWERED_PIECES, "ngày 5/3/2021", "\u00a0", "–", "e\u0301", "\t", "“x”", "  "]
        )
        | st.sampled_from(["\u212b", "ǅ", "ﬁ", "\u0323", "ệ", "\u00ad", "\r\n", "…", "İ", "ΑΣ"])
        | period_strings().map(lambda p: f" {p} "),
        max_size=25,
    ).map("".join),
    st.integers(0, 400),
    st.integers(0, 400),
)
@example("Quý I/2021 –\u00a0quý II", 0, 11)
def test_a_stretch_of_a_normal_text_is_read_as_it_is(text: str, i: int, j: int) -> None:
    """A stretch of a normalised text is its own normal form, so it may be read with
    ``normal=True``: the same dates and periods, in every context."""
    from khcn.parse.periods import DatesAndPeriods
    from khcn.text import normalize

    whole = normalize(text)
    stretch = whole[min(i, j) : max(i, j)]
    assert normalize(stretch) == stretch
    reading, as_is = DatesAndPeriods(stretch), DatesAndPeriods(stretch, normal=True)
    for year, reference in _CONTEXTS:
        assert as_is.dates(year=year) == reading.dates(year=year)
        assert as_is.periods(year=year, reference=reference) == reading.periods(
            year=year, reference=reference
        )
