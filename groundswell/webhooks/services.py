"""Every write to webhook endpoints, deliveries and their attempt log.

`record_webhook_event` runs inside the transaction of the change it reports
(the outbox): one WebhookDelivery per active endpoint subscribed to the kind,
or, on the hot path of a vote with no such endpoint, one indexed query and
nothing else. The worker (`groundswell sendwebhooks`, run by `groundswell
worker`) claims due rows, POSTs them and records each attempt, retrying with
exponential backoff for a day. Delivery is at least once: receivers dedupe on
the event id.
"""

import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from groundswell import outbox
from groundswell.accounts.models import User
from groundswell.feedback.models import Comment, Idea, IdeaEvent
from groundswell.webhooks import payloads, transport
from groundswell.webhooks.models import (
    TEST_EVENT_KIND,
    EndpointKind,
    WebhookAttempt,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEventKind,
    new_signing_secret,
)
from groundswell.workspaces.models import Workspace

logger = logging.getLogger(__name__)

USER_AGENT = "Groundswell-Webhooks/1"
# Finished deliveries and their attempts stay in the log this long.
KEEP_LOG_FOR = timedelta(days=30)
PRUNE_BATCH = 1000
KEPT_ERROR_CHARS = 1000


# Endpoints -------------------------------------------------------------------


def create_endpoint(
    workspace: Workspace,
    *,
    url: str,
    kind: str,
    events: Iterable[str],
    created_by: User | None,
    is_active: bool = True,
) -> WebhookEndpoint:
    """Register a URL; generic endpoints get a signing secret to verify deliveries with."""
    return WebhookEndpoint.objects.create(
        workspace=workspace,
        url=url,
        kind=kind,
        events=sorted(set(events)),
        secret=new_signing_secret() if kind == EndpointKind.GENERIC else "",
        is_active=is_active,
        created_by=created_by,
    )


def update_endpoint(
    endpoint: WebhookEndpoint, *, url: str, kind: str, events: Iterable[str], is_active: bool
) -> WebhookEndpoint:
    endpoint.url, endpoint.kind, endpoint.is_active = url, kind, is_active
    endpoint.events = sorted(set(events))
    if endpoint.is_signed and not endpoint.secret:
        endpoint.secret = new_signing_secret()
    endpoint.updated_at = timezone.now()
    endpoint.save()
    return endpoint


def rotate_secret(endpoint: WebhookEndpoint) -> str:
    """A new signing secret; deliveries sent from now on are signed with it."""
    endpoint.secret = new_signing_secret()
    endpoint.updated_at = timezone.now()
    endpoint.save(update_fields=["secret", "updated_at"])
    return endpoint.secret


def delete_endpoint(endpoint: WebhookEndpoint) -> None:
    endpoint.delete()


# The outbox ------------------------------------------------------------------


def record_webhook_event(
    workspace: Workspace | int, kind: str, payload: dict | Callable[[], dict]
) -> list[WebhookDelivery]:
    """Queue the event for every active endpoint of the workspace subscribed to `kind`.

    Call it inside the transaction of the change, so a rolled-back change sends
    nothing. `payload` holds the event's fields ("idea", "actor" and those of
    the kind); a callable is only called when some endpoint listens. The event
    id, kind, time and workspace are added here.
    """
    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    endpoint_ids = _endpoints_listening(workspace_id, kind)
    if not endpoint_ids:
        return []
    fields = payload() if callable(payload) else payload
    now = timezone.now()
    owner = (
        workspace if isinstance(workspace, Workspace) else Workspace.objects.get(pk=workspace_id)
    )
    event = {
        "id": str(uuid.uuid4()),
        "kind": kind,
        "occurred_at": now.isoformat(),
        "workspace": {"slug": owner.slug, "name": owner.name},
        **fields,
    }
    return WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint_id=endpoint_id,
            event_id=event["id"],
            kind=kind,
            payload=event,
            created_at=now,
            next_attempt_at=now,
        )
        for endpoint_id in endpoint_ids
    )


# Every vote, idea and comment asks this, usually of a workspace without endpoints:
# hand-written, because building the ORM query cost far more than running it.
ACTIVE_ENDPOINTS = (
    "SELECT id, events FROM webhooks_webhookendpoint WHERE workspace_id = %s AND is_active"
    " ORDER BY id"
)


def _endpoints_listening(workspace_id: int, kind: str) -> list[int]:
    """The ids of the workspace's active endpoints subscribed to `kind`."""
    with connection.cursor() as cursor:
        cursor.execute(ACTIVE_ENDPOINTS, [workspace_id])
        rows = cursor.fetchall()
    # JSON arrives as text from both databases' raw cursors.
    return [endpoint_id for endpoint_id, events in rows if kind in json.loads(events)]


# One line each in feedback's services, inside their transactions.


def record_idea_created(idea: Idea) -> list[WebhookDelivery]:
    return record_webhook_event(
        idea.workspace_id, WebhookEventKind.IDEA_CREATED, lambda: payloads.idea_created(idea)
    )


def record_status_changed(idea: Idea, event: IdeaEvent) -> list[WebhookDelivery]:
    return record_webhook_event(
        idea.workspace_id,
        WebhookEventKind.STATUS_CHANGED,
        lambda: payloads.status_changed(idea, event),
    )


def record_ideas_merged(source: Idea, survivor: Idea, actor: User | None) -> list[WebhookDelivery]:
    return record_webhook_event(
        survivor.workspace_id,
        WebhookEventKind.IDEA_MERGED,
        lambda: payloads.ideas_merged(source, survivor, actor),
    )


def record_vote_added(
    voted_idea: Idea, survivor_id: int, voter: User, source: str
) -> list[WebhookDelivery]:
    return record_webhook_event(
        voted_idea.workspace_id,
        WebhookEventKind.VOTE_ADDED,
        lambda: payloads.vote_added(voted_idea, survivor_id, voter, source),
    )


def record_comment_added(comment: Comment, workspace_id: int) -> list[WebhookDelivery]:
    """Public comments only: internal notes stay inside Groundswell."""
    if comment.is_internal:
        return []
    return record_webhook_event(
        workspace_id, WebhookEventKind.COMMENT_ADDED, lambda: payloads.comment_added(comment)
    )


def record_changelog_published(entry, url: str, actor: User | None) -> list[WebhookDelivery]:
    """`entry` is the changelog entry just published, inside publish_entry's transaction."""
    return record_webhook_event(
        entry.workspace_id,
        WebhookEventKind.CHANGELOG_PUBLISHED,
        lambda: payloads.changelog_published(entry, url, actor),
    )


def send_test_event(endpoint: WebhookEndpoint, actor: User | None) -> WebhookDelivery:
    """Queue a `webhook.test` event for this endpoint alone."""
    now = timezone.now()
    event = {
        "id": str(uuid.uuid4()),
        "kind": TEST_EVENT_KIND,
        "occurred_at": now.isoformat(),
        "workspace": {"slug": endpoint.workspace.slug, "name": endpoint.workspace.name},
        **payloads.test_event(actor),
    }
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event_id=event["id"],
        kind=TEST_EVENT_KIND,
        payload=event,
        created_at=now,
        next_attempt_at=now,
    )


def replay_delivery(delivery: WebhookDelivery) -> WebhookDelivery:
    """Queue the same payload (same event id) again, as a new delivery with a fresh day."""
    now = timezone.now()
    return WebhookDelivery.objects.create(
        endpoint_id=delivery.endpoint_id,
        event_id=delivery.event_id,
        kind=delivery.kind,
        payload=delivery.payload,
        replay_of=delivery,
        created_at=now,
        next_attempt_at=now,
    )


# Sending ---------------------------------------------------------------------


def claim_webhook_deliveries(limit: int = 20) -> tuple[str, list[WebhookDelivery]]:
    """Claim due deliveries for this worker alone: (claim token, rows)."""
    return outbox.claim(WebhookDelivery.objects.all(), limit, related=("endpoint",))


def request_for(delivery: WebhookDelivery, now: float | None = None) -> tuple[bytes, dict]:
    """The body and headers to POST: the JSON event, signed; or a Slack message."""
    endpoint = delivery.endpoint
    headers = {
        "User-Agent": USER_AGENT,
        "Groundswell-Event": delivery.kind,
        "Groundswell-Delivery": str(delivery.pk),
    }
    if endpoint.kind == EndpointKind.SLACK:
        return payloads.encode(payloads.slack_message(delivery.payload)), headers
    body = payloads.encode(delivery.payload)
    timestamp = int(now if now is not None else time.time())
    headers["Groundswell-Signature"] = payloads.signature(endpoint.secret, timestamp, body)
    return body, headers


def _finish(delivery: WebhookDelivery, token: str, attempt: WebhookAttempt) -> bool:
    """Record the attempt and move the delivery on: delivered, retried later, or given up."""
    attempt.save()
    succeeded = attempt.status_code is not None and 200 <= attempt.status_code < 300
    changes: dict = {
        "claim_token": "",
        "last_status_code": attempt.status_code,
        "last_duration_ms": attempt.duration_ms,
        "last_error": attempt.error,
    }
    if succeeded:
        changes.update(status=WebhookDeliveryStatus.DELIVERED, delivered_at=timezone.now())
    else:
        when = outbox.retry_at(delivery, timezone.now())
        if when is None:
            changes["status"] = WebhookDeliveryStatus.FAILED
        else:
            changes.update(status=WebhookDeliveryStatus.PENDING, next_attempt_at=when)
    WebhookDelivery.objects.filter(pk=delivery.pk, claim_token=token).update(**changes)
    return succeeded


def send_webhook_delivery(delivery: WebhookDelivery, token: str) -> bool:
    """POST one claimed delivery and record the attempt; True if the receiver took it."""
    # Renew the claim right before sending: a row another worker took over is skipped,
    # and a slow batch never makes the rows after it look abandoned.
    still_ours = WebhookDelivery.objects.filter(
        pk=delivery.pk, claim_token=token, status=WebhookDeliveryStatus.SENDING
    ).update(claimed_at=timezone.now())
    if not still_ours:
        return False
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        WebhookDelivery.objects.filter(pk=delivery.pk, claim_token=token).update(
            status=WebhookDeliveryStatus.FAILED,
            claim_token="",
            last_error="Not sent: the endpoint is turned off.",
        )
        return False
    attempt = WebhookAttempt(delivery=delivery, started_at=timezone.now())
    started = time.monotonic()
    try:
        body, headers = request_for(delivery)
        response = transport.post(endpoint.url, body, headers)
    except Exception as error:  # noqa: BLE001 - every failure is the receiver's log entry
        attempt.error = f"{type(error).__name__}: {error}"[:KEPT_ERROR_CHARS]
    else:
        attempt.status_code, attempt.response_body = response.status_code, response.body
    attempt.duration_ms = round((time.monotonic() - started) * 1000)
    return _finish(delivery, token, attempt)


def send_webhook_deliveries(limit: int = 20) -> int:
    """Claim a batch of due deliveries and send them; returns how many were delivered."""
    token, deliveries = claim_webhook_deliveries(limit)
    delivered = 0
    for delivery in deliveries:
        try:
            delivered += send_webhook_delivery(delivery, token)
        except Exception:  # a database hiccup: the row is reclaimed after outbox.SENDING_TIMEOUT
            logger.exception("Webhook delivery %s could not be recorded", delivery.pk)
    return delivered


def prune_delivery_log(now: datetime | None = None) -> int:
    """Forget finished deliveries (and their attempts) older than KEEP_LOG_FOR, in batches."""
    cutoff = (now or timezone.now()) - KEEP_LOG_FOR
    finished = WebhookDelivery.objects.filter(
        created_at__lt=cutoff,
        status__in=[WebhookDeliveryStatus.DELIVERED, WebhookDeliveryStatus.FAILED],
    )
    pruned = 0
    while ids := list(finished.values_list("pk", flat=True)[:PRUNE_BATCH]):
        WebhookAttempt.objects.filter(delivery_id__in=ids).delete()
        WebhookDelivery.objects.filter(replay_of_id__in=ids).update(replay_of=None)
        pruned += WebhookDelivery.objects.filter(pk__in=ids).delete()[0]
    return pruned
