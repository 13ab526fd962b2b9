from django.test import Client

from groundswell.feedback import services


def test_my_activity_lists_ideas_votes_and_comments(idea, board, carol, carol_client, alice):
    other = services.create_idea(board, alice, "Bulk edit")
    services.add_vote(other, carol)
    services.add_comment(other, carol, "Would save hours")
    response = carol_client.get("/acme/me/")
    assert response.status_code == 200
    assert "Dark mode" in response.text
    assert "Bulk edit" in response.text
    assert "Would save hours" in response.text


def test_activity_hides_private_board_ideas_from_customers(
    private_idea, alice, carol_client, bob_client
):
    assert "Secret pricing change" not in carol_client.get(f"/acme/people/{alice.pk}/").text
    assert "Secret pricing change" in bob_client.get(f"/acme/people/{alice.pk}/").text


def test_activity_never_shows_other_workspaces(workspace, other_workspace, charlie):
    response = Client().get(f"/acme/people/{charlie.pk}/")
    assert "Globex private plan" not in response.text


def test_my_activity_requires_sign_in(workspace):
    assert Client().get("/acme/me/").status_code == 302
