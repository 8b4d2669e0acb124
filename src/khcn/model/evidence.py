"""Where in a report a fact came from: a span of the source text."""

from __future__ import annotations

from typing import Any

import attrs

from khcn.errors import ValidationError
from khcn.model._checks import is_a

__all__ = ["Evidence"]


_INT = is_a(int)


def _start(_instance: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    _INT(_instance, attribute, value)
    if value < 0:
        raise ValidationError(attribute.name, value, "an offset cannot be negative")


_STR = is_a(str)


def _span_text(instance: Evidence, attribute: attrs.Attribute[str], value: str) -> None:
    """The text is a string as long as the span, which does not end before it starts."""
    _STR(instance, attribute, value)
    if instance.end < instance.start:
        raise ValidationError(
            "end",
            instance.end,
            f"the end ({instance.end}) comes before the start ({instance.start})",
        )
    if len(value) != instance.end - instance.start:
        raise ValidationError(
            "text",
            value,
            f"has {len(value)} characters but the span {instance.start}:{instance.end} "
            f"has {instance.end - instance.start}",
        )


@attrs.frozen
class Evidence:
    """The span of source text a fact was read from.

    Attributes:
        start: offset of the first character in the report's original text.
        end: offset just past the last character.
        text: ``source[start:end]``, exactly as written.

    >>> from khcn import Evidence
    >>> source = "Đã nghiệm thu 08 nhiệm vụ cấp tỉnh."
    >>> ev = Evidence.of(source, 3, 34)
    >>> ev
    Evidence(start=3, end=34, text='nghiệm thu 08 nhiệm vụ cấp tỉnh')
    >>> Evidence(start=5, end=2, text="")
    Traceback (most recent call last):
    khcn.errors.ValidationError: end=2: the end (2) comes before the start (5)
    """

    start: int = attrs.field(validator=_start)
    end: int = attrs.field(validator=_INT)
    text: str = attrs.field(validator=_span_text)

    @classmethod
    def of(cls, source: str, start: int, end: int) -> Evidence:
        """The evidence for ``source[start:end]``.

        Args:
            source: the report's original text.
            start: offset of the first character.
            end: offset just past the last character.

        Returns:
            An ``Evidence`` whose ``text`` is the slice.

        Raises:
            ValidationError: when the span does not lie inside ``source``.

        >>> from khcn import Evidence
        >>> Evidence.of("phạt 38,75 triệu đồng", 5, 21).text
        '38,75 triệu đồng'
        """
        if not 0 <= start <= end <= len(source):
            raise ValidationError(
                "end", end, f"the span {start}:{end} is not inside a text of {len(source)}"
            )
        return cls(start=start, end=end, text=source[start:end])
