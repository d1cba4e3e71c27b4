"""Tests for records.admin.duplicates: the person and organisation forms never save a possible duplicate silently."""

import pytest

from records.models import Organisation, Person

DIEN = "b12caa36-9304-504d-bd35-0b7bc755e3b5"


@pytest.fixture
def superuser(client, django_user_model, article):
    user = django_user_model.objects.create_superuser("admin", "admin@example.invalid", "pw")
    client.force_login(user)
    return user


def form_data(client, url, **fields):
    """What the form at `url` posts with nothing but `fields` filled in: its inlines left empty."""
    response = client.get(url)
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            data[management.add_prefix(name)] = management.initial.get(name, field.initial) or 0
    return {**data, **fields}


def test_adding_a_person_named_as_one_on_record_shows_the_candidates_and_needs_a_tick(client, superuser):
    url = "/admin/records/person/add/"
    data = form_data(client, url, full_name="Nguyen Cong Dien", birth_year="1975")

    refused = client.post(url, data)

    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Có thể trùng với:" in page
    assert f'<a href="/people/{DIEN}/">Nguyễn Công Diễn</a>' in page
    assert "Đây là người khác" in page
    assert Person.objects.filter(search_key="nguyen cong dien").count() == 1

    saved = client.post(url, {**data, "not_duplicate": "on"})
    assert saved.status_code == 302
    assert Person.objects.filter(search_key="nguyen cong dien").count() == 2


def test_a_person_of_another_name_or_birth_year_is_saved_without_asking(client, superuser):
    url = "/admin/records/person/add/"
    Person.objects.filter(uid=DIEN).update(birth_year=1970)
    assert client.post(url, form_data(client, url, full_name="Nguyen Cong Dien", birth_year="1975")).status_code == 302
    assert client.post(url, form_data(client, url, full_name="Phạm Thị Hà")).status_code == 302


def test_changing_a_person_asks_only_when_the_name_or_year_changes(client, superuser):
    # The article names him without a post, so his form has no posts to post again.
    person = Person.objects.get(full_name="Hồ Chí Minh")
    url = f"/admin/records/person/{person.pk}/change/"
    renamed = client.post(url, form_data(client, url, full_name="Nguyen Cong Dien"))
    assert renamed.status_code == 200 and "Có thể trùng với:" in renamed.content.decode()
    noted = client.post(url, form_data(client, url, full_name="Hồ Chí Minh", note="Chủ tịch"))
    assert noted.status_code == 302


def test_adding_an_organisation_named_as_one_under_the_same_parent_needs_a_tick(client, superuser):
    url = "/admin/records/organisation/add/"
    party = Organisation.objects.get(name="Đảng bộ phường Thiên Hương")
    data = form_data(client, url, name="Dang uy phuong Thien Huong", kind="cap_uy", parent=party.pk)

    refused = client.post(url, data)

    page = refused.content.decode()
    assert refused.status_code == 200 and "Có thể trùng với:" in page and "Đây là tổ chức khác" in page
    assert client.post(url, {**data, "not_duplicate": "on"}).status_code == 302
    assert Organisation.objects.filter(search_key="dang uy phuong thien huong").count() == 2
