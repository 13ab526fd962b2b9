"""The team's merge queue: review possible duplicates, merge or dismiss them, alone or in bulk."""

import pytest
from django.urls import reverse

from groundswell.duplicates.models import MergeSuggestion, SuggestionStatus
from groundswell.duplicates.services import suggest_merges
from groundswell.feedback import services as feedback

URL = reverse("workspaces:merge_queue", kwargs={"workspace_slug": "acme"})


def action_url(name: str, suggestion: MergeSuggestion, workspace_slug: str = "acme") -> str:
    return reverse(
        f"workspaces:{name}",
        kwargs={"workspace_slug": workspace_slug, "suggestion_id": suggestion.pk},
    )


BULK_URL = reverse("workspaces:decide_suggestions", kwargs={"workspace_slug": "acme"})


def suggest(idea, similar_to, score=1.12, passages=None) -> MergeSuggestion:
    return MergeSuggestion.objects.create(
        workspace=idea.workspace,
        idea=idea,
        similar_to=similar_to,
        score=score,
        passages=passages or [[idea.title, similar_to.title]],
    )


@pytest.fixture
def night(board, bob):
    return feedback.create_idea(board, bob, "Night theme", "A dark colour scheme, please.")


@pytest.fixture
def suggestion(idea, night):
    return suggest(
        night, idea, passages=[["A dark colour scheme, please.", "Please add a **dark** theme."]]
    )


def test_queue_lists_open_suggestions_newest_first_with_passages(
    bob_client, board, carol, suggestion
):
    other = feedback.create_idea(board, carol, "Export to CSV")
    again = feedback.create_idea(board, carol, "CSV export")
    suggest(again, other, score=1.3)
    decided = suggest(feedback.create_idea(board, carol, "Dismissed one"), other)
    decided.status = SuggestionStatus.DISMISSED
    decided.save()
    response = bob_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("CSV export") < page.index("Night theme")
    assert "Dismissed one" not in page
    assert "score 1.12 (threshold" in page
    assert "<mark>dark</mark>" in page
    assert 'Duplicates <span class="badge"' in page


def test_history_tabs_show_dismissed_and_merged(alice_client, suggestion, alice):
    from groundswell.duplicates.services import dismiss_suggestion

    dismiss_suggestion(suggestion, alice)
    assert "Night theme" not in alice_client.get(URL).content.decode()
    page = alice_client.get(URL, {"show": "dismissed"}).content.decode()
    assert "Night theme" in page and "dismissed" in page
    assert "Night theme" not in alice_client.get(URL, {"show": "accepted"}).content.decode()


def test_merge_merges_the_ideas_and_offers_an_undo(bob_client, suggestion, idea, night, charlie):
    feedback.add_vote(night, charlie)
    response = bob_client.post(action_url("accept_suggestion", suggestion))
    assert response.status_code == 302
    night.refresh_from_db()
    idea.refresh_from_db()
    suggestion.refresh_from_db()
    assert night.merged_into == idea
    assert idea.vote_count == 3  # Carol, Bob and Charlie
    assert suggestion.status == SuggestionStatus.ACCEPTED
    page = bob_client.get(response["Location"]).content.decode()
    unmerge = reverse(
        "feedback:unmerge_idea", kwargs={"workspace_slug": "acme", "idea_id": night.pk}
    )
    assert f'action="{unmerge}"' in page
    assert "Merged <a" in page and "“Night theme”</a>" in page

    bob_client.post(unmerge)
    night.refresh_from_db()
    suggestion.refresh_from_db()
    assert night.merged_into is None
    assert suggestion.status == SuggestionStatus.UNDONE
    assert f'action="{unmerge}"' not in bob_client.get(response["Location"]).content.decode()
    assert "Night theme" in bob_client.get(URL, {"show": "undone"}).content.decode()
    assert "Night theme" not in bob_client.get(URL, {"show": "accepted"}).content.decode()
    assert "Night theme" not in bob_client.get(URL).content.decode()


def test_undoing_a_merge_of_a_cluster_marks_only_split_pairs_undone(
    bob, board, carol, idea, night, suggestion
):
    from groundswell.duplicates.services import accept_suggestion

    dusk = feedback.create_idea(board, carol, "Dusk mode")
    into_night = suggest(dusk, night)
    accept_suggestion(into_night, bob)  # Dusk into Night
    accept_suggestion(suggestion, bob)  # Night (with Dusk) into the dark theme
    feedback.unmerge_idea(dusk, bob)  # Dusk leaves; Night stays merged
    suggestion.refresh_from_db()
    into_night.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert into_night.status == SuggestionStatus.UNDONE


def test_long_queues_page_newest_first(bob_client, board, carol, idea):
    from groundswell.duplicates.views import PAGE_SIZE

    for number in range(PAGE_SIZE + 3):
        suggest(feedback.create_idea(board, carol, f"Copy number {number:03d}"), idea)
    first = bob_client.get(URL).content.decode()
    second = bob_client.get(URL, {"page": 2}).content.decode()
    assert f"Copy number {PAGE_SIZE + 2:03d}" in first and "Copy number 000" not in first
    assert "Copy number 000" in second and f"Copy number {PAGE_SIZE + 2:03d}" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert "Page 2 of 2" in second
    assert bob_client.get(URL, {"page": "junk"}).status_code == 200


def test_dismiss_is_remembered(bob_client, board, carol, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = feedback.create_idea(board, carol, "Dark mode", "Please add a dark mode to the app")
    with django_capture_on_commit_callbacks(execute=True):
        second = feedback.create_idea(
            board, alice, "Dark mode please", "Please add a dark mode to the app"
        )
    suggestion = MergeSuggestion.objects.get()
    assert suggestion.passages and suggestion.passages[0]
    response = bob_client.post(action_url("dismiss_suggestion", suggestion))
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DISMISSED
    assert suggest_merges(second) == [] and suggest_merges(first) == []
    assert MergeSuggestion.objects.count() == 1
    second.refresh_from_db()
    assert second.merged_into is None


def test_bulk_merge_and_dismiss(bob_client, board, carol, idea, night, suggestion):
    csv = feedback.create_idea(board, carol, "Export to CSV")
    csv_again = feedback.create_idea(board, carol, "CSV export")
    dark_again = feedback.create_idea(board, carol, "Dark theme")
    to_dismiss = suggest(csv_again, csv)
    to_merge = suggest(dark_again, idea)
    response = bob_client.post(
        BULK_URL, {"action": "merge", "suggestion": [suggestion.pk, to_merge.pk]}
    )
    assert response.status_code == 302
    for row in (night, dark_again, suggestion, to_merge):
        row.refresh_from_db()
    assert night.merged_into == idea and dark_again.merged_into == idea
    assert suggestion.status == to_merge.status == SuggestionStatus.ACCEPTED

    bob_client.post(BULK_URL, {"action": "dismiss", "suggestion": [to_dismiss.pk]})
    to_dismiss.refresh_from_db()
    csv_again.refresh_from_db()
    assert to_dismiss.status == SuggestionStatus.DISMISSED
    assert csv_again.merged_into is None


def test_bulk_without_a_selection_says_so(bob_client, suggestion):
    response = bob_client.post(BULK_URL, {"action": "merge"}, follow=True)
    assert "Select at least one suggestion" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN


def test_accepting_when_the_idea_was_merged_elsewhere_is_a_message(
    bob_client, board, carol, alice, suggestion, night
):
    elsewhere = feedback.create_idea(board, carol, "Themes")
    feedback.merge_ideas(night, elsewhere, alice)
    response = bob_client.post(action_url("accept_suggestion", suggestion), follow=True)
    assert response.status_code == 200
    assert "was merged into another idea meanwhile" in response.content.decode()
    suggestion.refresh_from_db()
    night.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN
    assert night.merged_into == elsewhere


def test_accepting_a_pair_already_merged_together_marks_it_accepted(
    bob_client, alice, suggestion, night, idea
):
    feedback.merge_ideas(night, idea, alice)
    response = bob_client.post(action_url("accept_suggestion", suggestion))
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED


def test_deciding_twice_is_a_message(bob_client, alice, suggestion):
    bob_client.post(action_url("dismiss_suggestion", suggestion))
    response = bob_client.post(action_url("accept_suggestion", suggestion), follow=True)
    assert "already dismissed" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DISMISSED


def test_a_deleted_idea_takes_its_suggestion_along(bob_client, suggestion, night):
    feedback.delete_idea(night)
    assert bob_client.post(action_url("accept_suggestion", suggestion)).status_code == 404
    response = bob_client.post(
        BULK_URL, {"action": "merge", "suggestion": [suggestion.pk]}, follow=True
    )
    assert "is gone" in response.content.decode()


def test_passages_are_escaped(bob_client, board, carol, idea):
    script = feedback.create_idea(board, carol, "<script>alert(1)</script>", "dark <b>theme</b>")
    suggest(script, idea, passages=[["<script>alert(1)</script> dark", "dark <b>theme</b>"]])
    page = bob_client.get(URL).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>dark</mark>" in page
    assert "<b>theme</b>" not in page


@pytest.mark.parametrize("who", ["carol_client", "charlie_client"])
def test_customers_and_outsiders_are_refused(request, who, suggestion, other_workspace):
    client = request.getfixturevalue(who)
    assert client.get(URL).status_code == 403
    assert client.post(action_url("accept_suggestion", suggestion)).status_code == 403
    assert client.post(action_url("dismiss_suggestion", suggestion)).status_code == 403
    assert (
        client.post(BULK_URL, {"action": "merge", "suggestion": [suggestion.pk]}).status_code == 403
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN


def test_anonymous_is_sent_to_sign_in(client, suggestion):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    assert client.post(action_url("accept_suggestion", suggestion)).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN


def test_other_workspaces_suggestion_is_404(bob_client, charlie, other_workspace, workspace):
    board = other_workspace.boards.get()
    globex = suggest(
        feedback.create_idea(board, charlie, "Globex plan B"), other_workspace.ideas.first()
    )
    assert bob_client.post(action_url("accept_suggestion", globex)).status_code == 404
    assert bob_client.post(action_url("dismiss_suggestion", globex)).status_code == 404
    bob_client.post(BULK_URL, {"action": "dismiss", "suggestion": [globex.pk]})
    globex.refresh_from_db()
    assert globex.status == SuggestionStatus.OPEN
    assert "Globex" not in bob_client.get(URL).content.decode()


def test_get_on_actions_is_refused(bob_client, suggestion):
    assert bob_client.get(action_url("accept_suggestion", suggestion)).status_code == 405
