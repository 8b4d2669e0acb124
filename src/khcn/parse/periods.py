"""Reporting periods in Vietnamese report prose: ``parse_period`` and ``find_periods``.

Forms read (any case, NFC or NFD, any dash, loose spacing):

* first or last N months: "9 tháng đầu năm 2023", "sáu tháng cuối năm 2021", "09 tháng đầu
  năm", "nửa đầu năm 2022", "11 tháng năm 2022" (no "đầu");
* the first N months (N <= 12) of the year given, in three short forms only: "9 tháng qua",
  "trong 9 tháng" (the match leaves "trong" out) and "N tháng năm 2022". A count of months
  elsewhere is a duration, never a period: "sau 9 tháng", "thời gian thực hiện 18 tháng",
  "trong 3 tháng tới", "trong 6 tháng kể từ ngày ký" (the words that say so are
  ``duration_after_months`` and ``duration_before_months`` in ``calendar.json``);
* quarters: "quý IV/2021", "quý I năm 2022", "Quý 3/2020", "quí II/2024" (old spelling),
  "Q4/2021" — never a lunar-year name such as "Quý Mão 2023";
* months: "tháng 7/2021", "T7/2021", "tháng 12 năm 2022", "tháng Sáu năm 2021";
* years: "năm 2017", "cả năm 2023", "năm nay", "cả năm" (the year of a period just before
  it in the sentence, "tháng 12 năm 2024 và lũy kế cả năm", else ``year=``);
* several years: "giai đoạn 2021-2025", "nhiệm kỳ 2020–2025", "thời kỳ 2021-2030";
* spans: "từ tháng 10/2022 đến tháng 3/2023", "từ ngày 05/03/2023 đến ngày 09/10/2023",
  "từ đầu năm đến ngày 30/09/2023";
* relative to a ``reference`` period or date: "cùng kỳ năm trước", "cùng kỳ năm 2022",
  "từ đầu năm", "lũy kế từ đầu năm đến nay", "năm trước". "năm trước" and "cùng kỳ" name
  the term of a comparison (``compare_to`` in the domain reference), so ``year=`` alone
  does not resolve them: without ``reference`` they are skipped ("các năm trước" never
  is one year).

Forms without a year ("tháng 6", "9 tháng đầu năm") take ``year=``, else the year of
``reference``. Without either, ``parse_period`` raises and ``find_periods`` skips them:
its values are always whole :class:`~khcn.ReportingPeriod` objects. The words the text
used are kept in ``Match.form`` and in the period's ``wording`` (so in its label), never
in its identity.

>>> from khcn import parse_period, find_periods
>>> parse_period("quý IV/2021").code
'2021-Q4'
>>> text = "Sơ kết 9 tháng đầu năm 2023, nhiệm vụ 3 tháng cuối năm 2023 (Tết Quý Mão 2023)"
>>> for m in find_periods(text):
...     print(repr(m.text), m.value.code, m.form)
'9 tháng đầu năm 2023' 2023-01/2023-09 chin_thang_dau_nam
'3 tháng cuối năm 2023' 2023-Q4 ba_thang_cuoi_nam
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from khcn import _regex
from khcn._data import load_json
from khcn.errors import InvalidNumberError, InvalidPeriodError, ParseError, ValidationError
from khcn.model.period import PeriodKind, ReportingPeriod
from khcn.parse._match import Match
from khcn.parse.dates import (
    _SIGN_CHECK,
    _dates_in,
    _Raw,
    _scan,
    _starts_near,
    _words,
    anchors,
)
from khcn.parse.dates import _find as _find_dates
from khcn.text import _normalized, _Unchanged, normalize_with_map
from khcn.vi.calendar import get_calendar, spelled_number

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    from khcn.model.dates import PartialDate
    from khcn.text import NormalizedText

__all__ = ["find_periods", "parse_period"]

_SP = r"\s{1,3}"
_OSP = r"\s{0,3}"
_YEAR = r"[12]\d{3}(?!\d)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}

Reference = datetime.date | ReportingPeriod

#: No match of the period pattern is longer than this (tests/test_periods.py checks it).
MAX_PERIOD_WIDTH = 100
# Every period holds one of these (see the alternatives of the pattern), in the lowercased
# text: "tháng", "năm", "quý", "quí", "Q1"-"Q4", "kỳ", "đoạ" (of "giai đoạn"), or "T" and
# a digit. No one can begin inside another ("đoạ", not "đoạn": "đoạnăm"), so a search
# finds every place one begins (tests/test_periods.py checks it).
_ANCHOR_WORDS = r"tháng|năm|qu[ýí]|q[1-4]|kỳ|đoạ|t\d"
_ANCHORS = _regex.compile(_ANCHOR_WORDS)
#: A period starts at most this many characters before the first anchor it holds:
#: "lũy   kế   mười   một   tháng" (tests/test_periods.py derives it from the pattern).
ANCHOR_REACH = 24
# The anchors of the periods and those of the dates (see khcn.parse.dates.anchors) in one
# search of the lowercased text: the separators of the dates written one by one, so that
# every alternative opens on a letter or a sign, which the engine scans for in C; and "ı"
# and "ſ", which a lowercase reading as IGNORECASE reads does not hold (see
# khcn._regex.lowered), found in the same search.
_ALL_ANCHORS = _regex.compile(
    "|".join([_ANCHOR_WORDS, *(re.escape(sign) + _SIGN_CHECK for sign in "/.-"), "ı", "ſ"])
)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    table = load_json("calendar.json")
    count = rf"(?:\d{{1,2}}|(?:{_words(table['number_words'])})(?:{_SP}(?:mốt|một|hai)){{0,1}})"
    month_names = [n for names in table["months"].values() for n in names if n != "năm"]
    month_word = (
        rf"(?:{_words(month_names)}|(?-i:Năm)"
        rf"|năm(?={_SP}năm{_SP}\d|{_OSP}/{_OSP}\d))(?!\w)"
    )
    quarter_word = _words([n for names in table["quarters"].values() for n in names])
    not_after_months = _words(table["duration_after_months"])
    # "trong năm tới", "trong năm qua" …: another year, or a span of one
    not_this_year = _words(
        [
            "tới",
            "sau",
            "kế tiếp",
            "kế",
            "trước",
            "ngoái",
            "nay",
            "đầu",
            "cuối",
            "thứ",
            "qua",
            "học",
            "mới",
            "tài chính",
        ]
    )

    def tail(name: str) -> str:
        return rf"(?:{_OSP}[/-]{_OSP}|{_OSP},?{_SP}năm{_SP}|{_SP})(?P<{name}>{_YEAR})(?![/.]\d)"

    def year_after(name: str) -> str:  # after "đầu năm": " 2023", " năm 2023", " nay"
        return rf"(?:{_SP}(?:năm{_SP})?(?P<{name}>{_YEAR})|{_SP}(?P<{name}_nay>nay)(?!\w))?"

    # the words the alternatives below open with, each followed by a space, or a count of
    # months in digits (the one alternative a digit opens): at the many other word starts
    # ("12 nhiệm vụ", "2023,") the alternatives need not be tried one by one
    openers = [
        *("trong", "lũy", "luỹ", "nửa", "từ", "tháng", "quý", "quí", "giai", "thời"),
        *("nhiệm", "các", "năm", "cùng", "cả", *table["number_words"]),
    ]
    first = rf"""
        (?=[\dbcghlmnqst])  # the first letters of the alternatives below
        (?<![\w.,/])
        (?=\d{{1,2}}{_SP}tháng|(?-i:Q[1-4]|T\d)|(?:{_words(openers)})\s)
"""
    # each alternative is a group named for the reader of its matches (see _READERS): the
    # group of a match's alternative is the last to close, its lastgroup
    period = (
        first
        + rf"""        (?:
            (?P<months>
            (?P<prep>(?:trong|lũy{_SP}kế|luỹ{_SP}kế){_SP})?(?P<n>{count}){_SP}tháng
            (?:
                {_SP}(?P<pos>đầu|cuối){_SP}năm(?!\w){year_after("ny")}
              | {_SP}năm{_SP}(?P<bny>{_YEAR})
              | {_SP}(?P<past>qua)(?!\w)
              | (?(prep)(?!\w)(?!{_OSP}[/.\-]?\d|{_SP}(?:{not_after_months})(?!\w))|(?!))
            ))
          | (?P<half>nửa{_SP}(?P<hpos>đầu|cuối){_SP}năm(?!\w){year_after("hy")})
          | (?P<month_span>(?:từ{_SP})?tháng{_SP}(?P<ra>\d{{1,2}})(?:{_OSP}/{_OSP}(?P<ray>{_YEAR}))?
            (?:{_OSP}-{_OSP}|{_SP}(?:đến|tới){_SP})tháng{_SP}(?P<rb>\d{{1,2}})(?!\d)(?:{tail("rby")})?)
          | (?P<quarter>
            qu[ýí]{_SP}(?P<q>[ivx]{{1,4}}|\d{{1,2}}|{quarter_word})(?!\w)(?:{tail("qy")})?)
          | (?P<quarter_q>(?-i:Q)(?P<q2>[1-4]){tail("q2y")})
          | (?P<month>
            tháng{_SP}(?:(?P<m>\d{{1,2}})(?![\d.,]\d)|(?P<mw>{month_word}))(?:{tail("my")})?)
          | (?P<month_t>(?-i:T)(?P<tm>\d{{1,2}}){_OSP}/{_OSP}(?P<tmy>{_YEAR})(?![/.]\d))
          | (?P<years>(?P<yw>giai{_SP}đoạn|thời{_SP}kỳ|nhiệm{_SP}kỳ|các{_SP}năm|năm|từ{_SP}năm)
            {_SP}(?:từ{_SP}(?:năm{_SP})?)?(?P<y1>{_YEAR})
            (?:{_OSP}-{_OSP}|{_SP}(?:đến|tới){_SP}(?:năm{_SP})?)(?P<y2>{_YEAR}))
          | (?P<same_period>cùng{_SP}kỳ
            (?:{_SP}năm{_SP}(?:(?P<ckprev>trước|ngoái)(?!\w)|(?P<cky_y>{_YEAR})))?)
          | (?P<year_to_date>
            (?P<ytd>(?:(?:lũy|luỹ){_SP}kế{_SP})?từ{_SP}đầu{_SP}năm(?:{_SP}(?P<ytdy>{_YEAR}))?)
            (?:{_SP}(?:đến|tới){_SP}(?:(?P<ytdnay>nay)(?!\w)|(?P<ytdto>(?:hết{_SP})?)))?)
          | (?P<year>(?:cả{_SP})?năm{_SP}(?:(?P<yy>{_YEAR})(?![/.]\d|{_OSP}-{_OSP}\d)
                                         |(?P<ynay>nay)(?!\w)|(?P<yprev>trước|ngoái)(?!\w)))
          | (?P<whole_year>(?:cả{_SP}năm|trong{_SP}năm(?!{_SP}(?:{not_this_year})(?!\w)))
            (?!\w)(?!{_OSP}[\d/\-]|{_SP}(?:học|\d)))
        )
    """
    )
    target = rf"(?:^|(?<!\w))(?:đến|tới){_SP}$"
    bare = rf"(?P<n>0?6|0?9|sáu|chín){_SP}tháng"
    flags = re.IGNORECASE | re.VERBOSE
    # where a period can start, for the lowercased text: see _period_starts
    starts = _regex.lower_source(first)
    assert starts is not None  # the lowercase of a class of letters is known
    return (
        _regex.compile(period, flags),
        _regex.compile(target, re.IGNORECASE),
        _regex.compile(bare, flags),
        _regex.compile(starts, re.VERBOSE),
    )


class _Hit(NamedTuple):
    """A period-shaped stretch of normalised text: a period, or why it is none."""

    start: int
    end: int
    period: ReportingPeriod | None
    form: str | None
    reason: str | None = None
    whole_year: bool = False  # "cả năm" without a year: a period just before may give it


class _Context:
    """The year and reference that resolve yearless and relative forms."""

    def __init__(self, year: object, reference: object) -> None:
        self.reference: Reference | None = None
        if isinstance(reference, (datetime.date, ReportingPeriod)):
            self.reference = reference
        self.year: int | None = None
        if isinstance(year, int) and not isinstance(year, bool) and 1 <= year <= 9999:
            self.year = year
        elif isinstance(self.reference, ReportingPeriod):
            self.year = self.reference.end.year
        elif isinstance(self.reference, datetime.date):
            self.year = self.reference.year


def _count(text: str) -> int | None:
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    try:
        return spelled_number(text)
    except (InvalidNumberError, ValueError):
        return None


def _roman_or_number(text: str) -> int | None:
    key = text.lower()
    if key in _ROMAN:
        return _ROMAN[key]
    found = get_calendar().quarter(key)
    if found is not None:
        return found
    return int(key) if key.isascii() and key.isdigit() else None


_NEEDS_YEAR = "the text has no year; pass year= (or reference=) to say which"
_NEEDS_REFERENCE = "'{}' needs reference= (a period or date)"


def _interpret(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """Read one regex match as a period; None when the stretch is not a period at all."""
    try:
        return _READERS[m.lastgroup](m, ctx)  # type: ignore[index]  # every match has one
    except (ValidationError, ValueError, OverflowError, ParseError) as err:
        return _Hit(m.start(), m.end(), None, None, str(err))


# Each alternative of the period pattern is read by its own reader (below), the matches'
# groups read one by one: a dict of all the pattern's groups costs about as much as the
# rest of the reading.


def _half(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """ "nửa đầu năm 2022", "nửa cuối năm"."""
    first = m["hpos"].lower() == "đầu"
    wording = PeriodKind.FIRST_HALF if first else PeriodKind.SECOND_HALF
    y = int(m["hy"]) if m["hy"] else ctx.year
    if y is None:
        return _Hit(m.start(), m.end(), None, wording.value, _NEEDS_YEAR)
    period = ReportingPeriod.half(y, 1 if first else 2).with_wording(wording)
    return _Hit(m.start(), m.end(), period, wording.value)


def _month_span(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """ "từ tháng 10/2022 đến tháng 3/2023", "từ tháng 4 đến tháng 6"."""
    a, b = int(m["ra"]), int(m["rb"])
    form = PeriodKind.MONTH_SPAN.value
    ray, rby = m["ray"], m["rby"]
    if rby:
        yb = int(rby)
        ya = int(ray) if ray else (yb if a <= b else yb - 1)
    elif ray:  # "từ tháng 11/2022 đến tháng 2"
        ya = int(ray)
        yb = ya if a <= b else ya + 1
    elif ctx.year is not None:  # "từ tháng 4 đến tháng 6": months of the year given
        yb = ctx.year
        ya = yb if a <= b else yb - 1
    else:
        return _Hit(m.start(), m.end(), None, form, _NEEDS_YEAR)
    return _Hit(m.start(), m.end(), ReportingPeriod.months(ya, a, yb, b), form)


def _quarter(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """ "quý IV/2021", "quí II năm 2024", "Quý 3"."""
    return _quarter_of(m, m["q"], m["qy"], ctx)


def _quarter_q(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """ "Q4/2021"."""
    return _quarter_of(m, m["q2"], m["q2y"], ctx)


def _quarter_of(m: re.Match[str], number: str, year: str | None, ctx: _Context) -> _Hit | None:
    q = _roman_or_number(number)
    if q is None:
        return None
    if not 1 <= q <= 4:
        return _Hit(m.start(), m.end(), None, "quy", f"a year has 4 quarters (I-IV), not {q}")
    y = int(year) if year else ctx.year
    if y is None:
        return _Hit(m.start(), m.end(), None, "quy", _NEEDS_YEAR)
    return _Hit(m.start(), m.end(), ReportingPeriod.quarter(y, q), "quy")


def _month(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """ "tháng 7/2021", "tháng 12 năm 2022", "tháng Sáu"."""
    digits = m["m"]
    month = int(digits) if digits is not None else (get_calendar().month_number(m["mw"]) or 0)
    return _month_of(m, month, int(m["my"]) if m["my"] else ctx.year)


def _month_t(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """ "T7/2021"."""
    return _month_of(m, int(m["tm"]), int(m["tmy"]))


def _month_of(m: re.Match[str], month: int, y: int | None) -> _Hit | None:
    if not 1 <= month <= 12:
        return _Hit(m.start(), m.end(), None, "thang", f"a year has 12 months, not {month}")
    if y is None:
        return _Hit(m.start(), m.end(), None, "thang", _NEEDS_YEAR)
    return _Hit(m.start(), m.end(), ReportingPeriod.month(y, month), "thang")


def _years(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """ "giai đoạn 2021-2025", "nhiệm kỳ 2020–2025", "từ năm 2020 đến năm 2022"."""
    y1, y2 = int(m["y1"]), int(m["y2"])
    word = " ".join(m["yw"].lower().split())
    wording = PeriodKind.TERM if word == "nhiệm kỳ" else PeriodKind.YEARS
    if y2 <= y1:
        reason = f"the span ends ({y2}) before it starts ({y1})"
        return _Hit(m.start(), m.end(), None, wording.value, reason)
    period = ReportingPeriod.span(y1, y2).with_wording(wording)
    return _Hit(m.start(), m.end(), period, wording.value)


def _same_period(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """ "cùng kỳ", "cùng kỳ năm trước", "cùng kỳ năm 2022": the reference, a year before."""
    ref = ctx.reference
    if not isinstance(ref, ReportingPeriod):
        reason = "'cùng kỳ' needs reference= (a period)"
        return _Hit(m.start(), m.end(), None, "cung_ky_nam_truoc", reason)
    years = -1 if not m["cky_y"] else int(m["cky_y"]) - ref.start.year
    return _Hit(m.start(), m.end(), ref.shift(years=years), "cung_ky_nam_truoc")


def _year(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """ "năm 2017", "cả năm 2023", "năm nay", "năm trước"."""
    start = m.start()
    yy = m["yy"]
    if yy is not None:
        # (the 8 characters before, searched in place: "đến" and its spaces, at most 6
        # characters, cannot begin where the cut would let "^" match)
        if _patterns()[1].search(m.string, max(0, start - 8), start):
            return None  # "đến năm 2025" is a horizon, not the year 2025
        return _Hit(start, m.end(), ReportingPeriod.year(int(yy)), "nam")
    if m["yprev"] is not None:
        return _year_before(m, ctx)
    if ctx.year is None:  # "năm nay"
        return _Hit(start, m.end(), None, "nam", _NEEDS_YEAR)
    return _Hit(start, m.end(), ReportingPeriod.year(ctx.year), "nam")


def _whole_year(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """ "cả năm", "trong năm": the year given, or that of a period just before (see
    :func:`_years_from_context`)."""
    if ctx.year is None:
        return _Hit(m.start(), m.end(), None, "nam", _NEEDS_YEAR, whole_year=True)
    return _Hit(m.start(), m.end(), ReportingPeriod.year(ctx.year), "nam", whole_year=True)


_MANY_BEFORE = _regex.compile(
    rf"(?:^|(?<!\w))(?:các|những|nhiều|vài|mấy|mọi|hàng|bao|\d+|một|hai|ba|bốn|năm|sáu|bảy"
    rf"|tám|chín|mười){_SP}$",
    re.IGNORECASE,
)


@cache
def _duration_before() -> re.Pattern[str]:
    words = _words(load_json("calendar.json")["duration_before_months"])
    return _regex.compile(rf"(?:^|(?<!\w))(?:{words}){_SP}$", re.IGNORECASE)


def _months_of_year(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """The first or last N months of a year ("9 tháng đầu năm", "trong 9 tháng", "9 tháng qua").

    "N tháng đầu/cuối năm" is always a period. The shorter forms are periods only with
    N <= 12 and a year: "N tháng năm 2022", "N tháng qua" and "trong N tháng" are the
    first N months of that year, unless the words around say a duration ("sau 9 tháng",
    "trong 3 tháng tới", "ngày 5 tháng năm 2021"). "lũy kế 2 tháng" (the running total of
    the first two months) is the same. "trong" and "lũy kế" are left out of the match.
    """
    start, end = m.start("n"), m.end()
    n = _count(m["n"])
    pos = m["pos"]
    if pos is None:
        if n is None or not 1 <= n <= 12:
            return None  # "trong 18 tháng": a duration
        if m["prep"] is None and _duration_before().search(m.string[max(0, start - 12) : start]):
            return None  # "sau 9 tháng qua", "ngày 5 tháng năm 2021"
    elif n is None or not 1 <= n <= 12:
        return _Hit(start, end, None, None, f"a year has 12 months, not {n}")
    first = pos is None or pos.lower() == "đầu"
    wording = _first_wording(n) if first else _last_wording(n)
    year = m["ny"] or m["bny"]
    y = int(year) if year else ctx.year
    if y is None:
        return _Hit(start, end, None, wording.value, _NEEDS_YEAR)
    period = (
        ReportingPeriod.year_to_date(y, months=n) if first else ReportingPeriod.last_months(y, n)
    )
    return _Hit(start, end, period.with_wording(wording), wording.value)


def _year_before(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """ "năm trước", "năm ngoái": the year before the reference's, only with ``reference=``.

    It names a comparison ("so với năm trước"), so ``year=`` alone does not resolve it;
    "các năm trước", "5 năm trước" are no one year at all.
    """
    start = m.start()
    if _MANY_BEFORE.search(m.string[max(0, start - 12) : start]):
        return None
    ref = ctx.reference
    if ref is None or ctx.year is None:
        return _Hit(start, m.end(), None, "nam", _NEEDS_REFERENCE.format("năm trước"))
    return _Hit(start, m.end(), ReportingPeriod.year(ctx.year - 1), "nam")


def _year_to_date(m: re.Match[str], ctx: _Context) -> _Hit | None:
    """ "từ đầu năm đến nay", "lũy kế từ đầu năm": from the first day of the reference's
    year to its end, only with ``reference=``."""
    form = PeriodKind.YEAR_TO_DATE.value
    if m["ytdto"] is not None:
        return None  # "từ đầu năm đến <date>": read with the dates (see _composites)
    start, end = m.start(), m.end() if m["ytdnay"] else m.end("ytd")
    ref = ctx.reference
    if ref is None:
        return _Hit(start, end, None, form, _NEEDS_REFERENCE.format("từ đầu năm đến nay"))
    last = ref.end if isinstance(ref, ReportingPeriod) else ref
    ytdy = m["ytdy"]
    if ytdy and int(ytdy) != last.year:
        last = datetime.date(int(ytdy), 12, 31)
    period = ReportingPeriod(datetime.date(last.year, 1, 1), last, wording=PeriodKind.YEAR_TO_DATE)
    return _Hit(start, end, period, form)


# The reader of each alternative of the period pattern, by the name of its group.
_READERS: dict[str, Callable[[re.Match[str], _Context], _Hit | None]] = {
    "months": _months_of_year,
    "half": _half,
    "month_span": _month_span,
    "quarter": _quarter,
    "quarter_q": _quarter_q,
    "month": _month,
    "month_t": _month_t,
    "years": _years,
    "same_period": _same_period,
    "year_to_date": _year_to_date,
    "year": _year,
    "whole_year": _whole_year,
}


def _first_wording(n: int) -> PeriodKind:
    return {6: PeriodKind.FIRST_HALF, 9: PeriodKind.NINE_MONTHS}.get(n, PeriodKind.FIRST_MONTHS)


def _last_wording(n: int) -> PeriodKind:
    return {3: PeriodKind.LAST_THREE_MONTHS, 6: PeriodKind.SECOND_HALF}.get(
        n, PeriodKind.LAST_MONTHS
    )


_FROM = _regex.compile(rf"(?:^|(?<!\w))từ{_SP}$", re.IGNORECASE)
_BETWEEN = _regex.compile(rf"{_OSP}(?:-|(?:đến|tới)(?:{_SP}hết)?){_OSP}", re.IGNORECASE)
_YTD_TO = _regex.compile(
    rf"(?:(?:lũy|luỹ){_SP}kế{_SP})?từ{_SP}đầu{_SP}năm(?:{_SP}(?P<y>{_YEAR}))?{_SP}"
    rf"(?:đến|tới)(?:{_SP}hết)?{_SP}$",
    re.IGNORECASE,
)


def _resolve(value: datetime.date | PartialDate, year: int | None) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    if year is None:
        return None
    try:
        return value.resolve(year)
    except ParseError:
        return None


def _composites(
    text: str, dates: list[tuple[_Raw, datetime.date | PartialDate]], ctx: _Context
) -> Iterator[_Hit]:
    """Spans built from dates: "từ ngày A đến ngày B", "từ đầu năm đến ngày B"."""
    for i, (raw, value) in enumerate(dates):
        window = text[max(0, raw.start - 40) : raw.start]
        ytd = _YTD_TO.search(window)
        if ytd is not None:
            upto = _resolve(value, int(ytd["y"]) if ytd["y"] else ctx.year)
            start = raw.start - (len(window) - ytd.start())
            if upto is None:
                yield _Hit(start, raw.end, None, "tu_dau_nam_den_nay", _NEEDS_YEAR)
            else:
                jan1 = datetime.date(upto.year, 1, 1)
                period = ReportingPeriod(jan1, upto, wording=PeriodKind.YEAR_TO_DATE)
                yield _Hit(start, raw.end, period, PeriodKind.YEAR_TO_DATE.value)
            continue
        if i + 1 >= len(dates):
            continue
        raw2, value2 = dates[i + 1]
        from_word = _FROM.search(text[max(0, raw.start - 6) : raw.start])
        both_full = isinstance(value, datetime.date) and isinstance(value2, datetime.date)
        between = text[raw.end : raw2.start]
        if not _BETWEEN.fullmatch(between) or not (from_word or (both_full and "-" in between)):
            continue
        start = raw.start - (len(from_word.group()) if from_word else 0)
        upto = _resolve(value2, ctx.year)
        if upto is None:
            yield _Hit(start, raw2.end, None, PeriodKind.DAY_SPAN.value, _NEEDS_YEAR)
            continue
        first = _resolve(value, upto.year)
        if first is not None and first > upto and not isinstance(value, datetime.date):
            first = _resolve(value, upto.year - 1)  # "từ 15/12 đến 14/6/2023"
        if first is None or first > upto:
            yield _Hit(start, raw2.end, None, "tu_ngay_den_ngay", "the span ends before it starts")
            continue
        yield _Hit(start, raw2.end, ReportingPeriod(first, upto), PeriodKind.DAY_SPAN.value)


def _period_starts(
    text: str, low: str | None = None, anchors: list[int] | None = None
) -> Iterable[int]:
    """Positions of ``text``, rising, among them every one where the period pattern
    matches (``low``: the :func:`khcn._regex.lowered` ``text``, when the caller has it;
    ``anchors``: the anchors of ``low``, in order, when the caller has found them, or more):
    the first of them at or after ``pos`` where the pattern matches is where its search
    from ``pos`` finds a match.

    Only a start near an anchor, at most ANCHOR_REACH before one, can match (as in
    :func:`khcn.parse.dates._matches`); of those starts, only the ones that open a word
    the alternatives open with. Those are found in the lowercased text, with the first
    lines of the pattern lowercased ("Q4" and "T7" read as "q4" and "t7" too: a few more
    starts; see :func:`khcn.parse.dates._starts_near`).
    """
    period_re, _, _, starts_re = _patterns()
    if low is None:
        low = _regex.lowered(text)
    if low is None:  # "İ", "ı" or "ſ": the lowercase does not read as IGNORECASE reads
        return _match_starts(period_re, text)
    if anchors is None:
        anchors = [m.start() for m in _ANCHORS.finditer(low)]
    return _starts_near(starts_re, low, anchors, ANCHOR_REACH)


def _match_starts(pattern: re.Pattern[str], text: str) -> Iterator[int]:
    """Every position where ``pattern`` matches ``text``, rising, found by its search."""
    pos = 0
    while pos <= len(text) and (m := pattern.search(text, pos)) is not None:
        yield m.start()
        pos = m.start() + 1


def _anchors(low: str) -> tuple[list[int], list[int]] | None:
    """The anchors of the dates (:func:`khcn.parse.dates.anchors`) and of the periods in
    ``low``, the lowercase of a text as long as it, found in one search; None when ``low``
    does not read as IGNORECASE reads the text (it holds "ı" or "ſ")."""
    dates: list[int] = []
    periods: list[int] = []
    for m in _ALL_ANCHORS.finditer(low):
        at = m.start()
        if m.end() - at == 1:  # a separator: the date's anchor is the digit before it
            if low[at] in "ıſ":
                return None
            dates.append(at - 1)
            continue
        periods.append(at)
        if low.startswith("tháng", at):
            dates.append(at)
    return dates, periods


def _masked(text: str, dates: list[tuple[_Raw, datetime.date | PartialDate]]) -> str:
    """``text`` with the stretches of ``dates`` written over with "\x00" (no period reads
    it, and it stays where it was: the lowercase of the masked text is the masked
    lowercase)."""
    pieces = []
    last = 0
    for raw, _ in dates:
        pieces.append(text[last : raw.start])
        pieces.append("\x00" * (raw.end - raw.start))
        last = raw.end
    pieces.append(text[last:])
    return "".join(pieces)


def _hits(
    text: str,
    ctx: _Context,
    *,
    bare: bool = False,
    raws: Sequence[_Raw] | None = None,
    low: str | None = None,
    periods: list[re.Match[str]] | None = None,
    anchors: list[int] | None = None,
) -> list[_Hit]:
    """Candidate periods of normalised ``text``, left to right, not overlapping.

    ``raws``: the date-shaped stretches of ``text``, when the caller has read them;
    ``low``: the :func:`khcn._regex.lowered` ``text``, when the caller has it;
    ``anchors``: the anchors of the periods in ``low`` (see :func:`_anchors`), when the
    caller has found them: those of the text with its dates masked are among them;
    ``periods``: the matches of the period pattern :func:`_interpret` reads as periods,
    when an earlier call on ``text`` found them (an empty list is filled in). Which
    matches are periods does not depend on ``ctx``: every ``None`` of :func:`_interpret`
    is told by the text alone; only the values it gives do.
    """
    dates = list(_dates_in(text, None, raws)) if raws is None or raws else []
    if low is None:
        low = _regex.lowered(text)
    masked, masked_low = text, low
    candidates: list[_Hit] = []
    if dates:
        candidates += _composites(text, dates, ctx)
        # Dates are not periods: hide them so that "tháng 10 năm 2023" in a date is not read.
        masked = _masked(text, dates)
        masked_low = None if low is None else _masked(low, dates)
    if periods:
        for known in periods:  # found before: read again in this context
            found = _interpret(known, ctx)
            assert found is not None  # (see the docstring)
            candidates.append(found)
    else:
        # the search of the pattern from 0, then from past each period, or past the start
        # of a match that is none: the first of the starts after there that matches
        match = _patterns()[0].match
        pos = 0
        for at in _period_starts(masked, masked_low, anchors):
            if at < pos:
                continue
            m = match(masked, at)
            if m is None:
                continue
            found = _interpret(m, ctx)
            if found is None:
                pos = at + 1
                continue
            if periods is not None:
                periods.append(m)
            candidates.append(found)
            pos = max(m.end(), at + 1)
    if bare:
        m = _patterns()[2].fullmatch(text)
        if m is not None:
            n = _count(m["n"]) or 0
            wording = _first_wording(n)
            if ctx.year is None:
                candidates.append(_Hit(0, len(text), None, wording.value, _NEEDS_YEAR))
            else:
                period = ReportingPeriod.year_to_date(ctx.year, months=n)
                candidates.append(_Hit(0, len(text), period.with_wording(wording), wording.value))
    if len(candidates) > 1:
        candidates.sort(key=lambda h: (h.start, -h.end))
        _years_from_context(text, candidates)
    chosen: list[_Hit] = []
    reach = -1
    for cand in candidates:
        if cand.start >= reach:
            chosen.append(cand)
            reach = cand.end
    return chosen


_PREPOSITION = _regex.compile(rf"(?:trong{_SP})?", re.IGNORECASE)  # left out of "trong 9 tháng"
_SENTENCE_BREAK = _regex.compile(r"[.;:!?\n]")
_CONTEXT_REACH = 60
_COMPARED = _regex.compile(rf"cùng{_SP}kỳ|năm{_SP}(?:trước|ngoái)", re.IGNORECASE)


def _years_from_context(text: str, hits: list[_Hit]) -> None:
    """Give "cả năm" the year of a period just before it in the same sentence.

    "tháng 12 năm 2024 và lũy kế cả năm" is the whole of 2024, whatever ``year=`` says;
    the period must lie within one year, end at most 60 characters before, be separated
    by no sentence break and not be the term of a comparison ("cùng kỳ", "năm trước").
    ``hits`` is sorted by start and changed in place.
    """
    for i, h in enumerate(hits):
        if not h.whole_year:
            continue
        for j in range(i - 1, -1, -1):
            prev = hits[j]
            if prev.end < h.start - _CONTEXT_REACH:
                break  # hits do not overlap: every earlier one ends further away
            if prev.period is None or prev.end > h.start:
                continue
            between = text[prev.end : h.start]
            compared = _COMPARED.search(text, prev.start, prev.end)  # "so với cùng kỳ năm 2023"
            near = len(between) <= _CONTEXT_REACH and not _SENTENCE_BREAK.search(between)
            if near and not compared:
                year = prev.period.start.year
                if prev.period.end.year == year:
                    period = ReportingPeriod.year(year)
                    hits[i] = h._replace(period=period, reason=None)
            break


_STRIP = " \n,;:.()[]{}\"'"


def parse_period(
    text: str, *, year: int | None = None, reference: Reference | None = None
) -> ReportingPeriod:
    """Read one reporting period ("9 tháng đầu năm 2023", "quý IV/2021", "năm 2017").

    Args:
        text: the period, alone (surrounding brackets and punctuation are ignored).
        year: the year of a period written without one ("tháng 6", "9 tháng đầu năm").
        reference: the period or date of the report, for relative phrases ("cùng kỳ năm
            trước", "từ đầu năm đến nay"); its year also serves when ``year`` is None.

    Returns:
        The period; its ``wording`` records how the text named it.

    Raises:
        InvalidPeriodError: not a period, an impossible one ("quý V/2021", "tháng 13"),
            or one without a year when neither ``year`` nor ``reference`` gives one.

    >>> from khcn import parse_period, ReportingPeriod
    >>> parse_period("6 tháng đầu năm 2021") == ReportingPeriod.half(2021, 1)
    True
    >>> parse_period("nhiệm kỳ 2020–2025").label_vi
    'nhiệm kỳ 2020-2025'
    >>> parse_period("chín tháng đầu năm", year=2023).code
    '2023-01/2023-09'
    >>> parse_period("cùng kỳ năm trước", reference=ReportingPeriod.half(2023, 1)).label_vi
    '6 tháng đầu năm 2022'
    >>> parse_period("quý V/2021")
    Traceback (most recent call last):
    ...
    khcn.errors.InvalidPeriodError: cannot read period 'quý V/2021' at position 0: a year has 4...
    >>> parse_period("tháng 6")
    Traceback (most recent call last):
    ...
    khcn.errors.InvalidPeriodError: cannot read period 'tháng 6' at position 0: the text has no...
    """
    if not isinstance(text, str):
        raise InvalidPeriodError(repr(text), 0, reason="expected a str")
    norm = normalize_with_map(text)
    body = norm.text
    lo = len(body) - len(body.lstrip(_STRIP))
    hi = len(body.rstrip(_STRIP))
    inner = body[lo:hi]
    ctx = _Context(year, reference)
    hits = _hits(inner, ctx, bare=True) if inner else []
    whole = [h for h in hits if _PREPOSITION.fullmatch(inner, 0, h.start) and h.end == len(inner)]
    if whole and whole[0].period is not None:
        return whole[0].period
    if whole:
        reason = whole[0].reason or "not a period"
    elif hits:
        reason = f"only part of the text is a period: {inner[hits[0].start : hits[0].end]!r}"
    else:
        reason = (
            "not a period: expected a form such as '9 tháng đầu năm 2023', 'quý IV/2021', "
            "'tháng 7/2021', 'năm 2017' or 'giai đoạn 2021-2025'"
        )
    raise InvalidPeriodError(text, norm.offset(lo), reason=reason)


def find_periods(
    text: str, *, year: int | None = None, reference: Reference | None = None
) -> list[Match[ReportingPeriod]]:
    """Every reporting period in running text, in text order. Never raises.

    The day, month and year of a full date are not periods ("ngày 09 tháng 10 năm 2023"
    holds no "tháng 10 năm 2023"); "đến năm 2025" (a horizon) is not the year 2025; a
    lunar-year name ("Quý Mão 2023") is not a quarter. Forms without a year are found
    only when ``year`` or ``reference`` gives one, and relative phrases ("năm trước",
    "cùng kỳ năm trước", "từ đầu năm đến nay") only when ``reference`` is given;
    otherwise they are skipped. A count of months is a period only as "N tháng đầu năm",
    "N tháng qua", "trong N tháng" or "N tháng năm 2022" (N <= 12); "sau 9 tháng" is a
    duration.

    Args:
        text: any text.
        year: the year of periods written without one.
        reference: the report's period or date, for "cùng kỳ năm trước", "từ đầu năm
            đến nay" and for yearless forms when ``year`` is None.

    Returns:
        Matches whose ``value`` is a ReportingPeriod and whose ``form`` is the wording
        id ("quy", "thang", "chin_thang_dau_nam", "nhiem_ky", "cung_ky_nam_truoc" ...).

    >>> from khcn import find_periods, ReportingPeriod
    >>> text = "Sáng ngày 24/9, báo cáo 9 tháng đầu năm; quý IV và giai đoạn 2021 - 2026"
    >>> [(m.value.code, m.form) for m in find_periods(text, year=2021)]
    [('2021-01/2021-09', 'chin_thang_dau_nam'), ('2021-Q4', 'quy'), ('2021/2026', 'giai_doan')]
    >>> ref = ReportingPeriod.year_to_date(2023, months=9)
    >>> [m.value.label_vi for m in find_periods("tăng so với cùng kỳ năm trước", reference=ref)]
    ['9 tháng đầu năm 2022']
    >>> text = "Trong 9 tháng, Sở nghiệm thu 12 nhiệm vụ (sau 18 tháng thực hiện); cả năm"
    >>> [(m.text, m.value.code) for m in find_periods(text, year=2019)]
    [('9 tháng', '2019-01/2019-09'), ('cả năm', '2019')]
    >>> find_periods("tăng so với năm trước", year=2019)
    []
    """
    try:
        if not isinstance(text, str):
            return []  # type: ignore[unreachable]  # callers without type checking
        return _find(text, year, reference, None)
    except (ParseError, ValueError, TypeError, OverflowError):  # pragma: no cover - defensive
        return []


def _find(
    text: str,
    year: int | None,
    reference: Reference | None,
    raws: Sequence[_Raw] | None,
    low: str | None = None,
    periods: list[re.Match[str]] | None = None,
    anchors: list[int] | None = None,
    norm: NormalizedText | _Unchanged | None = None,
) -> list[Match[ReportingPeriod]]:
    """:func:`find_periods`; the other arguments as :func:`_hits` takes them, and ``norm``,
    ``normalize_with_map(text)`` when the caller has it."""
    if norm is None:
        norm = normalize_with_map(text)
    out: list[Match[ReportingPeriod]] = []
    ctx = _Context(year, reference)
    same = norm.text is norm.original  # nothing changed: the offsets are the text's
    for h in _hits(norm.text, ctx, raws=raws, low=low, periods=periods, anchors=anchors):
        if h.period is None:
            continue
        start, end = (h.start, h.end) if same else norm.span(h.start, h.end)
        out.append(Match(h.period, start, end, text[start:end], form=h.form))
    return out


class DatesAndPeriods:
    """The dates and periods of one text, read once for every year and reference asked.

    Normalising the text, its anchors, its date-shaped stretches and the matches of the
    period pattern that are periods do not depend on ``year`` or ``reference``; only the
    values read from them do. A reader that asks one text in several contexts (extraction
    asks a title for its year, then for its period in that year, and reads each paragraph
    for both its dates and its periods) reads it once. Each answer is what
    :func:`khcn.find_dates` and :func:`find_periods` give. Never raises.

    ``normal=True`` says that ``text`` is its own normal form, as every stretch of a text
    :func:`khcn.text.normalize` made is (extraction reads the paragraphs of the normalised
    report): it is then read as it is, without the test of its characters that tells it
    (about a fifth of the reading of a paragraph without dates).

    >>> reading = DatesAndPeriods("Sơ kết 9 tháng đầu năm, ngày 5/3")
    >>> reading.periods(), [m.value.code for m in reading.periods(year=2023)]
    ([], ['2023-01/2023-09'])
    >>> [str(m.value) for m in reading.dates(year=2023)]
    ['2023-03-05']
    """

    __slots__ = ("_anchors", "_low", "_norm", "_periods", "_raws", "_text")

    def __init__(self, text: str, *, normal: bool = False) -> None:
        self._text = ""  # (a text that is no str, or a defensive failure: none of either)
        self._raws: list[_Raw] = []
        self._periods: list[re.Match[str]] = []  # filled by the first periods() (see _hits)
        self._low: str | None = None
        self._anchors: list[int] | None = None  # of the periods
        self._norm: NormalizedText | _Unchanged | None = None
        if not isinstance(text, str):
            return  # type: ignore[unreachable]  # callers without type checking
        try:
            self._norm = norm = _Unchanged(text) if normal else _normalized(text)
            ntext = norm.text
            # (the lowercase, as _regex.lowered tells it, the "ı" and "ſ" it must not hold
            # looked for with the anchors)
            lowered = ntext.lower()
            found = _anchors(lowered) if len(lowered) == len(ntext) else None
            if found is None:  # "İ", "ı" or "ſ": the lowercase does not read as IGNORECASE
                low = None
                starts = anchors(ntext, low)
            else:
                low = lowered
                starts, self._anchors = found
            self._low = low
            self._raws = list(_scan(ntext, starts, low)) if starts else []
            self._text = text
        except (ParseError, ValueError, TypeError, OverflowError):  # pragma: no cover
            self._raws = []

    def dates(self, *, year: int | None = None) -> list[Match[datetime.date | PartialDate]]:
        """``find_dates(text, year=year)``."""
        try:
            return _find_dates(self._text, year, self._raws, self._norm) if self._raws else []
        except (ParseError, ValueError, TypeError, OverflowError):  # pragma: no cover
            return []

    def periods(
        self, *, year: int | None = None, reference: Reference | None = None
    ) -> list[Match[ReportingPeriod]]:
        """``find_periods(text, year=year, reference=reference)``."""
        if self._anchors == [] and not self._raws:
            return []  # no anchor: no period, and no dates to span
        try:
            return _find(
                self._text,
                year,
                reference,
                self._raws,
                self._low,
                self._periods,
                self._anchors,
                self._norm,
            )
        except (ParseError, ValueError, TypeError, OverflowError):  # pragma: no cover
            return []
