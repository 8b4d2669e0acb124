"""Other counted activities of a Sở KH&CN (domain.md §5): appraisals, licences, events …"""

from __future__ import annotations

import attrs

from khcn.model._checks import count, is_a, maybe, non_empty_text, optional_text, parent_id
from khcn.model._dated import DatedVocabEnum
from khcn.model.evidence import Evidence
from khcn.model.period import ReportingPeriod
from khcn.model.qualifier import Qualifier
from khcn.model.stance import Stance

__all__ = ["ActivityCount", "ActivityKind"]


class ActivityKind(DatedVocabEnum):
    """A countable activity that is not a task, an enforcement action or an IP filing.

    >>> from khcn import ActivityKind
    >>> ActivityKind.TECHNOLOGY_APPRAISAL.value
    'tham_dinh_cong_nghe'
    >>> ActivityKind.DIGITAL_TRANSFORMATION.valid_from
    datetime.date(2025, 3, 1)
    """

    TECHNOLOGY_APPRAISAL = "tham_dinh_cong_nghe"
    SCITECH_ENTERPRISE_CERTIFICATE = "gcn_doanh_nghiep_khcn"
    SCITECH_REGISTRATION = "gcn_hoat_dong_khcn"
    TECHNOLOGY_TRANSFER_REGISTRATION = "dang_ky_cgcn"
    RADIATION_LICENCE = "giay_phep_buc_xa"
    RADIATION_DECLARATION = "khai_bao_buc_xa"
    XRAY_INSPECTION = "kiem_dinh_x_quang"
    INSTRUMENT_VERIFICATION = "kiem_dinh_phuong_tien_do"
    SAMPLE_TESTING = "thu_nghiem_mau"
    CONFORMITY_DECLARATION = "hop_chuan_hop_quy"
    TBT_ALERT = "tbt"
    ADMINISTRATIVE_PROCEDURE = "thu_tuc_hanh_chinh"
    LEGAL_DOCUMENT = "van_ban_qppl"
    INTERNAL_PROCEDURE = "quy_trinh_noi_bo"
    PLAN_OR_SCHEME = "ke_hoach_de_an"
    INNOVATIVE_STARTUP = "khoi_nghiep_dmst"
    ONE_COMMUNE_ONE_PRODUCT = "ocop"
    TRACEABILITY = "truy_xuat_nguon_goc"
    MEASUREMENT_ASSURANCE = "dam_bao_do_luong"
    PRODUCTIVITY_QUALITY = "nang_suat_chat_luong"
    TRAINING_EVENT = "tap_huan_hoi_thao"
    PUBLICATION = "thong_tin_an_pham"
    TECHNOLOGY_MARKET = "ket_noi_cung_cau"
    DIGITAL_TRANSFORMATION = "chuyen_doi_so"  # from 01/03/2025


@attrs.frozen(kw_only=True)
class ActivityCount:
    """A counted activity in a report ("thẩm định công nghệ 12 dự án").

    Attributes:
        id: the fact's id, unique in its report.
        parent: the id of the total this count is part of, or ``None``.
        stance: result, estimate or plan.
        activity: what was done.
        count: how many, or ``None`` when stated without a number.
        qualifier: how ``count`` relates to the true figure.
        unit: the counted noun as written ("dự án", "hồ sơ", "doanh nghiệp").
        evidence: the source text span.
        period: the period this figure covers when it is not the report's own ("riêng
            quý IV, nghiệm thu 08 nhiệm vụ" in a year report); ``None`` means the report's.

    >>> from khcn import ActivityCount, ActivityKind
    >>> fact = ActivityCount(
    ...     id="f1", activity=ActivityKind.TECHNOLOGY_APPRAISAL, count=12, unit="dự án"
    ... )
    >>> fact.activity.label_vi, fact.count, fact.unit
    ('thẩm định công nghệ', 12, 'dự án')
    """

    id: str = attrs.field(validator=non_empty_text)
    parent: str | None = attrs.field(default=None, validator=parent_id)
    stance: Stance = attrs.field(default=Stance.RESULT, validator=is_a(Stance))
    activity: ActivityKind = attrs.field(validator=is_a(ActivityKind))
    count: int | None = attrs.field(default=None, validator=count)
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, validator=is_a(Qualifier))
    unit: str | None = attrs.field(default=None, validator=optional_text)
    evidence: Evidence | None = attrs.field(default=None, validator=maybe(Evidence))
    period: ReportingPeriod | None = attrs.field(default=None, validator=maybe(ReportingPeriod))
