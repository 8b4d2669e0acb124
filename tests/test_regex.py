"""khcn._regex: the faster patterns find exactly what ``re`` finds."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from khcn import _regex
from khcn._data import load_json
from khcn._regex import _parse as _sre_parse
from khcn._regex import _sre
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
    r"(?<!\w)(?:kế\ hoạch|k\ x|a|ab|a\ b|12a|1b|2|đ[ãạ]|đ\w|c\d|c1?)(?!\w)",
    r"(?<!\w)(?<![.,])(?:ab c|a b|(?<=x )ab|(?<!y )ac|a)",
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
    assert _regex.lower_source(pattern) == lowered


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
    assert _regex.compile(r"(?<!\w)(?:đã|được)(?!\w)").pattern == (
        r"(?:đ(?:ã(?<!\w..)|ư(?<!\w..)ợc))(?!\w)"  # grouped by the first two letters
    )
    assert _regex.compile(r"(?<!\w)(?:đã|đ[ạã]t)").pattern == (
        r"(?:đ(?<!\w.)(?:ã|[ạã]t))"  # a class second: the first letter only
    )
    assert _regex.compile(r"(?<!\w)(?:a?|b)").pattern == r"(?<!\w)(?:a?|b)"  # "a?" may be empty
    assert _regex._word_start(r"(?<!\w)(?:x|y") == r"(?<!\w)(?:x|y"  # no closing: left alone
    # lookbehinds, of the pattern and of an alternative, checked after the first two letters
    assert _regex._word_start(r"(?<!\w)(?<!a|b)(?:kế|(?<!đạt )chỉ)$") == (
        r"(?:kế(?<!\w..)(?<!(?:a|b)..)|ch(?<!\w..)(?<!(?:a|b)..)(?<!đạt ..)ỉ)$"
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


_CUE_WORDS = [w for words in load_json("extraction.json")["stance"].values() for w in words]


def _literal_runs(items: Any) -> list[str]:
    """Every run of literal characters written in a parsed pattern, at any depth."""
    runs: list[str] = []
    run = ""
    for op, av in items:
        if op is _sre.LITERAL:
            run += chr(av)
            continue
        if run:
            runs.append(run)
            run = ""
        for arg in av if isinstance(av, (tuple, list)) else ():
            if isinstance(arg, (list, _sre_parse.SubPattern)):
                for sub in arg if isinstance(arg, list) else [arg]:
                    runs += _literal_runs(sub)
            elif isinstance(arg, _sre_parse.SubPattern):
                runs += _literal_runs(arg)
    if run:
        runs.append(run)
    return runs


_RULED_OUT = [p for p in _CASELESS if p._literals is not None]
_RUNS = {
    p.pattern: sorted(set(_literal_runs(_sre_parse.parse(p.pattern, re.IGNORECASE))))
    for p in _RULED_OUT
}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?<!\w)(?:kế hoạch|chỉ tiêu)(?!\w)", ("chỉ tiêu", "kế hoạch")),
        (r"qu[ýí] (?:I|II)", ("qu",)),  # a class ends the literal
        (r"(?:ab|cd)e\d", ("ab", "cd")),  # (what follows a group is not read)
        (r"(?:a|b)c", None),  # read as a class of letters, which ends the literal
        (r"(?:ab|a)x", ("a",)),  # "ab" holds "a": a text holding "ab" holds "a"
        (r"^\s*ab", None),  # a match may open on a space
        (r"(?:ab|c?)d", None),  # an alternative that may be empty opens on nothing
        (r"x(?=y)(?<=x)z", ("xz",)),  # zero-width checks consume nothing
        (r"(?i:ab)c", None),  # a group read with other flags is not read
        (r"a{2}b", None),  # a repeat ends the literal
        ("|".join(f"{c}x" for c in "abcdefghijklm"), None),  # too many to find one by one
    ],
)
def test_leading_literals(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert _regex.leading_literals(pattern) == expected


def test_patterns_with_literals_are_collected() -> None:
    assert len(_RULED_OUT) > 20


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(_RULED_OUT), st.data())
def test_may_hold_is_false_only_where_the_pattern_matches_nothing(
    pattern: _regex.Caseless, data: st.DataObject
) -> None:
    """``Caseless.may_hold`` (a ``str.find`` of the literals every match holds) rules out
    only windows where the pattern finds no match: texts made of the words written in
    the pattern, and of others."""
    words = _RUNS[pattern.pattern] or [" "]
    pieces = data.draw(
        st.lists(
            st.sampled_from(words)
            | st.sampled_from(["", " ", "a", "đã", "2024", ", ", "(", "% "])
            | st.text(alphabet=_ALPHABET, max_size=4)
        )
    )
    case = data.draw(st.sampled_from([str, str.upper, str.swapcase, str.title]))
    text = case(data.draw(st.sampled_from([" ", ""])).join(pieces))
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    low = _regex.lowered(text)
    if pattern.folded.search(text, a, b) is not None:
        assert pattern.may_hold(low, a, b)


def test_the_sentence_level_patterns_have_literals_to_rule_out_by() -> None:
    """The patterns searched over whole sentences are ruled out by a few finds."""
    lex = _rules._lexicon()
    _, plan, estimate, done, any_cue = _stance._patterns()
    for p in (lex.named_ip_re, lex.any_joiner_re, plan, estimate, done, any_cue):
        assert p._literals is not None
        assert 0 < len(p._literals) <= 12


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Sở", "KH&CN", "TP", "a", "12", " ", "  ", ".", "..", "!", "?", "\n"])
        | st.text(alphabet=" .!?aB1", max_size=5)
    ).map("".join),
    st.data(),
)
def test_sentence_ends_are_what_the_whole_scan_finds(text: str, data: st.DataObject) -> None:
    """``_sentence_ends`` (searched from near each stop) gives the matches a scan of the
    sentence-end pattern over the whole stretch gives."""
    from khcn.extraction._layout import _SENTENCE_END, _sentence_ends

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = [m.span() for m in _SENTENCE_END.finditer(text, start, end)]
    assert [m.span() for m in _sentence_ends(text, start, end)] == expected


def _word_lists() -> list[str]:
    """The case-sensitive sources the word-start form rewrites: the project's patterns and
    the shapes above, and the lowercased sources of the caseless patterns."""
    sources = {p for p, flags in PROJECT + SHAPES if not flags & (re.IGNORECASE | re.VERBOSE)}
    sources |= {s for c in _CASELESS if (s := _regex.lower_source(c.pattern))}
    return sorted(s for s in sources if _regex._word_start(s) != s)


_REWRITTEN = _word_lists()


def test_word_lists_to_rewrite_are_collected() -> None:
    assert len(_REWRITTEN) > 20


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(_REWRITTEN), st.data())
def test_word_start_form_finds_what_the_pattern_finds(pattern: str, data: st.DataObject) -> None:
    """The word-start form (alternatives grouped by their first letters, lookbehinds read
    after them) finds the spans and groups the pattern finds, in texts made of the
    pattern's own words glued to letters, spaces and marks."""
    runs = sorted(set(_literal_runs(_sre_parse.parse(pattern)))) or [" "]
    pieces = data.draw(
        st.lists(
            st.sampled_from(runs)
            | st.sampled_from(["", " ", "  ", "a", "_", "1", "đ", "x ", "y ", ".", ","])
        )
    )
    text = data.draw(st.sampled_from([" ", ""])).join(pieces)
    plain = re.compile(pattern)
    fast = re.compile(_regex._word_start(pattern))
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
        (m.span(), m.groups()) for m in plain.finditer(text)
    ]


def test_word_start_form_finds_what_the_pattern_finds_in_every_pair_of_its_words() -> None:
    """Every pair of the pattern's own words, glued or spaced, and each after a letter:
    where a word's lookbehind reads the one before it ("đạt chỉ tiêu")."""
    for pattern in _REWRITTEN:
        runs = sorted(set(_literal_runs(_sre_parse.parse(pattern))))
        plain = re.compile(pattern)
        fast = re.compile(_regex._word_start(pattern))
        for first in [*runs, "x"]:
            for second in runs:
                for text in (first + second, first + " " + second, "a" + first + second):
                    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
                        (m.span(), m.groups()) for m in plain.finditer(text)
                    ], (pattern, text)
