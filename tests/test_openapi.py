"""The OpenAPI schema is the API's contract: it documents every endpoint, and
requests generated from it (valid and invalid) never make the server fail."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from groundswell.feedback import services
from groundswell.workspaces.services import create_api_key
from groundswell.wsgi import application

DOCUMENTED = {
    "/api/v1/workspace": {"get"},
    "/api/v1/boards": {"get", "post"},
    "/api/v1/boards/{board_id}": {"get", "patch"},
    "/api/v1/ideas": {"get", "post"},
    "/api/v1/ideas/{idea_id}": {"get", "patch"},
    "/api/v1/ideas/{idea_id}/status": {"post"},
    "/api/v1/ideas/{idea_id}/votes": {"get", "post", "delete"},
    "/api/v1/ideas/{idea_id}/comments": {"get", "post"},
    "/api/v1/ideas/{idea_id}/tags/{tag_slug}": {"put", "delete"},
    "/api/v1/ideas/{idea_id}/merge": {"post", "delete"},
    "/api/v1/ideas/{idea_id}/demand": {"get"},
    "/api/v1/statuses": {"get", "post"},
    "/api/v1/tags": {"get", "post"},
    "/api/v1/merge-suggestions": {"get"},
    "/api/v1/merge-suggestions/{suggestion_id}/accept": {"post"},
    "/api/v1/merge-suggestions/{suggestion_id}/dismiss": {"post"},
    "/api/v1/feedback-items": {"get", "post"},
    "/api/v1/feedback-items/{item_id}/link": {"post"},
    "/api/v1/companies": {"get", "post"},
    "/api/v1/customers": {"post"},
}
GLOBEX_ONLY = (b"Globex ideas", b"Globex private plan", b"Globex secret")


def test_schema_documents_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert {path: set(operations) for path, operations in schema["paths"].items()} == DOCUMENTED
    assert schema["components"]["securitySchemes"]["ApiKeyAuth"]["scheme"] == "bearer"
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation["security"] == [{"ApiKeyAuth": []}], (method, path)
            assert "401" in operation["responses"], (method, path)


@pytest.fixture
def acme_secret(workspace, alice, board, private_board, idea, carol, bob) -> str:
    """Acme's key, with a little of everything for the generated requests to find.

    Sequences are reset, so ids start at 1 and small generated ids hit real rows.
    """
    bug = services.create_tag(workspace, "Bug")
    services.tag_idea(idea, bug)
    services.add_vote(idea, bob)
    services.add_comment(idea, carol, "Please!")
    services.add_comment(idea, bob, "Asked on a call", is_internal=True)
    services.create_idea(private_board, alice, "Pricing page")
    _, secret = create_api_key(workspace, "Schemathesis", alice)
    return secret


@pytest.fixture
def globex(other_workspace):
    services.create_tag(other_workspace, "Globex secret")
    return other_workspace


def never_shows_other_workspace(ctx, response, case) -> None:
    for marker in GLOBEX_ONLY:
        assert marker not in response.content, f"{marker!r} leaked into Acme's API"


# Loaded through the WSGI app at collection; the schema endpoint needs no database.
# (schemathesis.pytest.from_fixture would be lazier but relies on a pytest internal
# that pytest 9.2 removed.)
generated = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


# A transactional database: requests go through the real WSGI handler, which
# closes the connection after each response as it would in production.
@pytest.mark.django_db(transaction=True, reset_sequences=True)
@generated.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    # The data persists across examples on purpose: it is what they act on.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_generated_requests_never_fail_the_server(case, acme_secret, globex):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {acme_secret}"},
        checks=[not_a_server_error, never_shows_other_workspace],
    )
