import datetime
import hashlib
import math
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from congress.models import (
    AppointedPost,
    AppointmentDecision,
    Attendance,
    AttendanceRole,
    Candidate,
    Congress,
    CongressBody,
    CongressBodyMember,
    CredentialsReport,
    Election,
    Indicator,
    IndicatorStatus,
    Speech,
    Task,
)
from congress.tooling.synthetic.plan import AS_OF
from records.models import LegalDocument, Membership, Organisation, Person, Source
from records.models.organisations import OrganisationKind
from records.models.people import MembershipRole
from tests.module_records import kept_for_the_module

pytestmark = pytest.mark.django_db

HAI_PHONG = "31"
THIEN_HUONG = "11557"
GENERATED_MODELS = [
    Organisation,
    Person,
    Membership,
    LegalDocument,
    Congress,
    Attendance,
    Speech,
    Indicator,
    Task,
    Election,
    Candidate,
    AppointmentDecision,
    AppointedPost,
    CongressBody,
    CongressBodyMember,
    CredentialsReport,
]
SMALL = ["--people", "300", "--communes", "3", "--province", HAI_PHONG, "--seed", "7"]


def generate(*args):
    out = StringIO()
    call_command("generate_data", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """One small generated province for the module's tests, which read it; its summary as printed.

    Written once (tests/module_records.py); what generate_data does to an empty database, or one
    holding other records, is in test_generate_data_empty.py."""
    yield from kept_for_the_module(django_db_blocker, lambda: generate(*SMALL))


def digest():
    """A fingerprint of every generated row, ids included, in id order."""
    hasher = hashlib.sha256()
    for model in [*GENERATED_MODELS, Source]:
        tables = [model, *(m2m.remote_field.through for m2m in model._meta.local_many_to_many)]
        for table in tables:
            fields = [f.attname for f in table._meta.concrete_fields if f.name != "recorded_at"]
            for row in table.objects.order_by("pk").values_list(*fields):
                hasher.update(repr(row).encode())
    return hasher.hexdigest()


def test_summary_counts_every_model_in_vietnamese(generated):
    assert "Dữ liệu giả lập, seed 7: 300 người ở 3 xã, phường" in generated
    assert "  người: 300\n" in generated
    assert f"  đại hội: {Congress.objects.count()}\n" in generated
    assert f"  chức vụ đảm nhiệm: {Membership.objects.count()}\n" in generated
    assert f"  cuộc bầu cử: {Election.objects.count()}\n" in generated
    assert f"  báo cáo thẩm tra tư cách đại biểu: {CredentialsReport.objects.count()}\n" in generated
    assert "Xong sau" in generated


def test_every_person_is_a_member_of_exactly_one_party_cell(generated):
    cell_members = (
        Membership.objects.current(on=AS_OF)
        .filter(role=MembershipRole.MEMBER, organisation__kind=OrganisationKind.PARTY_CELL)
        .values("person")
        .annotate(cells=Count("organisation"))
    )

    assert Person.objects.count() == 300
    assert {row["person"] for row in cell_members} == set(Person.objects.values_list("id", flat=True))
    assert {row["cells"] for row in cell_members} == {1}


def test_executive_committees_are_filled_to_80_to_100_percent_of_their_seats(generated):
    committees = Organisation.objects.filter(kind=OrganisationKind.EXECUTIVE_COMMITTEE, dissolved_on=None)

    assert committees.count() == 3
    for committee in committees:
        current = committee.memberships.current()
        assert 15 <= committee.seat_count <= 35
        assert math.ceil(committee.seat_count * 0.8) <= committee.seats_filled() <= committee.seat_count
        assert current.filter(role=MembershipRole.SECRETARY).count() == 1
        assert current.filter(role=MembershipRole.DEPUTY_SECRETARY).count() >= 1
        assert current.filter(role=MembershipRole.STANDING_MEMBER).exists()


def test_councils_and_peoples_committees_have_one_chair_each(generated):
    for kind in (OrganisationKind.PEOPLES_COUNCIL, OrganisationKind.PEOPLES_COMMITTEE):
        for organisation in Organisation.objects.filter(kind=kind):
            assert organisation.memberships.current().filter(role=MembershipRole.CHAIR).count() == 1


def test_past_posts_have_end_dates_and_reasons(generated):
    past = Membership.objects.past(on=AS_OF + datetime.timedelta(days=1))

    assert past.exists()
    assert not past.filter(end_reason="").exists()
    assert past.filter(organisation__dissolved_on__isnull=False).exists()  # the pre-2025 committees


def test_congress_counts_agree_with_the_records(generated):
    congresses = Congress.objects.filter(term_start=2025)

    assert congresses.count() == 3
    for congress in congresses:
        cells = Organisation.objects.filter(parent=congress.organisation, kind=OrganisationKind.PARTY_CELL)
        members = set(
            Membership.objects.current(on=AS_OF)
            .filter(organisation__in=cells, role=MembershipRole.MEMBER)
            .values_list("person", flat=True)
        )
        delegates = congress.attendances.filter(role__in=[AttendanceRole.PRESIDIUM, AttendanceRole.DELEGATE])
        assert congress.ordinal == 1 and congress.term_end == 2030
        assert congress.members_represented == len(members)
        assert congress.organisations_represented == cells.count()
        assert delegates.count() <= congress.delegate_count <= congress.members_represented
        assert set(delegates.values_list("person", flat=True)) <= members
        assert congress.attendances.filter(role=AttendanceRole.DIRECTING).count() == 1
        assert congress.attendances.filter(role=AttendanceRole.PRESIDIUM).exists()
        assert congress.executive_committee.parent == congress.organisation
        assert congress.resolution.issuer == congress.organisation
        assert 3 <= congress.speeches.count() <= 8
        assert 6 <= congress.indicators.count() <= 12
        assert 3 <= congress.tasks.count() <= 10


def test_pre_2025_communes_have_their_2020_2025_congress(generated):
    earlier = Congress.objects.filter(term_start=2020)

    assert earlier.exists()
    for congress in earlier:
        assert congress.organisation.administrative_unit.register == "pre2025"
        assert congress.organisation.dissolved_on is not None
        assert congress.delegate_count <= congress.members_represented


def test_results_and_tasks_come_in_every_kind(generated):
    for status in (IndicatorStatus.EXCEEDED, IndicatorStatus.MET, IndicatorStatus.NOT_MET):
        assert Indicator.objects.having_status(status).exists()
    assert Indicator.objects.filter(target=None).exclude(result="").exists()
    assert Indicator.objects.filter(direction="lower").exists()
    assert Task.objects.six_clear().exists()
    assert Task.objects.not_six_clear().exists()
    assert Task.objects.overdue().exists()


def test_keys_are_what_save_computes(generated):
    people = list(Person.objects.order_by("id")[::7])
    fields = ["full_name", "family_name", "middle_name", "given_name", "name_key", "search_key", "sort_key"]
    stored = [[getattr(person, name) for name in fields] for person in people]

    for person in people:
        person.save()

    assert [
        [getattr(p, name) for name in fields]
        for p in Person.objects.filter(pk__in=[p.pk for p in people]).order_by("id")
    ] == stored
    for model in GENERATED_MODELS:
        for record in model.objects.order_by("id")[::11]:
            before = {f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields}
            record.normalise()
            assert {f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields} == before


def test_constraints_hold_for_a_sample_of_every_model(generated):
    # bulk_create skips full_clean(), so the rows are checked here.
    for model in GENERATED_MODELS:
        sample = model.objects.order_by("id")[::13]
        assert sample
        for record in sample:
            record.full_clean()


def test_every_record_cites_the_generated_source_and_writes_no_history(generated):
    source = Source.objects.get(title="Dữ liệu giả lập (generate_data, seed 7)")

    assert source.kind == "manual"
    for model in GENERATED_MODELS:
        assert model.objects.filter(sources=source).count() == model.objects.count() > 0
        assert model.history.count() == 0


def test_a_database_with_generated_data_is_refused(generated):
    counts = [model.objects.count() for model in GENERATED_MODELS]

    with pytest.raises(CommandError, match="đã có dữ liệu giả lập .* 300 người"):
        generate(*SMALL)

    assert [model.objects.count() for model in GENERATED_MODELS] == counts
