"""An idea's page shows the feedback behind it to the team, and to nobody else."""

from groundswell.inbox import services

QUOTE = b"My eyes hurt at night."


def test_the_team_sees_the_evidence(item, idea, bob, bob_client):
    services.link_item_to_idea(item, idea, bob)
    response = bob_client.get(f"/acme/ideas/{idea.pk}/")
    assert response.status_code == 200
    assert QUOTE in response.content
    assert b"Initech" in response.content


def test_customers_and_visitors_see_no_evidence(
    item, idea, bob, carol_client, charlie_client, client
):
    services.link_item_to_idea(item, idea, bob)
    for visitor in (carol_client, charlie_client, client):
        response = visitor.get(f"/acme/ideas/{idea.pk}/")
        assert response.status_code == 200
        assert QUOTE not in response.content
        assert b"Evidence" not in response.content
