"""Provinces: the 63 + 34 units, their names over time, lookup and the running-text finder."""

from __future__ import annotations

import copy
import itertools
import json
import pickle
import re
import subprocess
import sys
import time
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import khcn
from khcn import AmbiguousProvinceError, Province, ProvinceType, UnknownProvinceError
from khcn._data import load_json
from khcn.model import province as province_module
from khcn.model.province import Era
from khcn.strategies._provinces import provinces
from khcn.text import fold

ROOT = Path(__file__).resolve().parent.parent
BEFORE = date(2024, 1, 1)  # a day of the 63 units
AFTER = date(2025, 8, 1)  # a day of the 34 units

PRE = Province.all(Era.PRE_2025)
NEW = Province.all(Era.FROM_2025)

# domain.md §6.2, transcribed by hand (by name, independently of the build script's codes).
MERGES: dict[str, list[str]] = {
    "Hà Nội": ["Hà Nội"],
    "Cao Bằng": ["Cao Bằng"],
    "Tuyên Quang": ["Hà Giang", "Tuyên Quang"],
    "Điện Biên": ["Điện Biên"],
    "Lai Châu": ["Lai Châu"],
    "Sơn La": ["Sơn La"],
    "Lào Cai": ["Lào Cai", "Yên Bái"],
    "Thái Nguyên": ["Bắc Kạn", "Thái Nguyên"],
    "Lạng Sơn": ["Lạng Sơn"],
    "Quảng Ninh": ["Quảng Ninh"],
    "Bắc Ninh": ["Bắc Giang", "Bắc Ninh"],
    "Phú Thọ": ["Hòa Bình", "Phú Thọ", "Vĩnh Phúc"],
    "Hải Phòng": ["Hải Dương", "Hải Phòng"],
    "Hưng Yên": ["Hưng Yên", "Thái Bình"],
    "Ninh Bình": ["Hà Nam", "Nam Định", "Ninh Bình"],
    "Thanh Hóa": ["Thanh Hóa"],
    "Nghệ An": ["Nghệ An"],
    "Hà Tĩnh": ["Hà Tĩnh"],
    "Quảng Trị": ["Quảng Bình", "Quảng Trị"],
    "Huế": ["Thừa Thiên Huế"],
    "Đà Nẵng": ["Đà Nẵng", "Quảng Nam"],
    "Quảng Ngãi": ["Quảng Ngãi", "Kon Tum"],
    "Gia Lai": ["Bình Định", "Gia Lai"],
    "Khánh Hòa": ["Khánh Hòa", "Ninh Thuận"],
    "Đắk Lắk": ["Phú Yên", "Đắk Lắk"],
    "Lâm Đồng": ["Bình Thuận", "Đắk Nông", "Lâm Đồng"],
    "Đồng Nai": ["Bình Phước", "Đồng Nai"],
    "Hồ Chí Minh": ["Bình Dương", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"],
    "Tây Ninh": ["Tây Ninh", "Long An"],
    "Đồng Tháp": ["Tiền Giang", "Đồng Tháp"],
    "Vĩnh Long": ["Bến Tre", "Trà Vinh", "Vĩnh Long"],
    "An Giang": ["An Giang", "Kiên Giang"],
    "Cần Thơ": ["Cần Thơ", "Hậu Giang", "Sóc Trăng"],
    "Cà Mau": ["Bạc Liêu", "Cà Mau"],
}

# The spellings and abbreviations the issue lists (plus domain.md §6.4), with the unit
# each must give without a day.
LISTED: list[tuple[str, str]] = [
    ("TP.HCM", "from_2025:79"),
    ("TP HCM", "from_2025:79"),
    ("Tp.HCM", "from_2025:79"),
    ("TP. Hồ Chí Minh", "from_2025:79"),
    ("Thành phố Hồ Chí Minh", "from_2025:79"),
    ("TPHCM", "from_2025:79"),
    ("HCMC", "from_2025:79"),
    ("Sài Gòn", "from_2025:79"),
    ("BR-VT", "pre_2025:77"),
    ("BRVT", "pre_2025:77"),
    ("Bà Rịa – Vũng Tàu", "pre_2025:77"),
    ("Bà Rịa - Vũng Tàu", "pre_2025:77"),
    ("Thừa Thiên Huế", "pre_2025:46"),
    ("TT-Huế", "pre_2025:46"),
    ("TT Huế", "pre_2025:46"),
    ("TTH", "pre_2025:46"),
    ("Huế", "from_2025:46"),
    ("TP Huế", "from_2025:46"),
    ("Hà Nam", "pre_2025:35"),
    ("Đắk Lắk", "from_2025:66"),
    ("Đắc Lắc", "from_2025:66"),
    ("Daklak", "from_2025:66"),
    ("Đắk Nông", "pre_2025:67"),
    ("Đắc Nông", "pre_2025:67"),
    ("Bắc Kạn", "pre_2025:06"),
    ("Bắc Cạn", "pre_2025:06"),
    ("Kon Tum", "pre_2025:62"),
    ("Kontum", "pre_2025:62"),
    ("Hòa Bình", "pre_2025:17"),
    ("Hoà Bình", "pre_2025:17"),
    ("Thanh Hoá", "from_2025:38"),
    ("Thái Nguyên", "from_2025:19"),
    ("Lào Cai", "from_2025:15"),
    ("Yên Bái", "pre_2025:15"),
    ("Long An", "pre_2025:80"),
    ("Hà Nội", "from_2025:01"),
    ("Thủ đô Hà Nội", "from_2025:01"),
]
assert len({s for s, _ in LISTED}) == len(LISTED), "listed spellings must be unique"

PREFIXES = ["tỉnh ", "Tỉnh ", "thành phố ", "Thành phố ", "TP ", "TP.", "TP. ", "Tp ", "Tp. "]


def _every_spelling() -> list[tuple[str, Province]]:
    return [(v, p) for p in Province.all() for v in (*p.variants, p.name, p.full_name, p.slug)]


def _prefixed(spelling: str) -> list[str]:
    """The spelling with each prefix, unless it carries one already ("Tỉnh Hà Giang")."""
    if province_module._words(spelling) != fold(spelling).split():
        return [spelling]
    return [prefix + spelling for prefix in PREFIXES]


def _day_in(province: Province) -> date:
    return BEFORE if province.era is Era.PRE_2025 else AFTER


# -- the table --------------------------------------------------------------------------


def test_table_has_63_then_34_units_with_unique_ids_and_slugs() -> None:
    assert (len(PRE), len(NEW), len(Province.all())) == (63, 34, 97)
    assert len({p.id for p in Province.all()}) == 97
    for era_units in (PRE, NEW):
        assert len({p.code for p in era_units}) == len(era_units)
        assert len({p.slug for p in era_units}) == len(era_units)
        assert all(len(p.code) == 2 and p.code.isdigit() for p in era_units)
    assert [p.code for p in NEW] == sorted(p.code for p in NEW)


def test_validity_dates_follow_the_eras() -> None:
    assert all(p.valid_from is None and p.valid_to == date(2025, 6, 30) for p in PRE)
    assert all(p.valid_from == date(2025, 7, 1) and p.valid_to is None for p in NEW)
    assert Province.in_force(date(2025, 6, 30)) == PRE
    assert Province.in_force(date(2025, 7, 1)) == NEW
    assert Province.in_force(datetime(2030, 1, 1, 12)) == NEW
    assert Province.in_force(date(1990, 1, 1)) == PRE
    assert Province.all("from_2025") == NEW
    with pytest.raises(ValueError, match="pre_2024"):
        Province.all("pre_2024")


def test_current_units_match_the_vietnam_provinces_oracle() -> None:
    vp = pytest.importorskip("vietnam_provinces")
    oracle = {f"{int(p.code.value):02d}": p for p in vp.Province.iter_all()}
    assert set(oracle) == {p.code for p in NEW}
    for unit in NEW:
        theirs = oracle[unit.code]
        assert unit.slug == theirs.codename
        is_city = theirs.division_type.value == "thành phố trung ương"
        assert unit.type is (ProvinceType.CITY if is_city else ProvinceType.PROVINCE)
        # The oracle writes cities with their type word ("Thành phố Hà Nội").
        assert theirs.name in (unit.name, unit.full_name)


def test_merger_map_matches_domain_reference() -> None:
    by_name = {p.name: p for p in NEW}
    assert set(by_name) == set(MERGES)
    for new_name, old_names in MERGES.items():
        assert sorted(p.name for p in by_name[new_name].predecessors) == sorted(old_names)


def test_every_old_unit_has_a_successor_and_predecessors_are_exactly_those_naming_it() -> None:
    for old in PRE:
        assert old.successor is not None
        assert old.successor.era is Era.FROM_2025
        assert old in old.successor.predecessors
    for new in NEW:
        assert new.successor is None
        assert set(new.predecessors) == {p for p in PRE if p.successor == new}
        # Code reuse: each new unit keeps the code of one old unit it absorbs (its seat).
        assert new.code in {p.code for p in new.predecessors}


@pytest.mark.parametrize(
    ("name", "old_code", "new_code"),
    [
        ("Lào Cai", "10", "15"),
        ("Bắc Ninh", "27", "24"),
        ("Gia Lai", "64", "52"),
        ("Tây Ninh", "72", "80"),
        ("Đồng Tháp", "87", "82"),
        ("An Giang", "89", "91"),
    ],
)
def test_code_reuse_trap(name: str, old_code: str, new_code: str) -> None:
    assert Province.lookup(name, on=date(2024, 1, 1)).code == old_code
    assert Province.lookup(name).code == new_code
    assert Province.lookup(name, on=AFTER).code == new_code
    # ... and the old holder of the new code is another province.
    assert Province.from_id(f"pre_2025:{new_code}").name != name or old_code == new_code


def test_names_use_modern_spelling_and_keep_old_ones_as_variants() -> None:
    hoa_binh = Province.from_id("pre_2025:17")
    assert hoa_binh.name == "Hòa Bình"
    assert "Hoà Bình" in hoa_binh.variants
    assert Province.from_id("pre_2025:77").name == "Bà Rịa - Vũng Tàu"
    for unit in Province.all():
        assert unicodedata.is_normalized("NFC", unit.name)
        assert "oà" not in unit.name
        assert "oá" not in unit.name


def test_thua_thien_hue_is_renamed_hue_on_1_january_2025() -> None:
    old = Province.from_id("pre_2025:46")
    assert (old.name, old.type, old.slug) == (
        "Thừa Thiên Huế",
        ProvinceType.PROVINCE,
        "thua_thien_hue",
    )
    assert old.name_on(date(2024, 12, 31)) == "Thừa Thiên Huế"
    assert old.type_on(date(2024, 12, 31)) is ProvinceType.PROVINCE
    assert old.name_on(date(2025, 1, 1)) == "Huế"
    assert old.type_on(datetime(2025, 3, 1, 8, 0)) is ProvinceType.CITY
    assert Province.lookup("Huế", on=date(2025, 3, 1)) == old
    assert Province.lookup("Thành phố Huế", on=date(2025, 7, 1)).id == "from_2025:46"
    assert old.successor == Province.from_id("from_2025:46")
    # Other units never change name within their era.
    assert Province.from_id("pre_2025:01").name_on(date(2025, 1, 1)) == "Hà Nội"


# -- identity ----------------------------------------------------------------------------


def test_identity_is_the_era_qualified_id() -> None:
    old, new = Province.from_id("pre_2025:79"), Province.from_id("from_2025:79")
    assert old != new
    assert old.name == new.name == "Hồ Chí Minh"
    assert len(set(Province.all())) == 97
    twin = attrs.evolve(old, name="Sài Gòn", variants=())
    assert twin == old
    assert hash(twin) == hash(old)
    not_a_province: object = "pre_2025:79"
    assert old != not_a_province


def test_from_id_inverts_id_and_rejects_unknown_ids() -> None:
    for unit in Province.all():
        assert Province.from_id(unit.id) is unit
    for bad in ("77", "pre_2025:78", "from_2025:77", "ba_ria_vung_tau", ""):
        with pytest.raises(UnknownProvinceError) as info:
            Province.from_id(bad)
        assert info.value.name == bad


def test_repr_eq_hash_do_not_recurse_through_successors() -> None:
    hcm = Province.from_id("from_2025:79")
    assert repr(hcm) == "Province(id='from_2025:79', name='Hồ Chí Minh')"
    assert all(repr(p).startswith("Province(id=") for p in Province.all())
    assert {p.successor for p in PRE} == set(NEW)


def test_provinces_are_frozen_and_pickle() -> None:
    unit = Province.from_id("pre_2025:77")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        unit.name = "x"  # type: ignore[misc]
    again = pickle.loads(pickle.dumps(unit))
    assert again == unit
    assert again.successor == unit.successor


def test_enums_have_vietnamese_labels() -> None:
    assert ProvinceType.PROVINCE.value == "tinh"
    assert ProvinceType.CITY.value == "thanh_pho"
    assert ProvinceType.PROVINCE.label_vi == "tỉnh"
    assert "TP." in ProvinceType.CITY.variants
    assert [e.value for e in Era] == ["pre_2025", "from_2025"]
    assert all(e.label_vi != e.value for e in Era)
    assert Era.on(date(2025, 6, 30)) is Era.PRE_2025
    assert Era.on(datetime(2025, 7, 1, 0, 1)) is Era.FROM_2025


# -- lookup --------------------------------------------------------------------------------


@pytest.mark.parametrize(("spelling", "expected"), LISTED)
def test_listed_spellings(spelling: str, expected: str) -> None:
    assert Province.lookup(spelling).id == expected
    assert Province.lookup(unicodedata.normalize("NFD", spelling)).id == expected
    assert Province.lookup(f"  {spelling.upper()} ").id == expected


@pytest.mark.parametrize(("spelling", "unit"), _every_spelling())
def test_every_spelling_of_every_unit(spelling: str, unit: Province) -> None:
    day = _day_in(unit)
    assert Province.lookup(spelling, on=day) == unit
    assert Province.lookup(unicodedata.normalize("NFD", spelling), on=day) == unit
    assert Province.lookup(fold(spelling), on=day) == unit
    for prefixed in _prefixed(spelling):
        assert Province.lookup(prefixed, on=day) == unit
    # Without a day: today's unit if one bears the name, else this (old) unit.
    found = Province.lookup(spelling)
    if found != unit:
        assert unit.era is Era.PRE_2025
        assert found.era is Era.FROM_2025
        assert found.is_valid_on(date.today())
    # On a later day, an old unit's name gives the unit it merged into.
    if unit.era is Era.PRE_2025:
        assert Province.lookup(spelling, on=AFTER) == unit.successor


def test_old_names_give_the_old_unit_whose_successor_points_on() -> None:
    brvt = Province.lookup("BR-VT")
    assert brvt.id == "pre_2025:77"
    assert brvt.successor is not None
    assert brvt.successor.id == "from_2025:79"
    ha_nam = Province.lookup("tỉnh Hà Nam")
    assert ha_nam.successor == Province.lookup("Ninh Bình")
    assert Province.lookup("Bắc Kạn").successor == Province.lookup("Thái Nguyên")


def test_lookup_by_date() -> None:
    assert Province.lookup("Thái Nguyên", on=date(2025, 6, 30)).id == "pre_2025:19"
    assert Province.lookup("Thái Nguyên", on=date(2025, 7, 1)).id == "from_2025:19"
    assert Province.lookup("TP.HCM", on=datetime(2020, 5, 1, 9, 30)).id == "pre_2025:79"
    assert Province.lookup("Bình Dương", on=AFTER).id == "from_2025:79"
    assert Province.lookup("Yên Bái", on=AFTER).id == "from_2025:15"
    assert Province.lookup("Bắc Giang", on=AFTER).name == "Bắc Ninh"


def test_unknown_names_raise_with_closest_candidates() -> None:
    with pytest.raises(UnknownProvinceError) as info:
        Province.lookup("Thai Nguen")
    assert info.value.candidates[0] == "Thái Nguyên"
    assert info.value.name == "Thai Nguen"
    assert "Thái Nguyên" in str(info.value)
    with pytest.raises(UnknownProvinceError) as info:
        Province.lookup("tỉnh Quang Nam Da Nag")
    assert "Quảng Nam" in info.value.candidates
    for nothing in ("Atlantis", "", "   ", "tỉnh", "Tây Nguyên", "ĐBSCL"):
        with pytest.raises(UnknownProvinceError):
            Province.lookup(nothing)
    with pytest.raises(TypeError):
        Province.lookup(77)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Province.lookup("Hà Nam", on="2024-01-01")  # type: ignore[arg-type]


def test_ambiguous_only_when_two_units_in_force_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = copy.deepcopy(load_json("provinces.json"))
    for row in raw["units"]:
        if row["id"] == "pre_2025:36":  # Nam Định: pretend prose also calls it "Hà Nam"
            row["variants"].append("Hà Nam")
    fake = province_module._build_table(raw)
    monkeypatch.setattr(province_module, "_table", lambda: fake)
    with pytest.raises(AmbiguousProvinceError) as info:
        Province.lookup("Hà Nam")
    assert len(info.value.candidates) == 2
    assert any("pre_2025:35" in c for c in info.value.candidates)
    assert any("pre_2025:36" in c for c in info.value.candidates)
    # Both merged into Ninh Bình: after 1 July 2025 the name is no longer ambiguous.
    assert Province.lookup("Hà Nam", on=AFTER).id == "from_2025:37"
    # The finder leaves an ambiguous mention out rather than raising.
    assert [m.text for m in Province.find_in("tỉnh Hà Nam và tỉnh Nam Định")] == ["tỉnh Nam Định"]


def test_broken_data_file_raises_data_error(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = copy.deepcopy(load_json("provinces.json"))
    del raw["units"][0]["slug"]
    monkeypatch.setattr(province_module, "load_json", lambda name: raw)
    # Build afresh, bypassing (and keeping) the cached table.
    with pytest.raises(khcn.DataError, match=r"provinces\.json.*slug"):
        province_module._table.__wrapped__()
    raw["units"][0]["slug"] = "ha_noi"
    raw["units"][0]["successor"] = "from_2025:00"
    with pytest.raises(khcn.DataError, match="successor"):
        province_module._table.__wrapped__()


_KNOWN = [(s, p) for s, p in _every_spelling()]


def _spaced(text: str, extra: str) -> str:
    return extra + text.replace(" ", extra + " ") + extra


@given(
    pick=st.sampled_from(_KNOWN),
    form=st.sampled_from(["fold", "nfd", "upper", "lower", "title", "nfd_upper", "same"]),
    extra=st.sampled_from(["", " ", "  ", "\u00a0", "\t"]),
    prefix=st.sampled_from(["", *PREFIXES]),
)
def test_lookup_is_insensitive_to_accents_case_spacing_and_prefix(
    pick: tuple[str, Province], form: str, extra: str, prefix: str
) -> None:
    spelling, unit = pick
    variant = {
        "fold": fold(spelling),
        "nfd": unicodedata.normalize("NFD", spelling),
        "upper": spelling.upper(),
        "lower": spelling.lower(),
        "title": spelling.title(),
        "nfd_upper": unicodedata.normalize("NFD", spelling.upper()),
        "same": spelling,
    }[form]
    day = _day_in(unit)
    if prefix and len(_prefixed(spelling)) == 1:
        prefix = ""
    query = prefix + _spaced(variant, extra)
    assert Province.lookup(query, on=day) == unit
    assert Province.lookup(query) == Province.lookup(spelling)


# -- find_in ---------------------------------------------------------------------------------

FIND_CASES: list[tuple[str, list[tuple[str, str]]]] = [
    ("UBND tỉnh Thái Nguyên ban hành", [("tỉnh Thái Nguyên", "from_2025:19")]),
    ("trên địa bàn tỉnh Hà Nam năm 2023", [("tỉnh Hà Nam", "pre_2025:35")]),
    ("Sở KH&CN TP Cần Thơ", [("TP Cần Thơ", "from_2025:92")]),
    ("Sở KH&CN tỉnh BR-VT", [("tỉnh BR-VT", "pre_2025:77")]),
    (
        "Thanh tra TP.HCM và TP. Hồ Chí Minh",
        [
            ("TP.HCM", "from_2025:79"),
            ("TP. Hồ Chí Minh", "from_2025:79"),
        ],
    ),
    (
        "Long An, Yên Bái và Huế",
        [
            ("Long An", "pre_2025:80"),
            ("Yên Bái", "pre_2025:15"),
            ("Huế", "from_2025:46"),
        ],
    ),
    (
        "tỉnh Thừa Thiên Huế; TT-Huế",
        [
            ("tỉnh Thừa Thiên Huế", "pre_2025:46"),
            ("TT-Huế", "pre_2025:46"),
        ],
    ),
    (
        "các tỉnh Đắc Lắc, Daklak và Bà Rịa – Vũng Tàu",
        [
            ("tỉnh Đắc Lắc", "from_2025:66"),
            ("Daklak", "from_2025:66"),
            ("Bà Rịa – Vũng Tàu", "pre_2025:77"),
        ],
    ),
    ("TỈNH HÀ GIANG", [("TỈNH HÀ GIANG", "pre_2025:02")]),
    ("tỉnh hòa bình", [("tỉnh hòa bình", "pre_2025:17")]),
    # false hits guarded against
    ("giữ gìn hòa bình và thái bình", []),
    ("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", []),
    ("chiến thắng Điện Biên Phủ", []),
    ("vùng biển Thái Bình Dương", []),
    ("tỉnh Hà Nam Ninh cũ", []),
    ("tỉnh Quảng Nam - Đà Nẵng cũ", []),
    ("xã Hòa Bình, phường Bình Định, đường Hà Nội, phố Huế", []),
    ("Hà Nam Ninh và Hà Nam", [("Hà Nam", "pre_2025:35")]),
    ("Hà Nam. Ninh Bình", [("Hà Nam", "pre_2025:35"), ("Ninh Bình", "from_2025:37")]),
    ("HàNội, Hà Nộii, XHà Nội", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find_in(text: str, expected: list[tuple[str, str]]) -> None:
    matches = Province.find_in(text)
    assert [(m.text, m.value.id) for m in matches] == expected
    for m in matches:
        assert text[m.start : m.end] == m.text
        starts_with_prefix = m.text.lower().startswith(("tỉnh", "thành phố", "tp"))
        assert (m.form == "prefixed") is (starts_with_prefix and m.text != "TPHCM")


def test_find_in_resolves_by_date_and_maps_offsets_back() -> None:
    text = "tỉnh\u00a0Lào\u00a0Cai  và Yên\u0301 Bái"  # NBSP and a stray combining accent
    raw = unicodedata.normalize("NFD", "Sở KH&CN tỉnh Lào Cai và tỉnh Yên Bái")
    for source in (text, raw):
        found = Province.find_in(source, on=date(2024, 1, 1))
        assert found
        assert found[0].value.id == "pre_2025:10"
        for m in found:
            assert source[m.start : m.end] == m.text
    later = Province.find_in(raw, on=AFTER)
    assert [m.value.id for m in later] == ["from_2025:15", "from_2025:15"]


def test_find_in_every_unit_name_with_a_prefix() -> None:
    for unit in Province.all():
        text = f"Báo cáo của UBND {unit.full_name}."
        [match] = Province.find_in(text, on=_day_in(unit))
        assert match.value == unit
        assert match.text == unit.full_name


@given(st.text())
def test_find_in_never_raises(text: str) -> None:
    for m in Province.find_in(text):
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start : m.end] == m.text


@given(st.lists(st.sampled_from([v for v, _ in _KNOWN] + ["tỉnh", "TP.", "xã", ",", "\n", "và"])))
def test_find_in_never_raises_on_name_soup(words: list[str]) -> None:
    text = " ".join(words)
    for m in Province.find_in(text):
        assert text[m.start : m.end] == m.text


def test_find_in_is_linear_enough() -> None:
    chunk = "Sở KH&CN tỉnh Hà Nam phối hợp với TP.HCM, Thái Bình Dương, xã Hòa Bình. "
    start = time.perf_counter()
    found = Province.find_in(chunk * 4000)  # ~300 000 characters
    elapsed = time.perf_counter() - start
    assert len(found) == 8000
    assert elapsed < 10


# -- data, import weight, strategies -------------------------------------------------------


def test_data_file_records_sources_and_sources_md_lists_it() -> None:
    raw = load_json("provinces.json")
    assert "vietnam-provinces 2025.10.1" in raw["source"]["from_2025"]
    assert "vietnam-provinces 0.6.0" in raw["source"]["pre_2025"]
    assert "202/2025/QH15" in raw["source"]["mapping"]
    sources = (ROOT / "src" / "khcn" / "_data" / "SOURCES.md").read_text(encoding="utf-8")
    assert "provinces.json" in sources


def test_aliases_input_and_data_agree() -> None:
    aliases = json.loads((ROOT / "scripts" / "province_aliases.json").read_text("utf-8"))
    assert sorted(aliases["merges"]) == sorted(p.code for p in NEW)
    for new_code, old_codes in aliases["merges"].items():
        new = Province.from_id(f"from_2025:{new_code}")
        assert [p.code for p in new.predecessors] == sorted(old_codes)


def test_no_spelling_names_two_units_of_one_era() -> None:
    for era_units in (PRE, NEW):
        owner: dict[str, str] = {}
        for unit in era_units:
            for spelling in (*unit.variants, unit.slug):
                key = province_module._key(spelling)
                assert owner.setdefault(key, unit.id) == unit.id, spelling


def test_import_khcn_does_not_load_the_province_table() -> None:
    code = (
        "import sys, khcn\n"
        "from khcn.model import province\n"
        "assert province._table.cache_info().currsize == 0\n"
        "assert 'hypothesis' not in sys.modules\n"
        "khcn.Province.lookup('Huế')\n"
        "assert province._table.cache_info().currsize == 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@given(provinces(era="pre_2025"))
def test_strategy_gives_units_of_the_era(unit: Province) -> None:
    assert unit.era is Era.PRE_2025
    assert unit.successor is not None


@given(provinces())
def test_strategy_round_trips_through_id(unit: Province) -> None:
    assert Province.from_id(unit.id) is unit
    assert Province.lookup(unit.name, on=_day_in(unit)) == unit


# ---- the finder visits only the words a mention can start at ------------------------------
#
# _reference_scan is the finder as it was before it found its starting words with patterns:
# every word of the text, split with one pattern, visited in turn. The finder must give
# exactly its hits on any text.

_TOKEN = re.compile(r"[^\W_]+")
_NAME_GAP = re.compile(r"[ -]{1,3}")
_PREFIX_GAP = re.compile(r"[ .-]{1,3}")


def _can_start_bare(finder: Any, word: str) -> bool:
    """Whether a name or a blocker can start at ``word`` without a prefix: it folds to the
    first word of one, and is capitalised (or a digit) unless a blocker starts with it."""
    folded = fold(word).replace(" ", "")
    keys = [key.split(" ") for key in (*finder.by_words, *finder.blockers)]
    if folded not in {words[0] for words in keys}:
        return False
    if word[0].isupper() or word[0].isdigit():
        return True
    return folded in {key.split(" ")[0] for key in finder.blockers}


def _can_start(finder: Any, word: str) -> bool:
    """Whether a prefix ("tỉnh"), a name or a blocker can start at ``word``."""
    return word.lower() in province_module._PREFIX_HEADS or _can_start_bare(finder, word)


def _reference_scan(finder: Any, text: str) -> list[tuple[int, int, Any, bool]]:
    tokens = [m.span() for m in _TOKEN.finditer(text)]
    words = [m.group() for m in _TOKEN.finditer(text)]

    def prefix_len(i: int) -> int:
        if words[i].lower() not in province_module._PREFIX_HEADS:
            return 0
        for prefix in province_module._RUNNING_PREFIXES:
            n = len(prefix)
            if i + n >= len(tokens) or tuple(w.lower() for w in words[i : i + n]) != prefix:
                continue
            if n == 2 and not _NAME_GAP.fullmatch(text, tokens[i][1], tokens[i + 1][0]):
                continue
            return n
        return 0

    def longest(i: int) -> tuple[int, str] | None:
        best = None
        parts: list[str] = []
        for j in range(i, min(len(tokens), i + finder.max_words)):
            if j > i and not _NAME_GAP.fullmatch(text, tokens[j - 1][1], tokens[j][0]):
                break
            parts.append(fold(words[j]).replace(" ", ""))
            key = " ".join(parts)
            if key not in finder.key_heads:
                break
            if key in finder.by_words or key in finder.blockers:
                best = (j + 1, key)
        return best

    def bare_ok(i: int, j: int, key: str) -> bool:
        if key in finder.requires_prefix:
            return False
        if not all(w[0].isupper() or w[0].isdigit() for w in words[i:j]):
            return False
        after_stop = i > 0 and words[i - 1].lower() in finder.stop_before
        return not (after_stop and text[tokens[i - 1][1] : tokens[i][0]].strip(" ") == "")

    hits: list[tuple[int, int, Any, bool]] = []
    i = 0
    while i < len(tokens):
        if not _can_start(finder, words[i]):
            i += 1
            continue
        plen = prefix_len(i)
        if plen and _PREFIX_GAP.fullmatch(text, tokens[i + plen - 1][1], tokens[i + plen][0]):
            hit = longest(i + plen)
            if hit is not None:
                j, key = hit
                if key not in finder.blockers:
                    hits.append((tokens[i][0], tokens[j - 1][1], finder.by_words[key], True))
                i = j
                continue
        if not plen and not _can_start_bare(finder, words[i]):
            i += 1
            continue
        hit = longest(i)
        if hit is not None:
            j, key = hit
            if key in finder.blockers:
                i = j
                continue
            if bare_ok(i, j, key):
                hits.append((tokens[i][0], tokens[j - 1][1], finder.by_words[key], False))
                i = j
                continue
        i += 1
    return hits


def _finder_pieces() -> list[str]:
    finder = province_module._table().finder
    names = sorted({v for p in Province.all() for v in (*p.variants, p.name, p.slug)})
    cased = [n.upper() for n in names[::7]] + [n.lower() for n in names[::5]]
    return [
        *names,
        *cased,
        *(b.title() for b in finder.blockers),
        *finder.blockers,
        *(w.title() for w in finder.stop_before),
        *finder.stop_before,
        *finder.stop_before,
        *("tỉnh", "Tỉnh", "TỈNH", "tỈnh", "thành phố", "Thành Phố", "thành  phố", "thành-phố"),
        *("TP", "TP.", "Tp", "tP", "thủ đô", "Thủ đô", "thủ", "phố", "đô", "Đô", "thành"),
        *("đồng", "Đồng", "động", "giá", "Gia", "hà", "HÀ", "quảng", "thái", "diễn", "điện"),
        *("năm", "Năm", "an", "An", "hòa bình", "Sở", "KH&CN", "UBND", "2020", "3", "2.000"),
        # letters outside the plain ones, some folding to ASCII ("hÅ" folds to "ha")
        *("²", "ß", "ł", "İ", "ı", "ſ", "\u212a", "\u212b", "ǅ", "한", "\u0301", "Ð", "ð"),
        *("x²", "aİb", "h\u212b", "H\u212b", "t\u1ec9nh\u0301", "th\u212bnh"),
        # blockers whose first word holds the Ångström sign, which folds to "a"
        *(b.replace("a", "\u212b", 1) for b in finder.blockers if "a" in b.split()[0]),
        *(b.title().replace("a", "\u212b", 1) for b in finder.blockers if "a" in b.split()[0]),
        *(
            b.replace("a", "\u212b", 1).split(" ", 1)[0] + " " + b.split(" ", 1)[1].title()
            for b in finder.blockers
            if "a" in b.split()[0]
        ),
        # and blockers, lowercase first, with it in a later word ("ha Nam Ninh" with "NÅm")
        *(
            b.split(" ", 1)[0] + " " + b.split(" ", 1)[1].title().replace("a", "\u212b")
            for b in finder.blockers
            if "a" in b.split(" ", 1)[1]
        ),
        *(b.split(" ", 1)[0] + " - " + b.split(" ", 1)[1].title() for b in finder.blockers),
        *(b.split(" ", 1)[0] + "-" + b.split(" ", 1)[1].title() for b in finder.blockers),
    ]


_FINDER_PIECES = _finder_pieces()
_FINDER_GAPS = [" "] * 6 + ["", "  ", "    ", "-", " - ", ".", ". ", ",", "\n", "(", "_", "&"]


@given(
    st.lists(
        st.tuples(st.sampled_from(_FINDER_PIECES), st.sampled_from(_FINDER_GAPS)), max_size=30
    ).map(lambda parts: "".join(piece + gap for piece, gap in parts))
)
def test_scan_is_the_word_by_word_scan(text: str) -> None:
    finder = province_module._table().finder
    assert finder.scan(text) == _reference_scan(finder, text)


_FINDER_LETTERS = sorted(set("".join(_FINDER_PIECES + _FINDER_GAPS)))


@given(st.text(alphabet=st.sampled_from(_FINDER_LETTERS), max_size=200))
def test_scan_is_the_word_by_word_scan_on_any_letters(text: str) -> None:
    finder = province_module._table().finder
    assert finder.scan(text) == _reference_scan(finder, text)


@given(st.text(max_size=80))
def test_scan_is_the_word_by_word_scan_on_any_text(text: str) -> None:
    finder = province_module._table().finder
    assert finder.scan(text) == _reference_scan(finder, text)


_BLOCKERS = [_TOKEN.findall(b) for b in load_json("provinces.json")["finder"]["blockers"]]


@st.composite
def _lowercase_blocker(draw: st.DrawFn) -> str:
    """A blocker whose first word is lowercase ("hà Nam Ninh", "quảng-nam - Đà Nẵng"),
    its later words in either case, after any gap between a name's words."""
    first, *later = draw(st.sampled_from(_BLOCKERS))
    text = first.lower()
    for word in later:
        text += draw(st.sampled_from([" ", "-", " - ", "  "]))
        text += draw(st.sampled_from([word, word.lower()]))
    return text


# The blockers' words alone, and words that start names or prefixes, to set around them.
_BLOCKER_PIECES = sorted({w for words in _BLOCKERS for w in (*words, *(w.lower() for w in words))})
_BLOCKER_PIECES += ["Tỉnh", "tỉnh", "TP.", "xã", "Định", "Bình", "Giang", "Sở", "và", "2020"]


@given(
    st.lists(
        st.tuples(
            st.one_of(_lowercase_blocker(), st.sampled_from(_BLOCKER_PIECES)),
            st.sampled_from([" ", "-", " - ", ", "]),
        ),
        max_size=10,
    ).map(lambda parts: "".join(piece + gap for piece, gap in parts))
)
def test_scan_is_the_word_by_word_scan_among_blockers(text: str) -> None:
    """The finder sees the blockers opening with a lowercase word, which it does not
    visit unless they may cover a word it visits."""
    finder = province_module._table().finder
    assert finder.scan(text) == _reference_scan(finder, text)


_PIECE_TEXTS = st.lists(
    st.tuples(st.sampled_from(_FINDER_PIECES), st.sampled_from(_FINDER_GAPS)), max_size=30
).map(lambda parts: "".join(piece + gap for piece, gap in parts))


@given(
    st.one_of(
        _PIECE_TEXTS,
        st.text(alphabet=st.sampled_from(_FINDER_LETTERS), max_size=200),
        st.text(max_size=80),
    )
)
def test_starts_and_lower_blockers_hold_every_word_a_mention_can_start_at(text: str) -> None:
    """The patterns find words of the text, each once and in order, and between them
    every word _can_start accepts; lower_blockers those that open with a lowercase
    letter and can start a blocker only ("hà" of "hà Nam Ninh")."""
    finder = province_module._table().finder
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(text)]
    starts = finder._starts(text)
    lower = [(m.start(), m.group()) for m in finder.lower_blockers.finditer(text)]
    assert starts == sorted(set(starts))
    assert set(starts) <= set(tokens)
    assert set(lower) <= set(tokens)
    assert {(i, w) for i, w in tokens if _can_start(finder, w)} <= set(starts) | set(lower)
    for _, word in lower:
        assert _can_start(finder, word)
        assert not word[0].isupper()
        assert not word[0].isdigit()


def test_scan_is_the_word_by_word_scan_on_every_lowercase_blocker() -> None:
    """Each blocker with its first word lowercase, with every gap between its words and
    each later word in either case ("quảng Nam-Đà Nẵng": the finder must not read
    "Đà Nẵng"), alone and between other words."""
    finder = province_module._table().finder
    gaps = [" ", "-", " - ", "  "]
    for first, *later in _BLOCKERS:
        for spaced in itertools.product(gaps, repeat=len(later)):
            for cased in itertools.product([str.title, str.lower], repeat=len(later)):
                text = first.lower()
                for gap, case, word in zip(spaced, cased, later, strict=True):
                    text += gap + case(word)
                for around in (text, f"Sở {text} và Hà Nội", f"tỉnh {text}", f"Hà {text}"):
                    assert finder.scan(around) == _reference_scan(finder, around), around


def test_plain_letters_fold_one_by_one() -> None:
    """A word of plain letters folds letter by letter: no two plain letters compose, in
    either order, and each keeps its fold next to any other."""
    plain = province_module._plain_letters()
    letters = sorted(plain)
    for a in letters:
        for b in letters:
            assert unicodedata.normalize("NFC", a + b) == a + b
    for word in ("Đắk Lắk", "TP.HCM", "Thừa Thiên Huế", "ǅa", "x²", "ĐÔNG"):
        for token in _TOKEN.findall(word):
            if all(c in plain for c in token):
                assert fold(token) == "".join(plain[c] for c in token)
