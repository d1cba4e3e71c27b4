"""The registry's records in the API: people, organisations, units, posts, documents, figures.

`registry_router()` gives the operations; the app that assembles the API (congress.api) mounts
them, and may give the people's list the filters its own page uses (what congresses decided
about them), which the registry cannot know.
"""

from django.db.models import Prefetch
from ninja import Router

from records.filters import (
    DocumentFilter,
    FigureFilter,
    MembershipFilter,
    OrganisationFilter,
    PersonFilter,
    UnitFilter,
)
from records.models import (
    AdministrativeUnit,
    Figure,
    LegalDocument,
    Membership,
    Organisation,
    Person,
    Source,
)

from .listing import Listing, add_listing
from .schemas import DocumentOut, FigureOut, MembershipOut, OrganisationOut, PersonOut, UnitOut


def with_sources(queryset):
    """The records and the sources each cites, in one query more per page."""
    return queryset.prefetch_related(Prefetch("sources", queryset=Source.objects.order_by("pk")))


def registry_listings(person_filter=PersonFilter):
    return [
        Listing("people", with_sources(Person.objects.all()), person_filter, PersonOut, "Người"),
        Listing(
            "organisations",
            with_sources(Organisation.objects.select_related("parent", "administrative_unit")),
            OrganisationFilter,
            OrganisationOut,
            "Tổ chức",
        ),
        Listing(
            "units",
            with_sources(AdministrativeUnit.objects.select_related("parent", "established_by")),
            UnitFilter,
            UnitOut,
            "Đơn vị hành chính",
        ),
        Listing(
            "memberships",
            with_sources(Membership.objects.select_related("person", "organisation")),
            MembershipFilter,
            MembershipOut,
            "Chức vụ đảm nhiệm",
        ),
        Listing(
            "documents",
            with_sources(LegalDocument.objects.select_related("issuer")),
            DocumentFilter,
            DocumentOut,
            "Văn bản",
        ),
        Listing(
            "figures",
            Figure.objects.select_related("administrative_unit", "organisation", "source"),
            FigureFilter,
            FigureOut,
            "Số liệu",
        ),
    ]


def registry_router(person_filter=PersonFilter):
    router = Router()
    for listing in registry_listings(person_filter):
        add_listing(router, listing)
    return router
