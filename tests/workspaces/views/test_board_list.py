from django.urls import reverse

URL = reverse("workspaces:boards", kwargs={"workspace_slug": "acme"})


def test_admin_sees_every_board_with_visibility_and_counts(
    alice_client, board, private_board, idea, other_workspace
):
    response = alice_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Feature requests" in html
    assert "Team roadmap" in html and "Private" in html
    assert "Globex ideas" not in html
    counts = {b.name: b.idea_total for b in response.context["boards"]}
    assert counts == {"Feature requests": 1, "Team roadmap": 0}


def test_member_is_refused(bob_client, board):
    assert bob_client.get(URL).status_code == 403


def test_outsider_is_refused(charlie_client, board):
    assert charlie_client.get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, board):
    assert client.get(URL)["Location"].startswith(reverse("accounts:sign_in"))
