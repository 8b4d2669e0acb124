"""Whether a figure is an actual result, an estimate or a plan (domain.md §1.1)."""

from __future__ import annotations

from khcn.model._dated import DatedVocabEnum

__all__ = ["Stance"]


class Stance(DatedVocabEnum):
    """The stance of a figure: what happened, what is estimated, or what is planned.

    Figures dated before their period ends are estimates (``uoc``) even when unmarked.

    >>> from khcn import Stance
    >>> [s.value for s in Stance]
    ['ket_qua', 'uoc', 'ke_hoach']
    >>> Stance.ESTIMATE.label_vi
    'ước thực hiện'
    """

    RESULT = "ket_qua"  # đã, thực hiện được
    ESTIMATE = "uoc"  # ước thực hiện, dự kiến đạt
    PLAN = "ke_hoach"  # phương hướng, nhiệm vụ trọng tâm, chỉ tiêu
