"""Check the gold files of the example reports against GOLD.md.

Run from anywhere:  python examples/reports/check_gold.py [FILE.gold.json ...]

With no argument every ``*.gold.json`` beside this script is checked. For each gold file the
report is the file of the same stem ending in ``.txt`` or ``.html``; an HTML report is read as
its visible text (tags dropped, entities decoded, ``<head>``, scripts and styles skipped).

Errors (exit status 1): the JSON does not parse; a required key is missing or has the wrong
type; an enum value is not an id of ../shared/domain.md; an ``evidence`` or mention ``text``
is not a substring of the report; fact ids are not unique; a parent does not exist, is the
fact itself, has another type or forms a cycle; an amount is not a digit string; a period
code or a date has not an allowed shape; a mention list is not in text order.

Warnings: an HTML evidence or mention that is visible but not a substring of the raw HTML
(a tag or entity inside it); a count whose digits do not occur in its evidence; a national
report with an era or a provincial one without; a span of months written as a
span although it is a month, quarter, half or year (GOLD.md gives those their own code).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

HERE = Path(__file__).resolve().parent


def _ids(words: str) -> frozenset[str]:
    """A set of enum ids written as one space-separated string."""
    return frozenset(words.split())


STANCES = frozenset({"ket_qua", "uoc", "ke_hoach"})
QUALIFIERS = frozenset({"exact", "gt", "ge", "approx", "lt_approx", "lt", "le", "range"})
ERAS = frozenset({"pre_2025", "from_2025"})
TASK_LEVELS = frozenset({"quoc_gia", "bo", "tinh", "co_so"})
TASK_KINDS = _ids(
    "de_tai du_an_sxtn du_an_khcn de_an_khoa_hoc nhiem_vu_quy_gen chuong_trinh "
    "du_an_ung_dung nhiem_vu_dmst dac_biet tiem_nang"
)
TASK_STAGES = _ids(
    "de_xuat xac_dinh_nhiem_vu phe_duyet_danh_muc tuyen_chon_giao xet_duyet_thuyet_minh "
    "tham_dinh_kinh_phi phe_duyet_thuc_hien ky_hop_dong trien_khai chuyen_tiep "
    "kiem_tra_tien_do dieu_chinh cham_dut nghiem_thu cong_nhan_ket_qua thanh_ly ung_dung"
)
GRADES = frozenset({"xuat_sac", "dat", "khong_dat", "kha", "trung_binh"})
ENF_KINDS = frozenset({"thanh_tra", "kiem_tra", "kiem_tra_hang_nhap_khau"})
ENF_CLASSES = frozenset({"thanh_tra_hanh_chinh", "thanh_tra_chuyen_nganh", "kiem_tra_chuyen_nganh"})
ENF_BASES = frozenset(
    {"theo_ke_hoach", "dot_xuat", "thuong_xuyen", "lien_nganh", "chuyen_de", "cao_diem"}
)
ENF_DOMAINS = _ids(
    "do_luong tieu_chuan chat_luong nhan_hang_hoa ma_so_ma_vach hang_dong_goi_san "
    "xang_dau khi_dau_mo_hoa_long taximet vang_trang_suc an_toan_buc_xa so_huu_tri_tue "
    "so_huu_cong_nghiep chuyen_giao_cong_nghe hoat_dong_khcn nhiem_vu_khcn "
    "buu_chinh_vien_thong"
)
ENF_OUTCOMES = _ids(
    "canh_cao phat_tien tuoc_quyen tich_thu khac_phuc_hau_qua thu_hoi_nop_ngan_sach "
    "kien_nghi chuyen_dieu_tra khong_vi_pham"
)
IP_TYPES = _ids(
    "sang_che giai_phap_huu_ich kieu_dang_cong_nghiep nhan_hieu nhan_hieu_tap_the "
    "nhan_hieu_chung_nhan nhan_hieu_lien_ket nhan_hieu_noi_tieng chi_dan_dia_ly "
    "ten_thuong_mai bi_mat_kinh_doanh thiet_ke_bo_tri giong_cay_trong quyen_tac_gia "
    "sang_kien"
)
IP_STAGES = _ids(
    "huong_dan ho_tro nop_don tham_dinh_hinh_thuc cong_bo_don tham_dinh_noi_dung "
    "cap_van_bang tu_choi gia_han dang_ky_quoc_te quan_ly_khai_thac cham_dut_huy_bo "
    "cong_nhan_sang_kien"
)
ACTIVITIES = _ids(
    "tham_dinh_cong_nghe gcn_doanh_nghiep_khcn gcn_hoat_dong_khcn dang_ky_cgcn "
    "giay_phep_buc_xa khai_bao_buc_xa kiem_dinh_x_quang kiem_dinh_phuong_tien_do "
    "thu_nghiem_mau hop_chuan_hop_quy tbt thu_tuc_hanh_chinh van_ban_qppl "
    "quy_trinh_noi_bo ke_hoach_de_an khoi_nghiep_dmst ocop truy_xuat_nguon_goc "
    "dam_bao_do_luong nang_suat_chat_luong tap_huan_hoi_thao thong_tin_an_pham "
    "ket_noi_cung_cau chuyen_doi_so"
)

TOP_KEYS = (
    "title",
    "province",
    "province_era",
    "period",
    "published",
    "facts",
    "money",
    "dates",
    "periods",
)
COMMON_KEYS = ("id", "parent", "type", "stance", "evidence")

_M = r"(0[1-9]|1[0-2])"
PERIOD_RE = re.compile(
    rf"^(?P<y>\d{{4}})(-S[12]|-Q[1-4]|-M{_M})?$"
    rf"|^(?P<y1>\d{{4}})-(?P<m1>{_M})/(?P<y2>\d{{4}})-(?P<m2>{_M})$"
    rf"|^(?P<ya>\d{{4}})/(?P<yb>\d{{4}})$"
)
_NAMED_SPANS = {(m, m) for m in range(1, 13)} | {
    (1, 3),
    (4, 6),
    (7, 9),
    (10, 12),
    (1, 6),
    (7, 12),
    (1, 12),
}
AMOUNT_RE = re.compile(r"^\d+(\.\d+)?$")


class _Visible(HTMLParser):
    BLOCK: ClassVar[frozenset[str]] = _ids(
        "p div br li ul ol h1 h2 h3 h4 h5 h6 tr td th table section article header footer "
        "nav figure figcaption aside main blockquote hr dd dt dl option"
    )
    SKIP: ClassVar[frozenset[str]] = frozenset({"script", "style", "head", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in self.SKIP:
            self.skip += 1
        if tag in self.BLOCK:
            self.out.append("\n")

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        if tag in self.BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)


def visible_text(raw: str) -> str:
    """The text a reader sees in an HTML page (no head, scripts or styles)."""
    parser = _Visible()
    parser.feed(raw)
    parser.close()
    return "".join(parser.out)


def _valid_date(code: str) -> bool:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", code):
            _dt.date.fromisoformat(code)
            return True
        if re.fullmatch(r"--\d{2}-\d{2}", code):
            _dt.date.fromisoformat("2000" + code[1:])  # 2000 is a leap year
            return True
        if re.fullmatch(r"\d{4}-\d{2}", code):
            return 1 <= int(code[5:]) <= 12
    except ValueError:
        return False
    return False


def _valid_period(code: str) -> bool:
    m = PERIOD_RE.match(code) if isinstance(code, str) else None
    if not m:
        return False
    if m.group("y1"):
        start, end = (m.group("y1"), int(m.group("m1"))), (m.group("y2"), int(m.group("m2")))
        return start <= end
    if m.group("ya"):
        return m.group("ya") < m.group("yb")
    return True


def _named_span(code: str) -> bool:
    """True for a month span that has its own code (one month, a quarter, a half, a year)."""
    m = PERIOD_RE.match(code) if isinstance(code, str) else None
    if not m or not m.group("y1") or m.group("y1") != m.group("y2"):
        return False
    return (int(m.group("m1")), int(m.group("m2"))) in _NAMED_SPANS


_NUM_RE = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)*)(?:\s*(nghìn|ngàn|triệu|tỷ|tỉ)(?!\w))?")
_SCALE = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 10**9, "tỉ": 10**9}


def _numbers_in(text: str) -> set[float]:
    """Every number written in ``text`` (Vietnamese style: "1.175", "1,3 triệu")."""
    out: set[float] = set()
    for m in _NUM_RE.finditer(text):
        digits, scale = m.group(1), m.group(2)
        plain = digits.replace(".", "")
        try:
            if scale:
                out.add(round(float(plain.replace(",", ".")) * _SCALE[scale], 3))
            elif "," not in plain:
                out.add(float(int(plain)))
        except ValueError:
            continue
    return out


class Checker:
    def __init__(self, gold_path: Path) -> None:
        self.path = gold_path
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def err(self, msg: str) -> None:
        self.errors.append(msg)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)

    # -- helpers -------------------------------------------------------------------------
    def _enum(self, where: str, value: object, allowed: frozenset[str], *, nullable: bool) -> None:
        if value is None and nullable:
            return
        if value not in allowed:
            self.err(f"{where}: {value!r} is not an allowed id")

    def _enum_list(self, where: str, value: object, allowed: frozenset[str]) -> None:
        if not isinstance(value, list):
            self.err(f"{where}: must be a list")
            return
        for v in value:
            self._enum(where, v, allowed, nullable=False)
        if len(set(map(str, value))) != len(value):
            self.err(f"{where}: repeated values")

    def _count(self, where: str, fact: dict, key: str, qkey: str) -> None:
        v = fact.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
            self.err(f"{where}: {key} must be a non-negative integer or null, got {v!r}")
        self._enum(f"{where}.{qkey}", fact.get(qkey), QUALIFIERS, nullable=False)
        ev = fact.get("evidence")
        is_count = isinstance(v, int) and not isinstance(v, bool)
        # One named filing ("nhãn hiệu tập thể 'Xoài Yên Châu'") is a count of 1 by its name.
        named = v == 1 and isinstance(ev, str) and ('"' in ev or "“" in ev)
        if is_count and not named and isinstance(ev, str) and float(v) not in _numbers_in(ev):
            self.warn(f"{where}: {key} {v} not found in its evidence")

    def _in_text(self, where: str, s: object, *, raw_too: bool = True) -> None:
        if not isinstance(s, str) or not s:
            self.err(f"{where}: must be a non-empty string")
            return
        if s not in self.text:
            self.err(f"{where}: not a substring of the report: {s!r}")
        elif raw_too and self.is_html and s not in self.raw:
            self.warn(f"{where}: visible but not in the raw HTML (tag or entity inside): {s!r}")

    def _order(self, name: str, items: list) -> None:
        pos = 0
        for i, m in enumerate(items):
            t = m.get("text") if isinstance(m, dict) else None
            if not isinstance(t, str) or not t:
                continue
            j = self.text.find(t, pos)
            if j < 0:
                if t in self.text:
                    self.err(
                        f"{name}[{i}] {t!r}: not in text order "
                        "(or listed more often than it occurs)"
                    )
                return
            pos = j + len(t)

    # -- main ------------------------------------------------------------------------------
    def run(self) -> None:
        try:
            gold = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            self.err(f"JSON does not parse: {e}")
            return
        stem = self.path.name[: -len(".gold.json")]
        candidates = (self.path.with_name(stem + ".txt"), self.path.with_name(stem + ".html"))
        reports = [p for p in candidates if p.exists()]
        if len(reports) != 1:
            self.err(f"expected exactly one report {stem}.txt or {stem}.html, found {len(reports)}")
            return
        self.raw = reports[0].read_text(encoding="utf-8")
        self.is_html = reports[0].suffix == ".html"
        self.text = visible_text(self.raw) if self.is_html else self.raw
        if not isinstance(gold, dict):
            self.err("top level must be an object")
            return
        for k in TOP_KEYS:
            if k not in gold:
                self.err(f"missing top-level key {k!r}")
        extra = set(gold) - set(TOP_KEYS)
        if extra:
            self.warn(f"unknown top-level keys {sorted(extra)}")
        self._in_text("title", gold.get("title"), raw_too=False)
        prov, era = gold.get("province"), gold.get("province_era")
        if prov is not None and not isinstance(prov, str):
            self.err("province must be a string or null")
        self._enum("province_era", era, ERAS, nullable=True)
        if (prov is None) != (era is None):
            self.warn("province and province_era should be null together (national report)")
        if not _valid_period(gold.get("period")):
            self.err(f"period: bad code {gold.get('period')!r}")
        elif _named_span(gold["period"]):
            self.warn(f"period: {gold['period']!r} has its own code (month/quarter/half/year)")
        pub = gold.get("published")
        iso = isinstance(pub, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", pub)
        if pub is not None and not (iso and _valid_date(pub)):
            self.err(f"published: bad ISO date {pub!r}")
        self._facts(gold.get("facts"))
        self._mentions(gold)

    def _facts(self, facts: object) -> None:
        if not isinstance(facts, list):
            self.err("facts must be a list")
            return
        byid: dict[str, dict] = {}
        for i, f in enumerate(facts):
            if not isinstance(f, dict):
                self.err(f"facts[{i}] must be an object")
                continue
            fid = f.get("id")
            where = f"fact {fid!r}" if fid is not None else f"facts[{i}]"
            for k in COMMON_KEYS:
                if k not in f:
                    self.err(f"{where}: missing key {k!r}")
            if not isinstance(fid, str) or not fid:
                self.err(f"{where}: id must be a non-empty string")
            elif fid in byid:
                self.err(f"{where}: duplicate id")
            else:
                byid[fid] = f
            self._enum(f"{where}.stance", f.get("stance"), STANCES, nullable=False)
            self._in_text(f"{where}.evidence", f.get("evidence"))
            t = f.get("type")
            if t == "enforcement":
                self._enforcement(where, f)
            elif t == "task":
                self._task(where, f)
            elif t == "ip":
                self._ip(where, f)
            elif t == "activity":
                self._activity(where, f)
            else:
                self.err(f"{where}: unknown type {t!r}")
        for fid, f in byid.items():
            p = f.get("parent")
            if p is None:
                continue
            if p == fid:
                self.err(f"fact {fid!r}: is its own parent")
            elif p not in byid:
                self.err(f"fact {fid!r}: parent {p!r} does not exist")
            elif byid[p].get("type") != f.get("type"):
                self.err(f"fact {fid!r}: parent {p!r} has another type")
            seen, cur = {fid}, p
            while cur is not None and cur in byid:
                if cur in seen:
                    self.err(f"fact {fid!r}: parent cycle")
                    break
                seen.add(cur)
                cur = byid[cur].get("parent")

    def _need(self, where: str, f: dict, keys: tuple[str, ...]) -> None:
        for k in keys:
            if k not in f:
                self.err(f"{where}: missing key {k!r}")
        extra = set(f) - set(keys) - set(COMMON_KEYS)
        if extra:
            self.warn(f"{where}: unknown keys {sorted(extra)}")

    def _enforcement(self, where: str, f: dict) -> None:
        self._need(
            where,
            f,
            (
                "kind",
                "classes",
                "bases",
                "domains",
                "campaigns",
                "campaigns_qualifier",
                "subjects",
                "subjects_qualifier",
                "violators",
                "violators_qualifier",
                "fine",
                "fine_qualifier",
                "outcomes",
            ),
        )
        self._enum(f"{where}.kind", f.get("kind"), ENF_KINDS, nullable=True)
        self._enum_list(f"{where}.classes", f.get("classes", []), ENF_CLASSES)
        self._enum_list(f"{where}.bases", f.get("bases", []), ENF_BASES)
        self._enum_list(f"{where}.domains", f.get("domains", []), ENF_DOMAINS)
        self._enum_list(f"{where}.outcomes", f.get("outcomes", []), ENF_OUTCOMES)
        for k in ("campaigns", "subjects", "violators"):
            self._count(where, f, k, f"{k}_qualifier")
        fine = f.get("fine")
        if fine is not None and not (isinstance(fine, str) and AMOUNT_RE.match(fine)):
            self.err(f"{where}: fine must be a digit string or null, got {fine!r}")
        self._enum(f"{where}.fine_qualifier", f.get("fine_qualifier"), QUALIFIERS, nullable=False)

    def _task(self, where: str, f: dict) -> None:
        self._need(where, f, ("level", "kind", "stage", "count", "qualifier", "grade"))
        self._enum(f"{where}.level", f.get("level"), TASK_LEVELS, nullable=True)
        self._enum(f"{where}.kind", f.get("kind"), TASK_KINDS, nullable=True)
        self._enum(f"{where}.stage", f.get("stage"), TASK_STAGES, nullable=False)
        self._enum(f"{where}.grade", f.get("grade"), GRADES, nullable=True)
        self._count(where, f, "count", "qualifier")

    def _ip(self, where: str, f: dict) -> None:
        self._need(where, f, ("object_type", "stage", "count", "qualifier", "jurisdictions"))
        self._enum(f"{where}.object_type", f.get("object_type"), IP_TYPES, nullable=True)
        self._enum(f"{where}.stage", f.get("stage"), IP_STAGES, nullable=False)
        self._count(where, f, "count", "qualifier")
        jur = f.get("jurisdictions", [])
        if not isinstance(jur, list) or not all(isinstance(j, str) and j for j in jur):
            self.err(f"{where}: jurisdictions must be a list of names")
        else:
            for j in jur:
                if j not in f.get("evidence", ""):
                    self.warn(f"{where}: jurisdiction {j!r} not in its evidence")

    def _activity(self, where: str, f: dict) -> None:
        self._need(where, f, ("activity", "count", "qualifier", "unit"))
        self._enum(f"{where}.activity", f.get("activity"), ACTIVITIES, nullable=False)
        self._count(where, f, "count", "qualifier")
        unit = f.get("unit")
        if unit is not None and not (isinstance(unit, str) and unit):
            self.err(f"{where}: unit must be a non-empty string or null")

    def _mentions(self, gold: dict) -> None:
        for name in ("money", "dates", "periods"):
            items = gold.get(name)
            if not isinstance(items, list):
                self.err(f"{name} must be a list")
                continue
            for i, m in enumerate(items):
                where = f"{name}[{i}]"
                if not isinstance(m, dict):
                    self.err(f"{where} must be an object")
                    continue
                self._in_text(f"{where}.text", m.get("text"))
                if name == "money":
                    q = m.get("qualifier")
                    self._enum(f"{where}.qualifier", q, QUALIFIERS, nullable=False)
                    if q == "range":
                        lo, hi = m.get("low"), m.get("high")
                        if not all(isinstance(x, str) and AMOUNT_RE.match(x) for x in (lo, hi)):
                            self.err(f"{where}: a range needs digit strings low and high")
                        elif float(lo) > float(hi):
                            self.err(f"{where}: low > high")
                        if "amount" in m:
                            self.err(f"{where}: a range has low/high, not amount")
                    else:
                        a = m.get("amount")
                        if not (isinstance(a, str) and AMOUNT_RE.match(a)):
                            self.err(f"{where}: amount must be a digit string, got {a!r}")
                elif name == "dates":
                    if not (isinstance(m.get("date"), str) and _valid_date(m["date"])):
                        self.err(f"{where}: bad date {m.get('date')!r}")
                else:
                    if not _valid_period(m.get("code")):
                        self.err(f"{where}: bad period code {m.get('code')!r}")
                    elif _named_span(m["code"]):
                        self.warn(
                            f"{where}: {m['code']!r} has its own code (month/quarter/half/year)"
                        )
            self._order(name, items)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] if argv else sorted(HERE.glob("*.gold.json"))
    n_err = n_warn = 0
    totals = {"facts": 0, "money": 0, "dates": 0, "periods": 0}
    for p in paths:
        c = Checker(p)
        c.run()
        try:
            g = json.loads(p.read_text(encoding="utf-8"))
            for k in totals:
                totals[k] += len(g.get(k, []))
        except (OSError, ValueError, AttributeError):  # already reported by the checker
            pass
        status = "ok" if not c.errors else f"{len(c.errors)} error(s)"
        print(f"{p.name}: {status}" + (f", {len(c.warnings)} warning(s)" if c.warnings else ""))
        for e in c.errors:
            print(f"  ERROR {e}")
        for w in c.warnings:
            print(f"  warn  {w}")
        n_err += len(c.errors)
        n_warn += len(c.warnings)
    print(
        f"{len(paths)} file(s), {n_err} error(s), {n_warn} warning(s); "
        + ", ".join(f"{v} {k}" for k, v in totals.items())
    )
    return 1 if n_err else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
