import pytest
from django.urls import reverse

from groundswell.feedback import services as feedback


def url(board, slug="acme"):
    return reverse("workspaces:edit_board", kwargs={"workspace_slug": slug, "board_id": board.pk})


DATA = {"name": "Wishes", "slug": "wishes", "description": "New words"}


def test_admin_edits_name_address_description_and_visibility(alice_client, board):
    response = alice_client.post(url(board), DATA)
    assert response.status_code == 302
    board.refresh_from_db()
    assert (board.name, board.slug, board.description, board.is_public) == (
        "Wishes",
        "wishes",
        "New words",
        False,
    )


def test_form_is_filled_with_the_board(alice_client, board):
    html = alice_client.get(url(board)).content.decode()
    assert 'value="Feature requests"' in html
    assert 'value="feature-requests"' in html


def test_address_of_another_board_is_refused_with_a_message(alice_client, board, private_board):
    response = alice_client.post(url(board), {**DATA, "slug": private_board.slug})
    assert response.status_code == 400
    assert "already uses" in response.content.decode()
    board.refresh_from_db()
    assert board.slug == "feature-requests"


def test_board_of_another_workspace_is_404(alice_client, other_workspace):
    globex_board = other_workspace.boards.get()
    assert alice_client.post(url(globex_board), DATA).status_code == 404
    globex_board.refresh_from_db()
    assert globex_board.name == "Globex ideas"


@pytest.mark.parametrize("persona", ["bob_client", "charlie_client"])
def test_member_and_outsider_are_refused(request, persona, board):
    assert request.getfixturevalue(persona).post(url(board), DATA).status_code == 403
    board.refresh_from_db()
    assert board.name == "Feature requests"


def test_anonymous_is_sent_to_sign_in(client, board):
    assert client.post(url(board), DATA).status_code == 302
    board.refresh_from_db()
    assert board.name == "Feature requests"


def test_same_address_in_another_workspace_is_fine(alice_client, board, other_workspace):
    feedback.create_board(other_workspace, "Wishes")
    assert alice_client.post(url(board), DATA).status_code == 302
