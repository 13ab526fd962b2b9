import pytest
from django.urls import reverse

from groundswell.feedback.models import Idea, Vote


def url(idea, slug="acme"):
    return reverse("feedback:delete_idea", kwargs={"workspace_slug": slug, "idea_id": idea.pk})


def test_team_member_deletes_an_idea_with_its_votes(bob_client, idea, board):
    response = bob_client.post(url(idea))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "feedback:board", kwargs={"workspace_slug": "acme", "board_slug": board.slug}
    )
    assert not Idea.objects.filter(pk=idea.pk).exists()
    assert not Vote.objects.filter(idea_id=idea.pk).exists()


def test_get_deletes_nothing(alice_client, idea):
    assert alice_client.get(url(idea)).status_code == 405
    assert Idea.objects.filter(pk=idea.pk).exists()


def test_idea_of_another_workspace_cannot_be_touched(alice_client, workspace, other_workspace):
    globex_idea = Idea.objects.get(workspace=other_workspace)
    assert alice_client.post(url(globex_idea)).status_code == 404
    assert alice_client.post(url(globex_idea, "globex")).status_code == 403
    assert Idea.objects.filter(pk=globex_idea.pk).exists()


@pytest.mark.parametrize("persona", ["carol_client", "charlie_client", "client"])
def test_customer_outsider_and_anonymous_are_refused(request, persona, idea):
    assert request.getfixturevalue(persona).post(url(idea)).status_code == 403
    assert Idea.objects.filter(pk=idea.pk).exists()
