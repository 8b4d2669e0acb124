"""The one match type every ``find_*`` returns."""

from __future__ import annotations

from typing import Generic, TypeVar

import attrs

__all__ = ["Match"]

T_co = TypeVar("T_co", covariant=True)


@attrs.frozen
class Match(Generic[T_co]):
    """A value found in running text, with where it was found.

    Attributes:
        value: what was read (a ``Money``, a ``date``, a ``ReportingPeriod`` …).
        start: offset of the first character, in the caller's own string.
        end: offset just past the last character, in the caller's own string.
        text: ``caller_string[start:end]``, exactly as the caller gave it.
        form: how the text put it, when that matters to a reader: ``"percent"`` for
            "16,5%", ``"spelled"`` for "hai mươi lăm", ``"giai_doan"`` for
            "giai đoạn 2021-2025"; ``None`` otherwise.

    >>> from khcn import find_money
    >>> text = "xử phạt 07 cơ sở, tổng số tiền 38,75 triệu đồng"
    >>> [m] = find_money(text)
    >>> m.text, m.start, m.end
    ('38,75 triệu đồng', 31, 47)
    >>> text[m.start:m.end] == m.text
    True
    """

    value: T_co
    start: int
    end: int
    text: str
    form: str | None = attrs.field(default=None, kw_only=True)
