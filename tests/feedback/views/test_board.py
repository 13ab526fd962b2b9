from django.test import Client

from groundswell.feedback import services


def url(board, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/{board.workspace.slug}/boards/{board.slug}/" + (f"?{query}" if query else "")


def test_public_board_lists_ideas_for_anonymous(board, idea):
    response = Client().get(url(board))
    assert response.status_code == 200
    assert "Dark mode" in response.text


def test_private_board_is_hidden_from_customers_and_outsiders(
    private_board, private_idea, carol_client, charlie_client
):
    assert Client().get(url(private_board)).status_code == 404
    assert carol_client.get(url(private_board)).status_code == 404
    assert charlie_client.get(url(private_board)).status_code == 404


def test_private_board_shows_to_team(private_board, private_idea, bob_client):
    response = bob_client.get(url(private_board))
    assert response.status_code == 200
    assert "Secret pricing change" in response.text


def test_other_workspace_board_is_not_reachable_through_acme(
    workspace, other_workspace, alice_client
):
    globex_board = other_workspace.boards.first()
    response = alice_client.get(f"/acme/boards/{globex_board.slug}/")
    assert response.status_code == 404


def test_workspace_home_hides_private_boards_from_customers(
    board, private_board, carol_client, bob_client
):
    assert "Team roadmap" not in carol_client.get("/acme/").text
    assert "Team roadmap" in bob_client.get("/acme/").text


def test_search_filter_and_sort(board, idea, carol):
    services.create_idea(board, carol, "Export to CSV")
    response = Client().get(url(board, q="csv"))
    assert "Export to CSV" in response.text
    assert "Dark mode" not in response.text
    response = Client().get(url(board, status="planned"))
    assert "Dark mode" not in response.text
    response = Client().get(url(board, sort="new"))
    assert response.text.index("Export to CSV") < response.text.index("Dark mode")


def test_htmx_filter_returns_only_the_list(board, idea):
    response = Client().get(
        url(board, q="dark"), headers={"HX-Request": "true", "HX-Target": "idea-list"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="idea-list">')
    assert "<html" not in response.text


def test_more_ideas_link_pages_on(board, carol):
    for n in range(25):
        services.create_idea(board, carol, f"Idea {n:02d}")
    first = Client().get(url(board, sort="new"))
    assert "More ideas" in first.text
    cursor = first.context["page"].next_cursor
    second = Client().get(url(board, sort="new", cursor=cursor))
    assert "Idea 04" in second.text
    assert "Idea 24" not in second.text


def test_bad_cursor_starts_again(board, idea):
    response = Client().get(url(board, cursor="not-a-cursor"))
    assert response.status_code == 302


def test_user_text_is_escaped(board, carol):
    services.create_idea(board, carol, "<img src=x onerror=alert(1)>")
    response = Client().get(url(board))
    assert "<img src=x" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text
