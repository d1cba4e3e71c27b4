"""The API's answers when it does not give records: each a JSON body with a Vietnamese `detail`.

ninja's own answers are English ("Unauthorized", pydantic's messages); the handlers here replace
every one of them, and a parameter refused names itself and the value it was given, as a list
page's form does. The NinjaAPI that assembles the routers installs them (`install_handlers`),
and describes the answers in its OpenAPI document with RESPONSE_DESCRIPTIONS (`describe_responses`).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from .throttling import reads_per_minute

NOT_FOUND = _("Không có bản ghi này, hoặc bản ghi nằm ngoài phạm vi của bạn.")
NOT_AUTHENTICATED = _(
    "Cần mã truy cập API hợp lệ trong tiêu đề “Authorization: Bearer <mã>”: mã không có, sai, "
    "đã hết hạn hoặc đã bị thu hồi."
)
FORBIDDEN = _("Người dùng của mã truy cập này không có quyền xem loại hồ sơ này.")
THROTTLED = _("Mã truy cập này đã đọc quá %(rate)s lần trong một phút. Hãy thử lại sau %(wait)s giây.")
INVALID = _("Tham số không hợp lệ.")

# What a parameter refused by its type is told, by the kind of pydantic error.
REASONS = {
    "int_parsing": _("phải là một số nguyên"),
    "int_type": _("phải là một số nguyên"),
    "int_from_float": _("phải là một số nguyên"),
    "greater_than_equal": _("phải từ %(ge)s trở lên"),
    "less_than_equal": _("không được lớn hơn %(le)s"),
    "uuid_parsing": _("phải là một mã định danh (UUID)"),
    "uuid_type": _("phải là một mã định danh (UUID)"),
    "literal_error": _("phải là một trong các giá trị %(expected)s"),
    "enum": _("phải là một trong các giá trị %(expected)s"),
    "string_too_long": _("dài quá %(max_length)s ký tự"),
    "missing": _("là bắt buộc"),
}


class ErrorOut(Schema):
    detail: str


class ParameterError(Schema):
    parameter: str
    value: str
    message: str


class InvalidOut(Schema):
    detail: str
    errors: list[ParameterError]


# The answers every operation may give besides its records.
ERROR_RESPONSES = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut, 429: ErrorOut}
# What the OpenAPI document says of each answer, where ninja writes the status's English phrase.
# The errors' descriptions are the `detail` each answer gives, but for 401's, whose "<mã>" the
# page's Markdown would take for a tag.
RESPONSE_DESCRIPTIONS = {
    200: _("Thành công"),
    401: _("Chưa xác thực: mã truy cập API không có, sai, hết hạn hoặc đã bị thu hồi"),
    403: FORBIDDEN,
    404: NOT_FOUND,
    422: INVALID,
    429: _("Quá nhiều yêu cầu trong một phút"),
}


def describe_responses(schema):
    """The OpenAPI document with each answer described in the reader's language, not in HTTP's
    English status phrases ("Unauthorized")."""
    for operations in schema["paths"].values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                description = RESPONSE_DESCRIPTIONS.get(int(status))
                if description is not None:
                    response["description"] = str(description)
    return schema


class InvalidParameters(Exception):
    """Parameters refused after their types were read: a filter's value, a cursor."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def parameter_error(name, value, message):
    return {
        "parameter": name,
        "value": str(value),
        "message": gettext("Tham số “%(name)s” có giá trị “%(value)s”: %(message)s")
        % {"name": name, "value": value, "message": message},
    }


def given_value(request, location, name):
    if location == "path":
        return (request.resolver_match.kwargs if request.resolver_match else {}).get(name, "")
    return request.GET.get(name, "")


def reason(error):
    context = dict(error.get("ctx") or {})
    if "expected" in context:
        context["expected"] = str(context["expected"]).replace(" or ", gettext(" hoặc "))
    text = REASONS.get(error["type"])
    if text is None:
        return gettext("không hợp lệ")
    try:
        return str(text) % context
    except (KeyError, TypeError, ValueError):
        return gettext("không hợp lệ")


def invalid_response(api, request, errors):
    return api.create_response(request, {"detail": str(INVALID), "errors": errors}, status=422)


def install_handlers(api):
    """Answer every error of the API's own in Vietnamese, with the body its schema says."""

    def validation_error(request, exc):
        errors = []
        for error in exc.errors:
            location, *path = error.get("loc") or ("query",)
            name = ".".join(str(part) for part in path) or str(location)
            errors.append(parameter_error(name, given_value(request, location, name), reason(error)))
        return invalid_response(api, request, errors)

    def invalid_parameters(request, exc):
        return invalid_response(api, request, exc.errors)

    def not_authenticated(request, exc):
        response = api.create_response(request, {"detail": str(NOT_AUTHENTICATED)}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def throttled(request, exc):
        wait = round(exc.wait or 60)
        message = THROTTLED % {"rate": reads_per_minute(), "wait": wait}
        return api.create_response(request, {"detail": message}, status=429)

    def not_found(request, exc):
        return api.create_response(request, {"detail": str(NOT_FOUND)}, status=404)

    def forbidden(request, exc):
        return api.create_response(request, {"detail": str(FORBIDDEN)}, status=403)

    def http_error(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(InvalidParameters, invalid_parameters)
    api.add_exception_handler(AuthenticationError, not_authenticated)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(HttpError, http_error)
