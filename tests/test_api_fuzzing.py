"""schemathesis runs every operation of the read API with generated inputs (issue 17, item 5).

The API is called in this process through its WSGI application, over the seed article and an
election and an appointment beside it, with the key of a viewer given the ward's party
organisation: every answer must be no server error, with a status code, a content type and a body
that the OpenAPI document declares. Inputs that fit the document (positive) and inputs that do
not (negative, which must be refused with a declared error); each operation that reads one record
is also asked for a record that exists. A fixed number of examples per operation keeps the run
to about 20 seconds of a core per database.
"""

import hypothesis
import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from congress.api.congresses import congress_listings
from congress.models import Congress
from records import access
from records.api.registry import registry_listings
from records.models import AccessScope
from tests.api import API, issue_key
from tests.congress.factories import (
    AppointedPostFactory,
    AppointmentDecisionFactory,
    CandidateFactory,
    ElectionFactory,
)

pytestmark = pytest.mark.django_db

EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 6}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def in_process_wsgi():
    """Django's WSGI application, run inside the test's transaction: as Django's test client does,
    no request closes the database connection when it ends."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def seeded_viewer(django_user_model):
    """The article, an election and an appointment at its congress; a viewer of the ward's records."""
    congress = Congress.objects.select_related("organisation", "executive_committee").get()
    election = ElectionFactory(congress=congress, body=congress.executive_committee)
    CandidateFactory(election=election)
    decision = AppointmentDecisionFactory(organisation=congress.organisation, congress=congress)
    AppointedPostFactory(decision=decision)
    viewer = django_user_model.objects.create_user("ban-doc", password="not-used")
    viewer.groups.add(Group.objects.get(name=access.VIEWER))
    AccessScope.objects.create(user=viewer).organisations.add(congress.organisation)
    return viewer


def existing_uids(viewer):
    """For each operation that reads one record, by its path, the uid of one the viewer sees."""
    return {
        f"/{listing.path}/{{uid}}": str(access.scoped(listing.queryset, viewer).values("uid")[0]["uid"])
        for listing in [*registry_listings(), *congress_listings()]
    }


def run_operation(operation, key, mode, **fixed):
    headers = {"Authorization": f"Bearer {key}"}

    @hypothesis.given(case=operation.as_strategy(generation_mode=mode, **fixed))
    @hypothesis.settings(
        max_examples=EXAMPLES[mode] if not fixed else 1,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_every_operation_answers_as_its_schema_says_whatever_it_is_asked(
    article, django_user_model, in_process_wsgi, settings
):
    settings.API_READS_PER_MINUTE = 1_000_000
    viewer = seeded_viewer(django_user_model)
    key = issue_key(viewer)[1]
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", in_process_wsgi)
    uids = existing_uids(viewer)

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 25
    for operation in operations:
        for mode in EXAMPLES:
            run_operation(operation, key, mode)
        uid = uids.get(operation.path.removeprefix(API))
        if uid is not None:
            run_operation(operation, key, GenerationMode.POSITIVE, path_parameters={"uid": uid})
