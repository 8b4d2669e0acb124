"""A vocabulary enum whose members may hold only between two dates (domain.md §7.13).

``valid_from`` / ``valid_to`` are data, read from the member's entry in
``khcn/_data/vocabulary.json``; both bounds are inclusive days, and a missing bound
means "open". The English gloss (``"en"``) and the legacy flag live there too.
"""

from __future__ import annotations

import datetime as dt

from khcn._data import load_json
from khcn.model._vocab import VocabEnum

__all__ = ["DatedVocabEnum"]


class DatedVocabEnum(VocabEnum):
    """A :class:`VocabEnum` that also knows its English gloss and the days it applies to.

    >>> from khcn import InspectionClass
    >>> InspectionClass.ADMINISTRATIVE.valid_to
    datetime.date(2025, 6, 30)
    >>> InspectionClass.ADMINISTRATIVE.label_en
    'administrative inspection'
    """

    @property
    def label_en(self) -> str:
        """A short English gloss of the Vietnamese term.

        >>> from khcn import TaskStage
        >>> TaskStage.ACCEPTANCE.label_en
        'acceptance evaluation'
        """
        return str(self._data().get("en", self.name.lower().replace("_", " ")))

    @property
    def valid_from(self) -> dt.date | None:
        """First day this meaning applies, or ``None`` when it has no known start.

        >>> from khcn import EnforcementDomain
        >>> EnforcementDomain.POST_TELECOM.valid_from
        datetime.date(2025, 3, 1)
        >>> EnforcementDomain.METROLOGY.valid_from is None
        True
        """
        return self._day("valid_from")

    @property
    def valid_to(self) -> dt.date | None:
        """Last day this meaning applies, or ``None`` when it still applies.

        >>> from khcn import Agency
        >>> Agency.DEPARTMENT_INSPECTORATE.valid_to
        datetime.date(2025, 6, 30)
        """
        return self._day("valid_to")

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether this meaning applies on ``day`` (both bounds inclusive).

        Args:
            day: the day to test, usually a report's publication date.

        Returns:
            ``True`` when ``day`` lies between ``valid_from`` and ``valid_to``.

        >>> import datetime
        >>> from khcn import InspectionClass
        >>> InspectionClass.SPECIALISED.is_valid_on(datetime.date(2025, 6, 30))
        True
        >>> InspectionClass.SPECIALISED.is_valid_on(datetime.date(2025, 7, 1))
        False
        """
        start, end = self.valid_from, self.valid_to
        return (start is None or start <= day) and (end is None or day <= end)

    def _data(self) -> dict[str, object]:
        table = load_json("vocabulary.json").get(type(self).__name__, {})
        entry = table.get(self.value, {})
        return entry if isinstance(entry, dict) else {}

    def _day(self, key: str) -> dt.date | None:
        raw = self._data().get(key)
        return dt.date.fromisoformat(raw) if isinstance(raw, str) else None
