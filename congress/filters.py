"""FilterSets for the congress list pages; the same FilterSet filters a page and its export."""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from records import access
from records.filters import (
    CleanFilterSet,
    PersonFilter,
    ProvinceFilter,
    RecordChoiceFilter,
    SearchFilterSet,
    WithinOrganisationFilter,
    choice_filter,
)

from records.models import Membership
from records.models.people import MembershipRole

from . import committees
from .models import (
    AppointmentDecision,
    Congress,
    Election,
    Indicator,
    IndicatorDirection,
    IndicatorStatus,
    Speech,
    SpeechKind,
    Task,
    TaskStatus,
)

TERM_RE = re.compile(r"([0-9]{4})(?:\s*[-–—]\s*([0-9]{4}))?")


class TermField(forms.CharField):
    """A term as people write it, "2025–2030", "2025-2030" or just its first year "2025"."""

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        match = TERM_RE.fullmatch(text)
        if match is None or (match[2] and int(match[2]) <= int(match[1])):
            raise ValidationError(
                _("Không đọc được nhiệm kỳ “%(value)s”: viết như 2025–2030 hoặc 2025."),
                code="invalid",
                params={"value": text},
            )
        return int(match[1]), int(match[2]) if match[2] else None


class TermFilter(django_filters.Filter):
    """Congresses, or what a congress produced, by its term; `path` leads to the congress."""

    field_class = TermField

    def __init__(self, *args, path="", **kwargs):
        self.prefix = f"{path}__" if path else ""
        kwargs.setdefault("label", _("Nhiệm kỳ"))
        kwargs.setdefault("help_text", _("Ví dụ 2025–2030."))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        start, end = value
        qs = qs.filter(**{f"{self.prefix}term_start": start})
        return qs.filter(**{f"{self.prefix}term_end": end}) if end else qs


class SixClear(models.TextChoices):
    YES = "yes", _("Đủ 6 rõ")
    NO = "no", _("Chưa đủ 6 rõ")


class Deadline(models.TextChoices):
    OVERDUE = "overdue", _("Quá hạn")
    NOT_OVERDUE = "not_overdue", _("Chưa quá hạn")


class CongressFilter(SearchFilterSet):
    term = TermFilter()
    province = ProvinceFilter(path="organisation__administrative_unit")
    organisation = WithinOrganisationFilter(path="organisation")

    class Meta:
        model = Congress
        fields = ["q", "term", "province", "organisation"]


class CongressPartFilter(SearchFilterSet):
    """What every list of a congress's parts offers: the congress, its term, its place."""

    congress = RecordChoiceFilter(
        queryset=Congress.objects.select_related("organisation"), label=_("Đại hội")
    )
    term = TermFilter(path="congress")
    province = ProvinceFilter(path="congress__organisation__administrative_unit")
    organisation = WithinOrganisationFilter(
        path="congress__organisation", label=_("Đại hội của tổ chức (kể cả cấp dưới)")
    )


class ElectionFilter(CongressPartFilter):
    """Elections (the API's list; they have no page of their own) by their congress and the role elected."""

    # An election has no text to search: its congress is searched by the congresses' list.
    q = None
    role = choice_filter(MembershipRole.choices, label=_("Chức vụ được bầu"))
    body = WithinOrganisationFilter(path="body", label=_("Cơ quan được bầu (kể cả cấp dưới)"))

    class Meta:
        model = Election
        fields = ["role", "body", "term", "province", "organisation", "congress"]


class AppointmentFilter(CleanFilterSet):
    """Appointment decisions (the API's list) by the organisation appointed to and its congress."""

    congress = RecordChoiceFilter(
        queryset=Congress.objects.select_related("organisation"), label=_("Đại hội")
    )
    organisation = WithinOrganisationFilter(
        path="organisation", label=_("Cơ quan được chỉ định (kể cả cấp dưới)")
    )
    province = ProvinceFilter(path="organisation__administrative_unit")

    class Meta:
        model = AppointmentDecision
        fields = ["congress", "organisation", "province"]


class SpeechFilter(CongressPartFilter):
    kind = choice_filter(SpeechKind.choices, label=_("Loại phát biểu"))

    class Meta:
        model = Speech
        fields = ["q", "kind", "term", "province", "organisation", "congress"]


class IndicatorFilter(CongressPartFilter):
    status = choice_filter(IndicatorStatus.choices, label=_("Đánh giá"), method="filter_status")
    direction = choice_filter(IndicatorDirection.choices, label=_("Chiều"))

    class Meta:
        model = Indicator
        fields = ["q", "status", "direction", "term", "province", "organisation", "congress"]

    def filter_status(self, queryset, name, value):
        return queryset.having_status(value)


class TaskFilter(CongressPartFilter):
    status = choice_filter(TaskStatus.choices, label=_("Trạng thái"))
    six_clear = choice_filter(SixClear.choices, label=_("6 rõ"), method="filter_six_clear")
    deadline = choice_filter(Deadline.choices, label=_("Thời hạn"), method="filter_deadline")

    class Meta:
        model = Task
        fields = ["q", "status", "six_clear", "deadline", "term", "province", "organisation", "congress"]

    def filter_six_clear(self, queryset, name, value):
        return queryset.six_clear() if value == SixClear.YES else queryset.not_six_clear()

    def filter_deadline(self, queryset, name, value):
        overdue = queryset.overdue()
        if value == Deadline.OVERDUE:
            return overdue
        return queryset.exclude(pk__in=overdue.values("pk"))


# People ####################################################################


class Route(models.TextChoices):
    ELECTED = "elected", _("Trúng cử tại đại hội")
    APPOINTED = "appointed", _("Được chỉ định")


class Term(models.TextChoices):
    # “Lần đầu” is not offered: it is a post's answer, and one person can be first time in one
    # term and re-elected in the next.
    REELECTED = "reelected", _("Tái cử")


class CongressPersonFilter(PersonFilter):
    """The registry's people filter, and what congresses decided about them.

    Elected: a candidate an election made a member (its tally checked, not a draft: the post
    congress.services wrote). Appointed: named in an appointment decision that gave them the post.
    Re-elected: as the congress page's make-up derives it (congress.committees), for a post in any
    congress's committee. Only posts the user sees count, as for the other filters.
    """

    route = choice_filter(Route.choices, label=_("Vào cấp ủy"), method="filter_route")
    term = choice_filter(Term.choices, label=_("Tái cử"), method="filter_term")

    class Meta(PersonFilter.Meta):
        fields = [*PersonFilter.Meta.fields, "route", "term"]

    def posts(self):
        posts = Membership.objects.filter(person=OuterRef("pk"))
        return posts if self.request is None else access.scoped(posts, self.request.user)

    def filter_route(self, queryset, name, value):
        link = "candidacy" if value == Route.ELECTED else "appointment"
        return queryset.filter(Exists(self.posts().filter(**{f"{link}__isnull": False})))

    def filter_term(self, queryset, name, value):
        return queryset.filter(Exists(committees.reelected_posts(self.posts())))
