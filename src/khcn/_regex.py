"""Compiled patterns that skip, in C, the places where no match can start.

Python's regex engine tries a pattern at every position of the text it searches. For a
case-insensitive alternation of words ("kế hoạch|chỉ tiêu|mục tiêu") behind a lookbehind,
that means entering the alternation at every character. :func:`compile` reads the pattern,
works out which characters a match can begin with, and puts a lookahead for them in front:
``(?=[kcm])(?:…)``. The matches are the same (the lookahead only rules out positions where
the pattern would fail on its first character), and the engine rejects most positions with
one class test. On report prose it makes such searches two to four times faster.

A pattern whose first character cannot be told (it may start with any character, match the
empty string, or refers to a group) is compiled unchanged.

The engine scans faster still, in C, for a pattern that opens on an alternation of literals.
A case-sensitive word list behind ``(?<!\\w)`` (a :class:`Caseless` pattern, lowercased, is
one) is therefore written to open on its words' first letters, grouped by their first two
letters, the lookbehinds checked after those: ``(?:k(?:ế(?<!\\w..) hoạch|i(?<!\\w..)ểm
tra)|…)``. Inside a word, where the engine finds most of those letters, the second letter
rules the place out before any lookbehind is read.
"""

from __future__ import annotations

import re
import sys
from itertools import pairwise
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

if sys.version_info >= (3, 11):
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _parse  # type: ignore[attr-defined]
else:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _parse

__all__ = ["Caseless", "compile", "first_chars", "leading_literals", "lower_source", "lowered"]

_CATEGORIES = {
    _sre.CATEGORY_DIGIT: r"\d",
    _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s",
    _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w",
    _sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT}
_REPEATS |= {getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)}


class _UnknownError(Exception):
    """The first character of a match cannot be told (any character may start one)."""


def _char(code: int) -> str:
    return f"\\U{code:08x}"


def _first_of_sequence(items: Any) -> tuple[list[str], bool]:
    """The class items a match of ``items`` (a parsed sequence) can begin with, and
    whether the sequence can match the empty string."""
    out: list[str] = []
    for op, av in items:
        found, empty = _first_of_item(op, av)
        out += found
        if not empty:
            return out, False
    return out, True


def _first_of_item(op: Any, av: Any) -> tuple[list[str], bool]:
    if op is _sre.LITERAL:
        return [_char(av)], False
    if op is _sre.IN:
        out = []
        for iop, iav in av:
            if iop is _sre.LITERAL:
                out.append(_char(iav))
            elif iop is _sre.RANGE:
                out.append(f"{_char(iav[0])}-{_char(iav[1])}")
            elif iop is _sre.CATEGORY and iav in _CATEGORIES:
                out.append(_CATEGORIES[iav])
            else:  # a negated class, or what a class cannot hold
                raise _UnknownError
        return out, False
    if op is _sre.BRANCH:
        out, empty = [], False
        for branch in av[1]:
            found, branch_empty = _first_of_sequence(branch)
            out += found
            empty = empty or branch_empty
        return out, empty
    if op is _sre.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            raise _UnknownError  # "(?i:…)": the flags the lookahead would be read with differ
        return _first_of_sequence(sub)
    if op in _REPEATS:
        low, _, sub = av
        found, empty = _first_of_sequence(sub)
        return found, empty or low == 0
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _first_of_sequence(av)
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return [], True  # zero width: the next item begins the match
    raise _UnknownError  # any character, a back reference, a conditional group


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """A character class holding every character a match of ``pattern`` can begin with
    (read with the same ``flags``), or ``None`` when that cannot be told.

    >>> first_chars(r"(?<!\\w)(?:kế hoạch|chỉ tiêu)")
    '[\\\\U0000006b\\\\U00000063]'
    >>> first_chars(r"\\s*(?:\\d+|x)")
    '[\\\\s\\\\d\\\\U00000078]'
    >>> first_chars(r"a?") is None  # it matches the empty string, before any character
    True
    """
    try:
        return _first_class(_parse.parse(pattern, flags))
    except re.error:
        return None


def _first_class(parsed: Any) -> str | None:
    """:func:`first_chars` of a parsed pattern."""
    try:
        found, empty = _first_of_sequence(parsed)
    except (_UnknownError, RecursionError):
        return None
    if empty or not found:
        return None
    return "[" + "".join(dict.fromkeys(found)) + "]"


# classes of characters most positions hold: a lookahead for them rejects too few
_COMMON = (r"\s", r"\S", r"\w", r"\W", r"\D")
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _skips_already(items: Any, flags: int) -> bool:
    """Whether a lookahead would not help: the pattern opens on what the engine scans for
    or rejects quickly itself (a literal, a class, an anchor such as "^", which it tries at
    one place only, a lookahead, a repeated class), or on an alternation of literals it
    scans for. It helps before lookbehinds and alternations, above all case-folded ones,
    which the engine otherwise enters at every position (``items``: the parsed pattern)."""
    folded = bool(flags & re.IGNORECASE)
    while items:
        op, av = items[0]
        if op is not _sre.SUBPATTERN:
            break
        items = av[3]
    if not items:
        return True
    op, av = items[0]
    if op in (_sre.LITERAL, _sre.IN, _sre.AT):
        return True
    if op is _sre.ASSERT:
        return bool(av[0] == 1)  # a lookahead leads already (a lookbehind is helped)
    if op in _REPEATS:
        return not folded
    if op is _sre.BRANCH:
        return all(
            branch and branch[0][0] is _sre.LITERAL and not (folded and _cased(branch[0][1]))
            for branch in av[1]
        )
    return False


def _cased(code: int) -> bool:
    c = chr(code)
    return c.lower() != c or c.upper() != c


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, written so the engine skips the places where no match
    can start: the same matches, found faster.

    A case-sensitive pattern opening on ``(?<!\\w)(?:word|word…)`` checks the character
    before each word after the word's first two letters (:func:`_word_start`), so the
    engine scans for the first letters. Otherwise, when the characters a match can begin with can be
    told, a lookahead for them leads the pattern.

    >>> p = compile(r"(?<!\\w)(?:kế hoạch|chỉ tiêu)(?!\\w)", re.IGNORECASE)
    >>> [m.span() for m in p.finditer("Theo Kế hoạch, đạt chỉ tiêu")]
    [(5, 13), (19, 27)]
    >>> p.pattern.startswith("(?=[")
    True
    >>> compile(r"(?<!\\w)(?:sẽ|dự kiến|đã|dự toán)(?!\\w)").pattern
    '(?:sẽ(?<!\\\\w..)|dự(?<!\\\\w..)(?: kiến| toán)|đã(?<!\\\\w..))(?!\\\\w)'
    """
    if _GLOBAL_FLAGS.match(pattern):
        return re.compile(pattern, flags)
    if not flags & (re.IGNORECASE | re.VERBOSE):
        pattern = _word_start(pattern)
    try:
        parsed = _parse.parse(pattern, flags)
    except re.error:
        return re.compile(pattern, flags)  # raises the engine's own error
    if _skips_already(parsed, flags):
        return re.compile(pattern, flags)
    first = _first_class(parsed)
    if first is None or any(c in first for c in _COMMON):
        return re.compile(pattern, flags)
    close = "\n)" if flags & re.VERBOSE else ")"
    return re.compile(f"(?={first})(?:{pattern}{close}", flags)


_QUANTIFIERS = ("?", "*", "+", "{")
_LOOKBEHINDS = ("(?<!", "(?<=")


def _group_end(pattern: str, i: int) -> tuple[list[int], int] | None:
    """Inside a group whose source goes on at ``i``: the indexes of its top-level "|" and
    of its closing ")", or ``None`` when it does not close."""
    bars: list[int] = []
    depth, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 2 if pattern.startswith("^", i + 1) else 1
            i += 1 if pattern.startswith("]", i) else 0  # "[]…]", "[^]…]": a "]" first is one
            continue
        elif c == "(":
            depth += 1
        elif c == ")" and not depth:
            return bars, i
        elif c == ")":
            depth -= 1
        elif c == "|" and not depth:
            bars.append(i)
        i += 1
    return None


def _lookbehinds(source: str) -> tuple[list[str], str] | None:
    """The lookbehinds ``source`` opens on, each as ``"(?<!X"`` (open at its end, see
    :func:`_later`), and the rest of ``source``."""
    moved: list[str] = []
    while source.startswith(_LOOKBEHINDS):
        found = _group_end(source, 4)
        if found is None:
            return None
        bars, close = found
        body = source[4:close]
        moved.append(f"{source[:4]}{f'(?:{body})' if bars else body}")
        source = source[close + 1 :]
    return moved, source


def _later(checks: list[str], n: int) -> str:
    """The lookbehinds of :func:`_lookbehinds`, each written to be checked ``n`` characters
    later: "(?<!X" as "(?<!X.)" after one character, "(?<!X..)" after two."""
    return "".join(f"{check}{'.' * n})" for check in checks)


def _one_of(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"(?:{'|'.join(items)})"


def _second(rest: str) -> tuple[str, str] | None:
    """The second character of an alternative (``rest`` opens on its first letter), when
    it is a plain letter, digit or space, and what follows it; else ``None``."""
    for second in (rest[1:2], rest[1:3]):
        if (second.isalnum() and second != "_") or second in (" ", "\\ "):
            tail = rest[1 + len(second) :]
            return None if tail.startswith(_QUANTIFIERS) else (second, tail)
    return None


def _word_start(pattern: str) -> str:
    """``(?<!\\w)(?:ab|ac|de|f|fg)…`` written
    ``(?:a(?:b(?<!\\w..)|c(?<!\\w..))|de(?<!\\w..)|f(?<!\\w.)(?:|g))…``: the alternatives
    grouped by their first letter, and, when each alternative of that letter goes on with a
    plain letter, digit or space, by their second; the lookbehinds that lead the pattern, or
    an alternative, checked after those letters (after the first alone when some alternative
    of the letter goes on otherwise, or ends); ``pattern`` unchanged unless every alternative
    opens on a plain letter or digit.

    >>> _word_start(r"(?<!\\w)(?:ab|ac|de|f|fg)x")
    '(?:a(?:b(?<!\\\\w..)|c(?<!\\\\w..))|de(?<!\\\\w..)|f(?<!\\\\w.)(?:|g))x'

    Both match where the lookbehinds hold at the start of an alternative (each ``.`` is a
    letter of it, never a line break), and try the alternatives of one first letter (and
    second) in the same order (those of two first letters, or two second letters, never
    match at the same place). A pattern that opens on an alternation of literals is one the
    engine scans for, in C, by their first characters, entering only the alternatives of the
    letter it finds; at most places, inside a word, the second letter rules the word out
    before any lookbehind is read. One that opens on a lookbehind is tried at every position.
    """
    lead = _lookbehinds(pattern)
    if lead is None or not lead[0] or not lead[1].startswith("(?:"):
        return pattern
    shared, group = lead
    found = _group_end(group, 3)
    if found is None:
        return pattern
    bars, close = found
    by_letter: dict[str, list[tuple[list[str], str]]] = {}
    for a, b in pairwise([2, *bars, close]):
        own = _lookbehinds(group[a + 1 : b])
        if own is None:
            return pattern
        checks, rest = own
        if not (rest[:1].isalnum() and rest[:1] != "_") or rest[1:].startswith(_QUANTIFIERS):
            return pattern
        by_letter.setdefault(rest[0], []).append((checks, rest))
    branches = []
    for letter, alternatives in by_letter.items():
        seconds = [_second(rest) for _, rest in alternatives]
        if any(s is None for s in seconds):
            tails = [_later(checks, 1) + rest[1:] for checks, rest in alternatives]
            branches.append(letter + _later(shared, 1) + _one_of(tails))
            continue
        by_second: dict[str, list[str]] = {}
        for (checks, _), found_second in zip(alternatives, seconds, strict=True):
            assert found_second is not None
            second, tail = found_second
            by_second.setdefault(second, []).append(_later(checks, 2) + tail)
        seconds_of = [s + _later(shared, 2) + _one_of(t) for s, t in by_second.items()]
        branches.append(letter + _one_of(seconds_of))
    return "(?:" + "|".join(branches) + ")" + group[close + 1 :]


_ESCAPE_ARGS = {"x": 2, "u": 4, "U": 8}
_HEX = re.compile("[0-9a-fA-F]+")


def lower_source(pattern: str) -> str | None:
    """``pattern`` with its literal letters lowercased, written or escaped ("\\x41"; other
    escapes, group names and flags kept), or ``None`` when a class holds a range of
    letters, whose lowercase would be another set. A case-sensitive part (``(?-i:Q)``)
    is lowercased too: it then matches more than it did.

    Searched in the lowercased text, the result finds what ``pattern`` finds with
    IGNORECASE (:class:`Caseless`), or a superset of it when ``pattern`` has a
    case-sensitive part (the readers that look for where a match may start use that).

    >>> lower_source(r"Sở (?P<Unit>KH&CN)\\x41")
    'sở (?P<Unit>kh&cn)\\\\U00000061'
    >>> lower_source("[A-Z]") is None
    True
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        c = pattern[i]
        if c == "\\":
            arg = _ESCAPE_ARGS.get(pattern[i + 1 : i + 2], 0)
            if pattern[i + 1 : i + 2] == "N":
                return None  # "\N{…}": a name, not letters to lowercase
            escape = pattern[i : i + 2 + arg]
            code = int(escape[2:], 16) if arg and _HEX.fullmatch(escape[2:]) else None
            if code is not None and _cased(code) and len(low := chr(code).lower()) == 1:
                escape = _char(ord(low))  # "\x41": the letter "A"
            out.append(escape)
            i += 2 + arg
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif c == "-" and out and out[-1] not in ("[", "^") and pattern[i + 1 : i + 2] != "]":
                low_end, high_end = out[-1], pattern[i + 1 : i + 2]
                if (
                    len(low_end) != 1
                    or _cased(ord(low_end))
                    or high_end in ("\\", "")
                    or _cased(ord(high_end))
                ):
                    return None  # a range of letters: its lowercase ends bound another set
        elif c == "[":
            in_class = True
            out.append(c)
            i += 1
            if pattern[i : i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i : i + 1] == "]":
                out.append("]")  # a "]" first in a class is a member
                i += 1
            continue
        elif pattern.startswith("(?P<", i) or pattern.startswith("(?P=", i):
            close = pattern.find(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i : close + 1])
            i = close + 1
            continue
        elif pattern.startswith("(?", i) and pattern[i + 2 : i + 3] in "aiLmsux-":
            close = min(p for p in (pattern.find(":", i), pattern.find(")", i)) if p >= 0)
            out.append(pattern[i : close + 1])
            i = close + 1
            continue
        low = c.lower()
        out.append(low if len(low) == 1 else c)
        i += 1
    return "".join(out)


# At most this many literals make a prefilter (each is one ``str.find``).
_MAX_LITERALS = 12
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)


def _leading(items: Any) -> set[str] | None:
    """The literal strings one of which every match of ``items`` (a parsed sequence) opens
    with, zero-width assertions skipped; ``None`` when some match need not open on one."""
    found = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # checks the text around, consumes nothing
        if op is _sre.LITERAL:
            found = {f + chr(av) for f in found}
            continue
        inner: set[str] | None = None
        if op is _sre.SUBPATTERN and not (av[1] or av[2]):  # a group, its flags unchanged
            inner = _leading(av[3])
        elif op is _sre.BRANCH:
            inner = set()
            for branch in av[1]:
                got = _leading(branch)
                if got is None:
                    inner = None
                    break
                inner |= got
        if inner is not None:
            found = {f + i for f in found for i in inner}
        break  # what follows the first other item is not read
    if "" in found or len(found) > 4 * _MAX_LITERALS:
        return None
    return found


def leading_literals(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """A few strings one of which every match of ``pattern`` holds: the literals matches
    open with (leaving out any that holds another), or ``None`` when there are none or too
    many to test one by one. A text holding none of them holds no match.

    >>> leading_literals(r"(?<!\\w)(?:ước tính|ước|sẽ|dự kiến(?! đạt))(?!\\w)")
    ('dự kiến', 'sẽ', 'ước')
    >>> leading_literals(r"\\d+ cơ sở") is None  # a match may open on any digit
    True
    """
    try:
        found = _leading(_parse.parse(pattern, flags))
    except (re.error, RecursionError):
        return None
    if found is None:
        return None
    # a text that holds a literal holds every literal inside it: only the shortest count
    kept = sorted(f for f in found if not any(o != f and o in f for o in found))
    if len(kept) > _MAX_LITERALS:
        return None
    return tuple(kept)


# Lowercasing a text costs about what one search of it does: a short text is lowercased
# at each search, a long one (a report searched window by window) once, and kept.
_KEEP_FROM = 2_000
_KEPT = 4
_kept: list[tuple[str, str | None]] = []


def lowered(text: str) -> str | None:
    """``text.lower()``, or ``None`` when the lowercase does not read as IGNORECASE reads
    (``text`` holds "İ", "ı" or "ſ"). The last few long texts' are kept: the readers of a
    report search it many times."""
    global _kept
    if len(text) < _KEEP_FROM:
        return _lower(text)
    kept = _kept
    for known, low in kept:
        if known is text:
            return low
    low = _lower(text)
    # a new list each time: threads reading at once always see a whole one
    _kept = [(text, low), *kept[: _KEPT - 1]]
    return low


def _lower(text: str) -> str | None:
    """``text.lower()``, or ``None`` when ``text`` holds a letter IGNORECASE matches to a
    letter other than its lowercase ("İ", "ı", "ſ"). "ı" and "ſ" are their own lowercase;
    "İ" is the one letter whose lowercase is two characters."""
    low = text.lower()
    if len(low) != len(text) or "\u0131" in low or "\u017f" in low:
        return None
    return low


class Caseless:
    """A case-insensitive pattern that searches the lowercase text, with a plain pattern.

    Python's engine reads an IGNORECASE pattern a letter at a time, folding both sides;
    the same pattern lowercased, over the lowercased text, finds the same spans two to
    three times faster. The matches it gives are of the lowercased text: their spans hold
    for the text given, their ``group()`` is lowercase. A text whose lowercase does not
    read as IGNORECASE reads ("İ", "ı", "ſ") is searched with the IGNORECASE pattern.

    >>> p = Caseless(r"(?<!\\w)(?:kế hoạch|Sở KH&CN)(?!\\w)")
    >>> [m.span() for m in p.finditer("Theo KẾ HOẠCH của sở KH&CN")]
    [(5, 13), (18, 26)]
    >>> p.search("Kế hoạch").group()
    'kế hoạch'
    """

    __slots__ = ("_literals", "_lower", "folded", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.folded = compile(pattern, flags | re.IGNORECASE)
        source = lower_source(pattern)
        self._lower = None if source is None else compile(source, flags & ~re.IGNORECASE)
        # the literals one of which a match in the lowercase text holds (see may_hold)
        self._literals = (
            None if source is None else leading_literals(source, flags & ~re.IGNORECASE)
        )

    def may_hold(self, low: str | None, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        """Whether ``low[pos:endpos]`` (the :func:`lowered` text searched) may hold a match:
        ``False`` when it holds none of the literals every match holds (see
        :func:`leading_literals`), told by ``str.find``, many times faster than a scan
        that enters the pattern at each first letter. ``True`` when that cannot be told.

        >>> p = Caseless(r"(?<!\\w)(?:sẽ|dự kiến)(?!\\w)")
        >>> p.may_hold("đã kiểm tra 25 cơ sở"), p.may_hold("dự kiếnx")
        (False, True)
        """
        literals = self._literals
        if low is None or literals is None:
            return True
        for literal in literals:  # noqa: SIM110 - a loop: faster than any() of a generator
            if low.find(literal, pos, endpos) >= 0:
                return True
        return False

    def on(self, text: str, low: str | None) -> tuple[re.Pattern[str], str]:
        """The compiled pattern to search and the text to search it in, given ``low``, the
        :func:`lowered` ``text`` (for callers that search one text with many patterns)."""
        if low is None or self._lower is None:
            return self.folded, text
        return self._lower, low

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """Like ``re.Pattern.search``."""
        return self.search_low(text, self._low(text), pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """Like ``re.Pattern.match``."""
        return self.match_low(text, self._low(text), pos, endpos)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """Like ``re.Pattern.finditer``."""
        return self.finditer_low(text, self._low(text), pos, endpos)

    def _low(self, text: str) -> str | None:
        return lowered(text) if self._lower is not None else None

    # Given ``low``, the :func:`lowered` ``text``: for callers that search one text (or a
    # window cut from a kept lowercase) with many patterns, lowercasing it once.

    def search_low(
        self, text: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        """:meth:`search`, given ``low``, the :func:`lowered` ``text``.

        >>> p = Caseless("kế hoạch")
        >>> text = "Theo KẾ HOẠCH"
        >>> p.search_low(text, lowered(text)).span()
        (5, 13)
        """
        # (``on``, written out: these run hundreds of times a report)
        if low is None or self._lower is None:
            return self.folded.search(text, pos, endpos)
        return self._lower.search(low, pos, endpos)

    def match_low(
        self, text: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        """:meth:`match`, given ``low``, the :func:`lowered` ``text``."""
        # (``on``, written out: these run hundreds of times a report)
        if low is None or self._lower is None:
            return self.folded.match(text, pos, endpos)
        return self._lower.match(low, pos, endpos)

    def finditer_low(
        self, text: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """:meth:`finditer`, given ``low``, the :func:`lowered` ``text``."""
        # (``on``, written out: these run hundreds of times a report)
        if low is None or self._lower is None:
            return self.folded.finditer(text, pos, endpos)
        return self._lower.finditer(low, pos, endpos)
