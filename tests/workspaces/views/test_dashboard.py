from django.urls import reverse

from groundswell.feedback import services as feedback

URL = reverse("workspaces:dashboard", kwargs={"workspace_slug": "acme"})


def test_team_member_sees_ideas_from_every_board_including_private(
    bob_client, idea, private_idea, other_workspace
):
    response = bob_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dark mode" in page
    assert "Secret pricing change" in page
    assert "Globex private plan" not in page


def test_ideas_are_newest_first_with_status_and_votes(alice_client, board, carol):
    feedback.create_idea(board, carol, "Older idea")
    feedback.create_idea(board, carol, "Newer idea")
    page = alice_client.get(URL).content.decode()
    assert page.index("Newer idea") < page.index("Older idea")
    assert "Open" in page
    assert '<td class="number">1</td>' in page


def test_admin_links_show_to_admins_only(alice_client, bob_client, workspace):
    manage_boards = reverse("workspaces:boards", kwargs={"workspace_slug": "acme"})
    assert manage_boards in alice_client.get(URL).content.decode()
    assert manage_boards not in bob_client.get(URL).content.decode()


def test_more_ideas_continue_where_the_page_ended(alice_client, board, carol):
    for number in range(25):
        feedback.create_idea(board, carol, f"Idea number {number}", vote_for_it=False)
    first = alice_client.get(URL)
    assert first.context["page"].next_cursor
    more = alice_client.get(
        URL, {"cursor": first.context["page"].next_cursor}, headers={"HX-Request": "true"}
    )
    assert more.status_code == 200
    assert "<html" not in more.content.decode()
    assert "Idea number 0" in more.content.decode()


def test_status_filter_and_search(alice_client, board, carol, workspace):
    planned = workspace.statuses.get(slug="planned")
    kept = feedback.create_idea(board, carol, "Planned thing")
    feedback.change_status(kept, planned, None)
    feedback.create_idea(board, carol, "Open thing")
    page = alice_client.get(URL, {"status": "planned"}).content.decode()
    assert "Planned thing" in page and "Open thing" not in page


def test_customer_is_refused(carol_client, idea):
    assert carol_client.get(URL).status_code == 403


def test_outsider_is_refused(charlie_client, idea, other_workspace):
    assert charlie_client.get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, workspace):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))


def test_team_of_one_workspace_cannot_see_another(alice_client, other_workspace):
    url = reverse("workspaces:dashboard", kwargs={"workspace_slug": "globex"})
    assert alice_client.get(url).status_code == 403


def test_unknown_workspace_is_404(alice_client, workspace):
    url = reverse("workspaces:dashboard", kwargs={"workspace_slug": "nope"})
    assert alice_client.get(url).status_code == 404
