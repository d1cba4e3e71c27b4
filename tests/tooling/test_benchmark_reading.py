"""Scoring a reading against the facts written down for it, and the command that prints it."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from congress.tooling.benchmark.reading import Result, Score, facts, score_corpus, table

CORPUS = Path(__file__).resolve().parents[1] / "congress" / "reading_corpus"


def test_facts_compare_names_and_titles_by_identity_key_and_bodies_by_kind():
    written = {
        "people": [{"name": "Lê Thị Thuỷ", "title": "Bí thư Đảng uỷ", "role": "guest"}],
        "committees": [{"body": "BCH Đảng bộ xã khóa II", "seats": 19}],
        "counts": {"delegates": 90, "members": None},
    }
    read = {
        "people": [{"name": "Lê Thị Thủy", "title": "Bí thư Đảng ủy", "role": "guest"}],
        "committees": [{"body": "Ban Chấp hành", "seats": 19}],
        "counts": {"delegates": 90, "members": None, "organisations": None},
    }
    assert facts(written) == facts(read)
    assert facts(read)["counts"] == {("delegates", 90)}


def test_a_different_title_or_role_is_a_miss_and_an_extra():
    score = Score()
    score.add({("a", "t", "guest"), ("b", "", "speaking")}, {("a", "t", "directing"), ("b", "", "speaking")})
    assert (score.right, score.extra, score.missed, score.exact) == (1, 1, 1, 0)
    assert score.precision == 0.5 and score.recall == 0.5


def test_nothing_read_and_nothing_expected_is_exact():
    score = Score()
    score.add(set(), set())
    assert score.exact_share == 1.0 and score.precision == 1.0 and score.recall == 1.0


def test_failures_name_the_kind_and_the_numbers():
    result = Result()
    result.add("01.txt", {"counts": {"delegates": 5}}, {"counts": {"delegates": 6}})
    assert result.failures() == ["Số đại biểu, đảng viên, tổ chức: exact 0.00 < 0.95"]
    assert result.misses == [("01.txt", "counts", {("delegates", 5)}, {("delegates", 6)})]


def test_the_table_has_a_row_per_kind_and_the_times(tmp_path):
    (tmp_path / "01-x.txt").write_text(
        "Có 80 đại biểu đại diện cho 900 đảng viên dự đại hội.", encoding="utf-8"
    )
    (tmp_path / "01-x.json").write_text(
        json.dumps({"counts": {"delegates": 80, "members": 900}}), encoding="utf-8"
    )
    ticks = iter([0.0, 0.25])
    result = score_corpus(tmp_path, timer=lambda: next(ticks))
    printed = table(result)
    assert "| Số đại biểu, đảng viên, tổ chức | 1.00 (2/2) | 1.00 (2/2) | 100% (1/1) |" in printed
    assert "trung vị 250.0 ms" in printed and "< 1 s ĐẠT" in printed


def test_the_command_prints_the_table_for_the_corpus():
    out = io.StringIO()
    call_command("benchmark_reading", str(CORPUS), stdout=out)
    printed = out.getvalue()
    assert "Người kèm chức danh" in printed and "Thời gian đọc mỗi báo cáo" in printed
    assert "KHÔNG ĐẠT" not in printed


def test_the_command_refuses_a_missing_or_empty_directory(tmp_path):
    with pytest.raises(CommandError, match="không có cặp tệp"):
        call_command("benchmark_reading", str(tmp_path))
    with pytest.raises(CommandError, match="Không có thư mục"):
        call_command("benchmark_reading", str(tmp_path / "khong"))
