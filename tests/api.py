"""What the tests of the read API share: keys, and requests made with one."""

import datetime

from django.utils import timezone

from records.models import ApiToken

API = "/api/v1"


def issue_key(user, name="Cổng thông tin thử", **fields):
    """A usable key of the user, as the admin makes one; returns (the token row, the key)."""
    key = ApiToken.new_key()
    token = ApiToken(user=user, name=name, expires_at=timezone.now() + datetime.timedelta(days=30), **fields)
    token.set_key(key)
    token.save()
    return token, key


def api_get(client, path, key, params=None):
    """GET an operation of the API with a key (path as in the OpenAPI document, less /api/v1)."""
    return client.get(f"{API}{path}", params or {}, HTTP_AUTHORIZATION=f"Bearer {key}")


def uids(response):
    """The uids of a page's records, as strings."""
    return {item["uid"] for item in response.json()["items"]}
