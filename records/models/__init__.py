"""The registry: where facts came from, places, organisations, people and documents."""

from .access import AccessEvent, AccessLog, AccessScope
from .base import Record, RecordQuerySet, SourcedRecord
from .documents import LegalDocument
from .figures import Figure
from .imports import SheetPreview, SheetProgress
from .merges import OrganisationMerge, PersonMerge, RecordMerge
from .organisations import Organisation
from .people import Membership, Person
from .sources import Source
from .tokens import ApiToken
from .units import AdministrativeUnit, UnitSuccession

__all__ = [
    "AccessEvent",
    "AccessLog",
    "AccessScope",
    "AdministrativeUnit",
    "ApiToken",
    "Figure",
    "LegalDocument",
    "Membership",
    "Organisation",
    "OrganisationMerge",
    "Person",
    "PersonMerge",
    "Record",
    "RecordMerge",
    "RecordQuerySet",
    "SheetPreview",
    "SheetProgress",
    "Source",
    "SourcedRecord",
    "UnitSuccession",
]
