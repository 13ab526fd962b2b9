"""API keys and clients for the API tests.

Acme's key is the team's; Globex's key (the other workspace) must get a 404 for
anything of Acme's and never see it in a list.
"""

import pytest
from django.test import Client

from groundswell.workspaces.services import create_api_key, revoke_api_key


def api_client(secret: str | None) -> Client:
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return Client(headers=headers)


@pytest.fixture
def api(workspace, alice) -> Client:
    """A client sending an active Acme key, created by Alice."""
    _, secret = create_api_key(workspace, "Support desk", alice)
    return api_client(secret)


@pytest.fixture
def revoked_api(workspace, alice) -> Client:
    key, secret = create_api_key(workspace, "Old integration", alice)
    revoke_api_key(key)
    return api_client(secret)


@pytest.fixture
def globex_api(other_workspace, charlie) -> Client:
    _, secret = create_api_key(other_workspace, "Globex", charlie)
    return api_client(secret)


@pytest.fixture
def anonymous_api(db) -> Client:
    return api_client(None)


def assert_problem(response, status: int) -> dict:
    """The response is RFC 9457 problem details with this status."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "status", "detail"} <= body.keys()
    return body
