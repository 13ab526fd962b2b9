import pytest
from django.urls import reverse

from groundswell.feedback import services
from groundswell.feedback.models import Idea


def url(idea, slug="acme"):
    return reverse("feedback:untag_idea", kwargs={"workspace_slug": slug, "idea_id": idea.pk})


@pytest.fixture
def tag(workspace, idea):
    tag = services.create_tag(workspace, "Mobile")
    services.tag_idea(idea, tag)
    return tag


def test_team_member_removes_a_tag(bob_client, idea, tag):
    assert bob_client.post(url(idea), {"tag": tag.pk}).status_code == 302
    assert not idea.tags.exists()


def test_junk_input_changes_nothing(alice_client, idea, tag):
    assert alice_client.post(url(idea), {"tag": "junk"}).status_code == 302
    assert list(idea.tags.all()) == [tag]


def test_idea_of_another_workspace_cannot_be_touched(alice_client, tag, other_workspace):
    globex_idea = Idea.objects.get(workspace=other_workspace)
    globex_tag = services.create_tag(other_workspace, "Globex")
    services.tag_idea(globex_idea, globex_tag)
    assert alice_client.post(url(globex_idea), {"tag": globex_tag.pk}).status_code == 404
    assert alice_client.post(url(globex_idea, "globex"), {"tag": globex_tag.pk}).status_code == 403
    assert list(globex_idea.tags.all()) == [globex_tag]


@pytest.mark.parametrize("persona", ["carol_client", "charlie_client", "client"])
def test_customer_outsider_and_anonymous_are_refused(request, persona, idea, tag):
    assert request.getfixturevalue(persona).post(url(idea), {"tag": tag.pk}).status_code == 403
    assert list(idea.tags.all()) == [tag]
