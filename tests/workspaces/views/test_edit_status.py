import pytest
from django.urls import reverse


def url(status):
    return reverse(
        "workspaces:edit_status", kwargs={"workspace_slug": "acme", "status_id": status.pk}
    )


DATA = {"name": "Triage", "colour": "#123abc", "meaning": "under_review", "position": "9"}


def test_admin_edits_name_colour_meaning_and_order(alice_client, workspace):
    status = workspace.statuses.get(slug="open")
    assert alice_client.post(url(status), DATA).status_code == 302
    status.refresh_from_db()
    assert (status.name, status.colour, status.meaning, status.position) == (
        "Triage",
        "#123abc",
        "under_review",
        9,
    )


def test_status_of_another_workspace_is_404(alice_client, workspace, other_workspace):
    status = other_workspace.statuses.get(slug="open")
    assert alice_client.post(url(status), DATA).status_code == 404
    status.refresh_from_db()
    assert status.name == "Open"


@pytest.mark.parametrize("persona", ["bob_client", "charlie_client"])
def test_member_and_outsider_are_refused(request, persona, workspace):
    status = workspace.statuses.get(slug="open")
    assert request.getfixturevalue(persona).post(url(status), DATA).status_code == 403
    status.refresh_from_db()
    assert status.name == "Open"


def test_anonymous_is_sent_to_sign_in(client, workspace):
    status = workspace.statuses.get(slug="open")
    assert client.post(url(status), DATA).status_code == 302
    status.refresh_from_db()
    assert status.name == "Open"
