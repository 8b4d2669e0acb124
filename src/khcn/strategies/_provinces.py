"""Hypothesis strategies for provinces (needs the ``khcn[testing]`` extra)."""

from __future__ import annotations

from hypothesis import strategies as st

from khcn.model.province import Era, Province

__all__ = ["provinces"]


def provinces(era: Era | str | None = None) -> st.SearchStrategy[Province]:
    """Any provincial unit of ``era`` (``"pre_2025"``, ``"from_2025"``), or of both eras.

    Shrinks towards the first unit by era and code (pre-2025 Hà Nội).

    >>> from hypothesis import given
    >>> from khcn.strategies._provinces import provinces
    >>> @given(provinces(era="from_2025"))
    ... def test_current(province):
    ...     assert province.successor is None and province.predecessors
    >>> test_current()
    """
    return st.sampled_from(Province.all(era))
