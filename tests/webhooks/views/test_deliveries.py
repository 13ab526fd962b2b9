"""The delivery log per endpoint, the test button and Replay."""

import json

from django.urls import reverse

from groundswell.feedback import services as feedback
from groundswell.webhooks import services
from groundswell.webhooks.models import WebhookDelivery, WebhookDeliveryStatus
from groundswell.webhooks.services import send_webhook_deliveries


def url(name: str, endpoint, **kwargs) -> str:
    return reverse(
        f"workspaces:{name}",
        kwargs={"workspace_slug": "acme", "endpoint_id": endpoint.pk, **kwargs},
    )


def test_the_test_button_queues_an_event_the_worker_sends(alice_client, endpoint, receiver):
    response = alice_client.post(url("test_webhook", endpoint))
    assert response.status_code == 302
    assert response["Location"] == url("webhook_deliveries", endpoint)
    delivery = WebhookDelivery.objects.get(kind="webhook.test")
    assert delivery.endpoint == endpoint
    send_webhook_deliveries()
    assert json.loads(receiver.requests[0]["body"])["kind"] == "webhook.test"


def test_the_log_shows_time_event_status_duration_attempts_and_next_retry(
    alice_client, endpoint, receiver, idea, bob
):
    WebhookDelivery.objects.all().delete()
    feedback.add_vote(idea, bob)
    receiver.answers = [(503, b"<b>try later</b>")]
    send_webhook_deliveries()
    delivery = WebhookDelivery.objects.get()

    html = alice_client.get(url("webhook_deliveries", endpoint)).content.decode()
    assert "vote.added" in html
    assert ">503<" in html and "Pending" in html
    assert f"{delivery.last_duration_ms} ms" in html
    assert f'datetime="{delivery.next_attempt_at.isoformat()}"' in html
    assert "&lt;b&gt;try later&lt;/b&gt;" in html  # the receiver's answer, escaped
    assert "<b>try later</b>" not in html


def test_replay_queues_the_same_payload_again(alice_client, endpoint, receiver, idea, bob):
    WebhookDelivery.objects.all().delete()
    feedback.add_vote(idea, bob)
    send_webhook_deliveries()
    original = WebhookDelivery.objects.get()

    response = alice_client.post(url("replay_webhook_delivery", endpoint, delivery_id=original.pk))

    assert response.status_code == 302
    replay = WebhookDelivery.objects.exclude(pk=original.pk).get()
    assert (replay.payload, replay.event_id, replay.replay_of) == (
        original.payload,
        original.event_id,
        original,
    )
    assert replay.status == WebhookDeliveryStatus.PENDING
    send_webhook_deliveries()
    assert receiver.requests[0]["body"] == receiver.requests[1]["body"]
    assert "replay" in alice_client.get(url("webhook_deliveries", endpoint)).content.decode()


def test_the_log_shows_only_this_endpoints_deliveries(
    alice_client, endpoint, workspace, alice, receiver
):
    other = services.create_endpoint(
        workspace, url=receiver.url, kind="slack", events=["vote.added"], created_by=alice
    )
    services.send_test_event(other, alice)
    html = alice_client.get(url("webhook_deliveries", endpoint)).content.decode()
    assert "webhook.test" not in html
