from groundswell.feedback.models import Status, StatusMeaning
from tests.feedback.api.conftest import assert_problem


def test_no_key_is_refused(anonymous_api, workspace):
    assert_problem(anonymous_api.get("/api/v1/statuses"), 401)


def test_revoked_key_is_refused(revoked_api, workspace):
    response = revoked_api.post(
        "/api/v1/statuses", {"name": "Blocked", "meaning": "planned"}, "application/json"
    )
    assert_problem(response, 401)
    assert not workspace.statuses.filter(name="Blocked").exists()


def test_list_statuses_of_the_workspace_only(api, workspace, other_workspace):
    response = api.get("/api/v1/statuses")
    assert response.status_code == 200
    rows = response.json()
    assert [row["slug"] for row in rows] == [
        "open",
        "under-review",
        "planned",
        "in-progress",
        "shipped",
        "closed",
    ]
    assert {row["id"] for row in rows} == set(workspace.statuses.values_list("pk", flat=True))
    assert rows[0]["is_default"] is True
    assert [row["can_be_voted"] for row in rows][-2:] == [False, False]


def test_create_status(api, workspace):
    response = api.post(
        "/api/v1/statuses",
        {"name": "Needs design", "meaning": "under_review", "colour": "#aa00ff"},
        "application/json",
    )
    assert response.status_code == 201
    status = Status.objects.get(pk=response.json()["id"])
    assert (status.workspace, status.slug, status.meaning, status.colour) == (
        workspace,
        "needs-design",
        StatusMeaning.UNDER_REVIEW,
        "#aa00ff",
    )
    assert status.position == 6


def test_create_status_refuses_unknown_meaning_and_bad_colour(api, workspace):
    for payload in [
        {"name": "Odd", "meaning": "someday"},
        {"name": "Odd", "meaning": "open", "colour": "red"},
    ]:
        assert_problem(api.post("/api/v1/statuses", payload, "application/json"), 422)
    assert not workspace.statuses.filter(name="Odd").exists()


def test_other_workspace_never_sees_acmes_statuses(globex_api, workspace):
    acme = set(workspace.statuses.values_list("pk", flat=True))
    seen = {row["id"] for row in globex_api.get("/api/v1/statuses").json()}
    assert seen and not seen & acme
