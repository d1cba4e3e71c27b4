"""Every admin page a clerk can reach answers, with the article's records loaded."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from records.models import AccessLog

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def clerk(client, django_user_model, article):
    user = django_user_model.objects.create_superuser("clerk", "clerk@example.invalid", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_changelist_add_change_and_history_pages_answer(clerk, model):
    if model is Group:
        Group.objects.create(name="Văn phòng Đảng ủy")
    record = model.objects.first()
    assert record is not None, f"the article's fixture has no {model._meta.label}"

    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "change", record.pk),
        admin_url(model, "history", record.pk),
    ):
        response = clerk.get(url)
        assert response.status_code == 200, url
    # The access log is written by logins and exports alone.
    response = clerk.get(admin_url(model, "add"))
    assert response.status_code == (403 if model is AccessLog else 200)


@pytest.mark.parametrize("term", ["nguyen van phu", "Nguyễn Văn Phú", "NGUYỄN VĂN PHÚ", "van phu"])
def test_person_search_ignores_diacritics_and_case(clerk, term):
    response = clerk.get("/admin/records/person/", {"q": term})

    names = [person.full_name for person in response.context["cl"].result_list]
    assert names == ["Nguyễn Văn Phú"]


def test_person_search_matches_either_tone_placement(clerk):
    response = clerk.get("/admin/records/person/", {"q": "Vương Toàn Thu Thuỷ"})

    assert [p.full_name for p in response.context["cl"].result_list] == ["Vương Toàn Thu Thủy"]


def test_autocomplete_finds_organisation_without_diacritics(clerk):
    response = clerk.get(
        "/admin/autocomplete/",
        {
            "app_label": "congress",
            "model_name": "congress",
            "field_name": "directing_body",
            "term": "to cong tac",
        },
    )

    assert [item["text"] for item in response.json()["results"]] == ["Tổ công tác số 11 của Thành ủy"]


def test_people_are_listed_by_given_name(clerk):
    response = clerk.get("/admin/records/person/")

    given = [person.given_name for person in response.context["cl"].result_list]
    assert given == ["Diễn", "Lâm", "Minh", "Phú", "Thủy"]
