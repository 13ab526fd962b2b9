"""API authentication (a workspace API key sent as a Bearer token) and the key's workspace."""

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.security import HttpBearer

from groundswell.workspaces.services import authenticate_api_key

router = Router(tags=["workspace"])


class Problem(Schema):
    """An error, as RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    code: str | None = Field(None, description="Which rule refused the request, for programs.")


def responses(success: dict, *problems: int) -> dict:
    """Documented responses: the successful ones, and problem details for 401, 422 and these."""
    return success | {code: Problem for code in sorted({401, 422, *problems})}


class ApiKeyAuth(HttpBearer):
    """Sets request.workspace and request.api_key for the key's workspace."""

    def authenticate(self, request: HttpRequest, token: str):
        key = authenticate_api_key(token)
        if key is None:
            return None
        request.workspace = key.workspace
        request.api_key = key
        return key


class WorkspaceOut(Schema):
    id: int
    name: str
    slug: str
    accent_colour: str


class ApiKeyOut(Schema):
    name: str
    key_prefix: str


class WhoAmIOut(Schema):
    workspace: WorkspaceOut
    api_key: ApiKeyOut


@router.get("/workspace", response=responses({200: WhoAmIOut}), summary="The key's workspace")
def current_workspace(request: HttpRequest):
    """Which workspace this key works in: a cheap way for an integration to check its key."""
    return {"workspace": request.workspace, "api_key": request.api_key}
