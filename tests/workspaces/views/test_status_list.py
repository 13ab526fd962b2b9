from django.urls import reverse

URL = reverse("workspaces:statuses", kwargs={"workspace_slug": "acme"})


def test_admin_sees_statuses_in_order_with_default_and_counts(alice_client, idea, other_workspace):
    response = alice_client.get(URL)
    assert response.status_code == 200
    statuses = list(response.context["statuses"])
    assert [s.name for s in statuses] == [
        "Open",
        "Under review",
        "Planned",
        "In progress",
        "Shipped",
        "Closed",
    ]
    assert statuses[0].idea_total == 1
    assert all(s.workspace_id == idea.workspace_id for s in statuses)
    assert "Default" in response.content.decode()


def test_member_is_refused(bob_client, workspace):
    assert bob_client.get(URL).status_code == 403


def test_outsider_is_refused(charlie_client, workspace):
    assert charlie_client.get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, workspace):
    assert client.get(URL).status_code == 302
