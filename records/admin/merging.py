"""The admin's pages of possible duplicates already on record, and of merging two records into one.

For people and for organisations alike (MergingMixin, with a subclass per kind saying what differs):

* `trung-lap/` of the list: the likely pairs across the register, a page of names at a time
  (records.duplicates: one grouped query on the search key's index, then the page's records),
  each pair with why it may be one and a link to merge it.
* `<id>/gop/`, "Gộp với…" on a record's page: its possible duplicates, and a search.
* `gop/<kept>/<merged>/`: both records side by side, a choice of value for each field, what each
  holds, and any clash that refuses the merge; confirming runs records.merging.merge.
* The merges themselves (PersonMergeAdmin, OrganisationMergeAdmin): read only, each with what
  moved and the merged-away record's history, and a button that reverts it.

Every page is held to the user's scope; merging and reverting take the kind's permission
(records.merge_person, records.merge_organisation: the Quản lý role) of both records.
"""

from django.apps import apps
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from records import access, merging
from records.duplicates import (
    likely_groups,
    likely_organisation_groups,
    likely_organisation_pairs,
    likely_pairs,
    organisation_duplicates,
    person_duplicates,
)
from records.models import OrganisationMerge, PersonMerge

from .base import ReadOnlyAdminMixin
from .scoping import ScopedAdminMixin

# Names (search keys) a page of the report lists; records read and pairs shown of each name.
NAMES_PER_PAGE = 25
RECORDS_PER_NAME = 20
PAIRS_PER_NAME = 10
# The report's parameter: the page starts after this name (a search key).
AFTER = "sau"
# Records a search on the "Gộp với…" page lists.
FOUND_PER_SEARCH = 20


def shown(record, name):
    """A field's value as the clerk reads it: a choice by its label, a record by its name."""
    field = record._meta.get_field(name)
    if field.choices:
        return getattr(record, f"get_{name}_display")()
    return getattr(record, name)


def holdings(record):
    """What a record's records hold, kind by kind: (2, "chức vụ đảm nhiệm"), for the side-by-side page."""
    counted = []
    for relation in merging.relations(type(record)):
        count = relation.model._base_manager.filter(**{relation.field.name: record.pk}).count()
        if count:
            counted.append((count, merging.kind_name(relation.model, count)))
    return counted


class MergingMixin:
    """For the admin of a kind records.merging merges: the report of possible duplicates and the
    pages that merge two records. A subclass names the kind and asks the report's questions."""

    merge_kind = None
    change_form_template = "admin/records/merging/change_form.html"
    import_export_change_list_template = "admin/records/merging/change_list.html"
    # What the report says it lists, and what a record holds, as the merge page names it.
    report_rule = ""
    holdings_examples = ""

    def likely_groups(self, records, after):
        raise NotImplementedError

    def likely_pairs(self, request, records, keys):
        """({key: [(record, record, why), ...]}, {key: how many records were read})."""
        raise NotImplementedError

    def alike(self, record, records):
        raise NotImplementedError

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path("trung-lap/", view(self.duplicates_view), name="%s_%s_duplicates" % info),
            path("<int:object_id>/gop/", view(self.merge_with_view), name="%s_%s_merge_with" % info),
            path("gop/<int:kept_id>/<int:merged_id>/", view(self.merge_view), name="%s_%s_merge" % info),
            *super().get_urls(),
        ]

    def deleted_records(self, request):
        # A record merged away comes back by reverting the merge, which moves its records back too.
        merged = self.merge_kind.merge_model.objects.filter(reverted_at__isnull=True).values("merged_pk")
        return super().deleted_records(request).exclude(id__in=merged)

    def has_merge_permission(self, request, obj=None):
        return request.user.has_perm(self.merge_kind.permission, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            **self.nouns(),
            "has_merge_permission": self.has_merge_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "has_merge_permission": self.has_merge_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def nouns(self):
        noun = str(self.merge_kind.noun)
        return {"noun": noun, "Noun": capfirst(noun)}

    def page(self, request, template, title, **context):
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            **self.nouns(),
            "opts": self.opts,
            "title": title,
            **context,
        }
        return TemplateResponse(request, f"admin/records/merging/{template}", context)

    def records_in_scope(self, request):
        """The records of the kind in the user's scope (the report's, without the list's annotations)."""
        return access.scoped(self.model._default_manager.all(), request.user)

    def record_in_scope(self, request, object_id):
        record = self.get_object(request, str(object_id))
        if record is None:
            raise Http404(gettext("Không có bản ghi này, hoặc bản ghi nằm ngoài phạm vi của bạn."))
        return record

    def duplicates_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # Paged by the last name of the page before (records.duplicates.likely_groups).
        after = request.GET.get(AFTER, "")[:200]
        records = self.records_in_scope(request)
        groups = list(self.likely_groups(records, after)[: NAMES_PER_PAGE + 1])
        has_next = len(groups) > NAMES_PER_PAGE
        groups = groups[:NAMES_PER_PAGE]
        pairs, read = self.likely_pairs(request, records, [group["search_key"] for group in groups])
        for group in groups:
            found = pairs.get(group["search_key"], [])
            group["pairs"] = found[:PAIRS_PER_NAME]
            group["more_pairs"] = len(found) - len(group["pairs"])
            group["read"] = read.get(group["search_key"], 0)
        return self.page(
            request,
            "duplicates.html",
            gettext("%(noun)s có thể trùng nhau") % {"noun": self.nouns()["Noun"]},
            groups=groups,
            after=after,
            next_after=groups[-1]["search_key"] if has_next else "",
            has_merge_permission=self.has_merge_permission(request),
            report_rule=self.report_rule,
            records_per_name=RECORDS_PER_NAME,
        )

    def merge_with_view(self, request, object_id):
        record = self.record_in_scope(request, object_id)
        if not self.has_merge_permission(request, record):
            raise PermissionDenied
        records = self.records_in_scope(request)
        text = request.GET.get("q", "").strip()
        found = list(records.search(text).exclude(pk=record.pk)[:FOUND_PER_SEARCH]) if text else []
        return self.page(
            request,
            "merge_with.html",
            gettext("Gộp %(record)s với một %(noun)s khác")
            % {"record": record, "noun": self.merge_kind.noun},
            record=record,
            alike=self.alike(record, records),
            found=found,
            text=text,
        )

    def merge_view(self, request, kept_id, merged_id):
        kept = self.record_in_scope(request, kept_id)
        merged = self.record_in_scope(request, merged_id)
        if not (self.has_merge_permission(request, kept) and self.has_merge_permission(request, merged)):
            raise PermissionDenied
        kind = self.merge_kind
        if kept.pk == merged.pk:
            raise Http404(gettext("Hãy chọn hai %(noun)s khác nhau để gộp.") % {"noun": kind.noun})
        error = ""
        if request.method == "POST":
            take = [name for name in kind.chosen_fields if request.POST.get(name) == "merged"]
            try:
                merge = merging.merge(
                    kept=kept,
                    merged=merged,
                    take=take,
                    user=request.user,
                    scope=access.scope_of(request.user),
                    reason=request.POST.get("reason", "").strip()[:500],
                )
            except merging.MergeRefused as refused:
                error = str(refused)
            else:
                messages.success(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        gettext("Đã gộp %(merged)s vào %(kept)s.")
                        % {"merged": merge.merged_name, "kept": kept},
                        reverse(f"admin:records_{merge._meta.model_name}_change", args=[merge.pk]),
                        gettext("Xem hoặc hoàn tác lần gộp này"),
                    ),
                )
                return HttpResponseRedirect(
                    reverse(f"admin:records_{self.opts.model_name}_change", args=[kept.pk])
                )
        fields = [
            (name, self.model._meta.get_field(name).verbose_name, shown(kept, name), shown(merged, name))
            for name in kind.chosen_fields
        ]
        return self.page(
            request,
            "merge.html",
            gettext("Gộp hai %(noun)s thành một") % {"noun": kind.noun},
            kept=kept,
            merged=merged,
            fields=[(name, label, a, b, a != b) for name, label, a, b in fields],
            holdings=(holdings(kept), holdings(merged)),
            holdings_examples=self.holdings_examples,
            sources=(list(kept.sources.all()), list(merged.sources.all())),
            clashes=merging.clashes(kept, merged),
            error=error,
        )


def why_people_alike(first, second, organisations, scope):
    """Why two namesakes may be one person, for the clerk: the birth years, the shared organisations
    (those in the user's scope: the name of an organisation outside it is not theirs to read)."""
    reasons = []
    if first.birth_year is None or second.birth_year is None:
        reasons.append(gettext("chưa rõ năm sinh của một người"))
    elif first.birth_year == second.birth_year:
        reasons.append(gettext("cùng năm sinh %(year)s") % {"year": first.birth_year})
    shared = sorted(organisations.get(first.pk, {}).keys() & organisations.get(second.pk, {}).keys())
    if not scope.everything:
        shared = [pk for pk in shared if pk in scope.organisation_ids]
    for pk in shared:
        reasons.append(gettext("cùng ở %(organisation)s") % {"organisation": organisations[first.pk][pk]})
    return "; ".join(reasons)


def why_organisations_alike(first, second):
    """Why two organisations of one name but for diacritics may be one: their parent, their place."""
    if first.parent_id is not None:
        return gettext("cùng trực thuộc %(parent)s") % {"parent": first.parent}
    if first.administrative_unit_id is None or second.administrative_unit_id is None:
        return gettext("chưa rõ địa bàn của một tổ chức")
    return gettext("cùng địa bàn %(unit)s") % {"unit": first.administrative_unit}


class PersonMergingMixin(MergingMixin):
    merge_kind = merging.PEOPLE
    report_rule = _(
        "Những người trùng tên khi bỏ dấu, cùng năm sinh hoặc chưa rõ năm sinh của một người, hoặc cùng "
        "giữ chức vụ trong một tổ chức: có thể là một người được ghi hai lần."
    )
    holdings_examples = _("chức vụ, dự đại hội, phát biểu, ứng cử, …")

    def likely_groups(self, records, after):
        return likely_groups(records, after)

    def likely_pairs(self, request, records, keys):
        pairs, read, organisations = likely_pairs(records, keys, RECORDS_PER_NAME)
        scope = access.scope_of(request.user)
        explained = {}
        for key, found in pairs.items():
            explained[key] = [(a, b, why_people_alike(a, b, organisations, scope)) for a, b in found]
        return explained, {key: len(people) for key, people in read.items()}

    def alike(self, person, people):
        return person_duplicates(person.full_name, person.birth_year, exclude={person.pk}, queryset=people)


class OrganisationMergingMixin(MergingMixin):
    merge_kind = merging.ORGANISATIONS
    report_rule = _(
        "Những tổ chức trùng tên khi bỏ dấu, cùng trực thuộc một tổ chức, hoặc ở cấp cao nhất cùng địa bàn "
        "hay chưa rõ địa bàn: có thể là một tổ chức được ghi hai lần."
    )
    holdings_examples = _("tổ chức trực thuộc, chức vụ, số liệu, văn bản, đại hội, …")

    def likely_groups(self, records, after):
        return likely_organisation_groups(records, after)

    def likely_pairs(self, request, records, keys):
        pairs, read = likely_organisation_pairs(records, keys, RECORDS_PER_NAME)
        explained = {
            key: [(first, second, why_organisations_alike(first, second)) for first, second in found]
            for key, found in pairs.items()
        }
        return explained, {key: len(organisations) for key, organisations in read.items()}

    def alike(self, organisation, organisations):
        return organisation_duplicates(
            organisation.name,
            organisation.parent_id,
            organisation.administrative_unit_id,
            exclude={organisation.pk},
            queryset=organisations,
        )


class RecordMergeAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The merges of two records of one kind, as the system recorded them: read only, each revertible."""

    change_form_template = "admin/records/merging/merge_change_form.html"
    list_display = ["__str__", "kept", "merged_at", "merged_by", "reverted_at"]
    list_select_related = ["kept", "merged_by"]
    search_fields = ["merged_name", "kept_name"]
    fields = [
        "kept",
        "merged_name",
        "merged_uid",
        "reason",
        "merged_at",
        "merged_by",
        "what_moved",
        "values_taken",
        "merged_history",
        "reverted_at",
        "reverted_by",
    ]
    readonly_fields = fields
    show_full_result_count = False

    @property
    def merge_kind(self):
        return merging.kind_of(self.model)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/hoan-tac/",
                self.admin_site.admin_view(self.revert_view),
                name="%s_%s_revert" % info,
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("bản ghi đã chuyển"))
    def what_moved(self, merge):
        rows = []
        for entry in merge.moved:
            try:
                model = apps.get_model(entry["model"])
            except LookupError:
                continue
            count = len(entry["ids"]) + len(entry.get("dropped", ()))
            rows.append((count, merging.kind_name(model, count)))
        return format_html_join("", "<p>{} {}</p>", rows) or gettext("Không có bản ghi nào")

    @admin.display(description=_("giá trị đã lấy của bản ghi đã gộp"))
    def values_taken(self, merge):
        model = self.merge_kind.model
        rows = []
        for name, (before, after) in merge.kept_changes.items():
            field = model._meta.get_field(name)
            label = capfirst(field.verbose_name)
            rows.append((label, self.value_of(field, before), self.value_of(field, after)))
        taken = format_html_join("", "<p>{}: {} → {}</p>", rows)
        sources = len(merge.sources_added)
        return format_html("{}<p>{}</p>", taken, gettext("Nguồn nhận thêm: %(count)s") % {"count": sources})

    @staticmethod
    def value_of(field, value):
        """A value the merge replaced, as stored (a column's), as the clerk reads it."""
        if value in (None, ""):
            return "—"
        if field.is_relation:
            record = field.related_model._base_manager.filter(pk=value).first()
            return record if record is not None else value
        return dict(field.flatchoices).get(value, value) if field.choices else value

    @admin.display(description=_("lịch sử của bản ghi đã gộp"))
    def merged_history(self, merge):
        rows = self.merge_kind.model.history.filter(id=merge.merged_pk).select_related("history_user")
        return format_html_join(
            "",
            "<p>{} · {} · {}</p>",
            (
                (
                    row.history_date.strftime("%d/%m/%Y %H:%M"),
                    row.history_user.get_username() if row.history_user else gettext("Không rõ"),
                    row.history_change_reason or row.get_history_type_display(),
                )
                for row in rows.order_by("history_id")
            ),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        merge = self.get_object(request, object_id)
        may_revert = (
            merge is not None
            and not merge.is_reverted
            and merge.kept is not None
            and request.user.has_perm(self.merge_kind.permission, merge.kept)
        )
        extra_context = {**(extra_context or {}), "may_revert": may_revert}
        return super().change_view(request, object_id, form_url, extra_context)

    @method_decorator(require_POST)
    def revert_view(self, request, object_id):
        merge = get_object_or_404(self.get_queryset(request), pk=object_id)
        if merge.kept is None or not request.user.has_perm(self.merge_kind.permission, merge.kept):
            raise PermissionDenied
        try:
            record = merging.revert(merge=merge, user=request.user, scope=access.scope_of(request.user))
        except merging.MergeRefused as refused:
            messages.error(request, str(refused))
            return HttpResponseRedirect(
                reverse(f"admin:records_{self.opts.model_name}_change", args=[merge.pk])
            )
        message = gettext("Đã hoàn tác: %(record)s có lại trong hồ sơ, với mã định danh cũ.") % {
            "record": record
        }
        if record.records_left_behind:
            message += " " + gettext(
                "%(count)s bản ghi đã chuyển không được trả lại vì đã bị xóa hoặc đổi sang bản ghi khác."
            ) % {"count": record.records_left_behind}
        messages.success(request, message)
        kept_opts = self.merge_kind.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{kept_opts.app_label}_{kept_opts.model_name}_change", args=[record.pk])
        )


@admin.register(PersonMerge)
class PersonMergeAdmin(RecordMergeAdmin):
    """The merges of two people."""


@admin.register(OrganisationMerge)
class OrganisationMergeAdmin(RecordMergeAdmin):
    """The merges of two organisations."""
