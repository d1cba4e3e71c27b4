"""Congresses and what they produced in the API: each with its sources, held to the user's scope.

A congress's list gives the congresses; one congress (`/congresses/{uid}`) gives who attended it
too, which may be a thousand delegates. Elections come with their candidates, appointment
decisions with the posts they fill: rows that only mean something with their parent.
"""

from django.db.models import F, Prefetch
from ninja import Router

from records.api.listing import Listing, add_listing
from records.api.registry import with_sources

from ..filters import (
    AppointmentFilter,
    CongressFilter,
    ElectionFilter,
    IndicatorFilter,
    SpeechFilter,
    TaskFilter,
)
from ..models import (
    AppointedPost,
    AppointmentDecision,
    Attendance,
    Candidate,
    Congress,
    Election,
    Indicator,
    Speech,
    Task,
)
from .schemas import (
    AppointmentOut,
    CongressDetailOut,
    CongressOut,
    ElectionOut,
    IndicatorOut,
    SpeechOut,
    TaskOut,
)

CONGRESSES = with_sources(
    Congress.objects.select_related("organisation", "directing_body", "executive_committee", "resolution")
)


def congress_listings():
    attendances = with_sources(Attendance.objects.select_related("person", "organisation")).order_by(
        "role", "person__sort_key", "pk"
    )
    candidates = with_sources(Candidate.objects.select_related("person")).order_by(
        F("votes").desc(nulls_last=True), "person__sort_key", "pk"
    )
    posts = with_sources(AppointedPost.objects.select_related("person")).order_by("role", "pk")
    return [
        Listing(
            "congresses",
            CONGRESSES,
            CongressFilter,
            CongressOut,
            "Đại hội",
            detail=CongressDetailOut,
            detail_queryset=CONGRESSES.prefetch_related(Prefetch("attendances", queryset=attendances)),
        ),
        Listing(
            "speeches",
            with_sources(Speech.objects.select_related("congress__organisation", "speaker")).prefetch_related(
                "cited_documents"
            ),
            SpeechFilter,
            SpeechOut,
            "Bài phát biểu",
        ),
        Listing(
            "indicators",
            with_sources(Indicator.objects.select_related("congress__organisation")),
            IndicatorFilter,
            IndicatorOut,
            "Chỉ tiêu",
        ),
        Listing(
            "tasks",
            with_sources(
                Task.objects.select_related(
                    "congress__organisation",
                    "resolution",
                    "owner",
                    "responsible_organisation",
                    "approving_authority",
                )
            ),
            TaskFilter,
            TaskOut,
            "Nhiệm vụ",
        ),
        Listing(
            "elections",
            with_sources(
                Election.objects.select_related("congress__organisation", "body", "approval_decision")
            ).prefetch_related(Prefetch("candidates", queryset=candidates)),
            ElectionFilter,
            ElectionOut,
            "Bầu cử",
        ),
        Listing(
            "appointments",
            with_sources(
                AppointmentDecision.objects.select_related(
                    "document", "organisation", "congress__organisation"
                )
            ).prefetch_related(Prefetch("posts", queryset=posts)),
            AppointmentFilter,
            AppointmentOut,
            "Chỉ định",
        ),
    ]


def congress_router():
    router = Router()
    for listing in congress_listings():
        add_listing(router, listing)
    return router
