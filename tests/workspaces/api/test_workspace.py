from datetime import timedelta

from groundswell.workspaces.models import ApiKey
from tests.feedback.api.conftest import api_client, assert_problem


def test_no_key_is_refused(anonymous_api):
    body = assert_problem(anonymous_api.get("/api/v1/workspace"), 401)
    assert body["type"] == "about:blank"
    assert body["detail"] == "Send a valid workspace API key as a Bearer token."


def test_revoked_key_is_refused(revoked_api):
    assert_problem(revoked_api.get("/api/v1/workspace"), 401)


def test_malformed_and_unknown_keys_are_refused(workspace):
    for secret in ["nonsense", "gsk_not-a-real-key"]:
        assert_problem(api_client(secret).get("/api/v1/workspace"), 401)


def test_key_names_its_workspace_and_records_use(api, workspace):
    response = api.get("/api/v1/workspace")
    assert response.status_code == 200
    body = response.json()
    assert body["workspace"]["slug"] == "acme"
    assert body["api_key"]["name"] == "Support desk"
    key = ApiKey.objects.get(workspace=workspace)
    assert key.last_used_at is not None
    assert body["api_key"]["key_prefix"] == key.key_prefix


def test_other_workspaces_key_names_its_own_workspace(globex_api, workspace):
    assert globex_api.get("/api/v1/workspace").json()["workspace"]["slug"] == "globex"


def test_use_is_recorded_at_most_once_a_minute(api, workspace):
    api.get("/api/v1/workspace")
    key = ApiKey.objects.get(workspace=workspace)
    first_use = key.last_used_at
    api.get("/api/v1/workspace")
    key.refresh_from_db()
    assert key.last_used_at == first_use
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=first_use - timedelta(seconds=61))
    api.get("/api/v1/workspace")
    key.refresh_from_db()
    assert key.last_used_at > first_use
