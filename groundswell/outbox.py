"""Sending email from durable rows: claim, send, retry with backoff, give up after a day.

Shared by every app that queues email as rows (notification deliveries,
changelog emails). A queue row is any model with the fields `status`
("pending", "sending", "sent", "failed"), `attempts`, `next_attempt_at`,
`claim_token`, `claimed_at`, `last_error`, `created_at` and `sent_at`. Sending
is at-least-once with a narrow window: a row is marked sent right after its
message is accepted, and on PostgreSQL its row lock is held while sending so no
other worker can reclaim it meanwhile. Imports nothing of ours.
"""

import logging
import uuid
from collections.abc import Callable
from contextlib import nullcontext
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, mailers
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
# A worker that claimed rows and has not finished them after this long is presumed dead.
SENDING_TIMEOUT = timedelta(minutes=10)
# Retries back off exponentially from a minute; after a day a row is given up.
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=2)
GIVE_UP_AFTER = timedelta(hours=24)


class NothingToSend(Exception):
    """Raised by a message builder when the row no longer needs sending (say, unsubscribed)."""


def can_skip_locked() -> bool:
    return connection.features.has_select_for_update_skip_locked


def claim(
    queue: models.QuerySet, limit: int = 100, related: tuple[str, ...] = ()
) -> tuple[str, list]:
    """Claim due rows of `queue` for this worker alone: (claim token, rows).

    Pending rows whose time has come, and rows stuck sending past the timeout
    (their worker died), move to sending with this claim's token. The
    conditional UPDATE repeats the due test, so two workers never claim one row.
    """
    now = timezone.now()
    token = uuid.uuid4().hex
    due = Q(status=PENDING, next_attempt_at__lte=now) | Q(
        status=SENDING, claimed_at__lt=now - SENDING_TIMEOUT
    )
    model = queue.model
    with transaction.atomic():
        candidates = queue.filter(due).order_by("next_attempt_at", "pk")
        if can_skip_locked():
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return token, []
        model.objects.filter(due, pk__in=ids).update(
            status=SENDING, claim_token=token, claimed_at=now, attempts=F("attempts") + 1
        )
    claimed = model.objects.filter(claim_token=token, status=SENDING)
    return token, list(claimed.select_related(*related).order_by("pk"))


def retry_at(row: models.Model, now: datetime) -> datetime | None:
    """When to try a failed row again, or None once it has had a day."""
    delay = min(FIRST_RETRY * 2 ** max(row.attempts - 1, 0), LONGEST_RETRY)
    if now + delay - row.created_at > GIVE_UP_AFTER:
        return None
    return now + delay


def record_failure(row: models.Model, token: str, error: Exception, final: bool = False) -> None:
    when = None if final else retry_at(row, timezone.now())
    changes = {"last_error": f"{type(error).__name__}: {error}"[:2000], "claim_token": ""}
    if when is None:
        changes["status"] = FAILED
    else:
        changes.update(status=PENDING, next_attempt_at=when)
    type(row).objects.filter(pk=row.pk, claim_token=token).update(**changes)


def _send_one(
    row: models.Model, token: str, mailer, build_message: Callable[[models.Model], EmailMessage]
) -> bool:
    """Send one claimed row's message and mark it sent in the same transaction."""
    message = build_message(row)
    model = type(row)
    lock = can_skip_locked()
    with transaction.atomic() if lock else nullcontext():
        if lock:
            still_ours = (
                model.objects.select_for_update(skip_locked=True)
                .filter(pk=row.pk, claim_token=token, status=SENDING)
                .exists()
            )
            if not still_ours:
                return False
        mailer.send_messages([message])
        model.objects.filter(pk=row.pk, claim_token=token).update(
            status=SENT, sent_at=timezone.now(), last_error="", claim_token=""
        )
    return True


def send_due(
    queue: models.QuerySet,
    build_message: Callable[[models.Model], EmailMessage],
    limit: int = 100,
    related: tuple[str, ...] = (),
) -> int:
    """Claim a batch of due rows and send their messages over one connection; returns how
    many were sent. A row whose builder raises NothingToSend is marked failed, not retried."""
    token, rows = claim(queue, limit, related)
    if not rows:
        return 0
    sent = 0
    mailer = mailers.default
    try:
        mailer.open()
    except Exception as error:  # noqa: BLE001 - the mail server's failure is recorded per row
        logger.warning("Could not reach the mail server: %s", error)
        for row in rows:
            record_failure(row, token, error)
        return 0
    try:
        for row in rows:
            try:
                sent += _send_one(row, token, mailer, build_message)
            except NothingToSend as reason:
                record_failure(row, token, reason, final=True)
            except Exception as error:  # noqa: BLE001
                logger.warning("%s %s failed: %s", type(row).__name__, row.pk, error)
                record_failure(row, token, error)
    finally:
        mailer.close()
    return sent
