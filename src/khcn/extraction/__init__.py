"""Extraction: a Vietnamese S&T report in, a typed ``Report`` out, every fact with evidence.

How extraction decides is written up in the docs (Explanation → How extraction decides).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from khcn.extraction._document import Reading, read
from khcn.model.report import Problem, Report

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Iterator

__all__ = ["extract", "extract_html", "extract_many", "read_report", "report_files"]

_SUFFIXES = (".txt", ".html", ".htm")


def extract(
    text: str,
    *,
    source: str | None = None,
    published: dt.date | None = None,
) -> Report:
    """Read a report's text (or HTML page) into a ``Report`` whose facts carry evidence.

    Args:
        text: the report as plain text, or a whole HTML page (detected by its tags).
        source: where the text came from (a URL or a path), kept on the report.
        published: the publication date, when the caller knows it better than the page.

    Returns:
        The report: its title, province, main period, publication date, facts (each with
        ``evidence`` pointing into ``text``, or into the page's visible text for HTML) and
        the ``problems`` met (figures that failed validation).

    Never raises on any text.

    >>> import khcn
    >>> r = khcn.extract(
    ...     "Sơ kết 9 tháng đầu năm 2023 của Sở KH&CN tỉnh Thái Nguyên\\n"
    ...     "Thanh tra Sở đã triển khai 02 cuộc thanh tra đối với 25 tổ chức, cá nhân; "
    ...     "xử phạt vi phạm hành chính 07 cơ sở với tổng số tiền 38,75 triệu đồng."
    ... )
    >>> r.period.code, r.province.name
    ('2023-01/2023-09', 'Thái Nguyên')
    >>> [a] = r.enforcement
    >>> a.campaigns, a.subjects, a.violators, str(a.fine)
    (2, 25, 7, '38.750.000 đồng')
    >>> print(a.evidence.text)
    Thanh tra Sở đã triển khai 02 cuộc thanh tra đối với 25 tổ chức, ... 38,75 triệu đồng
    """
    return read(text, source=source, published=published).report


def extract_html(
    page: str,
    *,
    source: str | None = None,
    published: dt.date | None = None,
) -> Report:
    """Read an HTML page: chrome (menus, share buttons, counters, footers) is left out.

    Evidence offsets refer to the page's visible text, which :func:`read_report` returns.

    >>> import khcn
    >>> page = ("<html><body><nav>Trang chủ</nav><h1>Tổng kết năm 2022</h1>"
    ...         "<p>Sở KH&amp;CN tỉnh Hà Nam đã nghiệm thu 12 nhiệm vụ cấp tỉnh.</p>"
    ...         "<div class='counter'>Số lượt đọc: 2421 nhiệm vụ</div></body></html>")
    >>> [t] = khcn.extract_html(page).tasks
    >>> t.count, t.stage.value, t.level.value
    (12, 'nghiem_thu', 'tinh')
    """
    return read(page, source=source, published=published).report


def read_report(
    text: str, *, source: str | None = None, published: dt.date | None = None
) -> Reading:
    """Like :func:`extract`, but also return the visible text and the body's mentions.

    The ``Reading`` holds ``report``, ``text`` (what evidence offsets point into) and the
    money, date and period matches found in the body (page chrome left out).

    >>> from khcn.extraction import read_report
    >>> reading = read_report("Năm 2021, phạt 2 cơ sở 7,5 triệu đồng.")
    >>> [m.text for m in reading.money], [m.text for m in reading.periods]
    (['7,5 triệu đồng'], ['Năm 2021'])
    """
    return read(text, source=source, published=published)


def report_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The report files named by ``paths``: files as given, folders searched recursively.

    Folders contribute their ``.txt``, ``.html`` and ``.htm`` files, sorted.

    >>> from khcn.extraction import report_files
    >>> files = report_files(["examples/reports"])
    >>> len(files) >= 30 and all(f.suffix in {".txt", ".html"} for f in files)
    True
    """
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(
                sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in _SUFFIXES)
            )
        else:
            out.append(path)
    return out


def _read_file(path: Path) -> Report:
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as err:
        return Report(source=str(path), problems=(Problem(reason=f"cannot read file: {err}"),))
    return extract(text, source=str(path))


def extract_many(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    workers: int | None = None,
    progress: bool = False,
) -> Iterator[Report]:
    """Extract every report file under ``inputs`` (files or folders), streaming, in order.

    Args:
        inputs: paths of report files or of folders holding them.
        workers: processes to use; ``None`` uses every core, ``1`` works in this process.
        progress: show a progress bar on standard error (uses ``tqdm`` when installed,
            ``pip install "khcn[progress]"``; a plain counter otherwise).

    Yields:
        One ``Report`` per file, in the order of :func:`report_files`, each as soon as it and
        those before it are done. A file that cannot be read yields a report with a problem.

    >>> from khcn import extract_many
    >>> reports = list(extract_many(["examples/reports"], workers=1))
    >>> len(reports) >= 30 and all(r.source for r in reports)
    True
    """
    files = report_files(inputs)
    results: Iterator[Report]
    if workers == 1 or len(files) <= 1:
        results = map(_read_file, files)
        yield from _with_progress(results, len(files), progress)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, min(32, len(files) // ((workers or os.cpu_count() or 1) * 4) or 1))
        results = pool.map(_read_file, files, chunksize=chunk)
        yield from _with_progress(results, len(files), progress)


def _with_progress(results: Iterator[Report], total: int, show: bool) -> Iterator[Report]:
    if not show:
        yield from results
        return
    try:
        from tqdm import tqdm  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        for i, report in enumerate(results, 1):
            print(f"\rkhcn: {i}/{total} báo cáo / reports", end="", file=sys.stderr)
            yield report
        print(file=sys.stderr)
        return
    yield from tqdm(results, total=total, unit="report", file=sys.stderr)
