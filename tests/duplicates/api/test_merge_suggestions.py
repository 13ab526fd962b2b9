"""The merge queue through the API: list open suggestions, accept, dismiss."""

from groundswell.duplicates.models import MergeSuggestion, SuggestionStatus
from groundswell.duplicates.services import suggest_merges
from groundswell.feedback import services as feedback
from tests.feedback.api.conftest import assert_problem


def suggest(idea, similar_to, score=1.12) -> MergeSuggestion:
    return MergeSuggestion.objects.create(
        workspace=idea.workspace,
        idea=idea,
        similar_to=similar_to,
        score=score,
        passages=[["Night theme", "Dark mode"]],
    )


def test_lists_open_suggestions_newest_first(api, board, carol, idea):
    first = suggest(feedback.create_idea(board, carol, "Night theme"), idea)
    second = suggest(feedback.create_idea(board, carol, "Dark theme"), idea, score=1.3)
    dismissed = suggest(feedback.create_idea(board, carol, "Black theme"), idea)
    dismissed.status = SuggestionStatus.DISMISSED
    dismissed.save()
    response = api.get("/api/v1/merge-suggestions")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [item["id"] for item in body["items"]] == [second.pk, first.pk]
    item = body["items"][1]
    assert item["score"] == 1.12 and item["threshold"] > 0
    assert item["passages"] == [["Night theme", "Dark mode"]]
    assert item["similar_to"]["id"] == idea.pk and item["status"] == "open"


def test_accept_merges_the_ideas(api, board, bob, idea):
    night = feedback.create_idea(board, bob, "Night theme")
    suggestion = suggest(night, idea)
    response = api.post(f"/api/v1/merge-suggestions/{suggestion.pk}/accept")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    assert response.json()["idea"]["merged_into_id"] == idea.pk
    night.refresh_from_db()
    idea.refresh_from_db()
    assert night.merged_into == idea and idea.vote_count == 2
    assert_problem(api.post(f"/api/v1/merge-suggestions/{suggestion.pk}/accept"), 409)


def test_dismiss_is_remembered(api, board, carol, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        feedback.create_idea(board, carol, "Dark mode", "Please add a dark mode to the app")
    with django_capture_on_commit_callbacks(execute=True):
        second = feedback.create_idea(
            board, carol, "Dark mode please", "Please add a dark mode to the app"
        )
    suggestion = MergeSuggestion.objects.get()
    response = api.post(f"/api/v1/merge-suggestions/{suggestion.pk}/dismiss")
    assert response.status_code == 200
    assert response.json()["status"] == "dismissed"
    assert suggest_merges(second) == []
    assert api.get("/api/v1/merge-suggestions").json()["count"] == 0


def test_refused_without_a_key(anonymous_api, board, carol, idea):
    suggestion = suggest(feedback.create_idea(board, carol, "Night theme"), idea)
    assert_problem(anonymous_api.get("/api/v1/merge-suggestions"), 401)
    assert_problem(anonymous_api.post(f"/api/v1/merge-suggestions/{suggestion.pk}/accept"), 401)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN


def test_other_workspace_sees_nothing(globex_api, board, carol, idea):
    suggestion = suggest(feedback.create_idea(board, carol, "Night theme"), idea)
    assert globex_api.get("/api/v1/merge-suggestions").json() == {"items": [], "count": 0}
    assert_problem(globex_api.post(f"/api/v1/merge-suggestions/{suggestion.pk}/accept"), 404)
    assert_problem(globex_api.post(f"/api/v1/merge-suggestions/{suggestion.pk}/dismiss"), 404)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN
