"""The ``khcn`` command: parse, extract, summarize; exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from khcn.cli import main

ROOT = Path(__file__).resolve().parent.parent
REPORT = (
    "Sơ kết 6 tháng đầu năm 2021 của Sở KH&CN tỉnh Cần Thơ\n"
    "Trong 6 tháng, Sở đã kiểm tra 30 cơ sở kinh doanh xăng dầu, xử phạt 04 cơ sở với tổng "
    "số tiền 60 triệu đồng; nghiệm thu 5 nhiệm vụ cấp tỉnh.\n"
)


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    path = tmp_path / "can_tho.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_parse_money(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "money", "38,75", "triệu", "đồng"]) == 0
    assert capsys.readouterr().out.strip() == "38.750.000 đồng"


def test_parse_period_prints_code_and_label(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "period", "quý IV/2021"]) == 0
    assert capsys.readouterr().out.strip() == "2021-Q4\tquý IV/2021"


def test_parse_date_needs_a_year_for_a_yearless_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "date", "24/9"]) == 1
    err = capsys.readouterr().err
    assert "24/9" in err
    assert "position" in err
    assert main(["parse", "date", "24/9", "--year", "2023"]) == 0
    assert capsys.readouterr().out.strip() == "2023-09-24"


def test_bad_money_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "money", "07 cơ sở"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("khcn: cannot read money '07 cơ sở'")


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "summarize" in capsys.readouterr().out


def test_unknown_kind_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["parse", "colour", "đỏ"])
    assert exc.value.code == 2


def test_extract_json(report_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(report_file), "--format", "json", "--workers", "1"]) == 0
    [report] = json.loads(capsys.readouterr().out)
    assert report["province"] == "pre_2025:92"
    assert report["period"] == "2021-S1"
    types = sorted(f["type"] for f in report["facts"])
    assert types == ["enforcement", "task"]


def test_extract_jsonl_and_csv(report_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(report_file), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["source"] == str(report_file)
    assert main(["extract", str(report_file), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 2
    assert {r["evidence_text"] for r in rows} >= {"nghiệm thu 5 nhiệm vụ cấp tỉnh"}
    for row in rows:
        start, end = int(row["evidence_start"]), int(row["evidence_end"])
        assert REPORT[start:end] == row["evidence_text"]


def test_extract_table_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(REPORT))
    assert main(["extract", "-"]) == 0
    out = capsys.readouterr().out
    assert "Cần Thơ" in out
    assert "fine=60.000.000 đồng" in out
    assert "« nghiệm thu 5 nhiệm vụ cấp tỉnh »" in out


def test_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path / "none.txt")]) == 1
    assert "none.txt" in capsys.readouterr().err


def test_summarize_the_bundled_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(ROOT / "examples" / "reports"), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "Thái Nguyên" in out
    assert "tiền phạt (đồng) / fines" in out


def test_summarize_adds_results_only_and_never_a_total_with_its_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(
        "Tổng kết năm 2022 của Sở KH&CN tỉnh Hà Nam\n"
        "Đã phê duyệt danh mục 24 nhiệm vụ (gồm 20 nhiệm vụ cấp tỉnh và 04 nhiệm vụ về quỹ gen).\n"
        "Năm 2023, Sở sẽ phê duyệt danh mục 30 nhiệm vụ.",
        encoding="utf-8",
    )
    assert main(["summarize", str(tmp_path), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "phê duyệt danh mục" in x)
    assert line.split()[-1] == "24"


def test_help_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "khcn.cli", "extract", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "--format" in done.stdout
    assert "báo cáo" in done.stdout


def test_parse_number_prints_vietnamese_style(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "number", "1.234.567,89"]) == 0
    assert capsys.readouterr().out.strip() == "1.234.567,89"


def test_summarize_by_year_across_the_merger_as_csv(capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(ROOT / "examples" / "reports")
    args = ["summarize", folder, "--by", "province,year", "--merge-2025", "--format", "csv"]
    assert main([*args, "--workers", "1"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    provinces = {r["province"] for r in rows}
    # Bình Dương and Bà Rịa - Vũng Tàu now count under Hồ Chí Minh
    assert "Hồ Chí Minh" in provinces
    assert not provinces & {"Bình Dương", "Bà Rịa - Vũng Tàu"}


def test_summarize_as_json(report_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(report_file), "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["province"], row["period"], row["fine_vnd"]) == ("Cần Thơ", "2021-S1", "60000000")
    assert row["tasks_nghiem_thu"] == 5


def test_summarize_refuses_an_unknown_grouping(
    report_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", str(report_file), "--by", "colour"]) == 2
    assert "colour" in capsys.readouterr().err
