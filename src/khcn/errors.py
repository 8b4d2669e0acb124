"""Every error khcn raises, in one small module so that any other module can import it.

The tree::

    KhcnError                         root: catch this to catch everything khcn raises
    ├── ParseError (ValueError)       a text could not be read; carries text, position, kind
    │   ├── InvalidNumberError        "1.2.3", "mười mười"
    │   ├── InvalidMoneyError         "38,75 triệu" with no currency, "5 tỷ USD đồng"
    │   ├── InvalidDateError          "31/02/2023", "tháng 13"
    │   │   └── MissingYearError      "24/9" read without ``year=``
    │   └── InvalidPeriodError        "quý V/2021"
    ├── CurrencyMismatchError (ValueError)   Money in two currencies added or compared
    ├── QualifierError (ValueError)   a sum of figures whose bounds cannot be combined
    ├── PeriodArithmeticError (ValueError)   a period difference that is not one period
    ├── ValidationError (ValueError)  a model value that cannot be true (names field and value)
    ├── ProvinceLookupError (LookupError)
    │   ├── UnknownProvinceError      no unit bears this name
    │   └── AmbiguousProvinceError    two units in force at once bear this name
    └── DataError                     a data file shipped with khcn is broken

Each error keeps its context as attributes, not only in the message, so that
programs can act on it:

>>> from khcn.errors import ParseError
>>> err = ParseError("1.2.3", 3, kind="number", reason="a group of thousands needs 3 digits")
>>> err.text, err.position, err.kind
('1.2.3', 3, 'number')
>>> str(err)
"cannot read number '1.2.3' at position 3: a group of thousands needs 3 digits\\n  1.2.3\\n     ^"
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "AmbiguousProvinceError",
    "CurrencyMismatchError",
    "DataError",
    "InvalidDateError",
    "InvalidMoneyError",
    "InvalidNumberError",
    "InvalidPeriodError",
    "KhcnError",
    "MissingYearError",
    "ParseError",
    "PeriodArithmeticError",
    "ProvinceLookupError",
    "QualifierError",
    "UnknownProvinceError",
    "ValidationError",
]

_SHOWN = 60  # characters of context shown either side of the failing position


class KhcnError(Exception):
    """Root of every error khcn raises on purpose.

    >>> from khcn import KhcnError, parse_number
    >>> try:
    ...     parse_number("không phải số")
    ... except KhcnError as err:
    ...     print(type(err).__name__)
    InvalidNumberError
    """


class ParseError(KhcnError, ValueError):
    """A text could not be read as the value asked for.

    Attributes:
        text: the text that was being read (as the caller gave it).
        position: the character offset in ``text`` where reading failed.
        kind: what was being read: ``"number"``, ``"money"``, ``"date"``, ``"period"``.
        reason: why reading failed, in plain words.
        suggestions: readings the caller may have meant, if any.

    It is also a ``ValueError``, so code that already catches ``ValueError`` keeps working.

    >>> from khcn import ParseError, parse_money
    >>> try:
    ...     parse_money("năm 2023")
    ... except ParseError as err:
    ...     print(err.kind, err.position)
    money 0
    """

    default_kind = "value"

    def __init__(
        self,
        text: str,
        position: int,
        *,
        kind: str | None = None,
        reason: str = "unexpected text",
        suggestions: Sequence[str] = (),
    ) -> None:
        self.text = text
        self.position = max(0, min(position, len(text)))
        self.kind = kind or self.default_kind
        self.reason = reason
        self.suggestions = tuple(suggestions)
        # The message is built when read (``str(err)``): parsers raise and catch many
        # errors while scanning, and most are never shown.
        super().__init__(text, self.position)

    def __str__(self) -> str:
        return self._message()

    def _message(self) -> str:
        shown_text = self.text
        caret = self.position
        if len(shown_text) > 2 * _SHOWN:
            lo = max(0, self.position - _SHOWN)
            hi = min(len(shown_text), self.position + _SHOWN)
            prefix = "…" if lo else ""
            shown_text = prefix + shown_text[lo:hi] + ("…" if hi < len(self.text) else "")
            caret = self.position - lo + len(prefix)
        one_line = shown_text.replace("\n", " ").replace("\r", " ").replace("\t", " ")
        message = (
            f"cannot read {self.kind} {_short(self.text)!r} at position {self.position}: "
            f"{self.reason}\n  {one_line}\n  {' ' * caret}^"
        )
        if self.suggestions:
            message += "\n  did you mean: " + ", ".join(repr(s) for s in self.suggestions)
        return message

    def __reduce__(self) -> tuple[object, ...]:
        # Keep the keyword-only context when pickled (extract_many uses processes).
        return (
            _rebuild_parse_error,
            (type(self), self.text, self.position, self.kind, self.reason, self.suggestions),
        )


def _rebuild_parse_error(
    cls: type[ParseError],
    text: str,
    position: int,
    kind: str,
    reason: str,
    suggestions: tuple[str, ...],
) -> ParseError:
    return cls(text, position, kind=kind, reason=reason, suggestions=suggestions)


def _short(text: str, limit: int = 2 * _SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class InvalidNumberError(ParseError):
    """A text is not a Vietnamese number.

    >>> from khcn import InvalidNumberError, parse_number
    >>> try:
    ...     parse_number("1.2.3")
    ... except InvalidNumberError as err:
    ...     print(err.kind)
    number
    """

    default_kind = "number"


class InvalidMoneyError(ParseError):
    """A text is not an amount of money.

    >>> from khcn import InvalidMoneyError, parse_money
    >>> try:
    ...     parse_money("07 cơ sở")
    ... except InvalidMoneyError as err:
    ...     print(err.kind)
    money
    """

    default_kind = "money"


class InvalidDateError(ParseError):
    """A text is not a date, or names a day that does not exist.

    >>> from khcn.errors import InvalidDateError
    >>> InvalidDateError("31/02/2023", 0, reason="February 2023 has 28 days").kind
    'date'
    """

    default_kind = "date"


class MissingYearError(InvalidDateError):
    """A date without a year ("24/9") was read and no ``year=`` was given.

    >>> from khcn.errors import MissingYearError
    >>> isinstance(MissingYearError("24/9", 4, reason="no year"), ValueError)
    True
    """


class InvalidPeriodError(ParseError):
    """A text is not a reporting period.

    >>> from khcn.errors import InvalidPeriodError
    >>> InvalidPeriodError("quý V/2021", 4, reason="a year has 4 quarters").kind
    'period'
    """

    default_kind = "period"


class CurrencyMismatchError(KhcnError, ValueError):
    """Two amounts in different currencies were added, subtracted or compared.

    >>> from khcn import CurrencyMismatchError, Money
    >>> try:
    ...     Money(1) + Money(1, currency="USD")
    ... except CurrencyMismatchError as err:
    ...     print(err)
    cannot combine VND with USD
    """


class QualifierError(KhcnError, ValueError):
    """Figures whose qualifiers cannot be combined ("over 5" plus "under 3") were summed.

    >>> from khcn.errors import QualifierError
    >>> issubclass(QualifierError, ValueError)
    True
    """


class PeriodArithmeticError(KhcnError, ValueError):
    """A period operation whose result is not one reporting period.

    >>> from khcn.errors import PeriodArithmeticError
    >>> issubclass(PeriodArithmeticError, ValueError)
    True
    """


class ValidationError(KhcnError, ValueError):
    """A model value that cannot be true, naming the field and the value.

    >>> from khcn.errors import ValidationError
    >>> err = ValidationError("count", -1, "a count cannot be negative")
    >>> err.field, err.value
    ('count', -1)
    >>> str(err)
    'count=-1: a count cannot be negative'
    """

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}={value!r}: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.field, self.value, self.reason))


class ProvinceLookupError(KhcnError, LookupError):
    """A province name could not be resolved to one unit.

    Attributes:
        name: the name as given.
        candidates: the closest names khcn knows, best first.

    >>> from khcn.errors import ProvinceLookupError
    >>> ProvinceLookupError("Ha Tay", ("Hà Tĩnh",)).candidates
    ('Hà Tĩnh',)
    """

    def __init__(self, name: str, candidates: Sequence[str] = (), reason: str = "") -> None:
        self.name = name
        self.candidates = tuple(candidates)
        message = reason or f"no province is named {name!r}"
        if self.candidates:
            message += "; closest: " + ", ".join(self.candidates)
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.name, self.candidates))

    def __str__(self) -> str:  # LookupError would repr() a single argument
        return str(self.args[0])


class UnknownProvinceError(ProvinceLookupError):
    """No provincial unit bears this name.

    >>> from khcn.errors import UnknownProvinceError
    >>> str(UnknownProvinceError("Atlantis"))
    "no province is named 'Atlantis'"
    """


class AmbiguousProvinceError(ProvinceLookupError):
    """Two different units in force at the same time bear this name.

    >>> from khcn.errors import AmbiguousProvinceError
    >>> AmbiguousProvinceError("X", ("A", "B")).candidates
    ('A', 'B')
    """


class DataError(KhcnError):
    """A data file shipped with khcn is missing or broken (a packaging bug: please report it).

    >>> from khcn.errors import DataError
    >>> issubclass(DataError, KhcnError)
    True
    """
