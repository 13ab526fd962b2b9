import pytest
from django.urls import reverse

from groundswell.feedback import services as feedback
from groundswell.feedback.models import Idea, Tag


def url(tag):
    return reverse("workspaces:delete_tag", kwargs={"workspace_slug": "acme", "tag_id": tag.pk})


@pytest.fixture
def tag(workspace):
    return feedback.create_tag(workspace, "Mobile")


def test_admin_deletes_a_tag_and_ideas_stay(alice_client, tag, idea):
    feedback.tag_idea(idea, tag)
    assert alice_client.get(url(tag)).status_code == 200
    assert alice_client.post(url(tag)).status_code == 302
    assert not Tag.objects.filter(pk=tag.pk).exists()
    assert Idea.objects.get(pk=idea.pk).tags.count() == 0


def test_tag_of_another_workspace_is_404(alice_client, workspace, other_workspace):
    globex_tag = feedback.create_tag(other_workspace, "Globex")
    assert alice_client.post(url(globex_tag)).status_code == 404
    assert Tag.objects.filter(pk=globex_tag.pk).exists()


@pytest.mark.parametrize("persona", ["bob_client", "charlie_client"])
def test_member_and_outsider_are_refused(request, persona, tag):
    assert request.getfixturevalue(persona).post(url(tag)).status_code == 403
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_anonymous_is_sent_to_sign_in(client, tag):
    assert client.post(url(tag)).status_code == 302
    assert Tag.objects.filter(pk=tag.pk).exists()
