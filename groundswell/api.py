"""The REST API v1: one NinjaAPI, each app's Router mounted once, errors as problem details."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from groundswell.feedback.api import router as feedback_router
from groundswell.workspaces.api import ApiKeyAuth

api = NinjaAPI(
    title="Groundswell API",
    version="1",
    description=(
        "Boards, ideas, votes, comments, statuses and tags of one workspace. "
        "Authenticate with a workspace API key: `Authorization: Bearer gsk_…`."
    ),
    auth=ApiKeyAuth(),
    urls_namespace="api",
)
api.add_router("/", feedback_router)


def problem(request: HttpRequest, status: int, title: str, detail, **extra) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return problem(request, 422, "Invalid input", "Some fields are not valid.", errors=error.errors)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return problem(
        request, 401, "Unauthorized", "Send a valid workspace API key as a Bearer token."
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return problem(
        request, error.status_code, HTTP_TITLES.get(error.status_code, "Error"), str(error)
    )


HTTP_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    409: "Conflict",
    422: "Invalid input",
}
