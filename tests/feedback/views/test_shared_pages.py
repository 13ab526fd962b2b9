"""Signed-in people share a board rendering a few seconds old, with their own
votes, unread count and CSRF token filled in; nothing of one person reaches another."""

import re

import pytest
from django.core.cache import caches
from django.test import Client

from groundswell.feedback import services
from groundswell.notifications.services import fan_out_pending
from groundswell.pagecache import CSRF_PLACEHOLDER, FRESH_COOKIE
from tests.conftest import client_for
from tests.notifications.conftest import status


@pytest.fixture
def shared_pages(settings):
    settings.SIGNED_IN_PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def dave(db):
    from groundswell.accounts.models import User

    return User.objects.create_user("dave@customer.example", "a-long-password-1", name="Dave")


def board_url(board) -> str:
    return f"/acme/boards/{board.slug}/"


def test_people_share_a_recent_rendering(shared_pages, board, idea, carol, dave):
    client_for(carol).get(board_url(board))
    services.create_idea(board, carol, "Export to CSV")
    page = client_for(dave).get(board_url(board))
    assert page.status_code == 200
    assert "Dark mode" in page.text
    assert "Export to CSV" not in page.text  # Carol's rendering, shared


def test_each_person_sees_their_own_votes(shared_pages, board, idea, carol, dave):
    services.add_vote(idea, carol)
    carols = client_for(carol).get(board_url(board)).text  # renders the shared copy
    daves = client_for(dave).get(board_url(board)).text  # served from it
    assert 'aria-label="Remove your vote for Dark mode"' in carols
    assert 'aria-label="Vote for Dark mode"' not in carols
    assert 'aria-label="Vote for Dark mode"' in daves
    assert "Remove your vote" not in daves
    assert "<!--gs:" not in carols + daves  # markers never reach a page


def test_a_vote_for_a_merged_idea_shows_on_the_idea_it_was_merged_into(
    shared_pages, board, idea, carol, dave, alice
):
    duplicate = services.create_idea(board, dave, "Night theme")
    services.add_vote(duplicate, dave)
    services.merge_ideas(duplicate, idea, alice)
    page = client_for(dave).get(board_url(board)).text
    assert 'aria-label="Remove your vote for Dark mode"' in page


def test_each_person_gets_a_csrf_token_that_works(shared_pages, board, idea, carol, dave):
    client_for(carol).get(board_url(board))
    dave_client = Client(enforce_csrf_checks=True)
    dave_client.force_login(dave)
    page = dave_client.get(board_url(board)).text
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert tokens and all(len(token) == 64 for token in tokens)
    response = dave_client.post(
        f"/acme/ideas/{idea.pk}/vote/", {"csrfmiddlewaretoken": tokens.pop()}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.vote_count == 2  # Carol's, as its author, and Dave's


def test_each_person_sees_their_own_unread_count(
    shared_pages, workspace, board, idea, carol, dave, alice
):
    services.change_status(idea, status(workspace, "planned"), alice, "On the roadmap.")
    fan_out_pending()  # Carol follows her own idea; Dave follows nothing
    daves = client_for(dave).get(board_url(board)).text
    carols = client_for(carol).get(board_url(board)).text
    assert 'Notifications <span class="badge">1</span>' in carols
    assert "Notifications</a>" in daves


def test_the_team_and_everyone_else_get_separate_copies(
    shared_pages, board, private_board, private_idea, bob, carol
):
    team_page = client_for(bob).get(board_url(board)).text
    assert private_board.name in team_page
    customer_page = client_for(carol).get(board_url(board)).text
    assert private_board.name not in customer_page
    assert ">Team</a>" not in customer_page
    assert client_for(carol).get(board_url(private_board)).status_code == 404


def test_whoever_just_voted_sees_a_fresh_page(shared_pages, board, idea, carol, dave):
    client_for(carol).get(board_url(board))  # a copy showing Carol's vote alone
    dave_client = client_for(dave)
    response = dave_client.post(f"/acme/ideas/{idea.pk}/vote/", headers={"HX-Request": "true"})
    assert FRESH_COOKIE in response.cookies
    page = dave_client.get(board_url(board)).text
    assert re.search(r'Remove your vote for Dark mode">\s*<span aria-hidden="true">▲</span>'
                     r'<span class="vote-count">2</span>', page)  # fmt: skip


def test_the_page_rendered_for_whoever_just_voted_then_serves_everyone(
    shared_pages, board, idea, carol, dave
):
    client_for(carol).get(board_url(board))  # a copy showing one vote
    dave_client = client_for(dave)
    dave_client.post(f"/acme/ideas/{idea.pk}/vote/")
    dave_client.get(board_url(board))  # rendered anew, and shared from now on
    carols = client_for(carol).get(board_url(board)).text
    assert re.search(r'Remove your vote for Dark mode">\s*<span aria-hidden="true">▲</span>'
                     r'<span class="vote-count">2</span>', carols)  # fmt: skip


def test_a_persons_message_is_shown_to_them_alone(
    shared_pages, workspace, board, idea, alice, carol, dave
):
    services.change_status(idea, status(workspace, "shipped"), alice)
    carol_client = client_for(carol)
    carol_client.post(f"/acme/ideas/{idea.pk}/vote/")  # refused, with a message
    carol_client.cookies.pop(FRESH_COOKIE, None)
    assert "no longer take votes" in carol_client.get(board_url(board)).text
    assert "no longer take votes" not in client_for(dave).get(board_url(board)).text


def test_messages_kept_in_the_session_never_go_into_a_shared_copy(
    shared_pages, settings, workspace, board, idea, alice, carol, dave
):
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    services.change_status(idea, status(workspace, "shipped"), alice)
    carol_client = client_for(carol)
    carol_client.post(f"/acme/ideas/{idea.pk}/vote/")
    carol_client.cookies.pop(FRESH_COOKIE, None)
    carol_client.get(board_url(board))
    assert "no longer take votes" not in client_for(dave).get(board_url(board)).text


def test_htmx_fragments_are_shared_apart_from_pages(shared_pages, board, idea, carol, dave):
    url = board_url(board) + "?q=dark"
    fragment = client_for(carol).get(url, headers={"HX-Request": "true", "HX-Target": "idea-list"})
    full = client_for(dave).get(url)
    assert "<html" not in fragment.text
    assert "<html" in full.text


def test_the_workspace_home_is_shared_too(shared_pages, workspace, board, idea, carol, dave):
    client_for(carol).get("/acme/")
    feedback_board = services.create_board(workspace, "Integrations")
    page = client_for(dave).get("/acme/")
    assert page.status_code == 200
    assert board.name in page.text
    assert feedback_board.name not in page.text  # Carol's rendering, shared
    assert "Sign out" in page.text
    assert re.search(r'name="csrfmiddlewaretoken" value="[A-Za-z0-9]{64}"', page.text)
    assert CSRF_PLACEHOLDER not in page.text


def test_an_unknown_workspace_is_not_found_for_everyone(shared_pages, carol):
    assert client_for(carol).get("/nowhere/").status_code == 404
    assert client_for(carol).get("/nowhere/boards/ideas/").status_code == 404


def test_a_rendering_that_sets_a_cookie_is_the_persons_own(shared_pages, rf, workspace, carol):
    from django.template import engines
    from django.template.response import TemplateResponse

    from groundswell.pagecache import shared_with_people

    @shared_with_people
    def view(request, workspace_slug):
        template = engines["django"].from_string("for {{ user.email }}")
        response = TemplateResponse(request, template, {})
        response.set_cookie("chosen", "1")
        return response

    request = rf.get("/acme/")
    request.user = carol
    response = view(request, workspace_slug="acme")
    response.render()
    assert response.content.decode() == f"for {carol.email}"
    assert "chosen" in response.cookies
