"""The ``khcn`` command. Thin: it only calls khcn's public API.

    khcn parse money "38,75 triệu đồng"      -> 38.750.000 đồng
    khcn parse number "một trăm linh năm"    -> 105
    khcn parse date "Sáng ngày 09 tháng 10 năm 2023"
    khcn parse period "quý IV/2021"

Exit codes: 0 success, 1 the text could not be read (the message says where), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import khcn

__all__ = ["main"]

_DESCRIPTION = """\
khcn: đọc số liệu báo cáo khoa học và công nghệ (KH&CN) thành dữ liệu có kiểu.
khcn reads Vietnamese S&T report figures into typed data.
"""

_PARSE_HELP = """\
Đọc một giá trị / read one value:
  money   số tiền        "38,75 triệu đồng", "2 tỷ 350 triệu đồng", "trên 1,5 tỷ đồng"
  number  con số         "1.175", "16,5%", "hai mươi lăm"
  date    ngày tháng     "Sáng ngày 09 tháng 10 năm 2023", "24/9" (cần --year)
  period  kỳ báo cáo     "9 tháng đầu năm 2023", "quý IV/2021"
"""


def _parsers() -> dict[str, Callable[..., object]]:
    found: dict[str, Callable[..., object]] = {}
    for kind in ("money", "number", "date", "period"):
        func = getattr(khcn, f"parse_{kind}", None)
        if callable(func):
            found[kind] = func
    return found


def _build() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="khcn",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"khcn {khcn.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    parse = commands.add_parser(
        "parse",
        help="đọc một số tiền, con số, ngày hoặc kỳ báo cáo / read one value",
        description=_PARSE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parse.add_argument("kind", choices=sorted(_parsers()), help="loại giá trị / what to read")
    parse.add_argument("text", nargs="+", help="văn bản cần đọc / the text to read")
    parse.add_argument(
        "--year",
        type=int,
        default=None,
        help="năm dùng cho ngày/kỳ không ghi năm / year for yearless dates and periods",
    )
    return parser


def _show(value: object) -> str:
    label = getattr(value, "label_vi", None)
    code = getattr(value, "code", None)
    if isinstance(label, str) and isinstance(code, str):
        return f"{code}\t{label}"
    return str(value)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``khcn`` command with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    >>> from khcn.cli import main
    >>> main(["parse", "money", "38,75 triệu đồng"])
    38.750.000 đồng
    0
    """
    parser = _build()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    func = _parsers()[args.kind]
    text = " ".join(args.text)
    try:
        value = func(text, year=args.year) if args.kind in ("date", "period") else func(text)
    except khcn.ParseError as err:
        print(f"khcn: {err}", file=sys.stderr)
        return 1
    print(_show(value))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
