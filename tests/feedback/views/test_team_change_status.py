import pytest
from django.urls import reverse

from groundswell.feedback.models import Idea, IdeaEvent, IdeaEventKind


def url(idea, slug="acme"):
    return reverse("feedback:change_status", kwargs={"workspace_slug": slug, "idea_id": idea.pk})


@pytest.fixture
def planned(workspace):
    return workspace.statuses.get(slug="planned")


def test_team_member_changes_status_with_a_public_message(bob_client, bob, idea, planned):
    response = bob_client.post(url(idea), {"status": planned.pk, "message": "Coming in **May**"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == planned
    event = IdeaEvent.objects.get(idea=idea, kind=IdeaEventKind.STATUS_CHANGED)
    assert (event.actor, event.status, event.message) == (bob, planned, "Coming in **May**")
    assert "<strong>May</strong>" in event.message_html
    page = bob_client.get(response["Location"]).content.decode()
    assert "Coming in <strong>May</strong>" in page


def test_same_status_without_message_records_nothing(alice_client, idea):
    alice_client.post(url(idea), {"status": idea.status_id})
    assert not IdeaEvent.objects.filter(idea=idea, kind=IdeaEventKind.STATUS_CHANGED).exists()


@pytest.mark.parametrize("value", ["", "abc", "99999", "１"])
def test_unknown_status_is_a_message_not_an_error(alice_client, idea, value):
    response = alice_client.post(url(idea), {"status": value}, follow=True)
    assert response.status_code == 200
    assert "Choose one of the workspace&#x27;s statuses" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status.slug == "open"


def test_status_of_another_workspace_is_refused(alice_client, idea, other_workspace):
    globex_planned = other_workspace.statuses.get(slug="planned")
    alice_client.post(url(idea), {"status": globex_planned.pk})
    idea.refresh_from_db()
    assert idea.status.workspace_id == idea.workspace_id


def test_idea_of_another_workspace_cannot_be_touched(alice_client, workspace, other_workspace):
    globex_idea = Idea.objects.get(workspace=other_workspace)
    acme_planned = workspace.statuses.get(slug="planned")
    assert alice_client.post(url(globex_idea), {"status": acme_planned.pk}).status_code == 404
    globex_planned = other_workspace.statuses.get(slug="planned")
    response = alice_client.post(url(globex_idea, "globex"), {"status": globex_planned.pk})
    assert response.status_code == 403
    globex_idea.refresh_from_db()
    assert globex_idea.status.slug == "open"


@pytest.mark.parametrize("persona", ["carol_client", "charlie_client", "client"])
def test_customer_outsider_and_anonymous_are_refused(request, persona, idea, planned):
    response = request.getfixturevalue(persona).post(url(idea), {"status": planned.pk})
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status.slug == "open"


def test_outsider_cannot_probe_for_private_ideas(charlie_client, private_idea, planned):
    assert charlie_client.post(url(private_idea), {"status": planned.pk}).status_code == 403
    missing = Idea(pk=private_idea.pk + 1000)
    assert charlie_client.post(url(missing), {"status": planned.pk}).status_code == 403
