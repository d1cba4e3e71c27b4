"""The congress file's page and downloads (congress.views.CongressFileView and its downloads).

Kept beside the file's other tests rather than in tests/congress/test_views.py, which holds the
pages every congress helper edits.
"""

import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from congress.models import Congress
from records import access
from records.models import AccessLog
from tests.access_world import build_world, make_user
from tests.congress.dossier.reading import pdf_text
from tests.pages import page_client

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def viewer(client, django_user_model, strict_templates):
    return page_client(client, django_user_model)


def test_the_file_page_is_linked_from_the_congress_page_and_lists_what_is_missing(viewer, article):
    congress = Congress.objects.get()
    url = f"/congresses/{congress.uid}/ho-so/"

    assert f'href="{url}"' in viewer.get(congress.get_absolute_url()).content.decode()
    page = viewer.get(url).content.decode()
    for heading in ("I. Văn kiện Đại hội", "II. Nhân sự", "III. Tổ chức và diễn biến Đại hội"):
        assert heading in page
    assert 'href="#muc-bau-cu">Kết quả bầu cử <span class="missing">(chưa có)</span>' in page
    assert 'href="#muc-chi-tieu">Kết quả thực hiện các chỉ tiêu nhiệm kỳ trước</a>' in page
    assert "0 / 27" in page and "1.535" in page
    # Every fact is footnoted to its numbered source, and the sources are listed by number.
    assert '<sup class="note"><a href="#nguon-1">[1]</a></sup>' in page
    assert 'id="nguon-2"' in page
    assert "<svg" in page


def test_the_file_page_reads_the_records_in_a_few_queries(viewer, article, django_assert_max_num_queries):
    congress = Congress.objects.get()
    with django_assert_max_num_queries(25):
        assert viewer.get(f"/congresses/{congress.uid}/ho-so/").status_code == 200


@pytest.mark.parametrize(
    ("document", "file_format", "content_type"),
    [
        ("ho-so", "pdf", "application/pdf"),
        ("bao-cao-ket-qua", "docx", DOCX),
        ("to-trinh-chuan-y", "pdf", "application/pdf"),
    ],
)
def test_each_document_downloads_as_pdf_or_word(viewer, article, document, file_format, content_type):
    congress = Congress.objects.get()
    response = viewer.get(f"/congresses/{congress.uid}/ho-so/{document}.{file_format}")

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert f"{document}-dang-bo-phuong-thien-huong-2025.{file_format}" in response["Content-Disposition"]


@pytest.mark.parametrize("address", ["ho-so.odt", "bao-cao-ket-qua.zip", "thu-moi.pdf"])
def test_an_unknown_document_or_format_is_not_found(viewer, article, address):
    congress = Congress.objects.get()
    assert viewer.get(f"/congresses/{congress.uid}/ho-so/{address}").status_code == 404


def test_the_zip_holds_the_documents_and_a_spreadsheet_per_list_and_is_logged(viewer, article):
    congress = Congress.objects.get()
    response = viewer.get(f"/congresses/{congress.uid}/ho-so/ho-so.zip")

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    for slug in ("ho-so", "bao-cao-ket-qua", "to-trinh-chuan-y"):
        assert {f"{slug}.pdf", f"{slug}.docx"} <= names
    sheets = ("nguoi-du-dai-hoi", "phat-bieu", "chi-tieu", "nhiem-vu", "van-ban")
    assert {f"bang-tinh/{name}.xlsx" for name in sheets} <= names
    assert "186" in pdf_text(archive.read("ho-so.pdf"))
    # 1 attendance, 3 speeches, 6 indicators, 3 tasks, and the 3 documents they cite.
    assert AccessLog.objects.get(path=f"/congresses/{congress.uid}/ho-so/ho-so.zip").rows == 16


def test_the_file_keeps_the_scope_and_the_zip_needs_the_export_permission(client, django_user_model):
    world = build_world()
    ours, theirs = (next(iter(world[ward]["congresses"])) for ward in ("A", "B"))
    client.force_login(make_user(django_user_model, "viewer", "A", world))

    assert client.get(f"/congresses/{ours.uid}/ho-so/").status_code == 200
    assert client.get(f"/congresses/{theirs.uid}/ho-so/").status_code == 404
    assert client.get(f"/congresses/{theirs.uid}/ho-so/ho-so.pdf").status_code == 404
    Group.objects.get(name=access.VIEWER).permissions.filter(codename="export_congress").delete()
    assert client.get(f"/congresses/{ours.uid}/ho-so/ho-so.zip").status_code == 403
    assert "ho-so.zip" not in client.get(f"/congresses/{ours.uid}/ho-so/").content.decode()


def test_the_command_writes_the_zip(article, tmp_path, capsys):
    congress = Congress.objects.get()
    out = tmp_path / "ho-so.zip"

    call_command("congress_file", str(congress.uid), str(out))

    assert "ho-so.pdf" in zipfile.ZipFile(out).namelist()
    assert "Đại hội Đảng bộ phường Thiên Hương" in capsys.readouterr().out


def test_the_command_names_an_unknown_congress(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có đại hội có mã định danh “abc”"):
        call_command("congress_file", "abc", str(tmp_path / "x.zip"))
