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


# --write ####################################################################################


@pytest.fixture
def report(tmp_path):
    from .small import TEXT

    path = tmp_path / "tan-lac.txt"
    path.write_text(
        "Nguồn: Báo Mẫu\nĐịa chỉ: https://bao.example.vn/tan-lac\nNgày: 20/8/2025\n\nĐại hội phường Tân Lạc\n" + TEXT,
        encoding="utf-8",
    )
    return path


@pytest.mark.django_db
def test_write_records_the_exact_proposals_citing_the_file_as_a_source(report, django_user_model):
    from congress.models import Congress
    from records.models import Person, Source

    from .small import ward

    ward()
    django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "x")

    printed = run(str(report), "--write", "--user", "clerk")

    source = Source.objects.get(url="https://bao.example.vn/tan-lac")
    assert (source.title, source.publisher, source.published_on.isoformat()) == (
        "Đại hội phường Tân Lạc", "Báo Mẫu", "2025-08-20"
    )
    congress = Congress.objects.get()
    assert (congress.ordinal, congress.delegate_count, list(congress.sources.all())) == (1, 120, [source])
    assert list(Person.objects.get(full_name="Lê Văn An").sources.all()) == [source]
    assert "Đã ghi" in printed and "bản ghi mới" in printed

    count = Person.objects.count() + Congress.objects.count() + Source.objects.count()
    run(str(report), "--write", "--user", "clerk")
    assert Person.objects.count() + Congress.objects.count() + Source.objects.count() == count


@pytest.mark.django_db
def test_write_without_the_import_permission_says_why_in_vietnamese_and_writes_nothing(report, django_user_model):
    from records.models import Source

    django_user_model.objects.create_user("staff", password="x", is_staff=True)

    with pytest.raises(CommandError, match="Không ghi gì vào hồ sơ:\n  - Bạn không có quyền nhập"):
        run(str(report), "--write", "--user", "staff")
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_write_needs_a_user_that_exists(report):
    with pytest.raises(CommandError, match="--user"):
        run(str(report), "--write")
    with pytest.raises(CommandError, match="Không có người dùng “ai”"):
        run(str(report), "--write", "--user", "ai")
