"""Spelled-out Vietnamese numbers, both ways.

Reading (:func:`words_to_number`) follows the grammar written on invoices and decisions
and the common spoken variants:

* units: ``không một hai ba bốn năm sáu bảy (bẩy) tám chín``;
* tens: ``mười`` (10), ``hai mươi`` … ``chín mươi``; after ``mươi`` the units ``mốt`` (1),
  ``tư`` (4) and ``lăm``/``nhăm`` (5); after ``mười`` also ``lăm`` and ``tư``;
* hundreds: ``một trăm``; an empty tens place is ``linh`` or ``lẻ`` ("một trăm linh năm");
* scales: ``nghìn``/``ngàn`` (10³), ``triệu`` (10⁶), ``tỷ``/``tỉ`` (10⁹), which combine upwards
  ("một trăm hai mươi nghìn tỷ" is 120 × 10¹²);
* a group after a scale may be written in full ("một nghìn không trăm linh năm") or short
  ("một nghìn linh năm", "một triệu năm nghìn").

Colloquial forms whose value depends on context are refused rather than guessed, with the
formal spellings offered as suggestions: "một trăm năm" (105 or 150?), "hai mươi năm"
("twenty years" or 25?), "một nghìn năm" (1005, 1500 or "a thousand years"?).

Writing (:func:`number_to_words`) gives the invoice form, lowercase (callers capitalise):

>>> from khcn.vi.numerals import number_to_words, words_to_number
>>> number_to_words(38_750_000)
'ba mươi tám triệu bảy trăm năm mươi nghìn'
>>> words_to_number("Một trăm linh năm")
105
>>> words_to_number(number_to_words(1_000_005))
1000005
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from khcn._data import load_json
from khcn.errors import InvalidNumberError
from khcn.text import normalize_with_map

if TYPE_CHECKING:
    from collections.abc import Sequence
    from decimal import Decimal

__all__ = [
    "MAX_SPELLED",
    "decimal_to_words",
    "lexicon",
    "number_to_words",
    "spelled_prefix",
    "words_to_number",
]

#: Spelled numbers are read and written below this bound (a billion billion, 10¹⁸):
#: beyond it Vietnamese would need "tỷ tỷ", whose grouping is ambiguous.
MAX_SPELLED = 10**18

# Word kinds of the lexicon.
DIGIT, UNIT_AFTER_TENS, TEN, TENS, HUNDRED, ZERO_TENS, SCALE = range(7)
# Reader states.
_G0, _D, _H, _HD, _HL, _T10, _TD, _U = range(8)

_WORD = re.compile(r"\S+")


@cache
def lexicon() -> dict[str, tuple[int, int]]:
    """Every number word (lowercase NFC) with its kind and value, from ``numerals.json``.

    >>> from khcn.vi.numerals import lexicon, SCALE
    >>> lexicon()["tỉ"] == (SCALE, 9)
    True
    """
    data = load_json("numerals.json")
    table: dict[str, tuple[int, int]] = {}
    table.update({w: (DIGIT, int(v)) for w, v in data["digits"].items()})
    table.update({w: (UNIT_AFTER_TENS, int(v)) for w, v in data["unit_after_tens"].items()})
    table.update(dict.fromkeys(data["ten"], (TEN, 10)))
    table.update(dict.fromkeys(data["tens_marker"], (TENS, 0)))
    table.update(dict.fromkeys(data["hundred"], (HUNDRED, 100)))
    table.update(dict.fromkeys(data["zero_tens"], (ZERO_TENS, 0)))
    table.update({w: (SCALE, int(v)) for w, v in data["scales"].items()})
    return table


class _Failure:
    """Why and where the reader stopped."""

    __slots__ = ("ambiguous", "index", "reason", "suggestions")

    def __init__(
        self, index: int, reason: str, suggestions: Sequence[str] = (), *, ambiguous: bool = False
    ) -> None:
        self.index = index
        self.reason = reason
        self.suggestions = tuple(suggestions)
        # True when the words read so far could mean two numbers ("một trăm năm").
        self.ambiguous = ambiguous


def _read(
    words: Sequence[str], start: int, stop: int
) -> tuple[tuple[int, int] | None, _Failure | None]:
    """Read words[start:stop] left to right.

    Returns the longest accepted prefix as ``(value, end)`` (or None) and, when the reader
    stopped before ``stop`` or ended incomplete, why.
    """
    lex = lexicon()
    state = _G0
    leading = True  # no scale seen yet
    after_scale = False
    h = t = u = d = 0
    parts: list[tuple[int, int]] = []  # (value, exponent), exponents strictly decreasing
    best: tuple[int, int] | None = None
    i = start
    while i < stop:
        entry = lex.get(words[i])
        if entry is None:
            return best, _Failure(i, f"{words[i]!r} is not a number word")
        kind, v = entry
        fail: str | None = None
        sugg: tuple[str, ...] = ()
        if kind == DIGIT:
            if state == _G0:
                state, d = _D, v
                h = t = u = 0
            elif state == _H:
                state, d = _HD, v
            elif (state == _HL and v) or (state in (_T10, _TD) and v not in (0, 5)):
                state, u = _U, v
            elif state in (_T10, _TD) and v == 5:
                fail = f"after {words[i - 1]!r} the units word for 5 is 'lăm'"
                sugg = (" ".join([*words[start:i], "lăm"]),)
            else:
                fail = f"{words[i]!r} cannot follow {words[i - 1]!r}"
        elif kind == UNIT_AFTER_TENS:
            if state == _TD or (state == _T10 and v != 1):
                state, u = _U, v
            else:
                fail = f"{words[i]!r} only follows 'mươi' or 'mười'"
        elif kind == TEN:
            if state in (_G0, _H):
                if state == _G0:
                    h = 0
                state, t, u = _T10, 1, 0
            else:
                fail = f"'mười' cannot follow {words[i - 1]!r}"
        elif kind == TENS:
            if state in (_D, _HD) and d >= 2:
                if state == _D:
                    h = 0
                state, t, u = _TD, d, 0
            else:
                fail = "'mươi' needs a digit from hai to chín before it"
        elif kind == HUNDRED:
            if state == _D and not (leading and d == 0):
                state, h, t, u = _H, d, 0, 0
            else:
                fail = "'trăm' needs a digit before it"
        elif kind == ZERO_TENS:
            if state == _H or (state == _G0 and after_scale):
                if state == _G0:
                    h = 0
                state, t, u = _HL, 0, 0
            else:
                fail = f"{words[i]!r} only follows 'trăm' or a scale word"
        else:  # SCALE
            if state == _D:
                g = d
            elif state == _H:
                g = h * 100
            elif state in (_T10, _TD, _U):
                g = h * 100 + t * 10 + u
            elif state == _G0 and after_scale:
                g = 0
            else:
                g = -1
            collected, top = g, 0
            popped = 0
            while g >= 0 and parts and parts[-1][1] < v:
                value, exp = parts.pop()
                collected += value
                top = max(top, exp)
                popped += 1
            new_exp = v + top
            if g < 0 or collected <= 0:
                fail = f"{words[i]!r} needs a number before it"
            elif parts and new_exp >= parts[-1][1]:
                fail = f"{words[i]!r} is out of order"
            elif new_exp >= 18:
                fail = "the number is too large to be spelled"
            else:
                parts.append((collected * 10**v, new_exp))
                state, leading, after_scale = _G0, False, True
                h = t = u = d = 0
                i += 1
                best = (sum(p[0] for p in parts), i)
                continue
        if fail is not None:
            if state == _HD:
                return best, _ambiguous_hundreds(words, start, i)
            return best, _Failure(i, fail, sugg)
        after_scale = False
        i += 1
        total = sum(p[0] for p in parts)
        if state == _D and leading:
            best = (d, i)
        elif state == _H and h:
            best = (total + h * 100, i)
        elif state in (_T10, _TD, _U):
            best = (total + h * 100 + t * 10 + u, i)
    if best is not None and best[1] == stop:
        return best, None
    # Ended incomplete: say what is missing.
    last = words[stop - 1] if stop > start else ""
    if state == _HD:
        return best, _ambiguous_hundreds(words, start, stop)
    if state == _D and not leading:
        head = " ".join(words[start : stop - 1])
        return best, _Failure(
            stop - 1,
            f"'{head} {last}' is ambiguous after a scale word",
            (f"{head} không trăm linh {last}", f"{head} {last} trăm"),
            ambiguous=True,
        )
    return best, _Failure(stop, "the number is incomplete")


def _ambiguous_hundreds(words: Sequence[str], start: int, stop: int) -> _Failure:
    """'một trăm năm': 105 or 150? The digit after 'trăm' is words[stop - 1]."""
    head = " ".join(words[start : stop - 1])
    last = words[stop - 1]
    return _Failure(
        stop - 1,
        f"'{head} {last}' is ambiguous: write '{head} linh {last}' or '{head} {last} mươi'",
        (f"{head} linh {last}", f"{head} {last} mươi"),
        ambiguous=True,
    )


def spelled_prefix(
    words: Sequence[str], start: int = 0, stop: int | None = None
) -> tuple[int, int] | None:
    """The longest run of ``words[start:stop]`` that spells a whole number, as ``(value, end)``.

    ``words`` must be lowercase NFC. Runs in time linear in the words read.

    >>> from khcn.vi.numerals import spelled_prefix
    >>> spelled_prefix("hai mươi năm qua".split())
    (20, 2)
    >>> spelled_prefix("mười lăm nhiệm vụ".split())
    (15, 2)
    >>> spelled_prefix(["nhiệm", "vụ"]) is None
    True
    """
    end = len(words) if stop is None else stop
    best, _ = _read(words, start, end)
    return best


def words_to_number(text: str) -> int:
    """Read a whole number spelled in Vietnamese words.

    Case, NFD accents and odd spacing do not matter. The whole text must be one number.

    Args:
        text: the words, e.g. ``"hai mươi lăm"``.

    Returns:
        The number.

    Raises:
        InvalidNumberError: the text is not exactly one spelled number (a ``ValueError``);
            it names the position and, for colloquial forms, the formal spellings.

    >>> from khcn.vi.numerals import words_to_number
    >>> words_to_number("mười lăm"), words_to_number("hai mươi mốt"), words_to_number("ba mươi tư")
    (15, 21, 34)
    >>> words_to_number("một nghìn không trăm linh năm"), words_to_number("một trăm lẻ năm")
    (1005, 105)
    >>> words_to_number("một triệu hai trăm nghìn"), words_to_number("mười hai ngàn")
    (1200000, 12000)
    >>> words_to_number("một trăm năm")
    Traceback (most recent call last):
    ...
    khcn.errors.InvalidNumberError: cannot read number 'một trăm năm' at position 9: ...
    """
    norm = normalize_with_map(text)
    found = list(_WORD.finditer(norm.text))
    words = [m.group().lower() for m in found]
    if not words:
        raise InvalidNumberError(text, 0, reason="no number words")
    best, failure = _read(words, 0, len(words))
    if failure is None and best is not None:
        return best[0]
    assert failure is not None
    index = failure.index
    pos = found[index].start() if index < len(found) else len(norm.text)
    raise InvalidNumberError(
        text, norm.offset(pos), reason=failure.reason, suggestions=failure.suggestions
    )


_UNITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_AFTER_TENS = {1: "mốt", 4: "tư", 5: "lăm"}


def _group(g: int, *, full: bool) -> list[str]:
    h, rest = divmod(g, 100)
    t, u = divmod(rest, 10)
    words: list[str] = []
    if full or h:
        words += [_UNITS[h], "trăm"]
    if t == 0:
        if u:
            words += ["linh", _UNITS[u]] if words else [_UNITS[u]]
    elif t == 1:
        words.append("mười")
        if u:
            words.append("lăm" if u == 5 else _UNITS[u])
    else:
        words += [_UNITS[t], "mươi"]
        if u:
            words.append(_AFTER_TENS.get(u, _UNITS[u]))
    return words


def _below_billion(n: int, *, full: bool) -> list[str]:
    words: list[str] = []
    for value, scale in ((n // 10**6, "triệu"), (n // 1000 % 1000, "nghìn"), (n % 1000, "")):
        if value == 0:
            continue
        words += _group(value, full=full or bool(words))
        if scale:
            words.append(scale)
    return words


def _words(n: int) -> list[str]:
    if n >= 10**9:
        head, rest = divmod(n, 10**9)
        out = [*_words(head), "tỷ"]
        if rest:
            out += _below_billion(rest, full=True)
        return out
    return _below_billion(n, full=False)


def number_to_words(n: int) -> str:
    """Spell a whole number in Vietnamese words, lowercase, in the form used on invoices.

    Groups after a scale word are written in full ("không trăm linh năm"); 10¹² is "một
    nghìn tỷ". Negative numbers start with "âm".

    Args:
        n: the number, with ``abs(n) < 10**18``.

    Returns:
        The words, lowercase (capitalise them yourself at the start of a sentence).

    Raises:
        TypeError: ``n`` is not an ``int``.
        ValueError: ``abs(n)`` is 10¹⁸ or more.

    >>> from khcn.vi.numerals import number_to_words
    >>> number_to_words(25), number_to_words(105), number_to_words(1005)
    ('hai mươi lăm', 'một trăm linh năm', 'một nghìn không trăm linh năm')
    >>> number_to_words(2_306_000_000)
    'hai tỷ ba trăm linh sáu triệu'
    >>> number_to_words(120 * 10**12)
    'một trăm hai mươi nghìn tỷ'
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"number_to_words needs an int, not {type(n).__name__}")
    if n < 0:
        return "âm " + number_to_words(-n)
    if n >= MAX_SPELLED:
        raise ValueError(f"{n} is too large to spell (the limit is 10**18 - 1)")
    if n == 0:
        return "không"
    return " ".join(_words(n))


def decimal_to_words(value: Decimal) -> str:
    """Spell a decimal number: the integer part, then "phẩy" and the decimals.

    The decimals are read as a number after their leading zeros, each read "không"
    (0,05 is "không phẩy không năm"), as Vietnamese reads them aloud.

    >>> from decimal import Decimal
    >>> from khcn.vi.numerals import decimal_to_words
    >>> decimal_to_words(Decimal("38.75"))
    'ba mươi tám phẩy bảy mươi lăm'
    >>> decimal_to_words(Decimal("-0.05"))
    'âm không phẩy không năm'
    >>> decimal_to_words(Decimal("1200.00"))
    'một nghìn hai trăm'
    """
    if not value.is_finite():
        raise ValueError(f"cannot spell {value}")
    sign = "âm " if value < 0 else ""
    digits = format(abs(value), "f")
    whole, _, frac = digits.partition(".")
    frac = frac.rstrip("0")
    words = number_to_words(int(whole))
    if frac:
        zeros = len(frac) - len(frac.lstrip("0"))
        words += " phẩy " + "không " * zeros + number_to_words(int(frac))
    return sign + words
