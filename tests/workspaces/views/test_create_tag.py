import pytest
from django.urls import reverse

from groundswell.feedback.models import Tag

URL = reverse("workspaces:create_tag", kwargs={"workspace_slug": "acme"})
DATA = {"name": "Mobile", "colour": "#00AA00"}


def test_admin_creates_a_tag(alice_client, workspace):
    assert alice_client.post(URL, DATA).status_code == 302
    tag = workspace.tags.get()
    assert (tag.name, tag.slug, tag.colour) == ("Mobile", "mobile", "#00aa00")


def test_bad_colour_is_refused(alice_client, workspace):
    assert alice_client.post(URL, {**DATA, "colour": "green"}).status_code == 400
    assert not workspace.tags.exists()


@pytest.mark.parametrize("persona", ["bob_client", "charlie_client"])
def test_member_and_outsider_are_refused(request, persona, workspace, other_workspace):
    assert request.getfixturevalue(persona).post(URL, DATA).status_code == 403
    assert not Tag.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, workspace):
    assert client.post(URL, DATA).status_code == 302
    assert not Tag.objects.exists()
