"""The admin's import preview: possible duplicates chosen per row, changes to records listed."""

import html
import re

from records.models import Membership, Organisation, Person
from tests.records.sheets.test_admin import COMMITTEE, HEADERS, clerk, confirm, upload  # noqa: F401
from tests.sheet_files import xlsx

DIEN = "b12caa36-9304-504d-bd35-0b7bc755e3b5"
ROW = ["Nguyen Cong Dien", "", COMMITTEE, "Phó Bí thư", "Phó Bí thư Đảng ủy"]


def namesakes():
    return sorted(Person.objects.filter(search_key="nguyen cong dien").values_list("full_name", flat=True))


def test_the_preview_flags_a_possible_duplicate_with_a_link_and_a_choice(client, clerk):  # noqa: F811
    page = upload(client, xlsx(HEADERS, ROW)).content.decode()
    assert "Có thể trùng với bản ghi đã có: 1 dòng" in page
    assert f'<a href="/people/{DIEN}/">Nguyễn Công Diễn (không rõ năm sinh)</a>' in page
    assert f'name="choice-2" value="{DIEN}"' in page and 'name="choice-2" value="new"' in page
    assert "cùng người" in page and "người khác" in page
    # The choices are inside the confirmation's form, which carries them to the confirm step.
    form = page[page.index('id="sheet-confirm"') : page.index("</form>", page.index('id="sheet-confirm"'))]
    assert 'name="choice-2"' in form


def test_choosing_the_same_person_adds_the_post_to_the_person_on_record(client, clerk):  # noqa: F811
    preview = upload(client, xlsx(HEADERS, ROW)).content.decode()
    response = confirm_with(client, preview, {"choice-2": DIEN})
    assert response.status_code == 302
    assert namesakes() == ["Nguyễn Công Diễn"]
    assert Membership.objects.filter(person__uid=DIEN, organisation__name=COMMITTEE, role="pho_bi_thu").exists()


def test_choosing_another_person_writes_one(client, clerk):  # noqa: F811
    preview = upload(client, xlsx(HEADERS, ROW)).content.decode()
    assert confirm_with(client, preview, {"choice-2": "new"}).status_code == 302
    assert namesakes() == ["Nguyen Cong Dien", "Nguyễn Công Diễn"]


def test_a_confirmation_without_a_choice_is_refused_naming_the_row(client, clerk):  # noqa: F811
    preview = upload(client, xlsx(HEADERS, ["Phạm Thị Hà", 1985, COMMITTEE, "Ủy viên", ""], ROW)).content.decode()
    response = confirm(client, preview)
    page = response.content.decode()
    assert response.status_code == 200
    assert "bị từ chối: 1 lỗi" in page
    assert re.search(r"<td>3</td><td>Họ và tên</td><td>Nguyen Cong Dien</td><td>Có thể trùng với", page)
    assert namesakes() == ["Nguyễn Công Diễn"]
    assert not Person.objects.filter(full_name="Phạm Thị Hà").exists()


def test_the_preview_lists_each_change_to_a_record_on_file_and_counts_it(client, clerk):  # noqa: F811
    content = xlsx(HEADERS, ["Vương Toàn Thu Thủy", 1975, COMMITTEE, "Bí thư", "Bí thư Đảng ủy"])
    page = upload(client, content).content.decode()
    assert '<strong id="count-new">1</strong>' in page
    assert '<strong id="count-updated">1</strong>' in page
    changes = page[page.index('id="sheet-changes"') :]
    changes = changes[: changes.index("</table>")]
    assert re.search(
        r"<td>2</td><td><a href=\"/people/[0-9a-f-]+/\">Vương Toàn Thu Thủy \(không rõ năm sinh\)</a></td>"
        r"<td>Năm sinh</td><td>\(trống\)</td><td>→</td><td>1975</td>",
        changes,
    )


def confirm_with(client, preview, choices):
    """Press the confirm button having chosen: the hidden fields and the radio buttons picked."""
    fields = dict(
        re.findall(r'name="(import_file_name|original_file_name|congress|reason|preview)" value="([^"]*)"', preview)
    )
    return client.post(
        "/admin/records/membership/process_import/",
        {"congress": "", **{name: html.unescape(value) for name, value in fields.items()}, **choices},
    )


# Organisations, as people ##################################################

ORGANISATION_HEADERS = ["Tên", "Loại tổ chức", "Trực thuộc"]
ORGANISATION_ROW = ["Dang uy phuong Thien Huong", "Cấp ủy (Đảng ủy, Thành ủy, Tỉnh ủy)", "Đảng bộ phường Thiên Hương"]
ORGANISATIONS = "/admin/records/organisation/"


def organisation_namesakes():
    return sorted(Organisation.objects.filter(search_key="dang uy phuong thien huong").values_list("name", flat=True))


def test_the_organisation_preview_flags_a_possible_duplicate_with_a_link_and_a_choice(client, clerk):  # noqa: F811
    party_committee = Organisation.objects.get(name="Đảng ủy phường Thiên Hương")
    content = xlsx(ORGANISATION_HEADERS, ORGANISATION_ROW)

    page = upload(client, content, url=f"{ORGANISATIONS}import/", name="to-chuc.xlsx").content.decode()

    assert f'<a href="/organisations/{party_committee.uid}/">Đảng ủy phường Thiên Hương' in page
    assert f'name="choice-2" value="{party_committee.uid}"' in page and 'name="choice-2" value="new"' in page
    assert "cùng tổ chức" in page and "tổ chức khác" in page
    response = client.post(
        f"{ORGANISATIONS}process_import/",
        {
            **{name: html.unescape(value) for name, value in hidden_fields(page).items()},
            "choice-2": str(party_committee.uid),
        },
    )
    assert response.status_code == 302
    assert organisation_namesakes() == ["Đảng ủy phường Thiên Hương"]


def hidden_fields(preview):
    return dict(re.findall(r'name="(import_file_name|original_file_name|reason|preview)" value="([^"]*)"', preview))
