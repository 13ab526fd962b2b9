from django.test import Client

from groundswell.feedback.models import Idea, Vote


def test_submit_creates_idea_with_authors_vote(board, carol_client, carol):
    response = carol_client.post(
        "/acme/submit/", {"board": board.pk, "title": "Offline mode", "body": "On planes"}
    )
    idea = Idea.objects.get(title="Offline mode")
    assert response.status_code == 302
    assert response["Location"] == f"/acme/ideas/{idea.pk}/"
    assert idea.author == carol and idea.vote_count == 1
    assert Vote.objects.filter(idea=idea, voter=carol).exists()


def test_submit_shows_errors_and_keeps_input(board, carol_client):
    response = carol_client.post(
        "/acme/submit/", {"board": board.pk, "title": "ab", "body": "kept"}
    )
    assert response.status_code == 400
    assert "Ensure this value has at least 4 characters" in response.text
    assert "kept" in response.text
    assert not Idea.objects.filter(title="ab").exists()


def test_customer_cannot_post_to_private_board(private_board, carol_client):
    response = carol_client.post(
        "/acme/submit/", {"board": private_board.pk, "title": "Sneaky idea"}
    )
    assert response.status_code == 400
    assert not Idea.objects.filter(title="Sneaky idea").exists()


def test_cannot_post_to_another_workspaces_board(board, other_workspace, carol_client):
    globex_board = other_workspace.boards.first()
    response = carol_client.post("/acme/submit/", {"board": globex_board.pk, "title": "Cross post"})
    assert response.status_code == 400
    assert not Idea.objects.filter(title="Cross post").exists()


def test_anonymous_is_sent_to_sign_in(board):
    response = Client().get("/acme/submit/")
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]
