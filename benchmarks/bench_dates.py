"""parse_date against dateparser and dateutil on the Vietnamese forms reports use.

Run: ``.venv/bin/python benchmarks/bench_dates.py``

One run over the same strings for every parser. dateparser is used at its best: one
``DateDataParser(languages=["vi"])`` built once (not timed), then ``get_date_data`` per
string. dateutil is ``dateutil.parser.parse(s, dayfirst=True)``. A result counts as correct
only when it is the expected calendar day; an exception or ``None`` counts as wrong.
Each parser reads the whole list ``ROUNDS`` times and the best round is reported.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
import warnings
from typing import TYPE_CHECKING

import dateparser
import dateutil.parser

from khcn import parse_date

if TYPE_CHECKING:
    from collections.abc import Callable

D = dt.date

# Every string carries its year, so that no parser can be right by guessing today's.
CASES: list[tuple[str, dt.date]] = [
    ("ngày 09 tháng 10 năm 2023", D(2023, 10, 9)),
    ("Sáng ngày 09 tháng 10 năm 2023", D(2023, 10, 9)),
    ("Chiều ngày 3 tháng 4 năm 2022", D(2022, 4, 3)),
    ("Thứ Năm, ngày 16/01/2020", D(2020, 1, 16)),
    ("09/10/2023", D(2023, 10, 9)),
    ("9/10/2023", D(2023, 10, 9)),
    ("09-10-2023", D(2023, 10, 9)),
    ("09.10.2023", D(2023, 10, 9)),
    ("(15/01/2018)", D(2018, 1, 15)),
    ("ngày 18/01/2023", D(2023, 1, 18)),
    ("Ngày 24/6/2021", D(2021, 6, 24)),
    ("ngày 5 tháng Mười Hai năm 2022", D(2022, 12, 5)),
    ("ngày 1 tháng Giêng năm 2024", D(2024, 1, 1)),
    ("mùng 5 tháng 3 năm 2021", D(2021, 3, 5)),
    ("ngày mười lăm tháng 8 năm 2020", D(2020, 8, 15)),
    ("ngày 2 tháng Tư năm 2022", D(2022, 4, 2)),
    ("09/10/23", D(2023, 10, 9)),
    ("2023-10-09", D(2023, 10, 9)),
    ("Chủ nhật, 15/10/2023", D(2023, 10, 15)),
    ("ngày 5/3/2021", D(2021, 3, 5)),
    ("ngày 12/11/2018", D(2018, 11, 12)),
    ("chiều 24/6/2021", D(2021, 6, 24)),
]
ROUNDS = 5


def _khcn(text: str) -> dt.date | None:
    return parse_date(text)


_DP = dateparser.date.DateDataParser(languages=["vi"])


def _dateparser(text: str) -> dt.date | None:
    found = _DP.get_date_data(text).date_obj
    return found.date() if found is not None else None


def _dateutil(text: str) -> dt.date | None:
    return dateutil.parser.parse(text, dayfirst=True).date()


def _run(func: Callable[[str], dt.date | None]) -> tuple[int, float]:
    correct = 0
    for text, expected in CASES:
        with contextlib.suppress(Exception):  # a peer failing is a wrong answer
            correct += func(text) == expected
    best = float("inf")
    for _ in range(ROUNDS):
        began = time.perf_counter()
        for text, _expected in CASES:
            with contextlib.suppress(Exception):
                func(text)
        best = min(best, time.perf_counter() - began)
    return correct, best


def main() -> None:
    """Print accuracy and time per string of each parser, and the speed ratios."""
    assert len({text for text, _ in CASES}) == len(CASES), "duplicate benchmark strings"
    warnings.simplefilter("ignore")
    results = {
        "khcn.parse_date": _run(_khcn),
        "dateparser (vi, one DateDataParser)": _run(_dateparser),
        "dateutil.parse(dayfirst=True)": _run(_dateutil),
    }
    n = len(CASES)
    print(f"{n} Vietnamese date strings, best of {ROUNDS} rounds")
    for name, (correct, seconds) in results.items():
        per = seconds / n * 1e6
        print(f"  {name:38s} accuracy {correct:2d}/{n} ({correct / n:6.1%})  {per:9.1f} µs/string")
    ours = results["khcn.parse_date"][1]
    print(f"  khcn is {results['dateparser (vi, one DateDataParser)'][1] / ours:6.1f}x dateparser")
    print(f"  khcn is {results['dateutil.parse(dayfirst=True)'][1] / ours:6.1f}x dateutil")


if __name__ == "__main__":
    main()
