"""Reporting periods ("9 tháng đầu năm 2023", "quý IV/2021", "giai đoạn 2021-2025").

A :class:`ReportingPeriod` *is* its span of days: two ways of naming the same span
("6 tháng đầu năm 2023", ``half(2023, 1)``) give equal periods with one :attr:`code`,
and the :attr:`~ReportingPeriod.kind` is derived from the span. The words a text used
("nhiệm kỳ", "3 tháng cuối năm") ride along in :attr:`~ReportingPeriod.wording`, which
shapes :attr:`~ReportingPeriod.label_vi` but never equality, hashing or order.
"""

from __future__ import annotations

import datetime
import re

import attrs
from dateutil.relativedelta import relativedelta

from khcn.errors import InvalidPeriodError, PeriodArithmeticError, ValidationError
from khcn.model._vocab import VocabEnum
from khcn.model.dates import _days_in_month
from khcn.vi.calendar import get_calendar

__all__ = ["PeriodKind", "ReportingPeriod"]


class PeriodKind(VocabEnum):
    """What kind of span a reporting period is (domain reference §1.1).

    Kinds derived from a period's span (:attr:`ReportingPeriod.kind` is always one of them):
    ``thang`` (a calendar month), ``quy`` (a calendar quarter, including October–December,
    which reports also call "3 tháng cuối năm"), ``sau_thang_dau_nam``,
    ``sau_thang_cuoi_nam``, ``chin_thang_dau_nam``, ``n_thang_dau_nam`` and
    ``n_thang_cuoi_nam`` (the first or last N months of one year), ``nam`` (a calendar
    year), ``giai_doan`` (whole years, more than one), ``tu_thang_den_thang`` (any other
    run of whole months) and ``tu_ngay_den_ngay`` (any other run of days).

    Wording-only kinds, never derived from a span, record how a text named a period:
    ``ba_thang_cuoi_nam``, ``nhiem_ky``, ``tu_dau_nam_den_nay``, ``dot``, ``dip``.

    >>> from khcn import PeriodKind
    >>> PeriodKind.NINE_MONTHS.value, PeriodKind.NINE_MONTHS.label_vi
    ('chin_thang_dau_nam', '9 tháng đầu năm')
    >>> PeriodKind.TERM.from_span, PeriodKind.QUARTER.from_span
    (False, True)
    """

    MONTH = "thang"
    QUARTER = "quy"
    FIRST_HALF = "sau_thang_dau_nam"
    SECOND_HALF = "sau_thang_cuoi_nam"
    NINE_MONTHS = "chin_thang_dau_nam"
    LAST_THREE_MONTHS = "ba_thang_cuoi_nam"
    FIRST_MONTHS = "n_thang_dau_nam"
    LAST_MONTHS = "n_thang_cuoi_nam"
    YEAR = "nam"
    YEARS = "giai_doan"
    MONTH_SPAN = "tu_thang_den_thang"
    DAY_SPAN = "tu_ngay_den_ngay"
    TERM = "nhiem_ky"
    YEAR_TO_DATE = "tu_dau_nam_den_nay"
    ROUND = "dot"
    OCCASION = "dip"

    @property
    def from_span(self) -> bool:
        """True for kinds that :attr:`ReportingPeriod.kind` derives from a span."""
        return self not in _WORDING_ONLY


_WORDING_ONLY = frozenset(
    {
        PeriodKind.LAST_THREE_MONTHS,
        PeriodKind.TERM,
        PeriodKind.YEAR_TO_DATE,
        PeriodKind.ROUND,
        PeriodKind.OCCASION,
    }
)
_FIRST_WORDINGS = frozenset(
    {PeriodKind.FIRST_MONTHS, PeriodKind.FIRST_HALF, PeriodKind.NINE_MONTHS}
)
_LAST_WORDINGS = frozenset(
    {PeriodKind.LAST_MONTHS, PeriodKind.LAST_THREE_MONTHS, PeriodKind.SECOND_HALF}
)


def _check_date(instance: object, attribute: attrs.Attribute[datetime.date], value: object) -> None:
    if type(value) is not datetime.date:
        raise ValidationError(attribute.name, value, "must be a datetime.date (not a datetime)")


def _check_int(field: str, value: object, low: int, high: int, what: str) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ValidationError(field, value, f"{what} is a whole number from {low} to {high}")
    return value


_set = object.__setattr__  # how attrs sets the fields of a frozen instance
_YEARS: dict[int, ReportingPeriod] = {}  # the periods of ReportingPeriod.year, by year


def _month_end(year: int, month: int) -> datetime.date:
    """The last day of ``month`` (1-12) of ``year``."""
    return datetime.date(year, month, _days_in_month(year, month))


def _from_index(first: int, count: int) -> tuple[datetime.date, datetime.date]:
    """The span of ``count`` months from month index ``first`` (year * 12 + month - 1)."""
    last = first + count - 1
    return datetime.date(first // 12, first % 12 + 1, 1), _month_end(last // 12, last % 12 + 1)


_CODES = re.compile(
    r"(?P<y>\d{4})(?:-(?:S(?P<s>[12])|Q(?P<q>[1-4])|M(?P<m>0[1-9]|1[0-2])))?"
    r"|(?P<y1>\d{4})/(?P<y2>\d{4})"
    r"|(?P<ma>\d{4}-\d{2})/(?P<mb>\d{4}-\d{2})"
    r"|(?P<da>\d{4}-\d{2}-\d{2})/(?P<db>\d{4}-\d{2}-\d{2})",
    re.ASCII,
)


@attrs.frozen(order=True, repr=False)
class ReportingPeriod:
    """A reporting period: the days from ``start`` to ``end``, both included.

    Frozen, hashable and ordered by ``(start, end)``. Build one with the constructors
    below rather than by hand; equal spans are equal periods whatever their wording.

    Attributes:
        start: the first day of the period.
        end: the last day of the period (inclusive).
        wording: how a text named the period (say ``PeriodKind.TERM`` for "nhiệm kỳ"),
            or None. Used by :attr:`label_vi`; ignored by ``==``, ``hash`` and ordering.

    Raises:
        ValidationError: ``end`` before ``start``, or a value that is not a ``date``.

    >>> from khcn import ReportingPeriod
    >>> p = ReportingPeriod.year_to_date(2023, months=9)
    >>> p.code, p.label_vi, p.kind.value
    ('2023-01/2023-09', '9 tháng đầu năm 2023', 'chin_thang_dau_nam')
    >>> ReportingPeriod.year_to_date(2023, months=6) == ReportingPeriod.half(2023, 1)
    True
    >>> ReportingPeriod.year(2023) - p
    ReportingPeriod.from_code('2023-Q4')
    >>> import datetime
    >>> ReportingPeriod(datetime.date(2023, 5, 1), datetime.date(2023, 4, 1))
    Traceback (most recent call last):
    ...
    khcn.errors.ValidationError: end=datetime.date(2023, 4, 1): ends before start 2023-05-01
    """

    start: datetime.date = attrs.field(validator=_check_date)
    end: datetime.date = attrs.field(validator=_check_date)
    wording: PeriodKind | None = attrs.field(default=None, kw_only=True, eq=False, order=False)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError("end", self.end, f"ends before start {self.start.isoformat()}")
        if self.wording is not None and not isinstance(self.wording, PeriodKind):
            raise ValidationError("wording", self.wording, "must be a PeriodKind or None")

    # -- constructors ----------------------------------------------------------------

    @classmethod
    def _checked(
        cls, start: datetime.date, end: datetime.date, wording: PeriodKind | None = None
    ) -> ReportingPeriod:
        """The period of fields its caller has checked: two days, ``start`` not after ``end``,
        ``wording`` a PeriodKind or None. The constructors below check the numbers they are
        given, which make such days; the validators would check them a second time, and cost
        about as much as the rest of the constructor (tests/test_model.py holds the fields
        to these three)."""
        period = object.__new__(cls)
        _set(period, "start", start)
        _set(period, "end", end)
        _set(period, "wording", wording)
        return period

    @classmethod
    def year(cls, year: int) -> ReportingPeriod:
        """The calendar year ``year`` ("năm 2017").

        >>> from khcn import ReportingPeriod
        >>> ReportingPeriod.year(2017).label_vi
        'năm 2017'
        """
        _check_int("year", year, 1, 9999, "a year")
        if cls is not ReportingPeriod:
            return cls._checked(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        # each year's period made once: periods are immutable, and readers make the years
        # they find many times over ("năm 2023" in each paragraph of a report)
        found = _YEARS.get(year)
        if found is None:
            found = _YEARS[year] = cls._checked(
                datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            )
        return found

    @classmethod
    def quarter(cls, year: int, quarter: int) -> ReportingPeriod:
        """Quarter ``quarter`` (1–4) of ``year`` ("quý IV/2021").

        >>> from khcn import ReportingPeriod
        >>> ReportingPeriod.quarter(2021, 4).code
        '2021-Q4'
        >>> ReportingPeriod.quarter(2021, 5)
        Traceback (most recent call last):
        ...
        khcn.errors.ValidationError: quarter=5: a quarter is a whole number from 1 to 4
        """
        _check_int("year", year, 1, 9999, "a year")
        _check_int("quarter", quarter, 1, 4, "a quarter")
        return cls._checked(datetime.date(year, quarter * 3 - 2, 1), _month_end(year, quarter * 3))

    @classmethod
    def half(cls, year: int, half: int) -> ReportingPeriod:
        """Half ``half`` (1 or 2) of ``year`` ("6 tháng đầu năm 2021").

        >>> from khcn import ReportingPeriod
        >>> ReportingPeriod.half(2021, 2).label_vi
        '6 tháng cuối năm 2021'
        """
        _check_int("year", year, 1, 9999, "a year")
        _check_int("half", half, 1, 2, "a half")
        return cls._checked(datetime.date(year, half * 6 - 5, 1), _month_end(year, half * 6))

    @classmethod
    def month(cls, year: int, month: int) -> ReportingPeriod:
        """The calendar month ``month`` of ``year`` ("tháng 7/2021").

        >>> from khcn import ReportingPeriod
        >>> ReportingPeriod.month(2021, 7).code
        '2021-M07'
        """
        _check_int("month", month, 1, 12, "a month")
        _check_int("start_year", year, 1, 9999, "a year")  # (as months(year, month, ...))
        return cls._checked(datetime.date(year, month, 1), _month_end(year, month))

    @classmethod
    def year_to_date(cls, year: int, *, months: int) -> ReportingPeriod:
        """The first ``months`` months of ``year`` ("9 tháng đầu năm 2023").

        >>> from khcn import ReportingPeriod
        >>> ReportingPeriod.year_to_date(2023, months=5).label_vi
        '5 tháng đầu năm 2023'
        """
        _check_int("months", months, 1, 12, "a number of months")
        _check_int("start_year", year, 1, 9999, "a year")  # (as months(year, 1, ...))
        return cls._checked(
            datetime.date(year, 1, 1), _month_end(year, months), PeriodKind.FIRST_MONTHS
        )

    @classmethod
    def last_months(cls, year: int, months: int) -> ReportingPeriod:
        """The last ``months`` months of ``year`` ("3 tháng cuối năm 2023").

        The span of the last 3 months is quarter IV: the two are equal, with one code;
        only the label keeps the wording.

        >>> from khcn import ReportingPeriod
        >>> p = ReportingPeriod.last_months(2023, 3)
        >>> p.label_vi, p.code, p == ReportingPeriod.quarter(2023, 4)
        ('3 tháng cuối năm 2023', '2023-Q4', True)
        """
        _check_int("months", months, 1, 12, "a number of months")
        _check_int("start_year", year, 1, 9999, "a year")  # (as months(year, 13 - months, ...))
        return cls._checked(
            datetime.date(year, 13 - months, 1),
            datetime.date(year, 12, 31),
            PeriodKind.LAST_MONTHS,
        )

    @classmethod
    def span(cls, start_year: int, end_year: int) -> ReportingPeriod:
        """The whole years from ``start_year`` to ``end_year`` ("giai đoạn 2021-2025").

        >>> from khcn import ReportingPeriod
        >>> ReportingPeriod.span(2021, 2025).code
        '2021/2025'
        """
        _check_int("start_year", start_year, 1, 9999, "a year")
        _check_int("end_year", end_year, 1, 9999, "a year")
        if end_year < start_year:
            raise ValidationError("end_year", end_year, f"ends before start_year {start_year}")
        return cls._checked(datetime.date(start_year, 1, 1), datetime.date(end_year, 12, 31))

    @classmethod
    def months(
        cls, start_year: int, start_month: int, end_year: int, end_month: int
    ) -> ReportingPeriod:
        """The whole months from ``start_month/start_year`` to ``end_month/end_year``.

        >>> from khcn import ReportingPeriod
        >>> ReportingPeriod.months(2022, 10, 2023, 3).label_vi
        'từ tháng 10/2022 đến tháng 3/2023'
        """
        _check_int("start_year", start_year, 1, 9999, "a year")
        _check_int("start_month", start_month, 1, 12, "a month")
        _check_int("end_year", end_year, 1, 9999, "a year")
        _check_int("end_month", end_month, 1, 12, "a month")
        if (end_year, end_month) < (start_year, start_month):
            raise ValidationError(
                "end_month",
                end_month,
                f"{end_month}/{end_year} is before {start_month}/{start_year}",
            )
        return cls._checked(
            datetime.date(start_year, start_month, 1), _month_end(end_year, end_month)
        )

    @classmethod
    def from_code(cls, code: str) -> ReportingPeriod:
        """The period a :attr:`code` names ("2023", "2023-S1", "2023-Q4", "2023-M07", ...).

        Also reads any ISO 8601 interval of years, months or days.

        Raises:
            InvalidPeriodError: ``code`` is not a period code.

        >>> from khcn import ReportingPeriod
        >>> ReportingPeriod.from_code("2021-Q4").label_vi
        'quý IV/2021'
        >>> ReportingPeriod.from_code("2023-01/2023-09").label_vi
        '9 tháng đầu năm 2023'
        >>> ReportingPeriod.from_code("2023-Q5")
        Traceback (most recent call last):
        ...
        khcn.errors.InvalidPeriodError: cannot read period '2023-Q5' at position 0: ...
        """
        found = _CODES.fullmatch(code.strip()) if isinstance(code, str) else None
        if found is None:
            raise InvalidPeriodError(
                str(code),
                0,
                reason="not a period code such as 2023, 2023-S1, 2023-Q4, 2023-M07, 2021/2025, "
                "2023-01/2023-09 or 2023-01-01/2023-10-09",
            )
        g = found.groupdict()
        try:
            if g["y"] is not None:
                year = int(g["y"])
                if g["s"]:
                    return cls.half(year, int(g["s"]))
                if g["q"]:
                    return cls.quarter(year, int(g["q"]))
                if g["m"]:
                    return cls.month(year, int(g["m"]))
                return cls.year(year)
            if g["y1"] is not None:
                return cls.span(int(g["y1"]), int(g["y2"]))
            if g["ma"] is not None:
                (ay, am), (by, bm) = (map(int, g[k].split("-")) for k in ("ma", "mb"))
                return cls.months(ay, am, by, bm)
            return cls(datetime.date.fromisoformat(g["da"]), datetime.date.fromisoformat(g["db"]))
        except (ValidationError, ValueError) as err:
            raise InvalidPeriodError(code, 0, reason=str(err)) from err

    def with_wording(self, wording: PeriodKind | None) -> ReportingPeriod:
        """The same period, labelled the way ``wording`` names it.

        >>> from khcn import PeriodKind, ReportingPeriod
        >>> term = ReportingPeriod.span(2020, 2025).with_wording(PeriodKind.TERM)
        >>> term.label_vi, term == ReportingPeriod.span(2020, 2025)
        ('nhiệm kỳ 2020-2025', True)
        """
        # (not attrs.evolve, several times slower: the days are this period's, checked when
        # it was made; the wording is checked as __attrs_post_init__ checks it)
        if wording is not None and not isinstance(wording, PeriodKind):
            raise ValidationError("wording", wording, "must be a PeriodKind or None")
        return self._checked(self.start, self.end, wording)

    # -- what the span is --------------------------------------------------------------

    def _month_span(self) -> tuple[int, int] | None:
        """(index of the first month, number of months) if the span is whole months."""
        s, e = self.start, self.end
        if s.day != 1 or e.day != _days_in_month(e.year, e.month):
            return None
        first = s.year * 12 + s.month - 1
        return first, e.year * 12 + e.month - first

    @property
    def kind(self) -> PeriodKind:
        """The kind of span this is (always a kind with ``from_span`` true).

        >>> from khcn import ReportingPeriod
        >>> ReportingPeriod.last_months(2023, 3).kind.value
        'quy'
        >>> ReportingPeriod.last_months(2023, 4).kind.value
        'n_thang_cuoi_nam'
        """
        span = self._month_span()
        if span is None:
            return PeriodKind.DAY_SPAN
        first, count = span
        month = first % 12 + 1
        if self.start.year != self.end.year:
            if month == 1 and self.end.month == 12:
                return PeriodKind.YEARS
            return PeriodKind.MONTH_SPAN
        if count == 1:
            return PeriodKind.MONTH
        if count == 12:
            return PeriodKind.YEAR
        if count == 3 and month in (1, 4, 7, 10):
            return PeriodKind.QUARTER
        if month == 1:
            return {6: PeriodKind.FIRST_HALF, 9: PeriodKind.NINE_MONTHS}.get(
                count, PeriodKind.FIRST_MONTHS
            )
        if self.end.month == 12:
            return PeriodKind.SECOND_HALF if count == 6 else PeriodKind.LAST_MONTHS
        return PeriodKind.MONTH_SPAN

    @property
    def code(self) -> str:
        """A stable code: SDMX style when one exists, else an ISO 8601 interval.

        >>> from khcn import ReportingPeriod as P
        >>> [P.year(2023).code, P.half(2023, 1).code, P.quarter(2023, 4).code]
        ['2023', '2023-S1', '2023-Q4']
        >>> P.month(2023, 7).code
        '2023-M07'
        >>> P.year_to_date(2023, months=9).code, P.span(2021, 2025).code
        ('2023-01/2023-09', '2021/2025')
        """
        s, e = self.start, self.end
        kind = self.kind
        if kind is PeriodKind.DAY_SPAN:
            return f"{s.isoformat()}/{e.isoformat()}"
        if kind is PeriodKind.YEAR:
            return f"{s.year:04d}"
        if kind in (PeriodKind.FIRST_HALF, PeriodKind.SECOND_HALF):
            return f"{s.year:04d}-S{1 if s.month == 1 else 2}"
        if kind is PeriodKind.QUARTER:
            return f"{s.year:04d}-Q{(s.month + 2) // 3}"
        if kind is PeriodKind.MONTH:
            return f"{s.year:04d}-M{s.month:02d}"
        if kind is PeriodKind.YEARS:
            return f"{s.year:04d}/{e.year:04d}"
        return f"{s.year:04d}-{s.month:02d}/{e.year:04d}-{e.month:02d}"

    @property
    def label_vi(self) -> str:
        """The Vietnamese phrase for this period, in its wording if it has one.

        :func:`khcn.parse_period` reads every label back to an equal period.

        >>> from khcn import ReportingPeriod as P
        >>> P.quarter(2021, 4).label_vi, P.month(2021, 7).label_vi, P.span(2021, 2025).label_vi
        ('quý IV/2021', 'tháng 7/2021', 'giai đoạn 2021-2025')
        >>> import datetime
        >>> P(datetime.date(2023, 3, 5), datetime.date(2023, 10, 9)).label_vi
        'từ ngày 05/03/2023 đến ngày 09/10/2023'
        """
        s, e = self.start, self.end
        wording = self.wording
        kind = self.kind
        span = self._month_span()
        if span is not None and s.year == e.year:
            count = span[1]
            if wording in _FIRST_WORDINGS and s.month == 1 and count < 12:
                return f"{count} tháng đầu năm {s.year}"
            if wording in _LAST_WORDINGS and e.month == 12 and count < 12:
                return f"{count} tháng cuối năm {s.year}"
        if wording is PeriodKind.TERM and kind is PeriodKind.YEARS:
            return f"nhiệm kỳ {s.year}-{e.year}"
        if wording is PeriodKind.YEAR_TO_DATE and s == datetime.date(e.year, 1, 1):
            return f"từ đầu năm đến ngày {e:%d/%m}/{e.year}"
        if kind is PeriodKind.YEAR:
            return f"năm {s.year}"
        if kind is PeriodKind.QUARTER:
            return f"quý {get_calendar().roman((s.month + 2) // 3)}/{s.year}"
        if kind is PeriodKind.MONTH:
            return f"tháng {s.month}/{s.year}"
        if kind in (PeriodKind.FIRST_HALF, PeriodKind.NINE_MONTHS, PeriodKind.FIRST_MONTHS):
            return f"{e.month} tháng đầu năm {s.year}"
        if kind in (PeriodKind.SECOND_HALF, PeriodKind.LAST_MONTHS):
            return f"{13 - s.month} tháng cuối năm {s.year}"
        if kind is PeriodKind.YEARS:
            return f"giai đoạn {s.year}-{e.year}"
        if kind is PeriodKind.MONTH_SPAN:
            return f"từ tháng {s.month}/{s.year} đến tháng {e.month}/{e.year}"
        return f"từ ngày {s:%d/%m}/{s.year} đến ngày {e:%d/%m}/{e.year}"

    # -- algebra -------------------------------------------------------------------------

    def contains(self, other: datetime.date | ReportingPeriod) -> bool:
        """True when ``other`` (a day or a period) lies wholly inside this period.

        >>> import datetime
        >>> from khcn import ReportingPeriod as P
        >>> P.year(2023).contains(P.quarter(2023, 2)), P.half(2023, 1).contains(P.quarter(2023, 3))
        (True, False)
        >>> P.quarter(2023, 4).contains(datetime.date(2023, 10, 9))
        True
        """
        if isinstance(other, ReportingPeriod):
            return self.start <= other.start and other.end <= self.end
        if isinstance(other, datetime.datetime):
            other = other.date()
        return self.start <= other <= self.end

    def __contains__(self, other: object) -> bool:
        """``day in period``, the same as :meth:`contains`.

        >>> import datetime
        >>> from khcn import ReportingPeriod
        >>> datetime.date(2021, 7, 31) in ReportingPeriod.month(2021, 7)
        True
        """
        if not isinstance(other, (datetime.date, ReportingPeriod)):
            return False
        return self.contains(other)

    def overlaps(self, other: ReportingPeriod) -> bool:
        """True when the two periods share at least one day.

        >>> from khcn import ReportingPeriod as P
        >>> h1 = P.half(2023, 1)
        >>> h1.overlaps(P.quarter(2023, 2)), h1.overlaps(P.quarter(2023, 3))
        (True, False)
        """
        return self.start <= other.end and other.start <= self.end

    def shift(self, *, years: int = 0, months: int = 0) -> ReportingPeriod:
        """The same span moved by ``years`` and ``months`` ("cùng kỳ năm trước": ``years=-1``).

        A period of whole months stays whole months (February keeps its last day).

        Raises:
            PeriodArithmeticError: the result would leave the years 1–9999.

        >>> from khcn import ReportingPeriod as P
        >>> P.year_to_date(2023, months=9).shift(years=-1).label_vi
        '9 tháng đầu năm 2022'
        >>> P.month(2024, 2).shift(years=1).end
        datetime.date(2025, 2, 28)
        """
        step = years * 12 + months
        try:
            span = self._month_span()
            if span is not None:
                start, end = _from_index(span[0] + step, span[1])
            else:
                delta = relativedelta(months=step)
                start, end = self.start + delta, self.end + delta
            return ReportingPeriod(start, end, wording=self.wording)
        except (ValueError, OverflowError) as err:
            raise PeriodArithmeticError(f"{self.code} moved by {step} months: {err}") from err

    def next(self) -> ReportingPeriod:
        """The period of the same length that starts the day after this one ends.

        >>> from khcn import ReportingPeriod as P
        >>> P.quarter(2021, 4).next().code, P.half(2023, 1).next().code
        ('2022-Q1', '2023-S2')
        """
        return self._step(1)

    def previous(self) -> ReportingPeriod:
        """The period of the same length that ends the day before this one starts.

        >>> from khcn import ReportingPeriod as P
        >>> P.quarter(2022, 1).previous().label_vi, P.span(2021, 2025).previous().code
        ('quý IV/2021', '2016/2020')
        """
        return self._step(-1)

    def _step(self, sign: int) -> ReportingPeriod:
        span = self._month_span()
        if span is not None:
            return self.shift(months=sign * span[1])
        days = datetime.timedelta(days=(self.end - self.start).days + 1)
        try:
            return ReportingPeriod(
                self.start + sign * days, self.end + sign * days, wording=self.wording
            )
        except OverflowError as err:
            raise PeriodArithmeticError(f"no period next to {self.code}: {err}") from err

    def minus(self, other: ReportingPeriod) -> ReportingPeriod:
        """What is left of this period without ``other``, when that is one period.

        ``other`` must lie inside this period and share its first or its last day
        (so the year less its first 9 months is quarter IV). The result and ``other``
        tile this period.

        Raises:
            PeriodArithmeticError: the rest is empty, or in two pieces, or ``other``
                is not inside this period.

        >>> from khcn import ReportingPeriod as P
        >>> nine = P.year_to_date(2023, months=9)
        >>> P.year(2023).minus(nine).label_vi, (nine - P.half(2023, 1)).label_vi
        ('quý IV/2023', 'quý III/2023')
        >>> P.year(2023) - P.quarter(2023, 2)
        Traceback (most recent call last):
        ...
        khcn.errors.PeriodArithmeticError: 2023 less 2023-Q2 is two periods, not one
        """
        if not isinstance(other, ReportingPeriod):
            raise PeriodArithmeticError(f"cannot subtract {other!r} from a period")
        if not self.contains(other):
            raise PeriodArithmeticError(f"{other.code} is not inside {self.code}")
        if other == self:
            raise PeriodArithmeticError(f"{self.code} less itself is empty")
        one_day = datetime.timedelta(days=1)
        if other.start == self.start:
            return ReportingPeriod(other.end + one_day, self.end)
        if other.end == self.end:
            return ReportingPeriod(self.start, other.start - one_day)
        raise PeriodArithmeticError(f"{self.code} less {other.code} is two periods, not one")

    def __sub__(self, other: ReportingPeriod) -> ReportingPeriod:
        """``a - b`` is :meth:`minus`.

        >>> from khcn import ReportingPeriod as P
        >>> (P.year(2023) - P.year_to_date(2023, months=9)).code
        '2023-Q4'
        """
        if not isinstance(other, ReportingPeriod):
            return NotImplemented
        return self.minus(other)

    def __repr__(self) -> str:
        """A repr that evaluates back to an equal period.

        >>> from khcn import ReportingPeriod
        >>> ReportingPeriod.half(2021, 1)
        ReportingPeriod.from_code('2021-S1')
        """
        return f"ReportingPeriod.from_code({self.code!r})"
