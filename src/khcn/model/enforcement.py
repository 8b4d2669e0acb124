"""Enforcement (thanh tra, kiểm tra, xử phạt; domain.md §3): its enums and one action."""

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
    parent_id,
)
from khcn.model._dated import DatedVocabEnum
from khcn.model.evidence import Evidence
from khcn.model.money import Money
from khcn.model.period import ReportingPeriod
from khcn.model.qualifier import Qualifier
from khcn.model.stance import Stance

__all__ = [
    "EnforcementAction",
    "EnforcementDomain",
    "EnforcementKind",
    "EnforcementOutcome",
    "InspectionBasis",
    "InspectionClass",
]


class EnforcementKind(DatedVocabEnum):
    """What kind of enforcement operation (domain.md §3.1).

    >>> from khcn import EnforcementKind
    >>> [k.value for k in EnforcementKind]
    ['thanh_tra', 'kiem_tra', 'kiem_tra_hang_nhap_khau']
    """

    INSPECTION = "thanh_tra"
    CHECK = "kiem_tra"
    IMPORT_CHECK = "kiem_tra_hang_nhap_khau"  # counted in hồ sơ


class InspectionClass(DatedVocabEnum):
    """The legal class of an inspection; the split into two classes ended on 1 July 2025.

    >>> import datetime
    >>> from khcn import InspectionClass
    >>> [c.value for c in InspectionClass if c.is_valid_on(datetime.date(2025, 8, 1))]
    ['kiem_tra_chuyen_nganh']
    """

    ADMINISTRATIVE = "thanh_tra_hanh_chinh"  # until 30/06/2025
    SPECIALISED = "thanh_tra_chuyen_nganh"  # until 30/06/2025
    SPECIALISED_CHECK = "kiem_tra_chuyen_nganh"  # NĐ 217/2025 after 01/07/2025

    @property
    def kinds(self) -> frozenset[EnforcementKind]:
        """The enforcement kinds an operation of this class can be.

        >>> from khcn import InspectionClass
        >>> sorted(k.value for k in InspectionClass.SPECIALISED_CHECK.kinds)
        ['kiem_tra', 'kiem_tra_hang_nhap_khau']
        """
        if self is InspectionClass.SPECIALISED_CHECK:
            return frozenset({EnforcementKind.CHECK, EnforcementKind.IMPORT_CHECK})
        return frozenset({EnforcementKind.INSPECTION})


class InspectionBasis(DatedVocabEnum):
    """Why or how an operation was run: planned, unannounced, inter-agency … (domain.md §3.1).

    >>> from khcn import InspectionBasis
    >>> InspectionBasis.UNANNOUNCED.label_vi
    'đột xuất'
    """

    PLANNED = "theo_ke_hoach"
    UNANNOUNCED = "dot_xuat"
    ROUTINE = "thuong_xuyen"
    INTERAGENCY = "lien_nganh"
    THEMATIC = "chuyen_de"
    PEAK = "cao_diem"


class EnforcementDomain(DatedVocabEnum):
    """The field an operation covers (domain.md §3.2).

    >>> from khcn import EnforcementDomain
    >>> EnforcementDomain.FUEL.value, EnforcementDomain.FUEL.label_en
    ('xang_dau', 'fuel quality and pumps')
    """

    METROLOGY = "do_luong"
    STANDARDS = "tieu_chuan"
    GOODS_QUALITY = "chat_luong"
    LABELLING = "nhan_hang_hoa"
    BARCODES = "ma_so_ma_vach"
    PREPACKAGED = "hang_dong_goi_san"
    FUEL = "xang_dau"
    LPG = "khi_dau_mo_hoa_long"
    TAXI_METERS = "taximet"
    GOLD_JEWELLERY = "vang_trang_suc"
    RADIATION_SAFETY = "an_toan_buc_xa"
    INTELLECTUAL_PROPERTY = "so_huu_tri_tue"
    INDUSTRIAL_PROPERTY = "so_huu_cong_nghiep"
    TECHNOLOGY_TRANSFER = "chuyen_giao_cong_nghe"
    SCITECH_ACTIVITY = "hoat_dong_khcn"
    SCITECH_TASKS = "nhiem_vu_khcn"
    POST_TELECOM = "buu_chinh_vien_thong"  # from 01/03/2025


class EnforcementOutcome(DatedVocabEnum):
    """What an operation led to: sanctions, remedies, recommendations (domain.md §3.3).

    >>> from khcn import EnforcementOutcome
    >>> EnforcementOutcome.BUDGET_RECOVERY.label_vi
    'thu hồi nộp ngân sách'
    """

    WARNING = "canh_cao"
    FINE = "phat_tien"
    SUSPENSION = "tuoc_quyen"
    CONFISCATION = "tich_thu"
    REMEDIAL_MEASURES = "khac_phuc_hau_qua"
    BUDGET_RECOVERY = "thu_hoi_nop_ngan_sach"
    RECOMMENDATION = "kien_nghi"
    CRIMINAL_REFERRAL = "chuyen_dieu_tra"
    NO_VIOLATION = "khong_vi_pham"


_CLASSES = frozenset_of(InspectionClass)


def _classes_fit_kind(
    instance: EnforcementAction, attribute: Any, value: frozenset[InspectionClass]
) -> None:
    _CLASSES(instance, attribute, value)
    kind = instance.kind
    if kind is None:
        return
    for cls in sorted(value):
        if kind not in cls.kinds:
            raise ValidationError(
                "classes", value, f"{cls.value!r} cannot be the class of a {kind.value!r}"
            )


def _violators_fit_subjects(instance: EnforcementAction, attribute: Any, value: int | None) -> None:
    count(instance, attribute, value)
    subjects = instance.subjects
    if (
        value is not None
        and subjects is not None
        and instance.violators_qualifier is Qualifier.EXACT
        and instance.subjects_qualifier is Qualifier.EXACT
        and value > subjects
    ):
        raise ValidationError(
            "violators", value, f"more violators than the {subjects} subjects inspected"
        )


_QUALIFIER = is_a(Qualifier)


@attrs.frozen(kw_only=True)
class EnforcementAction:
    """One enforcement statement: how many operations, on whom, with what result.

    ``kind`` is ``None`` for a parent statement that covers several kinds ("02 cuộc thanh
    tra và 01 cuộc kiểm tra đối với 25 tổ chức"); one child per kind then carries that
    kind's ``campaigns``. Each count has its qualifier beside it.

    Attributes:
        id: the fact's id, unique in its report.
        parent: the id of the statement this one is part of, or ``None``.
        stance: result, estimate or plan.
        kind: thanh tra, kiểm tra or import check; ``None`` over mixed kinds.
        classes: legal classes (hành chính, chuyên ngành …).
        bases: planned, unannounced, inter-agency …
        domains: the fields covered.
        campaigns: the number of operations (cuộc).
        campaigns_qualifier: how ``campaigns`` relates to the true figure.
        subjects: establishments inspected (tổ chức, cá nhân, cơ sở).
        subjects_qualifier: how ``subjects`` relates to the true figure.
        violators: establishments found in breach or sanctioned.
        violators_qualifier: how ``violators`` relates to the true figure.
        fine: the total fine imposed, a :class:`~khcn.Money`; a legal band is not a fine.
        outcomes: sanctions and other results.
        evidence: the source text span.
        period: the period this figure covers when it is not the report's own ("riêng
            quý IV, nghiệm thu 08 nhiệm vụ" in a year report); ``None`` means the report's.

    >>> from khcn import EnforcementAction, EnforcementKind, Money
    >>> action = EnforcementAction(
    ...     id="f1", kind=EnforcementKind.INSPECTION, campaigns=2, subjects=25, violators=7,
    ...     fine=Money(38_750_000),
    ... )
    >>> action.fine.amount
    Decimal('38750000')
    >>> EnforcementAction(id="f2", subjects=5, violators=7)
    Traceback (most recent call last):
    khcn.errors.ValidationError: violators=7: more violators than the 5 subjects inspected
    """

    id: str = attrs.field(validator=non_empty_text)
    parent: str | None = attrs.field(default=None, validator=parent_id)
    stance: Stance = attrs.field(default=Stance.RESULT, validator=is_a(Stance))
    kind: EnforcementKind | None = attrs.field(default=None, validator=maybe(EnforcementKind))
    classes: frozenset[InspectionClass] = attrs.field(
        default=frozenset(), validator=_classes_fit_kind
    )
    bases: frozenset[InspectionBasis] = attrs.field(
        default=frozenset(), validator=frozenset_of(InspectionBasis)
    )
    domains: frozenset[EnforcementDomain] = attrs.field(
        default=frozenset(), validator=frozenset_of(EnforcementDomain)
    )
    campaigns: int | None = attrs.field(default=None, validator=count)
    campaigns_qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, validator=_QUALIFIER)
    subjects: int | None = attrs.field(default=None, validator=count)
    subjects_qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, validator=_QUALIFIER)
    violators: int | None = attrs.field(default=None, validator=_violators_fit_subjects)
    violators_qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, validator=_QUALIFIER)
    fine: Money | None = attrs.field(default=None, validator=amount_of_money)
    outcomes: frozenset[EnforcementOutcome] = attrs.field(
        default=frozenset(), validator=frozenset_of(EnforcementOutcome)
    )
    evidence: Evidence | None = attrs.field(default=None, validator=maybe(Evidence))
    period: ReportingPeriod | None = attrs.field(default=None, validator=maybe(ReportingPeriod))
