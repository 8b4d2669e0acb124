"""Intellectual property (sở hữu trí tuệ, domain.md §4): its enums, one filing, and counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from khcn.errors import ValidationError
from khcn.model._checks import (
    count,
    is_a,
    maybe,
    non_empty_text,
    optional_day,
    optional_text,
    parent_id,
    tuple_of,
)
from khcn.model._dated import DatedVocabEnum
from khcn.model.evidence import Evidence
from khcn.model.period import ReportingPeriod
from khcn.model.qualifier import Qualifier
from khcn.model.stance import Stance

__all__ = ["IPCount", "IPFiling", "IPObjectType", "IPStage"]


class IPObjectType(DatedVocabEnum):
    """The object an IP right or filing is about (domain.md §4.1).

    >>> from khcn import IPObjectType
    >>> IPObjectType.COLLECTIVE_MARK.value, IPObjectType.COLLECTIVE_MARK.label_vi
    ('nhan_hieu_tap_the', 'nhãn hiệu tập thể')
    """

    PATENT = "sang_che"
    UTILITY_SOLUTION = "giai_phap_huu_ich"
    INDUSTRIAL_DESIGN = "kieu_dang_cong_nghiep"
    TRADEMARK = "nhan_hieu"
    COLLECTIVE_MARK = "nhan_hieu_tap_the"
    CERTIFICATION_MARK = "nhan_hieu_chung_nhan"
    ASSOCIATED_MARKS = "nhan_hieu_lien_ket"
    WELL_KNOWN_MARK = "nhan_hieu_noi_tieng"
    GEOGRAPHICAL_INDICATION = "chi_dan_dia_ly"
    TRADE_NAME = "ten_thuong_mai"
    TRADE_SECRET = "bi_mat_kinh_doanh"
    LAYOUT_DESIGN = "thiet_ke_bo_tri"
    PLANT_VARIETY = "giong_cay_trong"
    COPYRIGHT = "quyen_tac_gia"
    INITIATIVE = "sang_kien"  # NĐ 13/2012; not an IP right


class IPStage(DatedVocabEnum):
    """The step of a filing's life a count is about (domain.md §4.2).

    >>> from khcn import IPStage
    >>> IPStage.GRANT.value
    'cap_van_bang'
    >>> "hệ thống Madrid" in IPStage.INTERNATIONAL_FILING.variants
    True
    """

    GUIDANCE = "huong_dan"  # counts applicants, not filings
    SUPPORT = "ho_tro"
    FILING = "nop_don"
    FORMAL_EXAMINATION = "tham_dinh_hinh_thuc"
    PUBLICATION = "cong_bo_don"
    SUBSTANTIVE_EXAMINATION = "tham_dinh_noi_dung"
    GRANT = "cap_van_bang"
    REFUSAL = "tu_choi"
    RENEWAL = "gia_han"
    INTERNATIONAL_FILING = "dang_ky_quoc_te"
    MANAGEMENT = "quan_ly_khai_thac"
    TERMINATION = "cham_dut_huy_bo"
    INITIATIVE_RECOGNITION = "cong_nhan_sang_kien"


_STRINGS = tuple_of(str)


def _jurisdictions(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    _STRINGS(instance, attribute, value)
    for name in value:
        if not name.strip():
            raise ValidationError(attribute.name, value, "a country name must not be empty")
    if len(set(value)) != len(value):
        raise ValidationError(attribute.name, value, "a country is named twice")


def _granted_after_filing(instance: IPFiling, attribute: Any, value: dt.date | None) -> None:
    optional_day(instance, attribute, value)
    filed = instance.filing_date
    if value is not None and filed is not None and value < filed:
        raise ValidationError(
            "grant_date", value, f"comes before the filing date {filed.isoformat()}"
        )


@attrs.frozen(kw_only=True)
class IPFiling:
    """One IP filing or title named in a report ("nhãn hiệu tập thể 'Chè Thái Nguyên'").

    Attributes:
        object_type: what is protected, or ``None`` when the text does not say.
        title: the title, mark or name as written.
        applicant: who filed (chủ đơn) or holds the title.
        jurisdictions: countries as written, for Madrid or other foreign filings; empty
            for a Vietnamese filing.
        filing_date: when it was filed.
        grant_date: when it was granted (not before ``filing_date``).
        number: the application or title number as written.
        stage: the step it has reached.

    >>> from khcn import IPFiling, IPObjectType, IPStage
    >>> filing = IPFiling(
    ...     object_type=IPObjectType.COLLECTIVE_MARK,
    ...     title="Chè Thái Nguyên",
    ...     jurisdictions=("Nga", "Nhật Bản", "Hàn Quốc"),
    ...     stage=IPStage.INTERNATIONAL_FILING,
    ... )
    >>> filing.jurisdictions
    ('Nga', 'Nhật Bản', 'Hàn Quốc')
    """

    object_type: IPObjectType | None = attrs.field(default=None, validator=maybe(IPObjectType))
    title: str | None = attrs.field(default=None, validator=optional_text)
    applicant: str | None = attrs.field(default=None, validator=optional_text)
    jurisdictions: tuple[str, ...] = attrs.field(default=(), validator=_jurisdictions)
    filing_date: dt.date | None = attrs.field(default=None, validator=optional_day)
    grant_date: dt.date | None = attrs.field(default=None, validator=_granted_after_filing)
    number: str | None = attrs.field(default=None, validator=optional_text)
    stage: IPStage | None = attrs.field(default=None, validator=maybe(IPStage))


_MAYBE_FILING = maybe(IPFiling)


def _agrees_with_filing(instance: IPCount, attribute: Any, filing: IPFiling | None) -> None:
    _MAYBE_FILING(instance, attribute, filing)
    if filing is None:
        return
    if instance.count != 1 or instance.qualifier is not Qualifier.EXACT:
        raise ValidationError(
            "count", instance.count, "a count linked to one filing must be exactly 1"
        )
    for name in ("object_type", "stage"):
        mine, theirs = getattr(instance, name), getattr(filing, name)
        if mine is not None and theirs is not None and mine is not theirs:
            raise ValidationError(
                name, mine, f"disagrees with its filing's {name} {theirs.value!r}"
            )


@attrs.frozen(kw_only=True)
class IPCount:
    """A counted IP statement in a report ("cấp trên 60 văn bằng bảo hộ").

    A count whose object type the text does not state keeps ``object_type=None``; khcn
    never guesses one. A report that names a single filing shows it as a count of 1 whose
    ``filing`` is the :class:`IPFiling`.

    Attributes:
        id: the fact's id, unique in its report.
        parent: the id of the total this count is part of, or ``None``.
        stance: result, estimate or plan.
        object_type: what is protected, or ``None`` when unstated.
        stage: the step counted (guidance, filing, grant …).
        count: how many, or ``None`` when stated without a number.
        qualifier: how ``count`` relates to the true figure.
        jurisdictions: countries as written, for foreign filings.
        filing: the one filing named, for a count of 1.
        evidence: the source text span.
        period: the period this figure covers when it is not the report's own ("riêng
            quý IV, nghiệm thu 08 nhiệm vụ" in a year report); ``None`` means the report's.

    >>> from khcn import IPCount, IPStage, Qualifier
    >>> fact = IPCount(id="f1", stage=IPStage.GRANT, count=60, qualifier=Qualifier.GT)
    >>> fact.object_type is None, fact.qualifier.label_vi
    (True, 'trên')
    """

    id: str = attrs.field(validator=non_empty_text)
    parent: str | None = attrs.field(default=None, validator=parent_id)
    stance: Stance = attrs.field(default=Stance.RESULT, validator=is_a(Stance))
    object_type: IPObjectType | None = attrs.field(default=None, validator=maybe(IPObjectType))
    stage: IPStage = attrs.field(validator=is_a(IPStage))
    count: int | None = attrs.field(default=None, validator=count)
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, validator=is_a(Qualifier))
    jurisdictions: tuple[str, ...] = attrs.field(default=(), validator=_jurisdictions)
    filing: IPFiling | None = attrs.field(default=None, validator=_agrees_with_filing)
    evidence: Evidence | None = attrs.field(default=None, validator=maybe(Evidence))
    period: ReportingPeriod | None = attrs.field(default=None, validator=maybe(ReportingPeriod))

    @classmethod
    def of_filing(
        cls,
        filing: IPFiling,
        *,
        id: str,
        stage: IPStage | None = None,
        stance: Stance = Stance.RESULT,
        parent: str | None = None,
        evidence: Evidence | None = None,
    ) -> IPCount:
        """The count of 1 that shows one named filing in a report's ``ip_filings`` view.

        Args:
            filing: the filing named.
            id: the fact's id.
            stage: the step the report puts it at, if the filing has none.
            stance: result, estimate or plan.
            parent: the id of the total it is part of.
            evidence: the source text span.

        Returns:
            An ``IPCount`` with ``count=1`` linked to ``filing``.

        Raises:
            ValidationError: when neither the filing nor ``stage`` gives a stage.

        >>> from khcn import IPCount, IPFiling, IPObjectType, IPStage
        >>> filing = IPFiling(object_type=IPObjectType.GEOGRAPHICAL_INDICATION, title="Bắc Kạn")
        >>> fact = IPCount.of_filing(filing, id="f2", stage=IPStage.GRANT)
        >>> fact.count, fact.object_type.value
        (1, 'chi_dan_dia_ly')
        """
        chosen = stage if stage is not None else filing.stage
        if chosen is None:
            raise ValidationError("stage", None, "neither the filing nor the caller gives a stage")
        return cls(
            id=id,
            parent=parent,
            stance=stance,
            object_type=filing.object_type,
            stage=chosen,
            count=1,
            jurisdictions=filing.jurisdictions,
            filing=filing,
            evidence=evidence,
        )
