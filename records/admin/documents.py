"""Legal documents: resolutions, decisions and the rest, by their symbol."""

from django.contrib import admin
from django.utils.translation import get_language

from records.changelists import IndexedValuesFilter
from records.models import LegalDocument
from records.resources import LegalDocumentResource
from records.sheets.admin import SheetAdminMixin
from records.templatetags.record_lists import choice_labels

from .base import SourcedRecordAdmin
from .history import RestoreDeletedMixin


@admin.register(LegalDocument)
class LegalDocumentAdmin(RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [LegalDocumentResource]
    list_display = ["__str__", "document_type", "issuer", "issued_on", "summary"]
    list_filter = ["document_type", ("year", IndexedValuesFilter)]
    list_select_related = ["issuer"]
    search_fields = ["search_key__contains"]
    autocomplete_fields = ["issuer"]
    readonly_fields = ["number", "year", "issuer_code"]

    def changelist_name(self, document):
        # str(document), with the kind's label looked up once per language: Django's
        # get_document_type_display() translates all 13 kinds on every call.
        if not document.symbol:
            return document.summary
        kind = choice_labels(LegalDocument._meta.get_field("document_type"), get_language())
        return f"{kind[document.document_type]} {document.symbol}"
