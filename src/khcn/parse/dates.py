"""Dates in Vietnamese report prose: ``parse_date`` for one string, ``find_dates`` for many.

Vietnamese writes the day first, always: "09/10/2023" is 9 October. Forms read:

* numeric: "09/10/2023", "9/10/2023", "09-10-2023", "09.10.2023", "09/10/23", ISO "2023-10-09";
* words: "ngày 09 tháng 10 năm 2023", "ngày 5 tháng Mười Hai năm 2022",
  "mùng 5 tháng 3 năm 2021", "ngày mười lăm tháng Giêng năm 2024";
* with a time of day or a weekday before them: "Sáng ngày 09 tháng 10 năm 2023",
  "Thứ Năm, ngày 16/01/2020", "chiều 24/6"; a weekday that contradicts the date is an error;
* without a year: "24/9", "ngày 24 tháng 9" (the year comes from ``year=``; khcn never
  guesses one).

Two-digit years are read in the fixed window 1950–2049. Month names, weekdays and times
of day come from :class:`khcn.vi.calendar.VietnameseParserInfo`.

>>> from khcn import parse_date, find_dates
>>> parse_date("Sáng ngày 09 tháng 10 năm 2023")
datetime.date(2023, 10, 9)
>>> [m.value for m in find_dates("Kế hoạch số 10/KH-UBND ngày 18/01/2023; sáng 24/9")]
[datetime.date(2023, 1, 18), PartialDate(day=24, month=9, year=None)]
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from khcn import _regex
from khcn._data import load_json
from khcn.errors import InvalidDateError, InvalidNumberError, MissingYearError, ParseError
from khcn.model.dates import PartialDate, _days_in_month
from khcn.parse._match import Match
from khcn.text import _Unchanged, normalize_with_map
from khcn.vi.calendar import VietnameseParserInfo, get_calendar, spelled_number

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from khcn.text import NormalizedText

__all__ = ["find_dates", "parse_date"]

_SP = r"\s{1,3}"  # bounded runs keep every pattern linear in the length of the text
_OSP = r"\s{0,3}"
_MONTH_NAMES = {
    1: "January",
    2: "February",
    3: "March",
    4: "April",
    5: "May",
    6: "June",
    7: "July",
    8: "August",
    9: "September",
    10: "October",
    11: "November",
    12: "December",
}
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _words(names: list[str]) -> str:
    """An alternation of phrases for a case-insensitive pattern, spaces matching short runs.

    It is written as a trie ("th(?:áng|ứ)"), so the engine tests each letter once rather
    than every phrase in turn; where one phrase extends another, the longer one is tried
    first, as in a longest-first alternation (two phrases neither of which extends the
    other cannot match at the same place). Phrases are lowercased: IGNORECASE reads a
    letter as its lowercase.
    """
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for i, part in enumerate(name.lower().split()):
            if i:
                node = node.setdefault(" ", {})
            for char in part:
                node = node.setdefault(char, {})
        node[""] = {}
    return _trie(trie)


def _trie(node: dict[str, Any]) -> str:
    alts = [
        (_SP if key == " " else re.escape(key)) + _trie(sub)
        for key, sub in sorted(node.items())
        if key
    ]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
    return f"(?:{body})?" if "" in node else body


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    table = load_json("calendar.json")
    number = _words(table["number_words"])
    spelled = rf"(?:{number})(?:{_SP}(?:{number})){{0,3}}(?!\w)"
    month_names = [n for names in table["months"].values() for n in names if n != "năm"]
    # "năm" is May only when written "Năm" or when a year follows ("tháng năm năm 2023").
    month_word = (
        rf"(?:{_words(month_names)}|(?-i:Năm)"
        rf"|năm(?={_SP}năm{_SP}\d|{_OSP}/{_OSP}\d))(?!\w)"
    )
    weekday_names = [n for day in table["weekdays"].values() for n in day["names"]]
    short = [n for n in weekday_names if re.fullmatch(r"[a-z]{1,2}\d?", n)]
    long = [n for n in weekday_names if n not in short]
    weekday = rf"(?:{_words(long)}|(?<![\w&])(?-i:{'|'.join(n.upper() for n in short)}))(?!\w)"
    tod = rf"(?:buổi{_SP})?(?:{_words(list(table['times_of_day']))})(?!\w)"
    prefixes = _words(table["day_prefixes"])
    year_tail = rf"(?:{_OSP},?{_OSP}năm{_SP}|{_OSP}/{_OSP})(?P<wy>\d{{4}}|\d{{2}})(?!\d)"
    # the letters a date can start with (a time of day, a weekday, "ngày", "mùng" or a
    # spelled day), besides digits: elsewhere the alternatives below need not be tried
    openers = [
        "buổi",
        "ngày",
        *table["times_of_day"],
        *weekday_names,
        *table["day_prefixes"],
        *table["number_words"],
    ]
    first = "".join(sorted({w[0].lower() for w in openers if not w[0].isdigit()}))
    # and the words they open with, whole: most word starts with those letters open none
    first_words = sorted({w.split()[0] for w in openers if not w[0].isdigit()})
    # a digit opens a date only as a day and "tháng", a day and a separator ("5/3"), or an
    # ISO year ("2023-10-09"): at other numbers ("12 nhiệm vụ", "2023,") nothing is tried
    opening = rf"""
        (?=[\d{re.escape(first)}])
        (?<![\w])
        (?=\d{{1,2}}(?:{_SP}tháng|[/.\-]\d)|\d{{4}}-\d|(?:{_words(first_words)})(?!\w))
"""
    date = (
        opening
        + rf"""        (?:(?P<tod>{tod}){_OSP},?{_SP})?
        (?:(?P<wd>{weekday}){_OSP}(?:,|-)?{_OSP}(?P<paren>\()?{_OSP})?
        (?:
            (?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})(?![\d/.\-]\d)
          | (?:(?P<ngay>ngày){_SP}(?:(?P<mung1>{prefixes}){_SP})?|(?P<mung2>{prefixes}){_SP})?
            (?:
                (?:(?P<wd_>\d{{1,2}})|(?P<wdw>{spelled}))
                {_SP}tháng{_SP}(?:(?P<wm>\d{{1,2}})(?!\d)|(?P<wmw>{month_word}))
                (?:{year_tail})?
              | (?<![\d.,/])(?P<nd>\d{{1,2}})(?P<sep>[/.\-])(?P<nm>\d{{1,2}})
                (?:(?P=sep)(?P<ny>\d{{4}}|\d{{2}})(?!\d|[/.]\d|/[^\W\d_])|(?![/.\-]?\d))
            )
        )
        (?(paren){_OSP}\))
    """
    )
    cue = rf"(?:^|(?<!\w))(?:{_words(table['date_cues'])}){_SP}$"
    flags = re.IGNORECASE | re.VERBOSE
    # where a date can start, for the lowercased text: see _matches
    starts = _regex.lower_source(opening)
    assert starts is not None  # the lowercase of a class of letters is known
    return (
        _regex.compile(date, flags),
        _regex.compile(cue, re.IGNORECASE),
        _regex.compile(starts, re.VERBOSE),
    )


class _Raw(NamedTuple):
    """A date-shaped stretch of normalised text, before any policy is applied."""

    start: int
    end: int
    day: int
    month: int
    year: int | None
    weekday: int | None
    cued: bool  # a word of the match says "this is a date" (ngày, sáng, Thứ Hai, "(")
    separator: str  # "/", ".", "-" for numeric forms; "" for words; "iso"
    two_digit_year: bool


def _read(m: re.Match[str], info: VietnameseParserInfo) -> _Raw | None:
    """The fields of one match of the date pattern; None when its words are no number."""
    # (the groups read one by one: a dict of all of them costs as much as the rest)
    sep = ""
    two_digit = False
    year: int | None
    ngay, mung1, mung2 = m["ngay"], m["mung1"], m["mung2"]
    try:
        if m["iy"] is not None:
            day, month, year = int(m["id"]), int(m["im"]), int(m["iy"])
            sep = "iso"
        elif (nd := m["nd"]) is not None:
            day, month = int(nd), int(m["nm"])
            sep = m["sep"]
            ny = m["ny"]
            year = int(ny) if ny else None
            two_digit = ny is not None and len(ny) == 2
        else:
            if (wd_ := m["wd_"]) is not None:
                day = int(wd_)
            elif ngay or mung1 or mung2:
                day = spelled_number(m["wdw"])
            else:
                return None  # "năm tháng 3": a spelled day needs "ngày" or "mùng"
            wm = m["wm"]
            month = int(wm) if wm is not None else info.month_number(m["wmw"]) or 0
            wy = m["wy"]
            year = int(wy) if wy else None
            two_digit = wy is not None and len(wy) == 2
    except (InvalidNumberError, ValueError):
        return None
    if year is not None and two_digit:
        year = info.convertyear(year)
    tod, wd = m["tod"], m["wd"]
    return _Raw(
        m.start(),
        m.end(),
        day,
        month,
        year,
        info.weekday(wd) if wd else None,
        bool(tod or wd or ngay or mung1 or mung2 or m["paren"]),
        sep,
        two_digit,
    )


#: No match of the date pattern is longer than this (tests/test_dates.py checks it).
MAX_DATE_WIDTH = 160
#: A date starts at most this many characters before the first anchor it holds (see
#: anchors): a time of day, a weekday in brackets, "ngày mùng" and a spelled day before
#: "tháng", each word spaced as widely as the pattern lets it (tests/test_periods.py
#: derives it from the pattern).
DATE_REACH = 82
# Beyond a match, the lookaheads of the date and period patterns read at most this many
# characters.
LOOKAHEAD = 64
# The first lines of the date and period patterns, which say where one can start, read at
# most this many characters from the start (tests/test_dates.py checks it).
START_REACH = 12
# Every date holds one of these: "tháng" (any case), or a separator between a digit and a
# day or month of one or two digits ("5/3", "05.03", "2023-10"; not "6.184", a count).
_ANCHOR_WORDS = _regex.Caseless("tháng")
# the separator, found first (digits are many times more frequent): the anchor is the digit
# before it (what follows the separator, shared with khcn.parse.periods._ALL_ANCHORS)
_SIGN_CHECK = r"(?<=\d.)(?=\d\d?(?!\d))"
_ANCHOR_SIGNS = _regex.compile(rf"[/.\-]{_SIGN_CHECK}")


def anchors(text: str, low: str | None = None) -> list[int]:
    """The anchors of the dates of ``text``, in order: the starts of "tháng" in any case
    and of a digit followed by a separator and a digit ("5/3", "1.2", "2023-10").

    ``low``: the :func:`khcn._regex.lowered` ``text``, when the caller has it ("tháng" is
    searched in it, many times faster than case-insensitively).
    """
    if low is None:
        low = _regex.lowered(text)
    starts = [m.start() for m in _ANCHOR_WORDS.finditer_low(text, low)]
    starts += [m.start() - 1 for m in _ANCHOR_SIGNS.finditer(text)]
    starts.sort()  # two runs in order: sorting merges them in linear time
    return starts


def _anchored_ranges(starts: Iterable[int], width: int) -> list[tuple[int, int]]:
    """The disjoint ranges ``(lo, hi)`` of starts at most ``width`` before an anchor (of
    ``starts``, rising), in order."""
    ranges: list[tuple[int, int]] = []
    lo = hi = -1  # the range growing, none yet
    for at in starts:
        if hi >= 0 and at - width <= hi + 1:
            hi = at
            continue
        if hi >= 0:
            ranges.append((lo, hi))
        lo, hi = (at - width if at > width else 0), at
    if hi >= 0:
        ranges.append((lo, hi))
    return ranges


def _starts_near(
    starts_re: re.Pattern[str], low: str, anchors: Iterable[int], width: int
) -> list[int]:
    """The positions of ``low`` at most ``width`` before one of ``anchors`` (in order) where
    ``starts_re`` matches, in order.

    ``starts_re`` is a zero-width test (the first lines of a pattern, lowercased) that reads
    at most START_REACH characters from a position, so each range of positions is searched
    with the text cut that far beyond it: the positions beyond a range are barely read. It
    is searched written as :func:`_consuming` writes it, which finds the same starts.
    """
    n = len(low)
    out: list[int] = []
    finditer = _consuming(starts_re).finditer
    for lo, hi in _anchored_ranges(anchors, width):
        for m in finditer(low, lo, min(n, hi + 1 + START_REACH)):
            at = m.start()
            if at > hi:
                break  # read as the range's last starts do, but beyond it
            out.append(at)
    return out


_LOOKAHEAD_CLASS = re.compile(r"\s*\(\?=(\[[^\]]*\])\)[^\n]*\n")


@cache
def _consuming(starts_re: re.Pattern[str]) -> re.Pattern[str]:
    """A start test, ``(?=[letters])`` and its other checks (a VERBOSE pattern, one to a
    line), written to read the letter: ``[letters](?<=checks[letters])``. A zero-width
    pattern is tried whole at every position, where this one is tried only at one of the
    letters, which the engine skips to in C; it matches, one character long, where the test
    matches (tests/test_dates.py compares the two)."""
    found = _LOOKAHEAD_CLASS.match(starts_re.pattern)
    if found is None or not starts_re.flags & re.VERBOSE:
        raise ValueError(f"not a start test: {starts_re.pattern!r}")
    letters, checks = found[1], starts_re.pattern[found.end() :]
    return re.compile(f"{letters}(?<={checks}{letters})", starts_re.flags)


def _matches(
    date_re: re.Pattern[str],
    text: str,
    starts: Iterable[int] | None = None,
    low: str | None = None,
) -> Iterator[re.Match[str]]:
    """What ``date_re.finditer(text)`` gives, trying only starts near an anchor (``starts``:
    the anchors of ``text`` in order, when the caller has found them, or more; ``low``: the
    :func:`khcn._regex.lowered` ``text``, when the caller has it).

    A match starts at most DATE_REACH before the first anchor it holds. Of those starts,
    only the ones where the pattern's first lines hold can match: they are found in the
    lowercased text (a C search of a short stretch around each anchor), and the pattern is
    matched at each in turn, from the end of the last match.
    """
    if low is None:
        low = _regex.lowered(text)
    if starts is None:
        starts = anchors(text, low)
    if low is None:  # "İ", "ı" or "ſ": the lowercase does not read as IGNORECASE reads
        yield from _searched(date_re, text, starts)
        return
    match = date_re.match
    pos = 0
    for at in _starts_near(_patterns()[2], low, starts, DATE_REACH):
        if at >= pos:
            m = match(text, at)
            if m is not None:
                yield m
                pos = m.end()  # never empty: every date has a day and a month


def _searched(
    date_re: re.Pattern[str], text: str, starts: Iterable[int]
) -> Iterator[re.Match[str]]:
    """:func:`_matches` of a text whose lowercase does not read as IGNORECASE reads: the
    ranges of starts near an anchor are searched in turn, each with the text cut a match
    width and a lookahead beyond its end, which reads every start in the range as the
    whole text would."""
    n = len(text)
    pos = 0
    for lo, hi in _anchored_ranges(starts, MAX_DATE_WIDTH):
        pos = max(pos, lo)
        stop = min(n, hi + MAX_DATE_WIDTH + LOOKAHEAD)
        while pos <= hi:
            m = date_re.search(text, pos, stop)
            if m is None or m.start() > hi:
                break
            yield m
            pos = m.end()


@cache
def _range_follower() -> re.Pattern[str]:
    """What follows a number range or a fraction, never a date: "4-8 triệu", "2-4 cơ sở"."""
    numerals = load_json("numerals.json")
    words = [
        *load_json("calendar.json")["not_date_before"],
        *numerals["scales"],
        *numerals["scale_abbreviations"],
        *numerals["scaled_currency"],
        *(v for currency in numerals["currencies"].values() for v in currency["variants"]),
    ]
    return _regex.compile(rf"{_OSP}(?:{_words(words)})(?!\w)", re.IGNORECASE)


def _scan(text: str, starts: Iterable[int] | None = None, low: str | None = None) -> Iterator[_Raw]:
    """Every date-shaped stretch of normalised ``text``, left to right, not overlapping
    (``starts``, ``low``: as for :func:`_matches`).

    Stretches whose numbers cannot be read are skipped, and so is a yearless "d/m",
    "d.m" or "d-m" followed by a scale, currency or count word ("từ 4-8 triệu đồng",
    "2/4 cơ sở"): a range or a fraction. Impossible days are kept (the caller decides
    whether that is an error). ``cued`` also counts a cue word just before a "d/m" or a
    spelled date; "d.m" and "d-m" count only the cues of the match itself ("ngày",
    "mùng", a time of day, a weekday), since "từ 2-4" is a range more often than a date.
    """
    date_re, cue_re, _ = _patterns()
    info = get_calendar()
    follower = _range_follower()
    for m in _matches(date_re, text, starts, low):
        raw = _read(m, info)
        if raw is None:
            continue
        ranged = raw.year is None and raw.separator in ("/", ".", "-")
        if ranged and follower.match(text, raw.end, raw.end + LOOKAHEAD):
            continue
        if not raw.cued and raw.separator in ("/", ""):
            before = text[max(0, raw.start - 12) : raw.start]
            if cue_re.search(before) or before.endswith("("):
                raw = raw._replace(cued=True)
        yield raw


def _problem(raw: _Raw, year: int | None) -> str | None:
    """Why ``raw`` names no day (in ``year``, for a yearless date), or None."""
    if not 1 <= raw.month <= 12:
        return f"there is no month {raw.month}: a year has 12 months"
    chosen = raw.year if raw.year is not None else year
    if chosen is not None and not 1 <= chosen <= 9999:
        return f"year {chosen} is out of range"
    longest = _days_in_month(chosen if chosen is not None else 2000, raw.month)
    if not 1 <= raw.day <= longest:
        when = f"{_MONTH_NAMES[raw.month]} {chosen}" if chosen is not None else "that month"
        return f"{when} has {longest} days, not {raw.day}"
    return None


def _weekday_problem(raw: _Raw, value: datetime.date) -> str | None:
    if raw.weekday is None or raw.weekday == value.weekday():
        return None
    info = get_calendar()
    actual = value.weekday()
    return (
        f"{value:%d/%m}/{value.year} is a {_DAY_NAMES[actual]} ({info.weekday_label(actual)}), "
        f"not {info.weekday_label(raw.weekday)} ({_DAY_NAMES[raw.weekday]})"
    )


_STRIP = " \n,;:.()[]{}\"'"
# Text that khcn.text.normalize leaves as it is: printable ASCII without runs of spaces, and
# precomposed Latin letters (Vietnamese ones included) other than Ð/ð.
_CLEAN = _regex.compile(
    r"(?:[\x21-\x7e\u00c0-\u00cf\u00d1-\u00ef\u00f1-\u024f\u1e00-\u1eff]| (?! ))*"
)


def parse_date(text: str, *, year: int | None = None) -> datetime.date:
    """Read one Vietnamese date, day first ("ngày 09 tháng 10 năm 2023", "09/10/2023").

    Words for the time of day and a weekday may stand before the date; surrounding
    brackets and punctuation are ignored ("(15/01/2018)").

    Args:
        text: the date, alone.
        year: the year of a date written without one ("24/9"); a year in the text wins.

    Returns:
        The date.

    Raises:
        MissingYearError: the text has no year and ``year`` is None (never guessed).
        InvalidDateError: not a date, a day that does not exist (31/02/2023, tháng 13),
            or a weekday that contradicts the date (the message says the true weekday).

    >>> from khcn import parse_date
    >>> parse_date("Thứ Năm, ngày 16/01/2020"), parse_date("mùng 5 tháng 3 năm 2021")
    (datetime.date(2020, 1, 16), datetime.date(2021, 3, 5))
    >>> parse_date("chiều 24/6", year=2021)
    datetime.date(2021, 6, 24)
    >>> parse_date("24/9")
    Traceback (most recent call last):
    ...
    khcn.errors.MissingYearError: cannot read date '24/9' at position 4: the date has no year; ...
    >>> parse_date("31/02/2023")
    Traceback (most recent call last):
    ...
    khcn.errors.InvalidDateError: ... at position 0: February 2023 has 28 days, not 31...
    >>> parse_date("Thứ Hai, 16/01/2020")
    Traceback (most recent call last):
    ...
    khcn.errors.InvalidDateError: ... 16/01/2020 is a Thursday (Thứ Năm), not Thứ Hai (Monday)...
    """
    if not isinstance(text, str):
        raise InvalidDateError(repr(text), 0, reason="expected a str")
    # Most inputs are already normal (NFC, plain spaces): skip building the offset map.
    clean = _CLEAN.fullmatch(text) is not None and unicodedata.is_normalized("NFC", text)
    norm = None if clean else normalize_with_map(text)
    body = text if norm is None else norm.text

    def offset(index: int, *, end: bool = False) -> int:
        if norm is None:
            return index
        return norm.end_offset(index) if end else norm.offset(index)

    lo = len(body) - len(body.lstrip(_STRIP))
    hi = len(body.rstrip(_STRIP))
    if "(" in body[lo:hi] and ")" not in body[lo:hi] and ")" in body[hi:]:
        hi = body.index(")", hi) + 1  # keep the bracket of "Thứ Năm (16/01/2020)"
    found = None
    if lo < hi:
        m = _patterns()[0].fullmatch(body, lo, hi)
        if m is not None:
            found = _read(m, get_calendar())
    if found is None:
        raise InvalidDateError(
            text,
            offset(lo),
            reason="not a date: expected a form such as 'ngày 09 tháng 10 năm 2023', "
            "'09/10/2023' or '2023-10-09'",
        )
    problem = _problem(found, year)
    if problem is not None:
        raise InvalidDateError(text, offset(lo), reason=problem)
    chosen = found.year if found.year is not None else year
    if chosen is None:
        raise MissingYearError(
            text,
            offset(hi, end=True),
            reason="the date has no year; pass year= to say which (khcn never guesses it)",
        )
    value = datetime.date(chosen, found.month, found.day)
    mismatch = _weekday_problem(found, value)
    if mismatch is not None:
        raise InvalidDateError(text, offset(lo), reason=mismatch)
    return value


def _accept_in_prose(raw: _Raw) -> bool:
    """Whether a date-shaped stretch of running text is a date, not a number or a range."""
    if raw.year is not None:
        # "09.10.23" is more often a version or a number than a date.
        return not (raw.two_digit_year and raw.separator == ".")
    if raw.cued:
        return True
    # Bare "24/9": a fraction p/q has p <= q, a day/month with day > 12 cannot be one.
    return raw.separator == "/" and raw.day > 12


def find_dates(text: str, *, year: int | None = None) -> list[Match[datetime.date | PartialDate]]:
    """Every date in running text, in text order. Never raises.

    Dates without a year ("Sáng ngày 24/9") are :class:`~khcn.PartialDate` values, or
    dates in ``year`` when it is given. Document numbers ("138/QĐ-UBND",
    "09/2019/NĐ-CP"), fractions ("1/2021") and months ("tháng 7/2021") are not dates.
    A bare yearless "d/m" counts only when it cannot be a fraction (day above 12) or a
    word such as "ngày", "sáng", "từ", "đến" stands before it; "5.1" and "1-12" need
    "ngày", "mùng", a time of day or a weekday right before them ("sáng 5.1", "ngày
    1-12"), since "từ 2-4" is most often a range. A yearless one followed by a scale,
    currency or count word is a range, never a date ("từ 4-8 triệu đồng", "2-4 cơ sở").
    Days that do not exist are skipped. A date whose weekday contradicts it is kept with
    ``form="weekday_mismatch"``; the weekday belongs to the match ("Thứ Sáu, 28/12/2018").

    Args:
        text: any text.
        year: the year of dates written without one.

    Returns:
        Matches whose ``value`` is a ``datetime.date`` or, for a yearless date when
        ``year`` is None, a ``PartialDate``; ``text`` is the caller's own substring.

    >>> from khcn import find_dates
    >>> text = "Quyết định 138/QĐ-UBND ngày 5/3/2021; hội nghị chiều 24/6, tháng 7/2021"
    >>> for m in find_dates(text):
    ...     print(repr(m.text), m.start, repr(m.value))
    'ngày 5/3/2021' 23 datetime.date(2021, 3, 5)
    'chiều 24/6' 47 PartialDate(day=24, month=6, year=None)
    >>> [m.value for m in find_dates("Sáng ngày 24/9, ngày 1-12", year=2023)]
    [datetime.date(2023, 9, 24), datetime.date(2023, 12, 1)]
    >>> find_dates("phạt tiền từ 4-8 triệu đồng, kiểm tra từ 2-4 cơ sở", year=2023)
    []
    >>> find_dates("Thứ Hai, ngày 16/01/2020")[0].form
    'weekday_mismatch'
    """
    try:
        return _find(text, year)
    except (ParseError, ValueError, TypeError, OverflowError):  # pragma: no cover - defensive
        return []


def _find(
    text: str,
    year: int | None,
    raws: Sequence[_Raw] | None = None,
    norm: NormalizedText | _Unchanged | None = None,
) -> list[Match[datetime.date | PartialDate]]:
    """:func:`find_dates`; ``raws`` is ``list(_scan(...))`` of the normalised text when the
    caller has it already (see :class:`khcn.parse.periods.DatesAndPeriods`), and
    ``norm`` is ``normalize_with_map(text)``, when the caller has it."""
    if not isinstance(text, str):
        return []  # type: ignore[unreachable]  # callers without type checking
    if norm is None:
        norm = normalize_with_map(text)
    out: list[Match[datetime.date | PartialDate]] = []
    same = norm.text is norm.original  # nothing changed: the offsets are the text's
    for raw, value in _dates_in(norm.text, year, raws):
        start, end = (raw.start, raw.end) if same else norm.span(raw.start, raw.end)
        form = None
        if isinstance(value, datetime.date) and _weekday_problem(raw, value):
            form = "weekday_mismatch"
        out.append(Match(value, start, end, text[start:end], form=form))
    return out


def _dates_in(
    text: str, year: int | None, raws: Sequence[_Raw] | None = None
) -> Iterator[tuple[_Raw, datetime.date | PartialDate]]:
    """The dates of normalised ``text`` as (stretch, value); shared with the period finder.

    ``raws``, when given, is what ``_scan(text)`` gives, read once for several callers.
    """
    if year is not None and (type(year) is not int or not 1 <= year <= 9999):
        year = None
    for raw in _scan(text) if raws is None else raws:
        if not _accept_in_prose(raw) or _problem(raw, year) is not None:
            continue
        chosen = raw.year if raw.year is not None else year
        if chosen is None:
            yield raw, PartialDate(raw.day, raw.month)
        else:
            yield raw, datetime.date(chosen, raw.month, raw.day)
