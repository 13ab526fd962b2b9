from groundswell.feedback.models import Board
from tests.feedback.api.conftest import assert_problem


def test_no_key_is_refused(anonymous_api, board):
    body = assert_problem(anonymous_api.get("/api/v1/boards"), 401)
    assert body["title"] == "Unauthorized"


def test_revoked_key_is_refused(revoked_api, board):
    assert_problem(revoked_api.get("/api/v1/boards"), 401)
    assert_problem(revoked_api.post("/api/v1/boards", {"name": "X"}, "application/json"), 401)
    assert not Board.objects.filter(name="X").exists()


def test_list_shows_public_and_private_boards_of_the_workspace_only(
    api, board, private_board, other_workspace
):
    response = api.get("/api/v1/boards")
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()] == ["feature-requests", "team-roadmap"]


def test_other_workspace_sees_none_of_acmes_boards(globex_api, board, private_board):
    names = [row["name"] for row in globex_api.get("/api/v1/boards").json()]
    assert names == ["Globex ideas"]
    assert_problem(globex_api.get(f"/api/v1/boards/{board.pk}"), 404)


def test_get_board(api, board):
    response = api.get(f"/api/v1/boards/{board.pk}")
    assert response.status_code == 200
    assert response.json() | {"created_at": None} == {
        "id": board.pk,
        "name": "Feature requests",
        "slug": "feature-requests",
        "description": "What should we build?",
        "is_public": True,
        "position": 0,
        "created_at": None,
    }


def test_unknown_board_is_a_problem(api, board):
    body = assert_problem(api.get("/api/v1/boards/999999"), 404)
    assert body["code"] == "not_found"


def test_create_board(api, workspace):
    response = api.post(
        "/api/v1/boards",
        {"name": "  Integrations ", "description": "Slack, Jira…", "is_public": False},
        "application/json",
    )
    assert response.status_code == 201
    board = Board.objects.get(pk=response.json()["id"])
    assert (board.workspace, board.name, board.slug) == (workspace, "Integrations", "integrations")
    assert board.description == "Slack, Jira…"
    assert board.is_public is False


def test_create_board_refuses_blank_and_too_long_names(api, workspace):
    for name in ["   ", "x" * 101]:
        body = assert_problem(api.post("/api/v1/boards", {"name": name}, "application/json"), 422)
        assert body["errors"][0]["loc"][-1] == "name"
    assert not workspace.boards.exists()


def test_update_board_changes_only_given_fields(api, board):
    response = api.patch(
        f"/api/v1/boards/{board.pk}",
        {"name": "Requests", "slug": "requests"},
        "application/json",
    )
    assert response.status_code == 200
    board.refresh_from_db()
    assert (board.name, board.slug) == ("Requests", "requests")
    assert board.description == "What should we build?"
    assert board.is_public is True


def test_update_board_to_a_taken_slug_is_a_conflict(api, board, private_board):
    response = api.patch(f"/api/v1/boards/{board.pk}", {"slug": "team-roadmap"}, "application/json")
    body = assert_problem(response, 409)
    assert body["code"] == "slug_taken"
    board.refresh_from_db()
    assert board.slug == "feature-requests"


def test_other_workspace_cannot_update_acmes_board(globex_api, board):
    response = globex_api.patch(f"/api/v1/boards/{board.pk}", {"name": "Mine"}, "application/json")
    assert_problem(response, 404)
    board.refresh_from_db()
    assert board.name == "Feature requests"


def test_malformed_json_is_a_problem(api, workspace):
    response = api.post("/api/v1/boards", "{not json", "application/json")
    assert_problem(response, 400)


def test_huge_id_is_invalid_input_not_an_error(api, board):
    assert_problem(api.get(f"/api/v1/boards/{2**70}"), 422)
