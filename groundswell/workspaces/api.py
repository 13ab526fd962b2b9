"""API authentication: a workspace API key sent as a Bearer token."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from groundswell.workspaces.services import authenticate_api_key


class ApiKeyAuth(HttpBearer):
    """Sets request.workspace and request.api_key for the key's workspace."""

    def authenticate(self, request: HttpRequest, token: str):
        key = authenticate_api_key(token)
        if key is None:
            return None
        request.workspace = key.workspace
        request.api_key = key
        return key
