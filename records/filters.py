"""FilterSets for the registry's list pages; the same FilterSet filters a page and its export.

A filter never offers a whole table as a dropdown: choices are fixed lists (kinds, roles), the
provinces (a hundred rows at most), or one record named by its uid, which arrives from a link on
a record page and is shown above the list as a chip that removes it.

A list page's address is typed, pasted and forged: every FilterSet, and the admin's changelists
(records.changelists), read it through `cleaned_query()`, and every filter validates its value
(integers in range, dates that exist, choices it offers), so that a bad value is a form error
over an empty list, never a 500.
"""

import django_filters
from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from . import access, vietnamese
from .models import AdministrativeUnit, Figure, LegalDocument, Membership, Organisation, Person
from .models.documents import DocumentType
from .models.figures import FigureMetric
from .models.organisations import OrganisationKind
from .models.people import MembershipPeriod, MembershipRole, PersonGender
from .models.units import UnitKind, UnitRegister


# No filter needs a longer value; a search reads even less of its text (records.search).
MAX_VALUE_LENGTH = 500


def cleaned_query(data):
    """A page's parameters as a filter may read them: without NUL characters, which PostgreSQL
    cannot hold in a text and refuses with an error, and each value cut to MAX_VALUE_LENGTH."""

    def clean(text):
        return text.replace("\x00", "")[:MAX_VALUE_LENGTH]

    cleaned = QueryDict(mutable=True)
    for key, values in data.lists() if hasattr(data, "lists") else data.items():
        values = list(values) if isinstance(values, (list, tuple)) else [values]
        cleaned.setlist(clean(key), [clean(value) if isinstance(value, str) else value for value in values])
    cleaned._mutable = False
    return cleaned


class Validity(models.TextChoices):
    CURRENT = "current", _("Đang có hiệu lực")
    ENDED = "ended", _("Đã hết hiệu lực")


def choice_filter(choices, **kwargs):
    return django_filters.ChoiceFilter(choices=choices, empty_label=_("Tất cả"), **kwargs)


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


class RecordChoiceFilter(django_filters.ModelChoiceFilter):
    """One record, named by its uid in the address and carried by the form as a hidden field.

    Validating it reads the one row named, never the table.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "uid")
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)


class WithinOrganisationFilter(RecordChoiceFilter):
    """Records of an organisation or of any organisation below it; `path` leads to the organisation."""

    def __init__(self, *args, path="pk", **kwargs):
        self.path = path
        kwargs.setdefault("queryset", Organisation.objects.all())
        kwargs.setdefault("label", _("Thuộc tổ chức (kể cả cấp dưới)"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(**{f"{self.path}__in": Organisation.objects.subtree([value]).values("id")})


def within_unit(unit, path=""):
    """A unit and every unit below it: the tree is at most three levels deep (province, district, ward)."""
    prefix = f"{path}__" if path else ""
    return (
        Q(**{f"{prefix}pk": unit.pk})
        | Q(**{f"{prefix}parent": unit.pk})
        | Q(**{f"{prefix}parent__parent": unit.pk})
    )


class UnitSubtreeMixin:
    """Filters on a unit and everything below it; `path` leads to the unit ("" for units themselves)."""

    def __init__(self, *args, path="", **kwargs):
        self.path = path
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.filter(within_unit(value, self.path))


class WithinUnitFilter(UnitSubtreeMixin, RecordChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", AdministrativeUnit.objects.all())
        kwargs.setdefault("label", _("Thuộc đơn vị (kể cả cấp dưới)"))
        super().__init__(*args, **kwargs)


class ProvinceChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, unit):
        if unit.register == UnitRegister.CURRENT:
            return unit.name
        return _("%(name)s (trước 2025)") % {"name": unit.name}


class ProvinceFilter(UnitSubtreeMixin, django_filters.ModelChoiceFilter):
    """A dropdown of the provinces and centrally-run cities only, old and new."""

    field_class = ProvinceChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "queryset",
            AdministrativeUnit.objects.filter(kind__in=AdministrativeUnit.PROVINCE_KINDS).order_by(
                "register", "search_key", "id"
            ),
        )
        kwargs.setdefault("label", _("Tỉnh, thành phố"))
        kwargs.setdefault("empty_label", _("Tất cả"))
        super().__init__(*args, **kwargs)


class CleanFilterSet(django_filters.FilterSet):
    """A FilterSet reading its parameters through cleaned_query()."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(None if data is None else cleaned_query(data), *args, **kwargs)


class SearchFilterSet(CleanFilterSet):
    """`?q=` answered by the model's QuerySet.search(), the search the admin and the search page use.

    Keys hold no diacritics, so none are needed. People and organisations are found by the starts
    of the words of their names, through the index of records.search (whose docstring says what
    matches); units by code or name; other records by any part of their keys.
    """

    q = django_filters.CharFilter(label=_("Tìm"), method="search")

    def search(self, queryset, name, value):
        return queryset.search(value)


def scoped_filterset(filterset_class, data, queryset, request):
    """A FilterSet over the records of a queryset in the user's scope, whose filters by one record
    accept only records in scope too: a filter naming a record outside it is an invalid value,
    as one naming a record that does not exist. What the list pages and the API filter with."""
    filterset = filterset_class(data, queryset=access.scoped(queryset, request.user), request=request)
    for name, filter_ in filterset.filters.items():
        if isinstance(filter_, RecordChoiceFilter):
            field = filterset.form.fields[name]
            field.queryset = access.scoped(field.queryset, request.user)
    return filterset


class PersonFilter(SearchFilterSet):
    organisation = RecordChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Có chức vụ trong tổ chức (kể cả cấp dưới)")
    )
    role = choice_filter(MembershipRole.choices, label=_("Chức vụ"))
    held = choice_filter(MembershipPeriod.choices, label=_("Đảm nhiệm"))
    gender = choice_filter(PersonGender.choices, label=_("Giới tính"))

    # Together these describe one post ("the current Bí thư of X"), so they are applied as
    # one condition on a membership, not one by one on the person.
    POST_FILTERS = ("organisation", "role", "held")

    class Meta:
        model = Person
        fields = ["q", "organisation", "role", "held", "gender"]

    def filter_queryset(self, queryset):
        # Only posts the user sees explain why a person is listed (or exported) under a filter.
        posts = Membership.objects.filter(person=OuterRef("pk"))
        if self.request is not None:
            posts = access.scoped(posts, self.request.user)
        data = self.form.cleaned_data
        for name, value in data.items():
            if name not in self.POST_FILTERS:
                queryset = self.filters[name].filter(queryset, value)
        if not any(data[name] for name in self.POST_FILTERS):
            return queryset
        if data["organisation"]:
            posts = posts.filter(
                organisation__in=Organisation.objects.subtree([data["organisation"]]).values("id")
            )
        if data["role"]:
            posts = posts.filter(role=data["role"])
        if data["held"]:
            posts = posts.in_period(data["held"])
        return queryset.filter(Exists(posts))


class OrganisationFilter(SearchFilterSet):
    kind = choice_filter(OrganisationKind.choices, label=_("Loại tổ chức"))
    within = WithinOrganisationFilter()
    province = ProvinceFilter(path="administrative_unit")

    class Meta:
        model = Organisation
        fields = ["q", "kind", "province", "within"]


class UnitFilter(SearchFilterSet):
    kind = choice_filter(UnitKind.choices, label=_("Loại đơn vị"))
    register = choice_filter(UnitRegister.choices, label=_("Danh mục"))
    validity = choice_filter(Validity.choices, label=_("Hiệu lực"), method="filter_validity")
    province = ProvinceFilter()
    within = WithinUnitFilter()

    class Meta:
        model = AdministrativeUnit
        fields = ["q", "kind", "register", "validity", "province", "within"]

    def filter_validity(self, queryset, name, value):
        if value == Validity.CURRENT:
            return queryset.current()
        return queryset.filter(valid_until__isnull=False)


class DocumentFilter(SearchFilterSet):
    document_type = choice_filter(DocumentType.choices, label=_("Loại văn bản"))
    issuer = django_filters.CharFilter(
        label=_("Cơ quan ban hành"),
        method="filter_issuer",
        help_text=_("Tên hoặc ký hiệu, ví dụ “thanh uy” hoặc “UBTVQH15”."),
    )
    year = YearFilter(label=_("Năm ban hành"), method="filter_year")

    class Meta:
        model = LegalDocument
        fields = ["q", "document_type", "issuer", "year"]

    def filter_issuer(self, queryset, name, value):
        key = vietnamese.search_key(value)
        if not key:
            return queryset
        return queryset.filter(Q(issuer__search_key__contains=key) | Q(issuer_code__iexact=value.strip()))

    def filter_year(self, queryset, name, value):
        # A document whose date is not known is still dated by the year in its symbol.
        return queryset.filter(Q(issued_on__year=value) | Q(issued_on__isnull=True, year=value))


# Lists the API gives that have no page of their own ########################


class MembershipFilter(CleanFilterSet):
    """Posts: of a person, in an organisation or below it, by role, held or not (MembershipQuerySet)."""

    person = RecordChoiceFilter(queryset=Person.objects.all(), label=_("Người"))
    organisation = WithinOrganisationFilter(path="organisation")
    role = choice_filter(MembershipRole.choices, label=_("Chức vụ"))
    held = choice_filter(MembershipPeriod.choices, label=_("Đảm nhiệm"), method="filter_held")

    class Meta:
        model = Membership
        fields = ["person", "organisation", "role", "held"]

    def filter_held(self, queryset, name, value):
        return queryset.in_period(value)


class FigureFilter(CleanFilterSet):
    """Figures by metric, about a unit (and the units below it) or an organisation (and those below it)."""

    metric = choice_filter(FigureMetric.choices, label=_("Chỉ số"))
    unit = WithinUnitFilter(path="administrative_unit")
    organisation = WithinOrganisationFilter(path="organisation")

    class Meta:
        model = Figure
        fields = ["metric", "unit", "organisation"]
