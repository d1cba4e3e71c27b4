"""The registry's read pages: lists that filter, sort, page and export, and a page per record.

Every page needs a login and the permission to view its kind of record (exporting, the
permission to export it), and shows only the records in the user's scope (records.access): a
record outside it answers 404, like one that does not exist. A list page runs the same number of
queries whatever the number of rows: one COUNT for the total, one SELECT for the page (foreign
keys joined), one more per prefetched relation, and none for filter choices beyond the
provinces; a user with a scope adds the few that read it, once per request.
"""

from dataclasses import dataclass
from itertools import groupby

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from . import access, audit, paging, vietnamese
from .filters import (
    DocumentFilter,
    OrganisationFilter,
    PersonFilter,
    RecordChoiceFilter,
    UnitFilter,
    cleaned_query,
    scoped_filterset,
)
from .models import AdministrativeUnit, LegalDocument, Membership, Organisation, Person
from .models.figures import FigureMetric
from .models.people import MembershipPeriod, MembershipRole
from .paging import RecordPaginator
from .sheets.kinds import get_sheet
from .sheets.services import sheet_export_file

EXPORT_CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class Column:
    """A column of a list page; `ordering` (model fields) makes its header a sort link."""

    key: str
    label: str
    ordering: tuple = ()
    numeric: bool = False


@dataclass(frozen=True)
class Header:
    column: Column
    url: str = ""
    direction: str = ""  # "ascending", "descending" or "" as aria-sort spells them


@dataclass(frozen=True)
class Chip:
    """A filter by one record, shown above the list with a link that removes it."""

    label: str
    value: str
    remove_url: str


class RecordAccessMixin(LoginRequiredMixin):
    """A read page of one kind of record: a login, the permission to view that kind, the records in scope."""

    def record_model(self):
        return self.queryset.model if self.queryset is not None else self.model

    def permission(self, action):
        opts = self.record_model()._meta
        return f"{opts.app_label}.{action}_{opts.model_name}"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission("view")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def scoped(self, queryset):
        return access.scoped(queryset, self.request.user)

    def export_format(self, request):
        """The format `?export=` asks for ("" for the page itself): 404 if unknown, 403 without the right."""
        file_format = request.GET.get("export", "")
        if file_format and file_format not in EXPORT_CONTENT_TYPES:
            raise Http404(_("Không có định dạng xuất “%(format)s”.") % {"format": file_format})
        if file_format and not request.user.has_perm(self.permission("export")):
            raise PermissionDenied
        return file_format


class RecordListView(RecordAccessMixin, ListView):
    """A list page built on a FilterSet, with sorting by column headers, pages and export.

    Invalid filter values show the form's errors over an empty list, never the unfiltered one.
    A filter naming a record outside the user's scope is an invalid value.
    """

    filterset_class = None
    columns = []
    default_sort = ""
    paginate_by = 50
    # Counts without reading a large table and reads a page by its ids first (records.paging).
    paginator_class = RecordPaginator
    # The sheet kind of records.sheets that exports this list and imports it back.
    export_kind = ""

    def get(self, request, *args, **kwargs):
        file_format = self.export_format(request)
        self.object_list = self.get_queryset()
        if file_format and self.filterset.is_valid():
            return self.export_response(self.object_list, file_format)
        return self.render_to_response(self.get_context_data())

    def get_queryset(self):
        self.filterset = scoped_filterset(
            self.filterset_class, self.request.GET, super().get_queryset(), self.request
        )
        if not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def export_response(self, queryset, file_format):
        """The filtered, sorted rows as a spreadsheet, through the Resource the import uses,
        so the file imports back unchanged."""
        exported = sheet_export_file(kind=self.export_kind, queryset=queryset, file_format=file_format)
        audit.log_export(self.request, exported.rows)
        file_name = get_sheet(self.export_kind).export_file_name(file_format)
        return HttpResponse(
            exported.content,
            content_type=EXPORT_CONTENT_TYPES[file_format],
            headers={"Content-Disposition": content_disposition_header(True, file_name)},
        )

    @property
    def sort(self):
        """The requested sort ("name", "-name"), or the default when it names no sortable column."""
        requested = self.request.GET.get("sort", "")
        sortable = {column.key for column in self.columns if column.ordering}
        return requested if requested.removeprefix("-") in sortable else self.default_sort

    def get_ordering(self):
        key = self.sort.removeprefix("-")
        column = next(column for column in self.columns if column.key == key)
        descending = self.sort.startswith("-")
        # Unknown values sort last both ways; the primary key makes the order total, so a
        # row never appears on two pages.
        return [
            F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
            for name in column.ordering
        ] + ["-pk" if descending else "pk"]

    def url_with(self, **changes):
        """This page's address with some parameters changed (None removes one) and the page reset."""
        query = self.request.GET.copy()
        query.pop("page", None)
        for name, value in changes.items():
            if value is None:
                query.pop(name, None)
            else:
                query[name] = value
        return f"?{query.urlencode()}"

    def headers(self):
        current = self.sort
        for column in self.columns:
            if not column.ordering:
                yield Header(column)
            elif current == column.key:
                yield Header(column, self.url_with(sort=f"-{column.key}"), "ascending")
            elif current == f"-{column.key}":
                yield Header(column, self.url_with(sort=column.key), "descending")
            else:
                yield Header(column, self.url_with(sort=column.key))

    def chips(self):
        cleaned = getattr(self.filterset.form, "cleaned_data", {})
        for name, filter_ in self.filterset.filters.items():
            if isinstance(filter_, RecordChoiceFilter) and cleaned.get(name):
                yield Chip(filter_.label, str(cleaned[name]), self.url_with(**{name: None}))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=capfirst(self.object_list.model._meta.verbose_name_plural),
            filterset=self.filterset,
            headers=list(self.headers()),
            chips=list(self.chips()),
            sort=self.sort,
            total=context["paginator"].count,
            row_count=context["paginator"].row_count,
            export_formats=list(EXPORT_CONTENT_TYPES),
        )
        return context


class RecordDetailView(RecordAccessMixin, DetailView):
    """A record's page, addressed by its uid, which stays the same across backups and restores.

    What the page lists about the record (posts, congresses, children) is held to the scope too.
    """

    slug_field = "uid"
    slug_url_kwarg = "uid"

    def get_queryset(self):
        return self.scoped(super().get_queryset())


# People ####################################################################


class PersonListView(RecordListView):
    queryset = Person.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.current().select_related("organisation"),
            to_attr="current_posts",
        )
    )
    filterset_class = PersonFilter
    export_kind = "people"
    # Official name lists are in the order of given names.
    default_sort = "name"
    columns = [
        Column("name", _("Họ và tên"), ("sort_key",)),
        Column("birth_year", _("Năm sinh"), ("birth_year",), numeric=True),
        Column("gender", _("Giới tính"), ("gender",)),
        Column("posts", _("Chức vụ hiện nay")),
    ]


class PersonDetailView(RecordDetailView):
    queryset = Person.objects.prefetch_related("sources")

    def get_context_data(self, **kwargs):
        # Whether a post is held is the database's answer (MembershipQuerySet), as in the filters.
        posts = list(
            self.scoped(self.object.memberships.with_period().select_related("organisation")).order_by(
                F("end_on").desc(nulls_first=True), F("start_on").desc(nulls_last=True), "pk"
            )
        )
        by_period = {period: [] for period in MembershipPeriod.values}
        for post in posts:
            by_period[post.period].append(post)
        return super().get_context_data(
            future_posts=by_period[MembershipPeriod.FUTURE],
            current_posts=by_period[MembershipPeriod.CURRENT],
            past_posts=by_period[MembershipPeriod.PAST],
            **kwargs,
        )


# Organisations #############################################################


class OrganisationListView(RecordListView):
    queryset = Organisation.objects.select_related("parent", "administrative_unit").with_recorded_members()
    filterset_class = OrganisationFilter
    export_kind = "organisations"
    default_sort = "name"
    columns = [
        Column("name", _("Tên"), ("search_key",)),
        Column("kind", _("Loại"), ("kind",)),
        Column("parent", _("Trực thuộc"), ("parent__search_key",)),
        Column("unit", _("Địa bàn"), ("administrative_unit__search_key",)),
        Column("seats", _("Đã ghi nhận / số thành viên"), ("recorded",), numeric=True),
    ]


@dataclass(frozen=True)
class RoleGroup:
    label: str
    posts: list


class OrganisationDetailView(RecordDetailView):
    queryset = Organisation.objects.select_related("parent", "administrative_unit").prefetch_related(
        "sources"
    )

    def get_context_data(self, **kwargs):
        organisation = self.object
        members = list(
            organisation.memberships.current().select_related("person").order_by("person__sort_key", "pk")
        )
        scope = access.scope_of(self.request.user)
        return super().get_context_data(
            ancestors=[ancestor for ancestor in reversed(organisation.ancestors()) if scope.covers(ancestor)],
            children=self.scoped(organisation.children.with_recorded_members()).order_by("search_key", "pk"),
            member_groups=group_by_role(members),
            recorded=len({post.person_id for post in members}),
            figures=organisation.figures.with_conflicts().select_related("source"),
            **kwargs,
        )


def group_by_role(posts):
    """Posts grouped by role, in the order of the roles' list (Bí thư first)."""
    order = {role: index for index, role in enumerate(MembershipRole.values)}
    posts = sorted(posts, key=lambda post: order[post.role])
    return [
        RoleGroup(MembershipRole(role).label, list(group))
        for role, group in groupby(posts, key=lambda post: post.role)
    ]


# Administrative units ######################################################


class UnitListView(RecordListView):
    queryset = AdministrativeUnit.objects.select_related("parent")
    filterset_class = UnitFilter
    export_kind = "units"
    default_sort = "name"
    columns = [
        Column("name", _("Tên"), ("search_key", "register")),
        Column("code", _("Mã"), ("code", "register")),
        Column("kind", _("Loại"), ("kind",)),
        Column("parent", _("Trực thuộc"), ("parent__search_key",)),
        Column("register", _("Danh mục"), ("register",)),
        Column("valid_from", _("Hiệu lực từ"), ("valid_from",)),
        Column("valid_until", _("Hiệu lực đến"), ("valid_until",)),
    ]


class UnitDetailView(RecordDetailView):
    queryset = AdministrativeUnit.objects.select_related("parent__parent", "established_by").prefetch_related(
        "sources"
    )
    # A province has a hundred wards; the page shows the first ones and links to the list.
    children_shown = 50

    def get_context_data(self, **kwargs):
        unit = self.object
        children = self.scoped(unit.children.all()).order_by("search_key", "pk")
        return super().get_context_data(
            children=children[: self.children_shown],
            children_count=children.count(),
            predecessions=self.scoped(
                unit.predecessions.select_related("predecessor", "legal_basis")
            ).order_by("-portion", "predecessor__search_key", "pk"),
            successions=self.scoped(unit.successions.select_related("successor", "legal_basis")),
            organisations=self.scoped(unit.organisations.all()).order_by("search_key", "pk"),
            figure_table=FigureTable(unit.figures.with_conflicts().select_related("source")),
            **kwargs,
        )


class FigureTable:
    """Figures by metric, one column per source, so disagreeing sources stand side by side."""

    def __init__(self, figures):
        figures = list(figures)
        self.sources = list({figure.source_id: figure.source for figure in figures}.values())
        self.rows = []
        for metric in FigureMetric:
            # A source gives one figure per metric of a unit (a database constraint).
            by_source = {figure.source_id: figure for figure in figures if figure.metric == metric}
            if by_source:
                self.rows.append(
                    {
                        "label": metric.label,
                        "cells": [by_source.get(source.pk) for source in self.sources],
                        "conflict": any(figure.has_conflict for figure in by_source.values()),
                    }
                )

    def __bool__(self):
        return bool(self.rows)


# Documents #################################################################


class DocumentListView(RecordListView):
    queryset = LegalDocument.objects.select_related("issuer")
    filterset_class = DocumentFilter
    export_kind = "documents"
    default_sort = "-issued_on"
    columns = [
        Column("symbol", _("Số ký hiệu"), ("symbol_key",)),
        Column("document_type", _("Loại"), ("document_type",)),
        Column("issuer", _("Cơ quan ban hành"), ("issuer__search_key",)),
        Column("issued_on", _("Ngày ban hành"), ("issued_on", "year")),
        Column("summary", _("Trích yếu"), ("summary",)),
    ]


class DocumentDetailView(RecordDetailView):
    queryset = LegalDocument.objects.select_related("issuer").prefetch_related("sources")

    def get_context_data(self, **kwargs):
        document = self.object
        return super().get_context_data(
            parsed=document.parsed_symbol(),
            established_units=self.scoped(document.established_units.all()).order_by("search_key", "pk"),
            successions=self.scoped(document.successions.select_related("predecessor", "successor")),
            **kwargs,
        )


# Search across the registry ################################################


class SearchView(LoginRequiredMixin, TemplateView):
    """One box for people, organisations, units and documents; each section links to its full list.

    People and organisations are found by the starts of the words of their names (records.search)
    and a section shows the first ten in the order of the words found (“nguyen van an…” before
    “nguyen van binh…”): that order is the index's own, so ten are read however many match, where
    the name order of the full list would sort every match. For a user who sees part of the
    records, whose matches the index cannot pick out, they come in the list's order
    (records.paging.first_rows). Units are found the same way, the current register first and
    each with its register, since most 2025 wards bear an older one's name; documents by their
    symbol or summary. Apps above the registry add their sections (`sections()`).
    """

    template_name = "records/search.html"
    shown = 10

    def get_context_data(self, **kwargs):
        text = cleaned_query(self.request.GET).get("q", "").strip()
        sections = self.sections(text) if vietnamese.search_key(text) else []
        return super().get_context_data(q=text, sections=sections, **kwargs)

    def sections(self, text):
        """The sections the text finds, in the order shown."""
        return [
            self.section(_("Người"), "person-list", Person.objects.search(text)),
            self.section(
                _("Tổ chức"),
                "organisation-list",
                Organisation.objects.search(text).select_related("parent"),
            ),
            self.section(
                _("Đơn vị hành chính"),
                "unit-list",
                AdministrativeUnit.objects.search(text)
                .select_related("parent")
                .order_by("register", "search_key", "pk"),
                name=lambda unit: unit.name_with_register,
            ),
            self.section(
                _("Văn bản"),
                "document-list",
                LegalDocument.objects.search(text).select_related("issuer"),
            ),
        ]

    def section(self, title, list_url_name, queryset, name=str):
        """A section: the first rows the queryset finds, each shown as `name` gives it."""
        # One row more than shown says whether the full list has more.
        rows = paging.first_rows(access.scoped(queryset, self.request.user), self.shown + 1)
        return {
            "title": title,
            "list_url_name": list_url_name,
            "rows": rows[: self.shown],
            "entries": [(row, name(row)) for row in rows[: self.shown]],
            "more": len(rows) > self.shown,
        }
