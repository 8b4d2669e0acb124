"""Tables of figures: "STT | Chỉ tiêu | ĐVT | Kế hoạch năm | Thực hiện tháng 11 | Lũy kế".

Reports sum up their main figures in a table, one row per indicator and one column per
stance or period: the year's plan, this period's result, the running total, an estimate.
A table reaches khcn as lines of cells separated by "|" (a web page's ``<table>`` is read
that way, and so are tables pasted as text). Each figure of a row becomes a fact whose
evidence is the row, read as if the row said "<indicator> <figure> <unit>" (or "<figure>
<indicator>" when the indicator starts with its unit), with the stance and the period of
its column. Percentages and comparisons ("So với KH (%)") are
left unread, and so is a table without a header row, whose columns say nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import attrs

from khcn import _regex
from khcn.extraction._counts import find_counts
from khcn.extraction._rules import Draft, read_sentence
from khcn.model.period import ReportingPeriod
from khcn.parse.periods import find_periods

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["Table", "cells", "find_tables", "read_table"]

_CELL_SPLIT = _regex.compile(r"\s*\|\s*")
_NUMBER_CELL = _regex.compile(r"\d{1,3}(?:\.\d{3})+|\d+")
_DECIMAL_CELL = _regex.compile(r"\d+(?:[.,]\d+)*\s*%?")
_LABEL = _regex.compile(r"chỉ tiêu|nội dung|hạng mục|tên|danh mục|lĩnh vực", re.IGNORECASE)
_PLAN_LABEL = _regex.compile(r"(?<!\w)(?:kế hoạch|kh|chỉ tiêu|mục tiêu)(?!\w)", re.IGNORECASE)
# "Chỉ tiêu" heads the indicators; "Chỉ tiêu năm 2015" or "Kế hoạch" heads figures
_FIGURE_HEAD = _regex.compile(r"năm|kế hoạch|\d", re.IGNORECASE)
_UNIT = _regex.compile(r"^(?:đvt|đơn vị tính|đơn vị|đv)$", re.IGNORECASE)
_ESTIMATE = _regex.compile(r"(?<!\w)ước(?!\w)", re.IGNORECASE)
_RUNNING = _regex.compile(r"(?<!\w)(?:lũy|luỹ) kế(?!\w)", re.IGNORECASE)
_SKIP = _regex.compile(
    r"%|tỷ lệ|tỉ lệ|so sánh|so với|tăng|giảm|ghi chú|stt|^tt$|^số tt$", re.IGNORECASE
)


@attrs.frozen
class Table:
    """A run of rows: the header's cells and each data row's span in the text, with its
    cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, int, tuple[str, ...]], ...]


def cells(line: str) -> list[str] | None:
    """The cells of a line of "|"-separated cells, or None for a line that is no row."""
    if line.count("|") < 2:
        return None
    return [c.strip() for c in _CELL_SPLIT.split(line.strip().strip("|"))]


def find_tables(
    blocks: Sequence[Any], cells_of: Callable[[Any], Sequence[str] | None]
) -> list[Table]:
    """The tables among consecutive blocks (one line each) that ``cells_of`` reads as rows
    of cells ("a | b | c", or cells separated by tabs).

    The first row whose cells hold no figure is the header; rows before it are skipped.
    """
    tables: list[Table] = []
    run: list[tuple[Any, tuple[str, ...]]] = []
    for b in [*blocks, None]:
        row = cells_of(b) if b is not None else None
        if row is not None:
            run.append((b, tuple(row)))
            continue
        if len(run) >= 2:
            header_at = next(
                (
                    i
                    for i, (_, row_cells) in enumerate(run)
                    if not any(_NUMBER_CELL.fullmatch(c) for c in row_cells)
                ),
                None,
            )
            if header_at is not None and header_at + 1 < len(run):
                header = run[header_at][1]
                rows = tuple((r.start, r.end, c) for r, c in run[header_at + 1 :])
                tables.append(Table(header, rows))
        run = []
    return tables


@attrs.frozen
class _Column:
    index: int
    stance: str
    period: ReportingPeriod | None


def _columns(
    table: Table, year: int | None, main: ReportingPeriod | None
) -> tuple[int | None, int | None, list[_Column]]:
    """The label column, the unit column and the columns of figures, with their stance
    and period."""
    label = unit = None
    values: list[_Column] = []
    for i, head in enumerate(table.header):
        if _UNIT.match(head):
            unit = i
        elif label is None and _LABEL.search(head) and not _FIGURE_HEAD.search(head):
            label = i
        elif _SKIP.search(head):
            continue
        else:
            stance = (
                "ke_hoach"
                if _PLAN_LABEL.search(head)
                else "uoc"
                if _ESTIMATE.search(head)
                else "ket_qua"
            )
            values.append(_Column(i, stance, _column_period(head, stance, year, main)))
    return label, unit, values


def _column_period(
    head: str, stance: str, year: int | None, main: ReportingPeriod | None
) -> ReportingPeriod | None:
    """The period a column's figures are for: the one its header names; the running total
    from January to the end of the report's period; else the report's own (None)."""
    found = find_periods(head, year=year)
    if found:
        period = found[0].value
        if _RUNNING.search(head[: found[0].start]) and period.start.month != 1:
            return ReportingPeriod(dt.date(period.start.year, 1, 1), period.end)
        return period
    if _RUNNING.search(head) and main is not None:
        return ReportingPeriod(dt.date(main.end.year, 1, 1), main.end)
    if stance == "ke_hoach" and "năm" in head.lower() and year is not None:
        return ReportingPeriod.year(year)
    return None


def read_table(
    ntext: str, table: Table, year: int | None, main: ReportingPeriod | None
) -> list[Draft]:
    """The facts of a table's rows, in row order, each figure's in column order."""
    label_at, unit_at, columns = _columns(table, year, main)
    drafts: list[Draft] = []
    for start, end, row in table.rows:
        line = ntext[start:end]
        cells = list(row)
        offsets = _cell_offsets(line, cells)
        if label_at is None or label_at >= len(cells) or not cells[label_at]:
            continue
        label = cells[label_at]
        unit = cells[unit_at] if unit_at is not None and unit_at < len(cells) else ""
        for column in columns:
            if column.index >= len(cells) or not _NUMBER_CELL.fullmatch(cells[column.index]):
                continue
            figure = cells[column.index]
            if unit and label.lower().startswith(unit.lower()):
                # "Hồ sơ công bố hợp chuẩn được tiếp nhận | hồ sơ": the label is the noun
                phrase, at = f"{figure} {label}", 0
            else:
                phrase, at = f"{label} {figure} {unit}".strip(), len(label) + 1
            counts = [c for c in find_counts(phrase) if c.num_start == at]
            if not counts:
                continue
            for d in read_sentence(phrase, 0, len(phrase), counts, [], column.stance, {}):
                if d.parent is not None:
                    continue
                d.start, d.end = start, end
                d.anchor = start + offsets[column.index]
                if column.period is not None and column.period != main:
                    d.fields["period"] = column.period  # else the report's own, as elsewhere
                drafts.append(d)
    return drafts


def _cell_offsets(line: str, cells: Sequence[str]) -> list[int]:
    """Where each cell starts in ``line``."""
    offsets: list[int] = []
    pos = 0
    for cell in cells:
        at = line.find(cell, pos) if cell else pos
        offsets.append(max(at, 0))
        pos = (at if at >= 0 else pos) + len(cell)
    return offsets
