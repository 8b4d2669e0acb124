"""S&T tasks (nhiệm vụ KH&CN, domain.md §2): their enums, one task, and counted statements."""

from __future__ import annotations

from typing import Any

import attrs

from khcn.errors import ValidationError
from khcn.model._checks import (
    amount_of_money,
    count,
    frozenset_of,
    is_a,
    maybe,
    non_empty_text,
    optional_text,
    parent_id,
)
from khcn.model._dated import DatedVocabEnum
from khcn.model.evidence import Evidence
from khcn.model.money import Money
from khcn.model.period import ReportingPeriod
from khcn.model.qualifier import Qualifier
from khcn.model.stance import Stance

__all__ = [
    "AcceptanceGrade",
    "FundingMode",
    "FundingSource",
    "SciTechTask",
    "SelectionMode",
    "TaskCount",
    "TaskKind",
    "TaskLevel",
    "TaskStage",
]


class TaskLevel(DatedVocabEnum):
    """The level a task is managed at (domain.md §2.1).

    >>> from khcn import TaskLevel
    >>> TaskLevel.PROVINCIAL.value, TaskLevel.PROVINCIAL.label_vi
    ('tinh', 'cấp tỉnh')
    """

    NATIONAL = "quoc_gia"
    MINISTERIAL = "bo"
    PROVINCIAL = "tinh"
    GRASSROOTS = "co_so"


class TaskKind(DatedVocabEnum):
    """The kind of a task (domain.md §2.2).

    >>> from khcn import TaskKind
    >>> TaskKind.PILOT_PRODUCTION_PROJECT.value
    'du_an_sxtn'
    >>> "dự án SXTN" in TaskKind.PILOT_PRODUCTION_PROJECT.variants
    True
    """

    RESEARCH_PROJECT = "de_tai"
    PILOT_PRODUCTION_PROJECT = "du_an_sxtn"
    SCITECH_PROJECT = "du_an_khcn"
    SCIENCE_PROPOSAL = "de_an_khoa_hoc"
    GENETIC_RESOURCES = "nhiem_vu_quy_gen"
    PROGRAMME = "chuong_trinh"
    APPLICATION_PROJECT = "du_an_ung_dung"
    INNOVATION_TASK = "nhiem_vu_dmst"  # NĐ 268/2025
    SPECIAL = "dac_biet"
    SEED = "tiem_nang"


class SelectionMode(DatedVocabEnum):
    """How the host of a task was chosen (domain.md §2.3).

    >>> from khcn import SelectionMode
    >>> SelectionMode.DIRECT_ASSIGNMENT.label_vi
    'giao trực tiếp'
    """

    COMPETITION = "tuyen_chon"
    DIRECT_ASSIGNMENT = "giao_truc_tiep"
    COMMISSIONED = "dat_hang"
    GRANT = "tai_tro"
    INSTITUTIONAL = "nhiem_vu_co_so"


class TaskStage(DatedVocabEnum):
    """A stage of a task's life, in the usual order (domain.md §2.4).

    >>> from khcn import TaskStage
    >>> TaskStage.ACCEPTANCE.value
    'nghiem_thu'
    >>> TaskStage.ACCEPTANCE.label_vi
    'nghiệm thu'
    """

    PROPOSAL = "de_xuat"
    IDENTIFICATION = "xac_dinh_nhiem_vu"
    LIST_APPROVAL = "phe_duyet_danh_muc"
    HOST_SELECTION = "tuyen_chon_giao"
    PROPOSAL_REVIEW = "xet_duyet_thuyet_minh"
    BUDGET_APPRAISAL = "tham_dinh_kinh_phi"
    START_APPROVAL = "phe_duyet_thuc_hien"
    CONTRACT = "ky_hop_dong"
    IN_PROGRESS = "trien_khai"
    CARRIED_OVER = "chuyen_tiep"
    PROGRESS_CHECK = "kiem_tra_tien_do"
    AMENDMENT = "dieu_chinh"
    TERMINATION = "cham_dut"
    ACCEPTANCE = "nghiem_thu"
    RESULT_RECOGNITION = "cong_nhan_ket_qua"
    CLOSE_OUT = "thanh_ly"
    UPTAKE = "ung_dung"


class AcceptanceGrade(DatedVocabEnum):
    """The grade an acceptance council gives (TT 11/2014; ``kha`` and ``trung_binh`` are legacy).

    >>> from khcn import AcceptanceGrade
    >>> [g.value for g in AcceptanceGrade if not g.is_legacy]
    ['xuat_sac', 'dat', 'khong_dat']
    """

    EXCELLENT = "xuat_sac"
    PASS = "dat"
    FAIL = "khong_dat"
    GOOD = "kha"  # legacy
    AVERAGE = "trung_binh"  # legacy

    @property
    def is_legacy(self) -> bool:
        """True for the grades of older or provincial rules, not of TT 11/2014.

        >>> from khcn import AcceptanceGrade
        >>> AcceptanceGrade.GOOD.is_legacy, AcceptanceGrade.PASS.is_legacy
        (True, False)
        """
        return self._data().get("legacy") is True


class FundingMode(DatedVocabEnum):
    """How a task's budget is paid out (domain.md §2, funding).

    >>> from khcn import FundingMode
    >>> FundingMode.LUMP_SUM_FINAL.value
    'khoan_chi_san_pham_cuoi_cung'
    """

    LUMP_SUM_FINAL = "khoan_chi_san_pham_cuoi_cung"
    PARTIAL_LUMP_SUM = "khoan_chi_tung_phan"


class FundingSource(DatedVocabEnum):
    """Where a task's money comes from (domain.md §2, funding).

    >>> from khcn import FundingSource
    >>> "NSNN" in FundingSource.STATE_BUDGET.variants
    True
    """

    STATE_BUDGET = "ngan_sach_nha_nuoc"
    NON_STATE = "ngoai_ngan_sach"
    SCITECH_FUND = "quy_phat_trien_khcn"


def _code_or_title(instance: SciTechTask, _attribute: Any, value: str | None) -> None:
    optional_text(instance, _attribute, value)
    if instance.code is None and value is None:
        raise ValidationError("title", value, "a task needs a code or a title")


@attrs.frozen(kw_only=True)
class SciTechTask:
    """One named S&T task: its code, title, host, leader, budget and where it stands.

    Every field but the code or the title may be unknown (``None``).

    Attributes:
        code: the task's code as written ("ĐT.01/2023"), or ``None``.
        title: the task's title as written, or ``None``.
        level: the level it is managed at.
        kind: the kind of task.
        selection_mode: how its host was chosen.
        host: the host organisation (tổ chức chủ trì).
        leader: the task leader (chủ nhiệm).
        budget: its budget (a non-negative :class:`~khcn.Money`).
        period: the period it runs over.
        stage: the stage it has reached.
        grade: its acceptance grade, once accepted.
        funding_mode: how its budget is paid out.
        funding_sources: where its money comes from.

    >>> from khcn import Money, SciTechTask, TaskKind, TaskLevel
    >>> task = SciTechTask(
    ...     title="Nghiên cứu nhân giống chè",
    ...     level=TaskLevel.PROVINCIAL,
    ...     kind=TaskKind.RESEARCH_PROJECT,
    ...     budget=Money(850_000_000),
    ... )
    >>> task.level.label_vi
    'cấp tỉnh'
    >>> SciTechTask(leader="TS. Nguyễn Văn A")
    Traceback (most recent call last):
    khcn.errors.ValidationError: title=None: a task needs a code or a title
    """

    code: str | None = attrs.field(default=None, validator=optional_text)
    title: str | None = attrs.field(default=None, validator=_code_or_title)
    level: TaskLevel | None = attrs.field(default=None, validator=maybe(TaskLevel))
    kind: TaskKind | None = attrs.field(default=None, validator=maybe(TaskKind))
    selection_mode: SelectionMode | None = attrs.field(default=None, validator=maybe(SelectionMode))
    host: str | None = attrs.field(default=None, validator=optional_text)
    leader: str | None = attrs.field(default=None, validator=optional_text)
    budget: Money | None = attrs.field(default=None, validator=amount_of_money)
    period: ReportingPeriod | None = attrs.field(default=None, validator=maybe(ReportingPeriod))
    stage: TaskStage | None = attrs.field(default=None, validator=maybe(TaskStage))
    grade: AcceptanceGrade | None = attrs.field(default=None, validator=maybe(AcceptanceGrade))
    funding_mode: FundingMode | None = attrs.field(default=None, validator=maybe(FundingMode))
    funding_sources: frozenset[FundingSource] = attrs.field(
        default=frozenset(), validator=frozenset_of(FundingSource)
    )


_MAYBE_TASK = maybe(SciTechTask)


def _agrees_with_task(instance: TaskCount, _attribute: Any, task: SciTechTask | None) -> None:
    _MAYBE_TASK(instance, _attribute, task)
    if task is None:
        return
    if instance.count != 1 or instance.qualifier is not Qualifier.EXACT:
        raise ValidationError(
            "count", instance.count, "a count linked to one task must be exactly 1"
        )
    for name in ("level", "kind", "stage", "grade"):
        mine, theirs = getattr(instance, name), getattr(task, name)
        if mine is not None and theirs is not None and mine is not theirs:
            raise ValidationError(name, mine, f"disagrees with its task's {name} {theirs.value!r}")


@attrs.frozen(kw_only=True)
class TaskCount:
    """A counted statement about tasks in a report ("nghiệm thu 08 nhiệm vụ cấp tỉnh").

    A total and its parts are separate counts linked by ``parent``; a report that names a
    single task shows it as a count of 1 whose ``task`` is the :class:`SciTechTask`.

    Attributes:
        id: the fact's id, unique in its report.
        parent: the id of the total this count is part of, or ``None``.
        stance: result, estimate or plan.
        level: the tasks' level, when stated.
        kind: the tasks' kind, when stated.
        stage: the stage the count is attached to.
        count: how many, or ``None`` when stated without a number.
        qualifier: how ``count`` relates to the true figure ("trên", "khoảng").
        grade: the acceptance grade the count is about ("loại đạt là 11 nhiệm vụ").
        task: the one task named, for a count of 1.
        evidence: the source text span.
        period: the period this figure covers when it is not the report's own ("riêng
            quý IV, nghiệm thu 08 nhiệm vụ" in a year report); ``None`` means the report's.

    >>> from khcn import Qualifier, TaskCount, TaskLevel, TaskStage
    >>> fact = TaskCount(id="f1", stage=TaskStage.ACCEPTANCE, count=8, level=TaskLevel.PROVINCIAL)
    >>> fact.count, fact.qualifier is Qualifier.EXACT, fact.stance.value
    (8, True, 'ket_qua')
    >>> TaskCount(id="f2", stage=TaskStage.ACCEPTANCE, count=-1)
    Traceback (most recent call last):
    khcn.errors.ValidationError: count=-1: a count cannot be negative
    """

    id: str = attrs.field(validator=non_empty_text)
    parent: str | None = attrs.field(default=None, validator=parent_id)
    stance: Stance = attrs.field(default=Stance.RESULT, validator=is_a(Stance))
    level: TaskLevel | None = attrs.field(default=None, validator=maybe(TaskLevel))
    kind: TaskKind | None = attrs.field(default=None, validator=maybe(TaskKind))
    stage: TaskStage = attrs.field(validator=is_a(TaskStage))
    count: int | None = attrs.field(default=None, validator=count)
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, validator=is_a(Qualifier))
    grade: AcceptanceGrade | None = attrs.field(default=None, validator=maybe(AcceptanceGrade))
    task: SciTechTask | None = attrs.field(default=None, validator=_agrees_with_task)
    evidence: Evidence | None = attrs.field(default=None, validator=maybe(Evidence))
    period: ReportingPeriod | None = attrs.field(default=None, validator=maybe(ReportingPeriod))

    @classmethod
    def of_task(
        cls,
        task: SciTechTask,
        *,
        id: str,
        stage: TaskStage | None = None,
        stance: Stance = Stance.RESULT,
        parent: str | None = None,
        evidence: Evidence | None = None,
    ) -> TaskCount:
        """The count of 1 that shows one named task in a report's ``tasks`` view.

        Level, kind, stage and grade are taken from the task; ``stage`` is needed only
        when the task does not say.

        Args:
            task: the task named.
            id: the fact's id.
            stage: the stage the report puts the task at, if the task has none.
            stance: result, estimate or plan.
            parent: the id of the total the task is part of.
            evidence: the source text span.

        Returns:
            A ``TaskCount`` with ``count=1`` linked to ``task``.

        Raises:
            ValidationError: when neither the task nor ``stage`` gives a stage.

        >>> from khcn import SciTechTask, TaskCount, TaskStage
        >>> task = SciTechTask(code="ĐT.01/2023", stage=TaskStage.ACCEPTANCE)
        >>> fact = TaskCount.of_task(task, id="f3")
        >>> fact.count, fact.stage.value, fact.task.code
        (1, 'nghiem_thu', 'ĐT.01/2023')
        """
        chosen = stage if stage is not None else task.stage
        if chosen is None:
            raise ValidationError("stage", None, "neither the task nor the caller gives a stage")
        return cls(
            id=id,
            parent=parent,
            stance=stance,
            level=task.level,
            kind=task.kind,
            stage=chosen,
            count=1,
            grade=task.grade,
            task=task,
            evidence=evidence,
        )
