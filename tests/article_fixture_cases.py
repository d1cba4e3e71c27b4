"""The seed article's fixture, its text and its units, shared by the tests of the fixture."""

import functools
import json
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from records.models import AdministrativeUnit


FIXTURE = Path(settings.FIXTURE_DIRS[0]) / "thien_huong_2025.json"
SEED_COPY = Path(settings.FIXTURE_DIRS[0]) / "sources" / "thien-huong-congress-article.txt"
ARTICLE_URL = (
    "https://thuonghieucongluan.com.vn/"
    "dai-hoi-dang-bo-phuong-thien-huong-lan-thu-i-nhiem-ky-2025-2030-a275735.html"
)
NAMESPACE = uuid.UUID("6c1f3c52-8d8e-4f0e-9a55-2f1d1b0c3e11")
REGISTER_UID = str(uuid.uuid5(NAMESPACE, "source:vietnam-provinces"))
ARTICLE_UID = str(uuid.uuid5(NAMESPACE, "thien-huong-2025:source:article"))
APPS = ("records", "congress")


@functools.cache
def _read(path):
    return path.read_text(encoding="utf-8")


def article_text():
    """The seed article, kept in fixtures/ beside its records; CI checks it is the shared seed file."""
    return _read(SEED_COPY)


@pytest.fixture(scope="module")
def fixture_objects():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def official(register, code):
    return AdministrativeUnit.objects.get(uid=AdministrativeUnit.official_uid(register, code))
