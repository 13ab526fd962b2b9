from django.test import Client

from groundswell.feedback import services


def merge(client, idea, target_id):
    return client.post(f"/acme/ideas/{idea.pk}/merge/", {"target": target_id})


def test_team_merges_and_the_old_page_redirects_with_a_banner(board, idea, bob_client, alice):
    target = services.create_idea(board, alice, "Night theme")
    response = merge(bob_client, idea, target.pk)
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.merged_into == target
    page = Client().get(f"/acme/ideas/{idea.pk}/", follow=True)
    assert page.redirect_chain[-1][0] == f"/acme/ideas/{target.pk}/"
    assert "was merged into this idea" in page.text
    assert "Demand: 2 people" in page.text


def test_merged_comments_show_on_the_survivor_marked_with_their_origin(
    board, idea, carol, alice, bob_client
):
    target = services.create_idea(board, alice, "Night theme")
    services.add_comment(idea, carol, "Eyes hurt at night")
    services.merge_ideas(idea, target, alice)
    page = Client().get(f"/acme/ideas/{target.pk}/").text
    assert "Eyes hurt at night" in page
    assert "From “Dark mode”" in page


def test_merged_idea_leaves_the_board_list(board, idea, alice):
    target = services.create_idea(board, alice, "Night theme")
    services.merge_ideas(idea, target, alice)
    listing = Client().get(f"/acme/boards/{board.slug}/").text
    assert "Night theme" in listing and "Dark mode" not in listing


def test_team_unmerges(board, idea, bob_client, alice):
    target = services.create_idea(board, alice, "Night theme")
    services.merge_ideas(idea, target, alice)
    response = bob_client.post(f"/acme/ideas/{idea.pk}/unmerge/")
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.merged_into is None and idea.vote_count == 1


def test_customers_outsiders_and_anonymous_cannot_merge(
    board, idea, alice, carol_client, charlie_client
):
    target = services.create_idea(board, alice, "Night theme")
    for client in (carol_client, charlie_client):
        assert merge(client, idea, target.pk).status_code == 403
    assert merge(Client(), idea, target.pk).status_code in (302, 403)
    idea.refresh_from_db()
    assert idea.merged_into is None


def test_customers_cannot_unmerge(board, idea, alice, carol_client):
    target = services.create_idea(board, alice, "Night theme")
    services.merge_ideas(idea, target, alice)
    assert carol_client.post(f"/acme/ideas/{idea.pk}/unmerge/").status_code == 403
    idea.refresh_from_db()
    assert idea.merged_into == target


def test_cannot_merge_into_another_workspaces_idea(idea, other_workspace, bob_client):
    response = merge(bob_client, idea, other_workspace.ideas.first().pk)
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.merged_into is None


def test_bad_target_shows_an_error(idea, bob_client):
    response = bob_client.post(f"/acme/ideas/{idea.pk}/merge/", {"target": "abc"}, follow=True)
    assert "Choose an idea of this workspace" in response.text
    response = bob_client.post(f"/acme/ideas/{idea.pk}/merge/", {"target": idea.pk}, follow=True)
    assert "cannot be merged into itself" in response.text


def test_merges_show_in_both_ideas_history(board, idea, alice):
    target = services.create_idea(board, alice, "Night theme")
    services.merge_ideas(idea, target, alice)
    services.unmerge_idea(idea, alice)
    target_page = Client().get(f"/acme/ideas/{target.pk}/").text
    assert "“Dark mode” was merged into this idea." in target_page
    assert "“Dark mode” is its own idea again." in target_page
    own_page = Client().get(f"/acme/ideas/{idea.pk}/").text
    assert "Merged into “Night theme”." in own_page
    assert "Taken out of “Night theme” again." in own_page
