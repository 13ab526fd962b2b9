import pytest
from django.urls import reverse

from groundswell.feedback.models import Status


def url(status):
    return reverse(
        "workspaces:delete_status", kwargs={"workspace_slug": "acme", "status_id": status.pk}
    )


def test_admin_deletes_an_unused_status(alice_client, workspace):
    closed = workspace.statuses.get(slug="closed")
    assert alice_client.get(url(closed)).status_code == 200
    assert alice_client.post(url(closed)).status_code == 302
    assert not Status.objects.filter(pk=closed.pk).exists()


def test_default_status_is_kept_with_a_message(alice_client, workspace):
    default = workspace.statuses.get(is_default=True)
    response = alice_client.post(url(default), follow=True)
    assert "make another the default first" in response.content.decode()
    assert Status.objects.filter(pk=default.pk).exists()


def test_status_in_use_is_kept_with_a_message(alice_client, workspace, idea):
    from groundswell.feedback import services

    planned = workspace.statuses.get(slug="planned")
    services.change_status(idea, planned, None)
    response = alice_client.post(url(planned), follow=True)
    assert "Ideas still have this status" in response.content.decode()
    assert Status.objects.filter(pk=planned.pk).exists()


def test_status_of_another_workspace_is_404(alice_client, workspace, other_workspace):
    closed = other_workspace.statuses.get(slug="closed")
    assert alice_client.post(url(closed)).status_code == 404
    assert Status.objects.filter(pk=closed.pk).exists()


@pytest.mark.parametrize("persona", ["bob_client", "charlie_client"])
def test_member_and_outsider_are_refused(request, persona, workspace):
    closed = workspace.statuses.get(slug="closed")
    assert request.getfixturevalue(persona).post(url(closed)).status_code == 403
    assert Status.objects.filter(pk=closed.pk).exists()


def test_anonymous_is_sent_to_sign_in(client, workspace):
    closed = workspace.statuses.get(slug="closed")
    assert client.post(url(closed)).status_code == 302
    assert Status.objects.filter(pk=closed.pk).exists()
