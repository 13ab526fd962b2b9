import pytest
from django.urls import reverse

from groundswell.feedback import services as feedback


def url(tag):
    return reverse("workspaces:edit_tag", kwargs={"workspace_slug": "acme", "tag_id": tag.pk})


DATA = {"name": "Phones", "colour": "#abcdef"}


@pytest.fixture
def tag(workspace):
    return feedback.create_tag(workspace, "Mobile")


def test_admin_renames_and_recolours(alice_client, tag):
    assert 'value="Mobile"' in alice_client.get(url(tag)).content.decode()
    assert alice_client.post(url(tag), DATA).status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.colour) == ("Phones", "#abcdef")


def test_tag_of_another_workspace_is_404(alice_client, workspace, other_workspace):
    globex_tag = feedback.create_tag(other_workspace, "Globex")
    assert alice_client.post(url(globex_tag), DATA).status_code == 404
    globex_tag.refresh_from_db()
    assert globex_tag.name == "Globex"


@pytest.mark.parametrize("persona", ["bob_client", "charlie_client"])
def test_member_and_outsider_are_refused(request, persona, tag):
    assert request.getfixturevalue(persona).post(url(tag), DATA).status_code == 403
    tag.refresh_from_db()
    assert tag.name == "Mobile"


def test_anonymous_is_sent_to_sign_in(client, tag):
    assert client.post(url(tag), DATA).status_code == 302
    tag.refresh_from_db()
    assert tag.name == "Mobile"
