"""A database rule that refuses a form's data says so in Vietnamese, naming what to fix.

Django 5.2 checks every constraint in a model's full_clean() and shows its
violation_error_message; without one the clerk read `Constraint “congress_congress_term_plausible”
is violated.` A constraint that names a key derived on save (name_key, symbol_key) is checked too,
where Django would have skipped it and the database refused the row with an IntegrityError.
"""

import pytest
from django.apps import apps
from django.forms import modelform_factory
from django.utils import translation

from congress.models import Congress
from records.models import LegalDocument, Organisation
from tests.vietnamese_pages import english_phrases

CONSTRAINTS = [
    (model, constraint)
    for app_label in ("records", "congress")
    for model in apps.get_app_config(app_label).get_models()
    for constraint in model._meta.constraints
]
VIETNAMESE_LETTERS = set("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")


@pytest.mark.parametrize(
    ("model", "constraint"), CONSTRAINTS, ids=[constraint.name for _, constraint in CONSTRAINTS]
)
def test_every_constraint_has_a_vietnamese_message(model, constraint):
    with translation.override("vi"):
        message = str(constraint.get_violation_error_message())

    assert constraint.violation_error_message != constraint.default_violation_error_message, constraint.name
    assert VIETNAMESE_LETTERS & set(message.lower()), message
    assert constraint.name not in message
    assert english_phrases(f"<p>{message}</p>") == [], message


def congress_form(congress, **changes):
    fields = ["organisation", "ordinal", "term_start", "term_end", "opened_on", "closed_on"]
    data = {name: getattr(congress, f"{name}_id", None) or getattr(congress, name) for name in fields}
    data["opened_on"] = data["closed_on"] = ""
    return modelform_factory(Congress, fields=fields)({**data, **changes}, instance=congress)


def test_a_term_that_ends_before_it_starts_is_refused_in_vietnamese(article):
    form = congress_form(Congress.objects.get(), term_end=2020)

    with translation.override("vi"):
        assert not form.is_valid()
        errors = form.non_field_errors()
    assert errors == [
        "Nhiệm kỳ từ năm phải từ 1930 trở đi, và nhiệm kỳ đến năm phải sau nhiệm kỳ từ năm, không quá năm 2200."
    ]


def test_a_second_congress_of_the_same_ordinal_is_refused_in_vietnamese(article):
    congress = Congress.objects.get()
    form = congress_form(
        Congress(organisation=congress.organisation), ordinal=congress.ordinal, term_start=2030, term_end=2035
    )

    with translation.override("vi"):
        assert not form.is_valid()
        assert form.non_field_errors() == ["Đảng bộ này đã có một đại hội cùng lần thứ."]


def test_an_organisation_named_as_its_sibling_is_refused_by_the_form_not_the_database(article):
    sibling = Organisation.objects.filter(parent__isnull=False).first()
    form = modelform_factory(Organisation, fields=["name", "kind", "parent"])(
        {"name": f"  {sibling.name.upper()} ", "kind": sibling.kind, "parent": sibling.parent_id}
    )

    with translation.override("vi"):
        assert not form.is_valid()
        assert form.non_field_errors() == ["Tổ chức trực thuộc này đã có một tổ chức cùng tên."]


def test_a_document_of_a_recorded_symbol_is_refused_by_the_form_not_the_database(article):
    document = LegalDocument.objects.exclude(symbol="").exclude(issuer=None).first()
    form = modelform_factory(LegalDocument, fields=["symbol", "document_type", "issuer", "summary"])(
        {"symbol": f"Số {document.symbol}", "document_type": document.document_type, "issuer": document.issuer_id}
    )

    with translation.override("vi"):
        assert not form.is_valid()
        assert form.non_field_errors() == [
            "Cơ quan ban hành này đã có một văn bản cùng loại văn bản và số ký hiệu."
        ]
