from groundswell.feedback import services
from tests.feedback.api.conftest import assert_problem


def test_merge_and_unmerge_through_the_api(api, board, idea, alice, charlie):
    target = services.create_idea(board, alice, "Night theme")
    services.add_vote(target, charlie)
    response = api.post(
        f"/api/v1/ideas/{idea.pk}/merge", {"into": target.pk}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["id"] == target.pk
    assert response.json()["vote_count"] == 3
    idea.refresh_from_db()
    assert idea.merged_into == target
    assert api.get(f"/api/v1/ideas/{idea.pk}").json()["merged_into_id"] == target.pk

    response = api.delete(f"/api/v1/ideas/{idea.pk}/merge")
    assert response.status_code == 200
    assert response.json()["merged_into_id"] is None
    assert response.json()["vote_count"] == 1
    target.refresh_from_db()
    assert target.vote_count == 2


def test_merge_conflicts_are_problems(api, board, idea, alice):
    assert_problem(
        api.post(
            f"/api/v1/ideas/{idea.pk}/merge", {"into": idea.pk}, content_type="application/json"
        ),
        409,
    )
    assert_problem(api.delete(f"/api/v1/ideas/{idea.pk}/merge"), 409)


def test_merge_refused_without_a_valid_key(anonymous_api, revoked_api, board, idea, alice):
    target = services.create_idea(board, alice, "Night theme")
    for client in (anonymous_api, revoked_api):
        assert_problem(
            client.post(
                f"/api/v1/ideas/{idea.pk}/merge",
                {"into": target.pk},
                content_type="application/json",
            ),
            401,
        )
    idea.refresh_from_db()
    assert idea.merged_into is None


def test_other_workspace_cannot_merge_acme_ideas(globex_api, board, idea, alice, other_workspace):
    target = services.create_idea(board, alice, "Night theme")
    assert_problem(
        globex_api.post(
            f"/api/v1/ideas/{idea.pk}/merge", {"into": target.pk}, content_type="application/json"
        ),
        404,
    )
    globex_idea = other_workspace.ideas.first()
    assert_problem(
        globex_api.post(
            f"/api/v1/ideas/{globex_idea.pk}/merge",
            {"into": idea.pk},
            content_type="application/json",
        ),
        404,
    )
    idea.refresh_from_db()
    assert idea.merged_into is None
