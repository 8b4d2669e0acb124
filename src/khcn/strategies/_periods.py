"""Hypothesis strategies for dates, reporting periods and the ways reports write them.

Needs the ``khcn[testing]`` extra. Every string these strategies draw is read back by
:func:`khcn.parse_date` or :func:`khcn.parse_period` to the value it was made from.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from khcn._data import load_json
from khcn.model.period import PeriodKind, ReportingPeriod
from khcn.vi.calendar import get_calendar
from khcn.vi.numerals import number_to_words

__all__ = ["date_strings", "dates", "period_strings", "periods"]

_FIRST = dt.date(1950, 1, 1)
_LAST = dt.date(2100, 12, 31)


def dates(min_value: dt.date = _FIRST, max_value: dt.date = _LAST) -> st.SearchStrategy[dt.date]:
    """Calendar days a report may name (1950–2100 unless told otherwise).

    >>> from hypothesis import given
    >>> from khcn.strategies import dates
    >>> @given(dates())
    ... def test_range(day):
    ...     assert 1950 <= day.year <= 2100
    >>> test_range()
    """
    return st.dates(min_value=min_value, max_value=max_value)


def periods(min_year: int = 1950, max_year: int = 2100) -> st.SearchStrategy[ReportingPeriod]:
    """Reporting periods of every kind, some with a wording ("nhiệm kỳ", "3 tháng cuối năm").

    >>> from hypothesis import given
    >>> from khcn import ReportingPeriod
    >>> from khcn.strategies import periods
    >>> @given(periods())
    ... def test_code_round_trip(period):
    ...     assert ReportingPeriod.from_code(period.code) == period
    >>> test_code_round_trip()
    """
    years = st.integers(min_year, max_year - 12)
    p = ReportingPeriod
    day_spans = st.builds(
        lambda start, days: p(start, start + dt.timedelta(days=days)),
        dates(dt.date(min_year, 1, 1), dt.date(max_year - 2, 1, 1)),
        st.integers(0, 700),
    )
    month_spans = st.builds(
        lambda y, m, n: p.months(y, m, y + (m + n - 2) // 12, (m + n - 2) % 12 + 1),
        years,
        st.integers(1, 12),
        st.integers(1, 40),
    )
    to_date = st.builds(
        lambda day: p(dt.date(day.year, 1, 1), day, wording=PeriodKind.YEAR_TO_DATE),
        dates(dt.date(min_year, 1, 1), dt.date(max_year, 12, 31)),
    )
    return st.one_of(
        years.map(p.year),
        st.builds(p.quarter, years, st.integers(1, 4)),
        st.builds(p.half, years, st.integers(1, 2)),
        st.builds(p.month, years, st.integers(1, 12)),
        st.builds(lambda y, n: p.year_to_date(y, months=n), years, st.integers(1, 12)),
        st.builds(p.last_months, years, st.integers(1, 12)),
        st.builds(lambda y, k: p.span(y, y + k), years, st.integers(0, 10)),
        st.builds(
            lambda y, k: p.span(y, y + k).with_wording(PeriodKind.TERM), years, st.integers(1, 6)
        ),
        month_spans,
        day_spans,
        to_date,
    )


def _month_names() -> list[str]:
    months = load_json("calendar.json")["months"]
    return [" ".join(w.capitalize() for w in months[str(i)][0].split()) for i in range(1, 13)]


def _date_styles(day: dt.date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    info = get_calendar()
    weekday = info.weekday_label(day.weekday())
    styles = [
        f"{d:02d}/{m:02d}/{y}",
        f"{d}/{m}/{y}",
        f"{d:02d}-{m:02d}-{y}",
        f"{d:02d}.{m:02d}.{y}",
        day.isoformat(),
        f"({d:02d}/{m:02d}/{y})",
        f"ngày {d:02d} tháng {m:02d} năm {y}",
        f"Ngày {d} tháng {m} năm {y}",
        f"Sáng ngày {d:02d} tháng {m:02d} năm {y}",
        f"chiều {d}/{m}/{y}",
        f"{weekday}, ngày {d:02d}/{m:02d}/{y}",
        f"ngày {d} tháng {_month_names()[m - 1]} năm {y}",
        f"ngày {number_to_words(d)} tháng {m} năm {y}",
    ]
    if d <= 10:
        styles.append(f"mùng {d} tháng {m} năm {y}")
    if 1950 <= y <= 2049:
        styles.append(f"{d:02d}/{m:02d}/{y % 100:02d}")
    return styles


def date_strings(
    dates_: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[str]:
    """A date written the ways Vietnamese reports write it ("Sáng ngày 09 tháng 10 năm 2023").

    Args:
        dates_: where the dates come from (default :func:`dates`).

    >>> import datetime
    >>> from hypothesis import given, strategies as st
    >>> from khcn import parse_date
    >>> from khcn.strategies import date_strings
    >>> day = datetime.date(2023, 10, 9)
    >>> @given(date_strings(st.just(day)))
    ... def test_reads_back(text):
    ...     assert parse_date(text) == day
    >>> test_reads_back()
    """
    source = dates_ if dates_ is not None else dates()
    return source.flatmap(lambda day: st.sampled_from(_date_styles(day)))


def _period_styles(period: ReportingPeriod) -> list[str]:
    styles = [period.label_vi, period.label_vi.capitalize()]
    s, e = period.start, period.end
    y = s.year
    kind = period.kind
    info = get_calendar()
    if kind is PeriodKind.QUARTER:
        q = (s.month + 2) // 3
        roman = info.roman(q)
        styles += [f"quý {q}/{y}", f"Quý {roman} năm {y}", f"quí {roman}/{y}", f"Q{q}/{y}"]
        if q == 1:
            styles.append(f"3 tháng đầu năm {y}")
        if q == 4:
            styles += [f"3 tháng cuối năm {y}", f"ba tháng cuối năm {y}"]
    elif kind is PeriodKind.MONTH:
        name = _month_names()[s.month - 1]
        styles += [f"T{s.month}/{y}", f"tháng {s.month:02d} năm {y}", f"tháng {name} năm {y}"]
    elif kind is PeriodKind.YEAR:
        styles += [f"cả năm {y}", f"Năm {y}"]
    elif kind is PeriodKind.YEARS:
        styles += [
            f"giai đoạn {y} - {e.year}",
            f"thời kỳ {y}-{e.year}",
            f"nhiệm kỳ {y}–{e.year}",
            f"giai đoạn {y} đến {e.year}",
        ]
    elif kind in (PeriodKind.FIRST_HALF, PeriodKind.NINE_MONTHS, PeriodKind.FIRST_MONTHS):
        n = e.month
        styles += [f"{n:02d} tháng đầu năm {y}", f"{number_to_words(n)} tháng đầu năm {y}"]
        if n == 6:
            styles += [f"nửa đầu năm {y}", f"6 tháng năm {y}"]
    elif kind in (PeriodKind.SECOND_HALF, PeriodKind.LAST_MONTHS):
        n = 13 - s.month
        styles += [f"{n:02d} tháng cuối năm {y}", f"{number_to_words(n)} tháng cuối năm {y}"]
        if n == 6:
            styles.append(f"nửa cuối năm {y}")
    return styles


def period_strings(
    periods_: st.SearchStrategy[ReportingPeriod] | None = None,
) -> st.SearchStrategy[str]:
    """A period written the ways reports write it ("quý IV/2021", "Q4/2021", "T7/2021").

    Args:
        periods_: where the periods come from (default :func:`periods`).

    >>> from hypothesis import given, strategies as st
    >>> from khcn import ReportingPeriod, parse_period
    >>> from khcn.strategies import period_strings
    >>> q4 = ReportingPeriod.quarter(2021, 4)
    >>> @given(period_strings(st.just(q4)))
    ... def test_reads_back(text):
    ...     assert parse_period(text) == q4
    >>> test_reads_back()
    """
    source = periods_ if periods_ is not None else periods()
    return source.flatmap(lambda period: st.sampled_from(_period_styles(period)))
