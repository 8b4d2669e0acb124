"""Time ``khcn.parse_money`` against price-parser and against a bare regex (the floor).

Run from the repository root::

    .venv/bin/python benchmarks/bench_money.py

One run draws a few thousand distinct, real-looking Vietnamese amounts (every form
reports use, hedged amounts, ranges, words) and some strings that are not money, then
times, on the same strings:

* ``khcn.parse_money(s)`` (a ``ParseError`` for non-money is caught and counted);
* ``price_parser.Price.fromstring(s, decimal_separator=",")``;
* ``re.compile(r"\\d+[.,/]?\\d*").search(s)``: not a parser, only the floor.

It prints the time per string, the ratios, and how many strings each reads correctly
(amount, qualifier and both bounds must match; a non-money string is read correctly when
it is refused; price-parser is granted its amount alone, and the regex its digits read
Vietnamese style). Targets: at least 3x faster than price-parser, within 10x of the regex.
"""

from __future__ import annotations

import random
import re
import sys
import time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from price_parser import Price

import khcn
from khcn import Money, MoneyRange, ParseError, Qualifier
from khcn.vi.number_style import format_number

if TYPE_CHECKING:
    from collections.abc import Callable

SEED = 20231009
COUNT = 4000
REPEATS = 9

Expected = Money | MoneyRange | None


def _amount(rng: random.Random, digits: int) -> int:
    return rng.randrange(1, 10**digits)


def _forms(rng: random.Random) -> tuple[str, Expected]:
    kind = rng.randrange(15)
    if kind == 0:  # "38,75 triệu đồng"
        cents = _amount(rng, 5)
        m = Decimal(cents).scaleb(-2)
        return f"{format_number(m)} triệu đồng", Money(m * 10**6)
    if kind == 1:  # "215.470.000 đồng"
        n = _amount(rng, 10) * 1000
        return f"{format_number(n)} đồng", Money(n)
    if kind == 2:  # "2,306 tỷ đồng", "1,2 tỉ đồng"
        m = Decimal(_amount(rng, 4)).scaleb(-3)
        word = rng.choice(["tỷ", "tỉ"])
        return f"{format_number(m)} {word} đồng", Money(m * 10**9)
    if kind == 3:  # "500.000đ", "500.000 VNĐ", "500.000 VND"
        n = _amount(rng, 7) * 1000
        unit = rng.choice(["đ", " đ", " VNĐ", " VND", " ₫"])
        return f"{format_number(n)}{unit}", Money(n)
    if kind == 4:  # "2 tỷ 350 triệu đồng"
        a, b = rng.randrange(1, 100), rng.randrange(1, 1000)
        return f"{a} tỷ {b} triệu đồng", Money(a * 10**9 + b * 10**6)
    if kind == 5:  # "7,5 trđ", "5 tr.đ"
        m = Decimal(_amount(rng, 3)).scaleb(-1)
        unit = rng.choice(["trđ", "tr.đ", "tr đồng"])
        return f"{format_number(m)} {unit}", Money(m * 10**6)
    if kind == 6:  # hedged
        words = {
            "trên": Qualifier.GT,
            "hơn": Qualifier.GT,
            "khoảng": Qualifier.APPROX,
            "gần": Qualifier.LT_APPROX,
            "dưới": Qualifier.LT,
            "tối đa": Qualifier.LE,
            "ít nhất": Qualifier.GE,
        }
        word = rng.choice(list(words))
        m = Decimal(_amount(rng, 2)).scaleb(-1)
        return f"{word} {format_number(m)} tỷ đồng", Money(m * 10**9, qualifier=words[word])
    if kind == 7:  # ranges
        low = rng.randrange(1, 50)
        high = low + rng.randrange(1, 50)
        text = rng.choice(["{} - {} triệu đồng", "từ {} đến {} triệu đồng", "{}-{} tr.đ"])
        return text.format(low, high), MoneyRange(Money(low * 10**6), Money(high * 10**6))
    if kind == 8:  # words
        n = _amount(rng, 3) * 10 ** rng.choice([3, 6])
        return Money(n).to_words(), Money(n)
    if kind == 9:  # "500 nghìn đồng", "500 ngàn đồng"
        n = _amount(rng, 3)
        return f"{n} {rng.choice(['nghìn', 'ngàn'])} đồng", Money(n * 1000)
    if kind == 10:  # "120 nghìn tỷ đồng"
        n = _amount(rng, 3)
        return f"{n} nghìn tỷ đồng", Money(n * 10**12)
    if kind == 11:  # USD
        n = _amount(rng, 6)
        return f"{format_number(n)} USD", Money(n, "USD")
    # Not money: counts, years, document numbers, percentages.
    n = rng.randrange(1, 100)
    text = rng.choice(
        [
            f"{n:02d} cơ sở",
            f"năm {rng.randrange(1990, 2030)}",
            f"Quyết định {rng.randrange(1, 3000)}/QĐ-UBND",
            f"{n},{rng.randrange(10)}%",
            f"{n:02d} văn bản",
            f"{n} nhiệm vụ",
        ]
    )
    return text, None


def cases() -> list[tuple[str, Expected]]:
    """Distinct strings and what a perfect reader gives for each."""
    rng = random.Random(SEED)
    seen: dict[str, Expected] = {}
    while len(seen) < COUNT:
        text, value = _forms(rng)
        seen.setdefault(text, value)
    return list(seen.items())


def khcn_read(text: str) -> Any:
    try:
        return khcn.parse_money(text)
    except ParseError:
        return None


def price_read(text: str) -> Any:
    return Price.fromstring(text, decimal_separator=",").amount


_FLOOR = re.compile(r"\d+[.,/]?\d*").search


def floor_read(text: str) -> Any:
    return _FLOOR(text)


def _floor_amount(match: re.Match[str] | None) -> Decimal | None:
    if match is None:
        return None
    digits = match.group().replace(".", "").replace(",", ".").replace("/", "")
    try:
        return Decimal(digits)
    except ArithmeticError:  # pragma: no cover
        return None


def _amount_of(value: Expected) -> Decimal | None:
    return value.amount if isinstance(value, Money) else None


def time_all(readers: list[Callable[[str], Any]], texts: list[str]) -> list[float]:
    """Best of REPEATS for each reader, in seconds per string.

    The readers take turns in every round, so that a busy machine slows them alike.
    """
    best = [float("inf")] * len(readers)
    for _ in range(REPEATS):
        for k, func in enumerate(readers):
            start = time.perf_counter()
            for text in texts:
                func(text)
            best[k] = min(best[k], time.perf_counter() - start)
    return [b / len(texts) for b in best]


def main() -> int:
    data = cases()
    texts = [t for t, _ in data]
    for text in texts[:200]:  # warm the lazily loaded vocabularies of every reader
        khcn_read(text)
        price_read(text)

    right_khcn = sum(khcn_read(t) == v for t, v in data)
    right_price = sum(price_read(t) == _amount_of(v) for t, v in data)
    right_floor = sum(_floor_amount(floor_read(t)) == _amount_of(v) for t, v in data)

    t_khcn, t_price, t_floor = time_all([khcn_read, price_read, floor_read], texts)

    n = len(data)
    money = sum(v is not None for _, v in data)
    print(f"{n} distinct strings ({money} amounts of money, {n - money} not money)")
    print(f"{'reader':<28}{'µs/string':>10}{'correct':>12}")
    for name, t, right in (
        ("khcn.parse_money", t_khcn, right_khcn),
        ("price_parser.Price", t_price, right_price),
        ("bare regex (floor)", t_floor, right_floor),
    ):
        print(f"{name:<28}{t * 1e6:>10.2f}{right:>7}/{n}")
    speedup = t_price / t_khcn
    floor_ratio = t_khcn / t_floor
    print(f"price-parser / khcn : {speedup:.1f}x  (target >= 3x)")
    print(f"khcn / bare regex   : {floor_ratio:.1f}x  (target <= 10x)")
    return 0 if speedup >= 3 and floor_ratio <= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
