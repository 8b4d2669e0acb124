"""A day and month whose year the text did not say ("Sáng ngày 24/9")."""

from __future__ import annotations

import calendar
import datetime

import attrs

from khcn.errors import InvalidDateError, MissingYearError, ValidationError

__all__ = ["PartialDate"]

# the days of each month of a common year (calendar.monthrange, which also works out the
# weekday of the first day, costs several times more)
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    """The number of days of ``month`` (1-12) in ``year`` (1-9999).

    >>> _days_in_month(2024, 2), _days_in_month(2023, 2), _days_in_month(2023, 12)
    (29, 28, 31)
    """
    return _MONTH_DAYS[month] if month != 2 else 28 + calendar.isleap(year)


def _check_month(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or not 1 <= value <= 12:
        raise ValidationError(attribute.name, value, "a month is a whole number from 1 to 12")


def _check_year(
    _instance: object, attribute: attrs.Attribute[int | None], value: int | None
) -> None:
    if value is not None and (type(value) is not int or not 1 <= value <= 9999):
        raise ValidationError(attribute.name, value, "a year is a whole number from 1 to 9999")


@attrs.frozen(order=False)
class PartialDate:
    """A calendar day that may lack its year, as reports write "ngày 24/9".

    Reports leave the year out when the title or byline says it; khcn keeps such a date
    as it was written instead of guessing a year. :meth:`resolve` supplies the year.

    Attributes:
        day: day of the month, 1–31 (29 February is allowed while the year is unknown).
        month: month, 1–12.
        year: the year, when the text gave one; None otherwise.

    Raises:
        ValidationError: a day or month that no calendar has (names the field).

    >>> from khcn import PartialDate
    >>> p = PartialDate(24, 9)
    >>> p, p.resolve(2023)
    (PartialDate(day=24, month=9, year=None), datetime.date(2023, 9, 24))
    >>> PartialDate(31, 4)
    Traceback (most recent call last):
    ...
    khcn.errors.ValidationError: day=31: month 4 has at most 30 days
    """

    day: int
    month: int = attrs.field(validator=_check_month)
    year: int | None = attrs.field(default=None, validator=_check_year)

    def __attrs_post_init__(self) -> None:
        longest = _days_in_month(self.year or 2000, self.month)
        if type(self.day) is not int or not 1 <= self.day <= longest:
            raise ValidationError("day", self.day, f"month {self.month} has at most {longest} days")

    def resolve(self, year: int | None = None) -> datetime.date:
        """The full date, in this date's own year or else in ``year``.

        Raises:
            MissingYearError: neither this date nor the call gives a year.
            InvalidDateError: the day does not exist in that year (29/2 in 2023).

        >>> from khcn import PartialDate
        >>> PartialDate(29, 2).resolve(2024)
        datetime.date(2024, 2, 29)
        >>> PartialDate(1, 12, 2021).resolve(2030)
        datetime.date(2021, 12, 1)
        >>> PartialDate(24, 9).resolve()
        Traceback (most recent call last):
        ...
        khcn.errors.MissingYearError: cannot read date '24/9' at position 4: ...
        """
        chosen = self.year if self.year is not None else year
        text = f"{self.day}/{self.month}"
        if chosen is None:
            raise MissingYearError(
                text, len(text), reason="the date has no year; pass year= to say which"
            )
        try:
            return datetime.date(chosen, self.month, self.day)
        except ValueError as err:
            raise InvalidDateError(
                f"{text}/{chosen}", 0, reason=f"{self.day}/{self.month} does not exist in {chosen}"
            ) from err

    def __str__(self) -> str:
        """Day first, as Vietnamese text writes it.

        >>> from khcn import PartialDate
        >>> str(PartialDate(5, 1)), str(PartialDate(5, 1, 2024))
        ('05/01', '05/01/2024')
        """
        base = f"{self.day:02d}/{self.month:02d}"
        return base if self.year is None else f"{base}/{self.year}"
