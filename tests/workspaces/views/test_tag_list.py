from django.urls import reverse

from groundswell.feedback import services as feedback

URL = reverse("workspaces:tags", kwargs={"workspace_slug": "acme"})


def test_admin_sees_the_workspace_tags_with_counts(alice_client, workspace, idea, other_workspace):
    tag = feedback.create_tag(workspace, "Mobile")
    feedback.tag_idea(idea, tag)
    feedback.create_tag(other_workspace, "Globex tag")
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert [(t.name, t.idea_total) for t in response.context["tags"]] == [("Mobile", 1)]
    assert "Globex tag" not in response.content.decode()


def test_member_is_refused(bob_client, workspace):
    assert bob_client.get(URL).status_code == 403


def test_outsider_is_refused(charlie_client, workspace):
    assert charlie_client.get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, workspace):
    assert client.get(URL).status_code == 302
