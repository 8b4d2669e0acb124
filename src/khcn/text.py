"""Text normalisation used by every reader, with a way back to the caller's offsets.

Every parser and finder in khcn first runs its input through :func:`normalize_with_map`
(or :func:`normalize` when offsets are not needed). It

* composes to Unicode NFC (so NFD input from some portals reads the same);
* maps ``Ð`` (U+00D0, Icelandic eth) to ``Đ`` (U+0110) and ``ð`` to ``đ``, as some
  government portals emit the former;
* folds every horizontal space (NBSP, narrow NBSP, thin space, tab, ideographic space …)
  to one ASCII space and collapses runs of them; line breaks are kept (as ``\\n``),
  since they separate paragraphs;
* deletes zero-width characters and soft hyphens;
* unifies typographic dashes (– — ‒ − ‐ ‑) to ``-`` and quotes (“ ” „ « » ‘ ’) to
  ``"`` and ``'``.

Normalising is idempotent, and :class:`NormalizedText` maps any span of the normalised text
back to the span of the original text it came from:

>>> from khcn.text import normalize_with_map
>>> raw = "38,75\\u00a0triệu  đồng"
>>> norm = normalize_with_map(raw)
>>> norm.text
'38,75 triệu đồng'
>>> start, end = norm.span(6, 16)  # "triệu đồng" in the normalised text
>>> raw[start:end]
'triệu  đồng'
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["NormalizedText", "fold", "normalize", "normalize_with_map"]

# Horizontal whitespace other than the plain space, and runs of spaces.
_SPACES = (
    "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SIMPLE = {
    "\u00d0": "\u0110",  # Ð -> Đ
    "\u00f0": "\u0111",  # ð -> đ
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2033": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\r\n": "\n",
    "\r": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
    "\u0085": "\n",
    "\x0b": "\n",
    "\x0c": "\n",
}
for _dash in _DASHES:
    _SIMPLE[_dash] = "-"
for _zw in _ZERO_WIDTH:
    _SIMPLE[_zw] = ""

_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# The characters _SIMPLE maps one by one, and a piece it maps: one of them or "\r\n", tried
# first so that it stays one line break.
_SIMPLE_CHARS = "".join(k for k in _SIMPLE if len(k) == 1)
_SIMPLE_PIECE_SOURCE = rf"\r\n|[{_SIMPLE_CHARS}]"
# One alternation, scanned once, left to right: every place that needs a change.
_SPECIAL = re.compile(
    rf"(?P<comb>[^{_COMBINING}\n]?[{_COMBINING}]+)"
    rf"|(?P<space>[ {_SPACES}]*[{_SPACES}][ {_SPACES}]*|  +)"
    rf"|(?P<simple>{_SIMPLE_PIECE_SOURCE})"
)

# An odd space or a character of _SIMPLE (zero-width ones among them; "\r" begins "\r\n"):
# where a change of spaces or a simple one can begin, with two spaces, which are found apart
# (a class alone is what the engine scans for in C, a class or a literal is tried at every
# position). Normalised text holds none of them.
_CHANGED_CHAR = re.compile(rf"[{_SPACES}{_SIMPLE_CHARS}]")
# The same, or a combining mark: where any match of _SPECIAL but one of two plain spaces
# begins, or one character after. One class, so that one scan finds both.
_CHANGE_BEGINS = re.compile(rf"[{_COMBINING}{_CHANGED_CHAR.pattern[1:-1]}]")


def _special(text: str) -> Iterator[re.Match[str]]:
    """What ``_SPECIAL.finditer(text)`` gives, found faster.

    ``_SPECIAL`` can begin a match on any character (a letter before a combining mark),
    so the engine tries it at every position. The places where it matches are found by
    a scan the engine runs in C instead, for a combining mark (its match begins one
    character before it, unless that is a line break or before where the scan resumes),
    an odd space (a space before it begins the run) or a simple character, and a search
    for two spaces; ``_SPECIAL`` is then matched at the nearer of the two. Each keeps the
    place it found until the matches pass it, so no stretch of text is scanned twice
    (the text stays linear to read however many changes it needs).
    """
    pos, n = 0, len(text)
    begins_at = double_at = -1  # the next character of _CHANGE_BEGINS and two spaces
    while pos < n:
        if begins_at < pos:
            found = _CHANGE_BEGINS.search(text, pos)
            begins_at = n if found is None else found.start()
        if double_at < pos:
            double_at = text.find("  ", pos)
            if double_at < 0:
                double_at = n
        at = begins_at
        if pos < at < n:
            char, before = text[at], text[at - 1]
            if char in _SPACES:
                if before == " ":
                    at -= 1  # the space before an odd one begins the run
            elif char not in _SIMPLE and before != "\n":
                at -= 1  # the letter a combining mark goes with
        at = min(at, double_at)
        if at >= n:
            return
        m = _SPECIAL.match(text, at)
        if m is None:  # never, as the scans find only places it matches
            pos = at + 1
            continue
        yield m
        pos = m.end()


# Characters normalising may change (anything but a line break, printable ASCII, precomposed
# Latin letters other than Ð/ð, Vietnamese ones and "₫"). A text with none of them and no
# two spaces in a row (tested apart: a class alone is what the engine scans for in C) that
# is NFC is its own normal form.
_MAY_CHANGE = re.compile(
    r"[^\n !-~\u00c0-\u00cf\u00d1-\u00ef\u00f1-\u017f\u01a0-\u01b0\u1ea0-\u1ef9\u20ab]"
)


def _needs_normalizing(text: str) -> bool:
    """Whether normalising may change ``text``: it holds two spaces in a row or a
    character of ``_MAY_CHANGE``. Two searches: the class alone lets the engine skip in C
    to such a character, which a pattern with "  " as another branch cannot. A text that
    needs none is NFC too (tests/test_dates.py checks every character and pair it keeps).
    """
    return "  " in text or _MAY_CHANGE.search(text) is not None


class _Unchanged:
    """The offset map of a text that is its own normal form: each offset is its own."""

    __slots__ = ("original", "text")

    def __init__(self, text: str) -> None:
        self.original = self.text = text

    def offset(self, index: int) -> int:
        """The offset itself, within the text."""
        return max(0, min(index, len(self.text)))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span itself."""
        return start, end


def _normalized(text: str) -> NormalizedText | _Unchanged:
    """``normalize_with_map(text)``, or, for a text that needs no normalising, its identity
    map, without building a NormalizedText and caching it (the readers of one block of
    a report each read it once)."""
    if not _needs_normalizing(text):
        return _Unchanged(text)
    return normalize_with_map(text)


@attrs.frozen
class NormalizedText:
    """A normalised text and the way back to the original it came from.

    Attributes:
        original: the text as the caller gave it.
        text: the normalised text.

    >>> from khcn.text import normalize_with_map
    >>> n = normalize_with_map("Sở KH\\u0026CN  tỉnh\\u00a0Thái Nguyên")
    >>> n.text
    'Sở KH&CN tỉnh Thái Nguyên'
    >>> n.original[slice(*n.span(9, 13))]
    'tỉnh'
    """

    original: str
    text: str
    # The replaced stretches, in order: (norm_start, norm_end, orig_start, orig_end).
    # Outside them the two texts are identical, shifted by the stretches before.
    _stretches: tuple[tuple[int, int, int, int], ...] = attrs.field(alias="stretches", repr=False)
    _keys: tuple[int, ...] = attrs.field(init=False, repr=False)

    @_keys.default
    def _make_keys(self) -> tuple[int, ...]:
        return tuple(s[0] for s in self._stretches)

    def _map(self, index: int, as_end: bool) -> int:
        # offset() and end_offset() in one function that span() calls twice, called
        # positionally: spans are mapped for every fact, date and sum of money read.
        if index <= 0:
            return 0
        if index >= len(self.text):
            return len(self.original)
        keys = self._keys
        if not keys:  # the text needed no change
            return index
        probe = index - 1 if as_end else index
        i = bisect_right(keys, probe) - 1
        if i < 0:
            return index
        n0, n1, o0, o1 = self._stretches[i]
        if probe < n1:  # inside a replaced stretch
            if n1 - n0 == o1 - o0:
                return o0 + (index - n0)
            return o1 if as_end else o0
        return o1 + (index - n1)

    def offset(self, index: int) -> int:
        """The original offset of normalised offset ``index`` used as a start.

        >>> from khcn.text import normalize_with_map
        >>> normalize_with_map("a\\u00a0\\u00a0b").offset(2)
        3
        """
        return self._map(index, False)

    def end_offset(self, index: int) -> int:
        """The original offset of normalised offset ``index`` used as an (exclusive) end.

        >>> from khcn.text import normalize_with_map
        >>> normalize_with_map("ab\\u00a0\\u00a0c").end_offset(3)
        4
        """
        return self._map(index, True)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span ``(start, end)`` of a normalised span.

        >>> from khcn.text import normalize_with_map
        >>> raw = "x\\u00a0–\\u00a0y"
        >>> n = normalize_with_map(raw)
        >>> n.text, n.span(0, len(n.text))
        ('x - y', (0, 5))
        """
        if start >= end:
            pos = self._map(start, False)
            return pos, pos
        return self._map(start, False), self._map(end, True)


def normalize(text: str) -> str:
    """Normalise ``text`` the way every khcn reader does (see the module docs).

    >>> from khcn.text import normalize
    >>> normalize("Ngày\\u00a009 tháng  10 năm 2023 – “Sơ kết”")
    'Ngày 09 tháng 10 năm 2023 - "Sơ kết"'
    >>> normalize(normalize("a\\u00a0\\u00a0b")) == normalize("a\\u00a0\\u00a0b")
    True
    """
    return normalize_with_map(text).text


# The last text normalize_with_map made that differs from its input. It was checked to be
# its own normal form (no leftover, NFC), and a report's readers are given it whole (the
# province finder, say), so it needs no scan when it comes back: one string comparison.
# One slot, read and written whole, so threads can only make it miss.
_last_made = ""


@lru_cache(maxsize=64)
def normalize_with_map(text: str) -> NormalizedText:
    """Normalise ``text`` and keep the map back to its offsets.

    The result is immutable and cached for the last few texts: the readers of one report
    (money, dates, periods, provinces) normalise the same paragraphs.

    Runs in one left-to-right pass (linear in the length of the text).

    >>> from khcn.text import normalize_with_map
    >>> import unicodedata
    >>> nfd = unicodedata.normalize("NFD", "Sở Khoa học")
    >>> n = normalize_with_map(nfd)
    >>> n.text == "Sở Khoa học", len(nfd) > len(n.text)
    (True, True)
    >>> nfd[slice(*n.span(3, 11))] == unicodedata.normalize("NFD", "Khoa học")
    True
    """
    global _last_made
    if text == _last_made or (
        not _needs_normalizing(text) and unicodedata.is_normalized("NFC", text)
    ):
        # Most texts (and every paragraph of a text normalised already) are normal: the
        # last text made here is, and for others a quick scan for characters normalising
        # may change proves it.
        return NormalizedText(original=text, text=text, stretches=())
    out: list[str] = []
    stretches: list[tuple[int, int, int, int]] = []
    norm_pos = 0
    orig_pos = 0
    for m in _special(text):
        start, end = m.span()
        piece = m.group()
        kind = m.lastgroup
        if kind == "comb":
            new = unicodedata.normalize("NFC", piece)
        elif kind == "space":
            new = " "  # a run of odd or repeated spaces becomes one space
        else:
            new = _SIMPLE[piece]
        if new == piece:
            continue
        if start > orig_pos:
            out.append(text[orig_pos:start])
            norm_pos += start - orig_pos
        stretches.append((norm_pos, norm_pos + len(new), start, end))
        out.append(new)
        norm_pos += len(new)
        orig_pos = end
    if not stretches:
        result = text
    else:
        out.append(text[orig_pos:])
        result = "".join(out)
    if _has_leftover(result) or not unicodedata.is_normalized("NFC", result):
        # Rare leftovers (a zero-width character between two spaces, singletons
        # such as U+212B): fall back to a character-by-character pass.
        return _normalize_slow(text)
    if stretches:
        _last_made = result
    return NormalizedText(original=text, text=result, stretches=tuple(stretches))


def _normalize_slow(text: str) -> NormalizedText:
    """Character-wise fallback: each grapheme-like group is its own stretch."""
    groups: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        j = i + 1
        if text[i : i + 2] == "\r\n":
            j = i + 2
        while j < n and (
            unicodedata.combining(text[j])
            or len(unicodedata.normalize("NFC", text[i : j + 1]))
            <= len(unicodedata.normalize("NFC", text[i:j]))
        ):
            j += 1
        groups.append((i, j))
        i = j
    out: list[str] = []
    stretches: list[tuple[int, int, int, int]] = []
    norm_pos = 0
    last = ""
    for g0, g1 in groups:
        piece = text[g0:g1]
        if piece in _SIMPLE:
            new = _SIMPLE[piece]
        elif piece in _SPACES or piece == " ":
            new = "" if last == " " else " "
        else:
            new = unicodedata.normalize("NFC", piece)
        stretches.append((norm_pos, norm_pos + len(new), g0, g1))
        out.append(new)
        norm_pos += len(new)
        if new:
            last = new[-1]
    joined = "".join(out)
    result = unicodedata.normalize("NFC", joined)
    if result != joined or _has_leftover(result):
        # Exotic input where composition crosses groups (a zero-width character between a
        # letter and its mark, a mark after "\r\n"): normalise the whole text at once and
        # keep a coarse, correct map.
        result = _normalize_whole(text)
        stretches = [(0, len(result), 0, n)]
    return NormalizedText(original=text, text=result, stretches=tuple(stretches))


_SIMPLE_PIECE = re.compile(_SIMPLE_PIECE_SOURCE)
# A run of spaces that is not one plain space already.
_SPACE_RUN = re.compile(rf"[ {_SPACES}]{{2,}}|[{_SPACES}]")


def _normalize_whole(text: str) -> str:
    """The normal form of ``text``, made in three steps over the whole text (no map).

    ``"\\r\\n\\u0301"`` (a mark after a Windows line break) gives ``"\\n\\u0301"``, one line
    break; ``"\\u00a0\\u2009\\u0301"`` gives ``" \\u0301"``, one space.

    The steps come in an order after which none undoes another, so one pass gives a text
    that normalises to itself (there is no loop to bound):

    1. every character of ``_SIMPLE`` is mapped (``"\\r\\n"`` as one): none is left, nor
       any ``"\\r"``. Deleting a zero-width character can bring a mark next to its
       letter, which is why composing comes after.
    2. NFC: no character of ``_SIMPLE`` or ``"\\r"`` is in the canonical decomposition
       of any character, so composing makes none; the only spaces it makes are U+2002
       and U+2003 (from U+2000 and U+2001), which step 3 folds.
    3. each run of spaces becomes one ``" "``: the spaces are starters that are in no
       canonical decomposition, so they never compose with a neighbour, and one space
       left between a run's neighbours keeps the text NFC. No character of ``_SIMPLE``
       and no two spaces are made.

    The Unicode facts steps 2 and 3 rely on are checked over every code point by
    ``tests/test_text.py``.
    """
    mapped = _SIMPLE_PIECE.sub(lambda m: _SIMPLE[m.group()], text)
    return _SPACE_RUN.sub(" ", unicodedata.normalize("NFC", mapped))


def _has_leftover(text: str) -> bool:
    """Whether ``text`` still holds a character normalising changes (an odd space, a
    character of ``_SIMPLE``) or two spaces, as a class the engine scans for and a
    substring test."""
    return "  " in text or _CHANGED_CHAR.search(text) is not None


_FOLD = str.maketrans({"đ": "d", "Đ": "d"})
_NON_WORD = re.compile(r"[\W_]+")
# The combining characters below U+0370 (U+0300–U+036F but for U+034F, the grapheme
# joiner, which combines with nothing), read from the running Python's Unicode tables.
_MARKS = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in range(0x370) if unicodedata.combining(chr(c))) + "]"
)
_BEYOND_MARKS = re.compile("[^\x00-\u036f]")


def fold(text: str) -> str:
    """An accent-, case- and spacing-insensitive key for looking names up.

    Strips every diacritic (``đ`` → ``d``), lowercases, and turns any run of
    punctuation or spaces into one space. Old and new tone placement ("Hoà"/"Hòa")
    fold to the same key.

    >>> from khcn.text import fold
    >>> fold("Thừa Thiên – Huế")
    'thua thien hue'
    >>> fold("Hoà Bình") == fold("HÒA  BÌNH") == fold("hoa binh")
    True
    """
    decomposed = unicodedata.normalize("NFD", normalize(text).translate(_FOLD))
    if _BEYOND_MARKS.search(decomposed) is None:
        # below U+0370 (Latin letters, decomposed, and their marks) the combining
        # characters are those of _MARKS: one substitution instead of a test per character
        stripped = _MARKS.sub("", decomposed)
    else:
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", stripped.lower()).strip()
