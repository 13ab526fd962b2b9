"""The worker's sending function against a real HTTP receiver on 127.0.0.1."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from groundswell.feedback import services as feedback
from groundswell.outbox import FIRST_RETRY, GIVE_UP_AFTER, LONGEST_RETRY, SENDING_TIMEOUT
from groundswell.webhooks import services
from groundswell.webhooks.management.commands import sendwebhooks
from groundswell.webhooks.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookDeliveryStatus,
)
from groundswell.webhooks.services import claim_webhook_deliveries, send_webhook_deliveries
from tests.webhooks.conftest import verify_signature


@pytest.fixture
def vote(endpoint, idea, bob):
    WebhookDelivery.objects.all().delete()
    feedback.add_vote(idea, bob)
    return WebhookDelivery.objects.get()


def test_a_vote_reaches_the_receiver_signed(vote, receiver, endpoint, idea):
    assert send_webhook_deliveries() == 1

    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    assert request["path"] == "/hooks/groundswell"
    assert headers["Content-Type"] == "application/json"
    assert headers["Groundswell-Event"] == "vote.added"
    assert headers["Groundswell-Delivery"] == str(vote.pk)
    assert verify_signature(endpoint.secret, headers["Groundswell-Signature"], body)
    event = json.loads(body)
    assert event["id"] == str(vote.event_id)
    assert event["kind"] == "vote.added"
    assert event["workspace"] == {"slug": "acme", "name": "Acme"}
    assert event["idea"]["id"] == idea.pk
    assert event["idea"]["vote_count"] == 2
    assert event["idea"]["url"].endswith(f"/acme/ideas/{idea.pk}/")
    assert event["actor"]["name"] == "Bob"
    assert event["vote"] == {"idea_id": idea.pk, "source": "portal"}

    vote.refresh_from_db()
    assert vote.status == WebhookDeliveryStatus.DELIVERED
    assert (vote.attempts, vote.last_status_code) == (1, 200)
    attempt = WebhookAttempt.objects.get(delivery=vote)
    assert (attempt.status_code, attempt.response_body, attempt.error) == (200, "ok", "")


def test_a_tampered_body_or_another_secret_fails_verification(vote, receiver, endpoint):
    send_webhook_deliveries()
    [request] = receiver.requests
    header, body = request["headers"]["Groundswell-Signature"], request["body"]
    assert not verify_signature(endpoint.secret, header, body.replace(b"Bob", b"Eve"))
    assert not verify_signature("whsec_another", header, body)
    old = header.replace(header.split(",")[0], "t=1000000000")
    assert not verify_signature(endpoint.secret, old, body)


def test_the_worker_command_sends_once_and_exits(vote, receiver, monkeypatch):
    # The loop drops stale connections between passes; the test's own must stay open.
    monkeypatch.setattr(sendwebhooks, "close_old_connections", lambda: None)
    call_command("sendwebhooks", "--once")
    assert len(receiver.requests) == 1
    vote.refresh_from_db()
    assert vote.status == WebhookDeliveryStatus.DELIVERED


def test_a_failure_is_logged_and_retried_with_growing_delays(vote, receiver):
    receiver.answers = [(500, b"database down " * 200), (503, b"")]
    before = timezone.now()
    assert send_webhook_deliveries() == 0
    vote.refresh_from_db()
    assert vote.status == WebhookDeliveryStatus.PENDING
    assert vote.last_status_code == 500
    first_delay = vote.next_attempt_at - before
    assert FIRST_RETRY <= first_delay < FIRST_RETRY + timedelta(seconds=30)
    attempt = WebhookAttempt.objects.get(delivery=vote)
    assert attempt.status_code == 500
    assert attempt.response_body.startswith("database down")
    assert len(attempt.response_body) == 1000  # truncated

    # Not due yet: nothing is sent.
    assert send_webhook_deliveries() == 0
    assert len(receiver.requests) == 1

    WebhookDelivery.objects.filter(pk=vote.pk).update(next_attempt_at=timezone.now())
    before = timezone.now()
    send_webhook_deliveries()
    vote.refresh_from_db()
    assert vote.attempts == 2
    assert (
        2 * FIRST_RETRY <= vote.next_attempt_at - before < 2 * FIRST_RETRY + timedelta(seconds=30)
    )

    WebhookDelivery.objects.filter(pk=vote.pk).update(next_attempt_at=timezone.now())
    assert send_webhook_deliveries() == 1
    vote.refresh_from_db()
    assert vote.status == WebhookDeliveryStatus.DELIVERED
    assert WebhookAttempt.objects.filter(delivery=vote).count() == 3
    # The receiver got the same event each time, each time under the same delivery id.
    assert len({request["body"] for request in receiver.requests}) == 1
    assert {request["headers"]["Groundswell-Delivery"] for request in receiver.requests} == {
        str(vote.pk)
    }


def test_backoff_doubles_up_to_two_hours_and_stops_after_a_day():
    from types import SimpleNamespace

    from groundswell.outbox import retry_at

    start = timezone.now()
    now, delays, attempts = start, [], 0
    while True:
        attempts += 1
        when = retry_at(SimpleNamespace(attempts=attempts, created_at=start), now)
        if when is None:
            break
        delays.append(when - now)
        now = when
    assert delays[:4] == [FIRST_RETRY, 2 * FIRST_RETRY, 4 * FIRST_RETRY, 8 * FIRST_RETRY]
    assert max(delays) == LONGEST_RETRY
    assert now - start <= GIVE_UP_AFTER
    assert now - start > GIVE_UP_AFTER - LONGEST_RETRY


def test_a_delivery_is_given_up_after_24_hours(vote, receiver):
    receiver.answers = [(502, b"bad gateway")]
    WebhookDelivery.objects.filter(pk=vote.pk).update(
        created_at=timezone.now() - GIVE_UP_AFTER + timedelta(seconds=30)
    )
    send_webhook_deliveries()
    vote.refresh_from_db()
    assert vote.status == WebhookDeliveryStatus.FAILED
    assert vote.last_status_code == 502
    WebhookDelivery.objects.filter(pk=vote.pk).update(next_attempt_at=timezone.now())
    assert send_webhook_deliveries() == 0
    assert len(receiver.requests) == 1


def test_an_unreachable_receiver_is_logged_as_an_error(vote, receiver):
    vote.endpoint.url = "http://127.0.0.1:1/nothing-listens"
    vote.endpoint.save()
    send_webhook_deliveries()
    vote.refresh_from_db()
    assert vote.status == WebhookDeliveryStatus.PENDING
    assert vote.last_status_code is None
    assert "ConnectionRefusedError" in vote.last_error
    assert WebhookAttempt.objects.get(delivery=vote).error == vote.last_error


def test_a_redirect_is_not_followed(vote, receiver):
    receiver.answers = [(302, b"")]
    send_webhook_deliveries()
    vote.refresh_from_db()
    assert (vote.status, vote.last_status_code) == (WebhookDeliveryStatus.PENDING, 302)
    assert len(receiver.requests) == 1


def test_a_turned_off_endpoint_gets_nothing(vote, receiver, endpoint):
    endpoint.is_active = False
    endpoint.save()
    send_webhook_deliveries()
    vote.refresh_from_db()
    assert vote.status == WebhookDeliveryStatus.FAILED
    assert receiver.requests == []


def test_two_claims_never_share_a_row(endpoint, idea, board, bob):
    WebhookDelivery.objects.all().delete()
    for n in range(5):
        feedback.create_idea(board, bob, f"Idea {n}", vote_for_it=False)
    _, first = claim_webhook_deliveries(limit=3)
    _, second = claim_webhook_deliveries(limit=3)
    assert len(first) == 3 and len(second) == 2
    assert not {row.pk for row in first} & {row.pk for row in second}
    assert claim_webhook_deliveries()[1] == []


def test_a_row_stuck_sending_is_reclaimed_and_the_old_claim_sends_nothing(vote, receiver):
    old_token, [claimed] = claim_webhook_deliveries()
    WebhookDelivery.objects.filter(pk=vote.pk).update(
        claimed_at=timezone.now() - SENDING_TIMEOUT - timedelta(seconds=1)
    )
    new_token, [reclaimed] = claim_webhook_deliveries()
    assert not services.send_webhook_delivery(claimed, old_token)
    assert receiver.requests == []
    assert services.send_webhook_delivery(reclaimed, new_token)
    assert len(receiver.requests) == 1


def test_replay_queues_the_same_event_again(vote, receiver):
    send_webhook_deliveries()
    replay = services.replay_delivery(vote)
    assert send_webhook_deliveries() == 1
    first, second = receiver.requests
    assert first["body"] == second["body"]
    assert second["headers"]["Groundswell-Delivery"] == str(replay.pk)
    assert replay.replay_of_id == vote.pk


def test_a_test_event_is_sent_to_one_endpoint(endpoint, receiver, alice):
    WebhookDelivery.objects.all().delete()
    services.send_test_event(endpoint, alice)
    assert send_webhook_deliveries() == 1
    [request] = receiver.requests
    event = json.loads(request["body"])
    assert request["headers"]["Groundswell-Event"] == "webhook.test"
    assert (event["kind"], event["idea"], event["actor"]["name"]) == ("webhook.test", None, "Alice")


def test_finished_deliveries_leave_the_log_after_30_days(vote, receiver, endpoint, alice):
    send_webhook_deliveries()
    replay = services.replay_delivery(vote)
    waiting = services.send_test_event(endpoint, alice)
    month_ago = timezone.now() - services.KEEP_LOG_FOR - timedelta(minutes=1)
    WebhookDelivery.objects.filter(pk__in=[vote.pk, waiting.pk]).update(created_at=month_ago)

    assert services.prune_delivery_log() == 1

    assert set(WebhookDelivery.objects.values_list("pk", flat=True)) == {replay.pk, waiting.pk}
    assert not WebhookAttempt.objects.filter(delivery_id=vote.pk).exists()
    replay.refresh_from_db()
    assert replay.replay_of is None
