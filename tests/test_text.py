"""khcn.text: normalisation and the map back to original offsets."""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from khcn.text import (
    _CHANGED_CHAR,
    _MAY_CHANGE,
    _SIMPLE,
    _SPACES,
    _SPECIAL,
    _ZERO_WIDTH,
    NormalizedText,
    _has_leftover,
    _normalize_slow,
    _normalize_whole,
    _special,
    fold,
    normalize,
    normalize_with_map,
)

# Where a character normalising changes, or two spaces, are left: the one pattern that
# ``_has_leftover`` splits in two (the fallback used it to patch its text up, too).
_LEFTOVER = re.compile(rf"{_CHANGED_CHAR.pattern}|  ")

CASES = [
    # (input, normalised, why)
    ("38,75\u00a0triệu đồng", "38,75 triệu đồng", "NBSP"),
    ("38,75\u202ftriệu\u2009đồng", "38,75 triệu đồng", "narrow NBSP, thin space"),
    ("a  \t b", "a b", "a run of spaces and a tab"),
    ("giai đoạn 2021\u20132025", "giai đoạn 2021-2025", "en dash"),
    ("2021 \u2014 2025", "2021 - 2025", "em dash"),
    ("\u201cChè Thái Nguyên\u201d", '"Chè Thái Nguyên"', "curly double quotes"),
    ("\u2018x\u2019", "'x'", "curly single quotes"),
    ("\u00d0\u1eaft L\u1eaft", "\u0110\u1eaft L\u1eaft", "Icelandic eth as Đ"),
    ("Sở\u200bKH", "SởKH", "zero-width space"),
    ("dòng 1\r\ndòng 2\rdòng 3", "dòng 1\ndòng 2\ndòng 3", "line breaks"),
    ("a \u200b b", "a b", "zero-width between spaces"),
    ("\u212b", "\u00c5", "a singleton that NFC changes"),
    # the fallback, for text where composition crosses the character groups: the whole
    # text is normalised at once, "\r\n" stays one line break, space runs one space
    ("\r\u0301 \t\u0301", "\n\u0301 \u0301", "marks after a CR and a tab"),
    ("a\r\n\u0301 \u200b b\u0340", "a\n\u0301 b\u0300", "a mark after CRLF, U+0340"),
    ("\r\n\u0301\u212b", "\n\u0301\u00c5", "a mark after CRLF, U+212B"),
    ("\u2001\u2000\u0340\u2126", " \u0300\u03a9", "spaces NFC changes, before a mark"),
    ("\t\u200c\t\u0306", " \u0306", "a zero-width character between tabs, a mark"),
    ("\u0110\u00a0\u00a0\u00a0\u0323\u037e", "\u0110 \u0323;", "three NBSPs and a mark"),
    ("e\u200b\u0301\u212b", "\u00e9\u00c5", "a zero-width character inside a letter"),
]
assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("raw", "expected", "why"), CASES, ids=[c[2] for c in CASES])
def test_normalize_cases(raw: str, expected: str, why: str) -> None:
    assert normalize(raw) == expected, why


def test_nfd_composes() -> None:
    nfc = "Sở Khoa học và Công nghệ tỉnh Thừa Thiên Huế"
    assert normalize(unicodedata.normalize("NFD", nfc)) == nfc


def test_spans_map_back_through_nfd_and_spaces() -> None:
    raw = unicodedata.normalize("NFD", "xử phạt\u00a0\u00a007 cơ sở, 38,75 triệu\u00a0đồng")
    norm = normalize_with_map(raw)
    i = norm.text.index("38,75 triệu đồng")
    start, end = norm.span(i, i + len("38,75 triệu đồng"))
    assert normalize(raw[start:end]) == "38,75 triệu đồng"
    j = norm.text.index("07")
    assert raw[slice(*norm.span(j, j + 2))] == "07"


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)


@given(st.text(), st.data())
def test_span_maps_into_original(text: str, data: st.DataObject) -> None:
    norm = normalize_with_map(text)
    n = len(norm.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    o_start, o_end = norm.span(start, end)
    assert 0 <= o_start <= o_end <= len(text)


@given(
    st.lists(
        st.sampled_from(["Sở", "KH&CN", "38,75", "triệu", "đồng", "tỉnh", "Huế", "quý", "IV/2021"]),
        min_size=1,
        max_size=12,
    ),
    st.lists(st.sampled_from([" ", "\u00a0", "\u202f", "  ", "\t", " \u00a0 "]), min_size=12),
    st.booleans(),
)
def test_words_survive_any_spacing_and_form(words: list[str], spaces: list[str], nfd: bool) -> None:
    raw = "".join(w + s for w, s in zip(words, spaces, strict=False)).strip(" \u00a0\u202f\t")
    if nfd:
        raw = unicodedata.normalize("NFD", raw)
    norm = normalize_with_map(raw)
    assert norm.text == " ".join(words)
    pos = 0
    for w in words:
        i = norm.text.index(w, pos)
        s, e = norm.span(i, i + len(w))
        assert unicodedata.normalize("NFC", raw[s:e]) == w
        pos = i + len(w)


def test_fold() -> None:
    assert fold("Bà Rịa \u2013 Vũng Tàu") == "ba ria vung tau"
    assert fold("TP.HCM") == "tp hcm"
    assert fold(unicodedata.normalize("NFD", "Đắk Lắk")) == "dak lak"


# what report text is made of, and every kind of character normalising changes
_SPECIAL_ALPHABET = st.sampled_from(
    [
        *"aĐđ ễ1.\n\r\t\u00a0\u2009\u3000\u0301\u0323\u20d0\u00d0\u201c\u2013\u200b\u00ad\x0b",
        *("\r\n", "  ", " \u00a0", "e\u0301", "\n\u0301", "\u0301\u0301"),
    ]
)


@settings(max_examples=500)
@given(st.lists(_SPECIAL_ALPHABET, max_size=30).map("".join))
def test_special_finds_what_the_one_pattern_finds(text: str) -> None:
    """The places normalising changes, found by two scans, are those the one pattern
    finds: the same spans, of the same kind."""
    fast = [(m.span(), m.lastgroup) for m in _special(text)]
    assert fast == [(m.span(), m.lastgroup) for m in _SPECIAL.finditer(text)]


@given(st.lists(_SPECIAL_ALPHABET, max_size=30).map("".join))
def test_the_quick_checks_split_in_two_find_what_one_pattern_finds(text: str) -> None:
    """A class and a test for two spaces, apart, say what the class-or-two-spaces pattern
    says."""
    assert _has_leftover(text) == (_LEFTOVER.search(text) is not None)
    may_change = re.compile(_MAY_CHANGE.pattern + "|  ")
    quick = "  " not in text and _MAY_CHANGE.search(text) is None
    assert quick == (may_change.search(text) is None)


def test_zero_width_characters_are_simple_changes() -> None:
    """The class of characters normalising changes holds the zero-width ones through
    ``_SIMPLE``, which drops them."""
    assert all(_SIMPLE[c] == "" for c in _ZERO_WIDTH)


class _CountingScan:
    """Stands in for a compiled class: counts the characters its searches pass over."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.scanned = 0

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        found = self.pattern.search(text, pos)
        self.scanned += (len(text) if found is None else found.start()) - pos
        return found


@pytest.mark.parametrize(
    "text",
    [
        "a  " * 500 + "\u00bb",  # two spaces again and again before the one odd character
        "e\u0301  " * 300 + "\u00a0",  # combining marks and two spaces
        "x \u00a0y" * 300 + "\u2013" * 300,  # runs that begin one space early
    ],
)
def test_special_scans_each_character_once(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """However many places need a change, the class scan never passes over a stretch of
    text twice (it did, once per run of two spaces, when such runs came before an odd
    character): normalising stays linear."""
    from khcn import text as text_module

    scan = _CountingScan(text_module._CHANGE_BEGINS)
    monkeypatch.setattr(text_module, "_CHANGE_BEGINS", scan)
    found = [(m.span(), m.lastgroup) for m in _special(text)]
    assert found == [(m.span(), m.lastgroup) for m in _SPECIAL.finditer(text)]
    assert scan.scanned <= len(text)


def _plain_map(norm: NormalizedText, index: int, *, as_end: bool) -> int:
    """The original offset of ``index`` as ``offset``/``end_offset`` gave it before
    ``span`` called one function for both ends."""
    if index <= 0:
        return 0
    if index >= len(norm.text):
        return len(norm.original)
    stretches = norm._stretches
    probe = index - 1 if as_end else index
    i = bisect.bisect_right([s[0] for s in stretches], probe) - 1
    if i < 0:
        return index
    n0, n1, o0, o1 = stretches[i]
    if probe < n1:
        if n1 - n0 == o1 - o0:
            return o0 + (index - n0)
        return o1 if as_end else o0
    return o1 + (index - n1)


@given(st.lists(_SPECIAL_ALPHABET, max_size=30).map("".join), st.data())
def test_offsets_are_mapped_as_they_were(text: str, data: st.DataObject) -> None:
    """``offset``, ``end_offset`` and ``span`` (any indices, out of range too, of texts
    that needed a change or none) give what the separate start and end maps gave."""
    for norm in (normalize_with_map(text), normalize_with_map(normalize(text))):
        n = len(norm.text)
        start = data.draw(st.integers(-2, n + 2))
        end = data.draw(st.integers(-2, n + 2))
        plain_start = _plain_map(norm, start, as_end=False)
        assert norm.offset(start) == plain_start
        assert norm.end_offset(end) == _plain_map(norm, end, as_end=True)
        expected = (
            (plain_start, plain_start)
            if start >= end
            else (plain_start, _plain_map(norm, end, as_end=True))
        )
        assert norm.span(start, end) == expected


@settings(max_examples=300)
@given(st.lists(_SPECIAL_ALPHABET, max_size=30).map("".join))
def test_the_last_text_made_comes_back_as_the_scan_would_find_it(text: str) -> None:
    """The slot that keeps the last text made (a report's readers are given it back) maps
    that text, and any other, as the full check does; what it keeps maps to itself."""
    from khcn import text as text_module

    made = normalize_with_map.__wrapped__(text).text
    kept = text_module._last_made
    for again in (made, text):
        text_module._last_made = kept
        with_slot = normalize_with_map.__wrapped__(again)
        text_module._last_made = ""
        assert with_slot == normalize_with_map.__wrapped__(again)
    if kept == made:
        assert normalize_with_map.__wrapped__(made).text == made


# every kind of character normalising changes or keeps, and what makes it fall back:
# line breaks of every sort, odd spaces (U+2000/U+2001 NFC maps to other odd spaces),
# zero-width characters, marks (U+0340/U+0341/U+0343/U+0344 NFC maps to other marks),
# singletons NFC maps (Å, Ω, Greek question mark), Vietnamese letters precomposed and not
_TROUBLE_ALPHABET = st.sampled_from(
    [
        *"aeouAĐđÐð .,1\n\r\t\x0b\x0c\x85\u2028\u2029",
        *"\u00a0\u1680\u2000\u2001\u2002\u2009\u200a\u202f\u205f\u3000",
        *"\u200b\u200c\u200d\u2060\ufeff\u00ad",
        *"\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323\u0340\u0341\u0343\u0344",
        *"\u0345\u036f\u1ab0\u1dc0\u20d0\ufe20",
        *"\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb\u2032\u2033\u2013\u2014\u2212",
        *"\u212b\u2126\u037e",
        *"ếệởữẠơưăâ",
        *("\r\n", "  ", "e\u0302\u0301", "e\u0323\u0302", "o\u031b\u0323", "u\u0323\u031b"),
    ]
)
_TROUBLE_TEXT = st.lists(_TROUBLE_ALPHABET, max_size=16).map("".join)


def _reference_normalize(text: str) -> str:
    """What the module docs say normalising does, one step at a time over the whole text:
    map the simple characters ("\r\n" as one line break), compose, fold each run of
    spaces to one."""
    mapped = "".join(_SIMPLE.get(c, c) for c in text.replace("\r\n", "\n"))
    out: list[str] = []
    for c in unicodedata.normalize("NFC", mapped):
        if c == " " or c in _SPACES:
            if out and out[-1] == " ":
                continue
            c = " "
        out.append(c)
    return "".join(out)


@settings(max_examples=1000)
@given(_TROUBLE_TEXT)
def test_normalize_is_a_fixed_point_on_troublesome_text(text: str) -> None:
    """Normalising twice changes nothing, whichever path (the one pass, the character
    groups of the fallback, the whole text at once) made the text: it was not so when the
    fallback left two spaces (``"\r\u0301 \t\u0301"``)."""
    once = normalize_with_map.__wrapped__(text).text
    assert normalize_with_map.__wrapped__(once).text == once
    assert not _has_leftover(once)
    assert unicodedata.is_normalized("NFC", once)
    assert _normalize_slow(once).text == once


@settings(max_examples=1000)
@given(_TROUBLE_TEXT)
def test_every_path_gives_what_the_module_docs_say(text: str) -> None:
    """The one pass, the fallback and its whole-text step all give what the steps of
    the module docs give: the fallback agrees with the main path wherever that applies,
    and a "\r\n" is one line break on each (the fallback made two of it)."""
    expected = _reference_normalize(text)
    assert normalize_with_map.__wrapped__(text).text == expected
    assert _normalize_slow(text).text == expected
    assert _normalize_whole(text) == expected


@settings(max_examples=500)
@given(_TROUBLE_TEXT)
def test_offsets_stay_in_the_original_and_in_order(text: str) -> None:
    """On either path every normalised offset maps into the original, in order, and the
    whole normalised text maps to the whole original."""
    for norm in (normalize_with_map.__wrapped__(text), _normalize_slow(text)):
        n = len(norm.text)
        starts = [norm.offset(i) for i in range(n + 1)]
        ends = [norm.end_offset(i) for i in range(n + 1)]
        for mapped in (starts, ends):
            assert mapped == sorted(mapped)
            assert 0 <= mapped[0] <= mapped[-1] <= len(text)
        for i in range(n):
            assert starts[i] <= ends[i + 1]
            o_start, o_end = norm.span(i, i + 1)
            assert 0 <= o_start <= o_end <= len(text)
        if n:
            assert norm.span(0, n) == (0, len(text))


def test_the_unicode_facts_the_whole_text_step_relies_on() -> None:
    """``_normalize_whole`` needs no loop because NFC makes no character the step before
    it mapped (nor "\r") and only spaces the step after it folds, and because spaces never
    compose with a neighbour: checked over every code point."""
    mapped = {c for c in _SIMPLE if len(c) == 1} | {"\r"}
    spaces = set(_SPACES) | {" "}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        decomposition = unicodedata.decomposition(char)
        if not decomposition or decomposition.startswith("<"):
            continue  # no canonical decomposition: NFC keeps the character
        parts = {chr(int(part, 16)) for part in decomposition.split()}
        assert not parts & mapped, hex(code)
        if parts & spaces:  # U+2000 and U+2001, which are odd spaces themselves
            assert char in _SPACES, hex(code)
            assert len(parts) == 1, hex(code)
    assert all(unicodedata.combining(c) == 0 for c in mapped | spaces)


def _fold_char_by_char(text: str) -> str:
    """``fold`` as it tested each character of the decomposed text (the reference)."""
    from khcn.text import _FOLD, _NON_WORD, normalize

    decomposed = unicodedata.normalize("NFD", normalize(text).translate(_FOLD))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


@settings(max_examples=500)
@given(
    st.text(
        alphabet=st.sampled_from(
            "aăâđeêioôơuưyAĂÂĐEÊIOÔƠUƯY àáảãạầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
            "ùúủũụừứửữựỳýỷỹỵ-–,.&Ðð\u0483\u05b0\u0651\u093c\u1dc0\u20d0\ufe20\u212bǅİ한"
        )
        | st.characters(min_codepoint=0x2FF, max_codepoint=0x370)
        | st.characters(),
        max_size=40,
    )
)
@example("a\u0361b")  # a mark near the end of the block
@example("a\u034fb")  # the grapheme joiner, in the block, combines with nothing
@example("x\u0483y")  # a mark beyond the block
def test_fold_removes_what_a_test_of_each_character_removes(text: str) -> None:
    """``fold`` (one substitution of the marks below U+0370 when nothing stands above them)
    gives what testing each decomposed character with ``unicodedata.combining`` gives."""
    from khcn.text import fold

    assert fold(text) == _fold_char_by_char(text)
