"""Digits in Vietnamese style: a dot groups thousands, a comma marks decimals.

Reading follows one rule, in this order (see :func:`split_digits`):

1. **Vietnamese style first.** A dot followed by exactly three digits groups thousands
   ("1.175" is 1175, "1.500 tỷ" is 1500 tỷ); one comma is the decimal mark ("16,5",
   "2,306 tỷ"; so "1,500" is 1,5). "1.234.567,89" combines both.
2. **Otherwise, only readings that cannot change the magnitude** (unless ``strict=True``):
   English grouping with two or more commas ("1,234,567") or with both marks
   ("1,234,567.89"), which can mean nothing else; and a sloppy decimal dot *before a scale
   word* ("1.5 triệu" is 1,5 triệu), since a thousands group must have three digits.
3. **Everything else raises** :class:`~khcn.errors.InvalidNumberError` with the readings
   the writer may have meant as suggestions: "1.5" alone, "0.500", "1.2.3".

>>> from khcn.vi.number_style import format_number, read_digits
>>> read_digits("1.234.567,89")
Decimal('1234567.89')
>>> format_number(read_digits("38,750"))
'38,75'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from khcn.errors import InvalidNumberError

__all__ = ["MAX_DIGITS", "format_number", "read_digits", "scaled_decimal", "split_digits"]

#: Numbers with more digits than this are refused rather than rounded.
MAX_DIGITS = 40

_CONTEXT = Context(prec=2 * MAX_DIGITS + 20)


def _groups_ok(groups: list[str]) -> bool:
    """A first group of 1-3 digits, not all zeros, then groups of exactly 3."""
    first = groups[0]
    if not 1 <= len(first) <= 3 or (first.strip("0") == "" and len(groups) > 1):
        return False
    return all(len(g) == 3 for g in groups[1:])


def split_digits(token: str, *, scaled: bool = False, strict: bool = False) -> tuple[str, str]:
    """Split a digit token into its integer and decimal digits, by the module's rule.

    Args:
        token: digits with dots and commas, no spaces or signs ("1.234,5").
        scaled: a scale word follows ("1.5 triệu"): a sloppy decimal dot is then read
            as a decimal mark (not with ``strict``).
        strict: accept Vietnamese style only.

    Returns:
        ``(integer_digits, decimal_digits)``; the decimal digits may be empty.

    Raises:
        InvalidNumberError: the token is not a number by the rule; ``position`` points at
            the offending mark and ``suggestions`` gives the likely readings.

    >>> from khcn.vi.number_style import split_digits
    >>> split_digits("1.175"), split_digits("16,5"), split_digits("02")
    (('1175', ''), ('16', '5'), ('02', ''))
    >>> split_digits("1.5", scaled=True)
    ('1', '5')
    >>> split_digits("1.5")
    Traceback (most recent call last):
    ...
    khcn.errors.InvalidNumberError: cannot read number '1.5' at position 1: ...
    """
    if not token or not token.replace(".", "").replace(",", "").isdigit() or not token.isascii():
        bad = next((i for i, c in enumerate(token) if c not in "0123456789.,"), 0)
        raise InvalidNumberError(token, bad, reason="not a number in digits")
    if token[0] in ".,":
        raise InvalidNumberError(
            token, 0, reason="a number cannot start with a mark", suggestions=("0" + token,)
        )
    if token[-1] in ".,":
        raise InvalidNumberError(token, len(token) - 1, reason="a number cannot end with a mark")
    if len(token) > MAX_DIGITS + token.count(".") + token.count(","):
        raise InvalidNumberError(token, MAX_DIGITS, reason=f"more than {MAX_DIGITS} digits")
    dots = token.count(".")
    commas = token.count(",")
    if not dots and not commas:
        return token, ""
    if not dots:
        if commas == 1:
            whole, frac = token.split(",")
            return whole, frac
        groups = token.split(",")
        vi = token.replace(",", ".")
        if _groups_ok(groups) and not strict:
            return "".join(groups), ""
        raise InvalidNumberError(
            token,
            token.index(",", token.index(",") + 1),
            reason="a number has at most one decimal comma",
            suggestions=(vi,) if _groups_ok(groups) else (),
        )
    if not commas:
        groups = token.split(".")
        if _groups_ok(groups):
            return "".join(groups), ""
        if dots == 1 and scaled and not strict:
            whole, frac = groups
            return whole, frac
        reason = "a group of thousands after a dot needs exactly 3 digits"
        suggestions: tuple[str, ...] = ()
        if dots == 1:
            suggestions = (token.replace(".", ","),)
            if groups[0].strip("0") == "":
                reason = "a dot after a zero cannot group thousands"
        pos = len(groups[0])
        for g in groups[1:]:
            if len(g) != 3 or groups[0].strip("0") == "":
                break
            pos += 4
        raise InvalidNumberError(token, pos, reason=reason, suggestions=suggestions)
    # Both marks: the last one is the decimal mark and must occur once.
    last = max(token.rfind("."), token.rfind(","))
    mark = token[last]
    other = "," if mark == "." else "."
    whole, frac = token[:last], token[last + 1 :]
    groups = whole.split(other)
    if mark in whole or not _groups_ok(groups):
        raise InvalidNumberError(token, last, reason="mixed marks in an unreadable order")
    if mark == "," or not strict:
        return "".join(groups), frac
    vi = whole.replace(",", ".") + "," + frac
    raise InvalidNumberError(
        token, last, reason="English number style (strict=True)", suggestions=(vi,)
    )


def scaled_decimal(whole: str, frac: str, exponent: int = 0) -> Decimal:
    """The exact ``Decimal`` of ``whole,frac × 10**exponent``, canonical (no exponent form).

    >>> from khcn.vi.number_style import scaled_decimal
    >>> scaled_decimal("38", "75", 6), scaled_decimal("2", "306", 9), scaled_decimal("16", "50")
    (Decimal('38750000'), Decimal('2306000000'), Decimal('16.5'))
    """
    if exponent:
        if len(frac) <= exponent:
            whole, frac = whole + frac + "0" * (exponent - len(frac)), ""
        else:
            whole, frac = whole + frac[:exponent], frac[exponent:]
    frac = frac.rstrip("0")
    return Decimal(f"{whole}.{frac}" if frac else whole)


def read_digits(token: str, *, scaled: bool = False, strict: bool = False) -> Decimal:
    """Read a digit token by the module's rule (see :func:`split_digits`).

    >>> from khcn.vi.number_style import read_digits
    >>> read_digits("1.175"), read_digits("16,5"), read_digits("1,500")
    (Decimal('1175'), Decimal('16.5'), Decimal('1.5'))
    """
    whole, frac = split_digits(token, scaled=scaled, strict=strict)
    return scaled_decimal(whole, frac)


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    out = [digits[:head]]
    out.extend(digits[i : i + 3] for i in range(head, len(digits), 3))
    return ".".join(out)


def format_number(value: Decimal | int, decimals: int | None = None) -> str:
    """Write a number in Vietnamese style: "38.750.000", "38,75".

    Args:
        value: an ``int`` or ``Decimal`` (never a float).
        decimals: how many decimals to show, rounding half up; ``None`` shows every
            significant decimal and no trailing zeros.

    Returns:
        The digits, thousands grouped with dots, decimals after a comma.

    Raises:
        TypeError: ``value`` is a float or not a number.
        ValueError: ``value`` is not finite.

    >>> from decimal import Decimal
    >>> from khcn.vi.number_style import format_number
    >>> format_number(38750000), format_number(Decimal("38.75")), format_number(Decimal("-1234.5"))
    ('38.750.000', '38,75', '-1.234,5')
    >>> format_number(Decimal("2.5"), decimals=2), format_number(Decimal("0.125"), decimals=2)
    ('2,50', '0,13')
    """
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError(f"format_number needs an int or Decimal, not {type(value).__name__}")
    dec = Decimal(value)
    if not dec.is_finite():
        raise ValueError(f"cannot format {value}")
    if decimals is not None:
        try:
            dec = dec.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP, context=_CONTEXT)
        except InvalidOperation as err:  # pragma: no cover - needs > 100 digits
            raise ValueError(f"cannot round {value} to {decimals} decimals") from err
    whole, _, frac = format(abs(dec), "f").partition(".")
    if decimals is None:
        frac = frac.rstrip("0")
    text = _group_thousands(whole) + ("," + frac if frac else "")
    negative = dec < 0 and any(c not in "0.," for c in text)
    return "-" + text if negative else text
