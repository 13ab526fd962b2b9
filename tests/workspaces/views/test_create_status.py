import pytest
from django.urls import reverse

from groundswell.feedback.models import Status

URL = reverse("workspaces:create_status", kwargs={"workspace_slug": "acme"})
DATA = {"name": "Won't do", "colour": "#AA0000", "meaning": "closed"}


def test_admin_creates_a_status_at_the_end(alice_client, workspace):
    assert alice_client.post(URL, DATA).status_code == 302
    status = workspace.statuses.get(name="Won't do")
    assert (status.colour, status.meaning, status.position) == ("#aa0000", "closed", 6)
    assert not status.is_default


@pytest.mark.parametrize("field,value", [("meaning", "maybe"), ("colour", "blue"), ("name", "")])
def test_bad_input_is_refused(alice_client, workspace, field, value):
    assert alice_client.post(URL, {**DATA, field: value}).status_code == 400
    assert workspace.statuses.count() == 6


@pytest.mark.parametrize("persona", ["bob_client", "charlie_client"])
def test_member_and_outsider_are_refused(request, persona, workspace, other_workspace):
    assert request.getfixturevalue(persona).post(URL, DATA).status_code == 403
    assert not Status.objects.filter(name="Won't do").exists()


def test_anonymous_is_sent_to_sign_in(client, workspace):
    assert client.post(URL, DATA).status_code == 302
    assert not Status.objects.filter(name="Won't do").exists()
