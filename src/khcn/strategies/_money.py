"""Hypothesis strategies for amounts of money and the ways reports write them.

Needs the ``khcn[testing]`` extra. Every string :func:`money_strings` draws is read back by
:func:`khcn.parse_money`.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from khcn.model.money import STYLES, Money, MoneyRange
from khcn.model.qualifier import Qualifier
from khcn.vi.number_style import format_number

__all__ = ["money", "money_ranges", "money_strings"]

_QUALIFIERS = [q for q in Qualifier if q is not Qualifier.RANGE]
_MAX = 10**15


def _amounts(max_value: int, decimals: int) -> st.SearchStrategy[Decimal]:
    scale = 10**decimals
    whole = st.integers(min_value=0, max_value=max_value)
    # Round figures ("38,75 triệu") are what reports mostly write: weight them in.
    round_figures = st.builds(
        lambda m, e: Decimal(m) * 10**e,
        st.integers(min_value=1, max_value=999_999),
        st.integers(min_value=0, max_value=9),
    ).filter(lambda d: d <= max_value)
    cents = st.integers(min_value=0, max_value=max_value * scale).map(
        lambda n: Decimal(n).scaleb(-decimals)
    )
    return st.one_of(whole.map(Decimal), round_figures, cents) if decimals else whole.map(Decimal)


def money(
    *,
    max_value: int = _MAX,
    decimals: int = 2,
    currencies: tuple[str, ...] = ("VND", "USD"),
    qualifiers: bool = True,
) -> st.SearchStrategy[Money]:
    """Amounts of money from 0 to ``max_value`` with at most ``decimals`` decimals.

    Args:
        max_value: the largest amount (10¹⁵ đồng by default).
        decimals: the most decimals an amount has.
        currencies: the currency codes to draw from (VND most often).
        qualifiers: also draw hedged amounts ("trên", "khoảng" …).

    >>> from hypothesis import given
    >>> from khcn import parse_money
    >>> from khcn.strategies import money
    >>> @given(money())
    ... def test_round_trip(m):
    ...     assert parse_money(m.format("scaled")) == m
    >>> test_round_trip()
    """
    currency = st.sampled_from(currencies)
    if "VND" in currencies and len(currencies) > 1:
        currency = st.one_of(st.just("VND"), currency)
    qualifier = st.sampled_from(_QUALIFIERS) if qualifiers else st.just(Qualifier.EXACT)
    return st.builds(Money, _amounts(max_value, decimals), currency, qualifier)


def money_ranges(*, max_value: int = _MAX, decimals: int = 2) -> st.SearchStrategy[MoneyRange]:
    """Ranges of money ("từ 5 đến 7 triệu đồng") with exact bounds, low ≤ high.

    >>> from hypothesis import given
    >>> from khcn.strategies import money_ranges
    >>> @given(money_ranges())
    ... def test_bounds(r):
    ...     assert r.low <= r.high
    >>> test_bounds()
    """

    def build(pair: tuple[Money, Money]) -> MoneyRange:
        a, b = sorted(pair, key=lambda m: m.amount)
        return MoneyRange(a, Money(b.amount, a.currency))

    one = money(max_value=max_value, decimals=decimals, currencies=("VND",), qualifiers=False)
    return st.tuples(one, one).map(build)


def _variant(amount: Decimal, form: str) -> str:
    """Forms reports use beyond Money.format's styles."""
    text = format_number(amount)
    if form == "vnd_word":
        return f"{text} VNĐ"
    if form == "vnd_code":
        return f"{text} VND"
    if form == "glued":
        return f"{text}đ"
    millions = amount.scaleb(-6)
    if form == "trd":
        return f"{format_number(millions)} trđ"
    if form == "tr.đ":
        return f"{format_number(millions)} tr.đ"
    if form == "ngan":
        return f"{format_number(amount.scaleb(-3))} ngàn đồng"
    return f"{format_number(amount.scaleb(-9))} tỉ đồng"


@st.composite
def _vnd_variants(draw: st.DrawFn) -> str:
    form = draw(st.sampled_from(["vnd_word", "vnd_code", "glued", "trd", "tr.đ", "ngan", "ti"]))
    if form in ("trd", "tr.đ"):
        amount = Decimal(draw(st.integers(1, 999_999))) * 10**4
    elif form == "ngan":
        amount = Decimal(draw(st.integers(1, 999_999))) * 10**3
    elif form == "ti":
        amount = Decimal(draw(st.integers(1, 999_999))) * 10**6
    else:
        amount = Decimal(draw(st.integers(0, _MAX)))
    return _variant(amount, form)


def money_strings(*, ranges: bool = True) -> st.SearchStrategy[str]:
    """Amounts written the ways Vietnamese reports write them.

    Draws every :meth:`~khcn.model.money.Money.format` style ("38,75 triệu đồng",
    "trên 1.500.000.000 đồng", "Ba mươi tám triệu … đồng") and the other forms reports
    use ("500.000đ", "500.000 VNĐ", "7,5 trđ", "5 tr.đ", "500 ngàn đồng", "1,2 tỉ đồng"),
    and, with ``ranges``, ranges ("từ 5 đến 7 triệu đồng").

    >>> from hypothesis import given
    >>> from khcn import parse_money
    >>> from khcn.strategies import money_strings
    >>> @given(money_strings())
    ... def test_reads(text):
    ...     parse_money(text)
    >>> test_reads()
    """
    styled = st.builds(lambda m, style: m.format(style), money(), st.sampled_from(STYLES))
    parts = [styled, _vnd_variants()]
    if ranges:
        parts.append(
            st.builds(lambda r, style: r.format(style), money_ranges(), st.sampled_from(STYLES))
        )
    return st.one_of(parts)
