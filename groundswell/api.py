"""The REST API v1: one NinjaAPI, each app's Router mounted once, errors as problem details.

Every error, whatever raised it, leaves as RFC 9457 problem details (type,
title, status, detail, and `code` naming the rule for programs); invalid input
is a 4xx, never a 500.
"""

import re

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from groundswell.duplicates.api import router as duplicates_router
from groundswell.feedback.api import router as feedback_router
from groundswell.feedback.errors import FeedbackError
from groundswell.feedback.queries import BadCursor
from groundswell.inbox.api import router as inbox_router
from groundswell.workspaces.api import ApiKeyAuth
from groundswell.workspaces.api import router as workspaces_router
from groundswell.workspaces.services import WorkspaceError

api = NinjaAPI(
    title="Groundswell API",
    version="1",
    description=(
        "Boards, ideas, votes, comments, statuses and tags of one workspace. "
        "Authenticate with a workspace API key: `Authorization: Bearer gsk_…`. "
        "Errors are problem details (RFC 9457)."
    ),
    auth=ApiKeyAuth(),
    urls_namespace="api",
)
api.add_router("/", workspaces_router)
api.add_router("/", feedback_router)
api.add_router("/", duplicates_router)
api.add_router("/", inbox_router)

HTTP_TITLES = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    422: "Invalid input",
    429: "Too many requests",
}


def problem(
    request: HttpRequest, status: int, title: str, detail, code: str | None = None, **extra
) -> HttpResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    if code:
        body["code"] = code
    response = api.create_response(request, body, status=status)
    response["Content-Type"] = "application/problem+json"
    return response


def error_code(error: Exception) -> str:
    """VotingClosed → voting_closed."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return problem(
        request,
        422,
        "Invalid input",
        "Some fields are not valid.",
        code="invalid_input",
        errors=error.errors,
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return problem(
        request,
        401,
        "Unauthorized",
        "Send a valid workspace API key as a Bearer token.",
        code="unauthorized",
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return problem(
        request, error.status_code, HTTP_TITLES.get(error.status_code, "Error"), str(error)
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    # Objects of other workspaces are reported exactly like ones that do not exist.
    detail = str(error) if error.args else "There is nothing here."
    return problem(request, 404, "Not found", detail, code="not_found")


@api.exception_handler(BadCursor)
def on_bad_cursor(request: HttpRequest, error: BadCursor) -> HttpResponse:
    return problem(request, 400, "Bad request", str(error), code="bad_cursor")


@api.exception_handler(FeedbackError)
@api.exception_handler(WorkspaceError)
def on_domain_error(request: HttpRequest, error: FeedbackError | WorkspaceError) -> HttpResponse:
    status = error.http_status
    return problem(request, status, HTTP_TITLES.get(status, "Error"), str(error), error_code(error))
