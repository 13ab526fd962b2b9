import pytest
from django.urls import reverse

from groundswell.feedback import services
from groundswell.feedback.models import Idea


def url(idea, slug="acme"):
    return reverse("feedback:tag_idea", kwargs={"workspace_slug": slug, "idea_id": idea.pk})


@pytest.fixture
def tag(workspace):
    return services.create_tag(workspace, "Mobile")


def test_team_member_tags_an_idea(bob_client, idea, tag):
    assert bob_client.post(url(idea), {"tag": tag.pk}).status_code == 302
    assert list(idea.tags.all()) == [tag]


@pytest.mark.parametrize("value", ["", "x", "12345"])
def test_unknown_tag_is_a_message(alice_client, idea, tag, value):
    response = alice_client.post(url(idea), {"tag": value}, follow=True)
    assert "Choose one of the workspace&#x27;s tags" in response.content.decode()
    assert not idea.tags.exists()


def test_tag_of_another_workspace_is_refused(alice_client, idea, other_workspace):
    globex_tag = services.create_tag(other_workspace, "Globex")
    alice_client.post(url(idea), {"tag": globex_tag.pk})
    assert not idea.tags.exists()


def test_idea_of_another_workspace_cannot_be_touched(alice_client, tag, other_workspace):
    globex_idea = Idea.objects.get(workspace=other_workspace)
    assert alice_client.post(url(globex_idea), {"tag": tag.pk}).status_code == 404
    globex_tag = services.create_tag(other_workspace, "Globex")
    assert alice_client.post(url(globex_idea, "globex"), {"tag": globex_tag.pk}).status_code == 403
    assert not globex_idea.tags.exists()


@pytest.mark.parametrize("persona", ["carol_client", "charlie_client", "client"])
def test_customer_outsider_and_anonymous_are_refused(request, persona, idea, tag):
    assert request.getfixturevalue(persona).post(url(idea), {"tag": tag.pk}).status_code == 403
    assert not idea.tags.exists()
