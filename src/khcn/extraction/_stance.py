"""Whether a sentence states a result, an estimate or a plan (domain.md §1).

A plan heading ("Phương hướng, nhiệm vụ 3 tháng cuối năm") turns what follows into plans;
a sentence may also carry its own cue ("sẽ", "phấn đấu", "ước thực hiện").
"""

from __future__ import annotations

import re
from functools import cache

from khcn import _regex
from khcn._data import load_json

__all__ = ["cue_marks", "estimate_from", "heading_stance", "sentence_stance", "stance_and_cued"]

_LEAD = r"^\s*(?:[-+*•]|\(?[0-9IVXivx]{1,4}[.)]|[a-zđ][.)])?\s*(?:về\s+|các\s+)?"


@cache
def _res() -> tuple[re.Pattern[str], _regex.Caseless, _regex.Caseless, _regex.Caseless]:
    heading, plan, estimate, done, _ = _patterns()
    return heading, plan, estimate, done


@cache
def _patterns() -> tuple[
    re.Pattern[str], _regex.Caseless, _regex.Caseless, _regex.Caseless, _regex.Caseless
]:
    """The heading pattern, and the plan, estimate, done and any-cue patterns (searched
    in the lowercase sentence)."""
    data = load_json("extraction.json")["stance"]

    def alt(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    heading = _regex.compile(_LEAD + f"(?:{alt(data['ke_hoach_heading'])})(?!\\w)", re.IGNORECASE)
    # sentence cues are patterns (a cue may need its context: "dự kiến" but not "dự kiến đạt")
    plan_cues = "|".join(data["ke_hoach_sentence_cue"])
    plan = _regex.Caseless(r"(?<!\w)(?:" + plan_cues + r")(?!\w)")
    # "Thỏa ước Madrid", "Công ước Paris", "quy ước": an agreement, not an estimate
    not_agreement = "".join(f"(?<!{w} )" for w in ("thỏa", "thoả", "công", "hiệp", "quy", "giao"))
    estimate = _regex.Caseless(f"(?<!\\w){not_agreement}(?:{alt(data['uoc_cue'])})(?!\\w)")
    done = _regex.Caseless(r"(?<!\w)(?:đã|đạt được)(?!\w)")
    # matches where an estimate or a plan cue does: a sentence it misses has neither
    any_cue = _regex.Caseless(f"(?<!\\w)(?:{alt(data['uoc_cue'])}|" + plan_cues + r")(?!\w)")
    return heading, plan, estimate, done, any_cue


def heading_stance(block: str) -> str | None:
    """The stance a block sets for what follows it, if it is a plan heading.

    >>> heading_stance("II. Phương hướng, nhiệm vụ 3 tháng cuối năm 2023")
    'ke_hoach'
    >>> heading_stance("Kết quả 9 tháng đầu năm") is None
    True
    """
    heading, _, _, _ = _res()
    return "ke_hoach" if heading.search(block) else None


def sentence_stance(sentence: str, default: str, low: str | None = None) -> str:
    """The stance of one sentence, given the stance its section sets (``low``: the
    sentence's :func:`_regex.lowered` form, when the caller has it).

    >>> sentence_stance("Ước thực hiện cả năm nghiệm thu 20 nhiệm vụ.", "ket_qua")
    'uoc'
    >>> sentence_stance("Trong thời gian tới, Sở sẽ kiểm tra 30 cơ sở.", "ket_qua")
    'ke_hoach'
    >>> sentence_stance("Đã nghiệm thu 8 nhiệm vụ.", "ket_qua")
    'ket_qua'
    """
    return stance_and_cued(sentence, default, low)[0]


def stance_and_cued(sentence: str, default: str, low: str | None = None) -> tuple[str, bool]:
    """:func:`sentence_stance`, and whether the sentence holds an estimate or plan cue
    (for :func:`cue_marks`, which then need not look for one again).

    >>> stance_and_cued("Đã nghiệm thu 8 nhiệm vụ, sẽ nghiệm thu 2 nhiệm vụ.", "ket_qua")
    ('ket_qua', True)
    """
    heading, plan, estimate, done, any_cue = _patterns()
    if low is None:
        low = _regex.lowered(sentence)  # once for the four caseless patterns
    cued = any_cue.search_low(sentence, low) is not None
    if cued and estimate.search_low(sentence, low):
        return "uoc", cued
    head = heading.search(sentence)
    if not cued and head is None:
        return default, cued  # no estimate, plan or heading cue
    cue = plan.search_low(sentence, low) if cued else None
    if head or cue:
        first_plan = cue or head
        first_done = done.search_low(sentence, low)
        if first_done is None or (first_plan and first_plan.start() < first_done.start()):
            return "ke_hoach", cued
    return default, cued


def cue_marks(
    sentence: str, low: str | None = None, *, cued: bool | None = None
) -> list[tuple[int, str]]:
    """Where the plan cues ("sẽ", "phấn đấu" …) and the done cues ("đã", "đạt được") of a
    sentence that holds both kinds end, with the stance each gives, in order; ``[]`` for a
    sentence with cues of one kind or none (``low``: the sentence's :func:`_regex.lowered`
    form, ``cued``: whether it holds an estimate or plan cue, when the caller knows).

    Such a sentence says for each figure what the last cue before it says: "Đã nghiệm thu
    12 nhiệm vụ, phấn đấu đến cuối năm nghiệm thu thêm 5 nhiệm vụ".

    >>> cue_marks("Đã nghiệm thu 12 nhiệm vụ, sẽ nghiệm thu thêm 5 nhiệm vụ.")
    [(2, 'ket_qua'), (29, 'ke_hoach')]
    >>> cue_marks("Sẽ nghiệm thu thêm 5 nhiệm vụ.")
    []
    """
    if cued is False:
        return []  # no plan cue
    if low is None:
        low = _regex.lowered(sentence)  # once for the three caseless patterns
    _, plan, _, done, any_cue = _patterns()
    if not done.may_hold(low):
        return []  # no done cue (two finds, before the patterns)

    done_marks = [(m.end(), "ket_qua") for m in done.finditer_low(sentence, low)]
    if not done_marks:
        return []
    if cued is None and next(any_cue.finditer_low(sentence, low), None) is None:
        return []
    plan_marks = [(m.end(), "ke_hoach") for m in plan.finditer_low(sentence, low)]
    if not plan_marks:
        return []
    return sorted(plan_marks + done_marks)


def estimate_from(sentence: str) -> int:
    """Where the estimate of a sentence begins: the clause of its first estimate cue.

    Figures in the clauses before it are results ("kiểm định 11.870 phương tiện đo (ước
    đến hết tháng 6 đạt 12.500 …)"); 0 when the cue is in the first clause or absent, or
    when a plan cue comes first.

    >>> s = "Đã kiểm định 1.200 phương tiện đo, ước cả năm đạt 2.500 phương tiện đo."
    >>> s[estimate_from(s):]
    ' ước cả năm đạt 2.500 phương tiện đo.'
    """
    heading, plan, estimate, _ = _res()
    m = estimate.search(sentence)
    if m is None:
        return 0
    cut = max(sentence.rfind(c, 0, m.start()) for c in ",;(")
    if cut < 0 or plan.search(sentence, 0, cut) or heading.search(sentence, 0, cut):
        return 0  # "Dự kiến đến hết năm, …, dự kiến đạt 100%": one projection throughout
    return cut + 1
