"""Admins list, add, edit and delete webhooks; secrets stay out of lists."""

import pytest
from django.urls import reverse

from groundswell.accounts.models import User
from groundswell.webhooks import services
from groundswell.webhooks.models import WebhookEndpoint
from groundswell.workspaces.models import Role
from groundswell.workspaces.services import add_member
from tests.conftest import PASSWORD, client_for

LIST = reverse("workspaces:webhooks", kwargs={"workspace_slug": "acme"})
NEW = reverse("workspaces:create_webhook", kwargs={"workspace_slug": "acme"})


def edit_url(endpoint) -> str:
    return reverse(
        "workspaces:edit_webhook", kwargs={"workspace_slug": "acme", "endpoint_id": endpoint.pk}
    )


def test_the_list_shows_this_workspaces_webhooks_without_secrets(
    alice_client, endpoint, other_workspace, charlie, receiver, workspace, alice
):
    slack = services.create_endpoint(
        workspace, url="https://hooks.slack.com/services/T000/B000/SECRETPATH", kind="slack",
        events=["idea.created"], created_by=alice,
    )  # fmt: skip
    services.create_endpoint(
        other_workspace, url="https://globex.example/hook", kind="generic",
        events=["vote.added"], created_by=charlie,
    )  # fmt: skip
    response = alice_client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert receiver.url in html
    assert "Vote added" in html and "Idea created" in html
    assert endpoint.secret not in html
    assert "SECRETPATH" not in html  # a Slack URL's path is its credential
    assert slack.display_url in html
    assert "globex.example" not in html


def test_an_admin_adds_a_signed_webhook_and_sees_its_secret_once(
    alice_client, allow_private, workspace
):
    response = alice_client.post(
        NEW,
        {
            "url": "http://127.0.0.1:9000/in",
            "kind": "generic",
            "events": ["vote.added", "idea.status_changed"],
            "is_active": "on",
        },
    )
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert endpoint.secret.startswith("whsec_")
    assert endpoint.secret in response.content.decode()
    assert (endpoint.workspace, endpoint.events, endpoint.is_active) == (
        workspace,
        ["idea.status_changed", "vote.added"],
        True,
    )
    assert endpoint.secret not in alice_client.get(LIST).content.decode()


def test_a_slack_webhook_has_no_secret(alice_client, workspace, dns):
    dns["hooks.slack.com"] = ["34.226.36.57"]
    response = alice_client.post(
        NEW,
        {
            "url": "https://hooks.slack.com/services/T0/B0/x",
            "kind": "slack",
            "events": ["idea.created"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert WebhookEndpoint.objects.get().secret == ""


def test_a_private_url_is_a_form_error(alice_client, workspace):
    response = alice_client.post(
        NEW, {"url": "http://127.0.0.1:9000/in", "kind": "generic", "events": ["vote.added"]}
    )
    assert response.status_code == 400
    assert "private or reserved address" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_no_events_is_a_form_error(alice_client, workspace, allow_private):
    response = alice_client.post(NEW, {"url": "http://127.0.0.1:9000/in", "kind": "generic"})
    assert response.status_code == 400
    assert "Choose at least one event" in response.content.decode()


def test_an_admin_who_is_not_the_owner_may_manage_webhooks(workspace, allow_private):
    dana = User.objects.create_user("dana@acme.example", PASSWORD, name="Dana")
    add_member(workspace, dana, Role.ADMIN)
    response = client_for(dana).post(
        NEW, {"url": "http://127.0.0.1:9000/in", "kind": "slack", "events": ["vote.added"]}
    )
    assert response.status_code == 302
    assert WebhookEndpoint.objects.get().created_by == dana


def test_editing_changes_url_events_and_state_but_keeps_the_secret(alice_client, endpoint):
    secret = endpoint.secret
    page = alice_client.get(edit_url(endpoint))
    assert page.status_code == 200
    assert secret not in page.content.decode()
    response = alice_client.post(
        edit_url(endpoint),
        {"url": "http://127.0.0.1:9999/new", "kind": "generic", "events": ["comment.added"]},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.url == "http://127.0.0.1:9999/new"
    assert endpoint.events == ["comment.added"]
    assert endpoint.is_active is False
    assert endpoint.secret == secret


def test_deleting_asks_then_deletes(alice_client, endpoint):
    url = reverse(
        "workspaces:delete_webhook", kwargs={"workspace_slug": "acme", "endpoint_id": endpoint.pk}
    )
    assert "Delete the webhook" in alice_client.get(url).content.decode()
    assert WebhookEndpoint.objects.exists()
    assert alice_client.post(url).status_code == 302
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("name", ["reveal_webhook_secret", "rotate_webhook_secret"])
def test_slack_endpoints_have_no_secret_to_show(alice_client, slack_endpoint, name):
    url = reverse(
        f"workspaces:{name}", kwargs={"workspace_slug": "acme", "endpoint_id": slack_endpoint.pk}
    )
    assert alice_client.post(url).status_code == 404


def test_reveal_shows_the_secret_only_on_a_post(alice_client, endpoint):
    url = reverse(
        "workspaces:reveal_webhook_secret",
        kwargs={"workspace_slug": "acme", "endpoint_id": endpoint.pk},
    )
    assert alice_client.get(url).status_code == 405
    response = alice_client.post(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert endpoint.secret in response.content.decode()


def test_rotating_makes_a_new_secret(alice_client, endpoint):
    old = endpoint.secret
    url = reverse(
        "workspaces:rotate_webhook_secret",
        kwargs={"workspace_slug": "acme", "endpoint_id": endpoint.pk},
    )
    response = alice_client.post(url)
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert endpoint.secret in response.content.decode()
    assert old not in response.content.decode()


@pytest.mark.parametrize(
    ("url", "kind", "shown"),
    [
        (
            "https://hooks.slack.com/services/T000/B000/XXXX",
            "slack",
            "https://hooks.slack.com/services/T00…",
        ),
        ("https://api.example.com/in?token=abc123", "generic", "https://api.example.com/in?…"),
        ("https://api.example.com/in", "generic", "https://api.example.com/in"),
        ("https://api.example.com", "generic", "https://api.example.com/"),
    ],
)
def test_urls_are_shown_without_what_may_be_a_credential(url, kind, shown):
    assert WebhookEndpoint(url=url, kind=kind).display_url == shown
