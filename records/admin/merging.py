"""The admin's pages of possible duplicates already on record, and of merging two people into one.

* `trung-lap/` of the people's list: the likely pairs across the register, a page of names at a
  time (records.duplicates.likely_groups: one grouped query on the search key's index, then the
  page's people and their posts), each pair with a link to merge it.
* `<id>/gop/`, "Gộp với…" on a person's page: the person's possible duplicates, and a search.
* `gop/<kept>/<merged>/`: both people side by side, a choice of value for each field, what each
  holds, and any clash that refuses the merge; confirming runs records.merging.person_merge.
* The merges themselves (PersonMergeAdmin): read only, each with what moved and the merged-away
  person's history, and a button that reverts it.

Every page is held to the user's scope; merging and reverting take records.merge_person (the
Quản lý role, records 0013) of both people.
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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from records import access, merging
from records.duplicates import likely_groups, likely_pairs, person_duplicates
from records.models import Person, PersonMerge

from .base import ReadOnlyAdminMixin
from .scoping import ScopedAdminMixin

# Names (search keys) a page of the report lists; people read and pairs shown of each name.
NAMES_PER_PAGE = 25
PEOPLE_PER_NAME = 20
PAIRS_PER_NAME = 10
# The report's parameter: the page starts after this name (a search key).
AFTER = "sau"
# People a search on the "Gộp với…" page lists.
FOUND_PER_SEARCH = 20


def why_alike(first, second, organisations, scope):
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


def holdings(person):
    """What a person's records hold, kind by kind: ("2", "chức vụ đảm nhiệm"), for the side-by-side page."""
    counted = []
    for relation in merging.person_relations():
        count = relation.model._base_manager.filter(**{relation.field.name: person.pk}).count()
        if count:
            counted.append((count, merging.counted_kind(relation.model, count)))
    return counted


class PersonMergingMixin:
    """For the people's admin: the report of possible duplicates and the pages that merge two people."""

    import_export_change_list_template = "admin/records/person/change_list_merging.html"

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
        # A person merged away comes back by reverting the merge, which moves its records back too.
        merged = PersonMerge.objects.filter(reverted_at__isnull=True).values("merged_person_id")
        return super().deleted_records(request).exclude(id__in=merged)

    def has_merge_permission(self, request, obj=None):
        return request.user.has_perm("records.merge_person", obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_merge_permission": self.has_merge_permission(request)}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "has_merge_permission": self.has_merge_permission(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def page(self, request, template, title, **context):
        request.current_app = self.admin_site.name
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **context}
        return TemplateResponse(request, f"admin/records/person/{template}", context)

    def person_in_scope(self, request, object_id):
        person = self.get_object(request, str(object_id))
        if person is None:
            raise Http404(gettext("Không có người này trong phạm vi hồ sơ của bạn."))
        return person

    def duplicates_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # Paged by the last name of the page before (records.duplicates.likely_groups).
        after = request.GET.get(AFTER, "")[:200]
        people = self.get_queryset(request)
        groups = list(likely_groups(people, after)[: NAMES_PER_PAGE + 1])
        has_next = len(groups) > NAMES_PER_PAGE
        groups = groups[:NAMES_PER_PAGE]
        scope = access.scope_of(request.user)
        keys = [group["search_key"] for group in groups]
        pairs, read, organisations = likely_pairs(people, keys, PEOPLE_PER_NAME)
        for group in groups:
            found = pairs.get(group["search_key"], [])
            group["pairs"] = [
                (first, second, why_alike(first, second, organisations, scope))
                for first, second in found[:PAIRS_PER_NAME]
            ]
            group["more_pairs"] = len(found) - len(group["pairs"])
            group["read"] = len(read.get(group["search_key"], []))
        return self.page(
            request,
            "duplicates.html",
            gettext("Người có thể trùng nhau"),
            groups=groups,
            after=after,
            next_after=groups[-1]["search_key"] if has_next else "",
            has_merge_permission=self.has_merge_permission(request),
            people_per_name=PEOPLE_PER_NAME,
        )

    def merge_with_view(self, request, object_id):
        person = self.person_in_scope(request, object_id)
        if not self.has_merge_permission(request, person):
            raise PermissionDenied
        people = self.get_queryset(request)
        alike = person_duplicates(
            person.full_name, person.birth_year, exclude={person.pk}, queryset=people
        )
        text = request.GET.get("q", "").strip()
        found = list(people.search(text).exclude(pk=person.pk)[:FOUND_PER_SEARCH]) if text else []
        return self.page(
            request,
            "merge_with.html",
            gettext("Gộp %(person)s với một người khác") % {"person": person},
            person=person,
            alike=alike,
            found=found,
            text=text,
        )

    def merge_view(self, request, kept_id, merged_id):
        kept = self.person_in_scope(request, kept_id)
        merged = self.person_in_scope(request, merged_id)
        if not (self.has_merge_permission(request, kept) and self.has_merge_permission(request, merged)):
            raise PermissionDenied
        if kept.pk == merged.pk:
            raise Http404(gettext("Hãy chọn hai người khác nhau để gộp."))
        error = ""
        if request.method == "POST":
            take = [name for name in merging.CHOSEN_FIELDS if request.POST.get(name) == "merged"]
            try:
                merge = merging.person_merge(
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
                        reverse("admin:records_personmerge_change", args=[merge.pk]),
                        gettext("Xem hoặc hoàn tác lần gộp này"),
                    ),
                )
                return HttpResponseRedirect(reverse("admin:records_person_change", args=[kept.pk]))
        fields = [
            (name, Person._meta.get_field(name).verbose_name, getattr(kept, name), getattr(merged, name))
            for name in merging.CHOSEN_FIELDS
        ]
        return self.page(
            request,
            "merge.html",
            gettext("Gộp hai người thành một"),
            kept=kept,
            merged=merged,
            fields=[(name, label, a, b, a != b) for name, label, a, b in fields],
            holdings=(holdings(kept), holdings(merged)),
            sources=(list(kept.sources.all()), list(merged.sources.all())),
            clashes=merging.clashes(kept, merged),
            error=error,
        )


@admin.register(PersonMerge)
class PersonMergeAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The merges of two people, as the system recorded them: read only, each revertible."""

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
        return format_html_join(
            "",
            "<p>{} {}</p>",
            (
                (len(entry["ids"]), merging.counted_kind(self.model_of(entry), len(entry["ids"])))
                for entry in merge.moved
                if self.model_of(entry) is not None
            ),
        ) or gettext("Không có bản ghi nào")

    @staticmethod
    def model_of(entry):
        try:
            return apps.get_model(entry["model"])
        except LookupError:
            return None

    @admin.display(description=_("giá trị đã lấy của người đã gộp"))
    def values_taken(self, merge):
        rows = [
            (Person._meta.get_field(name).verbose_name, before if before not in (None, "") else "—", after)
            for name, (before, after) in merge.kept_changes.items()
        ]
        taken = format_html_join("", "<p>{}: {} → {}</p>", rows)
        sources = len(merge.sources_added)
        return format_html(
            "{}<p>{}</p>", taken, gettext("Nguồn nhận thêm: %(count)s") % {"count": sources}
        )

    @admin.display(description=_("lịch sử của người đã gộp"))
    def merged_history(self, merge):
        rows = Person.history.filter(id=merge.merged_person_id).select_related("history_user")
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
            and request.user.has_perm("records.merge_person", merge.kept)
        )
        extra_context = {**(extra_context or {}), "may_revert": may_revert}
        return super().change_view(request, object_id, form_url, extra_context)

    @method_decorator(require_POST)
    def revert_view(self, request, object_id):
        merge = get_object_or_404(self.get_queryset(request), pk=object_id)
        if merge.kept is None or not request.user.has_perm("records.merge_person", merge.kept):
            raise PermissionDenied
        try:
            person = merging.person_merge_revert(
                merge=merge, user=request.user, scope=access.scope_of(request.user)
            )
        except merging.MergeRefused as refused:
            messages.error(request, str(refused))
            return HttpResponseRedirect(reverse("admin:records_personmerge_change", args=[merge.pk]))
        message = gettext("Đã hoàn tác: %(person)s có lại trong hồ sơ, với mã định danh cũ.") % {
            "person": person
        }
        if person.records_left_behind:
            message += " " + gettext(
                "%(count)s bản ghi đã chuyển không được trả lại vì đã bị xóa hoặc đổi sang người khác."
            ) % {"count": person.records_left_behind}
        messages.success(request, message)
        return HttpResponseRedirect(reverse("admin:records_person_change", args=[person.pk]))
