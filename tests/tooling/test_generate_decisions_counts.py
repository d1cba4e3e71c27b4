"""How much generate_data decides grows with the number of people (synthetic/decisions.py).

Apart from test_generate_decisions.py, whose tests share one generated province for the module:
this test commits and flushes, twice.
"""

import pytest
from django.core.management import call_command

from congress.models import AppointedPost, Candidate, CongressBody, CongressBodyMember, CredentialsReport, Election
from tests.tooling.test_generate_decisions import DECISION_MODELS, HAI_PHONG, generate


def counts():
    return {model: model.objects.count() for model in DECISION_MODELS if model is not AppointedPost}


@pytest.mark.django_db(transaction=True)
def test_counts_grow_with_the_number_of_people():
    # One commune for every 1,800 people: 2, then 6 communes.
    call_command("flush", interactive=False, verbosity=0)
    generate("--people", "3600", "--province", HAI_PHONG, "--seed", "2")
    small = counts()
    call_command("flush", interactive=False, verbosity=0)
    generate("--people", "10800", "--province", HAI_PHONG, "--seed", "2")
    large = counts()

    # Per congress: a report, four bodies of some twenty people, and one to six elections (the
    # delegation's; with an elected committee, its rounds and its leaders' too).
    for communes, found in ((2, small), (6, large)):
        assert found[CredentialsReport] == communes
        assert found[CongressBody] == 4 * communes
        assert communes <= found[Election] <= 6 * communes
        assert found[Election] < found[Candidate] <= 60 * communes
    assert 2.5 <= large[CongressBodyMember] / small[CongressBodyMember] <= 3.5
