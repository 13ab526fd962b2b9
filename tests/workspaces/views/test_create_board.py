from django.urls import reverse

from groundswell.feedback.models import Board

URL = reverse("workspaces:create_board", kwargs={"workspace_slug": "acme"})
DATA = {"name": "Integrations", "description": "Connect to your tools."}


def test_admin_creates_a_private_board(alice_client, workspace):
    response = alice_client.post(URL, DATA)
    assert response.status_code == 302
    board = Board.objects.get(workspace=workspace, name="Integrations")
    assert board.slug == "integrations"
    assert board.description == "Connect to your tools."
    assert board.is_public is False


def test_admin_creates_a_public_board(alice_client, workspace):
    alice_client.post(URL, {**DATA, "is_public": "on"})
    assert Board.objects.get(workspace=workspace, name="Integrations").is_public


def test_same_name_gets_its_own_address(alice_client, board):
    alice_client.post(URL, {"name": board.name, "is_public": "on"})
    assert sorted(board.workspace.boards.values_list("slug", flat=True)) == [
        "feature-requests",
        "feature-requests-2",
    ]


def test_name_is_required(alice_client, workspace):
    response = alice_client.post(URL, {"name": ""})
    assert response.status_code == 400
    assert not workspace.boards.exists()


def test_form_shows(alice_client, workspace):
    assert alice_client.get(URL).status_code == 200


def test_member_is_refused(bob_client, workspace):
    assert bob_client.post(URL, DATA).status_code == 403
    assert not Board.objects.filter(name="Integrations").exists()


def test_outsider_is_refused(charlie_client, workspace, other_workspace):
    assert charlie_client.post(URL, DATA).status_code == 403
    assert not Board.objects.filter(name="Integrations").exists()


def test_anonymous_is_sent_to_sign_in(client, workspace):
    assert client.post(URL, DATA).status_code == 302
    assert not Board.objects.filter(name="Integrations").exists()
