"""Extraction speed: against a bare word scan, and linear growth, in one run.

    python benchmarks/bench_extract.py

Each extraction is of a report no cache has seen: the normalisation cache is cleared and the
text copied before each call (``fresh``), as for a folder of distinct reports.

Measures (best of several repeats, ratios only, since machines are noisy):
1. ``khcn.extract`` on a ~7 KB report against ``re.findall(r"\\w+", text)`` on the same text
   (target: at most 30x);
2. the same report repeated to 10x its length (target: at most 12x the time of 1x);
3. a 1 MB adversarial input (runs of digits, dots, commas, parentheses, money and count
   fragments) against 1/10 of it (target: at most 12x), and against the bare scan.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

import khcn
from khcn.text import normalize_with_map

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent
WORDS = re.compile(r"\w+")


def best(func: Callable[[], object], repeat: int = 7, number: int = 1) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            func()
        times.append((time.perf_counter() - t0) / number)
    return min(times)


def fresh(text: str) -> khcn.Report:
    """``khcn.extract`` of ``text`` as of a report seen for the first time: the cache of
    normalised texts is cleared, and the text is a new string (the lowercase kept for the
    last texts read is looked up by identity)."""
    normalize_with_map.cache_clear()
    return khcn.extract(text[:1] + text[1:])


def sample_report(size: int = 7000) -> str:
    texts = sorted(
        (p.read_text(encoding="utf-8") for p in (ROOT / "examples" / "reports").glob("*.txt")),
        key=lambda t: abs(len(t.encode()) - size),
    )
    return texts[0]


def adversarial(size: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    pieces = [
        "1.2.3.4.5",
        "000,000,",
        "((((",
        "))",
        "9" * 40,
        ".,.,.,",
        " triệu đồng ",
        " tỷ ",
        " 02 cuộc thanh tra (",
        " xử phạt 07 cơ sở ",
        " 36 nhiệm vụ (gồm ",
        " ngày 1/2/",
        " quý IV/",
        " tháng 13/2023 ",
        " (chuyển tiếp: 29; ",
        " xếp loại khá 02, đạt ",
        " riêng ",
        " 11/28 nhiệm vụ ",
        " hai mươi mốt cơ sở ",
        " | 16 | ",
        "- Số cơ sở vi phạm: ",
        " cả năm, trong năm ",
        " Trong quý, cùng kỳ năm 2025: 5 nhiệm vụ ",
        "\n1\tkiểm tra\tcuộc\t8\t",
        ". Trong đó, 01 cuộc ",
        ". Kết quả, 03 cơ sở bị xử phạt ",
        "; trong đó có ",
        " lũy kế đạt 12 phương tiện đo ",
        " đề tài được phê duyệt ",
        " nâng tổng số lên ",
        " đã ",
        " sẽ ",
        "- - -",
        ";",
        "\n",
    ]
    out: list[str] = []
    n = 0
    while n < size:
        piece = rng.choice(pieces)
        out.append(piece)
        n += len(piece)
    return "".join(out)[:size]


def main() -> None:
    text = sample_report()
    khcn.extract(text)  # warm caches: vocabularies, compiled patterns, province table
    t_extract = best(lambda: fresh(text), number=5)
    t_scan = best(lambda: WORDS.findall(text), number=50)
    print(f"report: {len(text.encode()) / 1024:.1f} KB, {len(khcn.extract(text).facts)} facts")
    print(f"  extract / re.findall(\\w+) = {t_extract / t_scan:6.1f}x   (target <= 30x)")

    big = "\n".join([text] * 10)
    t_big = best(lambda: fresh(big), repeat=3)
    print(f"  10x longer input: {t_big / t_extract:6.1f}x the time   (target <= 12x)")

    small_adv = adversarial(100_000)
    big_adv = adversarial(1_000_000)
    t_small_adv = best(lambda: fresh(small_adv), repeat=3)
    t_big_adv = best(lambda: fresh(big_adv), repeat=1)
    t_scan_adv = best(lambda: WORDS.findall(big_adv), repeat=3)
    print(f"adversarial 1 MB: {t_big_adv:.2f} s")
    print(f"  1 MB / 100 KB = {t_big_adv / t_small_adv:6.1f}x the time   (target <= 12x)")
    print(f"  extract / re.findall(\\w+) on 1 MB = {t_big_adv / t_scan_adv:6.1f}x")


if __name__ == "__main__":
    main()
