from django.test import Client

from groundswell.feedback import services
from groundswell.feedback.models import StatusMeaning


def page(idea):
    return f"/{idea.workspace.slug}/ideas/{idea.pk}/"


def test_idea_page_shows_body_votes_and_status_history(idea, workspace, alice):
    services.change_status(
        idea, workspace.statuses.get(meaning=StatusMeaning.PLANNED), alice, "Next quarter"
    )
    response = Client().get(page(idea))
    assert response.status_code == 200
    assert "<strong>dark</strong>" in response.text
    assert "Next quarter" in response.text
    assert "Planned" in response.text


def test_internal_and_hidden_comments_show_only_to_team(
    idea, bob, carol, alice, bob_client, carol_client
):
    services.add_comment(idea, bob, "Big customer", is_internal=True)
    spam = services.add_comment(idea, carol, "Buy cheap watches")
    services.hide_comment(spam, alice)
    services.add_comment(idea, carol, "Visible remark")
    customer_view = carol_client.get(page(idea)).text
    assert "Visible remark" in customer_view
    assert "Big customer" not in customer_view
    assert "cheap watches" not in customer_view
    team_view = bob_client.get(page(idea)).text
    assert "Big customer" in team_view and "cheap watches" in team_view


def test_team_panel_only_for_team(idea, bob_client, carol_client):
    assert "Team actions" in bob_client.get(page(idea)).text
    assert "Team actions" not in carol_client.get(page(idea)).text


def test_private_idea_is_404_for_outsiders(private_idea, charlie_client):
    assert charlie_client.get(page(private_idea)).status_code == 404
    assert Client().get(page(private_idea)).status_code == 404


def test_idea_of_other_workspace_is_404_under_acme(workspace, other_workspace):
    globex_idea = other_workspace.ideas.first()
    assert Client().get(f"/acme/ideas/{globex_idea.pk}/").status_code == 404
