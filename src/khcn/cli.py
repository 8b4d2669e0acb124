"""The ``khcn`` command. Thin: it only calls khcn's public API.

    khcn summarize examples/reports           totals by province and period
    khcn extract report.html --format table   the facts of reports, with evidence
    khcn parse money "38,75 triệu đồng"      -> 38.750.000 đồng
    khcn parse number "một trăm linh năm"    -> 105
    khcn parse date "Sáng ngày 09 tháng 10 năm 2023"
    khcn parse period "quý IV/2021"

Exit codes: 0 success, 1 the text could not be read (the message says where) or a file
could not be opened, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import khcn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

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
    extract = commands.add_parser(
        "extract",
        help="đọc báo cáo thành dữ kiện có dẫn chứng / extract facts from reports",
        description=_EXTRACT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    extract.add_argument("paths", nargs="+", metavar="PATH", help="tệp, thư mục hoặc - (stdin)")
    extract.add_argument(
        "--format",
        choices=("json", "jsonl", "csv", "table"),
        default="table",
        help="định dạng đầu ra / output format (mặc định/default: table)",
    )
    extract.add_argument("--workers", type=int, default=None, help="số tiến trình / processes")
    extract.add_argument("--progress", action="store_true", help="hiện tiến độ / progress bar")
    summarize = commands.add_parser(
        "summarize",
        help="tổng hợp theo tỉnh và kỳ báo cáo / totals by province and period",
        description=_SUMMARIZE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    summarize.add_argument("paths", nargs="+", metavar="PATH", help="tệp, thư mục hoặc -")
    summarize.add_argument(
        "--by",
        default="province,period",
        help="nhóm theo / group by, e.g. province,year (mặc định/default: province,period)",
    )
    summarize.add_argument(
        "--merge-2025",
        action="store_true",
        help="gộp tỉnh cũ vào đơn vị sau 01/07/2025 / roll old provinces into their 2025 unit",
    )
    summarize.add_argument(
        "--stance",
        choices=("ket_qua", "uoc", "ke_hoach"),
        default="ket_qua",
        help="kết quả, ước tính hay kế hoạch / results, estimates or plans (default: ket_qua)",
    )
    summarize.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="định dạng đầu ra / output format (mặc định/default: table)",
    )
    summarize.add_argument("--workers", type=int, default=None, help="số tiến trình / processes")
    return parser


_EXTRACT_HELP = """\
Đọc báo cáo (văn bản hoặc trang HTML) và in các dữ kiện: thanh tra/kiểm tra, xử phạt,
nhiệm vụ KH&CN, sở hữu trí tuệ, hoạt động khác — mỗi dữ kiện kèm đoạn văn gốc.
Read reports (text or HTML) and print their facts, each with the text it came from.

  khcn extract examples/reports                    bảng / table
  khcn extract bao-cao.html --format json          JSON (một báo cáo / one report per item)
  khcn extract examples/reports --format csv > facts.csv
  cat bao-cao.txt | khcn extract -
"""

_SUMMARIZE_HELP = """\
Tổng hợp kết quả (không gồm kế hoạch, ước tính) theo tỉnh và kỳ báo cáo: số cuộc thanh
tra/kiểm tra, đối tượng, vi phạm, tiền phạt, nhiệm vụ theo giai đoạn, SHTT theo loại.
Một tổng và các phần của nó không bị cộng hai lần; một dữ kiện đăng ở hai nguồn chỉ tính
một lần. "≥" là "ít nhất", "~" là "khoảng".
Totals of results (not plans or estimates) by province and period: a total and its own
parts are never added together, a fact published by two sources counts once; "≥" means
"at least", "~" "about".

  khcn summarize examples/reports
  khcn summarize examples/reports --by province,year --merge-2025
  khcn summarize examples/reports --by year --format csv > totals.csv
"""


def _show(value: object) -> str:
    if isinstance(value, Decimal):
        return khcn.format_number(value)  # "16,5", as reports write it
    label = getattr(value, "label_vi", None)
    code = getattr(value, "code", None)
    if isinstance(label, str) and isinstance(code, str):
        return f"{code}\t{label}"
    return str(value)


def _reports(paths: Sequence[str], workers: int | None, progress: bool) -> Iterator[Any]:
    files = [p for p in paths if p != "-"]
    if "-" in paths:
        yield khcn.extract(sys.stdin.read(), source="<stdin>")
    missing = [p for p in files if not Path(p).exists()]
    if missing:
        raise FileNotFoundError(", ".join(missing))
    yield from khcn.extract_many(files, workers=workers, progress=progress)


def _figures(fact: Any) -> str:
    parts = []
    for name in ("kind", "stage", "activity", "object_type", "level", "grade"):
        value = getattr(fact, name, None)
        if value is not None:
            parts.append(str(getattr(value, "label_vi", value)))
    for name in ("count", "campaigns", "subjects", "violators"):
        value = getattr(fact, name, None)
        if value is not None:
            qual = getattr(fact, "qualifier" if name == "count" else f"{name}_qualifier", None)
            prefix = _QUAL_SIGN.get(getattr(qual, "value", "exact"), "")
            parts.append(f"{name}={prefix}{value}")
    fine = getattr(fact, "fine", None)
    if fine is not None:
        parts.append(f"fine={fine}")
    return ", ".join(parts)


_QUAL_SIGN = {"gt": ">", "ge": "≥", "approx": "~", "lt_approx": "<~", "lt": "<", "le": "≤"}


def _extract(args: argparse.Namespace) -> int:
    out = sys.stdout
    reports = _reports(args.paths, args.workers, args.progress)
    if args.format == "json":
        from khcn.serialize import unstructure

        json.dump([unstructure(r) for r in reports], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "jsonl":
        from khcn.serialize import to_json

        for r in reports:
            out.write(to_json(r) + "\n")
    elif args.format == "csv":
        from khcn.serialize import record_columns, to_records

        writer = csv.DictWriter(out, fieldnames=record_columns())
        writer.writeheader()
        for r in reports:
            writer.writerows(to_records(r))
    else:
        for r in reports:
            where = r.province.name if r.province else "toàn quốc / national"
            period = r.period.label_vi if r.period else "?"
            out.write(f"\n# {r.source}\n  {where} · {period} · {len(r.facts)} dữ kiện / facts\n")
            for f in r.facts:
                indent = "    " if f.parent else "  "
                out.write(f"{indent}[{f.id}] {f.stance.value:<8} {_figures(f)}\n")
                out.write(f"{indent}      « {f.evidence.text if f.evidence else ''} »\n")
            for p in r.problems:
                out.write(f"  ! {p.reason}\n")
    return 0


_PLAIN_LABELS = {
    "reports": "báo cáo / reports",
    "fine_vnd": "tiền phạt (đồng) / fines",
    "inspections": "cuộc thanh tra, kiểm tra / inspections",
    "subjects": "đối tượng được kiểm tra / subjects",
    "violators": "đối tượng vi phạm / violators",
    "ip_total": "SHTT · tổng / IP total",
    "ip_unstated": "SHTT · không rõ loại / type unstated",
}


def _label(measure: str) -> str:
    """A measure column's Vietnamese label, from the enums' own labels."""
    if measure in _PLAIN_LABELS:
        return _PLAIN_LABELS[measure]
    for prefix, enum, head in (
        ("tasks_", khcn.TaskStage, "nhiệm vụ"),
        ("ip_", khcn.IPObjectType, "SHTT"),
        ("activity_", khcn.ActivityKind, "hoạt động"),
    ):
        if measure.startswith(prefix):
            try:
                return f"{head} · {enum(measure[len(prefix) :]).label_vi}"
            except ValueError:
                break
    return measure


def _summarize(args: argparse.Namespace) -> int:
    from khcn import aggregate  # imported on use: keeps `khcn --help` fast

    by = tuple(part.strip() for part in args.by.split(",") if part.strip())
    unknown = [d for d in by if d not in aggregate.DIMENSIONS]
    if unknown:
        print(
            f"khcn: không nhóm được theo / cannot group by {', '.join(unknown)}; "
            f"chọn / choose from {', '.join(aggregate.DIMENSIONS)}",
            file=sys.stderr,
        )
        return 2
    reports = list(_reports(args.paths, args.workers, False))
    table = aggregate.totals(reports, by=by, merge_2025=args.merge_2025, stance=args.stance)
    out = sys.stdout
    if args.format == "csv":
        out.write(table.to_csv())
        return 0
    if args.format == "json":
        json.dump(list(table.rows), out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
        return 0
    for row in table.rows:
        head = " · ".join(str(row[d]) if row[d] is not None else "toàn quốc" for d in by)
        out.write(f"\n{head or 'tất cả / all'}\n")
        for measure in table.measures:
            value = row.get(measure)
            if value is None or value == 0 or measure == "sources":
                continue
            sign = _QUAL_SIGN.get(str(row.get(f"{measure}_qualifier")), "")
            shown = khcn.format_number(value) if not isinstance(value, str) else value
            out.write(f"  {_label(measure):<60} {sign}{shown}\n")
    return 0


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
    if args.command in ("extract", "summarize"):
        try:
            return _extract(args) if args.command == "extract" else _summarize(args)
        except FileNotFoundError as err:
            print(f"khcn: không tìm thấy / not found: {err}", file=sys.stderr)
            return 1
        except BrokenPipeError:
            # `khcn extract … | head`: the reader has gone; stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 0
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
