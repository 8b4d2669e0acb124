"""One report, start to end: layout, metadata, mentions, stances, facts."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from itertools import takewhile
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from khcn import _regex
from khcn.extraction._build import build_facts
from khcn.extraction._counts import find_counts
from khcn.extraction._html import html_to_text, looks_like_html
from khcn.extraction._layout import _DIGIT, Layout, layout, sentences, words_up_to
from khcn.extraction._rules import (
    Draft,
    MoneySpan,
    _cut,
    _is_word_char,
    has_named_ip,
    part_stage,
    read_sentence,
)
from khcn.extraction._stance import (
    cue_marks,
    estimate_from,
    heading_stance,
    sentence_stance,
    stance_and_cued,
)
from khcn.extraction._tables import cells, find_tables, read_table
from khcn.model.dates import PartialDate
from khcn.model.money import Money, MoneyRange
from khcn.model.period import PeriodKind, ReportingPeriod
from khcn.model.province import Province
from khcn.model.report import Report
from khcn.parse._match import Match
from khcn.parse.dates import find_dates
from khcn.parse.money import find_money
from khcn.parse.periods import DatesAndPeriods
from khcn.text import normalize, normalize_with_map

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

__all__ = ["Reading", "read"]

T = TypeVar("T")

_YEAR = _regex.compile(r"(?<![\d/.\-])(?:19[89]\d|20\d\d)(?![\d/])")
# ("Tình hình thực hiện kế hoạch … 6 tháng đầu năm" reports on the plan's first half)
_PLAN_BEFORE = _regex.compile(
    r"(?<!thực hiện )(?:triển khai|phương hướng|kế hoạch|nhiệm vụ trọng tâm|nhiệm vụ|mục tiêu|"
    r"định hướng|"
    r"tầm nhìn|đến năm|chỉ tiêu)[^,.;]{0,30}$",
    re.IGNORECASE,
)
# "Sơ kết 6 tháng đầu năm" in a title that also names "tháng 6": the review's period.
_REVIEW_STRONG = _regex.compile(r"(?:sơ kết|tổng kết)[^,.;:]{0,40}$", re.IGNORECASE)
_REVIEW_BEFORE = _regex.compile(
    r"(?:sơ kết|tổng kết|kết quả|báo cáo|đánh giá|tình hình thực hiện)[^,.;:]{0,40}$",
    re.IGNORECASE,
)
_RESULT_HEADING = _regex.compile(
    r"^\s*(?:[IVX]{1,4}[.)]\s*)?(?:kết quả|tình hình thực hiện|đánh giá kết quả|về kết quả)",
    re.IGNORECASE,
)
# "nhiệm vụ mở mới thuộc danh mục năm 2025": a later year that names a list, not a plan
# what may stand before a period that opens a sentence: "Trong tháng 9, …", "- Năm 2024 …"
_OPENING = _regex.compile(
    r"\s*(?:[-+•*]\s*)?(?:(?:trong|từ|đến|vào|sang|cuối|đầu|riêng)\s+)?", re.IGNORECASE
)
# ("theo kế hoạch 12 nhiệm vụ" is "as planned": done, and no target)
# (searched in the lowercase text, it opens on the words' first letters: see _regex)
_TARGET_BEFORE = _regex.Caseless(
    r"(?<!\w)(?<!theo )(?<!ngoài )(?<!vượt )(?<!đạt )(?:kế hoạch|chỉ tiêu|mục tiêu)"
    r"(?:\s+(?:năm|giao|đề ra|đặt ra))?(?:\s+\d{4})?"
    r"\s*(?:là|:)?\s*(?:(?:trên|khoảng|ít nhất|tối thiểu)\s+)?$",
)
# "03 nhiệm vụ bắt đầu thực hiện từ năm 2021": when the tasks start, not a plan
_OF_PERIOD = _regex.compile(
    r"(?:danh mục|thuộc|đặt hàng|chuyển tiếp sang|bắt đầu(?: thực hiện| triển khai)?(?: từ)?)"
    r"\s*(?:của\s*)?$",
    re.IGNORECASE,
)
# Searched in the lowercased text (_regex.Caseless): the same spans as IGNORECASE, faster;
# each alternative opens with a letter, which the engine scans for ("63 tỉnh|34 tỉnh").
_NATIONAL = _regex.Caseless(r"Bộ (?:KH&CN|KHCN|Khoa học và Công nghệ)")
_DEPARTMENT = _regex.Caseless(r"Sở (?:KH&CN|KHCN|Khoa học và Công nghệ|KH,CN&ĐMST)")
_DONE = _regex.compile(r"(?<!\w)(?:đã|được)(?!\w)")
_COUNTRYWIDE = _regex.Caseless(
    r"toàn quốc|cả nước|toàn ngành|các bộ, ngành|các địa phương|63 tỉnh|34 tỉnh|"
    r"các Sở (?:KH&CN|KHCN|Khoa học và Công nghệ)"
)


def _is_national(title: str, head: str) -> bool:
    """A report of the Ministry or on the whole country, not of one province.

    The title naming the Ministry without a Sở decides; otherwise the signs of a national
    report in the opening paragraphs ("Bộ KH&CN", "cả nước", "các Sở KH&CN") must
    outnumber those of one department.
    """
    if _NATIONAL.search(title) and not _DEPARTMENT.search(title):
        return True
    low = _regex.lowered(head)  # lowercased once, for the three patterns below
    national = sum(
        sum(1 for _ in signs.finditer_low(head, low)) for signs in (_NATIONAL, _COUNTRYWIDE)
    )
    department = sum(
        1
        for m in _DEPARTMENT.finditer_low(head, low)
        if not head[max(0, m.start() - 4) : m.start()].lower().endswith("các ")
    )
    return national > department


@attrs.frozen
class Reading:
    """Everything read from one report: the ``Report`` and the mentions in its body."""

    report: Report
    text: str  # the text the caller sees (for HTML: the page's visible text)
    money: tuple[Match[Money | MoneyRange], ...]
    dates: tuple[Match[dt.date | PartialDate], ...]
    periods: tuple[Match[ReportingPeriod], ...]


def read(
    source_text: str,
    *,
    source: str | None = None,
    published: dt.date | None = None,
) -> Reading:
    """Read one report (plain text or an HTML page)."""
    title_hint: str | None = None
    text = source_text
    if looks_like_html(source_text):
        text, title_hint = html_to_text(source_text)
    norm = normalize_with_map(text)
    lay = layout(norm, title=title_hint)
    body = [b for b in lay.blocks if not b.chrome]
    ntext = norm.text

    title = ntext[lay.title.start : lay.title.end] if lay.title else None
    head_end = body[min(len(body), 3) - 1].end if body else 0
    # the dates and periods of each text asked, read once: the title is asked for the page's
    # date, the report's year and its period, and read as a block of the body. Each is a
    # stretch of the normalised text, which is its own normal form (normal=True).
    readings: dict[str, DatesAndPeriods] = {}

    def reading(block: str) -> DatesAndPeriods:
        found = readings.get(block)
        if found is None:
            found = readings[block] = DatesAndPeriods(block, normal=True)
        return found

    published = published or _published(ntext, lay, head_end, reading)
    context_year = _context_year(title, published, ntext, body, reading)

    money_spans = _shift_all(body, ntext, find_money)
    date_matches: list[Match[dt.date | PartialDate]] = []
    period_matches: list[Match[ReportingPeriod]] = []
    for b in body:
        # "từ đầu năm đến nay" runs to the page's own date, when the page states one.
        block_reading = reading(ntext[b.start : b.end])
        date_matches += _shifted(block_reading.dates(year=context_year), b.start)
        period_matches += _shifted(
            block_reading.periods(year=context_year, reference=published), b.start
        )

    period = _main_period(title, period_matches, lay, context_year, reading)
    if period is not None and published is not None:
        period_matches = [_up_to_report(m, period, published) for m in period_matches]
    if period is not None:
        period_matches = _relative_to_report(
            ntext, body, period, period_matches, context_year, reading
        )
    province = _province(ntext, lay, body, published, period)

    blocked = [(m.start, m.end) for m in (*money_spans, *date_matches, *period_matches)]
    counts = find_counts(ntext, blocked)
    money_for_rules = [
        MoneySpan(
            m.start,
            m.end,
            m.value if isinstance(m.value, Money) else None,
            isinstance(m.value, MoneyRange),
        )
        for m in money_spans
    ]

    # (most reports hold neither, which two finds tell for every block at once)
    any_cells = "|" in ntext or "\t" in text

    def cells_of(b: Any) -> list[str] | None:
        # "a | b | c" in the normalised text, or cells a table pasted as text separates by
        # tabs (which normalising folds to spaces, so they are read in the caller's text)
        if not any_cells:
            return None
        found = cells(ntext[b.start : b.end])
        if found is not None:
            return found
        s, e = norm.span(b.start, b.end)
        raw = text[s:e]
        if raw.count("\t") < 2:
            return None
        return [normalize(c).strip() for c in raw.strip("\r\n ").split("\t")]

    drafts = _read_body(
        ntext, lay, body, counts, money_for_rules, period_matches, period, context_year, cells_of
    )
    facts, problems = build_facts(drafts, norm, text)

    report = Report(
        title=title,
        source=source,
        published=published,
        province=province,
        period=period,
        facts=tuple(facts),
        problems=tuple(problems),
    )

    def back(found: Sequence[Match[Any]]) -> tuple[Match[Any], ...]:
        """The matches, in the caller's offsets and text."""
        if ntext is text:  # a text that needed no change: each match is the caller's already
            return tuple(found)
        out = []
        for m in found:
            s, e = norm.span(m.start, m.end)
            if s == m.start and e == m.end and text.startswith(m.text, s):
                out.append(m)  # the same span of the same text: as it is (it is frozen)
            else:
                out.append(Match(m.value, s, e, text[s:e], form=m.form))
        return tuple(out)

    return Reading(
        report=report,
        text=text,
        money=back(money_spans),
        dates=back(date_matches),
        periods=back(period_matches),
    )


_SAME_TIME = _regex.Caseless(r"cùng kỳ")
_COMPARED_WITH = _regex.compile(
    r"(?<!\w)(?:so với|so|bằng|gấp\s+[\d,.]+\s+lần|gấp|hơn|với|kém)\s*$", re.IGNORECASE
)
# "Trong quý, …", "trong tháng này", "trong kỳ báo cáo": the report's own quarter, month or
# period; read after its first letter, so that the pattern opens on a literal, which the
# engine finds fast ("t" alone is in most words); _this_terms checks that letter
_THIS_TERM_REST = _regex.compile(
    r"rong (?P<term>quý|tháng|kỳ)(?: báo cáo| này)?(?!\w)"
    r"(?! (?:\d|[ivxIVX]+\b|tới|sau|trước|đầu|cuối|qua|năm|một|hai|ba|bốn))",
)


def _this_terms(block: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, term) of each "trong quý|tháng|kỳ …" of ``block`` ("t" or "T", no word
    character before it), as ``[Tt](?<!\\w[Tt])`` before :data:`_THIS_TERM_REST` finds.

    No match of the rest holds another "rong ", so a match whose letter before is not
    right hides none that is.
    """
    for m in _THIS_TERM_REST.finditer(block, 1):
        start = m.start() - 1
        if block[start] in "Tt" and not (start and _is_word_char(block[start - 1])):
            yield start, m.end(), m.group("term")


_TERM_KINDS = {"quý": PeriodKind.QUARTER, "tháng": PeriodKind.MONTH}


def _relative_to_report(
    ntext: str,
    body: Sequence[Any],
    main: ReportingPeriod,
    found: list[Match[ReportingPeriod]],
    year: int | None,
    reading: Callable[[str], DatesAndPeriods],
) -> list[Match[ReportingPeriod]]:
    """Add the periods that only the report's own period resolves: "cùng kỳ năm 2025" (the
    same span of that year) where it states a figure's period ("(cùng kỳ năm 2025: 11 nhiệm
    vụ)", not "tăng 12% so với cùng kỳ", the term of a comparison); "trong quý", "trong
    tháng", "trong kỳ báo cáo" (the report's quarter, month or period, when it is one)."""
    taken = {(m.start, m.end) for m in found}
    starts = [m.start for m in found]  # found is in text order and does not overlap
    ends = [m.end for m in found]
    added: list[Match[ReportingPeriod]] = []
    for b in body:
        block = ntext[b.start : b.end]
        if _SAME_TIME.search(ntext, b.start, b.end):  # a literal: the same found in the block
            for m in reading(block).periods(year=year, reference=main):
                span = (m.start + b.start, m.end + b.start)
                if m.form != "cung_ky_nam_truoc" or span in taken:
                    continue
                if _COMPARED_WITH.search(block, max(0, m.start - 30), m.start):
                    continue  # "tăng 12% so với cùng kỳ": the term of a comparison
                added.append(Match(m.value, *span, m.text, form=m.form))
        for t_start, t_end, term in _this_terms(block):
            kind = _TERM_KINDS.get(term)
            if kind is not None and main.kind is not kind:
                continue
            span = (t_start + b.start, t_end + b.start)
            k = bisect_right(starts, span[1] - 1)  # the last found period starting inside
            if k == 0 or ends[k - 1] <= span[0]:
                added.append(Match(main, *span, block[t_start:t_end], form=main.kind.value))
    if not added:
        return found
    return sorted([*found, *added], key=lambda m: m.start)


def _up_to_report(
    m: Match[ReportingPeriod], main: ReportingPeriod, published: dt.date
) -> Match[ReportingPeriod]:
    """ "Từ đầu năm đến nay" in a report on a period of the page's year runs to the end of
    that period: a 9-month report published on 10 October counts its figures "from the start
    of the year" to 30 September, as the report does (and a 5-month report published on 26
    May, to 31 May)."""
    v = m.value
    if (
        m.form != PeriodKind.YEAR_TO_DATE.value
        or v.end != published
        or v.start != dt.date(published.year, 1, 1)
        or main.end.year != published.year
        or main.start > published
    ):
        return m
    upto = ReportingPeriod(v.start, main.end, wording=PeriodKind.YEAR_TO_DATE)
    return Match(upto, m.start, m.end, m.text, form=m.form)


def _shift_all(body: Sequence[Any], ntext: str, finder: Any) -> list[Match[Any]]:
    out: list[Match[Any]] = []
    for b in body:
        out += _shifted(finder(ntext[b.start : b.end]), b.start)
    return out


def _shifted(found: Iterable[Match[T]], shift: int) -> list[Match[T]]:
    """Matches of a block, with offsets into the whole text."""
    return [Match(m.value, m.start + shift, m.end + shift, m.text, form=m.form) for m in found]


def _context_year(
    title: str | None,
    published: dt.date | None,
    ntext: str,
    body: Sequence[Any],
    reading: Callable[[str], DatesAndPeriods],
) -> int | None:
    """The year a report's yearless dates and periods belong to, or None: never a guess.

    From the title, else the page's own date, else an explicit one-year period in the
    opening paragraphs ("Trong 9 tháng đầu năm 2023, …"). Years of programmes and plans
    ("giai đoạn 2021-2025", "đến năm 2030") say nothing about the report's own year.
    """
    if title:
        for m in reading(title).periods():
            if not _PLAN_BEFORE.search(title[: m.start]) and _within_a_year(m.value):
                return m.value.start.year
        years = [int(y) for y in _YEAR.findall(title)]
        if years:
            return years[0]
    if published is not None:
        return published.year
    for b in body[:3]:
        block = ntext[b.start : b.end]
        for m in reading(block).periods():
            if not _PLAN_BEFORE.search(block[: m.start]) and _within_a_year(m.value):
                return m.value.start.year
    return None


def _within_a_year(period: ReportingPeriod) -> bool:
    return period.start.year == period.end.year


# a dateline: "Nam Định, 25-10-2024 - …", "Hà Nội, ngày 08/01/2026 – …"
_DATELINE = _regex.compile(r"\s*[^\W\d][^\W\d ]*(?: [^\W\d]+){0,4},\s*(?:ngày\s*)?")


_PUBLISHED_LABEL = _regex.Caseless(
    r"(?<!\w)(?:ngày đăng|đăng ngày|ngày cập nhật|cập nhật(?: lúc| ngày)?|đăng lúc|"
    r"thời gian đăng|ngày xuất bản|ngày phát hành|posted|published|updated)(?!\w)\s*:?"
)


def _published(
    ntext: str, lay: Layout, head_end: int, reading: Callable[[str], DatesAndPeriods]
) -> dt.date | None:
    """The page's own date: one labelled as such near the top ("Ngày đăng: 06/01/2023",
    "Đăng ngày: …", "Cập nhật lúc 10:25, …"), else a date line near the top, chrome or not
    (a labelled date wins over the site's "today" in its top bar and over the day of the
    meeting the page reports)."""
    limit = max(head_end, 600)
    head = list(takewhile(lambda b: b.start <= limit, lay.blocks))
    low = _regex.lowered(ntext)
    # (a head holding none of the labels' words has no label: a few finds tell it)
    if head and _PUBLISHED_LABEL.may_hold(low, head[0].start, head[-1].end):
        for b in head:
            for label in _PUBLISHED_LABEL.finditer_low(ntext, low, b.start, b.end):
                for m in find_dates(ntext[label.end() : min(b.end, label.end() + 40)]):
                    if isinstance(m.value, dt.date):
                        return m.value
                    break
    for b in head:
        if _DIGIT.search(ntext, b.start, b.end) is None:
            continue  # a date with its year holds digits
        line = ntext[b.start : b.end]
        for m in reading(line).dates():
            if isinstance(m.value, dt.date) and (
                b.chrome
                or words_up_to(line, 12) <= 12
                or m.start == 0
                or line[max(0, m.start - 1)] == "("
                or _DATELINE.fullmatch(line, 0, m.start)
            ):
                return m.value
    return None


def _main_period(
    title: str | None,
    periods: Sequence[Match[ReportingPeriod]],
    lay: Layout,
    year: int | None,
    reading: Callable[[str], DatesAndPeriods],
) -> ReportingPeriod | None:
    """The period a report is about.

    In the title: the period a review word stands before ("Sơ kết 6 tháng đầu năm" over
    "tháng 6", "sơ kết"/"tổng kết" over "đánh giá"), never one of its plans; else the first.
    In the body likewise ("báo cáo tình hình thực hiện nhiệm vụ 9 tháng đầu năm 2021").
    """
    if title:
        found = [m for m in reading(title).periods(year=year) if _not_planned(title, m)]
        if found:
            return _reviewed(title, found).value
    body = [m for m in periods if lay.title is None or m.start >= lay.title.end]
    if body:
        return _reviewed(lay.norm.text, body).value
    return periods[0].value if periods else None


def _not_planned(text: str, m: Match[ReportingPeriod]) -> bool:
    return not _PLAN_BEFORE.search(text[max(0, m.start - 60) : m.start])


_PERIOD_LEAD = _regex.compile(
    r"[\W_]*(?:(?:riêng|trong|tính riêng|tính đến|tính đến hết|đến hết|lũy kế|luỹ kế|"
    r"cũng trong|sang|chỉ tính|kết quả)\s+)*",
    re.IGNORECASE,
)


_DURING_YEAR = _regex.compile(r"trong\s+năm$", re.IGNORECASE)


def _own_periods(
    text: str,
    start: int,
    end: int,
    periods: Sequence[Match[ReportingPeriod]],
    main: ReportingPeriod | None,
    drafts: Sequence[Draft],
) -> None:
    """Give facts the period their sentence or clause opens with, when it is not the report's.

    "Riêng quý IV, nghiệm thu 08 nhiệm vụ" in a year report is a figure for Q4, not more of
    the year; "Năm 2022, …" in a 2023 report is last year's. A period that opens the
    sentence covers it; one that opens a clause (after ";") covers that clause.
    """
    if not periods or not drafts:
        return
    spans: list[tuple[int, int, ReportingPeriod]] = []
    for m in periods:
        clause = max(text.rfind(";", start, m.start) + 1, start)
        lead = _PERIOD_LEAD.match(text, clause, m.start)
        if lead is None or lead.end() != m.start or m.value == main:
            continue
        if _DURING_YEAR.match(m.text) and main is not None and m.value.contains(main):
            continue  # "Trong năm, …" in a nine-month report: the report's own months
        stop = text.find(";", m.end, end)
        whole_sentence = clause == start
        spans.append((clause, end if whole_sentence or stop < 0 else stop, m.value))
    for draft in drafts:
        for s0, s1, period in spans:  # later (clause) spans override the sentence's
            if s0 <= max(draft.anchor, draft.start) < s1:
                draft.fields["period"] = period


def _reviewed(text: str, found: Sequence[Match[ReportingPeriod]]) -> Match[ReportingPeriod]:
    """The first match after a strong review word, else after any, else the first."""
    for cue in (_REVIEW_STRONG, _REVIEW_BEFORE):
        for m in found:
            if cue.search(text[max(0, m.start - 60) : m.start]):
                return m
    return found[0]


def _province(
    ntext: str,
    lay: Layout,
    body: Sequence[Any],
    published: dt.date | None,
    period: ReportingPeriod | None,
) -> Province | None:
    on = published or (period.end if period is not None else None)
    head = " ".join(ntext[b.start : b.end] for b in body[:4])
    if _is_national(ntext[lay.title.start : lay.title.end] if lay.title else "", head):
        return None
    scores: Counter[str] = Counter()
    first: dict[str, int] = {}
    units: dict[str, Province] = {}
    # one scan of the whole text: a name never runs across lines, so each line's mentions
    # are those it would give alone; those outside the body's lines are left out
    starts = [b.start for b in body]
    for m in Province.find_in(ntext, on=on) if body else ():
        k = bisect_right(starts, m.start) - 1
        if k < 0 or m.end > body[k].end:
            continue  # in chrome
        pid = m.value.id
        units[pid] = m.value
        weight = 3 if m.form == "prefixed" else 1
        if lay.title is not None and body[k].start == lay.title.start:
            weight += 3
        scores[pid] += weight
        first.setdefault(pid, m.start)
    if not scores:
        return None
    best = max(scores, key=lambda pid: (scores[pid], -first[pid]))
    return units[best]


def _read_body(
    ntext: str,
    lay: Layout,
    body: Sequence[Any],
    counts: Sequence[Any],
    money: Sequence[MoneySpan],
    periods: Sequence[Match[ReportingPeriod]],
    main: ReportingPeriod | None,
    year: int | None,
    cells_of: Callable[[Any], list[str] | None],
) -> list[Draft]:
    drafts: list[Draft] = []
    # tables of figures are read row by row, each at its first row
    table_at: dict[int, list[Draft]] = {}
    table_rows: set[int] = set()
    for table in find_tables(body, cells_of):
        table_at[table.rows[0][0]] = read_table(ntext, table, year, main)
        table_rows.update(start for start, _, _ in table.rows)
    context: dict[str, Any] = {}
    plan_mode = False
    low = _regex.lowered(ntext)  # the sentences' lowercase is cut from it (_cut)
    count_starts = [c.start for c in counts]
    money_starts = [m.start for m in money]
    ci = 0
    mi = 0
    pi = 0
    title_drafts: list[Draft] = []
    for b in body:
        if b.start in table_rows:
            drafts.extend(table_at.get(b.start, ()))
            continue
        block = ntext[b.start : b.end]
        if "|" not in block and cells_of(b) is not None:
            continue  # a row of cells split by tabs outside a table with a header: its
            # columns say nothing (read as prose, its row number would be a count)
        out = drafts
        if lay.title is not None and b.start == lay.title.start and words_up_to(block, 30) <= 30:
            # a headline restates the body: reading it would count twice. A title that is
            # the whole body, or ends like a sentence, is read, on its own context, and
            # keeps only the facts the body does not state again
            if len(body) > 1 and not block.rstrip().endswith((".", ";")):
                continue
            out = title_drafts
            context = {}
        default = "ke_hoach" if plan_mode else "ket_qua"
        if heading_stance(block):
            if words_up_to(block, 30) <= 30 or block.rstrip().endswith(":"):
                plan_mode = True
            default = "ke_hoach"
        elif _RESULT_HEADING.match(block):
            plan_mode = False
            default = "ket_qua"
        if (
            bisect_left(count_starts, b.start) == bisect_left(count_starts, b.end)
            and bisect_left(money_starts, b.start) == bisect_left(money_starts, b.end)
            and not has_named_ip(ntext, b.start, b.end)
        ):
            continue  # no sentence of the block has a figure to read
        for s in sentences(ntext, b.start, b.end):
            while ci < len(counts) and counts[ci].start < s.start:
                ci += 1
            cj = ci
            while cj < len(counts) and counts[cj].start < s.end:
                cj += 1
            while mi < len(money) and money[mi].start < s.start:
                mi += 1
            mj = mi
            while mj < len(money) and money[mj].start < s.end:
                mj += 1
            while pi < len(periods) and periods[pi].start < s.start:
                pi += 1
            pj = pi
            while pj < len(periods) and periods[pj].start < s.end:
                pj += 1
            if ci == cj and mi == mj and not has_named_ip(ntext, s.start, s.end):
                continue
            sentence = ntext[s.start : s.end]
            sentence_low = _cut(ntext, low, s.start, s.end)
            stance, cued = stance_and_cued(sentence, default, sentence_low)
            # a period after the report's own: what its clause states is planned
            later = []
            if stance == "ket_qua" and main is not None and not _DONE.search(sentence):
                later = [
                    p.start
                    for p in periods[pi:pj]
                    if p.value.start > main.end
                    and not _OF_PERIOD.search(ntext, max(s.start, p.start - 40), p.start)
                ]
            if (stance == "ke_hoach" or later) and heading_stance(sentence):
                default = "ke_hoach"
            made = read_sentence(
                ntext, s.start, s.end, counts[ci:cj], money[mi:mj], stance, context
            )
            if stance != "uoc":
                _by_nearest_cue(sentence, sentence_low, cued, s.start, made)
            for d in made if later else ():
                at = max(d.anchor, d.start)
                # "phê duyệt danh mục 09 nhiệm vụ thực hiện từ năm 2025" (in 2024): the year
                # after the tasks is when they run; approving them is done
                preparing = (d.type == "task" and d.fields.get("stage") in _PREPARING) or (
                    # "ban hành 01 kế hoạch thực hiện … năm 2025": the plan's year
                    d.type == "activity" and d.fields.get("activity") in _DOCUMENTS
                )
                head = d.anchor if d.parent is None else min(d.anchor, d.parent.anchor)
                if any(
                    _scopes(ntext, p, at, s.start) and not (preparing and p > head) for p in later
                ):
                    d.stance = "ke_hoach"
            # (a sentence without "kế hoạch", "chỉ tiêu" or "mục tiêu" sets no target)
            for d in made if _TARGET_BEFORE.may_hold(low, s.start, s.end) else ():
                # "42 dự án (kế hoạch 35 dự án)": the figure the plan set, no part of the 42
                if d.anchor > 0 and _TARGET_BEFORE.search_low(
                    ntext, low, max(s.start, d.anchor - 40), d.anchor
                ):
                    d.stance = "ke_hoach"
                    d.parent = None
            if (
                made
                and out
                and (_PARTS_LEAD.match(ntext, s.start) or _in_opened_list(ntext, s.start))
            ):
                _parts_of_previous(ntext, s.start, made, out)
            _own_periods(ntext, s.start, s.end, periods[pi:pj], main, made)
            if any(d.fields.get("running") for d in made):
                made = _without_unplaced_totals(made, _block_tail(out, b.start))
            if stance == "uoc" and (cut := estimate_from(sentence)):
                # the clauses before the estimate cue keep their own stance
                before = sentence_stance(sentence[:cut], default)
                for d in made:
                    if max(d.anchor, d.start) < s.start + cut:
                        d.stance = before
            out.extend(made)
        if out is title_drafts:
            context = {}
    _link_recaps(ntext, drafts)
    if title_drafts:
        restated = {_figure_key(d) for d in drafts}
        drafts[:0] = [d for d in title_drafts if _figure_key(d) not in restated]
    return drafts


# "Tổng hợp lại, qua kiểm tra 104 cơ sở, …": a sentence that sums up the operations before it
_RECAP_LEAD = _regex.compile(
    r"\s*(?:[-+•*]\s*)?(?:tổng hợp(?: lại| chung)?|tính chung|tổng cộng|nhìn chung|như vậy|"
    r"tóm lại|chung cả (?:năm|kỳ|đợt))\s*[,:]",
    re.IGNORECASE,
)
_RECAP_MEASURES = ("campaigns", "subjects", "violators")
_RECAP_REACH = 20


def _link_recaps(ntext: str, drafts: list[Draft]) -> None:
    """Make the operations a recap sums up its children.

    A recap opens its sentence on "Tổng hợp lại,", "Tính chung,", "Tổng cộng:" …; the
    operations it sums up are the ones just before it, of its stance, that add up to its
    figures: their establishments (or operations, or violators) add up to exactly its own,
    and none of its figures is exceeded. Without such a match nothing is linked.
    """
    top = [d for d in drafts if d.type == "enforcement" and d.parent is None]
    for k, recap in enumerate(top):
        if k == 0:
            continue
        begin = max(ntext.rfind(".", 0, recap.start), ntext.rfind("\n", 0, recap.start)) + 1
        if _RECAP_LEAD.match(ntext, begin) is None:
            continue
        own = {m: recap.fields[m] for m in _RECAP_MEASURES if recap.fields[m] is not None}
        if not own:
            continue
        sums = dict.fromkeys(own, 0)
        chosen: list[Draft] = []
        for d in reversed(top[max(0, k - _RECAP_REACH) : k]):
            if d.parent is not None:
                continue  # summed up by an earlier recap already
            if d.stance != recap.stance:
                break
            chosen.append(d)
            for m in own:
                sums[m] += d.fields[m] or 0
            if any(sums[m] > own[m] for m in own):
                break
            if any(sums[m] == own[m] for m in own):
                for part in chosen:
                    part.parent = recap
                break


# "… 04 cuộc thanh tra. Trong đó, 01 cuộc …; 03 cuộc …": a sentence listing the parts of
# the total the sentence before stated
_PARTS_LEAD = _regex.compile(
    r"\s*(?:[-+•*]\s*)?(?:trong đó|trong số (?:đó|này)|cụ thể|bao gồm|gồm)\s*[,:]", re.IGNORECASE
)
# "… 04 cuộc, trong đó:\n+ Thanh tra chuyên ngành: 02 cuộc …;\n+ Kiểm tra: 02 cuộc …": the
# items of a list that a total opens (this item and the ones before it, each on its line)
_LIST_OPENED = _regex.compile(
    r"(?:trong đó|trong số (?:đó|này)|cụ thể|bao gồm|gồm)\s*:[ \t]*\n"
    r"(?:[ \t]*[-+•*][^\n]*\n){0,20}$",
    re.IGNORECASE,
)
_BULLET_LINE = _regex.compile(r"[ \t]*[-+•*]\s")


def _in_opened_list(ntext: str, start: int) -> bool:
    """Whether the sentence at ``start`` is an item of a list that a total opened on the
    lines before it ("… 04 cuộc, trong đó:" then "+ …" lines)."""
    line = ntext.rfind("\n", 0, start) + 1
    if line == 0 or _BULLET_LINE.match(ntext, line) is None:
        return False
    lo = max(0, line - 1500)
    colon = ntext.rfind(":", lo, line)  # the opener ends on one (a cheap test first)
    return colon >= 0 and _LIST_OPENED.search(ntext, max(lo, colon - 40), line) is not None


_PART_FIGURE = {"enforcement": "campaigns", "task": "count", "ip": "count", "activity": "count"}
_PART_KEY = {"ip": "stage", "activity": "activity"}


def _parts_of_previous(ntext: str, start: int, made: Sequence[Draft], out: Sequence[Draft]) -> None:
    """Make the facts of a sentence opening on "Trong đó," parts of the total stated just
    before it, in the same paragraph: facts of its type and key (the stage, the activity;
    for operations, a kind that agrees) whose figures add up to no more than the total's."""
    previous = next((d for d in reversed(_block_tail(out, 0)) if d.parent is None), None)
    if previous is None or previous.end > start:
        return
    gap = ntext[previous.end : start]
    if "\n" in gap and not _in_opened_list(ntext, start):
        return
    if "\n" not in gap and len(gap) > 300:
        return
    figure = _PART_FIGURE[previous.type]
    if previous.type == "enforcement" and previous.fields["campaigns"] is None:
        # "… phát hiện 06 cơ sở có sai phạm. Trong đó, 02 cơ sở chỉ bị nhắc nhở; 04 cơ sở …"
        figure = "violators"
    whole = previous.fields.get(figure)
    if whole is None:
        return
    key = _PART_KEY.get(previous.type)
    parts = []
    for d in made:
        if d.parent is not None or d.type != previous.type or d.stance != previous.stance:
            continue
        if previous.type == "task":
            if not part_stage(previous.fields["stage"], d.fields["stage"]):
                continue
        elif key is not None and d.fields.get(key) != previous.fields.get(key):
            continue
        if (
            previous.type == "enforcement"
            and None
            not in (
                previous.fields["kind"],
                d.fields["kind"],
            )
            and previous.fields["kind"] != d.fields["kind"]
        ):
            continue
        if d.fields.get(figure) is None:
            return  # a part of unknown size: the parts cannot be checked against the total
        parts.append(d)
    if parts and sum(d.fields[figure] for d in parts) <= whole:
        for d in parts:
            d.parent = previous
            if d.type == "task" and d.fields["level"] is None:
                d.fields["level"] = previous.fields["level"]
            if d.type == "enforcement" and d.fields["kind"] is None:
                d.fields["kind"] = previous.fields["kind"]


def _block_tail(out: Sequence[Draft], start: int, most: int = 50) -> list[Draft]:
    """The last drafts of ``out`` (at most ``most``) that start at or after ``start``."""
    tail: list[Draft] = []
    for d in reversed(out):
        if d.start < start or len(tail) >= most:
            break
        tail.append(d)
    return tail[::-1]


def _without_unplaced_totals(made: list[Draft], before: Sequence[Draft]) -> list[Draft]:
    """Drop a running total read by ellipsis ("…; lũy kế đạt 24.530 phương tiện đo") that
    would be added to a result of the same activity in the same period, in its sentence or
    ``before`` it in its paragraph: when neither has a period of its own, the running total
    is no more of the same (left unread)."""
    plain = [
        d
        for d in (*before, *made)
        if d.type == "activity" and d.stance == "ket_qua" and d.fields.get("period") is None
    ]
    plain_ids = {id(d) for d in plain}
    per_activity = Counter(d.fields["activity"] for d in plain)
    out = []
    for d in made:
        running = d.fields.pop("running", False)
        if running and id(d) in plain_ids and per_activity[d.fields["activity"]] > 1:
            continue  # another plain result of the activity would be added to it
        out.append(d)
    return out


def _by_nearest_cue(
    sentence: str, low: str | None, cued: bool, start: int, made: Sequence[Draft]
) -> None:
    """In a sentence with both plan and done cues, each fact takes the stance of the last
    cue before its figure: "Đã nghiệm thu 12 nhiệm vụ, phấn đấu đến cuối năm nghiệm thu
    thêm 5 nhiệm vụ" states a result and a plan (``low``: the sentence's lowercase,
    ``cued``: whether it holds an estimate or plan cue)."""
    marks = cue_marks(sentence, low, cued=cued)
    if len({stance for _, stance in marks}) < 2:
        return
    ends = [end for end, _ in marks]
    for d in made:
        k = bisect_right(ends, max(d.anchor, d.start) - start)
        if k:
            d.stance = marks[k - 1][1]


# Task stages that prepare tasks for a later year: a period after their count is the tasks'
_PREPARING = frozenset(
    {
        "de_xuat",
        "xac_dinh_nhiem_vu",
        "phe_duyet_danh_muc",
        "tuyen_chon_giao",
        "xet_duyet_thuyet_minh",
        "tham_dinh_kinh_phi",
        "phe_duyet_thuc_hien",
        "ky_hop_dong",
    }
)


# Activities that issue documents: a later year after their count is the document's
_DOCUMENTS = frozenset({"ke_hoach_de_an", "van_ban_qppl", "quy_trinh_noi_bo"})


def _scopes(ntext: str, period_at: int, at: int, sentence_start: int) -> bool:
    """Whether a period mentioned at ``period_at`` governs the figure at ``at`` in the same
    sentence: both in one clause (no ";" between); or the period opens the sentence
    ("Trong tháng 9, …; …; kiểm tra 15 cửa hàng"), or stands in a label before a colon that
    opens the list the figure is in ("Nhiệm vụ tháng 3/2026: …; kiểm tra 30 cơ sở")."""
    lo, hi = min(at, period_at), max(at, period_at)
    semicolon = ntext.find(";", lo, hi)
    if semicolon < 0:
        return True
    if period_at > at:
        return False
    if _OPENING.fullmatch(ntext, sentence_start, period_at):
        return True
    colon = ntext.find(":", period_at, hi)
    return 0 <= colon < semicolon


def _figure_key(d: Draft) -> tuple[Any, ...]:
    """What a fact states, apart from where: two drafts with one key say the same thing."""
    f = d.fields
    return (
        d.type,
        f.get("count"),
        f.get("subjects"),
        f.get("violators"),
        f.get("campaigns"),
        str(f.get("fine")),
    )
