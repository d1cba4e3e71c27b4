import pytest
from django.core.management import call_command


@pytest.fixture
def article(db):
    """The records of the seed article, as `make run` loads them."""
    call_command("loaddata", "thien_huong_2025", verbosity=0)
