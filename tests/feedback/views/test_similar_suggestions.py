"""Similar ideas appear while someone types a new idea, so they can vote instead of posting
a duplicate; whoever posts anyway has their idea flagged for the team at once."""

import pytest
from django.test import Client

from groundswell.duplicates.models import MergeSuggestion
from groundswell.feedback import services
from groundswell.feedback.models import Idea, Vote

DARK_MODE_BODY = "A dark colour scheme for the app, easier on the eyes at night."


@pytest.fixture
def dark_mode(board, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        idea = services.create_idea(board, bob, "Dark mode", DARK_MODE_BODY)
        services.create_idea(board, bob, "Export reports to CSV", "Download numbers as a sheet")
    return idea


def similar(client, title, body="", slug="acme", **extra):
    return client.get(f"/{slug}/similar/", {"title": title, "body": body, **extra})


def test_fragment_lists_a_similar_idea_with_status_votes_and_link(dark_mode, carol_client):
    response = similar(carol_client, "Night theme", "black background please")
    assert response.status_code == 200
    html = response.text
    assert "Dark mode" in html
    assert f'href="/acme/ideas/{dark_mode.pk}/"' in html
    assert dark_mode.status.name in html
    assert "1 vote" in html
    assert f'action="/acme/ideas/{dark_mode.pk}/vote/"' in html
    assert "Vote for this instead" in html
    assert "<html" not in html  # a fragment, not a page


def test_likely_duplicate_is_marked(dark_mode, carol_client):
    html = similar(carol_client, "Dark mode", DARK_MODE_BODY).text
    assert "Looks like the same idea" in html


def test_empty_text_shows_nothing(dark_mode, carol_client):
    response = similar(carol_client, "  ", "")
    assert response.status_code == 200
    assert "Dark mode" not in response.text


def test_too_long_input_is_refused(dark_mode, carol_client):
    assert similar(carol_client, "x" * 201).status_code == 400
    assert similar(carol_client, "Night theme", "x" * 20001).status_code == 400


def test_anonymous_is_refused(dark_mode):
    response = similar(Client(), "Night theme")
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]
    assert "Dark mode" not in response.text


def test_vote_for_this_instead_records_the_vote_and_shows_that_idea(dark_mode, carol, carol_client):
    response = carol_client.post(f"/acme/ideas/{dark_mode.pk}/vote/")
    assert response.status_code == 302
    assert response["Location"] == f"/acme/ideas/{dark_mode.pk}/"
    dark_mode.refresh_from_db()
    assert dark_mode.vote_count == 2
    assert Vote.objects.filter(idea=dark_mode, voter=carol).exists()
    assert "You voted for this" in similar(carol_client, "Night theme").text


def test_no_javascript_check_keeps_typed_text_and_saves_nothing(dark_mode, board, carol_client):
    response = carol_client.post(
        "/acme/submit/",
        {"board": board.pk, "title": "Night theme", "body": "Black background", "check": "1"},
    )
    assert response.status_code == 200
    html = response.text
    assert 'value="Night theme"' in html
    assert "Black background" in html
    assert f'<option value="{board.pk}" selected>' in html
    assert "Dark mode" in html and "Vote for this instead" in html
    assert "errorlist" not in html
    assert not Idea.objects.filter(title="Night theme").exists()


def test_private_board_idea_never_shows_to_a_customer(
    private_board, alice, carol_client, alice_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.create_idea(private_board, alice, "Dark mode for admins", DARK_MODE_BODY)
    assert "Dark mode for admins" not in similar(carol_client, "Dark mode", DARK_MODE_BODY).text
    assert "Dark mode for admins" in similar(alice_client, "Dark mode", DARK_MODE_BODY).text


def test_another_workspaces_ideas_never_show(board, other_workspace, charlie_client, carol_client):
    assert "Globex private plan" not in similar(carol_client, "Globex private plan").text
    # Charlie owns Globex; asking on Acme's address still shows only Acme's ideas.
    assert "Globex private plan" not in similar(charlie_client, "Globex private plan").text
    assert "Globex private plan" in similar(charlie_client, "Globex plan", slug="globex").text


def test_merged_ideas_never_show(dark_mode, board, alice, carol_client):
    copy = services.create_idea(board, alice, "Dark theme", DARK_MODE_BODY)
    services.merge_ideas(copy, dark_mode, alice)
    html = similar(carol_client, "Dark theme", DARK_MODE_BODY).text
    assert f"/ideas/{copy.pk}/" not in html
    assert f"/ideas/{dark_mode.pk}/" in html


def test_edit_page_leaves_the_idea_itself_out(dark_mode, bob_client):
    html = similar(bob_client, "Dark mode", DARK_MODE_BODY, idea=dark_mode.pk).text
    assert f"/ideas/{dark_mode.pk}/" not in html
    page = bob_client.post(
        f"/acme/ideas/{dark_mode.pk}/edit/", {"title": "Dark mode", "body": "x", "check": "1"}
    )
    assert page.status_code == 200
    assert 'value="Dark mode"' in page.text
    assert f"?idea={dark_mode.pk}" in page.text
    dark_mode.refresh_from_db()
    assert dark_mode.body == DARK_MODE_BODY


def test_submitting_anyway_stores_the_idea_and_flags_it_for_the_team(
    dark_mode, board, carol_client, bob_client
):
    response = carol_client.post(
        "/acme/submit/", {"board": board.pk, "title": "Dark mode please", "body": DARK_MODE_BODY}
    )
    idea = Idea.objects.get(title="Dark mode please")
    assert response.status_code == 302
    assert response["Location"] == f"/acme/ideas/{idea.pk}/"
    suggestion = MergeSuggestion.objects.get(idea=idea)
    assert suggestion.similar_to == dark_mode
    team_page = bob_client.get(f"/acme/ideas/{idea.pk}/").text
    assert "Possible duplicate of" in team_page
    assert f'href="/acme/ideas/{dark_mode.pk}/">“Dark mode”' in team_page
    assert "Possible duplicate" not in carol_client.get(f"/acme/ideas/{idea.pk}/").text
    assert "Possible duplicate" not in Client().get(f"/acme/ideas/{idea.pk}/").text


def test_unrelated_ideas_are_not_suggested(dark_mode, carol_client):
    html = similar(carol_client, "Night theme", "black background please").text
    assert "Export reports to CSV" not in html
    assert "Dark mode" not in similar(carol_client, "xyzzy plugh").text
