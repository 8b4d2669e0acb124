"""The agencies report prose names (domain.md §6.4)."""

from __future__ import annotations

from khcn.model._dated import DatedVocabEnum

__all__ = ["Agency"]


class Agency(DatedVocabEnum):
    """An agency named in a report: the Sở, the UBND, the IP Office …

    Thanh tra Sở was abolished on 1 July 2025 (Luật Thanh tra 84/2025/QH15).

    >>> from khcn import Agency
    >>> Agency.IP_OFFICE.value, Agency.IP_OFFICE.label_vi
    ('cuc_shtt', 'Cục Sở hữu trí tuệ')
    >>> "Sở KH&CN" in Agency.DOST.variants
    True
    """

    DOST = "so_khcn"
    MOST = "bo_khcn"
    PEOPLES_COMMITTEE = "ubnd"
    PEOPLES_COUNCIL = "hdnd"
    PARTY_COMMITTEE = "tinh_uy"
    DEPARTMENT_INSPECTORATE = "thanh_tra_so"  # until 30/06/2025
    PROVINCIAL_INSPECTORATE = "thanh_tra_tinh"
    STANDARDS_SUBDEPARTMENT = "chi_cuc_tdc"
    IP_OFFICE = "cuc_shtt"
    RADIATION_AUTHORITY = "cuc_atbxhn"
    STANDARDS_COMMITTEE = "uy_ban_tcdlcl"
    MARKET_SURVEILLANCE = "qltt"
