"""Vietnamese calendar words: months, weekdays, times of day, quarter numerals.

The vocabulary is data (``khcn/_data/calendar.json``); this module turns it into one
lookup table, :class:`VietnameseParserInfo`, a :class:`dateutil.parser.parserinfo`
subclass. khcn's own date reader uses it for its lookups, and it also works as the
``parserinfo=`` of :func:`dateutil.parser.parse` for simple Vietnamese dates:

>>> from dateutil.parser import parse
>>> from khcn.vi.calendar import get_calendar
>>> CALENDAR = get_calendar()
>>> parse("ngày 09 tháng 10 năm 2023", parserinfo=CALENDAR).date()
datetime.date(2023, 10, 9)
>>> CALENDAR.month_number("Mười Hai"), CALENDAR.month("Giêng"), CALENDAR.weekday("Chủ nhật")
(12, 1, 6)

"Quý" in a lunar-year name ("Quý Mão") is a heavenly stem, not a quarter: quarter
numerals are only I–IV, 1–4 and their spelled forms.

>>> CALENDAR.quarter("IV"), CALENDAR.quarter("Mão")
(4, None)
"""

from __future__ import annotations

from functools import cache
from typing import Any

from dateutil.parser import parserinfo

from khcn._data import load_json
from khcn.vi.numerals import words_to_number

__all__ = ["VietnameseParserInfo", "get_calendar", "spelled_number"]


def _table() -> dict[str, Any]:
    data: dict[str, Any] = load_json("calendar.json")
    return data


class VietnameseParserInfo(parserinfo):
    """Vietnamese month, weekday and filler words for dateutil, read day first.

    Lookups are case-insensitive and expect text normalised by :func:`khcn.text.normalize`.
    Month names include the multi-word ones ("mười hai"); dateutil's own tokenizer
    splits on spaces, so :func:`dateutil.parser.parse` only sees the one-word names.
    Two-digit years are read in the fixed window 1950–2049 (not relative to today),
    so the same text always gives the same date.

    >>> from khcn.vi.calendar import VietnameseParserInfo
    >>> info = VietnameseParserInfo()
    >>> info.dayfirst, info.month_number("tháng chạp"), info.weekday("T2"), info.convertyear(23)
    (True, 12, 0, 2023)
    """

    def __init__(self) -> None:
        table = _table()
        # Every month name, with and without "tháng", for khcn's own lookups.
        self._month_words: dict[str, int] = {}
        for number in range(1, 13):
            for name in [*table["months"][str(number)], str(number)]:
                self._month_words[name] = number
                self._month_words[f"tháng {name}"] = number
        # dateutil reads one token at a time: give it only the names that are not also
        # numerals ("năm" is five, and the word for year), so "năm 2023" stays a year.
        numerals = set(table["number_words"])
        months = [
            tuple(n for n in table["months"][str(i)] if " " not in n and n not in numerals)
            or (f"tháng {i}",)
            for i in range(1, 13)
        ]
        weekdays = [tuple(table["weekdays"][str(i)]["names"]) for i in range(7)]
        self.MONTHS = months
        self.WEEKDAYS = weekdays
        self.JUMP = [
            *parserinfo.JUMP,
            "ngày",
            "tháng",
            "năm",
            "hôm",
            "lúc",
            "vào",
            *table["day_prefixes"],
            *table["times_of_day"],
        ]
        super().__init__(dayfirst=True, yearfirst=False)
        self._quarters = {
            name: int(number) for number, names in table["quarters"].items() for name in names
        }
        self._weekday_labels = tuple(table["weekdays"][str(i)]["label"] for i in range(7))
        self._roman = tuple(table["roman"])
        self.times_of_day: dict[str, str] = dict(table["times_of_day"])

    def month_number(self, name: str) -> int | None:
        """The month number (1–12) of any month name or numeral, or None.

        Unlike :meth:`month` (what dateutil asks, one token at a time), this knows the
        names that are also numerals ("năm" is May after "tháng") and multi-word names.

        >>> from khcn.vi.calendar import get_calendar
        >>> CALENDAR = get_calendar()
        >>> CALENDAR.month_number("tháng Giêng"), CALENDAR.month_number("07")
        (1, 7)
        >>> CALENDAR.month_number("Năm"), CALENDAR.month("năm"), CALENDAR.month_number("Mão")
        (5, None, None)
        """
        key = " ".join(name.lower().split())
        if key.isascii() and key.isdigit():
            key = str(int(key))
        return self._month_words.get(key)

    def weekday(self, name: str) -> int | None:
        """The weekday (0 = Monday, "Thứ Hai" … 6 = Sunday, "Chủ nhật"), or None.

        >>> from khcn.vi.calendar import get_calendar
        >>> CALENDAR = get_calendar()
        >>> CALENDAR.weekday("Thứ Năm"), CALENDAR.weekday("thứ  5"), CALENDAR.weekday("T8")
        (3, 3, None)
        """
        found = super().weekday(" ".join(name.lower().split()))
        return int(found) if found is not None else None

    def weekday_label(self, weekday: int) -> str:
        """The Vietnamese name of weekday ``weekday`` (0 = Monday).

        >>> from khcn.vi.calendar import get_calendar
        >>> CALENDAR = get_calendar()
        >>> CALENDAR.weekday_label(0), CALENDAR.weekday_label(6)
        ('Thứ Hai', 'Chủ nhật')
        """
        return str(self._weekday_labels[weekday])

    def quarter(self, name: str) -> int | None:
        """The quarter (1–4) named by a Roman, Arabic or spelled numeral, or None.

        >>> from khcn.vi.calendar import get_calendar
        >>> CALENDAR = get_calendar()
        >>> CALENDAR.quarter("III"), CALENDAR.quarter("4"), CALENDAR.quarter("tư")
        (3, 4, 4)
        """
        key = name.lower().strip()
        if key.isascii() and key.isdigit():
            key = str(int(key))
        return self._quarters.get(key)

    def roman(self, number: int) -> str:
        """``number`` (1–12) in Roman numerals, as quarters are written ("quý IV").

        >>> from khcn.vi.calendar import get_calendar
        >>> CALENDAR = get_calendar()
        >>> CALENDAR.roman(4)
        'IV'
        """
        return str(self._roman[number - 1])

    def convertyear(self, year: int, century_specified: bool = False) -> int:
        """A full year from a two-digit one, in the fixed window 1950–2049.

        >>> from khcn.vi.calendar import get_calendar
        >>> CALENDAR = get_calendar()
        >>> CALENDAR.convertyear(49), CALENDAR.convertyear(50), CALENDAR.convertyear(2017)
        (2049, 1950, 2017)
        """
        if year < 100 and not century_specified:
            return 2000 + year if year < 50 else 1900 + year
        return year


@cache
def get_calendar() -> VietnameseParserInfo:
    """The shared :class:`VietnameseParserInfo`, built on first use.

    >>> from khcn.vi.calendar import get_calendar
    >>> get_calendar() is get_calendar()
    True
    """
    return VietnameseParserInfo()


def spelled_number(words: str) -> int:
    """The value of a spelled Vietnamese number ("mười lăm", "hai mươi mốt").

    Uses :func:`khcn.vi.numerals.words_to_number`.

    Raises:
        InvalidNumberError: ``words`` is not a number.

    >>> from khcn.vi.calendar import spelled_number
    >>> spelled_number("mười lăm"), spelled_number("năm"), spelled_number("hai mươi mốt")
    (15, 5, 21)
    """
    return words_to_number(words)
