"""`/api/v1/popolo.json`: the records the key's user may see as one Popolo document
(congress.popolo, which docs/popolo.md describes), streamed as it is written.

It holds people, organisations, posts, congresses and speeches, so it needs the permission to
view each of those kinds. Logged in the access log as any read, once the document is sent, with
the number of objects it held.
"""

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from ninja import Field, Router, Schema

from records import audit
from records.api.errors import ERROR_RESPONSES

from ..popolo import popolo_json

NEEDED = [
    "records.view_person",
    "records.view_organisation",
    "records.view_membership",
    "congress.view_congress",
    "congress.view_speech",
]


class PopoloOut(Schema):
    # Its docstring is its description in the API's document (Vietnamese, as the others): Popolo's
    # lists, each object as docs/popolo.md says (Popolo's own schemas).
    """Các danh sách theo chuẩn Popolo; mỗi đối tượng theo lược đồ tương ứng của Popolo."""

    persons: list[dict] = Field(..., description="Người: các đối tượng `Person` của Popolo")
    organizations: list[dict] = Field(..., description="Tổ chức: các đối tượng `Organization` của Popolo")
    memberships: list[dict] = Field(..., description="Chức vụ: các đối tượng `Membership` của Popolo")
    events: list[dict] = Field(..., description="Đại hội: các đối tượng `Event` của Popolo")
    speeches: list[dict] = Field(..., description="Bài phát biểu: các đối tượng `Speech` của Popolo")


def logged_when_sent(pieces, request, counts):
    yield from pieces
    audit.log_api_read(request, sum(counts.values()))


def popolo_router():
    router = Router()

    @router.get(
        "/popolo.json",
        response={200: PopoloOut, **ERROR_RESPONSES},
        operation_id="popolo",
        url_name="popolo",
        summary="Hồ sơ theo chuẩn Popolo",
        description="Người, tổ chức, chức vụ, đại hội và bài phát biểu trong phạm vi của người dùng "
        "của mã, một tài liệu JSON theo chuẩn Popolo.",
        tags=["Popolo"],
    )
    def popolo(request):
        if not request.user.has_perms(NEEDED):
            raise PermissionDenied
        counts = {}
        pieces = popolo_json(request.user, counts=counts)
        return StreamingHttpResponse(
            logged_when_sent(pieces, request, counts), content_type="application/json; charset=utf-8"
        )

    return router
