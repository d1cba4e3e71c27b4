"""The registry's records as the API gives them, each with the sources it cites.

A record is named by its uid, which stays the same across backups and restores; the records it
names (a parent, an organisation, an issuer) come as a `Ref`, their uid and name. A choice is
given by its code, the OpenAPI document listing the codes and their Vietnamese labels. Numbers
measured or planned (a figure's value) are JSON numbers.
"""

import datetime
import uuid
import warnings
from typing import Literal

from django.db import models
from ninja import Field, Schema

from records.models.documents import DocumentType
from records.models.figures import FigureMetric
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole, PersonGender
from records.models.sources import SourceKind
from records.models.units import UnitKind, UnitRegister


def choice(choices: type[models.TextChoices], *, blank=False):
    """The codes of a TextChoices as a Literal type ("" too when the field may be blank)."""
    values = tuple(choices.values) + (("",) if blank else ())
    return Literal[values]


def choice_field(choices, description_suffix=""):
    """A required field whose description lists the codes and their labels."""
    labels = "; ".join(f"{value} = {label}" for value, label in choices.choices)
    return Field(..., description=labels + description_suffix)


# A schema's docstring is its description in the API's document, which Vietnamese staff read on
# the documentation page: those below are written in Vietnamese.


class Ref(Schema):
    """Một bản ghi khác được nhắc tới: mã định danh (uid) và tên như các trang ghi."""

    uid: uuid.UUID
    name: str

    @staticmethod
    def resolve_name(record):
        return str(record)


class SourceOut(Schema):
    """Nguồn của các thông tin trong bản ghi."""

    uid: uuid.UUID
    kind: choice(SourceKind) = choice_field(SourceKind)
    title: str
    url: str
    publisher: str
    author: str
    published_on: datetime.date | None
    retrieved_on: datetime.date | None
    file_name: str
    checksum: str


class SourcedOut(Schema):
    """What every record the API gives has: its uid, its sources and the clerks' note."""

    uid: uuid.UUID
    sources: list[SourceOut]
    note: str


# A field named "register" shadows ABCMeta.register, which no schema calls; pydantic warns of it.
SHADOWED_REGISTER = 'Field name "register"'

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=SHADOWED_REGISTER, category=UserWarning)

    class UnitOut(SourcedOut):
        code: str
        name: str
        kind: choice(UnitKind) = choice_field(UnitKind)
        register: choice(UnitRegister) = choice_field(UnitRegister)
        parent: Ref | None
        valid_from: datetime.date | None
        valid_until: datetime.date | None
        established_by: Ref | None


class OrganisationOut(SourcedOut):
    name: str
    short_name: str
    kind: choice(OrganisationKind) = choice_field(OrganisationKind)
    parent: Ref | None
    administrative_unit: Ref | None
    seat_count: int | None
    founded_on: datetime.date | None
    dissolved_on: datetime.date | None


class PersonOut(SourcedOut):
    full_name: str
    family_name: str
    middle_name: str
    given_name: str
    birth_year: int | None
    gender: choice(PersonGender, blank=True) = choice_field(PersonGender)


class MembershipOut(SourcedOut):
    person: Ref
    organisation: Ref
    role: choice(MembershipRole) = choice_field(MembershipRole)
    title: str
    start_on: datetime.date | None
    end_on: datetime.date | None
    start_reason: str
    end_reason: str


class DocumentOut(SourcedOut):
    symbol: str
    number: str
    year: int | None
    document_type: choice(DocumentType) = choice_field(DocumentType)
    issuer: Ref | None
    issuer_code: str
    issued_on: datetime.date | None
    summary: str
    url: str


class FigureOut(Schema):
    """Một số liệu trích đúng một nguồn, trả về trong `sources` (danh sách một phần tử) như mọi bản ghi."""

    uid: uuid.UUID
    metric: choice(FigureMetric) = choice_field(FigureMetric)
    value: float
    unit: str
    as_of: datetime.date | None
    administrative_unit: Ref | None
    organisation: Ref | None
    sources: list[SourceOut]

    @staticmethod
    def resolve_unit(figure):
        return str(figure.unit)

    @staticmethod
    def resolve_sources(figure):
        return [figure.source]
