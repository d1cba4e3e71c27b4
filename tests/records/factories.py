"""Factories for the registry's records.

Each factory builds the smallest valid record: required fields only, optional ones left
empty, so a test states every value it relies on. Names and numbers are Vietnamese in
form but made up (numbered places, invented people); none of them stands for a real fact.
"""

import datetime
import hashlib
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from records import merging
from records.models import (
    AdministrativeUnit,
    ApiToken,
    Figure,
    LegalDocument,
    Membership,
    Organisation,
    Person,
    OrganisationMerge,
    PersonMerge,
    Source,
    UnitSuccession,
)
from records.models.documents import DocumentType
from records.models.figures import FigureMetric
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole
from records.models.sources import SourceKind
from records.models.units import SuccessionPortion, UnitKind, UnitRegister

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương"]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
GIVEN_NAMES = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hạnh",
    "Lan",
    "Phúc",
    "Thủy",
    "Tuấn",
    "Yến",
    "Khoa",
    "Ánh",
]


def _made_up_name(n):
    # Coprime list lengths (11, 8, 13) give 1,144 different names before one repeats.
    return " ".join(
        (
            FAMILY_NAMES[n % len(FAMILY_NAMES)],
            MIDDLE_NAMES[n % len(MIDDLE_NAMES)],
            GIVEN_NAMES[n % len(GIVEN_NAMES)],
        )
    )


class SourceFactory(DjangoModelFactory):
    """A clerk's manual entry; traits `article` and `spreadsheet` for the other common kinds."""

    class Meta:
        model = Source

    kind = SourceKind.MANUAL
    title = factory.Sequence(lambda n: f"Ghi chép của Văn phòng Đảng ủy số {n + 1}")

    class Params:
        article = factory.Trait(
            kind=SourceKind.ARTICLE,
            title=factory.Sequence(lambda n: f"Đại hội Đảng bộ phường Tân Hòa {n + 1} thành công tốt đẹp"),
            url=factory.Sequence(lambda n: f"https://example.com/tin-tuc/dai-hoi-{n + 1}.html"),
            publisher="Báo điện tử mẫu",
        )
        spreadsheet = factory.Trait(
            kind=SourceKind.SPREADSHEET,
            file_name=factory.Sequence(lambda n: f"danh-sach-{n + 1}.xlsx"),
            checksum=factory.LazyAttribute(lambda o: hashlib.sha256(o.file_name.encode()).hexdigest()),
        )


class AdministrativeUnitFactory(DjangoModelFactory):
    """A ward of the 2025 list, with a made-up five-digit code and no parent."""

    class Meta:
        model = AdministrativeUnit

    register = UnitRegister.CURRENT
    code = factory.Sequence(lambda n: f"{90001 + n}")
    name = factory.Sequence(lambda n: f"Phường Tân Hòa {n + 1}")
    kind = UnitKind.WARD


class UnitSuccessionFactory(DjangoModelFactory):
    """A pre-2025 ward merged whole into a 2025 ward."""

    class Meta:
        model = UnitSuccession

    predecessor = factory.SubFactory(
        AdministrativeUnitFactory,
        register=UnitRegister.LEGACY,
        name=factory.Sequence(lambda n: f"Phường Hòa Bình {n + 1}"),
    )
    successor = factory.SubFactory(AdministrativeUnitFactory)
    portion = SuccessionPortion.WHOLE


class OrganisationFactory(DjangoModelFactory):
    """A party organisation at the top of its own tree, tied to no place."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Đảng bộ phường Tân Hòa {n + 1}")
    kind = OrganisationKind.PARTY_ORGANISATION


class PersonFactory(DjangoModelFactory):
    """A person with an invented three-part name; the parts and keys are derived on save."""

    class Meta:
        model = Person

    full_name = factory.Sequence(_made_up_name)


class MembershipFactory(DjangoModelFactory):
    """An open-ended seat as an ordinary member (ủy viên)."""

    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.EXECUTIVE_COMMITTEE)
    role = MembershipRole.MEMBER
    title = "Ủy viên Ban Chấp hành"


class LegalDocumentFactory(DjangoModelFactory):
    """A resolution of a party committee, party form symbol ("12-NQ/ĐU"), no linked issuer."""

    class Meta:
        model = LegalDocument

    document_type = DocumentType.RESOLUTION
    symbol = factory.Sequence(lambda n: f"{n + 1}-NQ/ĐU")
    summary = factory.Sequence(
        lambda n: f"Về lãnh đạo thực hiện nhiệm vụ chính trị năm 2025 (văn bản {n + 1})"
    )
    issued_on = datetime.date(2025, 7, 1)


class FigureFactory(DjangoModelFactory):
    """One source's population figure for a ward, with no as-of date."""

    class Meta:
        model = Figure

    metric = FigureMetric.POPULATION
    value = Decimal("12345")
    administrative_unit = factory.SubFactory(AdministrativeUnitFactory)
    source = factory.SubFactory(SourceFactory)


class PersonMergeFactory(factory.Factory):
    """A person merged into another, as records.merging merges them (the merge it records)."""

    class Meta:
        model = PersonMerge

    kept = factory.SubFactory(PersonFactory)
    merged = factory.SubFactory(PersonFactory)

    @classmethod
    def _create(cls, model_class, kept, merged, **kwargs):
        return merging.merge(kept=kept, merged=merged, **kwargs)


class OrganisationMergeFactory(PersonMergeFactory):
    """An organisation merged into another, as records.merging merges them."""

    class Meta:
        model = OrganisationMerge

    kept = factory.SubFactory(OrganisationFactory)
    merged = factory.SubFactory(OrganisationFactory)



class UserFactory(DjangoModelFactory):
    """A user with no role and no organisation."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"nguoi-dung-{n + 1}")


class ApiTokenFactory(DjangoModelFactory):
    """A portal's API key, for a user of its own, expiring in 90 days; the key itself is made up."""

    class Meta:
        model = ApiToken

    name = factory.Sequence(lambda n: f"Cổng thông tin số {n + 1}")
    user = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=90))

    @classmethod
    def _create(cls, model_class, **kwargs):
        token = model_class(**kwargs)
        token.set_key(ApiToken.new_key())
        token.save()
        return token
