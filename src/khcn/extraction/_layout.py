"""A report's layout: its title, the paragraphs of its body, and the page chrome around them.

Works on normalised text (``khcn.text``); spans are offsets into that text.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

import attrs

from khcn import _regex
from khcn._data import load_json
from khcn.text import NormalizedText, fold

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["Block", "Layout", "Sentence", "layout", "sentences", "words_up_to"]


@attrs.frozen
class Block:
    """A paragraph (one line of the normalised text) and whether it is page chrome."""

    start: int
    end: int
    chrome: bool


@attrs.frozen
class Sentence:
    """A sentence of the body, as a span of the normalised text."""

    start: int
    end: int


@attrs.frozen
class Layout:
    """The normalised text split into blocks, with the title block found."""

    norm: NormalizedText
    blocks: tuple[Block, ...]
    title: Block | None

    @property
    def text(self) -> str:
        """The normalised text."""
        return self.norm.text

    def body(self) -> tuple[Block, ...]:
        """The blocks that are not chrome, in order."""
        return tuple(b for b in self.blocks if not b.chrome)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = load_json("extraction.json")
    line = _regex.compile("|".join(f"(?:{p})" for p in data["chrome_line_patterns"]), re.IGNORECASE)
    tail = _regex.compile("|".join(f"(?:{p})" for p in data["chrome_tail_markers"]), re.IGNORECASE)
    return line, tail


_WORD = _regex.compile(r"\w+")
_DIGIT = _regex.compile(r"\d")


@cache
def _words_at_least(n: int) -> re.Pattern[str]:
    """A pattern that matches at the start of a text holding at least ``n`` words (runs of
    word characters), word by word: each ``\\w+`` must end where its word does, so no
    word is counted as two."""
    return re.compile(rf"(?:\W*\w+(?!\w)){{{n}}}")


def words_up_to(text: str, limit: int) -> int:
    """How many words ``text`` holds, counted no further than ``limit + 1``: enough to
    tell whether it holds more than ``limit``, without reading a long paragraph through.

    >>> words_up_to("Sở KH&CN tỉnh Thái Nguyên", 3), words_up_to("Sở KH&CN", 3)
    (4, 3)
    """
    # (one match in C tells a long paragraph; a short text's words are listed in C)
    if _words_at_least(limit + 1).match(text) is not None:
        return limit + 1
    return len(_WORD.findall(text))


def _is_menu_line(line: str) -> bool:
    """Short lines of navigation items: 'Trang chủ | Giới thiệu | Tin tức'."""
    return "|" in line and not _DIGIT.search(line)


def layout(norm: NormalizedText, *, title: str | None = None) -> Layout:
    """Split normalised text into line blocks, mark chrome, and find the title.

    >>> from khcn.text import normalize_with_map
    >>> text = ("Trang chủ » Tin tức\\nSơ kết 6 tháng đầu năm 2021\\nFacebook Zalo\\n"
    ...         "Kiểm tra 25 cơ sở.")
    >>> lay = layout(normalize_with_map(text))
    >>> [lay.text[b.start:b.end] for b in lay.body()]
    ['Sơ kết 6 tháng đầu năm 2021', 'Kiểm tra 25 cơ sở.']
    >>> lay.text[lay.title.start:lay.title.end]
    'Sơ kết 6 tháng đầu năm 2021'
    """
    text = norm.text
    line_re, tail_re = _patterns()
    blocks: list[Block] = []
    pos = 0
    in_tail = False
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        raw = text[pos:end]
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            s, e = pos + lead, pos + lead + len(stripped)
            if in_tail and words_up_to(stripped, 40) > 40:
                in_tail = False  # an article paragraph, not a related headline
            chrome = in_tail
            if (
                not chrome
                and len(stripped) < 200
                and (line_re.search(stripped) or _is_menu_line(stripped))
            ):
                chrome = True
                if tail_re.search(stripped):
                    in_tail = True  # "Tin liên quan": what follows are other articles
            blocks.append(Block(s, e, chrome))
        if nl < 0:
            break
        pos = nl + 1
    title_block = _find_title(blocks, text, title)
    if title_block is not None:
        key = fold(text[title_block.start : title_block.end])
        # Captions and headings that repeat the title carry nothing new.
        blocks = [
            Block(b.start, b.end, True)
            if b is not title_block
            and not b.chrome
            and b.end - b.start <= 2 * len(key) + 10  # only a short block can repeat it
            and _repeats_title(fold(text[b.start : b.end]), key)
            else b
            for b in blocks
        ]
        title_block = next(b for b in blocks if b.start == title_block.start)
    return Layout(norm=norm, blocks=tuple(blocks), title=title_block)


def _repeats_title(key: str, title_key: str) -> bool:
    """Whether a block (folded ``key``) restates the title: all of it, or most of it (a
    section heading that names one part of the title, "PHƯƠNG HƯỚNG NHIỆM VỤ NĂM 2020"
    under "Kết quả … năm 2019, phương hướng nhiệm vụ năm 2020", is no restatement)."""
    if not title_key:
        return False
    return key == title_key or (
        len(key) > 20 and key in title_key and 5 * len(key) >= 3 * len(title_key)
    )


def _find_title(blocks: list[Block], text: str, given: str | None) -> Block | None:
    body = [b for b in blocks if not b.chrome]
    if given:
        key = fold(given)
        for b in body[:12]:
            bkey = fold(text[b.start : b.end])
            if bkey == key or (key and bkey.startswith(key)):
                return b
    # An administrative document opens with a header (the issuing body, "Số: …/BC-…", the
    # national motto, the place and date) and names its kind ("BÁO CÁO") on a line of its
    # own: its title is the line after that.
    for b, following in pairwise(body[:15]):
        if _DOC_KIND.fullmatch(text[b.start : b.end]):
            if 2 <= words_up_to(text[following.start : following.end], 60) <= 60:
                return following
            break
    candidates = 0
    for b in body[:14]:
        line = text[b.start : b.end]
        if _HEADER_LINE.match(line):
            continue
        if 2 <= words_up_to(line, 60) <= 60:
            return b
        candidates += 1
        if candidates >= 6:
            break
    return None


_DOC_KIND = _regex.compile(
    r"\s*(?:báo cáo|tờ trình|kế hoạch|thông báo|chương trình|đề án)\s*", re.IGNORECASE
)
_HEADER_LINE = _regex.compile(
    r"\s*(?:cộng h[oò]à xã hội chủ nghĩa việt nam|độc lập\s*-\s*tự do\s*-\s*hạnh phúc"
    r"|số\s*:|(?:ubnd|[uủ]y ban nhân dân)\s+(?:tỉnh|thành phố|tp)\b"
    r"|[^\n,]{2,40},\s*ngày\s+\d{1,2}\s*(?:tháng|/))",
    re.IGNORECASE,
)


# the word before the stop, read at most 12 characters back (abbreviations are short;
# an unbounded \S*? rescans a long run of non-spaces from every position)
_SENTENCE_END = _regex.compile(r"(\S{0,12}?)[.!?]+(?: +|$)")
_STOP = _regex.compile(r"[.!?]")


def _sentence_ends(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """What ``_SENTENCE_END.finditer(text, start, end)`` gives, searched from near each stop.

    A match starts at most 12 characters before its first stop, so none starts earlier
    than 12 characters before the first stop after where the search resumes. Where the
    text holds no "!" or "?", each stop is found by ``str.find``, many times faster than
    the class scan.
    """
    dots_only = text.find("!", start, end) < 0 and text.find("?", start, end) < 0
    pos = start
    while True:
        if dots_only:
            stop = text.find(".", pos, end)
        else:
            found = _STOP.search(text, pos, end)
            stop = -1 if found is None else found.start()
        if stop < 0:
            return
        m = _SENTENCE_END.search(text, max(pos, stop - 12), end)
        if m is None:
            return
        yield m
        pos = m.end()  # never empty: a match holds a stop


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(load_json("extraction.json")["sentence_abbreviations"])


def sentences(text: str, start: int, end: int) -> list[Sentence]:
    """Split ``text[start:end]`` into sentences (at ``.``, ``!``, ``?`` before a capital).

    Semicolons do not end a sentence here: enforcement statements often run across them.

    >>> t = "Đã kiểm tra 25 cơ sở. Phát hiện 07 cơ sở vi phạm; xử phạt 38,75 triệu đồng. TP. Huế"
    >>> [t[s.start:s.end] for s in sentences(t, 0, len(t))]
    ['Đã kiểm tra 25 cơ sở.', 'Phát hiện 07 cơ sở vi phạm; xử phạt 38,75 triệu đồng.', 'TP. Huế']
    """
    out: list[Sentence] = []
    abbreviations = _abbreviations()
    s = start
    for m in _sentence_ends(text, start, end):
        stop = m.end()
        nxt = text[stop] if stop < end else ""
        if nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"'(-•+*"):
            continue
        if m.group(1).lower() in abbreviations and nxt:
            continue
        last = m.group().rstrip(" ")
        sentence_end = m.start() + len(last)
        if text[s:sentence_end].strip():
            out.append(Sentence(s, sentence_end))
        s = stop
    if text[s:end].strip():
        out.append(Sentence(s, end))
    return out
