import pytest
from django.urls import reverse

from groundswell.feedback import services
from groundswell.feedback.models import Comment, Idea


def url(comment, slug="acme"):
    return reverse(
        "feedback:toggle_comment", kwargs={"workspace_slug": slug, "comment_id": comment.pk}
    )


@pytest.fixture
def comment(idea, carol):
    return services.add_comment(idea, carol, "Rude words")


def test_team_member_hides_then_shows_a_comment(bob_client, bob, idea, comment):
    assert bob_client.post(url(comment)).status_code == 302
    comment.refresh_from_db()
    idea.refresh_from_db()
    assert comment.hidden_at is not None and comment.hidden_by == bob
    assert idea.comment_count == 0
    bob_client.post(url(comment))
    comment.refresh_from_db()
    idea.refresh_from_db()
    assert comment.hidden_at is None and comment.hidden_by is None
    assert idea.comment_count == 1


def test_hidden_comment_disappears_for_customers(alice_client, carol_client, idea, comment):
    alice_client.post(url(comment))
    page = carol_client.get(
        reverse("feedback:idea", kwargs={"workspace_slug": "acme", "idea_id": idea.pk})
    )
    assert "Rude words" not in page.content.decode()


def test_comment_of_another_workspace_cannot_be_touched(alice_client, charlie, other_workspace):
    globex_comment = services.add_comment(
        Idea.objects.get(workspace=other_workspace), charlie, "Globex chat"
    )
    assert alice_client.post(url(globex_comment)).status_code == 404
    assert alice_client.post(url(globex_comment, "globex")).status_code == 403
    globex_comment.refresh_from_db()
    assert globex_comment.hidden_at is None


@pytest.mark.parametrize("persona", ["carol_client", "charlie_client", "client"])
def test_customer_outsider_and_anonymous_are_refused(request, persona, comment):
    assert request.getfixturevalue(persona).post(url(comment)).status_code == 403
    assert Comment.objects.get(pk=comment.pk).hidden_at is None
