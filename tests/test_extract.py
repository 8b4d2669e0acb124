"""khcn.extract: each fact shape of real reports, metadata, chrome, HTML, and properties."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import khcn
from khcn.extraction import read_report

HEAD = "Sơ kết hoạt động KH&CN 9 tháng đầu năm 2023 của Sở KH&CN tỉnh Lạng Sơn\n"


def facts_of(body: str, head: str = HEAD) -> khcn.Report:
    return khcn.extract(head + body)


def ev(fact: object) -> str:
    """The evidence text of a fact (every extracted fact has one)."""
    evidence = getattr(fact, "evidence", None)
    assert evidence is not None
    return str(evidence.text)


def by_id(report: khcn.Report) -> dict[str, object]:
    return {f.id: f for f in report.facts}


# --- enforcement -----------------------------------------------------------------------


def test_mixed_inspection_and_check_is_a_parent_with_a_child_per_kind() -> None:
    r = facts_of(
        "Thanh tra Sở đã triển khai 03 cuộc thanh tra (về đo lường, chất lượng xăng dầu) và "
        "02 cuộc kiểm tra (về nhãn hàng hóa) đối với 41 tổ chức, cá nhân; qua đó xử lý vi phạm "
        "hành chính 09 cơ sở, với tổng số tiền xử phạt là 52,5 triệu đồng."
    )
    parents = [a for a in r.enforcement if a.parent is None]
    assert len(parents) == 1
    total = parents[0]
    assert total.kind is None
    # the campaigns stay with each kind; the statement's totals with the parent
    assert (total.campaigns, total.subjects, total.violators) == (None, 41, 9)
    assert total.fine == khcn.Money(52_500_000)
    children = sorted(r.children_of(total), key=lambda a: a.campaigns or 0)
    assert [(c.kind.value if c.kind else None, c.campaigns) for c in children] == [
        ("kiem_tra", 2),
        ("thanh_tra", 3),
    ]
    assert {d.value for d in children[1].domains} >= {"do_luong", "xang_dau"}
    assert {d.value for d in children[0].domains} == {"nhan_hang_hoa"}


def test_violators_with_a_breakdown_of_sanctions() -> None:
    r = facts_of(
        "Qua kiểm tra 120 cơ sở, đã phát hiện vi phạm và xử phạt 31 cơ sở (phạt tiền 27 cơ sở, "
        "cảnh cáo 04 cơ sở) với tổng số tiền là 845 triệu đồng."
    )
    [a] = r.top_level(r.enforcement)
    assert (a.subjects, a.violators) == (120, 31)
    assert a.fine == khcn.Money(845_000_000)
    assert {o.value for o in a.outcomes} >= {"phat_tien", "canh_cao"}
    # the sanctions break the violators down: children, never added to the total
    parts = sorted((c.violators, sorted(o.value for o in c.outcomes)) for c in r.children_of(a))
    assert parts == [(4, ["canh_cao"]), (27, ["phat_tien"])]


def test_separate_fines_in_one_paragraph_stay_separate() -> None:
    r = facts_of(
        "Kiểm tra đột xuất 05 cửa hàng xăng dầu, xử phạt 02 cửa hàng với số tiền 40 triệu đồng; "
        "kiểm tra 12 cơ sở X-quang, xử phạt 03 cơ sở với số tiền 9 triệu đồng."
    )
    fines = sorted(a.fine.amount for a in r.enforcement if a.fine is not None)
    assert fines == [Decimal(9_000_000), Decimal(40_000_000)]
    assert sorted((a.subjects, a.violators) for a in r.enforcement) == [(5, 2), (12, 3)]


def test_a_legal_fine_band_is_not_a_fine() -> None:
    r = facts_of(
        "Theo quy định, hành vi không ghi nhãn bị phạt tiền từ 4 đến 8 triệu đồng đối với cá nhân."
    )
    assert all(a.fine is None for a in r.enforcement)


def test_budget_recovery_is_not_a_fine() -> None:
    r = facts_of(
        "Thanh tra 01 cuộc về sử dụng kinh phí nhiệm vụ KH&CN, kiến nghị thu hồi nộp ngân sách "
        "120 triệu đồng."
    )
    assert all(a.fine is None for a in r.enforcement)


# --- tasks --------------------------------------------------------------------------------


def test_a_total_and_its_parts_are_linked() -> None:
    r = facts_of(
        "Tham mưu UBND tỉnh phê duyệt danh mục 24 nhiệm vụ (gồm 20 nhiệm vụ KH&CN cấp tỉnh và "
        "04 nhiệm vụ về quỹ gen)."
    )
    [total] = [t for t in r.tasks if t.count == 24]
    assert total.stage.value == "phe_duyet_danh_muc"
    parts = r.children_of(total)
    assert sorted(p.count for p in parts) == [4, 20]
    assert {p.stage.value for p in parts} == {"phe_duyet_danh_muc"}
    assert {p.kind.value for p in parts if p.kind} == {"nhiem_vu_quy_gen"}
    assert {p.level.value for p in parts if p.level} == {"tinh"}


def test_one_count_under_two_stages_is_one_fact_per_stage() -> None:
    r = facts_of("Trong kỳ đã nghiệm thu và thanh lý hợp đồng 7 nhiệm vụ KH&CN cấp tỉnh.")
    assert sorted(t.stage.value for t in r.tasks) == ["nghiem_thu", "thanh_ly"]
    assert {t.count for t in r.tasks} == {7}


def test_contract_signed_and_level() -> None:
    r = facts_of("Sở đã ký hợp đồng triển khai 10 nhiệm vụ cấp tỉnh.")
    [t] = r.tasks
    assert (t.stage.value, t.count, t.level.value) == ("ky_hop_dong", 10, "tinh")


def test_a_grade_statement_grades_the_count_just_made() -> None:
    r = facts_of("Hội đồng đã nghiệm thu 9 nhiệm vụ. Kết quả: loại đạt là 9 nhiệm vụ (chiếm 100%).")
    [t] = r.tasks
    assert (t.count, t.grade.value if t.grade else None) == (9, "dat")


def test_grades_of_a_part_are_children() -> None:
    r = facts_of(
        "Đã nghiệm thu 14 nhiệm vụ, trong đó 03 nhiệm vụ xếp loại xuất sắc, 11 nhiệm vụ xếp "
        "loại đạt."
    )
    [total] = [t for t in r.tasks if t.parent is None]
    assert total.count == 14
    parts = sorted((p.count, p.grade.value) for p in r.children_of(total) if p.grade)
    assert parts == [(3, "xuat_sac"), (11, "dat")]


def test_key_tasks_of_the_department_are_not_sci_tech_tasks() -> None:
    r = facts_of("Hoàn thành 10 nhiệm vụ trọng tâm của ngành năm 2023.")
    assert r.tasks == ()


# --- IP ---------------------------------------------------------------------------------


def test_unstated_object_type_stays_unstated() -> None:
    r = facts_of("Trong kỳ, các tổ chức, cá nhân trên địa bàn được cấp trên 45 văn bằng bảo hộ.")
    [ip] = r.ip_filings
    assert (ip.object_type, ip.stage.value, ip.count, ip.qualifier.value) == (
        None,
        "cap_van_bang",
        45,
        "gt",
    )


def test_guidance_counts_applicants() -> None:
    r = facts_of(
        "Hướng dẫn 17 tổ chức, cá nhân đăng ký bảo hộ quyền sở hữu công nghiệp cho sản phẩm."
    )
    [ip] = r.ip_filings
    assert (ip.stage.value, ip.count) == ("huong_dan", 17)


def test_initiatives_recognised() -> None:
    r = facts_of("Hội đồng sáng kiến tỉnh đã xét công nhận 240 sáng kiến có phạm vi cấp tỉnh.")
    [ip] = r.ip_filings
    assert (ip.object_type.value, ip.stage.value, ip.count) == (
        "sang_kien",
        "cong_nhan_sang_kien",
        240,
    )


def test_madrid_designations() -> None:
    r = facts_of(
        "Hỗ trợ nộp đơn đăng ký quốc tế 02 nhãn hiệu tập thể tại Nhật Bản, Hàn Quốc và Singapore."
    )
    [ip] = r.ip_filings
    assert ip.object_type.value == "nhan_hieu_tap_the"
    assert ip.jurisdictions == ("Nhật Bản", "Hàn Quốc", "Singapore")


# --- other activities -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "activity", "count"),
    [
        (
            "Thẩm định và cho ý kiến về công nghệ đối với 19 dự án đầu tư.",
            "tham_dinh_cong_nghe",
            19,
        ),
        ("Tiếp nhận, giải quyết 74 hồ sơ thủ tục hành chính đúng hạn.", "thu_tuc_hanh_chinh", 74),
        ("Cấp giấy chứng nhận doanh nghiệp KH&CN cho 02 DN.", "gcn_doanh_nghiep_khcn", 2),
        ("Kiểm định 1.175 phương tiện đo các loại.", "kiem_dinh_phuong_tien_do", 1175),
    ],
)
def test_activities(sentence: str, activity: str, count: int) -> None:
    r = facts_of(sentence)
    assert [(a.activity.value, a.count) for a in r.activities] == [(activity, count)]


# --- stances, problems ------------------------------------------------------------------


def test_plans_after_a_plan_heading() -> None:
    r = facts_of(
        "Đã nghiệm thu 8 nhiệm vụ.\nPhương hướng, nhiệm vụ 3 tháng cuối năm 2023:\n"
        "Tổ chức nghiệm thu 6 nhiệm vụ; kiểm tra 30 cơ sở kinh doanh xăng dầu."
    )
    stances = sorted((t.count, t.stance.value) for t in r.tasks)
    assert stances == [(6, "ke_hoach"), (8, "ket_qua")]
    assert {a.stance.value for a in r.enforcement} == {"ke_hoach"}


def test_estimates() -> None:
    r = facts_of("Ước thực hiện cả năm nghiệm thu 15 nhiệm vụ.")
    assert [t.stance.value for t in r.tasks] == ["uoc"]


def test_an_impossible_figure_is_a_problem_not_a_fact() -> None:
    r = facts_of("Kiểm tra 05 cơ sở, phát hiện 08 cơ sở vi phạm.")
    assert r.enforcement == ()
    [problem] = r.problems
    assert "violators" in problem.reason
    assert problem.evidence is not None
    assert "08" in problem.evidence.text


# --- metadata --------------------------------------------------------------------------


def test_metadata_from_title_and_date_line() -> None:
    text = (
        "Tổng kết công tác KH&CN năm 2017 và triển khai nhiệm vụ năm 2018\n"
        "(15/01/2018) Sở KH&CN tỉnh BR-VT tổ chức hội nghị tổng kết; năm 2017 đã nghiệm thu "
        "12 nhiệm vụ."
    )
    r = khcn.extract(text)
    assert r.period == khcn.ReportingPeriod.year(2017)
    assert r.published == dt.date(2018, 1, 15)
    assert r.province is not None
    assert r.province.slug == "ba_ria_vung_tau"


def test_yearless_title_period_takes_the_year_of_the_title() -> None:
    r = khcn.extract(
        "Hội nghị sơ kết 9 tháng đầu năm, triển khai nhiệm vụ 3 tháng cuối năm 2023\n"
        "Sở KH&CN tỉnh Thái Nguyên đã ký hợp đồng 10 nhiệm vụ."
    )
    assert r.period is not None
    assert r.period.code == "2023-01/2023-09"


# --- chrome and HTML --------------------------------------------------------------------

BODY = (
    "Sở KH&CN tỉnh Hà Nam đã nghiệm thu 11 nhiệm vụ cấp tỉnh; thẩm định công nghệ 23 dự án "
    "đầu tư; xử phạt 07 cơ sở với tổng số tiền 38,75 triệu đồng."
)


def _fingerprint(report: khcn.Report) -> list[tuple[object, ...]]:
    return sorted(
        (type(f).__name__, f.stance.value, f.evidence.text if f.evidence else "")
        for f in report.facts
    )


def test_page_chrome_yields_nothing() -> None:
    plain = khcn.extract("Tổng kết năm 2022\n" + BODY)
    chromed = khcn.extract(
        "Trang chủ » Tin tức » Hoạt động\nFacebook   Zalo\nTổng kết năm 2022\n"
        + BODY
        + "\nSố lượt đọc: 2421\nThống kê truy cập\nĐang truy cập: 12 người\n"
        "Tin liên quan\nSơ kết 6 tháng đầu năm 2022: nghiệm thu 4 nhiệm vụ\n"
        "Địa chỉ: 12 đường Trần Phú; Điện thoại: 0226 385 2345"
    )
    assert _fingerprint(chromed) == _fingerprint(plain)
    assert len(plain.facts) == 3


def test_html_page_evidence_points_into_the_visible_text() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Tổng kết năm 2022</title></head><body>"
        "<nav class='menu'><a>Trang chủ</a> | <a>Giới thiệu</a></nav>"
        "<div class='breadcrumb'>Tin tức › Hoạt động</div>"
        "<article><h1>Tổng kết năm 2022</h1><p>Sở KH&amp;CN tỉnh Hà Nam đã nghiệm thu"
        "&nbsp;11 nhiệm vụ cấp tỉnh.</p></article>"
        "<div class='share'>Facebook Zalo</div><footer>Số lượt đọc: 2421</footer>"
        "</body></html>"
    )
    reading = read_report(page)
    [t] = reading.report.tasks
    assert t.count == 11
    assert t.evidence is not None
    assert reading.text[t.evidence.start : t.evidence.end] == t.evidence.text
    assert "11 nhiệm vụ" in t.evidence.text
    assert "2421" not in reading.text


# --- shapes added for accuracy ------------------------------------------------------------


def test_bare_numbers_in_a_breakdown_are_parts_of_the_activity_total() -> None:
    r = facts_of(
        "Sở trình Chủ tịch UBND tỉnh công bố 24 TTHC (trong đó ban hành mới 10, sửa đổi, "
        "bổ sung 08 và bãi bỏ 06) thuộc lĩnh vực KH&CN."
    )
    [total] = [a for a in r.activities if a.parent is None]
    assert (total.activity.value, total.count) == ("thu_tuc_hanh_chinh", 24)
    parts = sorted(a.count for a in r.children_of(total))
    assert parts == [6, 8, 10]
    assert {a.activity.value for a in r.children_of(total)} == {"thu_tuc_hanh_chinh"}


def test_bare_numbers_do_not_swallow_the_next_clause() -> None:
    r = facts_of(
        "Sở công bố 15 TTHC, trong đó ban hành mới 09, bãi bỏ 06; tiếp nhận 210 hồ sơ "
        "thủ tục hành chính."
    )
    top = sorted(a.count for a in r.activities if a.parent is None)
    assert top == [15, 210]


def test_a_stage_after_the_noun_beats_a_general_verb_and_the_one_before() -> None:
    r = facts_of(
        "Sở đang triển khai 40 nhiệm vụ cấp tỉnh, gồm 25 nhiệm vụ chuyển tiếp và 15 nhiệm vụ "
        "mở mới năm 2023."
    )
    stages = sorted((t.count, t.stage.value) for t in r.tasks)
    assert stages == [(15, "trien_khai"), (25, "chuyen_tiep"), (40, "trien_khai")]


def test_a_list_of_verbs_each_with_its_count() -> None:
    r = facts_of(
        "Sở đã ký hợp đồng 09 nhiệm vụ cấp tỉnh, nghiệm thu 07 nhiệm vụ, thanh lý hợp đồng "
        "05 nhiệm vụ; thẩm định nội dung, kinh phí 04 nhiệm vụ."
    )
    stages = sorted((t.count, t.stage.value) for t in r.tasks)
    assert stages == [
        (4, "tham_dinh_kinh_phi"),
        (5, "thanh_ly"),
        (7, "nghiem_thu"),
        (9, "ky_hop_dong"),
    ]


def test_a_grade_after_the_parenthesis_of_parts() -> None:
    r = facts_of(
        "Sở đã nghiệm thu 04 nhiệm vụ (02 đề tài, 02 dự án sản xuất thử nghiệm), cả 04 nhiệm vụ "
        "đều được đánh giá đạt."
    )
    [total] = [t for t in r.tasks if t.parent is None]
    assert total.grade is not None
    assert total.grade.value == "dat"


def test_innovation_projects_supported_are_tasks() -> None:
    r = facts_of("Năm 2023, Quỹ đã hỗ trợ 06 dự án đổi mới công nghệ cho doanh nghiệp.")
    [t] = r.tasks
    assert (t.kind.value if t.kind else None, t.stage.value, t.count) == (
        "nhiem_vu_dmst",
        "trien_khai",
        6,
    )


def test_a_named_mark_is_a_count_of_one_linked_to_its_filing() -> None:
    r = facts_of(
        'Nhãn hiệu chứng nhận "Bưởi Đoan Hùng" đã được cấp văn bằng bảo hộ. Sở hỗ trợ nộp đơn '
        'đăng ký chỉ dẫn địa lý "Cam Vinh" tại Hàn Quốc và Nhật Bản.'
    )
    got = sorted(
        (ip.object_type and ip.object_type.value, ip.stage.value, ip.count, ip.filing.title)
        for ip in r.ip_filings
        if ip.filing is not None
    )
    assert got == [
        ("chi_dan_dia_ly", "dang_ky_quoc_te", 1, "Cam Vinh"),
        ("nhan_hieu_chung_nhan", "cap_van_bang", 1, "Bưởi Đoan Hùng"),
    ]
    [abroad] = [ip for ip in r.ip_filings if ip.jurisdictions]
    assert abroad.jurisdictions == ("Hàn Quốc", "Nhật Bản")
    assert abroad.filing is not None
    assert abroad.filing.jurisdictions == ("Hàn Quốc", "Nhật Bản")
    assert all(str(ip.filing.title) in ev(ip) for ip in r.ip_filings if ip.filing)


def test_an_unnamed_mark_keeps_a_count_of_none() -> None:
    r = facts_of("Sản phẩm cam sành được cấp giấy chứng nhận đăng ký chỉ dẫn địa lý.")
    assert [(ip.stage.value, ip.count, ip.filing) for ip in r.ip_filings] == [
        ("cap_van_bang", None, None)
    ]


def test_an_unnamed_or_counted_mark_is_not_a_second_fact() -> None:
    r = facts_of(
        "Tăng cường quản lý sáng kiến và nhãn hiệu tập thể. Sở hỗ trợ 03 hợp tác xã xây dựng "
        "nhãn hiệu tập thể cho nông sản."
    )
    assert [(ip.stage.value, ip.count) for ip in r.ip_filings] == [("ho_tro", 3)]


def test_parts_after_trong_do_co_keep_the_stage_of_the_total() -> None:
    r = facts_of(
        "Sở đã hỗ trợ đăng ký bảo hộ cho 30 nhãn hiệu, trong đó có 08 nhãn hiệu tập thể và "
        "02 nhãn hiệu chứng nhận."
    )
    got = sorted((ip.count, ip.stage.value) for ip in r.ip_filings)
    assert got == [(2, "ho_tro"), (8, "ho_tro"), (30, "ho_tro")]


def test_an_object_named_in_the_next_statement_is_not_this_counts() -> None:
    r = facts_of(
        "Hướng dẫn 12 tổ chức, cá nhân đăng ký bảo hộ sở hữu công nghiệp, hỗ trợ xây dựng "
        'nhãn hiệu chứng nhận "Chè Tân Cương".'
    )
    [guided] = [ip for ip in r.ip_filings if ip.count == 12]
    assert guided.object_type is None


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        ("Năm 2024, Sở đặt mục tiêu nghiệm thu 10 nhiệm vụ cấp tỉnh.", "ke_hoach"),
        ("Trong quý, Sở tiếp tục triển khai 12 nhiệm vụ cấp tỉnh.", "ket_qua"),
        ("Sở ký hợp đồng 03 nhiệm vụ mở mới thuộc danh mục năm 2024.", "ket_qua"),
    ],
)
def test_stance_cues(sentence: str, stance: str) -> None:
    [t] = facts_of(sentence).tasks
    assert t.stance.value == stance


@pytest.mark.parametrize(
    ("sentence", "activity", "count"),
    [
        ("Hỗ trợ 07 sản phẩm OCOP gắn tem truy xuất nguồn gốc.", "truy_xuat_nguon_goc", 7),
        ("Hỗ trợ 07 sản phẩm OCOP nâng hạng.", "ocop", 7),
        ("Tham mưu HĐND tỉnh ban hành 02 nghị quyết về chính sách KH&CN.", "van_ban_qppl", 2),
        ("Sở phối hợp tổ chức 01 chợ công nghệ và thiết bị vùng.", "ket_noi_cung_cau", 1),
        ("Sở đưa vào vận hành 02 nền tảng số dùng chung.", "chuyen_doi_so", 2),
        (
            "Giải thưởng Chất lượng quốc gia được trao cho 15 doanh nghiệp.",
            "nang_suat_chat_luong",
            15,
        ),
    ],
)
def test_more_activities(sentence: str, activity: str, count: int) -> None:
    r = facts_of(sentence)
    assert [(a.activity.value, a.count) for a in r.activities] == [(activity, count)]


def test_a_breakdown_without_parenthesis_ends_at_the_semicolon() -> None:
    r = facts_of(
        "Kiểm định 1.200 phương tiện đo, trong đó chủ yếu là công tơ điện; tiếp nhận 04 hồ sơ "
        "khai báo thiết bị bức xạ."
    )
    got = sorted((a.activity.value, a.count, a.parent) for a in r.activities)
    assert got == [("khai_bao_buc_xa", 4, None), ("kiem_dinh_phuong_tien_do", 1200, None)]


def test_establishments_checked_are_enforcement_not_an_activity() -> None:
    r = facts_of(
        "Đoàn kiểm tra đã kiểm tra đột xuất 04 cơ sở sản xuất về ghi nhãn và công bố hợp quy, "
        "xử phạt 02 cơ sở với tổng số tiền 12 triệu đồng."
    )
    assert r.activities == ()
    [a] = r.enforcement
    assert (a.kind.value if a.kind else None, a.subjects, a.violators) == ("kiem_tra", 4, 2)
    assert a.fine == khcn.Money(12_000_000)


def test_a_section_label_before_a_colon_does_not_mix_the_kinds() -> None:
    r = facts_of(
        "Công tác thanh tra, kiểm tra: thanh tra 03 cuộc về đo lường tại 20 cơ sở, xử phạt "
        "02 cơ sở với số tiền 9 triệu đồng."
    )
    [a] = r.enforcement
    assert (a.kind.value if a.kind else None, a.campaigns, a.subjects) == ("thanh_tra", 3, 20)


def test_clauses_that_share_the_sanction_verb_are_separate_fines() -> None:
    r = facts_of(
        "Qua kiểm tra, đã xử phạt 04 cơ sở kinh doanh xăng dầu với số tiền 30 triệu đồng; "
        "02 cơ sở kinh doanh vàng vi phạm về đo lường 12 triệu đồng; 01 phòng khám tư nhân "
        "vi phạm quy định an toàn bức xạ 3 triệu đồng."
    )
    got = sorted((a.violators, a.fine.amount if a.fine else None) for a in r.enforcement)
    assert got == [(1, Decimal(3_000_000)), (2, Decimal(12_000_000)), (4, Decimal(30_000_000))]


def test_sanctioned_after_the_noun_and_companies() -> None:
    r = facts_of(
        "Trong năm, 45 tổ chức, cá nhân đã bị xử phạt với tổng số tiền 1,2 tỷ đồng. Đoàn kiểm tra "
        "đã làm việc với 04 hãng taxi; Sở đã xử phạt 02 hãng với tổng số tiền 20 triệu đồng."
    )
    got = sorted(
        (a.violators or 0, a.subjects, a.fine.amount if a.fine else None) for a in r.enforcement
    )
    assert got == [(2, 4, Decimal(20_000_000)), (45, None, Decimal(1_200_000_000))]


def test_a_count_stated_as_a_predicate() -> None:
    r = facts_of(
        "Trong kỳ, số nhiệm vụ được nghiệm thu là 27, trong đó 05 nhiệm vụ xếp loại xuất sắc. "
        "Số văn bằng bảo hộ được cấp vượt mốc 1.500."
    )
    [t] = [t for t in r.tasks if t.parent is None]
    assert (t.stage.value, t.count) == ("nghiem_thu", 27)
    [ip] = r.ip_filings
    assert (ip.stage.value, ip.object_type, ip.count, ip.qualifier.value) == (
        "cap_van_bang",
        None,
        1500,
        "gt",
    )


def test_a_stage_after_the_noun_through_a_council() -> None:
    r = facts_of("Năm 2023, 52 nhiệm vụ cấp quốc gia đã được hội đồng đánh giá, nghiệm thu.")
    [t] = r.tasks
    assert (t.stage.value, t.count, t.level.value if t.level else None) == (
        "nghiem_thu",
        52,
        "quoc_gia",
    )


def test_parts_of_a_fully_graded_total_take_its_grade() -> None:
    r = facts_of(
        "Sở đã nghiệm thu 03 nhiệm vụ (02 đề tài, 01 dự án sản xuất thử nghiệm), cả 03 nhiệm vụ "
        "đều đạt."
    )
    assert {(t.count, t.grade.value if t.grade else None) for t in r.tasks} == {
        (3, "dat"),
        (2, "dat"),
        (1, "dat"),
    }


def test_an_estimate_later_in_the_sentence_leaves_the_result_before_it() -> None:
    r = facts_of(
        "Trung tâm đã kiểm định 4.210 phương tiện đo (ước đến hết tháng 9 đạt khoảng 6.000 "
        "phương tiện đo)."
    )
    got = sorted((a.count, a.stance.value) for a in r.activities)
    assert got == [(4210, "ket_qua"), (6000, "uoc")]


def test_a_projection_sentence_stays_one_estimate() -> None:
    r = facts_of(
        "Dự kiến đến hết năm, Sở nghiệm thu thêm 04 nhiệm vụ; tỷ lệ hồ sơ giải quyết đúng hạn "
        "dự kiến đạt 100%."
    )
    [t] = r.tasks
    assert t.stance.value == "uoc"


def test_an_object_most_of_them_are_is_not_their_type() -> None:
    r = facts_of("Các chủ thể được cấp 28 văn bằng bảo hộ, chủ yếu là nhãn hiệu.")
    [ip] = r.ip_filings
    assert (ip.count, ip.object_type) == (28, None)


@pytest.mark.parametrize(
    ("sentence", "activity", "count"),
    [
        ("Kiểm định hàng trăm nghìn phương tiện đo các loại.", "kiem_dinh_phuong_tien_do", None),
        ("Ngày hội khởi nghiệp (Techfest) của tỉnh có 35 gian hàng.", "khoi_nghiep_dmst", 35),
    ],
)
def test_vague_counts_and_booths(sentence: str, activity: str, count: int | None) -> None:
    r = facts_of(sentence)
    assert [(a.activity.value, a.count) for a in r.activities] == [(activity, count)]


def test_a_total_fine_in_the_next_sentence_closes_the_action() -> None:
    r = facts_of(
        "Đoàn kiểm tra đã kiểm tra 14 cửa hàng xăng dầu, xử phạt 04 cửa hàng. Tổng số tiền "
        "xử phạt là 28 triệu đồng.\nĐã kiểm tra 09 cơ sở.\nTổng số tiền xử phạt là 5 triệu đồng."
    )
    got = sorted(
        (a.subjects, a.violators, a.fine.amount if a.fine else None) for a in r.enforcement
    )
    # the second paragraph's total names no action of its own paragraph: left unread
    assert got == [(9, None, None), (14, 4, Decimal(28_000_000))]


@pytest.mark.parametrize(
    "results",
    [
        "Kết quả, 12 cơ sở bị xử phạt với tổng số tiền 187,5 triệu đồng.",
        "Kết quả kiểm tra cho thấy 12 cơ sở vi phạm, bị xử phạt 187,5 triệu đồng.",
        "Qua kiểm tra, đã xử phạt 12 cơ sở với số tiền 187,5 triệu đồng.",
        "Qua kiểm tra đã phát hiện và xử phạt 12 cơ sở, tổng số tiền 187,5 triệu đồng.",
    ],
)
def test_results_in_the_next_sentence_close_the_operation(results: str) -> None:
    r = facts_of(f"Sở tổ chức 6 đoàn kiểm tra tại 74 cơ sở kinh doanh xăng dầu. {results}")
    [action] = r.enforcement
    assert (action.campaigns, action.subjects, action.violators) == (6, 74, 12)
    assert action.fine is not None
    assert action.fine.amount == Decimal(187_500_000)
    assert action.evidence.text.endswith("187,5 triệu đồng")


@pytest.mark.parametrize(
    "text",
    [
        # no result cue: a separate statement
        "Sở tổ chức 6 đoàn kiểm tra tại 74 cơ sở. Thanh tra Sở xử phạt 12 cơ sở, 187,5 triệu đồng.",
        # another paragraph
        "Sở tổ chức 6 đoàn kiểm tra tại 74 cơ sở.\nKết quả, 12 cơ sở bị xử phạt 187,5 triệu đồng.",
        # the results of more than the check before
        "Thanh tra Sở thực hiện 03 cuộc thanh tra. Sở tổ chức 6 đoàn kiểm tra tại 74 cơ sở. "
        "Qua thanh tra, kiểm tra, đã xử phạt 12 cơ sở với số tiền 187,5 triệu đồng.",
        # the operation had its results already
        "Sở kiểm tra 74 cơ sở, phát hiện 15 cơ sở vi phạm. Kết quả, 12 cơ sở bị xử phạt "
        "187,5 triệu đồng.",
    ],
)
def test_results_stay_apart_without_a_clear_link(text: str) -> None:
    r = facts_of(text)
    fined = [a for a in r.enforcement if a.fine is not None]
    assert [(a.campaigns, a.subjects, a.violators) for a in fined] == [(None, None, 12)]


@pytest.mark.parametrize(
    ("sentence", "stages"),
    [
        (
            "Có 12 đề tài được nghiệm thu và 8 đề tài được phê duyệt mới.",
            ["nghiem_thu", "phe_duyet_danh_muc"],
        ),
        ("Đã có 25 nhiệm vụ được đưa vào triển khai thực hiện.", ["trien_khai"]),
        ("Có 14 nhiệm vụ KH&CN cấp tỉnh được ký hợp đồng trong quý.", ["ky_hop_dong"]),
        # a stage before the count wins: the passive describes the tasks
        ("Sở triển khai 20 nhiệm vụ đã được phê duyệt năm 2023.", ["trien_khai"]),
        # a general word in the passive names no stage
        ("Có 20 nhiệm vụ được hỗ trợ kinh phí.", []),
    ],
)
def test_a_stage_in_the_passive_after_the_noun(sentence: str, stages: list[str]) -> None:
    assert [t.stage.value for t in facts_of(sentence).tasks] == stages


def test_a_breakdown_in_parentheses_then_grades() -> None:
    r = facts_of(
        "Tổ chức đánh giá, nghiệm thu 22 nhiệm vụ cấp tỉnh (14 đề tài, 8 dự án), trong đó "
        "4 nhiệm vụ đạt loại xuất sắc, 12 loại khá, 6 loại đạt."
    )
    [total] = [t for t in r.tasks if t.parent is None]
    parts = [
        (t.count, t.kind.value if t.kind else None, t.grade.value if t.grade else None)
        for t in r.children_of(total)
    ]
    assert total.count == 22
    assert parts == [
        (14, "de_tai", None),
        (8, None, None),
        (4, None, "xuat_sac"),
        (12, None, "kha"),
        (6, None, "dat"),
    ]
    # evidence is the statement, without the spaces around it
    assert all(t.evidence.text == t.evidence.text.strip() for t in r.tasks)


def test_a_grade_is_counted_once_under_two_acceptances() -> None:
    r = facts_of(
        "Sở đã nghiệm thu 30 nhiệm vụ, trong đó 20 nhiệm vụ đã hoàn tất thủ tục nghiệm thu, "
        "5 nhiệm vụ được xếp loại xuất sắc."
    )
    got = [(t.count, t.grade.value if t.grade else None) for t in r.tasks]
    assert got == [(30, None), (20, None), (5, "xuat_sac")]


@pytest.mark.parametrize(
    ("sentence", "parts"),
    [
        (
            "Thanh tra Sở thực hiện 05 cuộc thanh tra (04 cuộc theo kế hoạch, 01 cuộc đột xuất) "
            "tại 61 cơ sở.",
            [(4, ("theo_ke_hoach",), ()), (1, ("dot_xuat",), ())],
        ),
        (
            "- Số cuộc thanh tra: 05 cuộc (theo kế hoạch: 04 cuộc; đột xuất: 01 cuộc).",
            [(4, ("theo_ke_hoach",), ()), (1, ("dot_xuat",), ())],
        ),
        (
            "Thanh tra Sở đã thực hiện 02 cuộc thanh tra, gồm 01 cuộc theo kế hoạch về đo lường, "
            "chất lượng vàng trang sức và 01 cuộc đột xuất về an toàn bức xạ, tại 19 cơ sở.",
            [(1, ("theo_ke_hoach",), ()), (1, ("dot_xuat",), ())],
        ),
        (
            "Thanh tra Sở thực hiện 03 cuộc thanh tra, trong đó 02 cuộc thanh tra chuyên ngành và "
            "01 cuộc thanh tra hành chính.",
            [(2, (), ("thanh_tra_chuyen_nganh",)), (1, (), ("thanh_tra_hanh_chinh",))],
        ),
        (
            "Thanh tra Sở đã tiến hành 06 cuộc thanh tra, trong đó 01 cuộc thanh tra hành chính "
            "về sử dụng kinh phí nhiệm vụ KH&CN.",
            [(1, (), ("thanh_tra_hanh_chinh",))],
        ),
    ],
)
def test_campaign_totals_break_down_by_basis_or_class(
    sentence: str, parts: list[tuple[int, tuple[str, ...], tuple[str, ...]]]
) -> None:
    r = facts_of(sentence)
    [total] = [a for a in r.enforcement if a.parent is None]
    got = [
        (
            a.campaigns,
            tuple(sorted(b.value for b in a.bases)),
            tuple(sorted(c.value for c in a.classes)),
        )
        for a in r.children_of(total)
    ]
    assert total.kind is not None
    assert total.kind.value == "thanh_tra"
    assert got == parts
    # the parts are not added to the total a second time
    assert sum(a.campaigns or 0 for a in r.enforcement if a.parent is None) == total.campaigns


def test_a_coordinated_ip_list_shares_its_verb() -> None:
    r = facts_of(
        "Trong kỳ đã cấp 120 nhãn hiệu, 09 kiểu dáng công nghiệp, 03 sáng chế cho các chủ thể."
    )
    got = sorted((ip.object_type.value, ip.stage.value, ip.count) for ip in r.ip_filings)
    assert got == [
        ("kieu_dang_cong_nghiep", "cap_van_bang", 9),
        ("nhan_hieu", "cap_van_bang", 120),
        ("sang_che", "cap_van_bang", 3),
    ]


def test_tasks_in_progress_break_down_into_carried_over_and_new() -> None:
    r = facts_of(
        "Số nhiệm vụ cấp tỉnh Sở đang quản lý là 44 nhiệm vụ, trong đó 30 nhiệm vụ chuyển tiếp "
        "và 14 nhiệm vụ mở mới."
    )
    [total] = [t for t in r.tasks if t.parent is None]
    assert (total.count, total.stage.value, total.level.value if total.level else None) == (
        44,
        "trien_khai",
        "tinh",
    )
    parts = sorted(
        (t.count, t.stage.value, t.level.value if t.level else None) for t in r.children_of(total)
    )
    assert parts == [(14, "trien_khai", "tinh"), (30, "chuyen_tiep", "tinh")]


def test_pre_acceptance_is_not_a_level() -> None:
    r = facts_of("Tổ chức nghiệm thu cấp cơ sở 06 nhiệm vụ; nghiệm thu cấp tỉnh 04 nhiệm vụ.")
    got = sorted((t.count, t.level.value if t.level else None) for t in r.tasks)
    assert got == [(4, "tinh"), (6, None)]


def test_a_dateline_gives_the_published_date() -> None:
    r = khcn.extract(
        "SỞ KH&CN TỈNH LẠNG SƠN: KẾT QUẢ CÔNG TÁC THÁNG 9 NĂM 2023\n"
        "Lạng Sơn, 28-9-2023 - Sở Khoa học và Công nghệ tỉnh Lạng Sơn vừa có báo cáo gửi UBND "
        "tỉnh về kết quả thực hiện nhiệm vụ tháng 9/2023 và nhiệm vụ trọng tâm tháng 10/2023."
    )
    assert r.published == dt.date(2023, 9, 28)


# --- properties ------------------------------------------------------------------------

PIECES = [
    "Thanh tra 02 cuộc",
    "kiểm tra 15 cơ sở",
    "xử phạt 03 cơ sở",
    "tổng số tiền 12,5 triệu đồng",
    "nghiệm thu 8 nhiệm vụ",
    "(gồm 5 đề tài và 3 dự án SXTN)",
    "cấp trên 60 văn bằng bảo hộ",
    "ngày 24/9",
    "quý IV/2021",
    "9 tháng đầu năm",
    "10/KH-UBND",
    "1.2.3,4",
    "((((",
    ";",
    ". ",
    "\n",
    "sẽ",
    "hơn",
    "Phương hướng:",
    "đồng thời kiểm tra đột xuất về ghi nhãn đối với 02 doanh nghiệp",
    "cụ thể, chia ra: Nhiệm vụ cấp tỉnh 5 nhiệm vụ; Chương trình X là 3 dự án",
    'nhãn hiệu tập thể "Gạo Xanh" được cấp văn bằng',
    "kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu đối với 12 hồ sơ",
    "hoàn thành hai cuộc thanh tra tại hai mươi mốt cơ sở",
    "tăng 9 văn bằng",
    "cứ tám nhiệm vụ thì có một nhiệm vụ",
    "nghiệm thu 30 nhiệm vụ, trong đó 20 nhiệm vụ đã hoàn tất thủ tục nghiệm thu, 5 nhiệm vụ"
    " được xếp loại xuất sắc",
    "Kết quả, 4 cơ sở bị xử phạt",
    "12 đề tài được phê duyệt mới",
    ". Trong đó, 01 cuộc thanh tra; 02 cuộc kiểm tra.",
    "Tổng hợp lại, qua kiểm tra 10 cơ sở,",
    "(cùng kỳ năm 2025: 11 nhiệm vụ)",
    "lũy kế đạt 40 phương tiện đo",
    "\t1\tkiểm tra\tcuộc\t8\n",
    "riêng 01 doanh nghiệp bị phạt 2 triệu đồng",
    "ban hành 03 quyết định xử phạt với tổng số tiền 9 triệu đồng",
    "nâng tổng số lên 9 doanh nghiệp",
]


@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=30).map(" ".join))
@settings(max_examples=150)
def test_extract_never_raises_and_evidence_lies_in_the_input(text: str) -> None:
    report = khcn.extract(text)
    for fact in report.facts:
        ev = fact.evidence
        assert ev is not None
        assert text[ev.start : ev.end] == ev.text
        figures = [getattr(fact, n, None) for n in ("count", "campaigns", "subjects", "violators")]
        shown = [f for f in figures if isinstance(f, int)]
        digits = re.sub(r"\D", "", ev.text)
        filing = getattr(fact, "filing", None)
        if filing is not None:  # one named filing: its name, not a digit, shows the 1
            assert filing.title in ev.text
            continue
        for figure in shown:
            assert (
                str(figure).lstrip("0") in digits.lstrip("0")
                or str(figure) in ev.text
                or khcn.number_to_words(figure) in ev.text.lower()  # "hai cuộc thanh tra"
            )


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map(" ".join))
@settings(max_examples=150)
def test_no_fact_is_stated_twice(text: str) -> None:
    # two facts with one evidence span and the same fields would be counted twice
    seen = set()
    for fact in khcn.extract(text).facts:
        fields = khcn.serialize.unstructure(fact)
        del fields["id"], fields["parent"]
        key = repr(sorted(fields.items()))
        assert key not in seen, fact
        seen.add(key)


@given(st.text(max_size=300))
def test_extract_never_raises_on_arbitrary_text(text: str) -> None:
    khcn.extract(text)


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map(" ".join))
@settings(max_examples=80)
def test_nfd_text_gives_the_same_facts(text: str) -> None:
    nfc = khcn.extract(text)
    nfd = khcn.extract(unicodedata.normalize("NFD", text))
    assert [type(f).__name__ for f in nfc.facts] == [type(f).__name__ for f in nfd.facts]
    assert [unicodedata.normalize("NFC", f.evidence.text) for f in nfd.facts if f.evidence] == [
        f.evidence.text for f in nfc.facts if f.evidence
    ]


@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=20).map(" ".join),
    st.sampled_from(
        [
            ("Trang chủ » Tin tức\nFacebook Zalo\n", "\nSố lượt đọc: 2421"),
            ("Liên kết website\n", "\nTin liên quan\nNghiệm thu 4 nhiệm vụ năm 2020"),
            ("", "\nBản quyền © Sở KH&CN. Địa chỉ: 12 Trần Phú"),
        ]
    ),
)
@settings(max_examples=80)
def test_chrome_around_a_report_does_not_change_its_facts(
    body: str, chrome: tuple[str, str]
) -> None:
    title = "Tổng kết năm 2022 của Sở KH&CN\n"
    plain = khcn.extract(title + body)
    chromed = khcn.extract(chrome[0] + title + body + chrome[1])
    assert _fingerprint(chromed) == _fingerprint(plain)


def test_a_line_break_inside_an_html_paragraph_is_a_space() -> None:
    page = (
        "<html><body><h1>Lạng Sơn: sơ kết quý I/2024</h1><p>Chi cục đã kiểm tra 12 cơ sở, "
        "phát hiện 02 cơ sở vi phạm,\nxử phạt tổng số tiền 9,5 triệu đồng.</p></body></html>"
    )
    reading = read_report(page)
    [action] = reading.report.enforcement
    assert (action.subjects, action.violators) == (12, 2)
    assert action.fine == khcn.Money(9_500_000)


def test_a_problem_names_the_field() -> None:
    r = facts_of("Sở đã kiểm tra 5 cơ sở, phát hiện 7 cơ sở vi phạm.")
    [problem] = r.problems
    assert problem.field == "violators"


def test_a_sentence_that_names_its_own_period_gives_its_facts_that_period() -> None:
    r = khcn.extract(
        "Tổng kết công tác năm 2019 của Sở KH&CN tỉnh Thái Nguyên\n"
        "Năm 2019, Sở đã nghiệm thu 22 nhiệm vụ; riêng quý IV nghiệm thu 08 nhiệm vụ. "
        "Năm 2018, Sở đã nghiệm thu 15 nhiệm vụ."
    )
    periods = {t.count: t.period for t in r.tasks}
    assert periods == {
        22: None,  # the report's own year
        8: khcn.ReportingPeriod.quarter(2019, 4),
        15: khcn.ReportingPeriod.year(2018),
    }


# --- real-report shapes: separate operations, lists, import checks, titles -------------


def test_separate_operations_in_one_sentence_are_separate_actions() -> None:
    r = facts_of(
        "Qua thanh tra, kiểm tra đã xử phạt 05 cơ sở vi phạm với tổng số tiền 20 triệu đồng, "
        "đồng thời Chi cục đã kiểm tra đột xuất về ghi nhãn, hợp chuẩn, hợp quy đối với "
        "03 doanh nghiệp và xử phạt với số tiền là 40 triệu đồng và ngoài ra, thông qua hoạt "
        "động kiểm tra thường xuyên về đo lường, Sở đã xử phạt 01 cửa hàng xăng dầu vi phạm "
        "với số tiền 4 triệu đồng."
    )
    got = [(a.kind and a.kind.value, a.subjects, a.violators, a.fine) for a in r.enforcement]
    assert got == [
        (None, None, 5, khcn.Money(Decimal(20_000_000))),
        ("kiem_tra", 3, None, khcn.Money(Decimal(40_000_000))),
        ("kiem_tra", None, 1, khcn.Money(Decimal(4_000_000))),
    ]
    first, second, third = r.enforcement
    assert "đồng thời" not in ev(first)
    assert ev(second).startswith("kiểm tra đột xuất")
    assert "20 triệu" not in ev(second)
    assert "4 triệu" not in ev(second)
    assert {b.value for b in second.bases} == {"dot_xuat"}
    assert {b.value for b in third.bases} == {"thuong_xuyen"}
    assert not r.activities  # the companies checked are not a conformity activity


def test_a_check_referred_back_to_is_not_a_new_operation() -> None:
    r = facts_of(
        "Thanh tra Sở đã thanh tra 12 cơ sở kinh doanh, thông qua thanh tra đã phát hiện và "
        "xử phạt 03 cơ sở với tổng số tiền 9 triệu đồng."
    )
    [a] = r.enforcement
    assert (a.subjects, a.violators) == (12, 3)


def test_a_list_across_semicolons_breaks_down_the_total() -> None:
    r = facts_of(
        "Công tác đánh giá, nghiệm thu nhiệm vụ được thực hiện theo quy định: Trong năm, Sở "
        "quản lý thực hiện 40 nhiệm vụ KH&CN, cụ thể như sau, chia ra: Nhiệm vụ cấp tỉnh "
        "25 nhiệm vụ; Nhiệm vụ quỹ gen là 08 nhiệm vụ; Chương trình liên kết ứng dụng và "
        "chuyển giao công nghệ với Viện Nông nghiệp là 04 nhiệm vụ; Chương trình nông thôn "
        "miền núi 03 dự án."
    )
    tasks = {t.id: t for t in r.tasks}
    [total] = [t for t in r.tasks if t.parent is None]
    assert (total.count, total.stage.value) == (40, "trien_khai")
    parts = sorted(
        ((t.count, t.stage.value, t.kind and t.kind.value) for t in r.tasks if t.parent),
        reverse=True,
    )
    assert parts == [
        (25, "trien_khai", None),
        (8, "trien_khai", "nhiem_vu_quy_gen"),
        (4, "trien_khai", None),
        (3, "trien_khai", None),
    ]
    assert all(tasks[t.parent] is total for t in r.tasks if t.parent)


def test_a_list_whose_parts_exceed_the_total_is_not_a_breakdown() -> None:
    r = facts_of(
        "Sở quản lý 10 nhiệm vụ, trong đó: Nhiệm vụ cấp tỉnh 08 nhiệm vụ; Nhiệm vụ cấp cơ sở "
        "là 07 nhiệm vụ."
    )
    assert [t.count for t in r.tasks if t.parent] == [8]


def test_state_checks_of_imported_goods_count_files() -> None:
    r = facts_of(
        "Chi cục thực hiện kiểm tra nhà nước về chất lượng hàng hóa nhập khẩu nhóm 2 đối với "
        "146 hồ sơ, 100% hồ sơ đạt yêu cầu."
    )
    [a] = r.enforcement
    assert (a.kind and a.kind.value, a.subjects) == ("kiem_tra_hang_nhap_khau", 146)
    assert ev(a).startswith("kiểm tra nhà nước")
    assert not r.activities


def test_a_plain_project_beside_a_task_count_shares_its_stage() -> None:
    r = facts_of("Trong kỳ, Sở đã nghiệm thu 07 đề tài và 02 dự án.")
    got = [(t.count, t.stage.value, t.kind and t.kind.value) for t in r.tasks]
    assert got == [(7, "nghiem_thu", "de_tai"), (2, "nghiem_thu", None)]


def test_a_plain_project_not_beside_a_task_is_not_a_task() -> None:
    r = facts_of("Sở đã nghiệm thu 07 đề tài. Doanh nghiệp đầu tư 02 dự án nhà xưởng.")
    assert [t.count for t in r.tasks] == [7]


def test_certificates_of_a_named_type() -> None:
    r = facts_of("Trong kỳ đã cấp 04 giấy chứng nhận doanh nghiệp khoa học và công nghệ.")
    [a] = r.activities
    assert (a.activity.value, a.count, a.unit) == ("gcn_doanh_nghiep_khcn", 4, "giấy chứng nhận")
    assert ev(a).endswith("doanh nghiệp khoa học và công nghệ")


def test_every_stage_of_a_coordinated_list_starts_its_evidence_at_the_first() -> None:
    r = facts_of(
        "Sở đã tổ chức xét duyệt thuyết minh, thẩm định kinh phí và ký hợp đồng thực hiện "
        "12 nhiệm vụ cấp tỉnh."
    )
    assert [t.stage.value for t in r.tasks] == [
        "xet_duyet_thuyet_minh",
        "tham_dinh_kinh_phi",
        "ky_hop_dong",
    ]
    assert all(ev(t).startswith("xét duyệt thuyết minh") for t in r.tasks)


def test_a_one_sentence_report_is_read() -> None:
    r = khcn.extract("Năm 2024, Sở đã nghiệm thu 09 nhiệm vụ cấp tỉnh.")
    assert [(t.count, t.stage.value, t.level and t.level.value) for t in r.tasks] == [
        (9, "nghiem_thu", "tinh")
    ]


def test_a_headline_that_restates_the_body_is_not_counted_twice() -> None:
    body = "Năm 2024, Sở đã nghiệm thu 09 nhiệm vụ cấp tỉnh và cấp 05 văn bằng bảo hộ."
    for title in ("Sở KH&CN nghiệm thu 09 nhiệm vụ cấp tỉnh", "Sở nghiệm thu 09 nhiệm vụ."):
        r = khcn.extract(title + "\n" + body)
        assert [t.count for t in r.tasks] == [9]
        assert [ip.count for ip in r.ip_filings] == [5]


def test_several_named_marks_are_not_one_filing() -> None:
    r = facts_of('Sở hỗ trợ xây dựng nhãn hiệu chứng nhận "Gạo Một", "Cam Hai" và "Bưởi Ba".')
    assert [(ip.count, ip.filing) for ip in r.ip_filings] == [(None, None)]


def test_a_project_beside_a_task_without_a_stage_stays_unread() -> None:
    r = facts_of("Tỉnh có 04 đề tài và 02 dự án tiêu biểu.")
    assert r.tasks == ()


def test_a_task_check_after_an_enforcement_operation_keeps_its_stage() -> None:
    r = facts_of(
        "Thanh tra Sở xử phạt 04 cơ sở với số tiền 8 triệu đồng, đồng thời kiểm tra tiến độ "
        "06 nhiệm vụ cấp tỉnh."
    )
    assert [(t.count, t.stage.value) for t in r.tasks] == [(6, "kiem_tra_tien_do")]
    assert [(a.violators, a.subjects) for a in r.enforcement] == [(4, None)]


def test_a_list_of_counts_after_a_colon_breaks_down_the_total() -> None:
    r = facts_of(
        "Sở đang quản lý 40 nhiệm vụ, trong đó: 25 nhiệm vụ chuyển tiếp; 15 nhiệm vụ mở mới."
    )
    got = [(t.count, t.stage.value, t.parent) for t in r.tasks]
    assert got == [(40, "trien_khai", None), (25, "chuyen_tiep", "f1"), (15, "trien_khai", "f1")]


def test_a_bare_list_inherits_the_stage_of_the_total() -> None:
    r = facts_of("Năm nay đã nghiệm thu 09 nhiệm vụ, cụ thể: 06 đề tài; 03 dự án.")
    got = [(t.count, t.stage.value, t.parent) for t in r.tasks]
    assert got == [(9, "nghiem_thu", None), (6, "nghiem_thu", "f1"), (3, "nghiem_thu", "f1")]


# --- language of published reports beyond the example corpus ---------------------------


def test_counts_written_in_words() -> None:
    r = facts_of(
        "Thanh tra Sở hoàn thành hai cuộc thanh tra chuyên ngành về đo lường tại hai mươi mốt "
        "cơ sở; phát hiện ba cơ sở vi phạm. Sở đã nghiệm thu một đề tài cấp tỉnh và kiểm tra "
        "tiến độ năm nhiệm vụ đang triển khai."
    )
    [a] = r.enforcement
    assert (a.campaigns, a.subjects, a.violators) == (2, 21, 3)
    assert "hai cuộc thanh tra" in ev(a)
    assert sorted((t.stage.value, t.count) for t in r.tasks) == [
        ("kiem_tra_tien_do", 5),
        ("nghiem_thu", 1),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Trong năm cơ sở đã thực hiện tốt quy định.",  # "trong năm": the year
        "Sở là một đơn vị đi đầu trong chuyển đổi số.",  # a noun phrase, not a count
        "Sở thẩm định công nghệ đầu tư dự án nhà máy.",  # "đầu tư": no four
        "Cứ tám nhiệm vụ được nghiệm thu thì có một nhiệm vụ xếp loại xuất sắc.",  # a ratio
        "Năm nay cấp 41 văn bằng, tăng 9 văn bằng so với cùng kỳ.",  # a change, then 41
    ],
)
def test_words_that_are_no_counts(sentence: str) -> None:
    r = facts_of(sentence)
    assert [getattr(f, "count", None) for f in r.facts if getattr(f, "count", None)] in ([], [41])


def test_a_change_against_last_year_is_no_count() -> None:
    r = facts_of("Số cơ sở vi phạm giảm 4 cơ sở so với cùng kỳ; cấp 41 văn bằng, tăng 9 văn bằng.")
    assert [f.count for f in r.ip_filings] == [41]
    assert not r.enforcement


def test_a_later_period_makes_only_its_clause_a_plan() -> None:
    r = khcn.extract(
        "Báo cáo tháng 8/2020 của Sở KH&CN tỉnh Lạng Sơn\n"
        "Trong tháng, Sở nghiệm thu 01 đề tài cấp tỉnh; năm 2021 tuyển chọn tổ chức chủ trì "
        "03 nhiệm vụ cấp tỉnh.\n"
        "Nhiệm vụ tháng 9/2020: nghiệm thu 02 nhiệm vụ; tổ chức 01 lớp tập huấn."
    )
    stances = {(t.stage.value, t.count): t.stance.value for t in r.tasks}
    assert stances == {
        ("nghiem_thu", 1): "ket_qua",  # its clause names no later period
        ("tuyen_chon_giao", 3): "ke_hoach",  # the next clause names 2021
        ("nghiem_thu", 2): "ke_hoach",  # the label before the colon covers the list
    }
    assert [a.stance.value for a in r.activities] == ["ke_hoach"]


def test_ip_support_outweighs_an_activity_named_later_in_the_clause() -> None:
    r = facts_of("Sở hỗ trợ 08 chủ thể đăng ký bảo hộ nhãn hiệu cho sản phẩm OCOP.")
    [ip] = r.ip_filings
    assert (ip.stage.value, ip.object_type and ip.object_type.value, ip.count) == (
        "ho_tro",
        "nhan_hieu",
        8,
    )
    assert not r.activities


def test_a_type_heading_each_count_of_a_list() -> None:
    r = facts_of(
        "Các tổ chức, cá nhân đã nộp 96 đơn, gồm nhãn hiệu 88 đơn, kiểu dáng công nghiệp "
        "05 đơn, sáng chế 03 đơn."
    )
    got = [(f.parent, f.object_type and f.object_type.value, f.count) for f in r.ip_filings]
    assert got == [
        (None, None, 96),
        ("f1", "nhan_hieu", 88),
        ("f1", "kieu_dang_cong_nghiep", 5),
        ("f1", "sang_che", 3),
    ]


def test_a_grant_verb_before_its_own_figure_is_not_the_filing_stage() -> None:
    r = facts_of(
        "Giai đoạn này, doanh nghiệp đã nộp 4.320 đơn đăng ký sở hữu công nghiệp và được cấp "
        "2.715 văn bằng bảo hộ."
    )
    assert [(f.stage.value, f.count) for f in r.ip_filings] == [
        ("nop_don", 4320),
        ("cap_van_bang", 2715),
    ]


def test_a_complaint_letter_is_no_ip_application() -> None:
    r = facts_of("Tiếp nhận, xử lý 02 đơn phản ánh, kiến nghị của công dân; nộp 15 đơn sáng chế.")
    assert [(f.stage.value, f.count) for f in r.ip_filings] == [("nop_don", 15)]


@pytest.mark.parametrize(
    ("sentence", "grade"),
    [
        ("Sở nghiệm thu 01 đề tài cấp tỉnh về giống lúa, kết quả đạt loại khá.", "kha"),
        ("Sở nghiệm thu 06 nhiệm vụ, tất cả đều xếp loại đạt trở lên.", None),  # a floor
    ],
)
def test_a_grade_stated_for_the_count_itself(sentence: str, grade: str | None) -> None:
    [t] = facts_of(sentence).tasks
    assert (t.grade.value if t.grade else None) == grade


def test_the_lines_of_a_form_of_figures_make_one_action() -> None:
    r = facts_of(
        "2. Công tác thanh tra\n"
        "- Số cuộc thanh tra: 05 cuộc (theo kế hoạch: 04 cuộc; đột xuất: 01 cuộc).\n"
        "- Số cơ sở được thanh tra: 47 cơ sở.\n"
        "- Số cơ sở vi phạm: 08 cơ sở.\n"
        "- Số tiền xử phạt vi phạm hành chính: 62.500.000 đồng.\n"
        "- Số cơ sở được kiểm tra: 12 cơ sở.\n"
    )
    got = [
        (a.kind and a.kind.value, a.campaigns, a.subjects, a.violators)
        for a in r.enforcement
        if a.parent is None
    ]
    # the parts in the parenthesis are parts (children by basis), not operations of their
    # own; a line after the fine (which closes the action) starts another statement
    assert got == [("thanh_tra", 5, 47, 8), (None, None, 12, None)]
    [total] = [a for a in r.enforcement if a.campaigns == 5]
    parts = [(a.campaigns, sorted(b.value for b in a.bases)) for a in r.children_of(total)]
    assert parts == [(4, ["theo_ke_hoach"]), (1, ["dot_xuat"])]
    first = r.enforcement[0]
    assert first.fine == khcn.Money(Decimal(62_500_000))
    assert "05 cuộc" in ev(first)
    assert ev(first).endswith("62.500.000 đồng")


def test_campaigns_of_two_kinds_joined_after_a_topic_are_one_statement() -> None:
    r = facts_of(
        "Sở đã tiến hành 2 cuộc thanh tra về đo lường, chất lượng xăng dầu và 1 cuộc kiểm tra "
        "về ghi nhãn hàng hóa, với tổng cộng 38 cơ sở; phát hiện 7 cơ sở vi phạm."
    )
    got = [(a.parent, a.kind and a.kind.value, a.campaigns, a.subjects) for a in r.enforcement]
    assert got == [
        (None, None, None, 38),
        ("f1", "thanh_tra", 2, None),
        ("f1", "kiem_tra", 1, None),
    ]
    assert r.enforcement[0].violators == 7


def test_cases_of_violation_and_service_points() -> None:
    r = facts_of(
        "Ngành đã tiến hành 58 cuộc thanh tra, kiểm tra tại 1.124 lượt tổ chức, cá nhân; phát "
        "hiện và xử lý 163 trường hợp vi phạm. Phối hợp kiểm tra 06 điểm cung cấp dịch vụ "
        "viễn thông, chưa phát hiện vi phạm."
    )
    got = [(a.campaigns, a.subjects, a.violators) for a in r.enforcement]
    assert got == [(58, 1124, 163), (None, 6, None)]


def test_a_comparison_in_passing_does_not_cut_a_breakdown() -> None:
    r = facts_of(
        "Các tổ chức được cấp 412 văn bằng bảo hộ, tăng 12,6% so với cùng kỳ, trong đó có 09 "
        "bằng độc quyền sáng chế và 386 giấy chứng nhận đăng ký nhãn hiệu."
    )
    got = [(f.parent, f.stage.value, f.count) for f in r.ip_filings]
    assert got == [
        (None, "cap_van_bang", 412),
        ("f1", "cap_van_bang", 9),
        ("f1", "cap_van_bang", 386),
    ]


def test_two_types_heading_a_count_name_no_type() -> None:
    r = facts_of(
        "Các tổ chức đã nộp 96 đơn, gồm nhãn hiệu 88 đơn, sáng chế và giải pháp hữu ích 08 đơn."
    )
    assert [(f.object_type and f.object_type.value, f.count) for f in r.ip_filings] == [
        (None, 96),
        ("nhan_hieu", 88),
        (None, 8),
    ]


def test_tasks_that_start_in_a_later_year_are_chosen_now() -> None:
    r = khcn.extract(
        "Báo cáo tháng 8/2020 của Sở KH&CN tỉnh Lạng Sơn\n"
        "Sở tuyển chọn tổ chức chủ trì 03 nhiệm vụ cấp tỉnh bắt đầu thực hiện từ năm 2021."
    )
    assert [(t.stage.value, t.stance.value) for t in r.tasks] == [("tuyen_chon_giao", "ket_qua")]


def test_an_agreement_is_no_estimate() -> None:
    r = facts_of("Sở hướng dẫn 03 doanh nghiệp nộp đơn đăng ký nhãn hiệu theo Thỏa ước Madrid.")
    assert [f.stance.value for f in r.facts] == ["ket_qua"]


def test_a_share_of_the_target_reached_is_a_result() -> None:
    r = facts_of("Các chủ thể được cấp 143 văn bằng bảo hộ, đạt 48% chỉ tiêu năm.")
    assert [(f.count, f.stance.value) for f in r.facts] == [(143, "ket_qua")]


def test_a_period_opening_a_sentence_covers_all_its_clauses() -> None:
    r = khcn.extract(
        "Báo cáo 8 tháng năm 2020 của Sở KH&CN tỉnh Lai Châu\n"
        "Trong tháng 9, Sở tập trung nghiệm thu 03 nhiệm vụ; trình UBND tỉnh phê duyệt kinh "
        "phí; kiểm tra đo lường tại khoảng 15 cửa hàng."
    )
    assert [f.stance.value for f in r.facts] == ["ke_hoach", "ke_hoach"]


def test_related_news_after_a_text_report_is_chrome() -> None:
    body = "Năm 2024, Sở đã nghiệm thu 12 nhiệm vụ cấp tỉnh.\n"
    tail = "Tin cùng chuyên mục:\n- Hải Phòng: 12 dự án vào vòng chung kết (12/11/2024)\n"
    assert facts_of(body + tail).facts == facts_of(body).facts


@pytest.mark.parametrize(
    "sentence",
    [
        "Sở nghiệm thu 07 nhiệm vụ (xếp loại khá 02, đạt 05).",
        "Sở nghiệm thu 07 nhiệm vụ, kết quả xếp loại: khá 02, đạt 05.",
    ],
)
def test_a_grade_word_before_its_number(sentence: str) -> None:
    got = [(t.parent, t.count, t.grade and t.grade.value) for t in facts_of(sentence).tasks]
    assert got == [(None, 7, None), ("f1", 2, "kha"), ("f1", 5, "dat")]


def test_one_bare_reached_figure_is_no_grade() -> None:
    [t] = facts_of("Sở nghiệm thu 15 nhiệm vụ (đạt 15).").tasks
    assert t.grade is None


def test_in_number_of_these_opens_a_breakdown() -> None:
    r = facts_of("Sở cấp 40 văn bằng bảo hộ, trong số này có 12 văn bằng nhãn hiệu tập thể.")
    assert [(f.parent, f.count) for f in r.ip_filings] == [(None, 40), ("f1", 12)]


def test_rounds_of_inspection_are_campaigns() -> None:
    [a] = facts_of("Chi cục thực hiện 04 đợt kiểm tra tại 32 cửa hàng xăng dầu.").enforcement
    assert (a.kind and a.kind.value, a.campaigns, a.subjects) == ("kiem_tra", 4, 32)


def test_the_title_of_an_administrative_document_follows_its_kind() -> None:
    r = khcn.extract(
        "UBND TỈNH TRÀ VINH\nSỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 412/BC-SKHCN\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Trà Vinh, ngày 27 tháng 11 năm 2015\nBÁO CÁO\n"
        "Kết quả hoạt động khoa học và công nghệ tháng 11 năm 2015 và chương trình công tác "
        "tháng 12 năm 2015\nTrong tháng, Sở đã nghiệm thu 02 nhiệm vụ cấp tỉnh."
    )
    assert r.title is not None
    assert r.title.startswith("Kết quả hoạt động")
    assert r.period == khcn.ReportingPeriod.month(2015, 11)
    assert r.published == dt.date(2015, 11, 27)


def test_design_patents_without_the_word_exclusive() -> None:
    r = facts_of("Cục cấp 2.000 văn bằng, trong đó có 1.126 bằng kiểu dáng công nghiệp.")
    assert [(f.count, f.object_type and f.object_type.value) for f in r.ip_filings] == [
        (2000, None),
        (1126, "kieu_dang_cong_nghiep"),
    ]


def test_a_report_on_carrying_out_the_plan_reports_on_its_period() -> None:
    r = khcn.extract(
        "Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội 6 tháng đầu năm, nhiệm vụ "
        "trọng tâm 6 tháng cuối năm 2022\nSở KH&CN tỉnh Sơn La đã nghiệm thu 05 nhiệm vụ."
    )
    assert r.period == khcn.ReportingPeriod.half(2022, 1)


def test_a_target_beside_a_result_is_a_plan_of_its_own() -> None:
    r = facts_of("Năm 2023 có 42 dự án khởi nghiệp được hỗ trợ (kế hoạch 35 dự án).")
    got = [(f.count, f.parent, f.stance.value) for f in r.activities]
    assert got == [(42, None, "ket_qua"), (35, None, "ke_hoach")]


def test_an_aim_stated_as_what_it_is_is_a_plan() -> None:
    r = facts_of(
        "Mục tiêu của ngành là cấp giấy chứng nhận doanh nghiệp KH&CN cho ít nhất 15 doanh nghiệp."
    )
    assert [f.stance.value for f in r.facts] == ["ke_hoach"]


def test_instruments_named_again_in_short_keep_their_activity() -> None:
    r = facts_of(
        "Trung tâm kiểm định, hiệu chuẩn 4.736 phương tiện đo (lũy kế 2 tháng: 9.215 phương "
        "tiện), ước cả năm đạt khoảng 47.000 phương tiện. Hỗ trợ 5 phương tiện giao thông."
    )
    got = [(f.activity.value, f.count, f.stance.value) for f in r.activities]
    assert got == [
        ("kiem_dinh_phuong_tien_do", 4736, "ket_qua"),
        ("kiem_dinh_phuong_tien_do", 9215, "ket_qua"),
        ("kiem_dinh_phuong_tien_do", 47000, "uoc"),
    ]


# --- tables of figures -----------------------------------------------------------------

TABLE_HEAD = "Báo cáo kết quả hoạt động KH&CN tháng 11 năm 2015 của Sở KH&CN tỉnh Trà Vinh\n"
TABLE = (
    "STT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2015 | Thực hiện tháng 11 | Lũy kế 11 tháng "
    "| So với KH (%)\n"
    "1 | Nhiệm vụ KH&CN cấp tỉnh được nghiệm thu | nhiệm vụ | 16 | 2 | 13 | 81,3\n"
    "2 | Phương tiện đo được kiểm định | phương tiện | 12.000 | 1.047 | 11.236 | 93,6\n"
    "3 | Cuộc thanh tra chuyên ngành | cuộc | 8 | 1 | 7 | 87,5\n"
)


def _table_facts(report: khcn.Report) -> list[tuple[str, int | None, str, str | None]]:
    return [
        (
            type(f).__name__,
            getattr(f, "count", None) or getattr(f, "campaigns", None),
            f.stance.value,
            f.period.code if f.period else None,
        )
        for f in report.facts
    ]


EXPECTED_TABLE = [
    ("TaskCount", 16, "ke_hoach", "2015"),
    ("TaskCount", 2, "ket_qua", None),  # the report's own month
    ("TaskCount", 13, "ket_qua", "2015-01/2015-11"),
    ("ActivityCount", 12000, "ke_hoach", "2015"),
    ("ActivityCount", 1047, "ket_qua", None),
    ("ActivityCount", 11236, "ket_qua", "2015-01/2015-11"),
    ("EnforcementAction", 8, "ke_hoach", "2015"),
    ("EnforcementAction", 1, "ket_qua", None),
    ("EnforcementAction", 7, "ket_qua", "2015-01/2015-11"),
]


def test_a_table_of_figures_gives_a_fact_per_figure_with_its_column() -> None:
    r = khcn.extract(TABLE_HEAD + TABLE)
    assert _table_facts(r) == EXPECTED_TABLE
    row = TABLE.splitlines()[1]
    assert all(ev(f) in (row, *TABLE.splitlines()) for f in r.facts)  # the row is the evidence


def test_a_table_on_a_web_page_reads_the_same() -> None:
    rows = [line.split(" | ") for line in TABLE.strip().splitlines()]
    cells = "".join(
        "<tr>" + "".join(f"<td>{c.strip()}</td>" for c in row) + "</tr>" for row in rows
    )
    page = f"<html><body><h1>{TABLE_HEAD.strip()}</h1><table>{cells}</table></body></html>"
    assert _table_facts(khcn.extract(page)) == EXPECTED_TABLE


def test_a_table_without_a_header_is_not_read() -> None:
    body = "\n".join(TABLE.splitlines()[1:])
    assert khcn.extract(TABLE_HEAD + body).facts == ()


def test_in_particular_names_a_part_not_another_count() -> None:
    r = facts_of("Sở nghiệm thu 20 nhiệm vụ, riêng cấp tỉnh 12 nhiệm vụ.")
    assert [(t.parent, t.count) for t in r.tasks] == [(None, 20), ("f1", 12)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Sở đang quản lý 46 nhiệm vụ (chuyển tiếp 29, mở mới 17).",
        "Sở đang quản lý 46 nhiệm vụ (chuyển tiếp: 29; mở mới: 17).",
    ],
)
def test_task_parts_written_as_bare_numbers(sentence: str) -> None:
    got = [(t.parent, t.stage.value, t.count) for t in facts_of(sentence).tasks]
    assert got == [(None, "trien_khai", 46), ("f1", "chuyen_tiep", 29), ("f1", "trien_khai", 17)]


def test_task_parts_by_level_written_as_bare_numbers() -> None:
    r = facts_of("Sở nghiệm thu 20 nhiệm vụ (cấp tỉnh 12, cấp cơ sở 08).")
    got = [(t.parent, t.count, t.level and t.level.value) for t in r.tasks]
    assert got == [(None, 20, None), ("f1", 12, "tinh"), ("f1", 8, "co_so")]


def test_a_share_of_a_whole_counts_its_part() -> None:
    r = facts_of("Sở nghiệm thu 11/28 nhiệm vụ đến hạn; giải quyết đúng hạn 14/14 hồ sơ TTHC.")
    assert [(type(f).__name__, f.count) for f in r.facts] == [("TaskCount", 11)]


def test_as_planned_is_no_target() -> None:
    r = facts_of("Sở đã nghiệm thu theo kế hoạch 12 nhiệm vụ.")
    assert [(t.count, t.stance.value) for t in r.tasks] == [(12, "ket_qua")]


def test_year_to_date_runs_to_the_end_of_the_reports_period() -> None:
    # a 9-month report dated 10 October: "từ đầu năm đến nay" counts to 30 September
    text = (
        "Sở KH&CN tỉnh Hà Nam: kết quả 9 tháng đầu năm 2023\nHà Nam, ngày 10/10/2023\n"
        "Từ đầu năm đến nay, Sở đã kiểm tra 30 cơ sở kinh doanh xăng dầu. Trong tháng 10, "
        "Sở kiểm tra 5 cơ sở."
    )
    r = khcn.extract(text)
    assert r.period is not None
    assert r.period.code == "2023-01/2023-09"
    assert [(a.subjects, a.period.code if a.period else None) for a in r.enforcement] == [
        (30, None),
        (5, "2023-M10"),
    ]


def test_year_to_date_without_a_period_runs_to_the_page_date() -> None:
    r = khcn.extract(
        "Hà Nam, ngày 10/10/2023\nTừ đầu năm đến nay, Sở KH&CN tỉnh Hà Nam đã kiểm tra 30 cơ sở."
    )
    [action] = r.enforcement
    assert r.period is not None
    assert r.period.code == "2023-01-01/2023-10-10"
    assert action.period is None


def test_approving_tasks_for_next_year_is_done_this_year() -> None:
    r = khcn.extract(
        "Sở KH&CN tỉnh Tuyên Quang: báo cáo tháng 10/2024\n"
        "Tham mưu UBND tỉnh phê duyệt danh mục 09 nhiệm vụ KH&CN cấp tỉnh đặt hàng thực hiện "
        "từ năm 2025, gồm 06 đề tài và 03 dự án sản xuất thử nghiệm. Năm 2025 nghiệm thu 12 "
        "nhiệm vụ."
    )
    got = [(t.count, t.stage.value, t.stance.value) for t in r.tasks]
    assert got == [
        (9, "phe_duyet_danh_muc", "ket_qua"),
        (6, "phe_duyet_danh_muc", "ket_qua"),
        (3, "phe_duyet_danh_muc", "ket_qua"),
        (12, "nghiem_thu", "ke_hoach"),
    ]


def test_parts_listed_in_the_next_sentence_are_children_of_the_total() -> None:
    r = facts_of(
        "- Thanh tra Sở thực hiện 04 cuộc thanh tra. Trong đó, 01 cuộc thanh tra hành chính tại "
        "02 đơn vị; 03 cuộc thanh tra chuyên ngành tại 46 cơ sở kinh doanh xăng dầu.\n"
        "- Kết quả thanh tra chuyên ngành: phát hiện 08 cơ sở vi phạm; phạt tiền 05 cơ sở với "
        "tổng số tiền 31.250.000 đồng, phạt cảnh cáo 03 cơ sở.\n"
        "Sở đang quản lý 52 nhiệm vụ KH&CN cấp tỉnh. Trong đó, 17 nhiệm vụ mở mới, 35 nhiệm vụ "
        "chuyển tiếp."
    )
    [total] = [a for a in r.enforcement if a.parent is None]
    parts = [(a.campaigns, a.subjects, a.violators) for a in r.children_of(total)]
    # the results on the next line of the list close the specialised inspection
    assert (total.campaigns, parts) == (4, [(1, 2, None), (3, 46, 8)])
    [tasks] = [t for t in r.tasks if t.parent is None]
    got = [
        (t.count, t.stage.value, t.level.value if t.level else None) for t in r.children_of(tasks)
    ]
    assert got == [(17, "trien_khai", "tinh"), (35, "chuyen_tiep", "tinh")]
    # totals add the inspections once
    assert khcn.aggregate.totals([r]).rows[0]["inspections"] == 4


@pytest.mark.parametrize(
    "text",
    [
        # more than the total: not its parts
        "Sở quản lý 10 nhiệm vụ. Trong đó, 17 nhiệm vụ mở mới.",
        # another paragraph
        "Sở quản lý 52 nhiệm vụ.\nTrong đó, 17 nhiệm vụ mở mới.",
    ],
)
def test_next_sentence_parts_need_a_fitting_total(text: str) -> None:
    assert all(t.parent is None for t in facts_of(text).tasks)


def test_a_running_total_takes_the_activity_just_counted() -> None:
    r = khcn.extract(
        "Sở KH&CN tỉnh Tuyên Quang: báo cáo tháng 10/2024\n"
        "Trong tháng, kiểm định 2.450 phương tiện đo; lũy kế 10 tháng đạt 24.530 phương tiện đo. "
        "Ước thực hiện cả năm đạt khoảng 29.000 phương tiện đo."
    )
    got = [(a.count, a.stance.value, a.period.code if a.period else None) for a in r.activities]
    assert got == [
        (2450, "ket_qua", None),
        (24530, "ket_qua", "2024-01/2024-10"),
        (29000, "uoc", None),
    ]
    assert {a.activity.value for a in r.activities} == {"kiem_dinh_phuong_tien_do"}


@pytest.mark.parametrize(
    "text",
    [
        # a running total whose period khcn cannot tell would be added to the month's figure
        "Trong tháng, kiểm định 2.450 phương tiện đo; tính từ đầu năm đạt 24.530 phương tiện đo.",
        # a stock: all there are to date
        "Trong tháng, kiểm định 2.450 phương tiện đo, nâng tổng số lên 24.530 phương tiện đo.",
    ],
)
def test_totals_to_date_are_not_added_to_the_period(text: str) -> None:
    r = khcn.extract("Sở KH&CN tỉnh Tuyên Quang: báo cáo tháng 10/2024\n" + text)
    assert [a.count for a in r.activities] == [2450]


def test_a_stock_is_no_count() -> None:
    r = facts_of(
        "Cấp giấy chứng nhận doanh nghiệp KH&CN cho 03 doanh nghiệp, nâng tổng số doanh "
        "nghiệp KH&CN của tỉnh lên 58 doanh nghiệp."
    )
    assert [a.count for a in r.activities] == [3]


@pytest.mark.parametrize(
    ("sentence", "violators"),
    [
        (
            "Sở kiểm tra 28 cơ sở. Kết quả, 03 cơ sở kinh doanh mũ bảo hiểm không có dấu hợp quy "
            "CR bị xử phạt tổng cộng 45.000.000 đồng.",
            3,
        ),
        ("Kiểm tra 28 cơ sở kinh doanh, không có cơ sở nào bị xử phạt.", None),
        ("Kiểm tra 28 cơ sở kinh doanh không bị xử phạt.", None),
    ],
)
def test_establishments_said_to_be_sanctioned_later_in_their_clause(
    sentence: str, violators: int | None
) -> None:
    r = facts_of(sentence)
    assert not r.activities  # "dấu hợp quy" names no certification activity here
    assert [a.violators for a in r.enforcement] == [violators]


@pytest.mark.parametrize(
    ("sentence", "stances"),
    [
        (
            "Đã nghiệm thu 12 nhiệm vụ, phấn đấu đến cuối năm nghiệm thu thêm 5 nhiệm vụ.",
            ["ket_qua", "ke_hoach"],
        ),
        ("Đã kiểm tra 30 cơ sở, sẽ tiếp tục kiểm tra 20 cơ sở.", ["ket_qua", "ke_hoach"]),
        (
            "Theo kế hoạch thanh tra năm 2023 đã được phê duyệt, Thanh tra Sở sẽ thực hiện 06 "
            "cuộc thanh tra chuyên ngành và 01 cuộc thanh tra hành chính.",
            ["ke_hoach", "ke_hoach"],
        ),
        ("Sẽ tổ chức nghiệm thu 10 nhiệm vụ đã hoàn thành.", ["ke_hoach"]),
    ],
)
def test_each_figure_takes_the_last_cue_before_it(sentence: str, stances: list[str]) -> None:
    assert [f.stance.value for f in facts_of(sentence).facts] == stances


def test_more_than_compared_with_is_a_difference() -> None:
    r = facts_of(
        "Cả năm, toàn ngành thực hiện 09 cuộc thanh tra, kiểm tra, nhiều hơn 02 cuộc so với "
        "năm 2021. Có nhiều hơn 100 doanh nghiệp tham gia Techmart."
    )
    assert [a.campaigns for a in r.enforcement] == [9]
    assert [(a.count, a.qualifier.value) for a in r.activities] == [(100, "gt")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Sở đã nghiệm thu 14 đề tài, dự án; trong đó 3 đề tài, dự án xếp loại xuất sắc, 8 khá và "
        "3 đạt.",
        "Sở đã nghiệm thu 14 đề tài, dự án, kết quả xếp loại: xuất sắc: 03; khá: 08; đạt: 03.",
    ],
)
def test_grades_go_on_past_a_semicolon(sentence: str) -> None:
    r = facts_of(sentence)
    [total] = [t for t in r.tasks if t.parent is None]
    assert (total.count, total.kind) == (14, None)  # "đề tài, dự án": both kinds
    got = [(t.count, t.grade.value if t.grade else None) for t in r.children_of(total)]
    assert got == [(3, "xuat_sac"), (8, "kha"), (3, "dat")]


def test_a_labelled_figure_counts_its_label_noun() -> None:
    r = facts_of(
        "b) Nhiệm vụ cấp tỉnh\n"
        "- Tổng số đề tài, dự án đang triển khai: 41 (chuyển tiếp từ các năm trước: 26; mở mới "
        "năm 2015: 15).\n- Số lượt truy cập: 2421"
    )
    got = [(t.count, t.stage.value, t.evidence.text) for t in r.tasks]
    assert got == [
        (41, "trien_khai", "Tổng số đề tài, dự án đang triển khai: 41"),
        (26, "chuyen_tiep", "chuyển tiếp từ các năm trước: 26"),
        (15, "trien_khai", "mở mới năm 2015: 15"),
    ]
    [total] = [t for t in r.tasks if t.parent is None]
    assert [t.count for t in r.children_of(total)] == [26, 15]


@pytest.mark.parametrize(
    ("sentence", "got"),
    [
        (
            'Nhãn hiệu tập thể "Mỳ Chũ" hiện có 47 hộ được cấp quyền sử dụng.',
            [("quan_ly_khai_thac", "nhan_hieu_tap_the", 47)],
        ),
        (
            "Chỉ dẫn địa lý “Cao Phong” cho sản phẩm cam tiếp tục được kiểm soát, với 156 tổ "
            "chức, cá nhân được cấp quyền sử dụng.",
            [("quan_ly_khai_thac", "chi_dan_dia_ly", 156)],
        ),
        (
            "Sở đã hướng dẫn hơn 90 lượt tổ chức, cá nhân về thủ tục đăng ký và hỗ trợ xây dựng "
            "nhãn hiệu tập thể cho 4 sản phẩm.",
            [("huong_dan", None, 90), ("ho_tro", "nhan_hieu_tap_the", 4)],
        ),
        (
            "Sở đã hướng dẫn, tư vấn cho hơn 200 lượt tổ chức, cá nhân về thủ tục xác lập quyền.",
            [("huong_dan", None, 200)],
        ),
    ],
)
def test_ip_holders_and_advice(sentence: str, got: list[tuple[str, str | None, int]]) -> None:
    r = facts_of(sentence)
    assert [
        (f.stage.value, f.object_type.value if f.object_type else None, f.count)
        for f in r.ip_filings
    ] == got


def test_a_breakdown_past_a_semicolon() -> None:
    r = facts_of(
        "Các tổ chức, cá nhân được cấp 1.136 văn bằng bảo hộ; trong đó có 14 bằng độc quyền "
        "sáng chế và giải pháp hữu ích, 97 bằng kiểu dáng công nghiệp. Sở đang quản lý 52 "
        "nhiệm vụ; trong đó 17 nhiệm vụ mở mới."
    )
    [ip_total] = [f for f in r.ip_filings if f.parent is None]
    parts = [
        (f.count, f.object_type.value if f.object_type else None) for f in r.children_of(ip_total)
    ]
    assert (ip_total.count, parts) == (1136, [(14, None), (97, "kieu_dang_cong_nghiep")])
    [task_total] = [t for t in r.tasks if t.parent is None]
    assert [t.count for t in r.children_of(task_total)] == [17]


def test_quality_parameters_are_no_target() -> None:
    r = facts_of(
        "- Đối với xăng dầu: kiểm tra 38 cửa hàng, lấy 42 mẫu để thử nghiệm nhanh các chỉ tiêu "
        "chất lượng. Chỉ tiêu năm 2024 là kiểm tra 50 cửa hàng."
    )
    assert [(a.subjects, a.stance.value) for a in r.enforcement] == [
        (38, "ket_qua"),
        (50, "ke_hoach"),
    ]


def test_state_checks_of_imported_lots() -> None:
    r = facts_of(
        "Chi cục đã thực hiện kiểm tra nhà nước về chất lượng đối với 312 lô hàng hóa nhập khẩu "
        "(chủ yếu là thép, phân bón)."
    )
    [check] = r.enforcement
    assert (check.kind.value if check.kind else None, check.subjects) == (
        "kiem_tra_hang_nhap_khau",
        312,
    )


def test_issuing_next_years_plan_is_done() -> None:
    r = khcn.extract(
        "Sở KH&CN tỉnh Tuyên Quang: báo cáo tháng 10/2024\n"
        "- Trình UBND tỉnh ban hành 01 kế hoạch thực hiện Chương trình năng suất năm 2025.\n"
        "- Năm 2025 ban hành 02 kế hoạch."
    )
    assert [(a.count, a.stance.value) for a in r.activities] == [(1, "ket_qua"), (2, "ke_hoach")]


@pytest.mark.parametrize(
    ("head", "published"),
    [
        (
            "Thanh tra Sở tổng kết công tác năm 2022\n\nNgày đăng: 06/01/2023 | Người đăng: Văn "
            "phòng Sở | Chuyên mục: Thanh tra - Pháp chế\n\nChiều ngày 05/01/2023, Thanh tra Sở "
            "tổ chức hội nghị tổng kết.",
            dt.date(2023, 1, 6),
        ),
        (
            "Thứ Hai, ngày 17/07/2023\nSở KH&CN sơ kết 6 tháng đầu năm 2023\nĐăng ngày: "
            "14/07/2023 | Số lượt xem: 1.204\nSáng ngày 13/7/2023, Sở tổ chức hội nghị.",
            dt.date(2023, 7, 14),
        ),
        (
            "Chi cục TĐC: Kiểm tra 104 cơ sở trong quý I/2019\n\nCập nhật lúc 10:25, Thứ Tư, "
            "10/04/2019\n\nTheo báo cáo, trong quý I/2019, Chi cục đã kiểm tra 104 cơ sở.",
            dt.date(2019, 4, 10),
        ),
    ],
)
def test_a_labelled_publication_date_wins(head: str, published: dt.date) -> None:
    assert khcn.extract(head).published == published


@pytest.mark.parametrize(
    ("text", "got"),
    [
        (
            "Kiểm tra hàng đóng gói sẵn tại 21 cơ sở sản xuất. Qua kiểm tra, có 05 cơ sở có "
            "lượng thiếu vượt giới hạn cho phép.",
            [(21, 5)],
        ),
        (
            "Thanh tra Sở kiểm tra 318 lượt cơ sở kinh doanh, phát hiện, xử lý 27 vụ việc xâm "
            "phạm quyền đối với nhãn hiệu.",
            [(318, 27)],
        ),
        ("Kiểm tra 30 cơ sở không có vi phạm.", [(30, None)]),
    ],
)
def test_breaches_named_after_the_count(text: str, got: list[tuple[int, int | None]]) -> None:
    assert [(a.subjects, a.violators) for a in facts_of(text).enforcement] == got


def test_a_certification_mark_is_no_grant() -> None:
    r = facts_of(
        "Điểm nhấn là các nhãn hiệu tập thể, nhãn hiệu chứng nhận, chỉ dẫn địa lý gắn với sản "
        "phẩm chủ lực."
    )
    assert not r.facts


def test_a_fine_in_the_next_sentence_without_a_total_word() -> None:
    r = facts_of(
        "Kiểm tra 38 cửa hàng; phát hiện 02 cửa hàng có cột đo sai số vượt mức cho phép. Chi "
        "cục đã lập biên bản, chuyển hồ sơ đến Thanh tra Sở xử phạt 15.000.000 đồng."
    )
    [action] = r.enforcement
    assert (action.subjects, action.violators) == (38, 2)
    assert action.fine is not None
    assert action.fine.amount == Decimal(15_000_000)


@pytest.mark.parametrize(
    "sentence",
    [
        "Tổng số văn bằng bảo hộ được cấp lũy kế đến nay là 1.245 văn bằng.",
        "Tính đến nay, toàn tỉnh có 58 doanh nghiệp KH&CN.",
    ],
)
def test_totals_to_date_are_stocks(sentence: str) -> None:
    assert not facts_of(sentence).facts


@pytest.mark.parametrize(
    "sentence",
    [
        "Từ đầu năm đến nay, Sở đã kiểm tra 30 cơ sở.",
        "Từ tháng 7 đến nay, Sở đã kiểm tra 30 cơ sở.",
    ],
)
def test_a_period_to_date_is_no_stock(sentence: str) -> None:
    assert [a.subjects for a in facts_of(sentence).enforcement] == [30]


def test_a_recap_sums_up_the_operations_before_it() -> None:
    r = facts_of(
        "- Đối với xăng dầu: kiểm tra 38 cửa hàng, phát hiện 02 cửa hàng vi phạm.\n"
        "- Đối với mũ bảo hiểm: kiểm tra 27 cửa hàng, phát hiện 04 cửa hàng vi phạm.\n"
        "- Đối với cân: kiểm tra 39 điểm kinh doanh.\n"
        "Tổng hợp lại, qua kiểm tra 104 cơ sở, Chi cục phát hiện 06 cơ sở vi phạm, tổng số tiền "
        "xử phạt là 33,5 triệu đồng.\n"
        "Tính chung, Sở kiểm tra 500 cơ sở."
    )
    [recap] = [a for a in r.enforcement if a.subjects == 104]
    assert recap.parent is None
    assert [a.subjects for a in r.children_of(recap)] == [38, 27, 39]
    # a recap whose figures no run of operations adds up to stays on its own
    [other] = [a for a in r.enforcement if a.subjects == 500]
    assert other.parent is None
    assert not r.children_of(other)
    assert khcn.aggregate.totals([r]).rows[0]["subjects"] == 604


def test_fines_of_decisions_are_read_once() -> None:
    decisions = (
        "Chánh Thanh tra Sở ban hành 07 quyết định xử phạt vi phạm hành chính với tổng số tiền "
        "42 triệu đồng."
    )
    [alone] = facts_of(decisions).enforcement
    assert alone.fine is not None
    assert alone.fine.amount == Decimal(42_000_000)
    # after a fine already stated, the decisions may restate it: not read again
    r = facts_of("Sở kiểm tra 30 cơ sở, xử phạt 3 cơ sở 42 triệu đồng. " + decisions)
    assert [a.fine.amount for a in r.enforcement if a.fine] == [Decimal(42_000_000)]


def test_a_sanctioned_part_keeps_its_own_fine() -> None:
    r = facts_of(
        "Sở tổ chức 6 đoàn kiểm tra tại 74 cơ sở. Kết quả, 12 cơ sở bị xử phạt với tổng số tiền "
        "187,5 triệu đồng; riêng một doanh nghiệp viễn thông bị phạt 45 triệu đồng."
    )
    [total] = [a for a in r.enforcement if a.parent is None]
    [part] = r.children_of(total)
    assert (total.campaigns, total.subjects, total.violators) == (6, 74, 12)
    assert part.violators == 1
    assert part.fine is not None
    assert part.fine.amount == Decimal(45_000_000)
    # a "part" fine above the total is no part of it: left unread
    r = facts_of(
        "Sở xử phạt 12 cơ sở với tổng số tiền 18,5 triệu đồng, riêng 01 doanh nghiệp bị phạt "
        "45 triệu đồng."
    )
    assert [a.fine.amount for a in r.enforcement if a.fine] == [Decimal(18_500_000)]


def test_campaigns_by_basis_counted_in_rounds() -> None:
    r = facts_of("Chi cục chủ trì 04 đợt kiểm tra (03 đợt theo kế hoạch, 01 đợt đột xuất).")
    [total] = [a for a in r.enforcement if a.parent is None]
    got = [(a.campaigns, sorted(b.value for b in a.bases)) for a in r.children_of(total)]
    assert (total.campaigns, got) == (4, [(3, ["theo_ke_hoach"]), (1, ["dot_xuat"])])


def test_a_grade_after_the_nouns_topic() -> None:
    r = facts_of(
        "Nghiệm thu 5 đề tài, riêng một đề tài về chiết xuất hoạt chất từ hải sâm được xếp "
        "loại xuất sắc."
    )
    got = [(t.count, t.grade.value if t.grade else None, t.parent is not None) for t in r.tasks]
    assert got == [(5, None, False), (1, "xuat_sac", True)]


def test_firms_supported_to_carry_out_innovation_projects() -> None:
    r = facts_of(
        "Sở đã hỗ trợ 5 doanh nghiệp thực hiện dự án đổi mới công nghệ với tổng kinh phí 1,2 "
        "tỷ đồng. Có 09 doanh nghiệp thực hiện dự án đổi mới công nghệ."
    )
    got = [(t.count, t.stage.value, t.kind.value if t.kind else None) for t in r.tasks]
    assert got == [(5, "trien_khai", "nhiem_vu_dmst")]


def test_granting_the_right_to_use_an_indication() -> None:
    r = facts_of(
        "Sở đã cấp quyền sử dụng chỉ dẫn địa lý “Bến Tre” cho sản phẩm bưởi da xanh cho 06 tổ "
        "chức, cá nhân."
    )
    got = [
        (f.stage.value, f.object_type.value if f.object_type else None, f.count)
        for f in r.ip_filings
    ]
    assert got == [("quan_ly_khai_thac", "chi_dan_dia_ly", 6)]


def test_a_section_heading_that_names_part_of_the_title_is_read() -> None:
    r = khcn.extract(
        "BÁO CÁO\nKết quả thực hiện nhiệm vụ khoa học và công nghệ năm 2019, phương hướng "
        "nhiệm vụ năm 2020\n\nI. Kết quả\nĐã nghiệm thu 09 nhiệm vụ.\n\nPhần thứ hai\n"
        "PHƯƠNG HƯỚNG NHIỆM VỤ NĂM 2020\n1. Tổ chức nghiệm thu 15 nhiệm vụ đến hạn."
    )
    assert [(t.count, t.stance.value) for t in r.tasks] == [(9, "ket_qua"), (15, "ke_hoach")]


def test_periods_relative_to_the_reports_own() -> None:
    from khcn.extraction import read_report

    reading = read_report(
        "Sở KH&CN tỉnh Phú Thọ: kết quả quý I/2026\n"
        "Trong quý, Sở nghiệm thu 07 nhiệm vụ (cùng kỳ năm 2025: 11 nhiệm vụ), tăng 20% so "
        "với cùng kỳ năm 2025.\nCùng kỳ năm trước, Sở kiểm tra 20 cơ sở."
    )
    assert [(m.text, m.value.code) for m in reading.periods] == [
        ("quý I/2026", "2026-Q1"),
        ("Trong quý", "2026-Q1"),
        ("cùng kỳ năm 2025", "2025-Q1"),
        ("Cùng kỳ năm trước", "2025-Q1"),
    ]
    # last year's figure stated for comparison is no figure of this quarter
    got = [(f.evidence.text, f.period.code if f.period else None) for f in reading.report.facts]
    assert got[-1] == ("kiểm tra 20 cơ sở", "2025-Q1")


def test_sanctioned_parts_in_the_next_sentence() -> None:
    r = facts_of(
        "Đoàn kiểm tra đột xuất 32 cơ sở kinh doanh xăng dầu. Qua kiểm tra, Đoàn phát hiện 06 "
        "cơ sở có sai phạm. Trong đó, 02 cơ sở chỉ bị nhắc nhở do lỗi nhỏ về ghi nhãn; 04 cơ "
        "sở còn lại bị xử phạt vi phạm hành chính với tổng số tiền 45.000.000 đồng."
    )
    [total] = [a for a in r.enforcement if a.parent is None]
    parts = [(a.violators, a.fine.amount if a.fine else None) for a in r.children_of(total)]
    assert (total.subjects, total.violators, parts) == (
        32,
        6,
        [(2, None), (4, Decimal(45_000_000))],
    )
    row = khcn.aggregate.totals([r]).rows[0]
    # the parts' fine counts (the total states none), their establishments do not again
    assert (row["violators"], row["fine_vnd"]) == (6, Decimal(45_000_000))


@pytest.mark.parametrize(
    ("sentence", "got"),
    [
        (
            "Thực hiện Nghị định 268/2025, Sở tiếp nhận 14 hồ sơ đề xuất nhiệm vụ đổi mới sáng tạo "
            "của doanh nghiệp, đã chọn hỗ trợ 06 nhiệm vụ.",
            [(14, "de_xuat", None), (6, "tuyen_chon_giao", None)],
        ),
        (
            "Tổ chức nghiệm thu 08 nhiệm vụ, chủ yếu theo hình thức trực tuyến, 100% đạt yêu cầu.",
            [(8, "nghiem_thu", "dat")],
        ),
    ],
)
def test_proposals_selection_and_all_passed(
    sentence: str, got: list[tuple[int, str, str | None]]
) -> None:
    assert [
        (t.count, t.stage.value, t.grade.value if t.grade else None)
        for t in facts_of(sentence).tasks
    ] == got


def test_patent_and_utility_solution_filings_together() -> None:
    r = facts_of("Các doanh nghiệp đã nộp 45 đơn nhãn hiệu và 07 đơn sáng chế, giải pháp hữu ích.")
    got = [(f.count, f.object_type.value if f.object_type else None) for f in r.ip_filings]
    assert got == [(45, "nhan_hieu"), (7, None)]


def test_a_table_pasted_with_tabs() -> None:
    r = khcn.extract(
        "Báo cáo tháng 11 năm 2015 của Sở KH&CN tỉnh Trà Vinh\n"
        "STT\tChỉ tiêu\tĐVT\tKế hoạch năm 2015\tThực hiện tháng 11\tLũy kế 11 tháng\n"
        "1\tPhương tiện đo được kiểm định\tphương tiện\t12.000\t1.047\t11.236\n"
    )
    got = [(a.count, a.stance.value, a.period.code if a.period else None) for a in r.activities]
    assert got == [
        (12000, "ke_hoach", "2015"),
        (1047, "ket_qua", None),
        (11236, "ket_qua", "2015-01/2015-11"),
    ]


def test_rows_of_tabs_without_a_header_are_not_read_as_prose() -> None:
    r = facts_of("1\tPhương tiện đo được kiểm định\tphương tiện\t12.000\t1.047\n")
    assert not r.facts  # not "1 phương tiện đo"


@pytest.mark.parametrize(
    ("sentence", "got"),
    [
        ("Sở tổ chức 02 cuộc thi sáng tạo kỹ thuật và 03 cuộc họp.", []),
        (
            "Sở tổ chức 01 Ngày hội khởi nghiệp đổi mới sáng tạo cấp tỉnh.",
            [("khoi_nghiep_dmst", 1)],
        ),
        (
            "Cấp 04 giấy phép tiến hành công việc bức xạ; ước cả năm cấp 07 giấy phép.",
            [("giay_phep_buc_xa", 4), ("giay_phep_buc_xa", 7)],
        ),
    ],
)
def test_events_contests_and_repeated_nouns(sentence: str, got: list[tuple[str, int]]) -> None:
    r = facts_of(sentence)
    assert not r.enforcement  # a contest or a meeting is no inspection
    assert [(a.activity.value, a.count) for a in r.activities] == got


def test_the_first_part_in_parentheses_takes_the_totals_ip_stage() -> None:
    r = facts_of(
        "Được Cục Sở hữu trí tuệ cấp 29 văn bằng bảo hộ (27 nhãn hiệu, 02 kiểu dáng công nghiệp)."
    )
    [total] = [f for f in r.ip_filings if f.parent is None]
    got = [
        (f.count, f.stage.value, f.object_type.value if f.object_type else None)
        for f in r.children_of(total)
    ]
    assert got == [(27, "cap_van_bang", "nhan_hieu"), (2, "cap_van_bang", "kieu_dang_cong_nghiep")]


def test_the_items_of_a_results_list_make_one_action() -> None:
    r = facts_of(
        "Kết quả kiểm tra dịp Tết:\n- Kiểm tra 30 cơ sở kinh doanh xăng dầu;\n"
        "- Phát hiện 05 cơ sở vi phạm;\n- Xử phạt vi phạm hành chính 25 triệu đồng.\n"
        "- Kiểm tra 20 cơ sở kinh doanh vàng, xử phạt 3 cơ sở 10 triệu đồng."
    )
    got = [(a.subjects, a.violators, a.fine.amount if a.fine else None) for a in r.enforcement]
    assert got == [(30, 5, Decimal(25_000_000)), (20, 3, Decimal(10_000_000))]


def test_the_items_of_a_list_a_total_opens() -> None:
    r = facts_of(
        "3. Thanh tra, kiểm tra\n"
        "- Số cuộc thanh tra, kiểm tra: 04 cuộc, trong đó:\n"
        "+ Thanh tra chuyên ngành: 02 cuộc về đo lường đối với 31 cơ sở;\n"
        "+ Kiểm tra: 02 cuộc về an toàn bức xạ tại 09 cơ sở.\n"
    )
    [total] = [a for a in r.enforcement if a.parent is None]
    parts = [
        (a.kind.value if a.kind else None, a.campaigns, a.subjects) for a in r.children_of(total)
    ]
    assert (total.campaigns, parts) == (4, [("thanh_tra", 2, 31), ("kiem_tra", 2, 9)])


def test_breaches_in_words_after_a_result_cue() -> None:
    r = facts_of(
        "Đoàn kiểm tra tại 12 cơ sở. Qua kiểm tra, 03 cơ sở có lượng hàng đóng gói sẵn không "
        "đạt yêu cầu, 02 cơ sở ghi nhãn chưa đầy đủ nội dung bắt buộc. Kiểm tra 30 cơ sở "
        "không đạt yêu cầu về hồ sơ."
    )
    got = [(a.subjects, a.violators, a.parent is not None) for a in r.enforcement]
    # two breaches side by side: neither is a part of the other; a checked count stays
    # the establishments checked
    assert got == [(12, 3, False), (None, 2, False), (30, None, False)]


def test_certificates_named_after_the_noun() -> None:
    r = facts_of(
        "Cấp mới 03 giấy chứng nhận đăng ký hoạt động KH&CN và 02 giấy chứng nhận doanh "
        "nghiệp KH&CN."
    )
    assert [(a.activity.value, a.count) for a in r.activities] == [
        ("gcn_hoat_dong_khcn", 3),
        ("gcn_doanh_nghiep_khcn", 2),
    ]


@pytest.mark.parametrize(
    ("sentence", "got"),
    [
        (
            "Hỗ trợ 09 doanh nghiệp đổi mới công nghệ với kinh phí 3 tỷ đồng.",
            [("task", "trien_khai", 9)],
        ),
        (
            "Kết quả, 06 nhiệm vụ sau nghiệm thu đã được chuyển giao cho địa phương.",
            [("task", "ung_dung", 6)],
        ),
        (
            "Sở tiếp nhận 85 bản công bố hợp chuẩn, hợp quy.",
            [("activity", "hop_chuan_hop_quy", 85)],
        ),
    ],
)
def test_more_ways_of_naming_what_is_counted(
    sentence: str, got: list[tuple[str, str, int]]
) -> None:
    facts = facts_of(sentence).facts
    assert [
        (
            "task" if isinstance(f, khcn.TaskCount) else "activity",
            f.stage.value if isinstance(f, khcn.TaskCount) else f.activity.value,
            f.count,
        )
        for f in facts
    ] == got


def test_what_the_supported_do_names_the_object_type() -> None:
    r = facts_of(
        "Sở hỗ trợ 07 chủ thể lập hồ sơ, nộp đơn đăng ký nhãn hiệu tập thể cho sản phẩm cam."
    )
    got = [
        (f.stage.value, f.object_type.value if f.object_type else None, f.count)
        for f in r.ip_filings
    ]
    assert got == [("ho_tro", "nhan_hieu_tap_the", 7)]


def test_the_results_line_of_a_list_closes_its_total() -> None:
    r = facts_of(
        "3. Thanh tra, kiểm tra\n"
        "- Số cuộc thanh tra, kiểm tra: 04 cuộc, trong đó:\n"
        "+ Thanh tra chuyên ngành: 02 cuộc về đo lường đối với 31 cơ sở;\n"
        "+ Kiểm tra: 02 cuộc về an toàn bức xạ tại 09 cơ sở.\n"
        "- Kết quả: phát hiện 06 cơ sở vi phạm; xử phạt với tổng số tiền 127,5 triệu đồng.\n"
    )
    [total] = [a for a in r.enforcement if a.parent is None]
    assert (total.campaigns, total.violators) == (4, 6)
    assert total.fine is not None
    assert total.fine.amount == Decimal(127_500_000)
    assert [a.violators for a in r.children_of(total)] == [None, None]
