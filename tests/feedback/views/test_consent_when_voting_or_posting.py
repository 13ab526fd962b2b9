"""Voting or posting asks, pre-filled, how much the person wants to hear about the idea."""

from django.db import connection
from django.urls import set_script_prefix

from groundswell.feedback import services
from groundswell.feedback.models import Idea
from groundswell.notifications.models import IdeaNotificationPreference, NotificationLevel
from groundswell.notifications.services import set_idea_level, set_level

HEAR = "How much do you want to hear about this?"


def vote_url(idea, action="vote"):
    return f"/{idea.workspace.slug}/ideas/{idea.pk}/{action}/"


def queries_run(request) -> int:
    seen = []

    def count(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        request()
    return len(seen)


def test_htmx_vote_reveals_the_question_pre_filled(idea, workspace, charlie, charlie_client):
    set_level(charlie.pk, workspace, NotificationLevel.SHIPPED_ONLY)
    response = charlie_client.post(vote_url(idea), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert HEAR in response.text
    assert '<option value="shipped_only" selected>Only when it ships</option>' in response.text
    assert f'action="/notifications/ideas/{idea.pk}/level/"' in response.text


def test_the_question_posts_under_the_sites_prefix(idea, charlie_client):
    """The form's address is built once per process and script prefix, not per vote."""
    hx = {"HX-Request": "true"}
    set_script_prefix("/feedback/")  # as WSGIHandler does from SCRIPT_NAME; the test client doesn't
    try:
        mounted = charlie_client.post(vote_url(idea), headers=hx)
    finally:
        set_script_prefix("/")
    assert f'action="/feedback/notifications/ideas/{idea.pk}/level/"' in mounted.text
    charlie_client.post(vote_url(idea, "unvote"), headers=hx)
    at_root = charlie_client.post(vote_url(idea), headers=hx)
    assert f'action="/notifications/ideas/{idea.pk}/level/"' in at_root.text


def test_the_question_prefers_the_persons_own_level_for_the_idea(idea, charlie, charlie_client):
    set_idea_level(charlie, idea, NotificationLevel.ALL)
    response = charlie_client.post(vote_url(idea), headers={"HX-Request": "true"})
    assert '<option value="all" selected>Every update</option>' in response.text


def test_removing_a_vote_does_not_ask(idea, carol_client):
    response = carol_client.post(vote_url(idea, "unvote"), headers={"HX-Request": "true"})
    assert HEAR not in response.text


def test_asking_costs_the_vote_at_most_one_query(board, carol, charlie_client):
    first = services.create_idea(board, carol, "First idea", "")
    second = services.create_idea(board, carol, "Second idea", "")
    plain = queries_run(lambda: charlie_client.post(vote_url(first)))
    htmx = queries_run(
        lambda: charlie_client.post(vote_url(second), headers={"HX-Request": "true"})
    )
    assert htmx <= plain + 1


def test_without_javascript_the_vote_lands_on_the_idea_page_that_asks(idea, charlie_client):
    response = charlie_client.post(vote_url(idea), follow=True)
    assert response.redirect_chain[-1][0] == f"/acme/ideas/{idea.pk}/"
    assert HEAR in response.text
    assert '<option value="status" selected>Status changes only</option>' in response.text


def test_the_idea_page_asks_only_people_taking_part(idea, client, charlie_client):
    assert HEAR not in charlie_client.get(f"/acme/ideas/{idea.pk}/").text
    assert HEAR not in client.get(f"/acme/ideas/{idea.pk}/").text


def test_submit_form_asks_pre_filled_from_the_workspace_level(
    board, workspace, carol, carol_client
):
    set_level(carol.pk, workspace, NotificationLevel.ALL)
    page = carol_client.get("/acme/submit/")
    assert HEAR in page.text
    assert '<option value="all" selected>Every update</option>' in page.text


def test_posting_saves_the_answer_for_the_new_idea(board, carol, carol_client):
    carol_client.post(
        "/acme/submit/",
        {"board": board.pk, "title": "Offline mode", "body": "", "hear": "shipped_only"},
    )
    idea = Idea.objects.get(title="Offline mode")
    preference = IdeaNotificationPreference.objects.get(person=carol)
    assert (preference.idea, preference.level) == (idea, NotificationLevel.SHIPPED_ONLY)


def test_posting_refuses_an_unknown_answer_and_saves_nothing(board, carol_client):
    response = carol_client.post(
        "/acme/submit/", {"board": board.pk, "title": "Offline mode", "hear": "everything!"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not Idea.objects.filter(title="Offline mode").exists()
    assert not IdeaNotificationPreference.objects.exists()
