"""How a stated figure relates to the true one ("trên 60", "khoảng 1,5 tỷ", "5-7 triệu")."""

from __future__ import annotations

from khcn.model._vocab import VocabEnum

__all__ = ["Qualifier"]


class Qualifier(VocabEnum):
    """The qualifier set of khcn's domain reference (§7), shared by money and counts.

    The stated number is always kept as written; the qualifier says what it bounds.

    >>> from khcn import Qualifier
    >>> [q.value for q in Qualifier]
    ['exact', 'gt', 'ge', 'approx', 'lt_approx', 'lt', 'le', 'range']
    >>> Qualifier.LT_APPROX.label_vi
    'gần'
    >>> Qualifier.GT.is_lower_bound, Qualifier.LE.is_upper_bound
    (True, True)
    """

    EXACT = "exact"
    GT = "gt"  # trên, hơn: more than
    GE = "ge"  # ít nhất, tối thiểu: at least
    APPROX = "approx"  # khoảng, chừng, xấp xỉ: about
    LT_APPROX = "lt_approx"  # gần: nearly (below)
    LT = "lt"  # dưới: less than
    LE = "le"  # tối đa, không quá: at most
    RANGE = "range"  # từ 5 đến 7, 5-7

    @property
    def is_lower_bound(self) -> bool:
        """True when the stated figure is a floor ("trên", "ít nhất")."""
        return self in (Qualifier.GT, Qualifier.GE)

    @property
    def is_upper_bound(self) -> bool:
        """True when the stated figure is a ceiling ("dưới", "tối đa", "gần")."""
        return self in (Qualifier.LT, Qualifier.LE, Qualifier.LT_APPROX)
