"""Tests for the adapters that fence private APIs: they must work with the installed versions.

records.sheets.files.openpyxl_adapter (openpyxl), records.sheets.django_adapter (Django) and
records.sheets.history_adapter (django-simple-history) each read names their library keeps
private. A release that renames one fails here, with the versions pinned in pyproject.toml.
"""

import datetime
import io

import openpyxl
import pytest
import xlsxwriter

from records.models import Membership, Person, Source
from records.sheets import django_adapter, history_adapter
from records.sheets.files import openpyxl_adapter
from tests.records.factories import OrganisationFactory


def workbook_sheet():
    """A read-only worksheet of a workbook as Excel writes one: text in shared strings, a date, a duration."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["Họ và tên", "Ngày sinh", "Thời lượng"])
    sheet.write_string(1, 0, "Vương Toàn Thu Thủy")
    sheet.write_datetime(1, 1, datetime.date(1975, 6, 16), workbook.add_format({"num_format": "d/m/yyyy"}))
    sheet.write_datetime(1, 2, datetime.timedelta(hours=2), workbook.add_format({"num_format": "[h]:mm"}))
    workbook.close()
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), read_only=True).worksheets[0]


def test_the_openpyxl_adapter_reads_what_a_worksheet_refers_to():
    sheet = workbook_sheet()
    cells = openpyxl_adapter.workbook_cells(sheet)
    assert "Vương Toàn Thu Thủy" in list(cells.shared_strings)
    assert cells.date_formats
    assert cells.timedelta_formats
    assert cells.timedelta_formats <= cells.date_formats
    assert cells.epoch == datetime.datetime(1899, 12, 30)
    with openpyxl_adapter.worksheet_xml(sheet) as source:
        assert b"<sheetData>" in source.read()


@pytest.mark.django_db
def test_the_django_adapter_takes_the_id_of_a_related_record_saved_after_it_was_assigned():
    person = Person(full_name="Nguyễn Văn An")
    post = Membership(person=person, organisation=OrganisationFactory())
    person.save()
    assert post.person_id is None
    django_adapter.prepare_related_fields(post, "bulk_create")
    assert post.person_id == person.pk


@pytest.mark.django_db
def test_the_django_adapter_refuses_a_related_record_never_saved():
    post = Membership(person=Person(full_name="Nguyễn Văn An"), organisation=OrganisationFactory())
    with pytest.raises(ValueError, match="unsaved related object"):
        django_adapter.prepare_related_fields(post, "bulk_create")


def test_the_history_adapter_describes_a_historical_model():
    history = Person.history.model
    tracked = [field.name for field in history_adapter.tracked_fields(history)]
    assert "full_name" in tracked
    assert "id" in tracked
    assert history_adapter.has_history_relation(history) is False
    tables = dict(history_adapter.m2m_history_tables(history))
    assert Person._meta.get_field("sources") in tables
    assert tables[Person._meta.get_field("sources")]._meta.db_table.startswith("records_")
    assert history_adapter.m2m_history_tables(Source.history.model) == []
