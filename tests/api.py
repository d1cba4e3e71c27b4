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


def names_in(document):
    """Every identifier the OpenAPI document writes, as it writes it: schemas and their fields,
    parameters, enum and constant values, types and formats, media types, the security scheme.

    The page shows them as a client's code uses them (`count_kind`, `string | null`, `uy_vien`),
    in Vietnamese descriptions too, so the reader takes them out whole; a label of Swagger UI is
    never one of them ("Code" is not `code`).
    """
    names = set(document["components"]["schemas"]) | set(document["components"]["securitySchemes"])
    for operations in document["paths"].values():
        for operation in operations.values():
            for response in operation["responses"].values():
                names.update(response.get("content", {}))

    for node in objects_in(document):
        if node.get("type") == "object":
            names.update(node.get("properties", {}))
        if "in" in node and "name" in node:
            names.add(node["name"])
        names.update(value for value in node.get("enum", []) if isinstance(value, str))
        names.update(node[key] for key in ("type", "format", "const") if isinstance(node.get(key), str))
    return names


def objects_in(node):
    """Every JSON object of a document, the document's own and those nested in it."""
    if isinstance(node, dict):
        yield node
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return
    for child in children:
        yield from objects_in(child)
