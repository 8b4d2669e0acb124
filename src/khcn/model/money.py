"""Amounts of money: :class:`Money` (one stated amount) and :class:`MoneyRange` (two bounds).

Amounts are exact ``Decimal`` in the currency's unit (đồng for VND), never floats. The
qualifier of the text ("trên 1,5 tỷ đồng") travels with the stated amount, which is kept
as stated.

>>> from khcn import Money, Qualifier
>>> fines = [Money(38_750_000), Money(65_000_000), Money(7_500_000)]
>>> print(sum(fines))
111.250.000 đồng
>>> print(Money("1500000000", qualifier=Qualifier.GT))
trên 1.500.000.000 đồng
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

import attrs

from khcn._data import load_json
from khcn.errors import CurrencyMismatchError, QualifierError, ValidationError
from khcn.model.qualifier import Qualifier
from khcn.vi.number_style import format_number
from khcn.vi.numerals import MAX_SPELLED, decimal_to_words

__all__ = ["STYLES", "Money", "MoneyRange", "combine_qualifiers"]

#: The styles :meth:`Money.format` and :meth:`MoneyRange.format` know.
STYLES = ("full", "scaled", "symbol", "short", "words")

_SCALES = ((9, "tỷ"), (6, "triệu"), (3, "nghìn"))
_MAX_SCALED_DECIMALS = 3
_AMBIGUOUS_STR = re.compile(r"[+-]?\d{1,3}\.\d{3}")

_LOWER = frozenset({Qualifier.GT, Qualifier.GE})
_UPPER = frozenset({Qualifier.LT, Qualifier.LE, Qualifier.LT_APPROX})
_NEGATED = {
    Qualifier.EXACT: Qualifier.EXACT,
    Qualifier.APPROX: Qualifier.APPROX,
    Qualifier.GT: Qualifier.LT,
    Qualifier.GE: Qualifier.LE,
    Qualifier.LT: Qualifier.GT,
    Qualifier.LE: Qualifier.GE,
    # "nearly, from below" negated is "nearly, from above": khcn has no such member, and
    # "about" is the strongest true statement left.
    Qualifier.LT_APPROX: Qualifier.APPROX,
}


def combine_qualifiers(a: Qualifier, b: Qualifier) -> Qualifier:
    """The qualifier of a sum of two figures qualified ``a`` and ``b``.

    The rule, so that a total is never silently wrong:

    ===========================  ==========  ==========================================
    parts                        total       because
    ===========================  ==========  ==========================================
    exact + q                    q           the exact part shifts the bound only
    q + q                        q           two floors make a floor, and so on
    anything + approx            approx      an estimate makes the total an estimate
    gt + ge                      gt          at least one part is strictly above
    lt/le/lt_approx mixed        lt          below, but no longer "nearly"
    a floor + a ceiling          error       "over 5" plus "under 3" bounds nothing
    ===========================  ==========  ==========================================

    Raises:
        QualifierError: one figure is a lower bound and the other an upper bound, or
            either is ``RANGE`` (sum the bounds of a range instead).

    >>> from khcn import Qualifier
    >>> from khcn.model.money import combine_qualifiers
    >>> combine_qualifiers(Qualifier.EXACT, Qualifier.GT).value
    'gt'
    >>> combine_qualifiers(Qualifier.GE, Qualifier.APPROX).value
    'approx'
    >>> combine_qualifiers(Qualifier.GT, Qualifier.LT)
    Traceback (most recent call last):
    ...
    khcn.errors.QualifierError: cannot sum a figure qualified 'gt' with one qualified 'lt': ...
    """
    if Qualifier.RANGE in (a, b):
        raise QualifierError(
            f"cannot sum a figure qualified {a.value!r} with one qualified {b.value!r}: "
            "a range has two bounds; sum its low and high bounds separately"
        )
    if a is b:
        return a
    if a is Qualifier.EXACT:
        return b
    if b is Qualifier.EXACT:
        return a
    if Qualifier.APPROX in (a, b):
        return Qualifier.APPROX
    if a in _LOWER and b in _LOWER:
        return Qualifier.GT
    if a in _UPPER and b in _UPPER:
        return Qualifier.LT
    raise QualifierError(
        f"cannot sum a figure qualified {a.value!r} with one qualified {b.value!r}: "
        "one is a lower bound and the other an upper bound, so the total is unbounded"
    )


def _check_amount_type(value: object) -> None:
    if isinstance(value, float):
        raise TypeError(
            f"a Money amount cannot be a float ({value!r}): floats are inexact; "
            f"pass an int, a str or a Decimal, e.g. Money({str(value)!r})"
        )
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise TypeError(f"a Money amount must be int, str or Decimal, not {type(value).__name__}")


def _to_amount(value: Decimal | int | str) -> Decimal:
    """Accept int, str and Decimal amounts; refuse floats and anything inexact."""
    _check_amount_type(value)
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    else:
        text = value.strip()
        if _AMBIGUOUS_STR.fullmatch(text):
            raise ValidationError(
                "amount",
                value,
                "ambiguous: Python reads the dot as a decimal point, Vietnamese style as "
                "a thousands mark; pass Decimal(...) or use khcn.parse_money()",
            )
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                "amount",
                value,
                "not a decimal number like '38750000' or '1234.5'; "
                "read Vietnamese text with khcn.parse_money()",
            ) from None
    if not amount.is_finite():
        raise ValidationError("amount", value, "an amount must be a finite number")
    return amount


def _to_qualifier(value: Qualifier | str) -> Qualifier:
    qualifier = Qualifier(value)
    if qualifier is Qualifier.RANGE:
        raise ValidationError("qualifier", value, "a range of money is a MoneyRange")
    return qualifier


def _check_currency(_instance: object, _attribute: object, value: str) -> None:
    if not (isinstance(value, str) and len(value) == 3 and value.isascii() and value.isupper()):
        raise ValidationError("currency", value, "a currency is a 3-letter code like 'VND'")


@cache
def _currency_words(code: str) -> dict[str, str]:
    entry = load_json("numerals.json")["currencies"].get(code, {})
    return {
        "words": str(entry.get("word", code)),
        "full": str(entry.get("full", code)),
        "symbol": str(entry.get("symbol", code)),
        "short": str(entry.get("short", code)),
    }


def _scaled(amount: Decimal) -> tuple[str, str] | None:
    """The amount as (mantissa, scale word) with at most 3 decimals, if it has one.

    The scale is the largest one not above the amount, so that the mantissa is below
    1000 (any size for tỷ); when it would need more decimals there is no scaled form.
    """
    size = abs(amount)
    for exp, word in _SCALES:
        if size >= 10**exp:
            mantissa = size.scaleb(-exp)
            exponent = mantissa.normalize().as_tuple().exponent
            assert isinstance(exponent, int)
            if -exponent > _MAX_SCALED_DECIMALS:
                return None
            return ("-" if amount < 0 else "") + format_number(mantissa), word
    return None


def _number_part(amount: Decimal, style: str) -> tuple[str, str]:
    """(number text, scale word or "") of an amount in a digit style."""
    if style == "scaled":
        scaled = _scaled(amount)
        if scaled is not None:
            return scaled
    return format_number(amount), ""


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _check_style(style: str) -> None:
    if style not in STYLES:
        raise ValueError(f"unknown money style {style!r}; choose one of {', '.join(STYLES)}")


@attrs.frozen
class Money:
    """An exact amount of money, with the qualifier its text gave it.

    Attributes:
        amount: the stated amount, a ``Decimal`` in the currency's unit (đồng for VND).
            Accepts ``int``, ``str`` ("38750000", "1234.5") and ``Decimal``; a ``float``
            raises ``TypeError``.
        currency: an ISO 4217 code, ``"VND"`` by default.
        qualifier: how the stated amount bounds the true one (``Qualifier.GT`` for
            "trên 1,5 tỷ đồng"); never ``RANGE`` (that is a :class:`MoneyRange`).

    Arithmetic is exact: ``+`` and ``-`` between amounts of one currency (otherwise
    :class:`~khcn.errors.CurrencyMismatchError`), ``*`` by an ``int``, ``sum()`` and
    ordering by stated amount. The qualifier of a sum follows :func:`combine_qualifiers`.

    >>> from khcn import Money, Qualifier
    >>> Money(38750000)
    Money(amount=Decimal('38750000'), currency='VND', qualifier=<Qualifier.EXACT: 'exact'>)
    >>> print(Money(38_750_000) + Money("1500000000", qualifier=Qualifier.GT))
    trên 1.538.750.000 đồng
    >>> Money(0.1)
    Traceback (most recent call last):
    ...
    TypeError: a Money amount cannot be a float (0.1): floats are inexact; ...
    """

    amount: Decimal = attrs.field(converter=_to_amount)
    currency: str = attrs.field(default="VND", validator=_check_currency)
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, converter=_to_qualifier)

    # ---- arithmetic -------------------------------------------------------------------

    def _same_currency(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatchError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        qualifier = combine_qualifiers(self.qualifier, other.qualifier)
        return _make(self.amount + other.amount, self.currency, qualifier)

    def __radd__(self, other: object) -> Money:
        # sum() starts from the int 0.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __neg__(self) -> Money:
        return _make(-self.amount, self.currency, _NEGATED[self.qualifier])

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return self + (-other)

    def __mul__(self, factor: object) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            return NotImplemented
        if factor == 0:
            return _make(Decimal(0), self.currency, Qualifier.EXACT)
        qualifier = self.qualifier if factor > 0 else _NEGATED[self.qualifier]
        return _make(self.amount * factor, self.currency, qualifier)

    __rmul__ = __mul__

    def _key(self, other: object) -> tuple[Decimal, Decimal] | None:
        if not isinstance(other, Money):
            return None
        self._same_currency(other)
        return self.amount, other.amount

    def __lt__(self, other: object) -> bool:
        key = self._key(other)
        return NotImplemented if key is None else key[0] < key[1]

    def __le__(self, other: object) -> bool:
        key = self._key(other)
        return NotImplemented if key is None else key[0] <= key[1]

    def __gt__(self, other: object) -> bool:
        key = self._key(other)
        return NotImplemented if key is None else key[0] > key[1]

    def __ge__(self, other: object) -> bool:
        key = self._key(other)
        return NotImplemented if key is None else key[0] >= key[1]

    # ---- formatting -------------------------------------------------------------------

    def format(self, style: str = "full") -> str:
        """Write the amount in Vietnamese.

        Args:
            style: ``"full"`` ("38.750.000 đồng"), ``"scaled"`` ("38,75 triệu đồng"; with
                at most 3 decimals, else the full style, so it is always exact),
                ``"symbol"`` ("38.750.000 ₫"), ``"short"`` ("38.750.000 đ") or
                ``"words"`` (:meth:`to_words`). A qualifier other than exact comes first
                ("trên 1.500.000.000 đồng").

        Returns:
            The text; :func:`khcn.parse_money` reads every style back to an equal value.

        Raises:
            ValueError: an unknown style.

        >>> from khcn import Money
        >>> m = Money(38_750_000)
        >>> m.format(), m.format("scaled"), m.format("symbol"), m.format("short")
        ('38.750.000 đồng', '38,75 triệu đồng', '38.750.000 ₫', '38.750.000 đ')
        >>> Money(2_306_000_000).format("scaled"), Money(215_470_001).format("scaled")
        ('2,306 tỷ đồng', '215.470.001 đồng')
        """
        _check_style(style)
        if style == "words":
            return self.to_words()
        number, scale = _number_part(self.amount, style)
        unit = _currency_words(self.currency)["full" if style == "scaled" else style]
        text = f"{number} {scale} {unit}" if scale else f"{number} {unit}"
        if self.qualifier is not Qualifier.EXACT:
            text = f"{self.qualifier.label_vi} {text}"
        return text

    def to_words(self) -> str:
        """The amount in words, capitalised, as written on invoices.

        Raises:
            ValueError: the amount is 10¹⁸ or more.

        >>> from khcn import Money
        >>> Money(38_750_000).to_words()
        'Ba mươi tám triệu bảy trăm năm mươi nghìn đồng'
        >>> Money("1.5", currency="USD").to_words()
        'Một phẩy năm đô la Mỹ'
        """
        if abs(self.amount) >= MAX_SPELLED:
            raise ValueError(f"{self.amount} is too large to spell")
        words = f"{decimal_to_words(self.amount)} {_currency_words(self.currency)['words']}"
        if self.qualifier is not Qualifier.EXACT:
            words = f"{self.qualifier.label_vi} {words}"
        return _capitalise(words)

    def __format__(self, spec: str) -> str:
        return self.format(spec) if spec else str(self)

    def __str__(self) -> str:
        return self.format("full")


_new = object.__new__
_set_amount = Money.__dict__["amount"].__set__
_set_currency = Money.__dict__["currency"].__set__
_set_qualifier = Money.__dict__["qualifier"].__set__


def _make(amount: Decimal, currency: str, qualifier: Qualifier) -> Money:
    """Build a Money from already-checked parts, skipping the converters (hot path)."""
    money = _new(Money)
    _set_amount(money, amount)
    _set_currency(money, currency)
    _set_qualifier(money, qualifier)
    return money


def _check_bounds(instance: MoneyRange, _attribute: object, high: Money) -> None:
    low = instance.low
    if low.currency != high.currency:
        raise CurrencyMismatchError(f"cannot combine {low.currency} with {high.currency}")
    for name, bound in (("low", low), ("high", high)):
        if bound.qualifier is not Qualifier.EXACT:
            raise ValidationError(name, bound, "the bounds of a range are exact amounts")
    if low.amount > high.amount:
        raise ValidationError("low", low, f"the low bound is above the high bound {high}")


@attrs.frozen
class MoneyRange:
    """A range of money stated with two bounds: "5-7 triệu đồng", "từ 5 đến 7 triệu đồng".

    It keeps both bounds and never a midpoint, and it has no ``.amount``. Its qualifier is
    always ``Qualifier.RANGE``.

    Attributes:
        low: the lower bound (exact).
        high: the upper bound (exact, same currency, not below ``low``).

    >>> from khcn import Money, MoneyRange, parse_money
    >>> r = parse_money("từ 5 đến 7 triệu đồng")
    >>> r == MoneyRange(Money(5_000_000), Money(7_000_000))
    True
    >>> print(r)
    từ 5.000.000 đến 7.000.000 đồng
    >>> r.low.amount, r.high.amount, r.qualifier.value
    (Decimal('5000000'), Decimal('7000000'), 'range')
    """

    low: Money = attrs.field(validator=attrs.validators.instance_of(Money))
    high: Money = attrs.field(validator=[attrs.validators.instance_of(Money), _check_bounds])

    @property
    def qualifier(self) -> Qualifier:
        """Always ``Qualifier.RANGE``.

        >>> from khcn import Money, MoneyRange
        >>> MoneyRange(Money(1), Money(2)).qualifier.value
        'range'
        """
        return Qualifier.RANGE

    @property
    def currency(self) -> str:
        """The currency of both bounds.

        >>> from khcn import Money, MoneyRange
        >>> MoneyRange(Money(1, "USD"), Money(2, "USD")).currency
        'USD'
        """
        return self.low.currency

    def format(self, style: str = "full") -> str:
        """Write the range in Vietnamese, "từ … đến …", in a :meth:`Money.format` style.

        The low bound shares the high bound's scale word when it can ("từ 5 đến 7 triệu
        đồng"); otherwise it carries its own ("từ 500 nghìn đến 1,5 triệu đồng").

        >>> from khcn import Money, MoneyRange
        >>> r = MoneyRange(Money(5_000_000), Money(7_500_000))
        >>> r.format(), r.format("scaled")
        ('từ 5.000.000 đến 7.500.000 đồng', 'từ 5 đến 7,5 triệu đồng')
        >>> r.format("short")
        'từ 5.000.000 đến 7.500.000 đ'
        >>> MoneyRange(Money(500), Money(7_000_000)).format("scaled")
        'từ 500 đồng đến 7 triệu đồng'
        >>> r.format("words")
        'Từ năm triệu đồng đến bảy triệu năm trăm nghìn đồng'
        """
        _check_style(style)
        if style == "words":
            low_words, high_words = self.low.to_words(), self.high.to_words()
            high_words = high_words[:1].lower() + high_words[1:]
            return f"Từ {low_words[:1].lower()}{low_words[1:]} đến {high_words}"
        low, low_scale = _number_part(self.low.amount, style)
        high, high_scale = _number_part(self.high.amount, style)
        unit = _currency_words(self.currency)["full" if style == "scaled" else style]
        high_text = f"{high} {high_scale} {unit}" if high_scale else f"{high} {unit}"
        if low_scale == high_scale:
            low_text = low
        elif low_scale:
            low_text = f"{low} {low_scale}"
        else:
            low_text = f"{low} {unit}"
        return f"từ {low_text} đến {high_text}"

    def __format__(self, spec: str) -> str:
        return self.format(spec) if spec else str(self)

    def __str__(self) -> str:
        return self.format("full")


_set_low = MoneyRange.__dict__["low"].__set__
_set_high = MoneyRange.__dict__["high"].__set__


def _make_range(low: Money, high: Money) -> MoneyRange:
    """Build a MoneyRange from checked bounds (hot path)."""
    money_range = _new(MoneyRange)
    _set_low(money_range, low)
    _set_high(money_range, high)
    return money_range
