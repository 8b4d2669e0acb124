"""Numbers: digits in Vietnamese style, spelled numbers both ways, parse_number, find_numbers."""

from __future__ import annotations

import random
import unicodedata
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from khcn import (
    InvalidNumberError,
    ParseError,
    find_numbers,
    format_number,
    number_to_words,
    parse_number,
)
from khcn.vi.number_style import split_digits
from khcn.vi.numerals import decimal_to_words, spelled_prefix, words_to_number

D = Decimal

# ---- parse_number: (text, value, why) -------------------------------------------------

NUMBERS = [
    ("1.175", D("1175"), "dot groups thousands"),
    ("16,5", D("16.5"), "comma is the decimal mark"),
    ("1.234.567,89", D("1234567.89"), "both marks"),
    ("02", D("2"), "leading zero of a count"),
    ("0", D("0"), "zero"),
    ("16,5%", D("16.5"), "percentage"),
    ("16,5 %", D("16.5"), "percentage with a space"),
    ("1,5 triệu", D("1500000"), "scale word"),
    ("120 nghìn tỷ", D("120000000000000"), "compound scale"),
    ("2 tỷ 350 triệu", D("2350000000"), "two scaled parts"),
    ("1 tỷ 200 triệu 500 nghìn", D("1200500000"), "three scaled parts"),
    ("500 ngàn", D("500000"), "ngàn"),
    ("1,2 tỉ", D("1200000000"), "tỉ"),
    ("2,306 tỷ", D("2306000000"), "three decimals before a scale"),
    ("1.500 tỷ", D("1500000000000"), "dot and three digits before a scale: thousands"),
    ("1.5 triệu", D("1500000"), "sloppy decimal dot before a scale"),
    ("0.500 tỷ", D("500000000"), "dot after a zero before a scale is a decimal"),
    ("1,500", D("1.5"), "one comma is always the decimal mark"),
    ("1,234,567", D("1234567"), "English grouping that can mean nothing else"),
    ("1,234,567.89", D("1234567.89"), "English style with both marks"),
    ("16,50", D("16.5"), "trailing decimal zeros"),
    ("-5", D("-5"), "negative"),
    ("hai mươi lăm", D("25"), "spelled"),
    ("mười lăm", D("15"), "spelled teen"),
    ("một trăm linh năm", D("105"), "linh"),
    ("một trăm lẻ năm", D("105"), "lẻ"),
    ("hai mươi mốt", D("21"), "mốt"),
    ("ba mươi tư", D("34"), "tư"),
    ("một nghìn không trăm linh năm", D("1005"), "full group after a scale"),
    ("mười hai nghìn", D("12000"), "teen thousands"),
    ("một triệu hai trăm nghìn", D("1200000"), "two scales"),
    ("một ngàn", D("1000"), "ngàn spelled"),
    ("Một Trăm Hai Mươi Nghìn Tỷ", D("120000000000000"), "capitalised compound scale"),
    ("mười sáu phẩy năm", D("16.5"), "spelled decimals"),
    ("không phẩy không năm", D("0.05"), "spelled decimals with a leading zero"),
    ("âm năm", D("-5"), "spelled negative"),
    ("  1.175  ", D("1175"), "surrounding spaces"),
]
assert len({c[0] for c in NUMBERS}) == len(NUMBERS)


@pytest.mark.parametrize(("text", "value", "why"), NUMBERS, ids=[c[2] for c in NUMBERS])
def test_parse_number(text: str, value: Decimal, why: str) -> None:
    got = parse_number(text)
    assert got == value, why
    assert "E" not in str(got), "canonical form, no exponent"


NOT_NUMBERS = [
    # (text, position of the failure, why)
    ("1.5", 1, "sloppy dot without a scale word: 1,5 or 1.500?"),
    ("1.2.3", 1, "groups of thousands need three digits"),
    ("0.500", 1, "a dot after a zero cannot group thousands"),
    ("1.5.000", 1, "bad group"),
    (",5", 0, "starts with a mark"),
    ("", 0, "empty"),
    ("không phải số", 6, "text after a number"),
    ("38,75 triệu đồng", 12, "money, not a number"),
    ("một trăm năm", 9, "colloquial: 105 or 150?"),
    ("hai mươi năm", 9, "năm after mươi: twenty years?"),
    ("nghìn", 0, "a scale with no number"),
    ("1" * 41, 40, "too many digits"),
    ("số", 0, "a word"),
    ("1,5 tr", 4, "'tr' alone may abbreviate 'trang'"),
]
assert len({c[0] for c in NOT_NUMBERS}) == len(NOT_NUMBERS)


@pytest.mark.parametrize(("text", "position", "why"), NOT_NUMBERS, ids=[c[2] for c in NOT_NUMBERS])
def test_parse_number_refuses(text: str, position: int, why: str) -> None:
    with pytest.raises(InvalidNumberError) as info:
        parse_number(text)
    assert info.value.position == position, why
    assert info.value.text == text
    assert info.value.kind == "number"


def test_refusals_suggest_the_readings() -> None:
    with pytest.raises(InvalidNumberError) as info:
        parse_number("1.5")
    assert info.value.suggestions == ("1,5",)
    with pytest.raises(InvalidNumberError) as info:
        parse_number("một trăm năm")
    assert info.value.suggestions == ("một trăm linh năm", "một trăm năm mươi")


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [("1,234,567", "1.234.567"), ("1,234.5", "1.234,5"), ("1.5 triệu", "1,5")],
)
def test_strict_accepts_vietnamese_style_only(text: str, suggestion: str) -> None:
    parse_number(text)  # the lenient default reads it
    with pytest.raises(InvalidNumberError) as info:
        parse_number(text, strict=True)
    assert suggestion in info.value.suggestions


def test_strict_still_reads_vietnamese_style() -> None:
    assert parse_number("1.234.567,89 tỷ", strict=True) == D("1234567890000000")


def test_position_maps_back_through_nbsp_and_nfd() -> None:
    text = "\u00a0\u00a0một trăm năm"
    with pytest.raises(InvalidNumberError) as info:
        parse_number(unicodedata.normalize("NFD", text))
    raw = unicodedata.normalize("NFD", text)
    assert unicodedata.normalize("NFC", raw[info.value.position :]) == "năm"


# ---- split_digits: the one rule --------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "scaled", "parts"),
    [
        ("1.175", False, ("1175", "")),
        ("1.175", True, ("1175", "")),
        ("1.5", True, ("1", "5")),
        ("1234.5", True, ("1234", "5")),
        ("38,75", False, ("38", "75")),
        ("01.234", False, ("01234", "")),
    ],
)
def test_split_digits(token: str, scaled: bool, parts: tuple[str, str]) -> None:
    assert split_digits(token, scaled=scaled) == parts


# ---- spelled numbers -------------------------------------------------------------------

SPELLED = [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (15, "mười lăm"),
    (14, "mười bốn"),
    (21, "hai mươi mốt"),
    (25, "hai mươi lăm"),
    (34, "ba mươi tư"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (1005, "một nghìn không trăm linh năm"),
    (1050, "một nghìn không trăm năm mươi"),
    (12_000, "mười hai nghìn"),
    (1_200_000, "một triệu hai trăm nghìn"),
    (38_750_000, "ba mươi tám triệu bảy trăm năm mươi nghìn"),
    (1_000_000_005, "một tỷ không trăm linh năm"),
    (2_306_000_000, "hai tỷ ba trăm linh sáu triệu"),
    (10**12, "một nghìn tỷ"),
    (1_200 * 10**9, "một nghìn hai trăm tỷ"),
    (120 * 10**12, "một trăm hai mươi nghìn tỷ"),
    (-7, "âm bảy"),
]
assert len({c[0] for c in SPELLED}) == len(SPELLED)


@pytest.mark.parametrize(("n", "words"), SPELLED, ids=[c[1] for c in SPELLED])
def test_number_to_words(n: int, words: str) -> None:
    assert number_to_words(n) == words


@pytest.mark.parametrize(("n", "words"), [c for c in SPELLED if c[0] >= 0])
def test_words_to_number(n: int, words: str) -> None:
    assert words_to_number(words) == n


VARIANTS = [
    ("một trăm lẻ năm", 105),
    ("mười nhăm", 15),
    ("hai mươi một", 21),
    ("hai mươi bốn", 24),
    ("mười tư", 14),
    ("bẩy", 7),
    ("một nghìn linh năm", 1005),
    ("một triệu năm nghìn", 1_005_000),
    ("một ngàn tỉ", 10**12),
    ("một nghìn tỷ hai trăm tỷ", 1_200 * 10**9),
    ("MƯỜI HAI NGHÌN", 12_000),
]
assert len({c[0] for c in VARIANTS}) == len(VARIANTS)


@pytest.mark.parametrize(("words", "n"), VARIANTS, ids=[c[0] for c in VARIANTS])
def test_words_to_number_variants(words: str, n: int) -> None:
    assert words_to_number(words) == n


@pytest.mark.parametrize(
    "words",
    [
        "",
        "một trăm năm",
        "hai mươi năm",
        "mười năm",
        "một nghìn năm",
        "trăm",
        "hai ba",
        "một mươi",
        "không trăm",
        "một tỷ tỷ",
        "mười mốt",
        "lẻ năm",
        "một triệu hai triệu",
    ],
)
def test_words_to_number_refuses(words: str) -> None:
    with pytest.raises(InvalidNumberError):
        words_to_number(words)


def test_words_to_number_is_a_value_error_for_callers() -> None:
    with pytest.raises(ValueError, match="not a number word"):
        words_to_number("mùng năm")


def test_number_to_words_limits() -> None:
    with pytest.raises(ValueError, match="too large"):
        number_to_words(10**18)
    with pytest.raises(TypeError):
        number_to_words(1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        number_to_words(True)


def test_spelled_prefix_stops_before_a_word_that_is_not_part_of_it() -> None:
    assert spelled_prefix(["hai", "mươi", "năm", "qua"]) == (20, 2)
    assert spelled_prefix(["mười", "năm"]) == (10, 1)
    assert spelled_prefix(["ba", "mươi", "tư", "nhiệm", "vụ"]) == (34, 3)


@given(st.integers(min_value=0, max_value=10**15))
def test_number_words_number(n: int) -> None:
    assert words_to_number(number_to_words(n)) == n


@given(st.integers(min_value=0, max_value=10**15))
def test_words_number_words(n: int) -> None:
    words = number_to_words(n)
    assert number_to_words(words_to_number(words)) == words
    assert parse_number(words.capitalize()) == n


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_decimal_words_round_trip(whole: int, cents: int) -> None:
    value = D(whole) + D(cents) / 100
    assert parse_number(decimal_to_words(value)) == value


# ---- format_number ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (D("38750000"), None, "38.750.000"),
        (D("38.75"), None, "38,75"),
        (D("38.750"), None, "38,75"),
        (D("2.5"), 2, "2,50"),
        (D("0.125"), 2, "0,13"),
        (D("-0.001"), 2, "0,00"),
        (0, None, "0"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (D("1E+3"), None, "1.000"),
    ],
)
def test_format_number(value: Decimal | int, decimals: int | None, text: str) -> None:
    assert format_number(value, decimals) == text


def test_format_number_refuses_floats() -> None:
    with pytest.raises(TypeError, match="float"):
        format_number(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="format"):
        format_number(D("NaN"))


_DECIMALS = st.builds(
    lambda n, places: D(n).scaleb(-places),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.integers(min_value=0, max_value=3),
)


@given(_DECIMALS)
def test_format_number_agrees_with_babel_vi(value: Decimal) -> None:
    assert format_number(value) == format_decimal(value, locale="vi")


@given(_DECIMALS)
def test_format_then_parse(value: Decimal) -> None:
    assert parse_number(format_number(value)) == value
    assert parse_number(format_number(value), strict=True) == value


# ---- normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["1.234.567,89", "16,5%", "một nghìn không trăm linh năm", "1,5 triệu", "120 nghìn tỷ"]
)
def test_nfd_nbsp_and_spacing_read_the_same(text: str) -> None:
    value = parse_number(text)
    assert parse_number(unicodedata.normalize("NFD", text)) == value
    assert parse_number(text.replace(" ", "\u00a0")) == value
    assert parse_number(text.replace(" ", " \t ")) == value


# ---- find_numbers ----------------------------------------------------------------------

FOUND = [
    (
        "Ban hành 02 văn bản, tỷ lệ 16,5%, tổng vốn 1,5 triệu",
        [("02", D("2"), None), ("16,5%", D("16.5"), "percent"), ("1,5 triệu", D("1500000"), None)],
    ),
    ("Quyết định 138/QĐ-UBND ngày 24/9/2023", []),
    ("Kế hoạch 10/KH-UBND và 1847-KH/BCSĐ", []),
    ("Bản tin số 01/2024", []),
    ("COVID-19 và QĐ-15", []),
    (
        "hai mươi lăm đề tài, mười lăm dự án",
        [("hai mươi lăm", D("25"), "spelled"), ("mười lăm", D("15"), "spelled")],
    ),
    ("hai mươi năm qua", [("hai mươi", D("20"), "spelled")]),
    ("một trăm năm lịch sử", []),
    ("một số nhiệm vụ", []),
    ("trong năm 2023", [("2023", D("2023"), None)]),
    ("phiên bản 1.5", []),
    ("vốn 2 tỷ 350 triệu đồng", [("2 tỷ 350 triệu", D("2350000000"), None)]),
    ("Tổng: 1.175.", [("1.175", D("1175"), None)]),
]
assert len({c[0] for c in FOUND}) == len(FOUND)


@pytest.mark.parametrize(("text", "expected"), FOUND, ids=[c[0] for c in FOUND])
def test_find_numbers(text: str, expected: list[tuple[str, Decimal, str | None]]) -> None:
    found = find_numbers(text)
    assert [(m.text, m.value, m.form) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.text


def test_find_numbers_offsets_are_into_the_original() -> None:
    raw = unicodedata.normalize("NFD", "Sở\u00a0\u00a0giao  02 đề tài, kinh phí 1,5\u00a0triệu")
    found = find_numbers(raw)
    assert [m.value for m in found] == [D("2"), D("1500000")]
    for m in found:
        assert raw[m.start : m.end] == m.text
    assert found[1].text == unicodedata.normalize("NFD", "1,5\u00a0triệu")


@given(st.text())
def test_parse_number_raises_only_parse_errors(text: str) -> None:
    error: ParseError | None = None
    try:
        parse_number(text)
    except ParseError as err:  # any other exception fails the test
        error = err
    if error is not None:
        assert 0 <= error.position <= len(text)


_PIECES = [*"0123456789.,% -/", "một", "mươi", "năm ", "triệu", "tỷ", "trăm ", "\u00a0"]


@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_find_numbers_never_raises_and_spans_hold(text: str) -> None:
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text
        assert isinstance(m.value, Decimal)


@given(st.text())
def test_find_numbers_on_any_text(text: str) -> None:
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text


def _tokens_one_by_one(text: str) -> dict[str, object]:
    """_Tokens's fields as its first version built them, a token at a time."""
    from khcn.parse.number import _TOKEN, NUM, SYM, WORD

    starts, ends, words, kinds = [], [], [], []
    for m in _TOKEN.finditer(text):
        s = m.group()
        starts.append(m.start())
        ends.append(m.end())
        c = s[0]
        if c.isascii() and c.isdigit():
            kinds.append(NUM)
            words.append(s)
        elif c.isalpha():
            kinds.append(WORD)
            words.append(s.lower())
        else:
            kinds.append(SYM)
            words.append(s)
    n = len(words)
    joined, near = [False] * n, [False] * n
    for i in range(1, n):
        gap = starts[i] - ends[i - 1]
        joined[i] = near[i] = gap == 0
        near[i] = near[i] or (gap == 1 and text[ends[i - 1]] == " ")
    fields = {"starts": starts, "ends": ends, "words": words, "kinds": kinds}
    return {**fields, "n": n, "joined": joined, "near": near, "text": text}


@given(
    st.text() | st.lists(st.sampled_from([*_PIECES, "²Ab", "İ", "Ⅻ", "٣٤", "_", "\n"])).map("".join)
)
def test_tokens_are_cut_as_one_by_one(text: str) -> None:
    from khcn.parse.number import _Tokens

    toks = _Tokens(text)
    assert {k: getattr(toks, k) for k in _Tokens.__slots__} == _tokens_one_by_one(text)


# ---- linear time on adversarial input (asserts results; a backtracking regex would hang) --

_ADVERSARIAL = [
    "9" * 100_000,
    "1." * 50_000,
    "1," * 50_000,
    "1.000" * 20_000,
    ". , " * 25_000,
    "1 " * 50_000,
    "một " * 25_000,
    "hai mươi lăm " * 10_000,
    "1 tỷ " * 20_000,
]


@pytest.mark.parametrize("text", _ADVERSARIAL, ids=lambda t: repr(t[:12]))
def test_adversarial_inputs_are_read_correctly(text: str) -> None:
    found = find_numbers(text)
    for m in found[:50]:
        assert text[m.start : m.end] == m.text
    with pytest.raises(InvalidNumberError):
        parse_number(text)


def test_adversarial_results() -> None:
    assert find_numbers("9" * 100_000) == []  # more than 40 digits: not read, not rounded
    assert [m.value for m in find_numbers("1 " * 50_000)] == [D(1)] * 50_000
    assert [m.value for m in find_numbers("1.000 " * 10_000)] == [D(1000)] * 10_000
    assert find_numbers("một " * 25_000) == []
    assert [m.value for m in find_numbers("hai mươi lăm " * 1_000)] == [D(25)] * 1_000
    # Longest reading first: "hai mươi hai" is 22, then "mươi" alone is no number.
    assert [m.value for m in find_numbers("hai mươi " * 4)] == [D(22), D(22)]


def test_random_digit_soup_is_linear_and_consistent() -> None:
    rng = random.Random(20231009)
    text = "".join(rng.choice("0123456789.,  ") for _ in range(100_000))
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text
        assert parse_number(m.text) == m.value
