from groundswell.feedback import services
from groundswell.feedback.models import Tag
from tests.feedback.api.conftest import assert_problem


def url(idea, tag: str) -> str:
    return f"/api/v1/ideas/{idea.pk}/tags/{tag}"


def test_no_key_is_refused(anonymous_api, idea, workspace):
    services.create_tag(workspace, "Bug")
    assert_problem(anonymous_api.get("/api/v1/tags"), 401)
    assert_problem(anonymous_api.put(url(idea, "bug")), 401)
    assert not idea.tags.exists()


def test_revoked_key_is_refused(revoked_api, idea, workspace):
    services.create_tag(workspace, "Bug")
    assert_problem(revoked_api.put(url(idea, "bug")), 401)
    assert_problem(revoked_api.post("/api/v1/tags", {"name": "X"}, "application/json"), 401)
    assert not idea.tags.exists()


def test_list_tags_of_the_workspace_only(api, workspace, other_workspace):
    services.create_tag(workspace, "Bug")
    services.create_tag(other_workspace, "Globex secret")
    response = api.get("/api/v1/tags")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()] == ["Bug"]


def test_create_tag(api, workspace):
    response = api.post(
        "/api/v1/tags", {"name": "Mobile app", "colour": "#123456"}, "application/json"
    )
    assert response.status_code == 201
    tag = Tag.objects.get(pk=response.json()["id"])
    assert (tag.workspace, tag.slug, tag.colour) == (workspace, "mobile-app", "#123456")


def test_tag_and_untag_are_idempotent(api, idea, workspace):
    bug = services.create_tag(workspace, "Bug")
    for _ in range(2):
        response = api.put(url(idea, "bug"))
        assert response.status_code == 200
        assert [tag["slug"] for tag in response.json()["tags"]] == ["bug"]
    idea.refresh_from_db()
    assert list(idea.tags.all()) == [bug]
    for _ in range(2):
        response = api.delete(url(idea, "bug"))
        assert response.status_code == 200
        assert response.json()["tags"] == []
    assert not idea.tags.exists()


def test_unknown_tag_is_a_404(api, idea):
    body = assert_problem(api.put(url(idea, "nope")), 404)
    assert "nope" in body["detail"]


def test_tag_of_another_workspace_cannot_be_used(api, idea, other_workspace):
    services.create_tag(other_workspace, "Globex only")
    assert_problem(api.put(url(idea, "globex-only")), 404)
    assert not idea.tags.exists()


def test_other_workspace_cannot_tag_acmes_idea(globex_api, idea, workspace, other_workspace):
    services.create_tag(workspace, "Bug")
    services.create_tag(other_workspace, "Bug")
    assert_problem(globex_api.put(url(idea, "bug")), 404)
    assert not idea.tags.exists()
