import pytest
from django.urls import reverse

from groundswell.feedback.models import Idea, IdeaEvent, IdeaEventKind


def url(idea, slug="acme"):
    return reverse("feedback:move_idea", kwargs={"workspace_slug": slug, "idea_id": idea.pk})


def test_team_member_moves_an_idea_and_it_is_recorded(bob_client, bob, idea, private_board):
    assert bob_client.post(url(idea), {"board": private_board.pk}).status_code == 302
    idea.refresh_from_db()
    assert idea.board == private_board
    event = IdeaEvent.objects.get(idea=idea, kind=IdeaEventKind.MOVED)
    assert event.actor == bob


@pytest.mark.parametrize("value", ["", "nope", "4242"])
def test_unknown_board_is_a_message(alice_client, idea, board, value):
    response = alice_client.post(url(idea), {"board": value}, follow=True)
    assert "Choose one of the workspace&#x27;s boards" in response.content.decode()
    idea.refresh_from_db()
    assert idea.board == board


def test_board_of_another_workspace_is_refused(alice_client, idea, board, other_workspace):
    alice_client.post(url(idea), {"board": other_workspace.boards.get().pk})
    idea.refresh_from_db()
    assert idea.board == board


def test_idea_of_another_workspace_cannot_be_touched(alice_client, private_board, other_workspace):
    globex_idea = Idea.objects.get(workspace=other_workspace)
    assert alice_client.post(url(globex_idea), {"board": private_board.pk}).status_code == 404
    globex_board = other_workspace.boards.get()
    assert (
        alice_client.post(url(globex_idea, "globex"), {"board": globex_board.pk}).status_code == 403
    )
    globex_idea.refresh_from_db()
    assert globex_idea.board == globex_board


@pytest.mark.parametrize("persona", ["carol_client", "charlie_client", "client"])
def test_customer_outsider_and_anonymous_are_refused(request, persona, idea, board, private_board):
    response = request.getfixturevalue(persona).post(url(idea), {"board": private_board.pk})
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.board == board
