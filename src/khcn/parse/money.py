"""Amounts of money in Vietnamese report prose: :func:`parse_money` and :func:`find_money`.

An amount is a number (digits by the rule of :mod:`khcn.vi.number_style`, with scale
words, or spelled out) followed by a currency ("đồng", "đ", "VNĐ", "VND", "₫", "USD",
"đô la Mỹ" …; "trđ" and "tr.đ" carry the scale too). A number without a currency is not
money. A hedge before it ("trên", "khoảng", "tối đa" …, the ``Qualifier`` variants of
``vocabulary.json``) or after it ("trở lên") sets the qualifier; the stated amount is kept.
Two bounds joined by "-", "đến" or "tới" make a :class:`~khcn.model.money.MoneyRange`; a
bare low bound takes the high bound's scale ("5-7 triệu đồng" is 5 to 7 million).

>>> from khcn import parse_money, find_money
>>> print(parse_money("2 tỷ 350 triệu đồng"))
2.350.000.000 đồng
>>> [(m.text, str(m.value)) for m in find_money("thu 38,75 triệu đồng và trên 1,5 tỷ đồng")]
[('38,75 triệu đồng', '38.750.000 đồng'), ('trên 1,5 tỷ đồng', 'trên 1.500.000.000 đồng')]
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from khcn import _regex
from khcn._data import load_json
from khcn.errors import InvalidMoneyError, InvalidNumberError, ParseError
from khcn.model.money import (
    Money,
    MoneyRange,
    _make,
    _make_range,
    _new,
    _set_amount,
    _set_currency,
    _set_high,
    _set_low,
    _set_qualifier,
)
from khcn.model.qualifier import Qualifier
from khcn.parse._match import Match
from khcn.parse.number import (
    _GLUED_BEFORE,
    NUM,
    WORD,
    _digits_at,
    _in_original,
    _number_ok_at,
    _Phrases,
    _Quantity,
    _spelled_at,
    _Tokens,
    _vocab,
)
from khcn.text import _needs_normalizing, _Unchanged, normalize_with_map
from khcn.vi.number_style import MAX_DIGITS, scaled_decimal, split_digits
from khcn.vi.numerals import _group, number_to_words
from khcn.vi.numerals import _read as _read_spelled

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from khcn.text import NormalizedText

__all__ = ["find_money", "parse_money"]

_SPELLED_WINDOW = 40
_BARE_NUMBER = _regex.compile(r"-?[0-9][0-9.,]*")
_HAS_DIGIT = _regex.compile(r"[0-9]").search
_EXACT = Qualifier.EXACT


@cache
def _qualifiers() -> _Phrases:
    table = load_json("vocabulary.json")["Qualifier"]
    entries: dict[str, Qualifier] = {}
    for value, entry in table.items():
        for variant in entry.get("variants", ()):
            entries[variant] = Qualifier(value)
    return _Phrases(entries)


def _quantity_at(toks: _Tokens, i: int, *, strict: bool) -> _Quantity | None:
    if toks.kinds[i] == NUM:
        return _digits_at(toks, i, money=True, strict=strict)
    if toks.kinds[i] == WORD:
        return _spelled_at(toks, i, whole=False)
    return None


def _currency_after(toks: _Tokens, q: _Quantity) -> tuple[str | None, int]:
    """The currency that ends quantity ``q``: (code or None, end)."""
    if q.currency is not None:
        return q.currency, q.end
    j = q.end
    if j >= toks.n or not toks.near[j]:
        return None, j
    vocab = _vocab()
    hit = vocab.currencies.at(toks, j)
    if hit is None:
        return None, j
    code, end = hit
    if (
        toks.words[end - 1] == "đồng"
        and end < toks.n
        and toks.near[end]
        and toks.words[end] in vocab.not_after_dong
    ):
        return None, j  # "02 đồng chí", "đồng thời"
    return code, end


def _spelled_scale(toks: _Tokens, q: _Quantity, start: int) -> bool:
    scales = _vocab().scales
    return any(toks.words[k] in scales for k in range(start, q.end))


def _ambiguous(toks: _Tokens, i: int, q: _Quantity) -> InvalidMoneyError:
    token = toks.words[i]
    whole, frac = token.split(",")
    return InvalidMoneyError(
        toks.text,
        toks.starts[i] + len(whole),
        reason=(
            f"'{token}' with no scale word is ambiguous: Vietnamese style reads it as "
            f"{whole},{frac.rstrip('0') or '0'} and English style as {whole}{frac}"
        ),
        suggestions=(f"{whole}.{frac}", f"{whole},{frac.rstrip('0') or '0'}"),
    )


def _money_at(toks: _Tokens, i: int, *, strict: bool) -> tuple[Money | MoneyRange, int] | None:
    """An amount or a range of money starting at token ``i``: (value, end) or None.

    Raises ParseError for digits that break the number rule and for ambiguous amounts.
    """
    low = _quantity_at(toks, i, strict=strict)
    if low is None:
        return None
    currency, after_low = _currency_after(toks, low)
    vocab = _vocab()
    joiner = vocab.joiners.at(toks, after_low) if after_low < toks.n else None
    if joiner is not None and joiner[1] < toks.n and toks.near[joiner[1]]:
        high_at = joiner[1]
        high = None
        if toks.kinds[high_at] == NUM or toks.words[high_at] in vocab.lexicon:
            try:
                high = _quantity_at(toks, high_at, strict=strict)
            except InvalidNumberError:
                high = None
        if high is not None and not high.ambiguous:
            high_currency, high_end = _currency_after(toks, high)
            if high_currency is not None and currency in (None, high_currency):
                low_value: Decimal | None = low.value
                if currency is None and low.plain:
                    if high.form == "spelled":
                        low_value = None
                    else:
                        whole, frac = split_digits(toks.words[i], scaled=True, strict=strict)
                        low_value = scaled_decimal(whole, frac, high.exp)
                elif (
                    currency is None and low.form == "spelled" and not _spelled_scale(toks, low, i)
                ):
                    low_value = None
                if low_value is not None and low_value <= high.value:
                    return (
                        _make_range(
                            _make(low_value, high_currency, Qualifier.EXACT),
                            _make(high.value, high_currency, Qualifier.EXACT),
                        ),
                        high_end,
                    )
    if currency is None:
        return None
    if low.ambiguous:
        raise _ambiguous(toks, i, low)
    return _make(low.value, currency, Qualifier.EXACT), after_low


def _with_qualifier(value: Money | MoneyRange, qualifier: Qualifier) -> Money | MoneyRange:
    if isinstance(value, MoneyRange) or qualifier is value.qualifier:
        return value
    return _make(value.amount, value.currency, qualifier)


def _suffix(toks: _Tokens, value: Money | MoneyRange, end: int) -> tuple[Money | MoneyRange, int]:
    """Apply "trở lên" / "trở xuống" after an amount stated exactly or with "từ"."""
    if isinstance(value, MoneyRange) or end >= toks.n or not toks.near[end]:
        return value, end
    hit = _vocab().suffixes.at(toks, end)
    if hit is None or value.qualifier not in (Qualifier.EXACT, Qualifier.GE):
        return value, end
    return _with_qualifier(value, Qualifier(hit[0])), hit[1]


def _read_money(toks: _Tokens, *, strict: bool) -> Money | MoneyRange:
    """The whole token list as one amount; raises ParseError (positions in ``toks.text``)."""
    n = toks.n
    if n == 0:
        raise InvalidMoneyError(toks.text, 0, reason="there is no amount of money here")
    # A trailing full stop ("500.000 đ.") is punctuation.
    if n > 1 and toks.words[n - 1] == "." and toks.joined[n - 1]:
        n -= 1
    start = 0
    negative = False
    if toks.words[0] == "-" and n > 1 and toks.kinds[1] == NUM and toks.joined[1]:
        negative, start = True, 1
    qualifier = Qualifier.EXACT
    found = None
    hit = _qualifiers().at(toks, start) if not negative else None
    if hit is not None and hit[1] < n and toks.near[hit[1]]:
        found = _money_at(toks, hit[1], strict=strict)
        if found is not None:
            qualifier = hit[0]
            start = hit[1]
    if found is None:
        found = _money_at(toks, start, strict=strict)
    if found is None:
        _explain(toks, start, strict=strict)
    assert found is not None
    value, end = found
    value = _with_qualifier(value, qualifier)
    value, end = _suffix(toks, value, end)
    if end < n:
        raise InvalidMoneyError(
            toks.text, toks.starts[end], reason="unexpected text after the amount"
        )
    if negative:
        if isinstance(value, MoneyRange):  # pragma: no cover - "-" then a range
            raise InvalidMoneyError(toks.text, 0, reason="a range cannot be negative")
        value = -value
    return value


def _explain(toks: _Tokens, i: int, *, strict: bool) -> None:
    """Raise the reason there is no amount at token ``i``."""
    q = _quantity_at(toks, i, strict=strict) if i < toks.n else None
    if q is None and i < toks.n and toks.words[i] in _vocab().lexicon:
        stop = i
        while stop < toks.n and toks.words[stop] in _vocab().lexicon:
            stop += 1
        _, failure = _read_spelled(toks.words, i, stop)
        if failure is not None and failure.index < stop:
            raise InvalidMoneyError(
                toks.text,
                toks.starts[failure.index] if failure.index < toks.n else len(toks.text),
                reason=failure.reason,
                suggestions=failure.suggestions,
            )
    if q is not None:
        number = toks.text[toks.starts[i] : toks.ends[q.end - 1]]
        bare = q.end >= toks.n
        raise InvalidMoneyError(
            toks.text,
            toks.starts[i],
            reason="a number without a currency is not money",
            suggestions=(f"{number} đồng",) if bare else (),
        )
    pos = toks.starts[i] if i < toks.n else len(toks.text)
    raise InvalidMoneyError(toks.text, pos, reason="there is no amount of money here")


# ---- fast path ------------------------------------------------------------------------
#
# Most amounts in reports take a few shapes ("38,75 triệu đồng", "trên 1,5 tỷ đồng",
# "5-7 triệu đồng", "Ba mươi tám triệu … đồng"). Precompiled patterns read those shapes
# whole; whatever they do not match exactly, or match but would need a judgement (an
# ambiguous "1,500 đồng", a low bound above the high one), goes to the general reader
# above. Every pattern is anchored (``fullmatch``) and has no nested quantifiers that can
# overlap, so matching stays linear. The fast path only ever returns what the general
# reader returns for the same text (tests/test_money.py checks this on every case).

# Written for the engine's speed, with the meaning of the obvious forms:
#
# * ``(?:X|)`` for ``(?:X)?``: both try X first, then nothing, but a branch costs the
#   engine less than a repeat;
# * ``(?:(?=[0-9])|Q )`` for an optional word before a number: a number starts with a
#   digit and a word with a letter, so at most one side can go on;
# * ``[0-9]+(?![0-9.])|[0-9]{1,3}(?:\.[0-9]{3})+`` for ``[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+``:
#   digits without marks (the commoner) first. Either way the group holds the whole run
#   of digits and dots, as nothing after a number in these patterns starts with either.
_WHOLE = r"[0-9]+(?![0-9.])|[0-9]{1,3}(?:\.[0-9]{3})+"
_NUM = r"[0-9]+(?![0-9.])(?:,[0-9]+|)|[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+|)"


# Letters common in Vietnamese prose ("t" opens "trong", "theo", "tổng", "thực" … and ends
# "việt", "nhất"; "u" is in "đầu", "nhau", "quả" …): a search for currency words does not
# open on them (see _Fast.finditer_currency_tokens), but on the letter after.
_COMMON_INITIALS = "tu"


def _cases(char: str) -> list[str]:
    """The characters that lowercase to ``char`` (itself first): "đ" and "Đ"."""
    others = {c for c in (char.upper(), char.title()) if len(c) == 1 and c.lower() == char}
    return [char, *sorted(others - {char})]


def _any_case(char: str) -> str:
    """A pattern for ``char`` in any case, as lowercasing reads it: "[đĐ]"."""
    cases = _cases(char)
    return re.escape(char) if len(cases) == 1 else f"[{''.join(map(re.escape, cases))}]"


def _alternation(words: Iterable[object]) -> str:
    """A regex alternation of ``words`` as a trie, so a longer word is tried first.

    "đ(?:ồng|)" matches what "đồng|đ" matches and prefers the same (longer) reading, but
    the engine tests each letter once instead of every word in turn.
    """
    trie: dict[str, Any] = {}
    for word in {str(w) for w in words}:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie(trie)


# Letters that start the commonest words, tried first at each branch of a trie (all
# branches start with different letters, so the order changes the speed only).
_FIRST = "đtvuĐTVU"


def _branch_order(item: tuple[str, object]) -> tuple[int, str]:
    return (_FIRST.find(item[0]) % (len(_FIRST) + 1), item[0])


def _trie(node: dict[str, Any]) -> str:
    alts = [
        re.escape(char) + _trie(sub)
        for char, sub in sorted(node.items(), key=_branch_order)
        if char
    ]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"
    if "" in node:
        return f"(?:{body}|)"  # optional, as "(?:…)?" but cheaper (see _NUM)
    return body


class _Fast:
    """The fast path's patterns and tables, built once from the same vocabularies."""

    def __init__(self) -> None:
        data = load_json("numerals.json")
        vocab = _vocab()
        self.scales: dict[str, int] = dict(vocab.scales)
        singles = list(vocab.scales.items())
        for a, ea in singles:
            for b, eb in singles:
                if ea < eb:
                    self.scales[f"{a} {b}"] = ea + eb  # "nghìn tỷ"
        self.currencies: dict[str, str] = {}
        for code, entry in data["currencies"].items():
            for variant in entry["variants"]:
                self.currencies[variant] = code
        self.scaled_currency: dict[str, tuple[int, str]] = {
            k: (int(v[0]), str(v[1])) for k, v in data["scaled_currency"].items()
        }
        self.qualifiers: dict[str, Qualifier] = {}
        for value, entry in load_json("vocabulary.json")["Qualifier"].items():
            for variant in entry.get("variants", ()):
                self.qualifiers[variant] = Qualifier(value)
        q = _alternation(self.qualifiers)
        sc = _alternation(self.scales)
        # The unit that ends an amount: (exponent it carries, currency code).
        self.units: dict[str, tuple[int, str]] = {
            c: (0, code) for c, code in self.currencies.items()
        }
        self.units.update(self.scaled_currency)
        units = _alternation(self.units)
        # The single amount also matches text as it stands (see parse_money), where units
        # in capitals are common ("VNĐ", "USD"): lowercased, each is a unit above.
        # The last character of every fast shape (in lowercased text).
        self.last_chars = frozenset(unit[-1] for unit in self.units)
        self.units.update({unit.upper(): value for unit, value in self.units.items()})
        self.qualifier_starts = frozenset(phrase.split(" ")[0] for phrase in self.qualifiers)
        self.qualifier_of: dict[str | None, Qualifier] = {None: _EXACT}
        self.qualifier_of.update(self.qualifiers)
        # Groups, in order: qualifier, whole digits, decimals, scale, second part and its
        # scale, unit (a currency, or a scaled currency such as "trđ").
        self.single = _regex.compile(
            rf"(?:(?=[0-9])|({q}) )({_WHOLE})(?:,([0-9]+)|)"
            rf"(?: ({sc}) (?:([0-9]{{1,3}}) ({sc}) |)| ?)"
            rf"({_alternation(self.units)})"
        )
        self.single_fullmatch = self.single.fullmatch
        # The single pattern in two steps, for speed: the head (groups: qualifier, whole
        # digits and dots, decimals, the rest of the text) by a pattern that leaves the dots
        # to parse_money (a digit run is the same run either way), then the rest by a table
        # holding every "[ scale] unit" the single pattern takes after the digits, as
        # (exponent, currency) it reads them (exponent -1: "5 triệu trđ", for _single).
        # The one shape left is "2 tỷ 350 triệu đồng", whose rest second_part finds.
        self.head_fullmatch = _regex.compile(
            rf"(?:(?=[0-9])|({q}) )([0-9][0-9.]*)(?:,([0-9]+)|)(.*)", re.DOTALL
        ).fullmatch
        self.tails: dict[str, tuple[int, str]] = {}
        for unit in self.units:
            for rest in (unit, f" {unit}", *(f" {s} {unit}" for s in self.scales)):
                m = self.single_fullmatch("0" + rest)
                assert m is not None, rest
                _, _, _, s, _, _, read_unit = m.groups()
                exp, code = self.units[read_unit]
                if s is not None:
                    exp = -1 if exp else self.scales[s]
                self.tails[rest] = (exp, code)
        # After the digits, a scale word, a second part and the rest, which second_tails
        # reads (its scale word and unit) as the single pattern reads it: "2 tỷ 350 triệu
        # đồng". Only plain currencies take a second part.
        self.second_part = _regex.compile(rf" ({sc}) ([0-9]{{1,3}})(.*)", re.DOTALL).fullmatch
        self.second_tails: dict[str, tuple[int, str]] = {}
        for unit, (exp, code) in self.units.items():
            for scale in self.scales if exp == 0 else ():
                m = self.single_fullmatch(f"0 tỷ 1 {scale} {unit}")
                assert m is not None, (scale, unit)
                _, _, _, _, n2, s2, read_unit = m.groups()
                if n2 == "1" and self.units[read_unit][0] == 0:
                    self.second_tails[f" {scale} {unit}"] = (self.scales[s2], code)
        # Groups, in order: low bound, its scale, high bound, its scale, unit.
        self.range = _regex.compile(
            rf"(?:từ |)({_NUM})(?: ({sc})|)(?: ?- ?| đến | tới )({_NUM})"
            rf"(?: ({sc}) | ?)({units})"
        )
        self.range_fullmatch = self.range.fullmatch
        # Canonical spellings of 0-999, as the first group and after a scale word.
        self.lead: dict[str, int] = {number_to_words(g): g for g in range(1000)}
        self.full: dict[str, int] = {" ".join(_group(g, full=True)): g for g in range(1, 1000)}
        # The pattern for _words, built on first use (it takes longer than all the rest).
        self.words_fullmatch: Callable[[str], re.Match[str] | None] = self._first_words_fullmatch
        first_words = vocab.currencies.first | vocab.scaled_currency.first
        self.any_currency = _regex.compile(
            rf"(?<![^\W\d_])(?:{_alternation(first_words)})(?![^\W\d_])", re.IGNORECASE
        )
        # The same test on lowercased text, case-sensitive, is several times faster: the
        # word comes first, so the engine skips ahead to its first letters, and each word
        # checks afterwards that no letter stands before it. Lowercasing keeps every
        # currency word and every letter a letter, except for "İ", "ı" and "ſ" (which
        # IGNORECASE matches to "i" and "s"): text holding one of them takes the first test.
        words = sorted(first_words, key=lambda w: (-len(w), w))
        lowered = "|".join(rf"{re.escape(w)}(?<![^\W\d_]{re.escape(w)})" for w in words)
        self.currency_in_lower = _regex.compile(rf"(?:{lowered})(?![^\W\d_])").search
        # A character of text that normalising changes or that the test above may
        # misjudge: _needs_normalizing finds these or two spaces (test_money checks it).
        self.needs_care = _regex.compile(
            r"[^\n !-~\u00c0-\u00cf\u00d1-\u00ef\u00f1-\u012f\u0132-\u017e"
            r"\u01a0-\u01b0\u1ea0-\u1ef9\u20ab]"
        ).search
        # Every token a currency phrase can start with, in the text as it stands (each
        # letter in either case, as lowercasing reads it: no lowercased copy to make): a
        # word (a whole run of letters) or a sign ("₫"), a token of its own wherever it is.
        signs = [w for w in words if not w[0].isalnum()]
        # Each alternative opens on a letter, so the engine skips in C to the letters it
        # opens on ("(?:a|b)(?!x)" would be entered everywhere), and is entered at each.
        # A word opens on its first letter, unless that letter starts much of prose
        # (_COMMON_INITIALS): then on its second, after a look back at the first ("tr"
        # opens on "r", which Vietnamese writes after "t" or at a word's start). The
        # words of one letter share it ("đ(?:ôla…|ồng…|…)"), and each word then checks
        # that no letter follows it before that none stands before it: most "đ" of prose
        # start a longer word, which the first check rejects. A word that opens on its
        # second letter closes an empty group: the match then starts a letter late.
        by_letter: dict[str, list[tuple[str, str]]] = {}  # (look back, the rest) by letter
        for w in words:
            if w in signs:
                continue
            late = len(w) > 1 and w[0] in _COMMON_INITIALS
            rest = w[2:] if late else w[1:]
            by_letter.setdefault(w[1] if late else w[0], []).append(
                (
                    rf"(?<={_any_case(w[0])}.)" if late else "",
                    "".join(map(_any_case, rest))
                    + rf"(?![^\W\d_])(?<![^\W\d_]{'.' * len(w)})"
                    + ("()" if late else ""),
                )
            )
        letters = []
        for first, group in by_letter.items():
            back = {look for look, _ in group}
            shared = back.pop() if len(back) == 1 else ""  # one look back for all: once
            tails = [look + tail if not shared else tail for look, tail in group]
            rest = shared + (tails[0] if len(tails) == 1 else f"(?:{'|'.join(tails)})")
            letters += [re.escape(case) + rest for case in _cases(first)]
        self.finditer_currency_tokens = _regex.compile(
            "|".join([*letters, *map(re.escape, signs)]) or "(?!)", re.DOTALL
        ).finditer
        # The characters a currency phrase can start with that are no letters: a text
        # without them is matched by currency_in_lower where it has currency tokens.
        self.signs = tuple(signs)
        # Tokens that no amount holds or stands next to (see money_stretches). A full
        # stop or a comma is one only before a space (one glued to what follows matters
        # to the number after it, and "1,5" holds its comma), a full stop only where it
        # ends no "tr" ("tr. đồng"). The class leads, so the engine skips in C to the few
        # characters it holds; a full stop or a comma then checks the characters around.
        cut_signs = ";:!?()[]{}"
        cuts = _regex.compile(
            rf"[{re.escape(cut_signs)}.,]"
            r"(?:(?<=[.,])(?<![Tt][Rr]\.)(?<![Tt][Rr] \.)(?=\s)|(?<![.,]))"
        )
        self.finditer_cuts = cuts.finditer
        self.search_cuts = cuts.search
        vocab_tokens = {
            token
            for phrases in (
                vocab.currencies,
                vocab.scaled_currency,
                vocab.abbreviations,
                vocab.joiners,
                vocab.suffixes,
                _qualifiers(),
            )
            for key in phrases.table
            for token in key
        }
        assert not (set(cut_signs) & (vocab_tokens | vocab.openers | _GLUED_BEFORE)), cut_signs
        assert "," not in vocab_tokens | vocab.openers  # "," cuts wherever a space follows
        # The words an amount may hold or look back at: every other word of letters
        # stops a reading (see reading_start). (The words that make "đồng" no currency,
        # "đồng chí", are read only after a "đồng", which reading_start never passes.)
        self.amount_words: frozenset[str] = frozenset(
            {*vocab_tokens, *vocab.lexicon, *vocab.scales, *vocab.openers, *vocab.decimal_point}
        )
        # The tokens an amount can end with before its currency, besides digits.
        self.before_currency: frozenset[str] = frozenset(
            {*vocab.lexicon, *vocab.scales, *(key[-1] for key in vocab.abbreviations.table)}
        )

    def number(self, n: str, exp: int) -> Decimal | None:
        """Digits as the general reader reads them, or None to leave them to it."""
        if n.isascii() and n.isdigit():  # no marks (the patterns match ASCII digits only)
            if len(n) > MAX_DIGITS:
                return None
            return Decimal(n + "0" * exp if exp else n)
        whole, _, frac = n.partition(",")
        if "." in whole:
            if whole[0] == "0":
                return None  # "0.500": a dot after a zero is no thousands mark
            whole = whole.replace(".", "")
        elif not exp and len(frac) == 3 and len(whole) <= 3 and whole[0] != "0":
            return None  # "1,500 đồng": ambiguous
        if len(whole) + len(frac) > MAX_DIGITS:
            return None
        return scaled_decimal(whole, frac, exp)

    def read(self, text: str) -> Money | MoneyRange | None:
        """The amount in ``text`` if it has one of the fast shapes, else None."""
        low = text.lower()
        m = self.single_fullmatch(low)
        if m is not None:
            return self._single(m)
        return self.read_other(low)

    def read_other(self, low: str) -> Money | MoneyRange | None:
        """:meth:`read` for lowercased text that is no single amount of the fast shape."""
        if "-" in low or "đến" in low or "tới" in low:
            m = self.range.fullmatch(low)
            if m is not None:
                return self._range(m)
        return self._words(low)

    def money_stretches(self, text: str) -> list[tuple[int, int, int]]:
        """The stretches of ``text`` that may hold amounts; :func:`find_money` reads only those.

        Each is (start, end, where the currency word that keeps it starts).

        ``text`` is cut at tokens no amount can hold or stand next to (";", ":", brackets,
        a comma before a space, a full stop before a space that ends no "tr."): an amount
        never spans one, and reading a stretch alone gives what reading the whole gives
        there. A stretch is kept when a currency word in it stands right after a token an
        amount can end with (see :meth:`_after_amount`).
        """
        if "İ" in text or "ı" in text or "ſ" in text:
            return [] if self.any_currency.search(text) is None else [(0, len(text), 0)]
        # Without a currency sign, the currency tokens below are the matches of
        # currency_in_lower: a text without them keeps nothing, with no search first. (A
        # sign has no case: it is in the text where it is in its lowercase.)
        if (
            any(sign in text for sign in self.signs)
            and self.currency_in_lower(text.lower()) is None
        ):
            return []
        kept: list[tuple[int, int, int]] = []
        for m in self.finditer_currency_tokens(text):
            at = m.start()
            if m.lastindex:  # the word opened on its second letter: it starts one before
                at -= 1
            if (kept and at < kept[-1][1]) or not self._after_amount(text, at):
                continue
            # The cuts around the word: the last before it (from the previous stretch's
            # end, itself a cut) and the first after it.
            start = self._last_cut(text, kept[-1][1] if kept else 0, at) + 1
            after = self.search_cuts(text, at)
            kept.append((start, len(text) if after is None else after.start(), at))
        return kept

    def reading_start(self, text: str, start: int, at: int) -> int:
        """Where reading the stretch of ``text`` from ``start`` may begin, the currency
        word that keeps it being at ``at``: after the last word before ``at`` that no
        amount holds or looks back at ("bố trí 24,7 tỷ đồng" is read from "24,7").

        An amount ends with a currency word after a token that can end an amount, and
        the stretch has none before ``at`` (money_stretches passed over any other): a
        reading that starts before the word fails unless it reaches past it, and none
        does, as no number, scale, currency, joiner or hedge is such a word. Amounts
        after it look back at most to it ("trên", "từ"), and it is none of those: reading
        from the token after it finds what reading the whole stretch finds there. The
        word is a whole token between single spaces, all letters.
        """
        space = text.rfind(" ", start, at)
        amount_words = self.amount_words
        while space > start:
            before = text.rfind(" ", start, space)
            word = text[before + 1 if before >= 0 else start : space]
            if word.isalpha() and word.lower() not in amount_words:
                return space + 1
            space = before
        return start

    def whole_amount(self, text: str) -> tuple[Money | MoneyRange, int, int] | None:
        """``text``, a stretch from its reading start, as one amount of the single or the
        range shape ("[hedge ]digits[ scale] unit", "[từ ]digits-digits[ scale] unit", what
        parse_money reads by ``single`` and ``range``), with at most a full stop after it:
        (value, start, end), or None to leave it to :func:`_find_in`.

        _find_in reads it so: the hedge's words read as no amount before the digits, the
        digits as what parse_money reads in the same tokens, with nothing after it to
        join a range, a hedge or a longer currency, and the hedge before it as the longest
        that ends there (the whole hedge, which the pattern takes from the start; a range
        takes "từ" only). A full stop after it is a token that starts nothing.
        tests/test_money.py compares both.
        """
        stop = len(text.rstrip())
        if text[stop - 1 : stop] == ".":
            stop -= 1
        start = len(text) - len(text.lstrip())
        low = text[start:stop].lower()
        value: Money | MoneyRange | None = None
        m = self.single_fullmatch(low)
        if m is not None:
            value = self._single(m)
        elif "-" in low or "đến" in low or "tới" in low:
            m = self.range_fullmatch(low)
            if m is not None:
                value = self._range(m)
        return None if value is None else (value, start, stop)

    def _last_cut(self, text: str, floor: int, at: int) -> int:
        """Where the last cut in ``text[floor:at]`` is (-1: none), ``at`` not being one.

        Searched in windows that grow back from ``at``, not from ``floor`` on: a report
        holds many cuts (every comma before a space), and a stretch is short. A cut is one
        character, told by the characters around it, which a search from any place reads
        as a search from the start does (``at + 1`` lets a full stop just before ``at`` see
        the character after it)."""
        width = 64
        while True:
            lo = max(floor, at - width)
            last = -1
            for cut in self.finditer_cuts(text, lo, at + 1):
                last = cut.start()
            if last >= 0 or lo == floor:
                return last
            width *= 4

    def _after_amount(self, text: str, at: int) -> bool:
        """Whether the token before the currency word at ``at`` can end an amount."""
        end = at  # where the token before the currency word ends
        if end and text[end - 1] == " ":
            end -= 1
        if not end:
            return False
        char = text[end - 1]
        if char.isdecimal():
            return True  # digits
        if char.isspace():
            return False  # a wider gap: not "near"
        if not char.isalnum():
            return char in self.before_currency
        start = end - 1
        while start and text[start - 1].isalnum() and not text[start - 1].isdecimal():
            start -= 1
        word = text[start:end]
        before_ok = self.before_currency
        return not word[0].isalpha() or word.lower() in before_ok or word in before_ok

    def no_currency(self, text: str, low: str | None = None) -> bool:
        """True when no currency word can be in ``text`` (so it is certainly not money).

        ``low`` is ``text.lower()`` when the caller has it already.
        """
        if "İ" in text or "ı" in text or "ſ" in text:
            return self.any_currency.search(text) is None
        return self.currency_in_lower(text.lower() if low is None else low) is None

    def _single(self, m: re.Match[str]) -> Money | None:
        # One flat function: this is the path most amounts take.
        q, whole, frac, s, n2, s2, unit = m.groups()
        exp, code = self.units[unit]
        if s is not None:
            if exp:
                return None  # "5 triệu trđ"
            exp = self.scales[s]
        if "." in whole:
            if whole[0] == "0":
                return None  # "0.500": a dot after a zero is no thousands mark
            whole = whole.replace(".", "")
        if frac is None:
            if len(whole) > MAX_DIGITS:
                return None
            value = Decimal(whole + "0" * exp if exp else whole)
        else:
            size = len(frac)
            if len(whole) + size > MAX_DIGITS:
                return None
            if size <= exp:
                value = Decimal(whole + frac + "0" * (exp - size))
            elif not exp and size == 3 and len(whole) <= 3 and whole[0] != "0":
                return None  # "1,500 đồng": ambiguous
            else:
                rest = frac[exp:].rstrip("0")
                value = Decimal(f"{whole}{frac[:exp]}.{rest}" if rest else whole + frac[:exp])
        if n2 is not None:
            exp2 = self.scales[s2]
            part = int(n2) * 10**exp2
            if part >= 10**exp:
                return None
            value += part
        money = _new(Money)
        _set_amount(money, value)
        _set_currency(money, code)
        _set_qualifier(money, self.qualifier_of[q])
        return money

    def two_parts(
        self, q: str | None, whole: str, frac: str | None, second: re.Match[str]
    ) -> Money | None:
        """:meth:`_single` of "[qualifier ]digits scale digits scale unit", whose head
        parse_money has read (``second`` is ``second_part``'s match of the rest), or None
        to leave it to _single (decimals, marks, a second part too large …)."""
        scale, digits, rest = second.groups()
        tail = self.second_tails.get(rest)
        if tail is None or frac is not None or not whole.isdigit() or len(whole) > MAX_DIGITS:
            return None
        exp2, code = tail
        exp = self.scales[scale]
        part = int(digits) * _POW10[exp2]
        if part >= _POW10[exp]:
            return None
        value = Decimal(whole + _ZEROS[exp])
        value += part  # as _single adds it (in the context's precision)
        money = _new(Money)
        _set_amount(money, value)
        _set_currency(money, code)
        _set_qualifier(money, self.qualifier_of[q])
        return money

    def _range(self, m: re.Match[str]) -> MoneyRange | None:
        lo, ls, hi, hs, unit = m.groups()
        exp, code = self.units[unit]
        if hs is not None:
            if exp:
                return None
            exp = self.scales[hs]
        low_exp = self.scales[ls] if ls else exp
        # Plain digits (the common case) inline; anything with marks by number(). The
        # pattern holds ASCII digits and marks only.
        high: Decimal | None
        low: Decimal | None
        if hi.isdigit() and len(hi) <= MAX_DIGITS:
            high = Decimal(hi + _ZEROS[exp])
        else:
            high = self.number(hi, exp)
        if lo.isdigit() and len(lo) <= MAX_DIGITS:
            low = Decimal(lo + _ZEROS[low_exp])
        else:
            low = self.number(lo, low_exp)
        if high is None or low is None or low > high:
            return None
        low_money = _new(Money)
        _set_amount(low_money, low)
        _set_currency(low_money, code)
        _set_qualifier(low_money, _EXACT)
        high_money = _new(Money)
        _set_amount(high_money, high)
        _set_currency(high_money, code)
        _set_qualifier(high_money, _EXACT)
        money_range = _new(MoneyRange)
        _set_low(money_range, low_money)
        _set_high(money_range, high_money)
        return money_range

    def _first_words_fullmatch(self, low: str) -> re.Match[str] | None:
        """Build the pattern for :meth:`words`, put it in place, and match ``low``.

        What _words reads, as one pattern: a qualifier of one or two words, a first group,
        up to three scale words each with the group after it (the scales must fall, so
        there are no more), and a currency of one word, or of three whose last word is no
        currency ("đô la mỹ"). Groups: qualifier, first group, (scale, group) three times,
        currency.
        """
        global _words_fullmatch
        word_scales = [w for w in self.scales if " " not in w]
        ones = [c for c in self.currencies if " " not in c]
        threes = [c for c in self.currencies if c.count(" ") == 2 and c.split(" ")[2] not in ones]
        short_qualifiers = [w for w in self.qualifiers if w.count(" ") < 2]
        sw, full = _alternation(word_scales), _alternation(self.full)
        fullmatch = _regex.compile(
            rf"(?:({_alternation(short_qualifiers)}) |)({_alternation(self.lead)})"
            rf"(?: ({sw})(?: ({full})(?: ({sw})(?: ({full})(?: ({sw})(?: ({full})|)|)|)|)|)|)"
            rf" ({_alternation(ones + threes)})"
        ).fullmatch
        self.words_fullmatch = _words_fullmatch = fullmatch
        return fullmatch(low)

    def words(self, low: str) -> Money | None:
        """:meth:`_words`, by one pattern: ``words_fullmatch`` matches every text that
        _words reads, the same way (tests/test_money.py checks it)."""
        m = self.words_fullmatch(low)
        return None if m is None else self.words_read(m)

    def words_read(self, m: re.Match[str]) -> Money | None:
        """:meth:`_words` of ``m.string``, which ``words_fullmatch`` matched as ``m``."""
        q, value_words, s1, g1, s2, g2, s3, g3, currency = m.groups()
        value: int | None = self.lead[value_words]
        total = 0
        if s1 is not None:
            last = 99
            for scale, group in ((s1, g1), (s2, g2), (s3, g3)):
                if scale is None:
                    break
                exp = self.scales[scale]
                if not value or exp >= last:
                    return self._words(m.string)  # refused there ("không nghìn", "nghìn triệu")
                total += value * _POW10[exp]
                last = exp
                value = None if group is None else self.full[group]
                if value is None:
                    break
        if value is not None:
            total += value
        money = _new(Money)
        _set_amount(money, Decimal(total))
        _set_currency(money, self.currencies[currency])
        _set_qualifier(money, _EXACT if q is None else self.qualifiers[q])
        return money

    def _words(self, low: str) -> Money | None:
        """ "[qualifier] <canonical spelled number> <currency>", read by table lookups."""
        words = low.split(" ")
        code = self.currencies.get(words[-1])
        cut = 1
        if code is None and len(words) > 3:
            code = self.currencies.get(" ".join(words[-3:]))  # "đô la mỹ"
            cut = 3
        if code is None:
            return None
        del words[-cut:]
        qualifier = _EXACT
        if words and words[0] in self.qualifier_starts:
            if len(words) > 2 and f"{words[0]} {words[1]}" in self.qualifiers:
                qualifier = self.qualifiers[f"{words[0]} {words[1]}"]
                del words[:2]
            elif words[0] in self.qualifiers:
                qualifier = self.qualifiers[words[0]]
                del words[0]
        # The groups of words between scale words: words[start:i] before the scale word i.
        scales = self.scales
        total = 0
        last = 99
        start = 0
        table = self.lead
        for i, word in enumerate(words):
            if word in scales:
                exp = scales[word]
                value = table.get(" ".join(words[start:i]))
                if not value or exp >= last:
                    return None
                total += value * 10**exp
                last, start, table = exp, i + 1, self.full
        if start < len(words):
            value = table.get(" ".join(words[start:]))
            if value is None:
                return None
            total += value
        elif last == 99:
            return None
        money = _new(Money)
        _set_amount(money, Decimal(total))
        _set_currency(money, code)
        _set_qualifier(money, qualifier)
        return money


_FAST: _Fast | None = None  # built on first use; ``_FAST or _fast()`` reads it


def _first_head_fullmatch(text: str) -> re.Match[str] | None:
    """Stands in for ``_head_fullmatch`` until the tables are built (by this first call)."""
    return _fast().head_fullmatch(text)


def _unbuilt(text: str) -> re.Match[str] | None:  # pragma: no cover - never called
    raise AssertionError("the fast-path tables are not built")


# What parse_money reads of the tables, as module globals: an attribute of _Fast that holds
# a bound method costs a slow lookup at every call, a global does not. The patterns other
# than the head are only read once _fast() has run, which sets them all.
_head_fullmatch: Callable[[str], re.Match[str] | None] = _first_head_fullmatch
_tails: dict[str, tuple[int, str]] = {}
_qualifier_of: dict[str | None, Qualifier] = {}
_single_fullmatch: Callable[[str], re.Match[str] | None] = _unbuilt
_second_part: Callable[[str], re.Match[str] | None] = _unbuilt
_range_fullmatch: Callable[[str], re.Match[str] | None] = _unbuilt
_words_fullmatch: Callable[[str], re.Match[str] | None] = _unbuilt
_currency_in_lower: Callable[[str], re.Match[str] | None] = _unbuilt
_needs_care: Callable[[str], re.Match[str] | None] = _unbuilt


def _fast() -> _Fast:
    global _FAST, _head_fullmatch, _tails, _qualifier_of, _single_fullmatch, _second_part
    global _range_fullmatch, _words_fullmatch, _currency_in_lower, _needs_care
    if _FAST is None:
        _FAST = fast = _Fast()
        _head_fullmatch = fast.head_fullmatch
        _tails = fast.tails
        _qualifier_of = fast.qualifier_of
        _single_fullmatch = fast.single_fullmatch
        _second_part = fast.second_part
        _range_fullmatch = fast.range_fullmatch
        _words_fullmatch = fast.words_fullmatch
        _currency_in_lower = fast.currency_in_lower
        _needs_care = fast.needs_care
    return _FAST


# "0" * n for every exponent the fast path meets (it leaves longer numbers alone).
_ZEROS = tuple("0" * n for n in range(MAX_DIGITS + 1))
_POW10 = tuple(10**n for n in range(MAX_DIGITS + 1))


_NO_CURRENCY = "no currency: a number without a currency is not money"
_new_error = InvalidMoneyError.__new__
_NO_CURRENCY_FIELDS: dict[str, object] = {
    "text": "",
    "position": 0,
    "kind": InvalidMoneyError.default_kind,
    "reason": _NO_CURRENCY,
    "suggestions": (),
}


def _no_currency(text: str, ntext: str) -> InvalidMoneyError:
    """The error for ``text`` (normalised: ``ntext``) when it holds no currency word.

    It is ``InvalidMoneyError(text, lead, reason=_NO_CURRENCY, suggestions=…)``, built
    as ``ParseError.__init__`` builds it (the same ``args``, the same attributes in the
    same order) in a third of the time: most strings that are not money end here, and
    few errors are ever shown. tests/test_money.py checks that both give the same error.
    """
    # Where the text starts, after any space (at most len(text): no clamping needed).
    lead = len(text) - len(text.lstrip()) if text[:1].isspace() else 0
    core = ntext.strip()
    # A bare number holds nothing but these characters: the pattern decides the few that do.
    if core.strip("-0123456789.,") or _BARE_NUMBER.fullmatch(core) is None:
        suggestions: tuple[str, ...] = ()
    else:
        suggestions = (f"{text.strip()} đồng",)
    err = _new_error(InvalidMoneyError, text, lead)
    fields = _NO_CURRENCY_FIELDS.copy()  # the attributes, in ParseError.__init__'s order
    fields["text"] = text
    fields["position"] = lead
    fields["suggestions"] = suggestions
    err.__dict__ = fields
    return err


def parse_money(text: str, *, strict: bool = False) -> Money | MoneyRange:
    """Read one amount of money written in Vietnamese.

    Reads digits ("215.470.000 đồng", "500.000đ", "38,75 triệu đồng", "2,306 tỷ đồng",
    "2 tỷ 350 triệu đồng", "120 nghìn tỷ đồng", "7,5 trđ"), words ("Ba mươi tám triệu bảy
    trăm năm mươi nghìn đồng"), hedges ("trên 1,5 tỷ đồng" is ``Qualifier.GT`` of the
    stated 1,5 tỷ) and ranges ("5-7 triệu đồng", "từ 5 đến 7 triệu đồng") as a
    :class:`~khcn.model.money.MoneyRange`. A hedge before a range other than "từ" is
    dropped: the range already bounds the amount.

    Digits follow :func:`khcn.parse_number`'s rule (with ``strict`` likewise). One more
    rule for money: an amount with no scale word and exactly three digits after a comma
    ("1,500 đồng") is refused, since đồng has no subunit in use and English style would
    read it as 1500.

    Args:
        text: the amount, e.g. ``"38,75 triệu đồng"``.
        strict: accept Vietnamese digit style only.

    Returns:
        A :class:`~khcn.model.money.Money`, or a :class:`~khcn.model.money.MoneyRange`
        for two bounds.

    Raises:
        InvalidMoneyError: the text is not exactly one amount of money (a bare number,
            "07 cơ sở", "năm 2023", digits that break the rule); it names the position.

    >>> from khcn import parse_money
    >>> parse_money("38,75 triệu đồng")
    Money(amount=Decimal('38750000'), currency='VND', qualifier=<Qualifier.EXACT: 'exact'>)
    >>> parse_money("trên 1,5 tỷ đồng").qualifier.value, parse_money("500.000 VNĐ").amount
    ('gt', Decimal('500000'))
    >>> r = parse_money("5 – 7 tr.đ")
    >>> r.low.amount, r.high.amount
    (Decimal('5000000'), Decimal('7000000'))
    >>> parse_money("Ba mươi tám triệu bảy trăm năm mươi nghìn đồng").amount
    Decimal('38750000')
    >>> parse_money("38,75")
    Traceback (most recent call last):
    ...
    khcn.errors.InvalidMoneyError: cannot read money '38,75' at position 0: no currency: ...
    """
    # A fast-path match holds only NFC vocabulary, ASCII digits and single spaces, so
    # the raw text reads as its normalised form would. Each step below reads what the
    # single, range and words patterns of _Fast read, in that order (the shapes exclude
    # each other), only sooner; whatever a step does not settle goes on as if it had not
    # been tried. tests/test_money.py checks the steps against those patterns.
    value: Money | MoneyRange | None
    # The commonest shape, as the text stands: "[qualifier ]digits[,decimals]" and a tail
    # "[ scale] unit" that a table reads (_Fast.tails); ``m`` is then the single pattern's
    # match, if any.
    try:
        m = _head_fullmatch(text)
    except Exception:  # not a str (the pattern takes every str): refused below
        m = None
    if m is not None:
        q, whole, frac, rest = m.groups()
        tail = _tails.get(rest)
        if tail is not None:
            exp, code = tail
            if "." in whole:
                digits = whole.replace(".", "")
                # Groups of three after the first: a dot every fourth place from the end.
                # Not after a zero ("0.500" is no thousands mark).
                if whole[-4::-4] != "." * (len(whole) - len(digits)) or whole[0] == "0":
                    exp = -1
                whole = digits
            if frac is not None:
                size = len(frac)
                if size <= exp:  # "38,75 triệu": the decimals are whole digits
                    whole += frac
                    exp -= size
                else:
                    exp = -1
            if exp >= 0 and len(whole) <= MAX_DIGITS:
                money = _new(Money)
                _set_amount(money, Decimal(whole + _ZEROS[exp]))
                _set_currency(money, code)
                _set_qualifier(money, _qualifier_of[q])
                return money
            m = _single_fullmatch(text)  # a judgement to make: _Fast._single
        elif (second := _second_part(rest)) is not None:  # "2 tỷ 350 triệu đồng"
            fast = _FAST or _fast()
            value = fast.two_parts(q, whole, frac, second)
            if value is not None:
                return value
            m = _single_fullmatch(text)
            if m is not None:
                value = fast._single(m)
                if value is not None:
                    return value
        else:
            # No single amount. A range as the text stands: read_other would read it (on
            # text that lowercasing leaves as it is).
            if "-" in rest or "đến" in rest or "tới" in rest:
                m = _range_fullmatch(text)
                if m is not None:
                    value = (_FAST or _fast())._range(m)
                    if value is not None:
                        return value
            m = None
    if not isinstance(text, str):
        raise TypeError(f"parse_money needs a str, not {type(text).__name__}")
    # The single pattern holds lowercase text only, which lowercasing leaves as it is, and
    # units in capitals, which lowercasing turns into units: text that matches as it
    # stands reads as its lowercased form would. Only text that fails and has capitals is
    # lowercased and tried again.
    low = text
    if m is None:
        low = text.lower()
        if low != text:
            # Spelled amounts come capitalised ("Ba mươi …"): their pattern first, as it
            # holds no digit, which every other shape does.
            words = _words_fullmatch(low)
            if words is not None:
                value = (_FAST or _fast()).words_read(words)
                if value is not None:
                    return value
            m = _single_fullmatch(low)
    fast = _FAST or _fast()
    if m is not None:
        value = fast._single(m)
        if value is not None:
            return value
        low = text.lower()  # a unit in capitals may have matched as it stands
    else:
        if low[-1:] in fast.last_chars:  # the other shapes end with a unit too
            # fast.read_other(low), inline (words were tried above on text with capitals).
            if "-" in low or "đến" in low or "tới" in low:
                m = _range_fullmatch(low)
            if m is not None:
                value = fast._range(m)
                if value is not None:
                    return value
            elif low == text:
                value = fast.words(low)
                if value is not None:
                    return value
        if _currency_in_lower(low) is None and not ("  " in text or _needs_care(text)):
            # No currency word, and the text is its own normal form: not money.
            raise _no_currency(text, text)
    norm: NormalizedText | None = None
    ntext = text
    if _needs_normalizing(text):
        norm = normalize_with_map(text)
        ntext = norm.text
        if ntext != text:
            value = fast.read(ntext)
            if value is not None:
                return value
            low = ntext.lower()
    if fast.no_currency(ntext, low):
        # No currency word anywhere: whatever else it is, it is not money.
        raise _no_currency(text, ntext)
    toks = _Tokens(ntext)
    try:
        return _read_money(toks, strict=strict)
    except ParseError as err:
        where = _Unchanged(text) if norm is None else norm
        raise _in_original(err, where, InvalidMoneyError) from None


def find_money(text: str) -> list[Match[Money | MoneyRange]]:
    """Every amount of money in running text, in text order.

    Offsets are into the caller's own string (before normalising). The match text
    includes a hedge ("trên 1,5 tỷ đồng") and a range's "từ". Numbers without a currency
    ("07 cơ sở", "năm 2023"), identifiers ("Quyết định 138/QĐ-UBND"), "đồng" starting
    another word ("02 đồng chí") and anything :func:`parse_money` would refuse are skipped.

    Never raises on a ``str``.

    >>> from khcn import find_money
    >>> text = "xử phạt 07 cơ sở, tổng số tiền 38,75 triệu đồng; phạt từ 4-8 triệu đồng"
    >>> [(m.text, m.start, m.end) for m in find_money(text)]
    [('38,75 triệu đồng', 31, 47), ('từ 4-8 triệu đồng', 54, 71)]
    """
    # The caller's other readers normalise the same text (dates, periods): the cached
    # normal form is theirs too. A text _needs_normalizing passes is its own normal form
    # either way (tests/test_money.py checks that too).
    norm = normalize_with_map(text)
    ntext = norm.text
    fast = _FAST or _fast()
    found: list[Match[Money | MoneyRange]] = []
    for start, end, at in fast.money_stretches(ntext):
        start = fast.reading_start(ntext, start, at)
        stretch = ntext[start:end]
        whole = fast.whole_amount(stretch)  # most stretches hold one amount, as it reads
        if whole is None:
            _find_in(stretch, start, norm, found)
        else:
            value, lead, stop = whole
            first, last = norm.span(start + lead, start + stop)
            found.append(Match(value, first, last, norm.original[first:last]))
    return found


def _find_in(
    text: str,
    shift: int,
    norm: NormalizedText | _Unchanged,
    found: list[Match[Money | MoneyRange]],
) -> None:
    """Append the amounts of ``text``, a stretch of ``norm.text`` starting at ``shift``."""
    toks = _Tokens(text)
    vocab = _vocab()
    lex = vocab.lexicon
    qualifiers = _qualifiers()
    floor = 0  # token index after the last match
    words, kinds, near = toks.words, toks.kinds, toks.near
    n = toks.n

    def attempt(i: int) -> int | None:
        try:
            hit = _money_at(toks, i, strict=False)
        except ParseError:
            return None
        if hit is None:
            return None
        value, end = hit
        first = i
        if isinstance(value, MoneyRange):
            if i - 1 >= floor and near[i] and words[i - 1] in vocab.openers:
                first = i - 1
        else:
            before = qualifiers.before(toks, i, floor)
            if before is not None:
                value = _with_qualifier(value, before[0])
                first = before[1]
        value, end = _suffix(toks, value, end)
        start, stop = norm.span(shift + toks.starts[first], shift + toks.ends[end - 1])
        found.append(Match(value, start, stop, norm.original[start:stop]))
        return end

    i = 0
    while i < n:
        kind = kinds[i]
        if kind == NUM and _number_ok_at(toks, i):
            end = attempt(i)
            if end is not None:
                i = floor = end
                continue
        elif kind == WORD and words[i] in lex:
            run_end = i + 1
            while run_end < n and near[run_end] and words[run_end] in lex:
                run_end += 1
            s = i
            end = None
            while s < run_end:
                best, failure = _read_spelled(words, s, min(run_end, s + _SPELLED_WINDOW))
                if failure is not None and failure.ambiguous:
                    s = failure.index + 1
                    continue
                if best is None:
                    s += 1
                    continue
                end = attempt(s)
                if end is not None:
                    break
                s = best[1]
            if end is not None:
                i = floor = end
            else:
                i = run_end
            continue
        i += 1
