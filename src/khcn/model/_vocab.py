"""The base of every khcn enum: English member names, ASCII values, Vietnamese labels.

Labels and prose variants live in ``khcn/_data/vocabulary.json``, keyed by the enum's
class name and the member's value, so that vocabulary is data, not code.
"""

from __future__ import annotations

import enum

from khcn._data import load_json

__all__ = ["VocabEnum"]


class VocabEnum(str, enum.Enum):
    """An enum whose value is the ASCII id of a Vietnamese term and which knows its labels.

    Values are what goes into JSON and CSV; ``label_vi`` is the Vietnamese term and
    ``variants`` the spellings found in prose.

    >>> from khcn import Qualifier
    >>> Qualifier.GT.value, Qualifier.GT.label_vi
    ('gt', 'trên')
    >>> "hơn" in Qualifier.GT.variants
    True
    """

    @property
    def label_vi(self) -> str:
        """The main Vietnamese term for this member."""
        entry = _entry(type(self).__name__, self.value)
        return str(entry.get("label", self.value))

    @property
    def variants(self) -> tuple[str, ...]:
        """Spellings and abbreviations of this member found in report prose."""
        entry = _entry(type(self).__name__, self.value)
        variants = entry.get("variants", ())
        return tuple(str(v) for v in variants) if isinstance(variants, (list, tuple)) else ()

    def __str__(self) -> str:
        return str(self.value)


def _entry(enum_name: str, value: str) -> dict[str, object]:
    table = load_json("vocabulary.json").get(enum_name, {})
    entry = table.get(value, {})
    return entry if isinstance(entry, dict) else {}
