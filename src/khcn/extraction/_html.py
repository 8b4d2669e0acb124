"""An HTML page to the text a reader sees, without the page's chrome.

khcn uses the standard library's ``html.parser``: it is maintained with CPython, tolerant of
the broken markup government portals publish, decodes every entity, and keeps the core
install free of compiled dependencies. Chrome is dropped by element (``nav``, ``footer``,
``aside``, ``script``, ``form`` …) and by class or id words (``menu``, ``share``,
``breadcrumb``, ``sidebar``, ``related``, ``counter`` …) before any text is read.
``header`` elements are kept unless their class names chrome: an article's header holds
its title. A line break inside the markup of a paragraph is a space, as on screen.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text", "looks_like_html"]

_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "head",
        "nav",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "iframe",
        "object",
        "canvas",
        "map",
    }
)
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "address",
        "title",
        "body",
        "html",
    }
)
_CELL_TAGS = frozenset({"td", "th"})
# Words in a class or id that mark page chrome (split on -, _ and spaces).
_CHROME_WORDS = frozenset(
    {
        "menu",
        "menubar",
        "navbar",
        "nav",
        "navigation",
        "breadcrumb",
        "breadcrumbs",
        "share",
        "social",
        "sharing",
        "footer",
        "sidebar",
        "related",
        "relate",
        "comment",
        "comments",
        "counter",
        "visitor",
        "visitors",
        "statistic",
        "statistics",
        "thongke",
        "widget",
        "banner",
        "advert",
        "ads",
        "toolbar",
        "print",
        "tags",
        "pagination",
        "copyright",
        "hotline",
        "login",
        "search",
        "othernews",
        "tinlienquan",
        "tinkhac",
        "topbar",
        "most",
        "mostread",
        "mostviewed",
        "popular",
        "trending",
        "docnhieu",
        "xemnhieu",
    }
)
_SPLIT_CLASS = re.compile(r"[\s_\-]+")
_MARKUP_BREAK = re.compile(r"[\r\n]+")
_HTML_SNIFF = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|div|p|article|section|span|table|br)\b[^>]*>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """True when ``text`` is an HTML page or fragment rather than plain prose.

    >>> from khcn.extraction._html import looks_like_html
    >>> looks_like_html("<html><body><p>Sở KH&amp;CN</p></body></html>")
    True
    >>> looks_like_html("Sở KH&CN tỉnh Hà Nam <không phải thẻ>")
    False
    """
    head = text[:4096]
    return len(_HTML_SNIFF.findall(head)) >= 2 or head.lstrip()[:9].lower() == "<!doctype"


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self._skip_depth = 0
        self.title = ""
        self.h1 = ""
        self._in_title = False
        self._in_h1 = False
        self._cells = 0  # cells opened so far in the current table row

    def _is_chrome(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _SKIP_TAGS:
            return True
        for name, value in attrs:
            if name in ("class", "id", "role") and value:
                words = _SPLIT_CLASS.split(value.lower())
                if any(w in _CHROME_WORDS for w in words):
                    return True
            if name == "aria-hidden" and value == "true":
                return True
            if name == "hidden":
                return True
            if name == "style" and value and "display:none" in value.replace(" ", "").lower():
                return True
        return False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "title":
            self._in_title = True
        if tag == "h1" and not self.h1:
            self._in_h1 = True
        if tag in _VOID_TAGS:
            if tag in ("br", "hr") and not self._skip_depth:
                self.parts.append("\n")
            return
        chrome = tag != "title" and self._is_chrome(tag, attrs)
        self._stack.append((tag, chrome))
        if chrome:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS and not self._skip_depth:
            if tag == "tr":
                self._cells = 0
            self.parts.append("\n")
        elif tag in _CELL_TAGS and not self._skip_depth:
            # the cells of a row stay apart, as "a | b | c" (see khcn.extraction._tables)
            self.parts.append(" | " if self._cells else " ")
            self._cells += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() in ("br", "hr") and not self._skip_depth:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag in _VOID_TAGS:
            return
        # Close the nearest open element of this name (tolerates mis-nesting).
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                for _, chrome in self._stack[i:]:
                    if chrome:
                        self._skip_depth -= 1
                del self._stack[i:]
                break
        if tag in _BLOCK_TAGS and not self._skip_depth:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not any(tag == "pre" for tag, _ in self._stack):
            # A line break in the markup is a space on screen: only elements break lines.
            data = _MARKUP_BREAK.sub(" ", data)
        if self._in_title:
            self.title += data
            return
        if self._in_h1:
            self.h1 += data
        if not self._skip_depth:
            self.parts.append(data)


_BLANK_LINES = re.compile(r"[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)+")
_LINE_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def html_to_text(page: str) -> tuple[str, str]:
    """The visible body text of an HTML page and its title, chrome removed.

    Paragraphs come out one per line, separated by a blank line.

    >>> from khcn.extraction._html import html_to_text
    >>> page = ('<html><head><title>Tin KH&amp;CN</title></head><body>'
    ...         '<nav>Trang chủ | Giới thiệu</nav>'
    ...         '<h1>Sơ kết 6 tháng đầu năm 2021</h1>'
    ...         '<div class="share-buttons">Facebook Zalo</div>'
    ...         '<p>Kiểm tra&nbsp;25 cơ sở.</p><footer>Địa chỉ: 01 Lê Lợi</footer>'
    ...         '</body></html>')
    >>> text, title = html_to_text(page)
    >>> print(text)
    Sơ kết 6 tháng đầu năm 2021
    <BLANKLINE>
    Kiểm tra 25 cơ sở.
    >>> title
    'Sơ kết 6 tháng đầu năm 2021'
    """
    collector = _TextCollector()
    collector.feed(page)
    collector.close()
    raw = "".join(collector.parts)
    lines = [_LINE_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    text = "\n\n".join(line for line in lines if line)
    title = _LINE_SPACES.sub(" ", collector.h1 or collector.title).strip()
    return text, title
