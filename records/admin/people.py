"""People and their memberships (posts) in organisations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from records import access
from records.models import Membership, Organisation, Person
from records.resources import MembershipResource, PersonResource
from records.sheets.admin import SheetAdminMixin

from .duplicates import DuplicateCheckMixin, PersonForm
from .base import SourcedInline, SourcedRecordAdmin
from .history import RestoreDeletedMixin
from .merging import PersonMergingMixin


class MembershipInline(SourcedInline):
    model = Membership
    fields = ["person", "organisation", "role", "title", "start_on", "end_on"]
    autocomplete_fields = ["person", "organisation"]


class PostInline(MembershipInline):
    """A person's posts: a person is in a scope through them, so a scoped user adds one with the person."""

    required_in_scope = True
    required_message = _(
        "Hãy ghi ít nhất một chức vụ của người này trong một tổ chức thuộc phạm vi của bạn; "
        "không có chức vụ thì không ai trong phạm vi của bạn thấy người này."
    )


class CurrentFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Đang đảm nhiệm")), ("no", _("Đã kết thúc"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.current()
        if self.value() == "no":
            return queryset.past()
        return queryset


class OrganisationFilter(admin.SimpleListFilter):
    """Posts in one organisation.

    Listed: the organisations the user sees, first by name, at most SHOWN of them (a ward's
    clerk sees their ward's few; the whole register would be a list of thousands), and the
    chosen one always. `?organisation=<id>` filters by any organisation.
    """

    title = _("tổ chức")
    parameter_name = "organisation"
    SHOWN = 50

    def lookups(self, request, model_admin):
        organisations = access.scoped(Organisation.objects.all(), request.user).order_by("search_key", "pk")
        choices = [(str(organisation.pk), organisation.name) for organisation in organisations[: self.SHOWN]]
        chosen = self.chosen()
        if chosen is not None and str(chosen) not in dict(choices):
            organisation = organisations.filter(pk=chosen).first()
            if organisation is not None:
                choices.append((str(organisation.pk), organisation.name))
        return choices

    def chosen(self):
        value = self.value()
        return int(value) if value and value.isdigit() else None

    def queryset(self, request, queryset):
        # A value that is no id filters nothing (never a server error).
        chosen = self.chosen()
        return queryset if chosen is None else queryset.filter(organisation_id=chosen)


@admin.register(Person)
class PersonAdmin(
    PersonMergingMixin, DuplicateCheckMixin, RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin
):
    form = PersonForm
    resource_classes = [PersonResource]
    list_display = ["full_name_in_order", "birth_year", "gender"]
    list_filter = ["gender"]
    # Searched by the starts of words (RecordAdmin.get_search_results); the field shows the box.
    search_fields = ["search_key"]
    fieldsets = [
        (None, {"fields": ["full_name", "birth_year", "gender"]}),
        (
            _("Tách họ, tên đệm, tên"),
            {
                "fields": ["family_name", "middle_name", "given_name"],
                "description": _("Tự tách từ họ và tên; chỉ sửa khi họ có hai chữ (ví dụ Tôn Nữ)."),
            },
        ),
        (_("Nguồn"), {"fields": ["sources", "note"]}),
    ]
    inlines = [PostInline]
    placed_by_inline = True

    @admin.display(description=_("họ và tên"), ordering="sort_key")
    def full_name_in_order(self, person):
        return person.full_name


@admin.register(Membership)
class MembershipAdmin(RestoreDeletedMixin, SheetAdminMixin, SourcedRecordAdmin):
    resource_classes = [MembershipResource]
    list_display = ["person", "role", "title", "organisation", "start_on", "end_on"]
    list_filter = [OrganisationFilter, "role", CurrentFilter, "organisation__kind"]
    list_select_related = ["person", "organisation"]
    search_fields = ["person__search_key__contains", "organisation__search_key__contains"]
    autocomplete_fields = ["person", "organisation"]
