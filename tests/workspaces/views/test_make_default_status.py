import pytest
from django.urls import reverse


def url(status):
    return reverse(
        "workspaces:default_status", kwargs={"workspace_slug": "acme", "status_id": status.pk}
    )


def test_admin_makes_another_status_the_default(alice_client, workspace, other_workspace):
    planned = workspace.statuses.get(slug="planned")
    assert alice_client.post(url(planned)).status_code == 302
    assert list(workspace.statuses.filter(is_default=True)) == [planned]
    assert other_workspace.statuses.get(slug="open").is_default


def test_get_does_nothing(alice_client, workspace):
    planned = workspace.statuses.get(slug="planned")
    assert alice_client.get(url(planned)).status_code == 405
    planned.refresh_from_db()
    assert not planned.is_default


def test_status_of_another_workspace_is_404(alice_client, workspace, other_workspace):
    planned = other_workspace.statuses.get(slug="planned")
    assert alice_client.post(url(planned)).status_code == 404
    planned.refresh_from_db()
    assert not planned.is_default


@pytest.mark.parametrize("persona", ["bob_client", "charlie_client"])
def test_member_and_outsider_are_refused(request, persona, workspace):
    planned = workspace.statuses.get(slug="planned")
    assert request.getfixturevalue(persona).post(url(planned)).status_code == 403
    planned.refresh_from_db()
    assert not planned.is_default


def test_anonymous_is_sent_to_sign_in(client, workspace):
    planned = workspace.statuses.get(slug="planned")
    assert client.post(url(planned)).status_code == 302
    planned.refresh_from_db()
    assert not planned.is_default
