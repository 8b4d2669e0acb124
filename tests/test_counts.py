"""khcn.extraction._counts: the one-scan readers find what the plain readers found.

``_reference_counts`` is find_counts as it was written first: a case-insensitive scan for
each kind of figure, the unit pattern with a named group around each noun, and every
pattern before a figure searched in full. The faster readers must give the same counts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from hypothesis import example, given, settings
from hypothesis import strategies as st

from khcn import _regex
from khcn._data import load_json
from khcn.errors import InvalidNumberError
from khcn.extraction import _counts
from khcn.extraction._counts import Count, find_counts
from khcn.model.qualifier import Qualifier
from khcn.vi.numerals import words_to_number

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

_OLD_NUMBER = re.compile(
    r"(?<![\w.,/\-])(\d{1,3}(?:\.\d{3})+|\d+)(?![\w%/]|[.,]\d|-\d| ?%)[ ]"
    r"|(?<!\w)((?:hàng chục|hàng trăm|hàng nghìn|hàng ngàn)(?: nghìn| ngàn| triệu)?)[ ]",
    re.IGNORECASE,
)
_OLD_SPELLED = re.compile(
    r"(?<![\w.,/\-])"
    r"((?:một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười)"
    r"(?: (?:một|mốt|hai|ba|bốn|tư|năm|lăm|nhăm|sáu|bảy|bẩy|tám|chín|mười|mươi|linh|lẻ|trăm)){0,6})"
    r" ",
    re.IGNORECASE,
)
# find_counts' scan of figures before the number words joined it (see _counts._openings)
_OLD_FIGURE = re.compile(
    r"\d(?<![\w.,/\-]\d)"
    r"(?:(\d{0,2}(?:\.\d{3})+|\d*)(?![\w%/]|[.,]\d|-\d| ?%)[ ]"
    r"|(\d{0,3})/(\d{1,4})(?![\w%/.,]|-\d)[ ])"
)
_OLD_FRACTION = re.compile(r"(?<![\w.,/\-])(\d{1,4})/(\d{1,4})(?![\w%/.,]|-\d) ")
_OLD_SO = re.compile(r"(?<!\w)(?:tổng )?số ", re.IGNORECASE)


def _old_units() -> re.Pattern[str]:
    parts = [f"(?P<u{i}>{e['p']})" for i, e in enumerate(load_json("extraction.json")["units"])]
    return re.compile(r"(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


_OLD_UNITS = _old_units()


def _count(
    value: int | None,
    qualifier: Qualifier,
    start: int,
    span: tuple[int, int],
    um: re.Match[str],
    end: int | None = None,
) -> Count:
    assert um.lastgroup is not None
    return Count(
        value=value,
        qualifier=qualifier,
        start=start,
        num_start=span[0],
        num_end=span[1],
        end=um.end() if end is None else end,
        unit=_counts._lexicon()[1][int(um.lastgroup[1:])],
        unit_text=um.string[um.start() : um.end()],
    )


def _reference_counts(text: str, blocked: Sequence[tuple[int, int]] = ()) -> list[Count]:
    inside: Callable[[int], bool] = _counts._inside(sorted(blocked))
    out: list[Count] = []
    for m in _OLD_NUMBER.finditer(text):
        s = m.start()
        um = _OLD_UNITS.match(text, m.end())
        if inside(s) or um is None:
            continue
        if m.group(1) is None:
            out.append(_count(None, Qualifier.APPROX, s, (s, m.end(2)), um))
            continue
        before = text[max(0, s - 24) : s]
        if _counts._not_a_count(text, s, before):  # no tail: every pattern searched
            continue
        qualifier, start = _counts._hedge(before, s)
        out.append(_count(int(m.group(1).replace(".", "")), qualifier, start, m.span(1), um))
    for m in _OLD_SPELLED.finditer(text):
        s = m.start(1)
        um = _OLD_UNITS.match(text, m.end())
        if um is None or inside(s):
            continue
        words = m.group(1).lower()
        before = text[max(0, s - 24) : s]
        guard = _counts._NOT_SPELLED_COUNT.get(words)
        if (guard is not None and guard.search(before)) or _counts._not_a_count(text, s, before):
            continue
        try:
            value = words_to_number(words)
        except InvalidNumberError:
            continue
        qualifier, start = _counts._hedge(before, s)
        out.append(_count(value, qualifier, start, m.span(1), um))
    for m in _OLD_FRACTION.finditer(text):
        s = m.start()
        part, whole = int(m.group(1)), int(m.group(2))
        um = _OLD_UNITS.match(text, m.end())
        if part >= whole or inside(s) or um is None:
            continue
        if not _counts._not_a_count(text, s, text[max(0, s - 24) : s]):
            out.append(_count(part, Qualifier.EXACT, s, m.span(1), um))
    taken = {c.num_start for c in out}
    for so in _OLD_SO.finditer(text):
        um = _OLD_UNITS.match(text, so.end())
        if um is None:
            continue
        pm = _counts._PREDICATE.match(text, um.end())
        if pm is None:
            continue
        n0, n1 = pm.span("n")
        lo = max(0, n0 - 120)
        if inside(n0) or n0 in taken:
            continue
        if text.find("nay", lo, n0) >= 0 and _counts._TO_DATE.search(text, lo, n0):
            continue
        copula = (pm.group("copula") or "").lower()
        qualifier = Qualifier.GT if copula == "vượt mốc" else Qualifier.EXACT
        value = int(pm.group("n").replace(".", ""))
        out.append(_count(value, qualifier, n0, (n0, n1), um, end=n1))
    out.sort(key=lambda c: c.num_start)
    return out


# Pieces of report prose around counts: figures in all their shapes, number words, nouns
# of the lexicon, hedges and the words that make a figure no count, in both cases.
_FIGURES = [
    "02", "1.175", "60", "11/28", "14/14", "10/KH-UBND", "24/9/2023", "16,5", "5.5", "3 %",
    "1.5", "9-10", "٣", "hai", "mười bốn", "hai mươi mốt", "một trăm năm", "năm", "một",
    "ba", "Bảy", "TÁM", "hàng chục", "Hàng trăm nghìn", "1,2", "0.500", "12345",
]  # fmt: skip
_NOUNS = [
    "cuộc thanh tra", "văn bằng bảo hộ", "cơ sở", "nhiệm vụ", "Nhiệm vụ KH&CN", "đề tài, dự án",
    "DN", "doanh nghiệp", "đơn sáng chế", "nhiệm vụ trọng tâm", "Cuộc họp", "hồ sơ", "lớp",
]  # fmt: skip
_WORDS = [
    "trên", "hơn", "nhiều hơn", "khoảng", "Gần", "không quá", "tăng", "giảm thêm", "tăng được",
    "so với", "cùng kỳ", "cứ", "căn cứ", "thì có", "lên", "nâng tổng số", "đến nay",
    "lũy kế đến nay là", "thời điểm này", "số", "tổng số", "Tổng số", "là", "đạt",
    "vượt mốc", ":", ",", ".", ";", "(", "trong", "của", "là", "với", "thêm", "İ", "ı", "ſ",
]  # fmt: skip
_GLUE = ["", " ", " ", " ", " ", " ", "  ", "\n", ", ", "-", "/"]


@st.composite
def _phrase(draw: st.DrawFn) -> str:
    """A count as reports write it: "trên 60 cơ sở", "số nhiệm vụ là 5"."""
    if draw(st.booleans()):
        lead = draw(st.sampled_from(["", *_WORDS])) + " "
        return lead + draw(st.sampled_from(_FIGURES)) + " " + draw(st.sampled_from(_NOUNS))
    so = draw(st.sampled_from(["số", "Tổng số", "tổng  số", "nâng tổng số"]))
    copula = draw(st.sampled_from([" là ", " đạt ", ": ", " vượt mốc ", " lên "]))
    return so + " " + draw(st.sampled_from(_NOUNS)) + copula + draw(st.sampled_from(_FIGURES))


@st.composite
def _prose(draw: st.DrawFn) -> str:
    """Counts, and the figures, nouns and words around them, sometimes glued oddly."""
    pieces = draw(
        st.lists(st.one_of(_phrase(), st.sampled_from([*_FIGURES, *_NOUNS, *_WORDS])), max_size=16)
    )
    text = ""
    for piece in pieces:
        text += draw(st.sampled_from(_GLUE)) + piece
    return text + draw(st.sampled_from(["", " ", " x"]))


@settings(max_examples=400, deadline=None)
@given(_prose(), st.lists(st.tuples(st.integers(0, 200), st.integers(0, 30)), max_size=3))
def test_find_counts_finds_what_the_plain_readers_found(
    text: str, spans: list[tuple[int, int]]
) -> None:
    blocked = [(a, a + n) for a, n in spans]
    assert find_counts(text, blocked) == _reference_counts(text, blocked)
    long = (text + " ") * (2_100 // (len(text) + 1) + 1)  # long enough to keep its lowercase
    assert find_counts(long) == _reference_counts(long)


def test_the_reference_finds_counts() -> None:
    text = "cấp trên 60 văn bằng, hàng chục cơ sở, hai cuộc thanh tra, 11/28 nhiệm vụ; số DN là 5"
    counts = _reference_counts(text)
    assert [c.value for c in counts] == [60, None, 2, 11, 5]
    assert find_counts(text) == counts


@settings(max_examples=200, deadline=None)
@given(_prose(), st.integers(0, 24))
def test_a_tail_only_skips_patterns_that_cannot_match(text: str, cut: int) -> None:
    s = max(0, len(text) - cut)
    before = text[max(0, s - 24) : s]
    low = _regex.lowered(text)
    tail = None if low is None else low[max(0, s - 24) : s].rstrip()
    assert _counts._not_a_count(text, s, before, tail) == _counts._not_a_count(text, s, before)
    assert _counts._hedge(before, s, tail) == _counts._hedge(before, s)


_HEDGE_PIECES = [
    "trên", "hơn", "nhiều hơn", "Nhiều  hơn", "khoảng", "khoảng chừng", "ước khoảng", "Vượt",
    "không vượt quá", "vượt quá", "Gần", "chưa tới", "ít nhất", "x", "xtrên", "(", ",", ":", ";",
    " ", " ", "\n", "\t", "-", "İ", "tăng",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(_HEDGE_PIECES), max_size=10),
    st.sampled_from(["", " ", "  ", "\n", " \t"]),
    st.integers(0, 30),
)
@example(["khoảng"], " ", 0)  # the word opens the window ("^")
@example(["(", "nhiều hơn"], " ", 18)  # the window opens inside a hedge of two words
def test_the_hedge_read_from_the_tail_is_the_one_the_pattern_finds(
    pieces: list[str], space: str, lead: int
) -> None:
    # _hedge, given the window's tail, tries the hedge words it ends with, longest first
    text = "x" * lead + "".join(pieces) + space + "5"
    s = len(text) - 1
    before = text[max(0, s - 24) : s]
    low = _regex.lowered(text)
    if low is not None:
        tail = low[max(0, s - 24) : s].rstrip()
        assert _counts._hedge(before, s, tail) == _counts._hedge(before, s)


def test_a_count_built_through_its_slots_is_the_count() -> None:
    import attrs

    # _count sets these fields one by one: a field added to Count must be set there too
    names = ["value", "qualifier", "start", "num_start", "num_end", "end", "unit", "unit_text"]
    assert [a.name for a in attrs.fields(Count)] == names
    unit = _counts._lexicon()[1][0]
    args = (5, Qualifier.GT, 1, 6, 7, 20, unit, "nhiệm vụ")
    built = _counts._count(*args)
    assert built == Count(*args)
    assert repr(built) == repr(Count(*args))
    assert hash(built) == hash(Count(*args))


@settings(max_examples=200, deadline=None)
@given(_prose())
def test_the_noun_read_by_its_letter_is_the_noun_the_whole_pattern_reads(text: str) -> None:
    # _unit_reader matches only the nouns that can begin with the letter there
    low = _regex.lowered(text)
    pick, other, read = _counts._unit_reader(text, low)
    whole = _counts._lexicon()[0]
    for pos in range(len(text) + 1):
        got, want = pick(read[pos : pos + 1], other)(read, pos), whole.match(text, pos)
        assert (got and (got.span(), got.lastgroup)) == (want and (want.span(), want.lastgroup))


@settings(max_examples=200, deadline=None)
@given(_prose(), st.sampled_from(["", " còn đến nay", " Nay", " thời điểm"]))
def test_the_judge_of_a_figure_reads_what_the_patterns_read(text: str, dated: str) -> None:
    # _judge settles most figures by the words the text before them ends with
    text = dated + text
    judge, _ = _counts._judge(text, _regex.lowered(text))
    for s in range(len(text) + 1):
        before = text[max(0, s - 24) : s]
        want = None if _counts._not_a_count(text, s, before) else _counts._hedge(before, s)
        assert judge(s) == want


@settings(max_examples=200, deadline=None)
@given(_prose(), st.sampled_from(["", " còn đến nay", " Nay", " thời điểm", "ı"]))
def test_a_figure_its_tail_settles_is_what_the_judge_makes_of_it(text: str, dated: str) -> None:
    # find_counts settles a figure with no call to the judge when the last characters of
    # the text before it (``settled``, lowercased) end on no word the judge looks for
    text = dated + text
    low = _regex.lowered(text)
    judge, settled = _counts._judge(text, low)
    dated_text = "nay" in text or "thời điểm" in text  # what _TO_DATE needs
    assert settled == ("" if low is None or dated_text else low)
    last_three, two_letters = _counts._judged_threes()
    for s in range(len(text) + 1):
        tail = settled[s - 4 : s].rstrip()
        if len(tail) > 2 and tail[-3:] not in last_three and tail[-2:] not in two_letters:
            assert judge(s) == (Qualifier.EXACT, s)


@given(
    st.lists(
        st.sampled_from(
            ["nay", "Nay", "ay", "na", "y", "thời điểm", "thời", "điểm", "thờ", "ời điểm", "x", " "]
        )
    )
)
def test_the_words_a_stock_needs_are_found_where_in_finds_them(pieces: list[str]) -> None:
    # _judge looks for "nay" and "thời điểm" with patterns that open on a rare letter
    text = "".join(pieces)
    found = _counts._NAY.search(text) is not None or _counts._THOI_DIEM.search(text) is not None
    assert found == ("nay" in text or "thời điểm" in text)


def test_the_last_three_letters_tell_every_judged_word() -> None:
    last_three, two_letters = _counts._judged_threes()
    for word in _counts._judged_ends()[0]:
        for before in ("", " ", "x", "căn "):
            text = f"{before}{word}  5 cơ sở"
            _, settled = _counts._judge(text, _regex.lowered(text))
            s = text.index("5")
            tail = settled[s - 4 : s].rstrip()
            assert len(tail) < 3 or tail[-3:] in last_three or tail[-2:] in two_letters


_NUMBER_WORDS = [
    "một", "mốt", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy", "bẩy", "tám", "chín",
    "mười", "mươi", "trăm", "lẻ",
]  # fmt: skip


def _old_openings(text: str) -> list[tuple[int, int, str]]:
    """Where each figure (the first digit to the space after it) and each run of number
    words (the first word to the space after the last) starts and ends, read by a scan
    for each."""
    figures = [(m.start(), m.end(), "figure") for m in _OLD_FIGURE.finditer(text)]
    words = [(m.start(1), m.end(), "words") for m in _OLD_SPELLED.finditer(text)]
    return sorted(figures + words)


def _openings(scan: _regex.Caseless, text: str) -> list[tuple[int, int, str]]:
    """What :func:`_old_openings` gives, read by ``scan`` (one of _counts' openings)."""
    pattern, searched = scan.on(text, _regex.lowered(text))
    return [
        (m.start(m.lastindex), m.end(), "words") if m.lastindex else (m.start(), m.end(), "figure")
        for m in pattern.finditer(searched)
    ]


_SCANNED = [
    *_NUMBER_WORDS, "Hai", "BẢY", "Chín", "MƯỜI", "k", "n", "h", "c", "_", "ı", "İ", "ſ", "1", "02",
    "1.175", "16,5", "11/28", "24/9/2023", "10/KH", "3%", "9-10", "٣", "３", "1٣", "x1",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(_SCANNED), st.characters()), max_size=14),
    st.lists(
        st.sampled_from([" ", " ", "", ".", ",", "/", "-", "(", "\n", "  ", "%"]), max_size=14
    ),
)
@example(["k", "hai", "x", "năm", "_", "ba"], ["", " ", "", " ", "", " "])  # in other words
@example(["1", "năm", ".", "ba", "(", "bốn"], ["", " ", "", " ", "", " "])
@example(["hai", "chín", "02"], [" ", " ", " "])
def test_one_scan_finds_the_figures_and_number_words_a_scan_for_each_found(
    words: list[str], glue: list[str]
) -> None:
    # _openings opens on each digit and on each number word's first vowel, in one scan;
    # the ten digits' scan only reads texts with no other decimal digit
    text = "".join(w + g for w, g in zip(words, glue + [" "] * len(words), strict=False))
    want = _old_openings(text)
    assert _openings(_counts._OPENINGS_ANY, text) == want
    if _counts._ascii_digits(text):
        assert _openings(_counts._OPENINGS, text) == want


def test_the_digits_scan_opens_on_literals_the_engine_skips_to() -> None:
    # lowercased, the pattern opens on no lookahead: an alternation of literals, which the
    # engine scans for in C (the reason it is written as it is)
    pattern, _ = _counts._OPENINGS.on("x", "x")
    assert not pattern.pattern.startswith("(?")
    assert pattern.pattern == _regex.lower_source(_counts._OPENINGS.pattern)


def test_every_other_decimal_digit_is_told() -> None:
    others = [c for c in map(chr, range(0x80, 0x110000)) if c.isdecimal()]
    assert len(others) > 600
    for c in others:
        assert not _counts._ascii_digits(f"Tổng số 1{c} cơ sở")
    assert _counts._ascii_digits("Tổng số 1.175 phương tiện đo – “đạt” 5 ₫, ½ ² ①")
    assert _counts._ascii_digits("02 cuộc")
    assert not _counts._ascii_digits("lone \ud800 surrogate")  # a half of any character


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(blacklist_categories=())))
def test_a_text_told_to_hold_ascii_digits_holds_no_other(text: str) -> None:
    if _counts._ascii_digits(text):
        assert re.findall(r"\d", text) == re.findall("[0-9]", text)
