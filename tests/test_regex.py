"""khcn._regex: the faster patterns find exactly what ``re`` finds."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from khcn import _regex
from khcn.extraction import _counts, _document, _rules, _stance

if TYPE_CHECKING:
    from collections.abc import Callable

# Characters report prose is made of, both cases, and those IGNORECASE reads apart from
# their lowercase ("İ", "ı", "ſ", the Kelvin sign).
_ALPHABET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠỀẾỂỄỆÒÓỎÕỌỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰ"
    "0123456789 .,;:()%/-&\n\tİıſK"
)

# Hand-made shapes the helpers must leave alone or read right.
_SHAPES = [
    r"(?<!\w)(?:kế hoạch|chỉ tiêu|mục tiêu)(?!\w)",
    r"(?:sơ kết|tổng kết)[^,.;:]{0,40}$",
    r"\s*(?:trong đó|gồm)\s*[:,]?",
    r"^\s*(?:[IVX]{1,4}[.)]\s*)?kết quả",
    r"tháng|quý|năm",
    r"(?P<n>\d+) (?P<Unit>cơ sở|Nhiệm vụ)",
    r"a?",
    r"[Tt](?<!\w[Tt])rong (?:quý|tháng)",
    r"(?:(?i:KH&CN)|Sở)\s",
    r"(?=[0-9])\d+(?:\.\d{3})*",
    r"(?<!\w)(?:sẽ|dự kiến(?! đạt)|tập trung (?:triển khai|thực hiện)|đ[ãạ])(?!\w)",
    r"(?<!\w)(?:a[)|]b|c\)|d[]|)]|e[^]|)]|kh)",
    r"(?<!\w)(?<!theo )(?:kế hoạch|(?<!đạt )(?<=ạt |ăn )chỉ tiêu(?! x)|mục tiêu)\s*$",
    r"(?<!\w)(?<!a|b)(?:ab|ba|(?<!c)c)",
    r"(?<!\w)(?:đã|đạt|đã được|b)",  # the first of one letter's alternatives wins
]


def _project_patterns() -> list[tuple[str, int]]:
    """Case-insensitive patterns of the extraction lexicons, with their flags."""
    found: set[tuple[str, int]] = set()
    lex = _rules._lexicon()
    for field in attrs.fields(_rules._Lexicon):
        value = getattr(lex, field.name)
        if isinstance(value, dict):
            value = tuple(value.values())
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            for p in item if isinstance(item, tuple) else (item,):
                if isinstance(p, re.Pattern):
                    found.add((p.pattern, p.flags & ~re.UNICODE))
                elif isinstance(p, _regex.Caseless):
                    found.add((p.pattern, re.IGNORECASE))
    for p in (*_stance._patterns(), _counts._lexicon()[0]):
        flags = re.IGNORECASE if isinstance(p, _regex.Caseless) else p.flags & ~re.UNICODE
        found.add((p.pattern, flags))
    return sorted(found)


PROJECT = _project_patterns()
SHAPES = [(p, f) for p in _SHAPES for f in (0, re.IGNORECASE)]


def _spans(p: re.Pattern[str] | _regex.Caseless, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in p.finditer(text)]


def test_the_project_patterns_are_collected() -> None:
    assert len(PROJECT) > 30


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(PROJECT + SHAPES),
    st.text(alphabet=_ALPHABET, max_size=60),
    st.data(),
)
def test_compile_finds_what_re_finds(
    case: tuple[str, int], filler: str, data: st.DataObject
) -> None:
    pattern, flags = case
    # text made of the pattern's own characters and report characters, so it matches
    pieces = data.draw(st.lists(st.sampled_from([pattern[:12], pattern[-12:], filler]), max_size=6))
    text = " ".join(pieces) + filler
    plain = re.compile(pattern, flags)
    fast = _regex.compile(pattern, flags)
    assert _spans(fast, text) == _spans(plain, text)
    for lo in (0, len(text) // 3):
        assert _spans(fast, text[lo:]) == _spans(plain, text[lo:])
        m1, m2 = fast.match(text, lo), plain.match(text, lo)
        assert (m1 and m1.span()) == (m2 and m2.span())


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PROJECT + SHAPES), st.text(alphabet=_ALPHABET, max_size=80))
def test_caseless_finds_what_ignorecase_finds(case: tuple[str, int], text: str) -> None:
    pattern, flags = case
    folded = re.compile(pattern, flags | re.IGNORECASE)
    caseless = _regex.Caseless(pattern, flags)
    for t in (text, text.upper(), text.swapcase(), pattern.upper() + " " + text):
        assert _spans(caseless, t) == _spans(folded, t)
        s1, s2 = caseless.search(t, 1), folded.search(t, 1)
        assert (s1 and s1.span()) == (s2 and s2.span())


_MARK_WORDS = sorted(_rules._lexicon().mark_keys)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(_MARK_WORDS) | st.sampled_from(["", " ", "a", "_", "1", "đ", ", "]),
        max_size=10,
    ),
    st.text(alphabet=_ALPHABET, max_size=20),
    st.sampled_from([str, str.upper, str.swapcase, str.title]),
)
# a word glued to what follows, where a shorter word of another key still stands
@example(["kiến nghị thu hồi", "_"], "", str)
@example(["kiến nghị thu hồi", "1"], "", str.upper)
def test_marks_finds_the_keys_their_patterns_find(
    pieces: list[str], filler: str, case: Callable[[str], str]
) -> None:
    """One scan for all enforcement word groups finds, in each group, the keys whose
    IGNORECASE pattern matches: words glued to letters, digits or "_" are no words."""
    text = case("".join(pieces) + filler)
    expected = {
        g: [k for k, r in res if r.folded.search(text)]
        for g, res in _rules._lexicon().mark_res.items()
    }
    assert _rules._marks(text) == expected


_ACTIVITY_KEYS = sorted(
    {
        (noun, subject)
        for _, nouns, _, _ in _rules._lexicon().activities
        for noun in nouns
        for subject in (False, True)
    }
)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(_ACTIVITY_KEYS),
    st.sampled_from([str, str.upper, str.swapcase, str.title]),
    st.data(),
)
def test_the_activity_cues_pattern_matches_where_one_cue_does(
    key: tuple[str, bool], case: Callable[[str], str], data: st.DataObject
) -> None:
    """The one pattern of a noun's activity cues finds a match where, and only where, the
    pattern of one of the cues does."""
    rules, any_cue = _rules._activity_rules(*key)
    if any_cue is None:
        assert sum(cue is not None for _, cue in rules) < 2
        return
    words = sorted(
        w
        for activity, _, cue, cue_words in _rules._lexicon().activities
        if cue is not None and (activity, cue) in rules
        for w in cue_words
    )
    pieces = data.draw(
        st.lists(st.sampled_from(words) | st.sampled_from(["", " ", "a", "_", "1", "đ", ", "]))
    )
    text = case("".join(pieces))
    for t, pos in ((text, 0), (text, 1), (text[1:], 0)):
        one = any(cue.folded.search(t, pos) for _, cue in rules if cue is not None)
        assert (any_cue.search(t, pos) is not None) == one


_THIS_TERM = re.compile(
    r"[Tt](?<!\w[Tt])rong (?P<term>quý|tháng|kỳ)(?: báo cáo| này)?(?!\w)"
    r"(?! (?:\d|[ivxIVX]+\b|tới|sau|trước|đầu|cuối|qua|năm|một|hai|ba|bốn))",
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["trong ", "Trong ", "TRONG ", "xtrong ", "_trong ", "rong ", "quý", "tháng", "kỳ"]
        )
        | st.sampled_from([" báo cáo", " này", " 2", " IV", " tới", " năm", "x", " ", ".", "1"]),
        max_size=10,
    )
)
@example(["trong ", "trong ", "quý"])
def test_this_terms_finds_what_the_whole_pattern_finds(pieces: list[str]) -> None:
    """``_this_terms`` (the phrase found after its first letter) gives the spans and terms
    the pattern that opens on the letter gives."""
    text = "".join(pieces)
    expected = [(m.start(), m.end(), m.group("term")) for m in _THIS_TERM.finditer(text)]
    assert list(_document._this_terms(text)) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=_ALPHABET + "_²", max_size=60)
    | st.lists(st.sampled_from(["Sở", "KH&CN", " ", "  ", "_", "1.2", "-", "a" * 30])).map("".join),
    st.integers(0, 12),
)
@example("a" * 30, 3)  # one long word is one word
def test_words_up_to_counts_the_words_a_scan_counts(text: str, limit: int) -> None:
    """``words_up_to`` gives what counting the runs of word characters, one by one, up to
    ``limit + 1`` gives."""
    from khcn.extraction._layout import _WORD, words_up_to

    expected = min(len(_WORD.findall(text)), limit + 1)
    assert words_up_to(text, limit) == expected


def test_marks_keys_stand_with_the_words_they_begin() -> None:
    table = _rules._keys_standing_with(
        [
            ("kiến nghị", ("o", "advice")),
            ("kiến nghị thu hồi", ("o", "recovery")),
            ("taxi", ("d", "taxi")),
            ("taximet", ("d", "meter")),
        ]
    )
    assert table == {
        "kiến nghị": {("o", "advice")},
        "kiến nghị thu hồi": {("o", "advice"), ("o", "recovery")},
        "taxi": {("d", "taxi")},
        "taximet": {("d", "meter")},  # "taxi" is glued to "met": no word there
    }


def test_caseless_spans_of_a_long_text_searched_window_by_window() -> None:
    """A long text is lowercased once and kept; each window reads as IGNORECASE reads."""
    p = _regex.Caseless(r"(?<!\w)(?:nghiệm thu|KH&CN)(?!\w)")
    folded = re.compile(p.pattern, re.IGNORECASE)
    text = "Sở KH&CN NGHIỆM THU 8 nhiệm vụ; " * 200
    assert len(text) > 2_000
    for lo in range(0, len(text), 97):
        m1, m2 = p.search(text, lo, lo + 50), folded.search(text, lo, lo + 50)
        assert (m1 and m1.span()) == (m2 and m2.span())
    # another long text must not be read through the kept lowercase of the first
    other = "x" * 3_000 + " KH&CN"
    assert _spans(p, other) == [(3_001, 3_006)]
    assert _spans(p, text)[:2] == [(3, 8), (9, 19)]


def test_caseless_reads_odd_case_letters_as_ignorecase_does() -> None:
    # "ſ" is "s" to IGNORECASE, and "ı" is "i"; their lowercase is not
    p = _regex.Caseless(r"số|kiểm tra")
    assert _spans(p, "ſố KıỂM TRA") == _spans(re.compile(p.pattern, re.I), "ſố KıỂM TRA")
    assert _spans(p, "ſố KıỂM TRA") == [(0, 2), (3, 11)]


def test_caseless_matches_are_of_the_lowercase_text() -> None:
    m = _regex.Caseless(r"(?P<Kind>thanh tra)").search("02 cuộc Thanh Tra")
    assert m is not None
    assert m.group("Kind") == "thanh tra"
    assert m.span() == (8, 17)


@pytest.mark.parametrize(
    ("pattern", "lowered"),
    [
        (r"\W\S\D\B(?P<Name>A)(?P=Name)", r"\W\S\D\B(?P<Name>a)(?P=Name)"),
        (r"(?i:KH&CN)\x41\u00C0\x2C", r"(?i:kh&cn)\U00000061\U000000e0\x2C"),
        (r"[0-9IVX]|[-+A]", r"[0-9ivx]|[-+a]"),
        (r"[A-Z]", None),
        (r"[a-zđ]", None),
        (r"\N{LATIN SMALL LETTER A}", None),
    ],
)
def test_lower_source_keeps_what_is_no_letter(pattern: str, lowered: str | None) -> None:
    assert _regex._lower_source(pattern) == lowered


@pytest.mark.parametrize(
    "pattern",
    [
        r"a?",  # matches the empty string: no first character
        r".x",  # any character
        r"[^a]b",  # a negated class
        r"(a)\1",  # fine; but "\1" first is a back reference
        r"\1(a)",
        r"(?i:a)b",  # flags of its own
    ],
)
def test_first_chars_leaves_untold_starts_alone(pattern: str) -> None:
    if pattern == r"(a)\1":
        assert _regex.first_chars(pattern) == "[\\U00000061]"
        return
    if pattern == r"\1(a)":
        with pytest.raises(re.error):
            re.compile(pattern)
    assert _regex.first_chars(pattern) is None


def test_compile_adds_a_lookahead_only_where_it_helps() -> None:
    assert _regex.compile(r"(?<!\w)(?:đã|được)(?!\w)", re.I).pattern.startswith("(?=[")
    # case-sensitive, the alternation leads: the engine scans for its first letters
    assert _regex.compile(r"(?<!\w)(?:đã|được)(?!\w)").pattern == r"(?:đ(?<!\w.)(?:ã|ược))(?!\w)"
    assert _regex.compile(r"(?<!\w)(?:a?|b)").pattern == r"(?<!\w)(?:a?|b)"  # "a?" may be empty
    assert _regex._word_start(r"(?<!\w)(?:x|y") == r"(?<!\w)(?:x|y"  # no closing: left alone
    # lookbehinds, of the pattern and of an alternative, checked after the first letter
    assert _regex._word_start(r"(?<!\w)(?<!a|b)(?:kế|(?<!đạt )chỉ)$") == (
        r"(?:k(?<!\w.)(?<!(?:a|b).)ế|c(?<!\w.)(?<!(?:a|b).)(?<!đạt .)hỉ)$"
    )
    assert _regex.compile(r"^\s*kết quả").pattern == r"^\s*kết quả"  # tried at one place
    assert _regex.compile("tháng").pattern == "tháng"  # a literal the engine scans for
    assert _regex.compile(r"\s+(?:và|hoặc)\s+", re.I).pattern == r"\s+(?:và|hoặc)\s+"
    assert _regex.compile("(?i)sở|bộ").pattern == "(?i)sở|bộ"  # global flags lead


_NATIONAL_SIGNS = [
    *("Bộ KH&CN", "BỘ KHCN", "bộ Khoa học và Công nghệ", "Sở KH&CN", "SỞ KH,CN&ĐMST", "sở KHCN"),
    *("các Sở KH&CN", "CÁC SỞ Khoa học và Công nghệ", "toàn quốc", "Cả Nước", "TOÀN NGÀNH"),
    *("các bộ, ngành", "các địa phương", "63 tỉnh", "34 TỈNH", "36 tỉnh", "ſở", "İ", "ı"),
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(_NATIONAL_SIGNS) | st.text(alphabet=_ALPHABET, max_size=8), max_size=12
    ).map(" ".join)
)
def test_national_report_signs_are_found_as_with_ignorecase(text: str) -> None:
    """The signs of a national report are searched in the lowercase text; they find what
    the IGNORECASE patterns they were find ("(?:63|34) tỉnh" now "63 tỉnh|34 tỉnh")."""
    from khcn.extraction import _document

    was = {
        _document._NATIONAL: r"Bộ (?:KH&CN|KHCN|Khoa học và Công nghệ)",
        _document._DEPARTMENT: r"Sở (?:KH&CN|KHCN|Khoa học và Công nghệ|KH,CN&ĐMST)",
        _document._COUNTRYWIDE: (
            r"toàn quốc|cả nước|toàn ngành|các bộ, ngành|các địa phương|(?:63|34) tỉnh|"
            r"các Sở (?:KH&CN|KHCN|Khoa học và Công nghệ)"
        ),
    }
    low = _regex.lowered(text)
    for caseless, pattern in was.items():
        folded = re.compile(pattern, re.IGNORECASE)
        compiled, searched = caseless.on(text, low)
        assert [m.span() for m in compiled.finditer(searched)] == _spans(folded, text)


# the caseless patterns the rules search windows of a sentence with
_CASELESS = [_regex.Caseless(p) for p, flags in PROJECT if flags == re.IGNORECASE] + [
    p
    for module in (_rules, _document)
    for p in vars(module).values()
    if isinstance(p, _regex.Caseless)
]
_GREEK = "ΣσςΑα"


_WORDS = [
    *_MARK_WORDS,
    *_rules._lexicon().stage_of,
    *_rules._lexicon().level_of,
    *_rules._lexicon().named_ip_of,
    "trong đó",
    "thanh tra",
    "kiểm tra",
    "đồng thời",
    "xử phạt",
    "gồm",
    "và",
    "(",
    ";",
]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(_CASELESS),
    st.lists(st.sampled_from(_WORDS) | st.text(alphabet=_ALPHABET + _GREEK, max_size=6)),
    st.sampled_from([str, str.upper, str.swapcase, str.title]),
    st.data(),
)
@example(_CASELESS[0], ["ΑΣα"], str, None)  # a capital sigma lowercases by its neighbours
def test_a_cut_of_the_lowercase_finds_what_the_window_finds(
    pattern: _regex.Caseless,
    pieces: list[str],
    case: Callable[[str], str],
    data: st.DataObject | None,
) -> None:
    """A window searched in a cut of the report's lowercase (``_cut``) gives the spans the
    window searched alone, case-insensitively, gives."""
    text = case(" ".join(pieces))
    cuts = [(0, len(text)), (1, len(text) - 1)]
    if data is not None:
        a = data.draw(st.integers(0, len(text)))
        cuts.append((a, data.draw(st.integers(a, len(text)))))
    low = _regex.lowered(text)
    for a, b in cuts:
        window = text[a:b]
        expected = [m.span() for m in pattern.folded.finditer(window)]
        got = [m.span() for m in pattern.finditer_low(window, _rules._cut(text, low, a, b))]
        assert got == expected
        m1 = pattern.search_low(window, _rules._cut(text, low, a, b))
        m2 = pattern.folded.search(window)
        assert (m1 and m1.span()) == (m2 and m2.span())
        # and the whole text, searched in its own lowercase from a place
        m1 = pattern.search_low(text, low, a, b)
        m2 = pattern.folded.search(text, a, b)
        assert (m1 and m1.span()) == (m2 and m2.span())


def test_no_rule_pattern_names_a_sigma() -> None:
    """A cut of the lowercase may hold "σ" where the window's own holds "ς" (a capital sigma
    lowercases by its neighbours): no pattern may tell them apart."""
    for p in _CASELESS:
        assert not set(p.pattern) & set(_GREEK)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_WORDS, "ngoài ra", "bên cạnh đó", "thông qua", "Ngoài rax"])
        | st.text(alphabet=_ALPHABET, max_size=6)
    ),
    st.sampled_from([str, str.upper, str.swapcase, str.title]),
    st.data(),
)
def test_a_word_pattern_matches_only_where_its_words_stand(
    pieces: list[str], case: Callable[[str], str], data: st.DataObject
) -> None:
    """``_may_hold`` is false only where the word pattern matches nothing."""
    lex = _rules._lexicon()
    text = case(" ".join(pieces))
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    low = _regex.lowered(text)
    for pattern, words in (
        (lex.named_ip_re, lex.named_ip_words),
        (lex.any_joiner_re, lex.joiner_words),
    ):
        if pattern.folded.search(text, a, b) is not None:
            assert _rules._may_hold(low, words, a, b)
