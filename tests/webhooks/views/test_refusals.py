"""Only admins and owners of the workspace reach the webhook pages: members, customers,
outsiders and another workspace's owner are refused; strangers are sent to sign in."""

import pytest
from django.urls import reverse

from groundswell.webhooks import services
from groundswell.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.conftest import client_for

PAGES = [
    ("get", "webhooks", False),
    ("get", "create_webhook", False),
    ("post", "create_webhook", False),
    ("get", "edit_webhook", True),
    ("post", "edit_webhook", True),
    ("get", "delete_webhook", True),
    ("post", "delete_webhook", True),
    ("post", "test_webhook", True),
    ("post", "reveal_webhook_secret", True),
    ("post", "rotate_webhook_secret", True),
    ("get", "webhook_deliveries", True),
    ("post", "replay_webhook_delivery", True),
]


@pytest.fixture
def queued(endpoint, alice):
    return services.send_test_event(endpoint, alice)


def url_for(name: str, endpoint, delivery) -> str:
    kwargs = {"workspace_slug": endpoint.workspace.slug}
    if name != "webhooks" and name != "create_webhook":
        kwargs["endpoint_id"] = endpoint.pk
    if name == "replay_webhook_delivery":
        kwargs["delivery_id"] = delivery.pk
    return reverse(f"workspaces:{name}", kwargs=kwargs)


def _data(endpoint) -> dict:
    return {"url": "http://127.0.0.1:9/x", "kind": "generic", "events": ["vote.added"]}


@pytest.mark.parametrize(("method", "name", "_"), PAGES)
@pytest.mark.parametrize("persona", ["bob", "carol", "charlie"])
def test_people_who_are_not_admins_are_refused(
    request, persona, method, name, _, endpoint, queued, other_workspace
):
    client = client_for(request.getfixturevalue(persona))
    response = getattr(client, method)(url_for(name, endpoint, queued), _data(endpoint))
    assert response.status_code == 403
    endpoint.refresh_from_db()
    assert endpoint.url != "http://127.0.0.1:9/x"
    assert WebhookEndpoint.objects.count() == 1
    assert WebhookDelivery.objects.count() == 1
    assert endpoint.secret not in response.content.decode()


@pytest.mark.parametrize(("method", "name", "_"), PAGES)
def test_anonymous_is_sent_to_sign_in(client, method, name, _, endpoint, queued):
    response = getattr(client, method)(url_for(name, endpoint, queued), _data(endpoint))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]
    assert WebhookDelivery.objects.count() == 1


@pytest.mark.parametrize(("method", "name", "_"), [page for page in PAGES if page[2]])
def test_another_workspace_cannot_reach_this_ones_webhooks(
    method, name, _, endpoint, queued, other_workspace, charlie
):
    """Globex's owner, on Globex's pages, asks for Acme's endpoint by id: 404."""
    globex_url = url_for(name, endpoint, queued).replace("/acme/", "/globex/")
    response = getattr(client_for(charlie), method)(globex_url, _data(endpoint))
    assert response.status_code == 404
    endpoint.refresh_from_db()
    assert endpoint.url != "http://127.0.0.1:9/x"
    assert WebhookDelivery.objects.count() == 1
    assert endpoint.secret not in response.content.decode()


def test_a_delivery_of_another_endpoint_cannot_be_replayed_through_this_one(
    endpoint, queued, workspace, alice, alice_client, receiver
):
    other = services.create_endpoint(
        workspace, url=receiver.url, kind="slack", events=["vote.added"], created_by=alice
    )
    url = reverse(
        "workspaces:replay_webhook_delivery",
        kwargs={"workspace_slug": "acme", "endpoint_id": other.pk, "delivery_id": queued.pk},
    )
    assert alice_client.post(url).status_code == 404
    assert WebhookDelivery.objects.count() == 1
