"""Every write to notification events, deliveries and preferences.

`record_status_change` runs inside feedback's change_status transaction (the
outbox); everything else runs in the worker or behind a view. Sending is
at-least-once with a narrow window: a row is marked sent right after its
message is accepted, and on PostgreSQL its row lock is held while sending so
no other worker can reclaim it meanwhile.
"""

import logging
import uuid
from collections.abc import Iterable
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import mailers
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.feedback.models import Comment, Follow, Idea, IdeaEvent, Vote
from groundswell.feedback.queries import cluster_ids
from groundswell.mail import build_email
from groundswell.notifications.errors import BadUnsubscribeLink
from groundswell.notifications.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Event,
    EventKind,
    NotificationLevel,
    NotificationPreference,
)
from groundswell.workqueue import can_skip_locked as _can_skip_locked
from groundswell.workqueue import claim_due_rows, retry_time
from groundswell.workspaces.models import Membership, Workspace

logger = logging.getLogger(__name__)

BULK_BATCH = 2000
# A worker that claimed rows and has not finished them after this long is presumed dead.
SENDING_TIMEOUT = timedelta(minutes=10)
UNSUBSCRIBE_SALT = "groundswell.notifications.unsubscribe"


# The outbox ------------------------------------------------------------------


def record_status_change(idea: Idea, idea_event: IdeaEvent) -> Event:
    """Write the notification event for a status change; call inside its transaction."""
    status = idea_event.status
    return Event.objects.create(
        workspace_id=idea.workspace_id,
        idea_id=idea.pk,
        kind=EventKind.STATUS_CHANGED,
        actor_id=idea_event.actor_id,
        payload={
            "status": status.name,
            "meaning": status.meaning,
            "message": idea_event.message,
            "actor_id": idea_event.actor_id,
            "created_at": idea_event.created_at.isoformat(),
        },
        created_at=idea_event.created_at,
    )


# Fan-out ---------------------------------------------------------------------


def recipient_ids(event: Event) -> set[int]:
    """Everyone behind the idea and every idea merged into it, each once, who wants to hear.

    Author, voters, public commenters and followers; never the actor, never
    someone whose preference for the workspace leaves this event out. On a
    private board only the team hears.
    """
    idea = Idea.objects.select_related("board").get(pk=event.idea_id)
    ids = cluster_ids(idea)
    people: set[int] = set()
    people.update(
        Idea.objects.filter(pk__in=ids, author__isnull=False).values_list("author_id", flat=True)
    )
    people.update(Vote.objects.filter(idea_id__in=ids).values_list("voter_id", flat=True))
    people.update(
        Comment.objects.filter(
            idea_id__in=ids, is_internal=False, hidden_at__isnull=True, author__isnull=False
        ).values_list("author_id", flat=True)
    )
    people.update(Follow.objects.filter(idea_id__in=ids).values_list("person_id", flat=True))
    people.discard(event.actor_id)
    if not idea.board.is_public:
        people &= set(
            Membership.objects.filter(workspace_id=event.workspace_id).values_list(
                "user_id", flat=True
            )
        )
    hearing = NotificationPreference.levels_that_hear(event.payload.get("meaning", ""))
    people -= set(
        NotificationPreference.objects.filter(workspace_id=event.workspace_id)
        .exclude(level__in=hearing)
        .values_list("person_id", flat=True)
    )
    people -= set(User.objects.filter(is_active=False).values_list("pk", flat=True))
    return people


def fan_out(event: Event) -> int:
    """Write the event's deliveries, one per person and channel. Safe to run again:
    the unique constraint makes a re-run create nothing twice. Returns rows attempted."""
    now = timezone.now()
    rows: list[Delivery] = []
    for person_id in sorted(recipient_ids(event)):
        rows.append(
            Delivery(event=event, person_id=person_id, channel=Channel.EMAIL, next_attempt_at=now)
        )
        # In-app notifications are there as soon as they exist.
        rows.append(
            Delivery(
                event=event,
                person_id=person_id,
                channel=Channel.IN_APP,
                status=DeliveryStatus.SENT,
                sent_at=now,
                next_attempt_at=now,
            )
        )
    Delivery.objects.bulk_create(rows, batch_size=BULK_BATCH, ignore_conflicts=True)
    Event.objects.filter(pk=event.pk, fanned_out_at__isnull=True).update(fanned_out_at=now)
    return len(rows)


def fan_out_pending(limit: int = 20) -> int:
    """Fan out events written since the last pass; returns how many."""
    events = list(Event.objects.filter(fanned_out_at__isnull=True).order_by("created_at")[:limit])
    for event in events:
        fan_out(event)
    return len(events)


# Sending ---------------------------------------------------------------------


def claim_deliveries(limit: int = 100) -> tuple[str, list[Delivery]]:
    """Claim due email deliveries for this worker alone: (claim token, rows).

    Pending rows whose time has come, and rows stuck sending past the timeout
    (their worker died), move to sending with this claim's token. The
    conditional UPDATE repeats the due test, so two workers never claim one row.
    """
    now = timezone.now()
    token = uuid.uuid4().hex
    due = Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - SENDING_TIMEOUT
    )
    if not claim_due_rows(
        Delivery.objects.filter(channel=Channel.EMAIL).order_by("next_attempt_at", "pk"),
        due,
        limit,
        status=DeliveryStatus.SENDING,
        claim_token=token,
        claimed_at=now,
        attempts=F("attempts") + 1,
    ):
        return token, []
    claimed = Delivery.objects.filter(claim_token=token, status=DeliveryStatus.SENDING)
    return token, list(
        claimed.select_related("event__workspace", "event__idea", "person").order_by("pk")
    )


def unsubscribe_token(person_id: int, workspace_id: int) -> str:
    return signing.dumps({"p": person_id, "w": workspace_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, int]:
    """(person id, workspace id) from a token; BadUnsubscribeLink if it was tampered with."""
    try:
        values = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(values["p"]), int(values["w"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadUnsubscribeLink(
            "This unsubscribe link is not valid. Copy the whole link from the email."
        ) from error


def unsubscribe_url(person_id: int, workspace_id: int) -> str:
    path = reverse("notifications:unsubscribe", args=[unsubscribe_token(person_id, workspace_id)])
    return settings.SITE_URL + path


def email_for(delivery: Delivery):
    event, person = delivery.event, delivery.person
    workspace, idea = event.workspace, event.idea
    unsubscribe = unsubscribe_url(person.pk, workspace.pk)
    context = {
        "name": person.name,
        "workspace_name": workspace.name,
        "idea_title": idea.title,
        "status": event.payload.get("status", ""),
        "message": event.payload.get("message", ""),
        "idea_url": settings.SITE_URL + reverse("feedback:idea", args=[workspace.slug, idea.pk]),
        "unsubscribe_url": unsubscribe,
    }
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return build_email("status-changed", person.email, context, headers)


def retry_at(delivery: Delivery, now) -> timezone.datetime | None:
    """When to try a failed delivery again, or None once it has had a day."""
    return retry_time(delivery.attempts, delivery.created_at, now)


def _record_failure(delivery: Delivery, token: str, error: Exception) -> None:
    now = timezone.now()
    when = retry_at(delivery, now)
    changes = {"last_error": f"{type(error).__name__}: {error}"[:2000], "claim_token": ""}
    if when is None:
        changes["status"] = DeliveryStatus.FAILED
    else:
        changes.update(status=DeliveryStatus.PENDING, next_attempt_at=when)
    Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(**changes)


def _send_one(delivery: Delivery, token: str, mailer) -> bool:
    """Send one claimed delivery and mark it sent in the same transaction."""
    message = email_for(delivery)
    lock = _can_skip_locked()
    with transaction.atomic() if lock else nullcontext():
        if lock:
            still_ours = (
                Delivery.objects.select_for_update(skip_locked=True)
                .filter(pk=delivery.pk, claim_token=token, status=DeliveryStatus.SENDING)
                .exists()
            )
            if not still_ours:
                return False
        mailer.send_messages([message])
        Delivery.objects.filter(pk=delivery.pk, claim_token=token).update(
            status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="", claim_token=""
        )
    return True


def send_deliveries(limit: int = 100) -> int:
    """Claim a batch of due emails and send them over one connection; returns how many sent."""
    token, deliveries = claim_deliveries(limit)
    if not deliveries:
        return 0
    sent = 0
    mailer = mailers.default
    try:
        mailer.open()
    except Exception as error:  # noqa: BLE001 - the mail server's failure is recorded per row
        logger.warning("Could not reach the mail server: %s", error)
        for delivery in deliveries:
            _record_failure(delivery, token, error)
        return 0
    try:
        for delivery in deliveries:
            try:
                sent += _send_one(delivery, token, mailer)
            except Exception as error:  # noqa: BLE001
                logger.warning("Delivery %s failed: %s", delivery.pk, error)
                _record_failure(delivery, token, error)
    finally:
        mailer.close()
    return sent


def deliver_once(limit: int = 100) -> int:
    """One pass of the delivery worker: fan out new events, then send what is due."""
    fan_out_pending()
    return send_deliveries(limit)


# Preferences and the notification centre --------------------------------------


def set_level(person_id: int, workspace: Workspace | int, level: str) -> NotificationPreference:
    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    preference, _ = NotificationPreference.objects.update_or_create(
        person_id=person_id,
        workspace_id=workspace_id,
        defaults={"level": level, "updated_at": timezone.now()},
    )
    return preference


def unsubscribe(token: str) -> NotificationPreference:
    """Hear nothing more from the workspace the token names."""
    person_id, workspace_id = read_unsubscribe_token(token)
    return set_level(person_id, workspace_id, NotificationLevel.NONE)


def mark_read(person: User, delivery_ids: Iterable[int]) -> int:
    return Delivery.objects.filter(
        person=person, channel=Channel.IN_APP, pk__in=list(delivery_ids), read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_all_read(person: User) -> int:
    return Delivery.objects.filter(
        person=person, channel=Channel.IN_APP, read_at__isnull=True
    ).update(read_at=timezone.now())
