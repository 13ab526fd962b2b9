import pytest
from django.urls import reverse

from groundswell.feedback.models import Board, Idea


def url(board):
    return reverse(
        "workspaces:delete_board", kwargs={"workspace_slug": "acme", "board_id": board.pk}
    )


def test_confirmation_page_says_what_goes(alice_client, board, idea):
    response = alice_client.get(url(board))
    assert response.status_code == 200
    assert "1 idea," in response.content.decode()
    assert Board.objects.filter(pk=board.pk).exists()


def test_admin_deletes_board_and_its_ideas(alice_client, board, idea):
    response = alice_client.post(url(board))
    assert response.status_code == 302
    assert not Board.objects.filter(pk=board.pk).exists()
    assert not Idea.objects.filter(pk=idea.pk).exists()


def test_board_of_another_workspace_is_404(alice_client, workspace, other_workspace):
    globex_board = other_workspace.boards.get()
    assert alice_client.post(url(globex_board)).status_code == 404
    assert Board.objects.filter(pk=globex_board.pk).exists()


@pytest.mark.parametrize("persona", ["bob_client", "carol_client", "charlie_client"])
def test_others_are_refused(request, persona, board):
    assert request.getfixturevalue(persona).post(url(board)).status_code == 403
    assert Board.objects.filter(pk=board.pk).exists()


def test_anonymous_is_sent_to_sign_in(client, board):
    assert client.post(url(board)).status_code == 302
    assert Board.objects.filter(pk=board.pk).exists()
