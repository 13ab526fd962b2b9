from groundswell.feedback.models import IdeaEvent, IdeaEventKind
from tests.feedback.api.conftest import assert_problem


def url(idea) -> str:
    return f"/api/v1/ideas/{idea.pk}/status"


def test_no_key_is_refused(anonymous_api, idea):
    assert_problem(
        anonymous_api.post(url(idea), {"status_slug": "planned"}, "application/json"), 401
    )


def test_revoked_key_is_refused(revoked_api, idea):
    response = revoked_api.post(url(idea), {"status_slug": "planned"}, "application/json")
    assert_problem(response, 401)
    idea.refresh_from_db()
    assert idea.status.slug == "open"


def test_change_status_by_slug_with_a_message(api, idea, alice):
    response = api.post(
        url(idea), {"status_slug": "planned", "message": "Coming in **May**."}, "application/json"
    )
    assert response.status_code == 200
    assert response.json()["changed"] is True
    assert response.json()["idea"]["status"]["slug"] == "planned"
    idea.refresh_from_db()
    assert idea.status.slug == "planned"
    event = IdeaEvent.objects.get(idea=idea, kind=IdeaEventKind.STATUS_CHANGED)
    assert (event.actor, event.message, event.previous_status.slug) == (
        alice,
        "Coming in **May**.",
        "open",
    )


def test_change_status_by_id(api, idea, workspace):
    shipped = workspace.statuses.get(slug="shipped")
    response = api.post(url(idea), {"status_id": shipped.pk}, "application/json")
    assert response.status_code == 200
    idea.refresh_from_db()
    assert idea.status == shipped


def test_same_status_without_message_records_nothing(api, idea):
    response = api.post(url(idea), {"status_slug": "open"}, "application/json")
    assert response.json()["changed"] is False
    assert not IdeaEvent.objects.filter(idea=idea, kind=IdeaEventKind.STATUS_CHANGED).exists()


def test_needs_exactly_one_of_id_and_slug(api, idea):
    assert_problem(api.post(url(idea), {}, "application/json"), 422)
    assert_problem(
        api.post(url(idea), {"status_id": 1, "status_slug": "open"}, "application/json"), 422
    )


def test_status_of_another_workspace_is_a_404(api, idea, other_workspace):
    globex_planned = other_workspace.statuses.get(slug="planned")
    response = api.post(url(idea), {"status_id": globex_planned.pk}, "application/json")
    assert_problem(response, 404)
    idea.refresh_from_db()
    assert idea.status.slug == "open"


def test_other_workspace_cannot_change_acmes_idea(globex_api, idea):
    response = globex_api.post(url(idea), {"status_slug": "closed"}, "application/json")
    assert_problem(response, 404)
    idea.refresh_from_db()
    assert idea.status.slug == "open"
