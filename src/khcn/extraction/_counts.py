"""Counted quantities in report prose: a number (with its hedge) and the noun it counts.

"02 cuộc thanh tra", "trên 60 văn bằng bảo hộ", "hàng chục cơ sở", "1.175 phương tiện đo".
Document numbers ("10/KH-UBND"), percentages, decimals and figures inside money, date or
period mentions are not counts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import attrs

from khcn import _regex
from khcn._data import load_json
from khcn.errors import InvalidNumberError
from khcn.model.qualifier import Qualifier
from khcn.vi.numerals import words_to_number

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    _MatchAt = Callable[[str, int], re.Match[str] | None]
    _PickMatch = Callable[[str, _MatchAt], _MatchAt]

__all__ = ["Count", "Unit", "find_counts"]


@attrs.frozen
class Unit:
    """A counted noun of the extraction lexicon."""

    family: str  # task | campaign | subject | ip | noun
    noun: str  # a short id of the noun ("du_an_dau_tu"); the family for plain ones
    hints: tuple[tuple[str, str], ...]  # kind / object_type / stage the noun itself states


@attrs.frozen
class Count:
    """A number and the noun it counts, as spans of the normalised text."""

    value: int | None
    qualifier: Qualifier
    start: int  # the hedge if any, else the number
    num_start: int
    num_end: int
    end: int  # end of the counted noun
    unit: Unit
    unit_text: str

    def hint(self, key: str) -> str | None:
        """A value the noun itself states (``kind``, ``object_type``, ``stage``)."""
        for k, v in self.unit.hints:
            if k == key:
                return v
        return None


_new = object.__new__
_set_value = Count.__dict__["value"].__set__
_set_qualifier = Count.__dict__["qualifier"].__set__
_set_start = Count.__dict__["start"].__set__
_set_num_start = Count.__dict__["num_start"].__set__
_set_num_end = Count.__dict__["num_end"].__set__
_set_end = Count.__dict__["end"].__set__
_set_unit = Count.__dict__["unit"].__set__
_set_text = Count.__dict__["unit_text"].__set__


def _count(
    value: int | None,
    qualifier: Qualifier,
    start: int,
    num_start: int,
    num_end: int,
    end: int,
    unit: Unit,
    unit_text: str,
) -> Count:
    """``Count(value, qualifier, …)``, built in half the time: the fields are set through
    their slots, as the frozen class's ``__init__`` sets them (it has no validators or
    converters). A report has dozens of counts (khcn.model.money builds Money alike)."""
    count = _new(Count)
    _set_value(count, value)
    _set_qualifier(count, qualifier)
    _set_start(count, start)
    _set_num_start(count, num_start)
    _set_num_end(count, num_end)
    _set_end(count, end)
    _set_unit(count, unit)
    _set_text(count, unit_text)
    return count


# A count in words: "hai cuộc thanh tra", "mười bốn bộ hồ sơ", "hai mươi mốt cơ sở". It opens
# with a word that is a number on its own ("tư" is four only after "mươi": "đầu tư dự án").
_SPELLED_FIRST = ("một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín", "mười")
# the number words that may follow it, up to six of them
_SPELLED_MORE = (
    r"(?: (?:một|mốt|hai|ba|bốn|tư|năm|lăm|nhăm|sáu|bảy|bẩy|tám|chín|mười|mươi|linh|lẻ|trăm)){0,6}"
)


# the letters a word of _SPELLED_FIRST may begin with before its first vowel
_CONSONANTS = "bcdđghklmnpqrstvx"


def _opening_words(words: Sequence[str]) -> list[str]:
    r"""``words`` as alternatives that each open on a word's first vowel, those of one
    vowel sharing it ("ột…", "a(?:i…|…)", "á(?:u…|m…)", …): the vowel, the rest of the
    word, then a lookbehind that reads the whole word, asks of the character before it
    what "(?<![\w.,/\-])" before it would, and closes an empty group where it starts:
    "a(?:i(?<=(?<![\w.,/\-])()hai)|(?<=(?<![\w.,/\-])()ba))".

    The engine skips in C to the letters the alternatives open on and enters the pattern
    at each. The letters these words begin with (n, h, t, c …) are three characters in
    ten of report prose ("nh", "th", "ch" …); their first vowels, most of them marked
    ("ộ", "ă", "á"), a fifth as many: the scan is a third faster. A match then starts at
    the vowel; the group marks where the word starts. One shared vowel is one test where
    each word would make one."""
    by_vowel: dict[str, list[str]] = {}
    for w in words:
        k = next(i for i, c in enumerate(w) if c not in _CONSONANTS)
        by_vowel.setdefault(w[k], []).append(rf"{w[k + 1 :]}(?<=(?<![\w.,/\-])(){w})")
    return [
        vowel + (tails[0] if len(tails) == 1 else f"(?:{'|'.join(tails)})")
        for vowel, tails in by_vowel.items()
    ]


def _openings(ascii_digits: bool) -> _regex.Caseless:
    r"""Where a count can open, in one scan: a figure written in digits and the space after
    it, or number words and the space after them.

    A figure is a count's number ("02 ", "1.175 ") or a share of a whole ("11/28 ", a "/"
    in it); its first digit leads its alternative (one for each of "0" … "9" when the
    digits read are ``ascii_digits``, else one for "\d"), a lookbehind after it asking of
    the character before it what one before it would. Number words ("hai mươi mốt ")
    open on their first vowel (:func:`_opening_words`), and close an empty group where
    they start; a figure closes none (``lastindex`` tells them apart).

    A match of either holds only digits, ".", "/" and a space, or letters and spaces, so
    none starts inside another (nor does the vowel a run of words opens on lie in one
    where its first letter does not): one scan finds what a scan for each finds. With the
    ten digits, every alternative opens on a letter or digit of its own, and the engine
    skips in C to those (one pass over the text, where a scan for each made two); "\d"
    opens none it skips to (such a text is searched more slowly). The classes read the
    same in the lowercase text, where :class:`_regex.Caseless` searches.
    """
    d = "[0-9]" if ascii_digits else r"\d"
    digits = "0123456789" if ascii_digits else [d]
    figure = (
        rf"(?:(?:{d}{{0,2}}(?:\.{d}{{3}})+|{d}*)(?![\w%/]|[.,]{d}|-{d}| ?%)[ ]"
        rf"|{d}{{0,3}}/{d}{{1,4}}(?![\w%/.,]|-{d})[ ])"
    )
    figures = [rf"{digit}(?<![\w.,/\-]{digit}){figure}" for digit in digits]
    words = [f"{vowel}{_SPELLED_MORE} " for vowel in _opening_words(_SPELLED_FIRST)]
    return _regex.Caseless("|".join(figures + words))


# The scan for a text whose decimal digits are 0-9 (see _ascii_digits), and for any text:
# "[0-9]" is tested a third faster than "\d", and only the digits open on a literal.
_OPENINGS = _openings(ascii_digits=True)
_OPENINGS_ANY = _openings(ascii_digits=False)


@cache
def _safe_blocks() -> bytes:
    """Every high byte of a UTF-16 code unit of a block of 256 code points that holds no
    decimal digit but 0-9 (the high surrogates, halves of the characters past U+FFFF,
    some of which are digits, are not among them)."""
    digits = {ord(c) >> 8 for c in map(chr, range(0x80, 0x10000)) if c.isdecimal()}
    return bytes(b for b in range(256) if b not in digits and not 0xD8 <= b <= 0xDB)


def _ascii_digits(text: str) -> bool:
    """Whether ``text`` holds no decimal digit but 0-9 ("\\d" reads there as "[0-9]"): each
    of its characters lies in a block of Unicode with no other ("٣", "３" do not).

    Told by the high byte of each of its UTF-16 code units, those of the safe blocks
    deleted in C (a few microseconds a report, where reading each character is a scan).
    """
    if text.isascii():
        return True
    high = text.encode("utf-16-le", "surrogatepass")[1::2]
    return not high.translate(None, _safe_blocks())


# "hàng chục cơ sở": a vague count. The word leads (a literal the engine scans for), the
# lookbehind after it asks what "(?<!\w)" before it would.
_VAGUE = _regex.Caseless(r"(hàng(?<!\whàng) (?:chục|trăm|nghìn|ngàn)(?: nghìn| ngàn| triệu)?) ")


# "tăng 9 văn bằng", "giảm 4 cơ sở so với cùng kỳ", "tăng thêm 3 nhiệm vụ": the figure is
# a change against another period or a plan, not a count of anything done
_CHANGE_BEFORE = _regex.compile(r"(?<!\w)(?:tăng|giảm)(?: thêm| được| đi)?\s*$", re.IGNORECASE)
# "nhiều hơn 02 cuộc so với năm 2021": a difference ("hơn 60 văn bằng" alone is a bound)
_MORE_THAN_BEFORE = _regex.compile(r"(?<!\w)(?:nhiều|ít|cao|thấp) hơn\s*$", re.IGNORECASE)
_COMPARED_AFTER = _regex.compile(r"[^.;:\d]{0,60}?(?<!\w)so (?:với|cùng kỳ)(?!\w)", re.IGNORECASE)
# "cứ tám nhiệm vụ được nghiệm thu thì có một nhiệm vụ xuất sắc": a ratio, no count
# ("căn cứ" is "on the basis of")
_RATIO_BEFORE = _regex.compile(r"(?<!\w)(?:(?<!căn )cứ|thì(?: có)?)\s*$", re.IGNORECASE)
_RATIO_OPEN = _regex.compile(r"(?<!\w)(?<!căn )cứ\s", re.IGNORECASE)


# "nâng tổng số doanh nghiệp KH&CN của tỉnh lên 58": a stock, all there are to date, not
# what the period added (adding it to the period's figures would count earlier years again)
_STOCK_BEFORE = _regex.compile(
    r"(?<!\w)nâng(?: tổng)? số(?:\s[^.;:\d]{0,120}?)?\slên(?: (?:tới|đến|thành))?\s*$",
    re.IGNORECASE,
)


_NUMBER_AT = _regex.compile(r"[\d.]+")


# "Tổng số văn bằng … lũy kế đến nay là 1.245", "Tính đến nay, toàn tỉnh có 58 …": a stock
# ("từ đầu năm đến nay", "từ tháng 7 đến nay" are periods, not this)
_TO_DATE = _regex.compile(
    r"(?<!\w)(?:(?:lũy kế|luỹ kế|tính|cộng dồn)\s+)?(?<!năm )(?<!kỳ )(?<!\d )(?<!nay )"
    r"(?:đến|tới)\s+(?:nay|thời điểm này|thời điểm hiện tại)(?!\w)[^.;:\d]{0,80}$",
    re.IGNORECASE,
)


# What the text before a figure ends with (lowercased, trailing space stripped) when
# _CHANGE_BEFORE, _MORE_THAN_BEFORE, _STOCK_BEFORE or _RATIO_BEFORE is to match: a test of
# its last characters rules most figures out before any of them is searched.
_CHANGE_ENDS = ("tăng", "giảm", "thêm", "được", "đi")
_RATIO_ENDS = ("cứ", "thì", "có")
_STOCK_ENDS = ("lên", "tới", "đến", "thành")
_ANY_ENDS = (*_CHANGE_ENDS, *_RATIO_ENDS, *_STOCK_ENDS, "hơn")


def _not_a_count(text: str, s: int, before: str, tail: str | None = None) -> bool:
    """Whether the figure at ``s`` (``before`` is the text just before it) is a change
    against another figure, a term of a ratio or a stock rather than a count.

    ``tail`` is ``before`` lowercased with its trailing space stripped, when the text's
    lowercase reads as IGNORECASE reads (see :func:`_regex.lowered`): the patterns that end
    at the figure are only searched when it ends as they do. ``None``: search them all.
    """
    lo = max(0, s - 120)
    if (text.find("nay", lo, s) >= 0 or text.find("thời điểm", lo, s) >= 0) and _TO_DATE.search(
        text, lo, s
    ):
        return True  # "lũy kế đến nay là 1.245 văn bằng": all there are to date
    if tail is not None and not tail.endswith(_ANY_ENDS):
        return False  # no pattern below can match
    if (tail is None or tail.endswith(_CHANGE_ENDS)) and _CHANGE_BEFORE.search(before):
        return True
    if before.endswith("hơn ") and _MORE_THAN_BEFORE.search(before):
        after = _NUMBER_AT.match(text, s)
        if after is not None and _COMPARED_AFTER.match(text, after.end()):
            return True
    if before.rstrip().endswith(_STOCK_ENDS) and _STOCK_BEFORE.search(text, max(0, s - 160), s):
        return True
    if tail is not None and not tail.endswith(_RATIO_ENDS):
        return False
    ratio = _RATIO_BEFORE.search(before)
    if ratio is None:
        return False
    return ratio.group().lower().startswith("cứ") or bool(_RATIO_OPEN.search(text, lo, s))


@cache
def _unit_parts() -> tuple[str, ...]:
    """The alternative of each counted noun in the unit pattern: "(?:nhiệm vụ…)(?P<u3>)".

    The group that names the unit is an empty one after it: an alternative that opens on
    a word, not on a group, is skipped by the engine at its first letter (a third of the
    time of "(?P<u0>…)|(?P<u1>…)"). The group closes last either way, so ``lastgroup``
    names the same alternative.
    """
    units = load_json("extraction.json")["units"]
    return tuple(f"(?:{entry['p']})(?P<u{i}>)" for i, entry in enumerate(units))


@cache
def _lexicon() -> tuple[_regex.Caseless, tuple[Unit, ...], re.Pattern[str], dict[str, Qualifier]]:
    data: dict[str, Any] = load_json("extraction.json")
    units: list[Unit] = []
    for entry in data["units"]:
        hints = tuple((k, str(entry[k])) for k in ("kind", "object_type", "stage") if k in entry)
        units.append(Unit(entry["family"], entry.get("noun", entry["family"]), hints))
    # searched in the lowercase text: its matches' text is lowercase (read spans only)
    unit_re = _regex.Caseless(r"(?:" + "|".join(_unit_parts()) + r")(?!\w)")
    words: dict[str, Qualifier] = {}
    for qual, variants in data["count_qualifiers"].items():
        for w in variants:
            words[w.lower()] = Qualifier(qual)
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    qual_re = _regex.compile(rf"(?:^|[\s(,:;])({alternation})\s*$", re.IGNORECASE)
    return unit_re, tuple(units), qual_re, words


def find_counts(text: str, blocked: Sequence[tuple[int, int]] = ()) -> list[Count]:
    """Every counted quantity in ``text``, in order, outside the ``blocked`` spans.

    >>> [(c.value, c.qualifier.value, c.unit.family, c.unit_text)
    ...  for c in find_counts("triển khai 02 cuộc thanh tra, cấp trên 60 văn bằng bảo hộ")]
    [(2, 'exact', 'campaign', 'cuộc thanh tra'), (60, 'gt', 'ip', 'văn bằng bảo hộ')]
    >>> find_counts("Kế hoạch số 10/KH-UBND; tăng 16,5 %; 5.5 cơ sở; tăng 9 văn bằng")
    []
    """
    unit_of = _unit_of()
    inside = _inside(sorted(blocked))
    # Lowercased once for every search below (None: search the text case-insensitively).
    low = _regex.lowered(text)
    pick, other, read = _unit_reader(text, low)

    def unit_at(pos: int) -> re.Match[str] | None:
        return pick(read[pos : pos + 1], other)(read, pos)

    judge, settled = _judge(text, low)
    last_three, two_letters = _judged_threes()
    exact = Qualifier.EXACT
    openings, searched = (_OPENINGS if _ascii_digits(text) else _OPENINGS_ANY).on(text, low)
    out: list[Count] = []
    words: list[tuple[int, re.Match[str]]] = []
    # The readers below are written out for the figures, a report's most frequent count:
    # each call and each step they save is saved forty times a report.
    for m in openings.finditer(searched):
        if (group := m.lastindex) is not None:  # "hai cuộc thanh tra", read below
            words.append((m.start(group), m))  # where the first word starts, and the words
            continue
        s, e = m.span()
        figure = m.group()
        if "/" in figure:  # a share of a whole: "11/28 nhiệm vụ"
            count = _fraction_count(text, s, figure, inside, unit_at, judge)
            if count is not None:
                out.append(count)
            continue
        if inside(s):
            continue
        um = pick(read[e : e + 1], other)(read, e)  # unit_at(e)
        if um is None:
            continue
        # what judge(s) gives, told without a call for most figures: when the text before
        # the figure ends on no word it looks for, as its last four characters show
        # (the last three once stripped; ``settled`` is empty when that cannot be told)
        if (
            len(tail := settled[s - 4 : s].rstrip()) > 2
            and tail[-3:] not in last_three
            and tail[-2:] not in two_letters
        ):
            qualifier, start = exact, s
        elif (hedge := judge(s)) is None:
            continue  # "tăng 9 văn bằng so với cùng kỳ": a difference, not a count
        else:
            qualifier, start = hedge
        end = um.end()
        value = int(figure.replace(".", ""))  # int() ignores the space after the figure
        out.append(
            _count(value, qualifier, start, s, e - 1, end, unit_of[um.lastgroup], text[e:end])
        )
    vague, vague_text = _VAGUE.on(text, low)
    for m in vague.finditer(vague_text):  # "hàng chục cơ sở"
        s = m.start()
        if inside(s):
            continue
        um = unit_at(m.end())
        if um is None or (unit := unit_of.get(um.lastgroup)) is None:
            continue
        start, end = um.span()
        out.append(_count(None, Qualifier.APPROX, s, s, m.end(1), end, unit, text[start:end]))
    if words:
        out.extend(_spelled_counts(text, words, inside, unit_at, judge))
    predicates = _predicate_counts(text, low, inside, unit_at)
    if predicates:
        taken = {c.num_start for c in out}
        out.extend(c for c in predicates if c.num_start not in taken)
    # Each reader above finds its counts in order; they start at different places (a digit,
    # "hàng", a number word), so the sort by start is the one order.
    out.sort(key=_NUM_START)
    return out


_NUM_START = attrgetter("num_start")


@cache
def _unit_of() -> dict[str | None, Unit]:
    """The noun of each group that names one in ``_lexicon()``'s unit pattern ("u3")."""
    return {f"u{i}": unit for i, unit in enumerate(_lexicon()[1])}


def _judge(text: str, low: str | None) -> tuple[Callable[[int], tuple[Qualifier, int] | None], str]:
    """What the text before a figure at a position of ``text`` makes of it (``low``: see
    :func:`find_counts`): ``None`` when it is no count (:func:`_not_a_count`), else the
    qualifier a hedge gives it and where the count then starts (:func:`_hedge`).

    Most figures follow no word that either looks for ("trên", "tăng", "lên" …) in a
    text without "nay" or "thời điểm" (what ``_TO_DATE`` needs): a test of the text's
    tail settles them, with no pattern searched. With the judge, the lowercase text in
    which such a tail is read, or "" when none settles a figure (``low`` is ``None``, or
    the text holds "nay" or "thời điểm").
    """
    ends, last_two = _judged_ends()
    dated = _NAY.search(text) is not None or _THOI_DIEM.search(text) is not None
    settled = low if low is not None and not dated else ""
    exact = Qualifier.EXACT

    def judge(s: int) -> tuple[Qualifier, int] | None:
        lo = s - 24 if s > 24 else 0
        tail = None
        if low is not None:
            tail = low[lo:s].rstrip()
            # the last two letters first: a set lookup, where endswith tries every word
            if settled and (tail[-2:] not in last_two or not tail.endswith(ends)):
                return exact, s
        before = text[lo:s]
        if _not_a_count(text, s, before, tail):
            return None
        return _hedge(before, s, tail)

    return judge, settled


# "nay" in text, "thời điểm" in text, written to open on one rare character: the engine
# skips to it in a tight loop in C, where "in" runs a general search (twice as slow)
_NAY = re.compile("y(?<=nay)")
_THOI_DIEM = re.compile("ờ(?=i điểm)(?<=thờ)")


def _unit_reader(text: str, low: str | None) -> tuple[_PickMatch, _MatchAt, str]:
    """How to read the counted noun starting at a position ``pos`` of ``text`` (``low``:
    its :func:`_regex.lowered` form), as ``_lexicon()``'s unit pattern matches it there:
    ``pick(read[pos : pos + 1], other)(read, pos)``, with the pattern and the text read
    picked once for all the figures of a text.

    In the lowercase text the pattern of the nouns that can begin with the letter there
    is matched (see :func:`_units_by_letter`): the whole pattern has the engine try a
    hundred nouns in turn at each figure, which takes a third longer. Without it, the
    whole pattern, case-insensitive, in ``text`` (``pick`` always picks ``other``).
    """
    if low is None:
        return _NO_LETTERS.get, _lexicon()[0].folded.match, text
    by_letter, other = _units_by_letter()
    return by_letter.get, other, low


def _no_unit(text: str, pos: int) -> re.Match[str] | None:
    """No noun starts here (the letter starts none)."""
    return None


_NO_LETTERS: dict[str, _MatchAt] = {}  # no pattern of a letter: ``get`` gives the default


@cache
def _units_by_letter() -> tuple[dict[str, _MatchAt], _MatchAt]:
    """``_lexicon()``'s unit pattern, lowercased, cut by the letter a noun begins with:
    for each letter ("n", "đ", …) the ``match`` of the pattern of the nouns that can begin
    with it ("nhiệm vụ", "nguồn phóng xạ", "(?:đơn )?nhãn hiệu"), in their order, and the
    ``match`` of those that may begin with any letter, for the other letters.

    A pattern of alternatives matches where its first matching alternative does; one that
    cannot begin with the letter there cannot match, so leaving it out changes no match
    (the group that names a noun is the same group)."""
    data: dict[str, Any] = load_json("extraction.json")
    parts = _unit_parts()
    begins: list[frozenset[str] | None] = []  # None: may begin with any letter
    for entry in data["units"]:
        first = _regex.first_chars(entry["p"])
        letters = None if first is None else _LITERALS.fullmatch(first)
        # as Caseless lowercases a letter of the pattern (one whose lowercase is one letter)
        begins.append(
            None
            if letters is None
            else frozenset(
                c.lower() if len(c.lower()) == 1 else c
                for c in (chr(int(h, 16)) for h in _HEX_CODE.findall(letters.group()))
            )
        )

    def matcher(keep: list[int]) -> _MatchAt:
        if not keep:
            return _no_unit
        source = r"(?:" + "|".join(parts[i] for i in keep) + r")(?!\w)"
        return _regex.Caseless(source).on("", "")[0].match  # the lowercase pattern

    known = sorted({c for b in begins if b is not None for c in b})
    by_letter = {
        c: matcher([i for i, b in enumerate(begins) if b is None or c in b]) for c in known
    }
    return by_letter, matcher([i for i, b in enumerate(begins) if b is None])


# What _regex.first_chars gives for a class of single characters, and each of them.
_LITERALS = re.compile(r"\[(?:\\U[0-9a-f]{8})+\]")
_HEX_CODE = re.compile(r"\\U([0-9a-f]{8})")


@cache
def _qualifier_ends() -> tuple[str, ...]:
    """Every hedge word, lowercased: the text before a figure ends with one when
    ``_lexicon()``'s qualifier pattern matches it."""
    return tuple(_lexicon()[3])


@cache
def _judged_ends() -> tuple[tuple[str, ...], frozenset[str]]:
    """The words the text before a figure (lowercased, its trailing space stripped) ends
    with when :func:`_not_a_count` may find it no count other than by ``_TO_DATE``, or
    :func:`_hedge` may find a hedge; and their last two letters (each has two or more)."""
    ends = (*_ANY_ENDS, *_qualifier_ends())
    assert min(map(len, ends)) >= 2, ends  # a one-letter word has no last two letters
    return ends, frozenset(w[-2:] for w in ends)


@cache
def _judged_threes() -> tuple[frozenset[str], frozenset[str]]:
    """The last three letters of the words of :func:`_judged_ends` that have three or
    more, and the words of two: a text ends with none of those words when its last three
    letters are none of the first and its last two none of the second ("với" is not
    "tới", where both end in "ới")."""
    ends = _judged_ends()[0]
    return frozenset(w[-3:] for w in ends if len(w) > 2), frozenset(w for w in ends if len(w) == 2)


def _hedge(before: str, s: int, tail: str | None = None) -> tuple[Qualifier, int]:
    """The qualifier a hedge right before a figure at ``s`` gives ("trên 60"), and where the
    count then starts; ``before`` is the text just before the figure, ``tail`` it
    lowercased with trailing space stripped (or ``None``), see :func:`_not_a_count`.

    Given ``tail``, the hedge is read from its end: the longest hedge word it ends with
    that opens it or follows a space, "(", ",", ":" or ";" is the one the qualifier
    pattern finds (the match that starts leftmost); a few string tests, where the
    pattern is tried at each place of the window.
    """
    if tail is not None:
        for word in _hedges_ending().get(tail[-2:], ()):  # the longest first
            k = len(tail) - len(word)  # where it starts, in ``before`` as in ``tail``
            if tail.endswith(word) and (k == 0 or tail[k - 1] in "(,:;" or tail[k - 1].isspace()):
                return _lexicon()[3][word], s - (len(before) - k)
        return Qualifier.EXACT, s  # no hedge word ends it: the pattern cannot match
    _, _, qual_re, qual_words = _lexicon()
    qm = qual_re.search(before)
    if qm is None:
        return Qualifier.EXACT, s
    return qual_words[qm.group(1).lower()], s - (len(before) - qm.start(1))


@cache
def _hedges_ending() -> dict[str, tuple[str, ...]]:
    """The hedge words (lowercase) by their last two letters, the longest first."""
    by_end: dict[str, list[str]] = {}
    assert min(map(len, _qualifier_ends())) >= 2  # a one-letter word has no last two letters
    for word in sorted(_qualifier_ends(), key=len, reverse=True):
        by_end.setdefault(word[-2:], []).append(word)
    return {end: tuple(words) for end, words in by_end.items()}


def _inside(spans: Sequence[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether a position lies in one of ``spans`` (sorted by start), in logarithmic time."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in spans:
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)  # overlapping or touching: one stretch
        else:
            starts.append(a)
            ends.append(b)

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < ends[k]

    return inside


# "trong năm", "cả năm", "là một đơn vị": the year, or a noun phrase, not a count
_NOT_SPELLED_COUNT = {
    "năm": _regex.compile(
        r"(?<!\w)(?:trong|cả|mỗi|hằng|hàng|từng|của|cuối|đầu|giữa|nửa|các|những|qua|nhiều|"
        r"năm|kỳ|kế hoạch|danh mục)\s*$",
        re.IGNORECASE,
    ),
    "một": _regex.compile(r"(?<!\w)(?:là|như|thành|với|chỉ|thêm|từng|mỗi)\s*$", re.IGNORECASE),
}


def _spelled_counts(
    text: str,
    words: Sequence[tuple[int, re.Match[str]]],
    inside: Callable[[int], bool],
    unit_at: Callable[[int], re.Match[str] | None],
    judge: Callable[[int], tuple[Qualifier, int] | None],
) -> list[Count]:
    """Counts written in words, each a whole number right before a counted noun:
    ``words`` are the matches of number words ("ai mươi mốt " in "hai mươi mốt ", see
    :func:`_openings`), each with where its first word starts (``unit_at``, ``judge``:
    see :func:`find_counts`)."""
    unit_of = _unit_of()
    out: list[Count] = []
    for s, m in words:
        um = unit_at(m.end())
        if um is None or (unit := unit_of.get(um.lastgroup)) is None:
            continue
        num_end = m.end() - 1
        if inside(s):
            continue
        spelled = text[s:num_end].lower()
        guard = _NOT_SPELLED_COUNT.get(spelled)
        if guard is not None and guard.search(text[max(0, s - 24) : s]):
            continue
        hedge = judge(s)
        if hedge is None:
            continue
        try:
            value = words_to_number(spelled)
        except InvalidNumberError:
            continue  # "một trăm năm": no one number
        start, end = um.span()
        out.append(_count(value, *hedge, s, num_end, end, unit, text[start:end]))
    return out


def _fraction_count(
    text: str,
    s: int,
    figure: str,
    inside: Callable[[int], bool],
    unit_at: Callable[[int], re.Match[str] | None],
    judge: Callable[[int], tuple[Qualifier, int] | None],
) -> Count | None:
    """The count a share of a whole states, ``figure`` ("11/28 ") found at ``s``: "11/28
    nhiệm vụ đến hạn" counts 11 (a document number has letters after the slash, a date a
    month of at most 12 and no noun after it). A whole share, "14/14 hồ sơ", is left
    unread: it mostly restates a count made just before it. No hedge is read before it."""
    part, whole = figure.split("/")
    if int(part) >= int(whole) or inside(s):
        return None
    um = unit_at(s + len(figure))
    if um is None or (unit := _unit_of().get(um.lastgroup)) is None or judge(s) is None:
        return None
    start, end = um.span()
    return _count(int(part), Qualifier.EXACT, s, s, s + len(part), end, unit, text[start:end])


# "số " or "tổng số " not glued to a word before: the end of either is the end of "số ",
# and "số " stands after no letter when "tổng " stands before it (a space does), so the
# word leads the pattern and the lookbehind after it asks what "(?<!\w)" before it would.
_SO = _regex.Caseless(r"số(?<!\wsố) ")
_PREDICATE = _regex.compile(
    r"(?P<verb>[^.;:\d]{0,60}?)(?:\s(?P<copula>là|đạt|vượt mốc|lên tới|lên đến)\s+|\s*:\s*)"
    r"(?P<n>\d{1,3}(?:\.\d{3})+|\d+)(?![\w%/]|[.,]\d| ?%)",
    re.IGNORECASE,
)


def _predicate_counts(
    text: str,
    low: str | None,
    inside: Callable[[int], bool],
    unit_at: Callable[[int], re.Match[str] | None],
) -> list[Count]:
    """Counts stated as a predicate: "số nhiệm vụ được nghiệm thu là 164", "Tổng số đề tài,
    dự án đang triển khai: 41" (``low``, ``unit_at``: see :func:`find_counts`).

    The counted noun follows "số" and the figure closes the clause, after "là", "đạt",
    "vượt mốc" ("vượt mốc" says more than the figure) or a colon.
    """
    units = _lexicon()[1]
    out: list[Count] = []
    so_pattern, searched = _SO.on(text, low)
    for so in so_pattern.finditer(searched):
        um = unit_at(so.end())
        if um is None or um.lastgroup is None:
            continue
        pm = _PREDICATE.match(text, um.end())
        if pm is None:
            continue
        n0, n1 = pm.span("n")
        if inside(n0) or (
            text.find("nay", max(0, n0 - 120), n0) >= 0
            and _TO_DATE.search(text, max(0, n0 - 120), n0)
        ):
            continue
        copula = (pm.group("copula") or "").lower()
        qualifier = Qualifier.GT if copula == "vượt mốc" else Qualifier.EXACT
        out.append(
            _count(
                value=int(pm.group("n").replace(".", "")),
                qualifier=qualifier,
                start=n0,
                num_start=n0,
                num_end=n1,
                end=n1,
                unit=units[int(um.lastgroup[1:])],
                unit_text=text[um.start() : um.end()],
            )
        )
    return out
