"""Tests for records.admin.versions: two clerks open one record's form; the second save is refused,
saying what the first changed, and re-applies the second clerk's change when saved again."""

import json
import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry

from records.admin.base import RecordAdmin
from records.admin.versions import VersionedForm, VersionedInlineMixin
from records.models.organisations import OrganisationKind
from records.versions import current_version, moment_text
from tests.admin_forms import errors_of, opened, posted_by_page, two_clerks  # noqa: F401 (a fixture)
from tests.records.factories import OrganisationFactory, PersonFactory, SourceFactory
from tests.records.sheets.roster import COMMITTEE, import_roster, member, roster

pytestmark = pytest.mark.django_db

STALE = "Bản ghi này đã được người khác sửa sau khi bạn mở trang; chưa có gì được lưu:"
MERGED = "Trang đã được cập nhật theo các thay đổi đó; các ô bạn đã sửa giữ giá trị của bạn."
REAPPLY = "Bấm “Lưu lại” để áp dụng thay đổi của bạn lên bản mới này, hoặc tải lại trang để bỏ chúng."


def change_url(record):
    return f"/admin/records/{record._meta.model_name}/{record.pk}/change/"


def edited(form, **values):
    return {**form, **{name: [value] for name, value in values.items()}}


def test_a_form_shows_the_version_it_was_opened_at(two_clerks):
    an, _lan = two_clerks
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)

    form = opened(an, change_url(person))

    assert form["record_version"] == [str(current_version(person))]
    assert current_version(person) == person.history.latest("history_id").history_id


def test_a_save_after_someone_else_saved_is_refused_naming_the_change(two_clerks):
    an, lan = two_clerks
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=1970, note="")
    url = change_url(person)
    form_an = opened(an, url)
    assert lan.post(url, edited(opened(lan, url), birth_year="1971")).status_code == 302
    saved_at = moment_text(person.history.latest("history_id").history_date)

    refused = an.post(url, edited(form_an, note="Đã xác minh"))

    assert refused.status_code == 200
    [message] = [error for error in errors_of(refused) if error.startswith(STALE)]
    assert f"Trần Thị Lan đã sửa lúc {saved_at}: Năm sinh: 1970 → 1971" in message
    assert MERGED in message and REAPPLY in message
    assert re.fullmatch(r"\d{2}:\d{2} ngày \d{1,2}/\d{1,2}/\d{4}", saved_at)
    person.refresh_from_db()
    assert (person.birth_year, person.note) == (1971, "")


def test_the_refused_form_comes_back_merged_and_saving_it_reapplies_the_change(two_clerks):
    an, lan = two_clerks
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=1970, note="")
    url = change_url(person)
    form_an = opened(an, url)
    lan.post(url, edited(opened(lan, url), birth_year="1971"))

    refused = an.post(url, edited(form_an, note="Đã xác minh"))
    merged = posted_by_page(refused.content)

    # Lan's year, An's note, and the version Lan's save made.
    assert merged["birth_year"] == ["1971"]
    assert merged["note"] == ["Đã xác minh"]
    assert merged["record_version"] == [str(current_version(person))]
    assert an.post(url, merged).status_code == 302
    person.refresh_from_db()
    assert (person.birth_year, person.note) == (1971, "Đã xác minh")


def test_a_field_both_changed_keeps_the_clerks_value_and_says_so(two_clerks):
    an, lan = two_clerks
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)
    url = change_url(person)
    form_an = opened(an, url)
    lan.post(url, edited(opened(lan, url), birth_year="1971"))

    refused = an.post(url, edited(form_an, birth_year="1972"))

    [message] = [error for error in errors_of(refused) if error.startswith(STALE)]
    assert "Cả bạn và người kia cùng sửa: Năm sinh (trang giữ giá trị của bạn)." in message
    assert posted_by_page(refused.content)["birth_year"] == ["1972"]


def test_a_save_with_nobody_else_in_between_goes_through(two_clerks):
    an, _lan = two_clerks
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)
    url = change_url(person)

    first = an.post(url, edited(opened(an, url), birth_year="1971"))
    second = an.post(url, edited(opened(an, url), birth_year="1972"))

    assert (first.status_code, second.status_code) == (302, 302)
    person.refresh_from_db()
    assert person.birth_year == 1972


def test_a_save_that_changed_nothing_in_between_refuses_nothing(two_clerks):
    an, lan = two_clerks
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)
    url = change_url(person)
    form_an = opened(an, url)
    # Lan saves without changing anything: a history row, no change.
    assert lan.post(url, opened(lan, url)).status_code == 302
    assert str(current_version(person)) != form_an["record_version"][0]

    assert an.post(url, edited(form_an, birth_year="1971")).status_code == 302


def test_a_change_of_the_sources_is_named_with_them(two_clerks):
    an, lan = two_clerks
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)
    source = SourceFactory(title="Báo cáo chính trị Đại hội")
    url = change_url(person)
    form_an = opened(an, url)
    assert lan.post(url, edited(opened(lan, url), sources=str(source.pk))).status_code == 302

    refused = an.post(url, edited(form_an, note="Đã xác minh"))

    [message] = [error for error in errors_of(refused) if error.startswith(STALE)]
    assert "Nguồn: (trống) → Báo cáo chính trị Đại hội" in message
    assert posted_by_page(refused.content)["sources"] == [str(source.pk)]


def test_a_record_without_history_when_opened_keeps_the_clerks_page_and_says_what_differs(two_clerks):
    an, lan = two_clerks
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)
    # As the article's records are, loaded without history rows.
    person.history.all().delete()
    url = change_url(person)
    form_an = opened(an, url)
    assert form_an["record_version"] == [""]
    lan.post(url, edited(opened(lan, url), birth_year="1971"))

    refused = an.post(url, edited(form_an, note="Đã xác minh"))

    [message] = [error for error in errors_of(refused) if error.startswith(STALE)]
    assert "Trần Thị Lan đã sửa lúc" in message
    assert (
        "Bản ghi chưa có lịch sử khi bạn mở trang, nên không rõ bạn đã sửa những ô nào: "
        "trang giữ mọi giá trị của bạn. Các ô khác với bản ghi hiện nay: Năm sinh, Ghi chú." in message
    )
    merged = posted_by_page(refused.content)
    assert (merged["birth_year"], merged["note"]) == (["1970"], ["Đã xác minh"])
    assert an.post(url, merged).status_code == 302


def test_the_version_is_no_change_in_the_admins_log(two_clerks):
    an, _lan = two_clerks
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)
    url = change_url(person)

    an.post(url, edited(opened(an, url), birth_year="1971"))

    entry = LogEntry.objects.get(object_id=str(person.pk))
    assert json.loads(entry.change_message) == [{"changed": {"fields": ["Năm sinh"]}}]


def test_a_form_posted_without_a_version_is_not_checked(two_clerks):
    an, lan = two_clerks
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)
    url = change_url(person)
    form_an = opened(an, url)
    lan.post(url, edited(opened(lan, url), birth_year="1971"))
    del form_an["record_version"]

    assert an.post(url, edited(form_an, note="Đã xác minh")).status_code == 302


def test_every_record_admin_and_inline_carries_versions():
    record_admins = [
        model_admin for model_admin in admin.site._registry.values() if isinstance(model_admin, RecordAdmin)
    ]
    # Every admin of the two apps but the read-only ones (the access log, merges) and users.
    assert len(record_admins) >= 19
    for model_admin in record_admins:
        assert issubclass(model_admin.form, VersionedForm), model_admin
        for inline in model_admin.inlines:
            assert issubclass(inline, VersionedInlineMixin), inline


def test_reverting_to_an_earlier_version_is_refused_after_someone_else_saved(two_clerks):
    an, lan = two_clerks
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=1970)
    first = person.history.get()
    url = change_url(person)
    an.post(url, edited(opened(an, url), birth_year="1971"))
    revert_url = f"/admin/records/person/{person.pk}/history/{first.history_id}/"
    form_an = opened(an, revert_url)
    lan.post(url, edited(opened(lan, url), note="Đã xác minh"))

    refused = an.post(revert_url, form_an)

    assert refused.status_code == 200
    [message] = [error for error in errors_of(refused) if error.startswith(STALE)]
    assert "Trần Thị Lan đã sửa lúc" in message and "Ghi chú: (trống) → Đã xác minh" in message
    assert an.post(revert_url, posted_by_page(refused.content)).status_code == 302
    person.refresh_from_db()
    assert (person.birth_year, person.note) == (1970, "Đã xác minh")


def test_a_save_after_an_import_changed_the_record_is_refused_naming_the_import(
    two_clerks, django_user_model
):
    an, _lan = two_clerks
    person = PersonFactory(full_name="Nguyễn Văn An", birth_year=None)
    url = change_url(person)
    form_an = opened(an, url)
    OrganisationFactory(name=COMMITTEE, kind=OrganisationKind.EXECUTIVE_COMMITTEE, seat_count=27)
    importer = django_user_model.objects.create_user("nhap", first_name="Lê Văn", last_name="Nhập")
    # A roster naming him with his birth year fills it in, written in bulk with its history row.
    report = import_roster(roster(member("Nguyễn Văn An", 1975)), user=importer)
    assert not report.errors and report.updated == 1

    refused = an.post(url, edited(form_an, note="Đã xác minh"))

    [message] = [error for error in errors_of(refused) if error.startswith(STALE)]
    assert "Lê Văn Nhập đã sửa lúc" in message
    assert "Năm sinh: (trống) → 1975" in message
    assert "Nguồn: (trống) → Tệp “danh-sach-bch.xlsx” (Chức vụ đảm nhiệm)" in message
    assert posted_by_page(refused.content)["birth_year"] == ["1975"]
