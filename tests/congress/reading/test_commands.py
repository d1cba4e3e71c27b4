"""`read_report` prints Vietnamese or JSON; errors name the file."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

CORPUS = Path(__file__).resolve().parents[1] / "reading_corpus"
REPORT = CORPUS / "13-nghe-an-vinh-hung.txt"


def run(*args):
    out = io.StringIO()
    call_command("read_report", *args, stdout=out)
    return out.getvalue()


def test_json_is_one_object_in_the_corpus_shape():
    printed = json.loads(run(str(REPORT), "--json"))
    expected = json.loads(REPORT.with_suffix(".json").read_text(encoding="utf-8"))
    for name in (
        "congress",
        "counts",
        "people",
        "posts",
        "documents",
        "figures",
        "committees",
        "indicators",
        "elections",
        "tasks",
    ):
        assert name in printed
    assert printed["counts"]["delegates"] == expected["counts"]["delegates"]
    assert printed["documents"][0]["symbol"] == "3688-QĐ/TU"
    assert "Phan Đức Đồng" in json.dumps(printed, ensure_ascii=False)


def test_the_readable_listing_is_in_vietnamese():
    printed = run(str(REPORT))
    assert "Đảng bộ phường Vinh Hưng" in printed
    assert "Phan Đức Đồng — Ủy viên Ban Thường vụ Tỉnh ủy" in printed
    assert "chỉ đạo" in printed and "Khai mạc: 13/8/2025" in printed
    assert "Đại biểu: 239" in printed and "4.083" in printed


def test_a_docx_report_is_read(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Đồng chí Đinh Văn Tạo, Phó Bí thư Huyện ủy, dự và chỉ đạo đại hội.")
    path = tmp_path / "bai.docx"
    document.save(path)
    assert json.loads(run(str(path), "--json"))["people"][0]["name"] == "Đinh Văn Tạo"


def test_errors_name_the_file(tmp_path):
    with pytest.raises(CommandError, match="khong-co.txt"):
        run(str(tmp_path / "khong-co.txt"))
    pdf = tmp_path / "bai.pdf"
    pdf.write_bytes(b"%PDF")
    with pytest.raises(CommandError, match="bai.pdf"):
        run(str(pdf))
