"""Numbers in Vietnamese report prose: :func:`parse_number` and :func:`find_numbers`.

Digits follow the one rule of :mod:`khcn.vi.number_style`: a dot followed by three digits
groups thousands ("1.175" is 1175), a comma is the decimal mark ("16,5"); a sloppy decimal
dot is read only before a scale word ("1.5 triệu"), and anything that could mean two
magnitudes raises instead of guessing. Scale words multiply ("1,5 triệu", "120 nghìn tỷ",
"2 tỷ 350 triệu") and spelled numbers are read by :mod:`khcn.vi.numerals`.

>>> from khcn import parse_number, find_numbers
>>> parse_number("1.234.567,89"), parse_number("1,5 triệu"), parse_number("hai mươi lăm")
(Decimal('1234567.89'), Decimal('1500000'), Decimal('25'))
>>> [(m.text, m.value, m.form) for m in find_numbers("Tỷ lệ đạt 16,5%, gồm 02 văn bản")]
[('16,5%', Decimal('16.5'), 'percent'), ('02', Decimal('2'), None)]
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from itertools import accumulate, repeat
from operator import itemgetter, not_
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from khcn import _regex
from khcn._data import load_json
from khcn.errors import InvalidNumberError, ParseError
from khcn.parse._match import Match
from khcn.text import NormalizedText, _normalized, _Unchanged, normalize_with_map
from khcn.vi.number_style import scaled_decimal, split_digits
from khcn.vi.numerals import _read as _read_spelled
from khcn.vi.numerals import lexicon, spelled_prefix

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["find_numbers", "parse_number"]

NUM, WORD, SYM = 0, 1, 2

# Digits with dot/comma groups, a run of letters, or any other single visible character.
# Each alternative consumes greedily and nothing follows it, so a scan is linear.
_TOKEN_PATTERN = r"\d+(?:[.,]\d+)*|[^\W\d_]+|\S"
_TOKEN = _regex.compile(_TOKEN_PATTERN)
# The same tokens, as the pieces ``split`` keeps: text between tokens and tokens in turn.
_SPLIT_TOKENS = _regex.compile(f"({_TOKEN_PATTERN})").split

# A later part of "2 tỷ 350 triệu" has at most this many digits.
_MAX_PART_DIGITS = 18

#: A spelled number is looked for in at most this many words (10¹⁸ needs fewer).
_SPELLED_WINDOW = 40

# A number glued (no space) after one of these is part of an identifier ("QĐ-15", "v.2").
_GLUED_BEFORE = frozenset("/-.,#_&@\\")


def _kind_of(char: str) -> int:
    """The kind of a token that starts with ``char``."""
    if char.isascii() and char.isdigit():  # "²" is no digit here
        return NUM
    if char.isalpha():
        return WORD
    return SYM


# The kinds of the characters report text is made of (others: _kind_of at each token).
_KINDS = {chr(c): _kind_of(chr(c)) for c in (*range(0x250), *range(0x1E00, 0x1F00))}
_NEAR_GAPS = frozenset(("", " "))
_first_char = itemgetter(0)


class _Tokens:
    """A normalised text cut into tokens, with what separates each from the previous.

    Built from one ``split`` of the text (the gaps and tokens in turn), with the offsets
    summed and most fields mapped in C: a loop over the tokens in Python cost more than
    the search that finds them.
    """

    __slots__ = ("ends", "joined", "kinds", "n", "near", "starts", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        parts = _SPLIT_TOKENS(text)  # gap, token, gap, token, …, gap
        tokens = parts[1::2]
        self.n = n = len(tokens)
        offsets = list(accumulate(map(len, parts)))  # where each piece ends
        self.starts: list[int] = offsets[0:-1:2]
        self.ends: list[int] = offsets[1::2]
        heads = list(map(_first_char, tokens))
        kinds = list(map(_KINDS.get, heads, repeat(-1)))
        if -1 in kinds:
            kinds = [_kind_of(c) if k < 0 else k for k, c in zip(kinds, heads, strict=True)]
        self.kinds: list[int] = kinds
        self.words: list[str] = [
            t.lower() if k == WORD else t for t, k in zip(tokens, kinds, strict=True)
        ]
        gaps = parts[2:-1:2]  # the text before each token but the first
        self.joined: list[bool] = [False, *map(not_, gaps)] if n else []
        self.near: list[bool] = [False, *map(_NEAR_GAPS.__contains__, gaps)] if n else []


class _Phrases:
    """Multi-token vocabulary entries, matched token by token (longest first)."""

    __slots__ = ("first", "longest", "table")

    def __init__(self, entries: dict[str, Any]) -> None:
        self.table: dict[tuple[str, ...], Any] = {}
        for phrase, value in entries.items():
            key = tuple(m.group().lower() for m in _TOKEN.finditer(normalize_with_map(phrase).text))
            if key:
                self.table[key] = value
        self.longest = max((len(k) for k in self.table), default=0)
        self.first = frozenset(k[0] for k in self.table)

    def at(self, toks: _Tokens, i: int) -> tuple[Any, int] | None:
        """The longest entry starting at token ``i``: (value, end)."""
        if i >= toks.n or toks.words[i] not in self.first:
            return None
        words, near = toks.words, toks.near
        limit = min(self.longest, toks.n - i)
        size = 1
        while size < limit and near[i + size]:
            size += 1
        for length in range(size, 0, -1):
            value = self.table.get(tuple(words[i : i + length]))
            if value is not None:
                return value, i + length
        return None

    def before(self, toks: _Tokens, i: int, floor: int) -> tuple[Any, int] | None:
        """The longest entry ending just before token ``i`` and starting at ``floor`` or later."""
        words, near = toks.words, toks.near
        if i <= floor or not near[i]:
            return None
        best: tuple[Any, int] | None = None
        for length in range(1, min(self.longest, i - floor) + 1):
            start = i - length
            if length > 1 and not near[start + 1]:
                break
            value = self.table.get(tuple(words[start:i]))
            if value is not None:
                best = (value, start)
        return best


class _Vocab:
    """Everything the readers look up, built once from ``numerals.json``."""

    def __init__(self) -> None:
        data = load_json("numerals.json")
        self.scales: dict[str, int] = {k: int(v) for k, v in data["scales"].items()}
        self.abbreviations = _Phrases({k: int(v) for k, v in data["scale_abbreviations"].items()})
        self.scaled_currency = _Phrases(
            {k: (int(v[0]), str(v[1])) for k, v in data["scaled_currency"].items()}
        )
        currencies: dict[str, str] = {}
        for code, entry in data["currencies"].items():
            currencies.update(dict.fromkeys(entry["variants"], code))
        self.currencies = _Phrases(currencies)
        self.not_after_dong = frozenset(data["dong_not_currency_before"])
        self.joiners = _Phrases(dict.fromkeys(data["range_joiners"], True))
        self.openers = frozenset(data["range_openers"])
        self.suffixes = _Phrases(dict(data["qualifier_suffixes"]))
        self.percent = frozenset(data["percent"])
        self.lexicon = lexicon()
        self.minus = frozenset(data["minus"])
        self.decimal_point = frozenset(data["decimal_point"])


@cache
def _vocab() -> _Vocab:
    return _Vocab()


class _Quantity(NamedTuple):
    """A number read from tokens."""

    value: Decimal
    end: int  # token index just past it
    exp: int  # exponent of its first scale word (0: none)
    plain: bool  # one digit token and no scale: may take a scale from a range's high bound
    form: str | None  # "spelled" or None
    currency: str | None = None  # set when a scale word also named it ("trđ")
    ambiguous: bool = False  # "1,500" with no scale: 1,5 or 1.500?


def _scale_run(toks: _Tokens, j: int, scales: dict[str, int]) -> tuple[int, int]:
    """Consecutive rising scale words from ``j`` ("nghìn tỷ"): (total exponent, end)."""
    total = last = 0
    words, near = toks.words, toks.near
    while j < toks.n and near[j] and words[j] in scales:
        exp = scales[words[j]]
        if exp <= last:
            break
        total += exp
        last = exp
        j += 1
    return total, j


def _number_ok_at(toks: _Tokens, i: int) -> bool:
    """Whether the digit token ``i`` stands alone (not "138/QĐ", "24/9", "1847-KH", "QĐ-15")."""
    n, words, kinds, joined = toks.n, toks.words, toks.kinds, toks.joined
    if joined[i] and (kinds[i - 1] == WORD or words[i - 1] in _GLUED_BEFORE):
        return False
    if i + 1 < n and joined[i + 1]:
        after = words[i + 1]
        if after == "/":
            return False
        if after == "-" and i + 2 < n and joined[i + 2] and kinds[i + 2] == WORD:
            return False
    return True


def _digits_at(toks: _Tokens, i: int, *, money: bool, strict: bool) -> _Quantity:
    """Read digits (with scale words) at token ``i``; raises InvalidNumberError."""
    vocab = _vocab()
    token = toks.words[i]
    j = i + 1
    currency: str | None = None
    exp = 0
    if money:
        hit = vocab.scaled_currency.at(toks, j) if j < toks.n and toks.near[j] else None
        if hit is not None:
            (exp, currency), j = hit
    if not exp:
        exp, j = _scale_run(toks, j, vocab.scales)
    if not exp and money and j < toks.n and toks.near[j]:
        abbr = vocab.abbreviations.at(toks, j)
        if abbr is not None:
            exp, j = abbr
    try:
        whole, frac = split_digits(token, scaled=exp > 0, strict=strict)
    except InvalidNumberError as err:
        raise InvalidNumberError(
            toks.text,
            toks.starts[i] + err.position,
            reason=err.reason,
            suggestions=err.suggestions,
        ) from None
    value = scaled_decimal(whole, frac, exp)
    ambiguous = (
        not exp
        and len(frac) == 3
        and "." not in token
        and token.count(",") == 1
        and whole[:1] != "0"
        and len(whole) <= 3
    )
    quantity = _Quantity(value, j, exp, not exp and i + 1 == j, None, currency, ambiguous)
    if exp and currency is None:
        quantity = _compound(toks, quantity, money=money)
    return quantity


def _compound(toks: _Tokens, q: _Quantity, *, money: bool) -> _Quantity:
    """Extend "2 tỷ" with "350 triệu" (smaller scales, each part below the one before)."""
    vocab = _vocab()
    value, j, last, currency = q.value, q.end, q.exp, q.currency
    words, kinds, near, n = toks.words, toks.kinds, toks.near, toks.n
    while (
        j + 1 < n
        and near[j]
        and kinds[j] == NUM
        and words[j].isascii()
        and words[j].isdigit()
        and near[j + 1]
    ):
        part = int(words[j][-_MAX_PART_DIGITS:]) if len(words[j]) <= _MAX_PART_DIGITS else -1
        exp = 0
        k = j + 1
        hit = vocab.scaled_currency.at(toks, k) if money else None
        if hit is not None:
            (exp, currency), k = hit
        else:
            exp, k = _scale_run(toks, k, vocab.scales)
        if not exp or part < 0 or part * 10**exp >= 10**last:
            currency = q.currency
            break
        value += part * 10**exp
        last, j = exp, k
        if currency is not None:
            break
    if j == q.end:
        return q  # nothing added (value and currency change only with the end): no copy
    return q._replace(value=value, end=j, currency=currency)


def _spelled_at(toks: _Tokens, i: int, *, whole: bool) -> _Quantity | None:
    """Read a spelled number at token ``i`` (with "phẩy" decimals).

    With ``whole`` the words up to the end of the run must all be read; otherwise the
    longest readable prefix is taken. Returns None when no number is spelled here.
    """
    vocab = _vocab()
    lex = vocab.lexicon
    words, near = toks.words, toks.near
    stop = i
    while (
        stop < toks.n
        and stop - i < _SPELLED_WINDOW
        and words[stop] in lex
        and (stop == i or near[stop])
    ):
        stop += 1
    if stop == i:
        return None
    best, failure = _read_spelled(words, i, stop)
    if best is None or (failure is not None and failure.ambiguous):
        return None
    value, end = best
    if whole and failure is not None and end < stop:
        return None
    number = Decimal(value)
    if end < toks.n and near[end] and words[end] in vocab.decimal_point:
        k = end + 1
        zeros = 0
        while k < toks.n and near[k] and words[k] == "không":
            zeros += 1
            k += 1
        frac = spelled_prefix(words, k, min(toks.n, k + _SPELLED_WINDOW)) if k < toks.n else None
        if frac is not None and near[k]:
            digits = "0" * zeros + str(frac[0])
            number = scaled_decimal(str(value), digits)
            end = frac[1]
        elif zeros:
            end = k
    return _Quantity(number, end, 0, False, "spelled")


def _failure(toks: _Tokens, i: int, kind: type[ParseError], reason: str, **kw: Any) -> ParseError:
    pos = toks.starts[i] if i < toks.n else len(toks.text)
    return kind(toks.text, pos, reason=reason, **kw)


E = TypeVar("E", bound=ParseError)


def _in_original(err: ParseError, norm: NormalizedText | _Unchanged, kind: type[E]) -> E:
    """The same error, about the caller's text and position."""
    return kind(
        norm.original,
        norm.offset(err.position),
        reason=err.reason,
        suggestions=err.suggestions,
    )


def _read_number(toks: _Tokens, *, strict: bool) -> tuple[Decimal, str | None]:
    """The whole token list as one number: (value, form)."""
    vocab = _vocab()
    if toks.n == 0:
        raise _failure(toks, 0, InvalidNumberError, "there is no number here")
    i = 0
    negative = False
    first = toks.words[0]
    if toks.n > 1 and ((first == "-" and toks.joined[1]) or first in vocab.minus):
        negative, i = True, 1
    if toks.kinds[i] == NUM:
        q = _digits_at(toks, i, money=False, strict=strict)
    else:
        spelled = _spelled_at(toks, i, whole=True)
        if spelled is None:
            _explain_spelled(toks, i)
            raise _failure(toks, i, InvalidNumberError, "not a number")
        q = spelled
    form = q.form
    end = q.end
    if end < toks.n and toks.words[end] in vocab.percent:
        form = "percent"
        end += 1
    if end < toks.n:
        sugg: tuple[str, ...] = ()
        if vocab.currencies.at(toks, end) is not None:
            reason = "an amount of money: read it with parse_money()"
        else:
            reason = "unexpected text after the number"
        raise _failure(toks, end, InvalidNumberError, reason, suggestions=sugg)
    return (-q.value if negative else q.value), form


def _explain_spelled(toks: _Tokens, i: int) -> None:
    """Raise the numeral reader's own error for a run of number words, if it is one."""
    lex = _vocab().lexicon
    stop = i
    while stop < toks.n and toks.words[stop] in lex and (stop == i or toks.near[stop]):
        stop += 1
    if stop == i:
        return
    _, failure = _read_spelled(toks.words, i, stop)
    if failure is not None:
        raise _failure(
            toks, failure.index, InvalidNumberError, failure.reason, suggestions=failure.suggestions
        )


def parse_number(text: str, *, strict: bool = False) -> Decimal:
    """Read one number written in Vietnamese: digits, percentages, scale words or words.

    The rule for digits (see :mod:`khcn.vi.number_style`): a dot followed by exactly three
    digits groups thousands ("1.175" is 1175, "1.500 tỷ" is 1500 tỷ); one comma is the
    decimal mark ("16,5"; so "1,500" is 1,5). Unless ``strict``, two readings that cannot
    change the magnitude are also accepted: English grouping that can mean nothing else
    ("1,234,567", "1,234.5"), and a sloppy decimal dot before a scale word ("1.5 triệu" is
    1 500 000). Anything else raises with the likely readings as suggestions ("1.5" alone
    suggests "1,5").

    Args:
        text: the number, e.g. ``"1.175"``, ``"16,5%"``, ``"120 nghìn tỷ"``,
            ``"một trăm linh năm"``. A percentage gives the number before the ``%``
            (:func:`find_numbers` tells percentages apart).
        strict: accept Vietnamese style only.

    Returns:
        The exact value as a ``Decimal``, without trailing zeros.

    Raises:
        InvalidNumberError: the text is not exactly one number; it names the position
            and, where the text could mean several numbers, the suggestions.

    >>> from khcn import parse_number
    >>> parse_number("1.175"), parse_number("16,5"), parse_number("02"), parse_number("16,5%")
    (Decimal('1175'), Decimal('16.5'), Decimal('2'), Decimal('16.5'))
    >>> parse_number("120 nghìn tỷ"), parse_number("2 tỷ 350 triệu")
    (Decimal('120000000000000'), Decimal('2350000000'))
    >>> parse_number("một nghìn không trăm linh năm"), parse_number("mười sáu phẩy năm")
    (Decimal('1005'), Decimal('16.5'))
    >>> parse_number("1.5 triệu"), parse_number("1,234,567")
    (Decimal('1500000'), Decimal('1234567'))
    >>> parse_number("1.5")
    Traceback (most recent call last):
    ...
    khcn.errors.InvalidNumberError: cannot read number '1.5' at position 1: ...
      did you mean: '1,5'
    >>> parse_number("1,234,567", strict=True)
    Traceback (most recent call last):
    ...
    khcn.errors.InvalidNumberError: cannot read number '1,234,567' at position 5: ...
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_number needs a str, not {type(text).__name__}")
    norm = _normalized(text)
    toks = _Tokens(norm.text)
    try:
        value, _ = _read_number(toks, strict=strict)
    except ParseError as err:
        raise _in_original(err, norm, InvalidNumberError) from None
    return value


def _spelled_runs(toks: _Tokens, i: int, emit: Callable[[Decimal, int, int], None]) -> int:
    """Scan the run of number words starting at ``i``; emit each spelled number; return its end."""
    lex = _vocab().lexicon
    words, near = toks.words, toks.near
    run_end = i + 1
    while run_end < toks.n and near[run_end] and words[run_end] in lex:
        run_end += 1
    s = i
    while s < run_end:
        best, failure = _read_spelled(words, s, min(run_end, s + _SPELLED_WINDOW))
        if failure is not None and failure.ambiguous:
            # Colloquial and ambiguous ("một trăm năm"): say nothing rather than guess.
            s = max(s + 1, failure.index + 1)
            continue
        if best is None:
            s += 1
            continue
        value, end = best
        if end - s >= 2 or words[s] == "mười":
            emit(Decimal(value), s, end)
        s = end
    return run_end


def find_numbers(text: str) -> list[Match[Decimal]]:
    """Every number in running text, in text order, with its place in the caller's string.

    Finds digits (with scale words: "1,5 triệu" is one number), percentages
    (``form="percent"``) and spelled numbers of two or more words, or "mười"
    (``form="spelled"``; a single "một" or "năm" is too often a word). Skips identifiers:
    document numbers ("138/QĐ-UBND", "1847-KH/BCSĐ"), dates written with slashes
    ("24/9"), and digits glued to letters ("QĐ-15"). Digits that break the number rule
    ("1.5" alone) and colloquial spellings ("một trăm năm") are skipped, not guessed.

    Never raises on a ``str``.

    >>> from khcn import find_numbers
    >>> text = "Quyết định 138/QĐ-UBND giao 07 cơ sở, tỷ lệ 16,5%, hai mươi lăm đề tài"
    >>> [(m.value, m.text, m.form) for m in find_numbers(text)]
    [(Decimal('7'), '07', None), (Decimal('16.5'), '16,5%', 'percent'),
     (Decimal('25'), 'hai mươi lăm', 'spelled')]
    >>> [m] = find_numbers("vốn 120 nghìn tỷ")
    >>> m.value, m.start, m.end
    (Decimal('120000000000000'), 4, 16)
    """
    norm = _normalized(text)
    toks = _Tokens(norm.text)
    vocab = _vocab()
    found: list[Match[Decimal]] = []

    def emit(value: Decimal, first: int, end: int, form: str | None) -> None:
        start, stop = norm.span(toks.starts[first], toks.ends[end - 1])
        found.append(Match(value, start, stop, norm.original[start:stop], form=form))

    i = 0
    n = toks.n
    while i < n:
        kind = toks.kinds[i]
        if kind == NUM:
            if _number_ok_at(toks, i):
                try:
                    q = _digits_at(toks, i, money=False, strict=False)
                except InvalidNumberError:
                    i += 1
                    continue
                end, form = q.end, q.form
                if end < n and toks.near[end] and toks.words[end] in vocab.percent:
                    end, form = end + 1, "percent"
                emit(q.value, i, end, form)
                i = end
                continue
        elif kind == WORD and toks.words[i] in vocab.lexicon:
            i = _spelled_runs(toks, i, lambda v, s, e: emit(v, s, e, "spelled"))
            continue
        i += 1
    return found
