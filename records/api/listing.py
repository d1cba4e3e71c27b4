"""The two operations of every kind of record: its list and one record by uid.

`add_listing(router, Listing(...))` adds both for one kind. Each asks what the read pages ask
(records.views.RecordAccessMixin): the permission to view the kind (403 without it), the records
in the user's scope only (a record outside it is 404, like one that does not exist), filtered and
searched by the list page's FilterSet (records.api.parameters), a page at a time
(records.api.paging). Every answer with records is logged in the access log, as an export is,
with the rows it gave (records.audit.log_api_read); a record asked for and not found, with none.

A page costs the same queries whatever its rows: the key and its user, the permissions, the
scope, the filters' records, the count, the page, one per prefetched relation, the log's row.
"""

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from ninja import Query, Router, Schema

from records import access, audit

from .errors import ERROR_RESPONSES, NOT_FOUND
from .paging import PageParameters, page_of, page_schema
from .parameters import filter_schema, filtered


@dataclass(frozen=True)
class Listing:
    """One kind of record in the API: `/path` (its list) and `/path/{uid}` (one record)."""

    path: str
    queryset: QuerySet
    filterset: type
    item: type[Schema]
    # The tag grouping the two operations in the documentation.
    tag: str
    # One record may be given with more than a list's row holds (a congress, with who attended).
    detail: type[Schema] | None = None
    detail_queryset: QuerySet | None = None

    @property
    def model(self):
        return self.queryset.model

    @property
    def name(self):
        """The word operation ids and schema names are made of ("people")."""
        return self.path.replace("-", "_")


def require_view(request, model):
    opts = model._meta
    if not request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        raise PermissionDenied


def add_listing(router: Router, listing: Listing):
    model = listing.model
    plural = str(model._meta.verbose_name_plural)
    singular = str(model._meta.verbose_name)
    filters_class = filter_schema(listing.filterset, f"{listing.item.__name__.removesuffix('Out')}Filters")
    detail = listing.detail or listing.item
    detail_queryset = listing.detail_queryset if listing.detail_queryset is not None else listing.queryset

    @router.get(
        f"/{listing.path}",
        response={200: page_schema(listing.item), **ERROR_RESPONSES},
        operation_id=f"{listing.name}_list",
        url_name=f"{listing.name}-list",
        summary=f"Danh sách {plural}",
        description=f"Các {plural} trong phạm vi của người dùng của mã, lọc và tìm như trang danh sách.",
        tags=[listing.tag],
    )
    def list_records(request, filters: Query[filters_class], paging: Query[PageParameters]):
        require_view(request, model)
        page = page_of(filtered(listing.filterset, listing.queryset, request), request, paging)
        audit.log_api_read(request, len(page["items"]))
        return page

    @router.get(
        f"/{listing.path}/{{uid}}",
        response={200: detail, **ERROR_RESPONSES},
        operation_id=f"{listing.name}_read",
        url_name=f"{listing.name}-detail",
        summary=f"Một {singular}",
        description=f"Một {singular} theo mã định danh uid; 404 nếu không có hoặc nằm ngoài phạm vi.",
        tags=[listing.tag],
    )
    def read_record(request, uid: uuid.UUID):
        require_view(request, model)
        record = access.scoped(detail_queryset.filter(uid=uid), request.user).first()
        audit.log_api_read(request, 0 if record is None else 1)
        if record is None:
            raise Http404(NOT_FOUND)
        return record
