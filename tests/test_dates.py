"""parse_date and find_dates: case tables, errors, properties, adversarial input."""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from khcn import (
    InvalidDateError,
    MissingYearError,
    ParseError,
    PartialDate,
    ValidationError,
    find_dates,
    parse_date,
)
from khcn.strategies import date_strings, dates

if TYPE_CHECKING:
    import re

D = dt.date

# (text, expected) — written for these tests in the styles reports use.
FULL_DATES: list[tuple[str, dt.date]] = [
    ("ngày 09 tháng 10 năm 2023", D(2023, 10, 9)),
    ("Sáng ngày 09 tháng 10 năm 2023", D(2023, 10, 9)),
    ("Chiều ngày 3 tháng 4 năm 2022", D(2022, 4, 3)),
    ("Thứ Năm, ngày 16/01/2020", D(2020, 1, 16)),
    ("Thứ Năm (16/01/2020)", D(2020, 1, 16)),
    ("thứ 5, 16/01/2020", D(2020, 1, 16)),
    ("T2, 16/10/2023", D(2023, 10, 16)),
    ("Chủ nhật, 15/10/2023", D(2023, 10, 15)),
    ("CN 15/10/2023", D(2023, 10, 15)),
    ("09/10/2023", D(2023, 10, 9)),
    ("9/10/2023", D(2023, 10, 9)),
    ("09-10-2023", D(2023, 10, 9)),
    ("09.10.2023", D(2023, 10, 9)),
    ("(15/01/2018)", D(2018, 1, 15)),
    ("ngày 18/01/2023", D(2023, 1, 18)),
    ("Ngày 24/6/2021,", D(2021, 6, 24)),
    ("ngày 5 tháng Mười Hai năm 2022", D(2022, 12, 5)),
    ("ngày 1 tháng Giêng năm 2024", D(2024, 1, 1)),
    ("ngày 20 tháng Chạp năm 2023", D(2023, 12, 20)),
    ("ngày 7 tháng Năm năm 2022", D(2022, 5, 7)),
    ("ngày 2 tháng Tư năm 2022", D(2022, 4, 2)),
    ("ngày 30 tháng mười một năm 2021", D(2021, 11, 30)),
    ("mùng 5 tháng 3 năm 2021", D(2021, 3, 5)),
    ("ngày mồng 2 tháng 9 năm 2019", D(2019, 9, 2)),
    ("ngày mười lăm tháng 8 năm 2020", D(2020, 8, 15)),
    ("mùng năm tháng Giêng năm 2023", D(2023, 1, 5)),
    ("ngày hai mươi mốt tháng 3 năm 2021", D(2021, 3, 21)),
    ("ngày 9 tháng 10, năm 2023", D(2023, 10, 9)),
    ("NGÀY 09 THÁNG 10 NĂM 2023", D(2023, 10, 9)),
    ("09/10/23", D(2023, 10, 9)),
    ("31/12/99", D(1999, 12, 31)),
    ("2023-10-09", D(2023, 10, 9)),
    ("29/02/2024", D(2024, 2, 29)),
    ("buổi sáng ngày 04/3/2024", D(2024, 3, 4)),
]

# (text, year, expected): dates without a year take year=.
YEARLESS: list[tuple[str, int, dt.date]] = [
    ("24/9", 2023, D(2023, 9, 24)),
    ("ngày 24 tháng 9", 2023, D(2023, 9, 24)),
    ("chiều 24/6", 2021, D(2021, 6, 24)),
    ("Sáng ngày 24/9", 2022, D(2022, 9, 24)),
    ("sáng 5.1", 2024, D(2024, 1, 5)),
    ("ngày 1-12", 2023, D(2023, 12, 1)),
    ("09/10/2023", 1999, D(2023, 10, 9)),  # a year in the text wins
]

# (text, error type, words the message must contain)
BAD: list[tuple[str, type[ParseError], str]] = [
    ("31/02/2023", InvalidDateError, "February 2023 has 28 days"),
    ("29/02/2023", InvalidDateError, "February 2023 has 28 days"),
    ("31/04/2021", InvalidDateError, "April 2021 has 30 days"),
    ("ngày 5 tháng 13 năm 2023", InvalidDateError, "no month 13"),
    ("15/13/2023", InvalidDateError, "no month 13"),
    ("Thứ Hai, ngày 16/01/2020", InvalidDateError, "is a Thursday (Thứ Năm), not Thứ Hai"),
    ("Chủ nhật, 16/10/2023", InvalidDateError, "is a Monday (Thứ Hai)"),
    ("24/9", MissingYearError, "pass year="),
    ("ngày 24 tháng 9", MissingYearError, "no year"),
    ("tháng 7/2021", InvalidDateError, "not a date"),
    ("Quyết định 138/QĐ-UBND", InvalidDateError, "not a date"),
    ("", InvalidDateError, "not a date"),
    ("hôm qua", InvalidDateError, "not a date"),
]


@pytest.mark.parametrize("table", [FULL_DATES, YEARLESS, BAD], ids=["full", "yearless", "bad"])
def test_tables_have_no_duplicates(table: list[tuple[object, ...]]) -> None:
    texts = [row[0] for row in table]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(("text", "expected"), FULL_DATES)
def test_parse_date_full(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "year", "expected"), YEARLESS)
def test_parse_date_with_year(text: str, year: int, expected: dt.date) -> None:
    assert parse_date(text, year=year) == expected


@pytest.mark.parametrize(("text", "error", "words"), BAD)
def test_parse_date_errors(text: str, error: type[ParseError], words: str) -> None:
    with pytest.raises(error) as info:
        parse_date(text)
    assert words in str(info.value)
    assert info.value.kind == "date"


def test_missing_year_is_a_parse_error_never_a_guess() -> None:
    with pytest.raises(MissingYearError) as info:
        parse_date("Sáng ngày 24/9")
    assert isinstance(info.value, ParseError)
    assert isinstance(info.value, ValueError)


def test_leap_day_without_a_year() -> None:
    with pytest.raises(InvalidDateError, match="February 2023 has 28 days"):
        parse_date("29/2", year=2023)
    assert parse_date("29/2", year=2024) == D(2024, 2, 29)


# -- PartialDate ------------------------------------------------------------------------


def test_partial_date() -> None:
    p = PartialDate(24, 9)
    assert p.resolve(2023) == D(2023, 9, 24)
    assert PartialDate(1, 12, 2021).resolve(2030) == D(2021, 12, 1)
    assert str(p) == "24/09"
    assert hash(p) == hash(PartialDate(24, 9))
    with pytest.raises(MissingYearError):
        p.resolve()
    with pytest.raises(InvalidDateError):
        PartialDate(29, 2).resolve(2023)


@pytest.mark.parametrize(
    ("day", "month", "year", "field"),
    [(31, 4, None, "day"), (0, 1, None, "day"), (1, 13, None, "month"), (29, 2, 2023, "day")],
)
def test_partial_date_validation(day: int, month: int, year: int | None, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        PartialDate(day, month, year)
    assert info.value.field == field


# -- find_dates -------------------------------------------------------------------------

# (text, [(matched text, value)]) with no year given.
FOUND: list[tuple[str, list[tuple[str, dt.date | PartialDate]]]] = [
    (
        "Quyết định 138/QĐ-UBND ngày 5/3/2021 của UBND tỉnh",
        [("ngày 5/3/2021", D(2021, 3, 5))],
    ),
    (
        "Kế hoạch số 10/KH-UBND ngày 18/01/2023 về phân công",
        [("ngày 18/01/2023", D(2023, 1, 18))],
    ),
    ("theo Nghị định 09/2019/NĐ-CP (24/01/2019)", [("24/01/2019", D(2019, 1, 24))]),
    ("Thông tư 15/2018/TT-BKHCN đã sửa", []),
    ("đạt tỷ lệ 1/2021 và 1/2 số hồ sơ", []),
    ("kế hoạch tháng 7/2021 và quý IV/2021", []),
    ("giá 5.1 triệu, phiên bản 1.2.3, điện thoại 0912.345.678", []),
    ("thời gian thực hiện 9 tháng 10 ngày", []),
    ("đạt 9/12 chỉ tiêu", []),
    ("Sáng ngày 24/9, hội nghị", [("Sáng ngày 24/9", PartialDate(24, 9))]),
    ("hội nghị diễn ra 24/9 tại Sở", [("24/9", PartialDate(24, 9))]),
    ("sáng 5.1 và ngày 1-12", [("sáng 5.1", PartialDate(5, 1)), ("ngày 1-12", PartialDate(1, 12))]),
    ("từ 15/12 đến 14/6", [("15/12", PartialDate(15, 12)), ("14/6", PartialDate(14, 6))]),
    (
        "Sáng ngày 09 tháng 10 năm 2023, Sở KH&CN tổ chức",
        [("Sáng ngày 09 tháng 10 năm 2023", D(2023, 10, 9))],
    ),
    ("Sở KH&CN ngày 09/10/2023", [("ngày 09/10/2023", D(2023, 10, 9))]),
    (
        "từ 01/01/2023-31/12/2023",
        [("01/01/2023", D(2023, 1, 1)), ("31/12/2023", D(2023, 12, 31))],
    ),
    ("ISO 2023-10-09.", [("2023-10-09", D(2023, 10, 9))]),
    ("ngày 31/2 không có", []),
    ("có thể bị phạt tiền từ 4-8 triệu đồng", []),
    ("với mức phạt từ 2-4 triệu đồng cho mỗi hành vi", []),
    ("kiểm tra từ 2-4 cơ sở mỗi đợt", []),
    ("tỷ lệ tăng từ 4-8% so với", []),
    ("từ 1.5 đến 2.5 lần", []),
    ("từ 2/4 cơ sở", []),
    ("đến 15/12 tỷ đồng", []),
    ("mức phạt 20/9 triệu", []),
    ("từ 4-8 đến 10-8", []),
    (
        "từ ngày 4-8 đến ngày 10-8",
        [("ngày 4-8", PartialDate(4, 8)), ("ngày 10-8", PartialDate(10, 8))],
    ),
    ("chiều 4-8 tại hội trường", [("chiều 4-8", PartialDate(4, 8))]),
    ("Thứ Sáu, 28/12/2018 | Đăng nhập", [("Thứ Sáu, 28/12/2018", D(2018, 12, 28))]),
    ("Cập nhật lúc 08:15, Thứ Năm, 08/12/2022 (GMT+7)", [("Thứ Năm, 08/12/2022", D(2022, 12, 8))]),
    ("ngày 24/9 năm nay", [("ngày 24/9", PartialDate(24, 9))]),
    ("dịp Tết Nguyên đán Quý Mão 2023", []),
]


def test_found_table_has_no_duplicates() -> None:
    texts = [t for t, _ in FOUND]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_find_dates(text: str, expected: list[tuple[str, object]]) -> None:
    assert [(m.text, m.value) for m in find_dates(text)] == expected


def test_find_dates_with_year_resolves_yearless() -> None:
    found = find_dates("Sáng ngày 24/9, ngày 1-12 và ngày 29/2", year=2023)
    assert [m.value for m in found] == [D(2023, 9, 24), D(2023, 12, 1)]


def test_find_dates_flags_a_contradicting_weekday() -> None:
    [m] = find_dates("Thứ Hai, ngày 16/01/2020 Sở họp")
    assert m.value == D(2020, 1, 16)
    assert m.form == "weekday_mismatch"
    [ok] = find_dates("Thứ Năm, ngày 16/01/2020")
    assert ok.form is None


@pytest.mark.parametrize(
    "text", ["Thứ Sáu, 28/12/2018", "Cập nhật: Thứ Sáu, 28/12/2018 08:30", "(Thứ Sáu, 28/12/2018)"]
)
def test_a_weekday_and_its_date_are_one_match(text: str) -> None:
    [m] = find_dates(text)
    assert m.text == "Thứ Sáu, 28/12/2018"
    assert m.value == D(2018, 12, 28)
    assert m.form is None


def test_find_dates_offsets_are_in_the_callers_string() -> None:
    raw = "Ngày\u00a0\u00a009/10/2023 \u2013 chiều 24/6"
    found = find_dates(raw)
    assert [m.text for m in found] == ["Ngày\u00a0\u00a009/10/2023", "chiều 24/6"]
    for m in found:
        assert raw[m.start : m.end] == m.text


# -- properties -------------------------------------------------------------------------


@given(st.data(), dates())
def test_every_style_reads_back(data: st.DataObject, day: dt.date) -> None:
    text = data.draw(date_strings(st.just(day)))
    assert parse_date(text) == day


@given(st.data(), dates())
def test_nfd_and_spacing_variants_read_the_same(data: st.DataObject, day: dt.date) -> None:
    text = data.draw(date_strings(st.just(day)))
    spaced = text.replace(" ", data.draw(st.sampled_from(["  ", "\u00a0", " \t"])))
    assert parse_date(unicodedata.normalize("NFD", text)) == day
    assert parse_date(spaced) == day
    assert parse_date(f"  {text}  ") == day


@given(st.text())
def test_arbitrary_text_raises_only_parse_errors(text: str) -> None:
    with contextlib.suppress(ParseError):
        parse_date(text, year=2023)
    found = find_dates(text)
    for m in found:
        assert text[m.start : m.end] == m.text


_PROSE = st.lists(
    st.one_of(
        date_strings(),
        st.sampled_from(["ngày", "tháng", "năm", "sáng", "Thứ Hai", "/", "-", ".", " ", "24/9"]),
        st.text(max_size=5),
    ),
    max_size=12,
).map(" ".join)


@given(_PROSE, st.none() | st.integers(-5, 10_000))
def test_find_dates_never_raises_and_keeps_offsets(text: str, year: int | None) -> None:
    found = find_dates(text, year=year)
    assert [m.start for m in found] == sorted(m.start for m in found)
    for m in found:
        assert text[m.start : m.end] == m.text


@given(dates())
def test_find_dates_finds_a_date_in_prose(day: dt.date) -> None:
    text = f"Sáng ngày {day:%d/%m}/{day.year}, Sở KH&CN tổ chức hội nghị."
    [m] = find_dates(text)
    assert m.value == day


# -- linear time ------------------------------------------------------------------------

ADVERSARIAL_UNITS = [
    "ngày ",
    "1/",
    "1.",
    "Sáng Thứ Hai, ",
    "mười ",
    "ngày mười hai mươi ",
    "1",
    "tháng 1 ",
    "(",
]
ADVERSARIAL = [unit * (100_000 // len(unit) + 1) for unit in ADVERSARIAL_UNITS]


@pytest.mark.parametrize("noise", ADVERSARIAL, ids=lambda s: repr(s[:12]))
def test_adversarial_input_still_finds_the_date(noise: str) -> None:
    text = noise + " ngày 09/10/2023"
    assert len(text) >= 100_000
    found = find_dates(text)
    assert found[-1].value == D(2023, 10, 9)
    assert found[-1].end == len(text)
    with pytest.raises(InvalidDateError):
        parse_date(noise)


# ---- the scan tries only starts near an anchor ---------------------------------------------

_SCAN_PIECES = [
    "1", "5", "12", "24", "31", "2023", "/", ".", "-", " ", "  ", "\n", ",", "(", ")",
    "tháng", "THÁNG", "Tháng", "ngày", "năm", "Năm", "mùng", "sáng", "Thứ Hai", "CN",
    "mười lăm", "Giêng", "x", "İ", "ı",
]  # fmt: skip


def test_no_date_is_longer_than_the_scan_assumes() -> None:
    import re._parser as sre_parse  # type: ignore[import-not-found,import-untyped,unused-ignore]

    from khcn.parse.dates import MAX_DATE_WIDTH, _patterns

    date_re = _patterns()[0]
    assert sre_parse.parse(date_re.pattern, date_re.flags).getwidth()[1] <= MAX_DATE_WIDTH


@given(st.lists(st.sampled_from(_SCAN_PIECES), max_size=80).map("".join))
def test_anchored_scan_is_finditer(text: str) -> None:
    from khcn.parse.dates import _matches, _patterns

    date_re = _patterns()[0]
    expected = [(m.span(), m.groupdict()) for m in date_re.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in _matches(date_re, text)] == expected


@given(
    st.lists(
        st.sampled_from([*_SCAN_PIECES, "buổi", "chiều", "Chủ nhật", "T3", "hai"])
        | date_strings().map(lambda d: f" {d} ")
        | date_strings().map(str.upper),
        max_size=30,
    ).map("".join)
)
def test_first_letter_guard_changes_no_match(text: str) -> None:
    """The date pattern opens with a lookahead of the letters a date can start with: a
    shortcut only, so the pattern without it finds the same dates."""
    import re

    from khcn.parse.dates import _patterns

    date_re = _patterns()[0]
    guard = re.search(r"\(\?=\[\\d[^\]]*\]\)", date_re.pattern)
    assert guard is not None
    unguarded = re.compile(date_re.pattern.replace(guard.group(), "", 1), date_re.flags)
    expected = [(m.span(), m.groupdict()) for m in unguarded.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in date_re.finditer(text)] == expected


# One form of each way a date can open.
_OPENING_PIECES = [
    *("ngày 5 tháng 3", "mùng 5 tháng Giêng", "mồng 2/9", "Thứ Hai, 16/01/2020", "CN 5/1"),
    *("sáng 5/3", "buổi chiều 5/3", "đêm 30/4", "khuya 1/5", "trưa 2.9", "tối 1-12"),
    *("ngày mười lăm tháng Giêng năm 2024", "chủ nhật 6/1", "T2, 15/1", "thứ 3 ngày 16/1"),
    *("2023-10-09", "buổi", "chiều", "Chủ nhật", "T3", "hai", "NGÀY 5 THÁNG 3 NĂM 2021"),
]


@given(
    st.lists(
        st.sampled_from([*_SCAN_PIECES, *_OPENING_PIECES])
        | date_strings().map(lambda s: f" {s} ")
        | date_strings().map(str.upper),
        max_size=30,
    ).map("".join)
)
@example("5   tháng 3; 12  tháng Giêng; 2023-10-09; 1-12; 3.4; 12 nhiệm vụ, 2023,")
@example("ngày 2023-1-2; 31/12/2023/; 7  THÁNG 8")
def test_first_word_guard_changes_no_match(text: str) -> None:
    """After its lookbehind the date pattern checks that a day and "tháng" or a separator,
    an ISO year, or one of the words its alternatives open with starts there: a shortcut
    only, so the pattern without its guards finds the same dates."""
    import re

    from khcn.parse.dates import _patterns

    date_re = _patterns()[0]
    guards = ("(?=[\\d", "(?=\\d{1,2}")
    lines = date_re.pattern.splitlines()
    kept = [line for line in lines if not line.strip().startswith(guards)]
    assert len(kept) == len(lines) - 2
    unguarded = re.compile("\n".join(kept), date_re.flags)
    expected = [(m.span(), m.groupdict()) for m in unguarded.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in date_re.finditer(text)] == expected


def test_anchored_scan_is_finditer_on_long_text() -> None:
    import random

    from khcn.parse.dates import _matches, _patterns

    rng = random.Random(3)
    text = "".join(rng.choice(_SCAN_PIECES) for _ in range(20_000))
    date_re = _patterns()[0]
    assert [m.span() for m in _matches(date_re, text)] == [m.span() for m in date_re.finditer(text)]


# The pieces of a text whose lowercase reads as IGNORECASE reads (no "İ", "ı"): the scan
# reads the lowercase; a text with "İ", "ı" or "ſ" is searched range by range.
_LOWERED_PIECES = [
    p for p in [*_SCAN_PIECES, *_OPENING_PIECES, "ΑΣ", "ẞ", "Ngày 5 Tháng 3"] if p not in ("İ", "ı")
]


@given(
    st.lists(
        st.sampled_from(_LOWERED_PIECES)
        | st.sampled_from(
            ["buổi   khuya   ,   chủ   nhật   ,   (   ngày   mùng   mười   ", "x" * 60]
        )
        | date_strings().map(lambda d: f" {d} ")
        | date_strings().map(str.upper),
        max_size=40,
    ).map("".join),
    st.sampled_from(["", "İ", "ı", "ſ"]),
)
@example(
    "buổi   khuya   ,   chủ   nhật   ,   (   ngày   mùng   mười   mười   mười   mười   tháng 5)", ""
)
def test_the_scan_of_the_starts_found_in_the_lowercase_is_finditer(text: str, odd: str) -> None:
    """The starts near an anchor where the pattern's first lines hold, found in the
    lowercased text and matched in turn, give what the pattern's own finditer gives (and
    so does the range by range search of a text whose lowercase does not read as
    IGNORECASE reads)."""
    from khcn.parse.dates import _matches, _patterns

    text += odd
    date_re = _patterns()[0]
    expected = [(m.span(), m.groupdict()) for m in date_re.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in _matches(date_re, text)] == expected


def test_the_scan_of_the_starts_is_finditer_on_long_text() -> None:
    import random

    from khcn.parse.dates import _matches, _patterns

    rng = random.Random(4)
    pieces = [*_LOWERED_PIECES, " " * 40, "x" * 150, "1.234.567", "2021-2025"]
    text = "".join(rng.choice(pieces) for _ in range(20_000))
    date_re = _patterns()[0]
    assert [m.span() for m in _matches(date_re, text)] == [m.span() for m in date_re.finditer(text)]


def test_the_date_starts_are_the_first_lines_of_the_pattern_lowercased() -> None:
    from khcn._regex import lower_source
    from khcn.parse.dates import _patterns

    date_re, _, starts_re = _patterns()
    first = date_re.pattern[: len(starts_re.pattern)]
    assert lower_source(first) == starts_re.pattern
    assert date_re.pattern[len(first) :].lstrip().startswith("(?:(?P<tod>")


def _start_tests() -> list[re.Pattern[str]]:
    from khcn.parse import dates, periods

    return [dates._patterns()[2], periods._patterns()[3]]


@pytest.mark.parametrize("which", [0, 1], ids=["dates", "periods"])
def test_the_start_tests_read_little_beyond_the_start(which: int) -> None:
    """The starts are searched with the text cut START_REACH characters beyond a range:
    each lookahead of a start test reads fewer (one more for a "(?!\\w)" at its end), and
    holds no lookahead of its own, which the cut could fail."""
    import re._constants as sre_constants  # type: ignore[import-not-found,import-untyped,unused-ignore]
    import re._parser as sre_parse  # type: ignore[import-not-found,import-untyped,unused-ignore]

    from khcn.parse.dates import START_REACH

    starts_re = _start_tests()[which]
    parsed = sre_parse.parse(starts_re.pattern, starts_re.flags)
    ahead = [av[1] for op, av in parsed if op is sre_constants.ASSERT and av[0] == 1]
    assert len(ahead) == 2
    assert all(sub.getwidth()[1] + 1 <= START_REACH for sub in ahead)
    assert parsed.getwidth() == (0, 0)  # it reads no character itself
    inner = "".join(starts_re.pattern.splitlines()[2:])
    assert "(?=" not in inner.replace("(?=", "", 1)
    assert "(?<=" not in inner


def test_a_holiday_before_a_yearless_date_says_it_is_a_date() -> None:
    found = find_dates("kiểm tra xăng dầu dịp Quốc khánh 2/9 và lễ 30/4; tỷ lệ 2/3")
    assert [(m.text, m.value) for m in found] == [
        ("2/9", PartialDate(2, 9)),
        ("30/4", PartialDate(30, 4)),
    ]


@given(
    st.lists(
        st.sampled_from([*_LOWERED_PIECES, "6.184", "1.234.567", "11/2021", "2023-10-09", "3,46"])
        | date_strings().map(lambda d: f" {d} ")
        | date_strings().map(str.upper),
        max_size=30,
    ).map("".join)
)
@example("kiểm định 6.184 phương tiện đo, ngày 5.3; 24.530; 11/2021")
def test_every_date_holds_an_anchor(text: str) -> None:
    """Every match of the date pattern holds "tháng" or a separator between a digit and a
    day or month of one or two digits: the scan looks for dates near those only."""
    from khcn.parse.dates import _patterns, anchors

    found = anchors(text)
    for m in _patterns()[0].finditer(text):
        assert any(m.start() <= a < m.end() for a in found), m.group()


@given(
    st.lists(
        st.sampled_from(["ngày 5/3/2021", "a", " ", "  ", "\u00a0", "–", "e\u0301", "\n", "đ"])
        | date_strings(),
        max_size=12,
    ).map("".join)
)
def test_a_text_that_needed_no_change_keeps_its_offsets(text: str) -> None:
    """The finders map offsets back only when normalising changed the text: when the
    normalised text is the text given, itself, every span is its own."""
    from khcn.text import normalize_with_map

    norm = normalize_with_map(text)
    if norm.text is norm.original:
        n = len(text)
        assert all(norm.span(i, j) == (i, j) for i in range(n) for j in range(i + 1, n + 1))


def _old_read(m: re.Match[str], info: Any) -> Any:
    """``_read`` as it was, reading ``groupdict()``: the reference."""
    from khcn.errors import InvalidNumberError
    from khcn.parse.dates import _Raw
    from khcn.vi.calendar import spelled_number

    g = m.groupdict()
    sep = ""
    two_digit = False
    year: int | None
    try:
        if g["iy"] is not None:
            day, month, year = int(g["id"]), int(g["im"]), int(g["iy"])
            sep = "iso"
        elif g["nd"] is not None:
            day, month = int(g["nd"]), int(g["nm"])
            sep = g["sep"]
            year = int(g["ny"]) if g["ny"] else None
            two_digit = g["ny"] is not None and len(g["ny"]) == 2
        else:
            if g["wd_"] is not None:
                day = int(g["wd_"])
            elif g["ngay"] or g["mung1"] or g["mung2"]:
                day = spelled_number(g["wdw"])
            else:
                return None  # "năm tháng 3": a spelled day needs "ngày" or "mùng"
            month = int(g["wm"]) if g["wm"] is not None else info.month_number(g["wmw"]) or 0
            year = int(g["wy"]) if g["wy"] else None
            two_digit = g["wy"] is not None and len(g["wy"]) == 2
    except (InvalidNumberError, ValueError):
        return None
    if year is not None and two_digit:
        year = info.convertyear(year)
    return _Raw(
        m.start(),
        m.end(),
        day,
        month,
        year,
        info.weekday(g["wd"]) if g["wd"] else None,
        bool(g["tod"] or g["wd"] or g["ngay"] or g["mung1"] or g["mung2"] or g["paren"]),
        sep,
        two_digit,
    )


_READ_PIECES = [
    *("ngày 09 tháng 10 năm 2023", "Sáng ngày 5/3", "mùng 5 tháng Giêng năm 24", "09.10.23"),
    *("2023-10-09", "Thứ Năm (16/01/2020)", "ngày mười lăm tháng Chạp", "năm tháng 3", "1-12"),
    *("chiều Chủ nhật, 24/6/2021", "ngày 31 tháng 13", "mồng hai tháng năm năm 2023", "(5.3)"),
]


@given(
    st.lists(
        st.sampled_from([*_LOWERED_PIECES, *_READ_PIECES])
        | date_strings()
        | date_strings().map(str.upper),
        max_size=12,
    ).map(" ".join)
)
def test_each_date_is_read_as_it_was(text: str) -> None:
    """The fields of a date, its groups read one by one, are those the old reading of all
    its groups at once gave."""
    _read_both_ways(text)


@pytest.mark.parametrize("piece", _READ_PIECES)
def test_each_date_piece_is_read_as_it_was(piece: str) -> None:
    _read_both_ways(piece)
    _read_both_ways(piece.upper())


def _read_both_ways(text: str) -> None:
    from khcn.parse.dates import _patterns, _read
    from khcn.vi.calendar import get_calendar

    info = get_calendar()
    for m in _patterns()[0].finditer(text):
        assert _read(m, info) == _old_read(m, info), m.group()


@given(
    st.lists(
        st.sampled_from(
            ["ngày 5/3/2021", "a", " ", "  ", "\u00a0", "–", "e\u0301", "\n", "đ", "\t", "“x”"]
        )
        | st.sampled_from(["\u212b", "ǅ", "ﬁ", "\u0323", "Ω", "ệ", "\u00ad", "\r\n", "…"])
        | date_strings(),
        max_size=12,
    ).map("".join)
)
@example("ngày  5/3")
@example("Å")
def test_a_text_its_own_normal_form_is_read_as_it_is(text: str) -> None:
    """``_normalized`` gives normalize_with_map's text; where it skips normalize_with_map,
    that gives the text itself, each offset its own."""
    from khcn.text import _normalized, _Unchanged, normalize_with_map

    got, expected = _normalized(text), normalize_with_map(text)
    assert got.text == expected.text
    if isinstance(got, _Unchanged):
        assert got.text is got.original is text
        assert expected.text == text
        n = len(text)
        assert all(expected.span(i, j) == (i, j) for i in range(n) for j in range(i + 1, n + 1))


def test_a_text_of_the_characters_normalising_keeps_is_nfc() -> None:
    """``_normalized`` leaves out normalize_with_map's NFC test: every character its
    ``_MAY_CHANGE`` lets through is NFC alone and a starter, and so is every pair of them
    (NFC composes only a starter with what follows it), so any text of them is NFC."""
    import sys

    from khcn.text import _MAY_CHANGE

    kept = [
        c
        for c in map(chr, range(sys.maxunicode + 1))
        if not 0xD800 <= ord(c) <= 0xDFFF and _MAY_CHANGE.match(c) is None
    ]
    assert 150 < len(kept) < 1000
    assert all(unicodedata.is_normalized("NFC", c) and not unicodedata.combining(c) for c in kept)
    assert all(unicodedata.is_normalized("NFC", a + b) for a in kept for b in kept)


@pytest.mark.parametrize("which", [0, 1], ids=["dates", "periods"])
@given(
    text=st.lists(
        st.sampled_from([*_LOWERED_PIECES, *_READ_PIECES, "x.", ",9 ", "/t2", "q3 "])
        | date_strings(),
        max_size=20,
    ).map(lambda pieces: " ".join(pieces).lower()),
    cut=st.tuples(st.integers(0, 300), st.integers(0, 300)),
)
@example(text="9 tháng, lũy kế 2 tháng; q4 2021 t7/2022", cut=(0, 300))
@example(text="ngày 5/3, sáng 24/9 và 2023-10-09", cut=(5, 12))
def test_a_start_test_that_reads_its_letter_finds_the_same_starts(
    which: int, text: str, cut: tuple[int, int]
) -> None:
    """``_consuming`` writes a start test to read its first letter: it finds the starts the
    zero-width test finds, in a text cut anywhere."""
    from khcn.parse.dates import _consuming

    starts_re = _start_tests()[which]
    pos, endpos = min(cut), max(cut)
    expected = [m.start() for m in starts_re.finditer(text, pos, endpos)]
    got = [m.start() for m in _consuming(starts_re).finditer(text, pos, endpos)]
    assert got == expected


def test_the_days_of_every_month_of_every_year() -> None:
    import calendar

    from khcn.model.dates import _days_in_month

    for year in range(1, 10_000):
        for month in range(1, 13):
            assert _days_in_month(year, month) == calendar.monthrange(year, month)[1]


_WIDEST_DATE = (
    "buổi   khuya   ,   chủ   nhật   ,   (   ngày   mùng   mười   mười   mười   mười   tháng 5)"
)
_WIDE_DATE_PIECES = [
    _WIDEST_DATE,
    "Thứ   Năm  -  ngày   05/03/2021",
    "sáng  ,  Thứ 2 (   2023-10-09)",
    "chiều   ,   ngày   mồng   hai   mươi   mốt   tháng   Chạp   năm   2023",
    "T5,   mùng 5.3",
    "ngày  hai  mươi  mốt  tháng Năm",
]


@given(
    st.lists(
        st.sampled_from([*_LOWERED_PIECES, *_READ_PIECES, *_WIDE_DATE_PIECES])
        | date_strings()
        | date_strings().map(str.upper),
        max_size=12,
    ).map(" ".join)
)
@example(_WIDEST_DATE)
def test_every_date_holds_an_anchor_within_the_reach(text: str) -> None:
    """As the pattern says: every match holds an anchor (see ``anchors``) at most
    DATE_REACH characters from its start, and the farthest first anchors are that far."""
    from khcn.parse.dates import DATE_REACH, _patterns, anchors

    found = anchors(text)
    reaches = []
    for m in _patterns()[0].finditer(text):
        first = [a for a in found if m.start() <= a < m.end()]
        assert first, m.group()
        reaches.append(first[0] - m.start())
    assert all(reach <= DATE_REACH for reach in reaches)
    if text == _WIDEST_DATE:
        assert reaches == [DATE_REACH]


@given(st.lists(st.integers(0, 600), max_size=25).map(sorted), st.integers(0, 200))
@example([0, 0, 5], 0)
def test_the_ranges_near_the_anchors_are_those_they_were(anchors: list[int], width: int) -> None:
    """``_anchored_ranges`` merges the ranges as it did with a list of lists."""
    from khcn.parse.dates import _anchored_ranges

    expected: list[list[int]] = []
    for at in anchors:
        lo = max(0, at - width)
        if expected and lo <= expected[-1][1] + 1:
            expected[-1][1] = at
        else:
            expected.append([lo, at])
    assert _anchored_ranges(anchors, width) == [(lo, hi) for lo, hi in expected]
