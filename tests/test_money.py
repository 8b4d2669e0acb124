"""Money: the Money and MoneyRange model, parse_money and find_money."""

from __future__ import annotations

import contextlib
import pickle
import random
import re
import unicodedata
from decimal import Decimal
from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import khcn
from khcn import (
    CurrencyMismatchError,
    InvalidMoneyError,
    Money,
    MoneyRange,
    ParseError,
    Qualifier,
    QualifierError,
    ValidationError,
    find_money,
    parse_money,
)
from khcn.model.money import STYLES, combine_qualifiers
from khcn.strategies import money, money_ranges, money_strings

D = Decimal
Q = Qualifier


def M(amount: int | str, qualifier: Qualifier = Q.EXACT, currency: str = "VND") -> Money:
    return Money(amount, currency, qualifier)


def R(low: int, high: int) -> MoneyRange:
    return MoneyRange(Money(low), Money(high))


# ---- parse_money: (text, value, why) ----------------------------------------------------

REAL_WORLD = [
    ("38,75 triệu đồng", M(38_750_000), "decimal comma and triệu"),
    ("7,5 triệu đồng", M(7_500_000), "one decimal"),
    ("65 triệu đồng", M(65_000_000), "whole millions"),
    ("215.470.000 đồng", M(215_470_000), "full digits"),
    ("2,306 tỷ đồng", M(2_306_000_000), "three decimals before tỷ are exact"),
    ("1,2 tỉ đồng", M(1_200_000_000), "tỉ spelling"),
    ("500 nghìn đồng", M(500_000), "nghìn"),
    ("500 ngàn đồng", M(500_000), "ngàn"),
    ("500.000đ", M(500_000), "glued đ"),
    ("500.000 đ", M(500_000), "short đ"),
    ("500.000 VNĐ", M(500_000), "VNĐ"),
    ("500.000 VND", M(500_000), "VND"),
    ("500.000 vnđ", M(500_000), "lowercase vnđ"),
    ("38.750.000 ₫", M(38_750_000), "đồng sign"),
    ("2 tỷ 350 triệu đồng", M(2_350_000_000), "two scaled parts"),
    ("1 tỷ 200 triệu 500 nghìn đồng", M(1_200_500_000), "three scaled parts"),
    ("120 nghìn tỷ đồng", M(120 * 10**12), "compound scale"),
    ("1.500 tỷ đồng", M(1_500 * 10**9), "thousands of tỷ"),
    ("7,5 trđ", M(7_500_000), "trđ"),
    ("7,5 tr.đ", M(7_500_000), "tr.đ"),
    ("65 tr đồng", M(65_000_000), "tr đồng"),
    ("65 tr. đồng", M(65_000_000), "tr. đồng"),
    ("7,5 tr VNĐ", M(7_500_000), "tr before a currency"),
    ("1.5 triệu đồng", M(1_500_000), "sloppy decimal dot before a scale"),
    ("Ba mươi tám triệu bảy trăm năm mươi nghìn đồng", M(38_750_000), "words"),
    ("một trăm linh năm nghìn đồng", M(105_000), "words with linh"),
    ("38.750.000 đồng.", M(38_750_000), "a full stop after the amount"),
    ("38,75\u00a0triệu\u00a0đồng", M(38_750_000), "NBSP"),
    ("0 đồng", M(0), "zero"),
    ("-5 triệu đồng", M(-5_000_000), "negative"),
    ("1.500 USD", M(1_500, currency="USD"), "dollars"),
    ("2,5 triệu USD", M(2_500_000, currency="USD"), "millions of dollars"),
    ("10.000 đô la Mỹ", M(10_000, currency="USD"), "đô la Mỹ"),
    ("12,50 USD", M("12.5", currency="USD"), "cents"),
]

HEDGED = [
    ("trên 1,5 tỷ đồng", M(1_500_000_000, Q.GT), "trên"),
    ("hơn 200 triệu đồng", M(200_000_000, Q.GT), "hơn"),
    ("Trên 1,5 tỷ đồng", M(1_500_000_000, Q.GT), "capitalised"),
    ("khoảng 3,2 tỷ đồng", M(3_200_000_000, Q.APPROX), "khoảng"),
    ("xấp xỉ 3 tỷ đồng", M(3_000_000_000, Q.APPROX), "xấp xỉ"),
    ("trên dưới 5 tỷ đồng", M(5_000_000_000, Q.APPROX), "trên dưới is about, not over"),
    ("gần 100 triệu đồng", M(100_000_000, Q.LT_APPROX), "gần"),
    ("dưới 50 triệu đồng", M(50_000_000, Q.LT), "dưới"),
    ("ít nhất 10 triệu đồng", M(10_000_000, Q.GE), "ít nhất"),
    ("tối thiểu 10 triệu đồng", M(10_000_000, Q.GE), "tối thiểu"),
    ("tối đa 50 triệu đồng", M(50_000_000, Q.LE), "tối đa"),
    ("không quá 50 triệu đồng", M(50_000_000, Q.LE), "không quá, not quá"),
    ("từ 5 triệu đồng trở lên", M(5_000_000, Q.GE), "từ … trở lên"),
    ("5 triệu đồng trở xuống", M(5_000_000, Q.LE), "trở xuống"),
]

RANGES = [
    ("5-7 triệu đồng", R(5_000_000, 7_000_000), "dash, shared scale"),
    ("5 - 7 triệu đồng", R(5_000_000, 7_000_000), "spaced dash"),
    ("5 – 7 tr.đ", R(5_000_000, 7_000_000), "en dash and tr.đ"),
    ("từ 5 đến 7 triệu đồng", R(5_000_000, 7_000_000), "từ … đến"),
    ("từ 4-8 triệu đồng", R(4_000_000, 8_000_000), "từ with a dash"),
    ("500 nghìn - 1,5 triệu đồng", R(500_000, 1_500_000), "each bound scaled"),
    ("từ 500.000 đồng đến 1.000.000 đồng", R(500_000, 1_000_000), "each with a currency"),
    ("1,5-2 tỷ đồng", R(1_500_000_000, 2_000_000_000), "decimal low bound"),
    ("từ năm triệu đồng đến bảy triệu đồng", R(5_000_000, 7_000_000), "words"),
]

CASES = REAL_WORLD + HEDGED + RANGES
assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("text", "value", "why"), CASES, ids=[c[2] for c in CASES])
def test_parse_money(text: str, value: Money | MoneyRange, why: str) -> None:
    got = parse_money(text)
    assert got == value, why
    assert type(got) is type(value)


def test_a_range_is_one_value_with_two_bounds() -> None:
    r = parse_money("từ 5 đến 7 triệu đồng")
    assert isinstance(r, MoneyRange)
    assert (r.low.amount, r.high.amount) == (D(5_000_000), D(7_000_000))
    assert r.qualifier is Q.RANGE
    assert not hasattr(r, "amount")


def test_the_stated_amount_is_kept() -> None:
    m = parse_money("trên 1,5 tỷ đồng")
    assert isinstance(m, Money)
    assert m.amount == D(1_500_000_000)
    assert m.qualifier is Q.GT


NOT_MONEY = [
    # (text, position, why)
    ("38,75", 0, "a bare number"),
    ("07 cơ sở", 0, "a count"),
    ("năm 2023", 0, "a year"),
    ("Quyết định 138/QĐ-UBND", 0, "a document number"),
    ("02 đồng chí", 0, "đồng starting another word"),
    ("", 0, "empty"),
    ("đồng", 0, "a currency alone"),
    ("5 tỷ USD đồng", 9, "two currencies"),
    ("1,500 đồng", 1, "1,5 or 1.500 đồng?"),
    ("1.5 đồng", 1, "sloppy dot without a scale"),
    ("một trăm năm đồng", 9, "colloquial words: 105 or 150?"),
    ("38,75 triệu đồng và 65 triệu đồng", 17, "two amounts"),
    ("từ 9 đến 1 triệu đồng", 0, "low above high once scaled"),
    ("16,5%", 0, "a percentage"),
]
assert len({c[0] for c in NOT_MONEY}) == len(NOT_MONEY)


@pytest.mark.parametrize(("text", "position", "why"), NOT_MONEY, ids=[c[2] for c in NOT_MONEY])
def test_parse_money_refuses(text: str, position: int, why: str) -> None:
    with pytest.raises(InvalidMoneyError) as info:
        parse_money(text)
    assert info.value.position == position, why
    assert info.value.text == text
    assert info.value.kind == "money"


def test_refusals_suggest_readings() -> None:
    with pytest.raises(InvalidMoneyError) as info:
        parse_money("38,75")
    assert info.value.suggestions == ("38,75 đồng",)
    with pytest.raises(InvalidMoneyError) as info:
        parse_money("1,500 đồng")
    assert info.value.suggestions == ("1.500", "1,5")


def test_strict_refuses_the_sloppy_dot() -> None:
    assert parse_money("1.5 triệu đồng") == M(1_500_000)
    with pytest.raises(InvalidMoneyError) as info:
        parse_money("1.5 triệu đồng", strict=True)
    assert info.value.position == 1
    assert info.value.suggestions == ("1,5",)


def test_position_maps_back_to_the_callers_text() -> None:
    raw = unicodedata.normalize("NFD", "trên\u00a0\u00a038,75 triệu đồng đồng")
    with pytest.raises(InvalidMoneyError) as info:
        parse_money(raw)
    assert unicodedata.normalize("NFC", raw[info.value.position :]) == "đồng"


# ---- find_money --------------------------------------------------------------------------

REPORT = (
    "Trong 9 tháng đầu năm 2023, Thanh tra Sở đã triển khai 02 cuộc thanh tra đối với 25 "
    "tổ chức, cá nhân theo Quyết định số 138/QĐ-UBND; xử phạt vi phạm hành chính 07 cơ sở "
    "với tổng số tiền 38,75 triệu đồng. Kiểm tra đột xuất thu 65 triệu đồng, kiểm tra "
    "định kỳ 7,5 tr.đ. Mức phạt từ 4-8 triệu đồng đối với hành vi vi phạm; 02 đồng chí "
    "được khen thưởng. Tổng kinh phí trên 1,5 tỷ đồng (Một tỷ năm trăm triệu đồng)."
)

FOUND = [
    (
        REPORT,
        [
            ("38,75 triệu đồng", M(38_750_000)),
            ("65 triệu đồng", M(65_000_000)),
            ("7,5 tr.đ", M(7_500_000)),
            ("từ 4-8 triệu đồng", R(4_000_000, 8_000_000)),
            ("trên 1,5 tỷ đồng", M(1_500_000_000, Q.GT)),
            ("Một tỷ năm trăm triệu đồng", M(1_500_000_000)),
        ],
    ),
    ("07 cơ sở, năm 2023, Quyết định 138/QĐ-UBND, 1847-KH/BCSĐ", []),
    ("giá 500.000đ/kg", [("500.000đ", M(500_000))]),
    ("thu 2 tỷ 350 triệu đồng", [("2 tỷ 350 triệu đồng", M(2_350_000_000))]),
    ("trong năm một trăm triệu đồng", [("một trăm triệu đồng", M(100_000_000))]),
    ("một trăm năm đồng", []),
    ("khoảng 5-7 triệu đồng", [("5-7 triệu đồng", R(5_000_000, 7_000_000))]),
    ("từ 9 đến 1 triệu đồng", [("1 triệu đồng", M(1_000_000))]),
    ("không quá 50 triệu đồng", [("không quá 50 triệu đồng", M(50_000_000, Q.LE))]),
    ("đồng thời 5 đồng chí", []),
    ("1,500 đồng", []),
    ("hàng trăm triệu đồng", []),
    ("năm 2022-2023 đạt 5 tỷ đồng", [("5 tỷ đồng", M(5_000_000_000))]),
]
assert len({c[0] for c in FOUND}) == len(FOUND)


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[c[0][:30] for c in FOUND])
def test_find_money(text: str, expected: list[tuple[str, Money | MoneyRange]]) -> None:
    found = find_money(text)
    assert [(m.text, m.value) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.text
        assert parse_money(m.text) == m.value


def test_find_money_offsets_are_into_the_original() -> None:
    raw = unicodedata.normalize("NFD", REPORT.replace(" ", "\u00a0", 40).replace(". ", ".  "))
    found = find_money(raw)
    assert [m.value for m in found] == [v for _, v in FOUND[0][1]]
    for m in found:
        assert raw[m.start : m.end] == m.text


# ---- the model ---------------------------------------------------------------------------


def test_repr_and_str() -> None:
    m = Money(38_750_000)
    assert repr(m) == (
        "Money(amount=Decimal('38750000'), currency='VND', qualifier=<Qualifier.EXACT: 'exact'>)"
    )
    assert str(m) == "38.750.000 đồng"
    assert str(Money(1_500_000_000, qualifier=Q.GT)) == "trên 1.500.000.000 đồng"
    assert f"{m:scaled}" == "38,75 triệu đồng"


@pytest.mark.parametrize(
    ("amount", "style", "text"),
    [
        (38_750_000, "full", "38.750.000 đồng"),
        (38_750_000, "scaled", "38,75 triệu đồng"),
        (38_750_000, "symbol", "38.750.000 ₫"),
        (38_750_000, "short", "38.750.000 đ"),
        (38_750_000, "words", "Ba mươi tám triệu bảy trăm năm mươi nghìn đồng"),
        (2_306_000_000, "scaled", "2,306 tỷ đồng"),
        (2_306_100_000, "scaled", "2.306.100.000 đồng"),  # 2,3061 tỷ: too many decimals
        (120 * 10**12, "scaled", "120.000 tỷ đồng"),
        (500_000, "scaled", "500 nghìn đồng"),
        (999, "scaled", "999 đồng"),
        ("1234.5", "scaled", "1.234,5 đồng"),
        (-5_000_000, "scaled", "-5 triệu đồng"),
    ],
)
def test_format_styles(amount: int | str, style: str, text: str) -> None:
    m = Money(amount)
    assert m.format(style) == text
    assert parse_money(text) == m


def test_format_with_qualifier_and_currency() -> None:
    assert Money(1_500_000_000, qualifier=Q.GT).format("scaled") == "trên 1,5 tỷ đồng"
    assert Money(3, qualifier=Q.APPROX).to_words() == "Khoảng ba đồng"
    assert Money("2.5", "USD").format() == "2,5 USD"
    assert Money("2.5", "USD").format("words") == "Hai phẩy năm đô la Mỹ"
    with pytest.raises(ValueError, match="unknown money style"):
        Money(1).format("fancy")


def test_constructor_accepts_int_str_decimal_and_refuses_float() -> None:
    assert Money(5).amount == Money("5").amount == Money(D(5)).amount == D(5)
    assert Money("1234.5").amount == D("1234.5")
    with pytest.raises(TypeError, match="float"):
        Money(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(True)
    with pytest.raises(TypeError):
        Money(None)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="parse_money"):
        Money("38,75 triệu")
    with pytest.raises(ValidationError, match="ambiguous"):
        Money("1.500")  # 1,5 in Python, 1500 in Vietnamese style
    with pytest.raises(ValidationError, match="finite"):
        Money(D("NaN"))
    with pytest.raises(ValidationError, match="currency"):
        Money(1, "đồng")
    with pytest.raises(ValidationError, match="MoneyRange"):
        Money(1, qualifier=Q.RANGE)
    assert Money(1, qualifier="gt").qualifier is Q.GT  # type: ignore[arg-type]


def test_frozen_and_hashable() -> None:
    m = Money(5)
    with pytest.raises(AttributeError):
        m.amount = D(6)  # type: ignore[misc]
    assert {Money(5), Money("5.00")} == {Money(5)}


def test_exact_arithmetic() -> None:
    fines = [Money(38_750_000), Money(65_000_000), Money(7_500_000)]
    assert sum(fines) == Money(111_250_000)
    assert 0 + Money(5) == Money(5)
    assert Money("0.1") + Money("0.2") == Money("0.3")
    assert Money(7) - Money(5) == Money(2)
    assert Money(7) * 3 == 3 * Money(7) == Money(21)
    assert -Money(5, qualifier=Q.GT) == Money(-5, qualifier=Q.LT)
    assert Money(5, qualifier=Q.GT) * 0 == Money(0)
    assert Money(5, qualifier=Q.GE) * -2 == Money(-10, qualifier=Q.LE)
    with pytest.raises(TypeError):
        Money(5) * 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(5) + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        1 + Money(5)  # type: ignore[operator]


def test_comparisons_by_stated_amount() -> None:
    assert Money(5) < Money(7) <= Money(7) < Money(8) > Money(1) >= Money(1)
    assert sorted([Money(3), Money(1), Money(2)]) == [Money(1), Money(2), Money(3)]
    assert Money(5) != Money(5, qualifier=Q.GT)
    assert Money(5) != Money(5, "USD")
    with pytest.raises(TypeError):
        assert Money(5) < 7  # type: ignore[operator]


def test_currencies_do_not_mix() -> None:
    for op in (
        lambda: Money(1) + Money(1, "USD"),
        lambda: Money(1) - Money(1, "USD"),
        lambda: Money(1) < Money(1, "USD"),
        lambda: MoneyRange(Money(1), Money(2, "USD")),
    ):
        with pytest.raises(CurrencyMismatchError):
            op()


# The documented table of qualifiers in a sum; every pair of non-range qualifiers.
_BOUNDS = {
    Q.EXACT: "exact",
    Q.GT: "lower",
    Q.GE: "lower",
    Q.LT: "upper",
    Q.LE: "upper",
    Q.LT_APPROX: "upper",
    Q.APPROX: "approx",
}
_EXPECTED = {
    (Q.GT, Q.GE): Q.GT,
    (Q.LT, Q.LE): Q.LT,
    (Q.LT, Q.LT_APPROX): Q.LT,
    (Q.LE, Q.LT_APPROX): Q.LT,
}


@pytest.mark.parametrize(("a", "b"), list(product(_BOUNDS, repeat=2)))
def test_qualifiers_combine_in_a_sum(a: Qualifier, b: Qualifier) -> None:
    kinds = {_BOUNDS[a], _BOUNDS[b]}
    if a is b:
        expected: Qualifier | None = a
    elif Q.EXACT in (a, b):
        expected = b if a is Q.EXACT else a
    elif Q.APPROX in (a, b):
        expected = Q.APPROX
    elif kinds == {"lower", "upper"}:
        expected = None
    else:
        expected = _EXPECTED.get((a, b)) or _EXPECTED[(b, a)]
    if expected is None:
        with pytest.raises(QualifierError):
            Money(1, qualifier=a) + Money(1, qualifier=b)
        with pytest.raises(QualifierError):
            combine_qualifiers(a, b)
    else:
        total = Money(1, qualifier=a) + Money(2, qualifier=b)
        assert total == Money(3, qualifier=expected)
        assert combine_qualifiers(b, a) is expected


def test_range_cannot_be_summed_as_a_qualifier() -> None:
    with pytest.raises(QualifierError):
        combine_qualifiers(Q.RANGE, Q.EXACT)


def test_money_range_validation() -> None:
    r = MoneyRange(Money(5), Money(7))
    assert r.qualifier is Q.RANGE
    assert r.currency == "VND"
    with pytest.raises(ValidationError, match="above"):
        MoneyRange(Money(7), Money(5))
    with pytest.raises(ValidationError, match="exact"):
        MoneyRange(Money(5, qualifier=Q.GT), Money(7))
    with pytest.raises(TypeError):
        MoneyRange(5, 7)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("low", "high", "style", "text"),
    [
        (5_000_000, 7_000_000, "scaled", "từ 5 đến 7 triệu đồng"),
        (500_000, 1_500_000, "scaled", "từ 500 nghìn đến 1,5 triệu đồng"),
        (500, 7_000_000, "scaled", "từ 500 đồng đến 7 triệu đồng"),
        (5_000_000, 7_000_000, "full", "từ 5.000.000 đến 7.000.000 đồng"),
        (5_000_000, 7_000_000, "symbol", "từ 5.000.000 đến 7.000.000 ₫"),
        (5_000_000, 7_000_000, "words", "Từ năm triệu đồng đến bảy triệu đồng"),
    ],
)
def test_money_range_format(low: int, high: int, style: str, text: str) -> None:
    r = R(low, high)
    assert r.format(style) == text
    assert parse_money(text) == r


# ---- properties --------------------------------------------------------------------------


@given(money(), st.sampled_from(STYLES))
def test_every_style_reads_back(m: Money, style: str) -> None:
    assert parse_money(m.format(style)) == m


@given(money(currencies=("VND",), qualifiers=False))
def test_scaled_style_is_exact(m: Money) -> None:
    assert parse_money(m.format("scaled")).amount == m.amount  # type: ignore[union-attr]


@given(money_ranges(), st.sampled_from(STYLES))
def test_every_range_style_reads_back(r: MoneyRange, style: str) -> None:
    assert parse_money(r.format(style)) == r


@given(money_strings())
def test_money_strings_read_the_same_in_nfd_and_with_nbsp(text: str) -> None:
    value = parse_money(text)
    assert parse_money(unicodedata.normalize("NFD", text)) == value
    assert parse_money(text.replace(" ", "\u00a0")) == value
    assert parse_money(text.replace(" ", "  ")) == value


@given(money(), st.sampled_from(STYLES), st.text(max_size=20), st.text(max_size=20))
def test_an_amount_in_running_text_is_found(m: Money, style: str, left: str, right: str) -> None:
    text = f"Tổng kinh phí: {m.format(style)}; {right}"
    found = find_money(left + " " + text)
    assert m in [f.value for f in found]


@given(st.text())
def test_parse_money_raises_only_parse_errors(text: str) -> None:
    error: ParseError | None = None
    try:
        parse_money(text)
    except ParseError as err:  # any other exception fails the test
        error = err
    if error is not None:
        assert 0 <= error.position <= len(text)


_PIECES = [
    *"0123456789.,%-/ ",
    "đ",
    "đồng",
    " triệu",
    " tỷ",
    "từ ",
    " đến ",
    "trên ",
    "một ",
    "trăm ",
    "năm ",
    "\u00a0",
    "tr.đ",
    "chí",
    "USD",
]


@given(st.one_of(st.text(), st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)))
def test_find_money_never_raises_and_spans_hold(text: str) -> None:
    for m in find_money(text):
        assert text[m.start : m.end] == m.text
        assert parse_money(m.text) == m.value


# ---- linear time on adversarial input (asserts results; a backtracking regex would hang) --

_SEVEN = Money(7_000_000)
_ADVERSARIAL = [
    # (text, the last amount once " 7 triệu đồng" is appended)
    ("9" * 100_000, _SEVEN),
    ("1." * 50_000, _SEVEN),
    ("1," * 50_000, _SEVEN),
    ("5-" * 50_000, _SEVEN),  # glued after "-": an identifier, so no range
    ("1 đến " * 20_000, R(1_000_000, 7_000_000)),
    ("trên " * 25_000, Money(7_000_000, qualifier=Q.GT)),
    ("một " * 25_000, _SEVEN),
    ("1 tỷ " * 20_000, Money(1_007_000_000)),
    ("không " * 20_000, _SEVEN),
    (". , " * 25_000, _SEVEN),
]


@pytest.mark.parametrize(("text", "last"), _ADVERSARIAL, ids=lambda t: repr(t)[:14])
def test_adversarial_inputs(text: str, last: Money | MoneyRange) -> None:
    assert find_money(text) == []
    found = find_money(text + " 7 triệu đồng")
    assert found[-1].value == last
    assert len(found) == 1
    with pytest.raises(InvalidMoneyError):
        parse_money(text)


def test_many_amounts_in_a_long_text() -> None:
    text = "thu 1.000 đồng, " * 10_000
    found = find_money(text)
    assert len(found) == 10_000
    assert sum(m.value for m in found) == Money(10_000_000)  # type: ignore[misc]


def test_random_soup_is_consistent() -> None:
    rng = random.Random(7)
    pieces = ["1", "5", "0", ".", ",", " ", "-", "đ", " đồng", " triệu", " tỷ", " đến "]
    text = "".join(rng.choice(pieces) for _ in range(30_000))
    for m in find_money(text):
        assert text[m.start : m.end] == m.text
        assert parse_money(m.text) == m.value


# ---- the fast path agrees with the general reader ------------------------------------------


def _general(text: str) -> Money | MoneyRange | None:
    """What the general (token) reader gives, bypassing the fast path."""
    from khcn.parse.money import _read_money
    from khcn.parse.number import _Tokens
    from khcn.text import normalize

    try:
        return _read_money(_Tokens(normalize(text)), strict=False)
    except ParseError:
        return None


@pytest.mark.parametrize("text", [c[0] for c in CASES] + [c[0] for c in NOT_MONEY])
def test_fast_path_agrees_with_the_general_reader(text: str) -> None:
    try:
        fast: Money | MoneyRange | None = parse_money(text)
    except ParseError:
        fast = None
    assert fast == _general(text)


@given(money_strings())
def test_fast_path_agrees_on_generated_strings(text: str) -> None:
    assert parse_money(text) == _general(text)


# ---- the fast path's shortcuts read as its patterns do ---------------------------------------
#
# parse_money reads the commonest shapes in steps (a head pattern and a table for the tail, a
# second part, the text as it stands before lowercasing it, spelled amounts by one pattern)
# and builds the "no currency" error field by field. These check each shortcut against what
# it stands for: _Fast.read (one pattern per shape), _Fast._words, ParseError.__init__.


def _by_patterns(text: str) -> Money | MoneyRange | None:
    """What parse_money gives as the fast path's patterns alone read it, else the general
    reader (None for a refusal)."""
    from khcn.parse.money import _fast
    from khcn.text import normalize

    fast = _fast()
    value = fast.read(text)
    if value is not None:
        return value
    ntext = normalize(text)
    value = fast.read(ntext) if ntext != text else None
    if value is not None:
        return value
    return None if fast.no_currency(ntext) else _general(text)


def _read(text: str) -> Money | MoneyRange | None:
    try:
        return parse_money(text)
    except ParseError:
        return None


_QUALIFIER_WORDS = ["trên", "Trên", "khoảng", "từ", "tối đa", "không quá", "xấp xỉ gần", "chừng"]
_SCALE_WORDS = ["nghìn", "ngàn", "triệu", "tỷ", "tỉ", "nghìn tỷ", "triệu tỷ", "TRIỆU"]
_UNIT_WORDS = [
    "đồng", "đ", "VNĐ", "vnd", "₫", "USD", "us$", "đô la Mỹ", "đô-la", "trđ", "tr.đ",
    "tr. đồng", "TR.Đ", "Đồng", "euro", "đồng việt nam", "việt nam đồng", "đồng chí", "%",
]  # fmt: skip
_digit_runs = st.text(alphabet="0123456789.", min_size=1, max_size=14).filter(
    lambda t: t[0].isdigit()
)
_numbers = st.one_of(
    st.integers(0, 10**15).map(str),
    st.integers(0, 10**15).map(lambda n: f"{n:,}".replace(",", ".")),
    st.tuples(st.integers(0, 999), st.integers(0, 999_999)).map(lambda t: f"{t[0]}.{t[1]:03d}"),
    _digit_runs,
    st.tuples(_digit_runs, st.text(alphabet="0123456789", min_size=1, max_size=5)).map(",".join),
)


@st.composite
def _shapes(draw: st.DrawFn) -> str:
    """Strings at and near the fast shapes: the single amount, two parts, ranges, units
    in capitals, and the same with a piece out of place."""
    parts = []
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(_QUALIFIER_WORDS)) + " ")
    parts.append(draw(_numbers))
    joiner = draw(st.sampled_from(["", "", "", "-", " - ", " đến ", " tới ", " – "]))
    if joiner:
        parts.append(joiner + draw(_numbers))
    if draw(st.booleans()):
        parts.append(" " + draw(st.sampled_from(_SCALE_WORDS)))
        if draw(st.booleans()):
            second = draw(st.one_of(_numbers, st.integers(0, 1000).map(str)))
            parts.append(f" {second} {draw(st.sampled_from(_SCALE_WORDS))}")
    parts.append(draw(st.sampled_from([" ", " ", "", "  ", "\u00a0"])))
    parts.append(draw(st.sampled_from(_UNIT_WORDS)))
    text = "".join(parts)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = (
            text[:at] + draw(st.sampled_from([" ", ",", ".", "x", "İ", "\u212a", "1"])) + text[at:]
        )
    return draw(st.sampled_from([text, text, text.upper(), text.capitalize()]))


_EDGES = [
    # marks and decimals the inline reading leaves to _single or refuses as it does
    "0.500 đồng", "01.000 đồng", "1.5 triệu đồng", "1,500 đồng", "1,5 đồng", "1.000,5 đồng",
    "1.2.3 đồng", "1234.567 đồng", "1..000 đồng", "1.000. đồng", "5,123456 triệu đồng",
    "1,234 nghìn đồng", "5 triệu trđ", "7,5 trđ", "9" * 40 + " đồng", "9" * 41 + " đồng",
    "1" * 38 + ",55 đồng", "1" * 38 + ",555 đồng",
    # two parts
    "2 triệu 1 triệu đồng", "5 nghìn 1 nghìn đồng", "2 tỷ 999 triệu đồng",
    "2 tỷ 1000 triệu đồng", "1,5 tỷ 300 triệu đồng", "2 tỷ 0 triệu đồng", "0 tỷ 5 triệu đồng",
    "2 triệu 5 tỷ đồng", "trên 2 tỷ 350 triệu đồng", "2 tỷ 350 triệu trđ",
    "2.000 tỷ 350 triệu đồng", "2 tỷ 350 triệu USD", "2 TỶ 350 TRIỆU ĐỒNG", "2 tỷ 350 triệu",
    "1" * 30 + " tỷ 5 triệu đồng",
    # capitals, ranges, words
    "500.000 VNĐ", "500.000 Vnđ", "Trên 5 tỷ đồng", "5 - 7 triệu VNĐ", "Từ 5 đến 7 triệu đồng",
    "Ba mươi đồng", "ba mươi đồng", "BA MƯƠI ĐỒNG", "Một triệu nghìn đồng", "Không nghìn đồng",
    "Một nghìn một trăm triệu đồng", "một nghìn hai trăm tỷ đồng", "Năm tỷ năm tỷ đồng",
    "Quyết định 1553/QĐ-UBND", "07 cơ sở", "0 nghìn₫", "",
]  # fmt: skip


@pytest.mark.parametrize("text", _EDGES)
def test_shortcuts_read_edge_cases_as_the_patterns(text: str) -> None:
    assert repr(_read(text)) == repr(_by_patterns(text))


@given(st.one_of(_shapes(), money_strings()))
def test_shortcuts_read_as_the_patterns(text: str) -> None:
    got, expected = _read(text), _by_patterns(text)
    assert repr(got) == repr(expected)  # the same value, down to the digits of the Decimal


@given(money(qualifiers=True), st.sampled_from(["lower", "upper", "capitalize"]))
def test_spelled_amounts_read_as_words_reads_them(m: Money, case: str) -> None:
    from khcn.parse.money import _fast

    fast = _fast()
    text = m.to_words().lower()
    assert repr(fast.words(text)) == repr(fast._words(text))
    assert repr(_read(getattr(text, case)())) == repr(_by_patterns(getattr(text, case)()))


_WORD_PIECES = [
    "một", "hai", "mươi", "mốt", "lăm", "trăm", "linh", "không", "nghìn", "triệu", "tỷ", "tỉ",
    "ngàn", "đồng", "trên", "dưới", "không quá", "đô la mỹ", "việt nam", "", "x",
]  # fmt: skip


@given(st.lists(st.sampled_from(_WORD_PIECES), max_size=12).map(" ".join))
def test_words_pattern_takes_every_text_words_reads(text: str) -> None:
    from khcn.parse.money import _fast

    fast = _fast()
    expected = fast._words(text)
    if expected is not None:
        assert fast.words_fullmatch(text) is not None
    assert repr(fast.words(text)) == repr(expected)


def test_tails_hold_what_the_single_pattern_reads() -> None:
    from khcn.parse.money import _fast

    fast = _fast()
    for rest, (exp, code) in fast.tails.items():
        m = fast.single_fullmatch("5" + rest)
        assert m is not None, rest
        _, _, _, scale, _, _, unit = m.groups()
        unit_exp, unit_code = fast.units[unit]
        assert code == unit_code
        assert exp == (unit_exp if scale is None else -1 if unit_exp else fast.scales[scale])
    for rest, (exp, code) in fast.second_tails.items():
        m = fast.single_fullmatch("5 tỷ 3" + rest)
        assert m is not None, rest
        assert (fast.scales[m.group(6)], fast.units[m.group(7)]) == (exp, (0, code))


def test_units_in_capitals_lowercase_to_the_same_unit() -> None:
    from khcn.parse.money import _fast

    units = _fast().units
    for unit, value in units.items():
        low = unit.lower()
        assert len(low) == len(unit)
        assert units[low] == value


def test_needs_care_finds_what_normalising_may_change() -> None:
    from khcn.parse.money import _fast
    from khcn.text import _MAY_CHANGE

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    flagged = set(_MAY_CHANGE.findall(every)) | set("İıſ")
    care = _fast().needs_care
    assert {m.group() for m in care.__self__.finditer(every)} == flagged  # type: ignore[attr-defined]


def test_text_that_needs_no_normalizing_is_its_own_normal_form() -> None:
    # find_money reads the cached normal form (normalize_with_map), as it once read a
    # text _needs_normalizing passed as it stands: the same text, as each character it
    # lets through is its own NFC form, combines with nothing before it (no canonical
    # pair has it second) and is no combining mark.
    from khcn.text import _needs_normalizing, normalize_with_map

    seconds = set()
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(chr(int(parts[1], 16)))
    passed = [
        chr(c)
        for c in range(0x110000)
        if not 0xD800 <= c < 0xE000 and not _needs_normalizing(chr(c))
    ]
    assert len(passed) > 300
    for char in passed:
        assert unicodedata.is_normalized("NFC", char), char
        assert unicodedata.combining(char) == 0, char
        assert char not in seconds, char
    text = "".join(passed)
    assert not _needs_normalizing(text)
    norm = normalize_with_map(text)
    assert norm.text == text
    assert norm.span(3, 300) == (3, 300)


@pytest.mark.parametrize(
    "text", ["38,75", "", "   ", " 1.000 ", "-5", "07 cơ sở", "\n12,3%", "x", "1.2.3", " - 5"]
)
def test_the_no_currency_error_is_built_as_parse_error_builds_it(text: str) -> None:
    from khcn.parse.money import _BARE_NUMBER, _NO_CURRENCY, _no_currency

    lead = len(text) - len(text.lstrip())
    bare = _BARE_NUMBER.fullmatch(text.strip()) is not None
    built = InvalidMoneyError(
        text, lead, reason=_NO_CURRENCY, suggestions=(f"{text.strip()} đồng",) if bare else ()
    )
    fast = _no_currency(text, text)
    assert type(fast) is type(built)
    assert fast.args == built.args
    assert list(vars(fast).items()) == list(vars(built).items())
    assert str(fast) == str(built)
    assert vars(pickle.loads(pickle.dumps(fast))) == vars(built)
    if text.strip() and not text.strip()[0].isalpha():
        with pytest.raises(InvalidMoneyError) as info:
            parse_money(text)
        assert list(vars(info.value).items()) == list(vars(built).items())
        assert info.value.__context__ is None


@pytest.mark.parametrize("value", [5, None, b"5 \xc4\x91", 5.0])
def test_parse_money_needs_a_str(value: object) -> None:
    with pytest.raises(TypeError, match="parse_money needs a str") as info:
        parse_money(value)  # type: ignore[arg-type]
    assert info.value.__context__ is None


# ---- find_money reads only the stretches that may hold money -------------------------------

_STRETCH_PIECES = [
    "5", "12", "1.000", "2,5", " ", " ", "  ", "\n", ".", ". ", ";", ":", "(", ")", "-", "~",
    ",", ", ", ",\n",
    "đồng", "Đồng", "đ", "₫", "VNĐ", "usd", "US$", "đô", "la", "mỹ", "trđ", "tr", "tr.đ",
    "triệu", "tỷ", "nghìn", "năm", "một", "hai", "mươi", "phẩy", "không", "Hội", "hợp",
    "trên", "từ", "đến", "trở", "lên", "chí", "_", "a", "İ", "ı",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_STRETCH_PIECES), max_size=60).map("".join))
def test_find_money_reads_the_stretches_as_the_whole(text: str) -> None:
    from khcn.parse.money import _fast, _find_in
    from khcn.text import _normalized

    norm = _normalized(text)
    whole: list[object] = []
    if not _fast().no_currency(norm.text):  # a text without a currency word holds none
        _find_in(norm.text, 0, norm, whole)  # type: ignore[arg-type]
    assert find_money(text) == whole


# Words as prose strings them, one space apart: words no amount holds ("trí", "Hội"), and
# every kind of word an amount holds or looks back at, so that reading_start meets each.
_SPACED_WORDS = [
    "5", "12", "1.000", "2,5", "1,500", "0.5", "-", "~", "đến", "tới", "từ", "trí", "Hội",
    "a", "chí", "thời", "đồng", "Đồng", "đ", "VNĐ", "usd", "US$", "đô", "la", "mỹ", "trđ",
    "tr", "tr.đ", "triệu", "tỷ", "nghìn", "năm", "Năm", "một", "hai", "mươi", "phẩy",
    "không", "quá", "vượt", "trên", "dưới", "khoảng", "gần", "tối", "đa", "ít", "nhất",
    "trở", "lên", "xuống", "âm", "%", "ơ-rô", ".", ",", ";", "\n", "İ",
]  # fmt: skip


_SPACED_AMOUNTS = st.tuples(
    st.sampled_from(["", "trên", "từ", "không vượt quá", "tối đa", "khoảng gần", "Dưới", "hai"]),
    st.sampled_from(["5", "1,5", "2.500", "năm", "5 - 7", "từ 5 đến 7", "hai mươi"]),
    st.sampled_from(["", "triệu", "tỷ", "nghìn tỷ", "tr"]),
    st.sampled_from(["đồng", "đ", "VNĐ", "USD", "đô la Mỹ", "trđ", "tr.đ", "₫"]),
    st.sampled_from(["", "trở lên", "trở", "chí", "năm", "- 9 tỷ đồng"]),
).map(lambda parts: " ".join(part for part in parts if part))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SPACED_WORDS) | _SPACED_AMOUNTS, max_size=30).map(" ".join))
def test_find_money_reads_from_the_reading_start_as_the_whole(text: str) -> None:
    from khcn.parse.money import _fast, _find_in
    from khcn.text import _normalized

    norm = _normalized(text)
    whole: list[object] = []
    if not _fast().no_currency(norm.text):
        _find_in(norm.text, 0, norm, whole)  # type: ignore[arg-type]
    assert find_money(text) == whole


def _whole_shapes() -> st.SearchStrategy[str]:
    """Texts of the single and the range shape and near them: every hedge, scale and unit,
    in any case (the common ones more often, so that most texts have a shape)."""
    from khcn.parse.money import _fast

    fast = _fast()
    common = ["", "", "", "từ ", "từ ", "trên ", "Từ ", " ", "\n", "không ", "năm ", "từ từ "]
    hedges = st.sampled_from(common) | st.sampled_from([f"{q} " for q in fast.qualifiers])
    numbers = st.sampled_from(["5", "1,5", "1,500", "0.500", "2.500", "12,345", "1.234.567,8"])
    scales = st.sampled_from(["", "", " triệu", " tỷ"]) | st.sampled_from(
        [*(f" {s}" for s in fast.scales), " tỷ 350 triệu", " tỷ 3", " triệu 7"]
    )
    joiners = st.sampled_from(["-", " - ", "- ", " -", " đến ", " tới ", " ~ ", " từ "])
    units = st.sampled_from(["đồng", "đ", "VNĐ", "trđ"]) | st.sampled_from(sorted(fast.units))
    amount = st.tuples(
        hedges,
        numbers,
        st.just("") | st.tuples(scales, joiners, numbers).map("".join),
        scales,
        st.sampled_from([" ", " ", ""]),
        units,
        st.sampled_from(["", "", ".", "..", " .", ",", " ", " trở lên", " chí", " - 7 đồng"]),
    ).map("".join)
    return st.tuples(amount, st.booleans()).map(lambda t: t[0].upper() if t[1] else t[0])


@settings(max_examples=2000, deadline=None)
@given(_whole_shapes())
def test_a_whole_amount_reads_as_find_in_reads_it(text: str) -> None:
    from khcn.parse.money import _fast, _find_in
    from khcn.text import _Unchanged

    whole = _fast().whole_amount(text)
    if whole is not None:
        value, start, stop = whole
        found: list[object] = []
        _find_in(text, 0, _Unchanged(text), found)  # type: ignore[arg-type]
        assert found == [khcn.Match(value, start, stop, text[start:stop])]


def _currency_tokens_as_first_written() -> re.Pattern[str]:
    """The first words of currencies, as whole tokens of lowercased text."""
    from khcn.parse.number import _vocab

    vocab = _vocab()
    first = vocab.currencies.first | vocab.scaled_currency.first
    words = sorted(first, key=lambda w: (-len(w), w))
    signs = [w for w in words if not w[0].isalnum()]
    letters = "|".join(
        rf"{re.escape(w)}(?<![^\W\d_]{re.escape(w)})" for w in words if w not in signs
    )
    return re.compile(rf"(?:{letters})(?![^\W\d_])|{'|'.join(map(re.escape, signs))}")


def _stretches_as_first_written(text: str) -> list[tuple[int, int]]:
    """money_stretches as first written: a search for a currency word, then a scan for
    currency tokens whose word alternatives share one lookahead, and cuts found by a
    pattern of a branch for each kind of cut."""
    from bisect import bisect_right

    from khcn.parse.money import _fast

    fast = _fast()
    tokens = _currency_tokens_as_first_written()
    cuts_re = re.compile(r"[;:!?()\[\]{}]|,(?=\s)|(?<![Tt][Rr])(?<![Tt][Rr] )\.(?=\s)")
    if "İ" in text or "ı" in text or "ſ" in text:
        return [] if fast.any_currency.search(text) is None else [(0, len(text))]
    low = text.lower()
    if fast.currency_in_lower(low) is None:
        return []
    kept: list[tuple[int, int]] = []
    cuts = [c.start() for c in cuts_re.finditer(text)]
    for m in tokens.finditer(low):
        at = m.start()
        if (kept and at < kept[-1][1]) or not fast._after_amount(text, at):
            continue
        k = bisect_right(cuts, at)
        kept.append((cuts[k - 1] + 1 if k else 0, cuts[k] if k < len(cuts) else len(text)))
    return kept


_STRETCH_EDGES = [
    "₫a", "x₫", "5₫", "Tr. ", "tR . ", "tr.", " 5 tr. đồng", ". 5 đồng; ", "ĐỒNG", "TRĐ", "Trđ",
    "TR", "uSd", "US", "Euro", "EUR", "Việt", "VIỆT", "vNĐ", "VND", "Ơ-rô", "ĐÔ", "Đôla", "Đ",
    "sd", "t", "u", "ur", "nđ",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_STRETCH_PIECES + _STRETCH_EDGES * 4), max_size=40).map("".join))
def test_money_stretches_are_those_first_found(text: str) -> None:
    from khcn.parse.money import _fast

    stretches = _fast().money_stretches(text)
    assert [(start, end) for start, end, _ in stretches] == _stretches_as_first_written(text)
    # Each stretch names the first currency word in it after a token that can end an
    # amount (the whole text: its start).
    words = [m.start() for m in _currency_tokens_as_first_written().finditer(text.lower())]
    kept = [at for at in words if _fast()._after_amount(text, at)]
    odd = "İ" in text or "ı" in text or "ſ" in text
    for start, end, at in stretches:
        assert at == (start if odd else min(at for at in kept if start <= at < end))


def test_currency_letters_match_every_character_that_lowercases_to_them() -> None:
    # The search for currency words reads the text as it stands, each letter in any case
    # that lowercasing turns into it; lowercasing keeps letters letters and non-letters
    # non-letters, so the words' edges are the same in the text and its lowercase.
    from khcn.parse.money import _cases
    from khcn.parse.number import _vocab

    vocab = _vocab()
    letters = {c for w in vocab.currencies.first | vocab.scaled_currency.first for c in w}
    letter = re.compile(r"[^\W\d_]")
    lowercasing_to: dict[str, set[str]] = {}
    for code in range(0x110000):
        char = chr(code)
        low = char.lower()
        if len(low) == 1:
            lowercasing_to.setdefault(low, {low}).add(char)
            assert (letter.match(char) is None) == (letter.match(low) is None), char
    for c in letters:
        assert set(_cases(c)) == lowercasing_to.get(c, {c}), c
        assert _cases(c)[0] == c


_SOME_PIECES = st.lists(st.sampled_from(_STRETCH_PIECES), max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    # pieces, a cut, a long run without one, pieces: the search back must widen
    st.tuples(
        _SOME_PIECES, st.sampled_from([";", ". ", ", "]), st.integers(0, 300), _SOME_PIECES
    ).map(lambda t: t[0] + t[1] + "ab " * t[2] + t[3]),
    st.data(),
)
def test_the_last_cut_is_found_back_from_a_place(text: str, data: st.DataObject) -> None:
    from khcn.parse.money import _fast

    fast = _fast()
    cuts = [c.start() for c in fast.finditer_cuts(text)]
    at = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, at))
    if at in cuts:
        return  # a currency word starts at ``at``: no cut is there
    expected = max((c for c in cuts if floor <= c < at), default=-1)
    assert fast._last_cut(text, floor, at) == expected


@pytest.mark.parametrize(
    "text",
    ["diện tích 25 m² đất", "x²y 3 triệu đồng", "①② 2 tỷ đồng", "quý ² năm 2023", "٣ triệu đồng"],
)
def test_digit_lookalikes_never_crash_a_reader(text: str) -> None:
    # str.isdigit() is true for "²" and "①", which int() refuses: readers must not crash.
    for find in (khcn.find_money, khcn.find_numbers, khcn.find_dates, khcn.find_periods):
        find(text)
    for parse in (khcn.parse_money, khcn.parse_number, khcn.parse_date, khcn.parse_period):
        with contextlib.suppress(khcn.ParseError):
            parse(text)
    khcn.extract(text)
