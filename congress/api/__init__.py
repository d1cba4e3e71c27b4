"""The read API, `/api/v1/` (issue 17): the registry's records and the congresses', one NinjaAPI.

Assembled here, above both apps: the registry's operations (records.api.registry) with the people's
list filtered as its page is (what congresses decided about them, congress.filters), the
congresses' (congress.api.congresses), and the Popolo document (congress.api.popolo). Every
operation needs a key (records.api.auth), is throttled per key (records.api.throttling) and
answers errors in Vietnamese (records.api.errors); the OpenAPI document is
`/api/v1/openapi.json`, the interactive documentation `/api/v1/docs` (staff only). What a client needs to know: docs/api.md.
"""

from ninja import NinjaAPI

from records.api.auth import KeyAuth
from records.api.docs import StaffSwagger
from records.api.errors import describe_responses, install_handlers
from records.api.registry import registry_router
from records.api.throttling import KeyThrottle

from ..filters import CongressPersonFilter
from .congresses import congress_router
from .popolo import popolo_router

DESCRIPTION = """Hồ sơ các kỳ Đại hội Đảng bộ: người, tổ chức, đơn vị hành chính, chức vụ, văn bản,
số liệu, đại hội và người dự, bài phát biểu, chỉ tiêu, nhiệm vụ, bầu cử và chỉ định, mỗi bản ghi
kèm nguồn của nó.

Mỗi yêu cầu gửi mã truy cập API trong tiêu đề `Authorization: Bearer <mã>`; mã do người quản lý
tạo trong trang quản trị, và xem đúng những hồ sơ người dùng của mã được xem. Danh sách lọc và tìm
như trang danh sách (`q` tìm không cần dấu), chia trang bằng con trỏ (`cursor`, `limit`)."""


class RecordsAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        return describe_responses(super().get_openapi_schema(**kwargs))


def build_api():
    api = RecordsAPI(
        title="Hồ sơ Đại hội",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api-v1",
        auth=KeyAuth(),
        throttle=[KeyThrottle()],
        docs=StaffSwagger(),
    )
    install_handlers(api)
    api.add_router("", registry_router(person_filter=CongressPersonFilter))
    api.add_router("", congress_router())
    api.add_router("", popolo_router())
    return api


api = build_api()
