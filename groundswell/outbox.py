"""Sending email from durable rows: claim, send, retry with backoff, give up after a day.

Shared by every app that queues work as rows (notification deliveries,
changelog emails; webhook deliveries use the claim and the backoff). A queue row
is any model with the fields `status` ("pending", "sending", "sent", "failed"),
`attempts`, `next_attempt_at`, `claim_token`, `claimed_at`, `last_error`,
`created_at` and `sent_at`, and a partial index on `next_attempt_at` for
`status IN ('pending', 'sending')`.

What sending guarantees: nothing is lost, and nothing is sent twice except, for
each worker killed mid-batch, at most the one message it had handed to the mail
server and not yet marked sent. A worker renews its claim on a row just before
sending it and marks it sent right after the server accepts it; on PostgreSQL it
also holds the row's lock while sending, so no other worker can take the row
meanwhile. A worker asked to stop finishes its message and gives the rest of its
batch back. Imports nothing of ours.
"""

import logging
import uuid
from collections.abc import Callable
from contextlib import nullcontext
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
# A worker that claimed a row and has not finished it after this long is presumed dead
# (OUTBOX_SENDING_TIMEOUT). Each row's claim is renewed just before it is sent, so this
# bounds one send, not a batch.
SENDING_TIMEOUT = timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT)
# Retries back off exponentially from a minute; after a day a row is given up.
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=2)
GIVE_UP_AFTER = timedelta(hours=24)


class QueueStatus(models.TextChoices):
    PENDING = PENDING, "Pending"
    SENDING = SENDING, "Sending"
    SENT = SENT, "Sent"
    FAILED = FAILED, "Failed"


class QueuedEmail(models.Model):
    """The fields every email queue row carries: the claim, the retries, the outcome.

    Each queue adds what the message is about and a partial index on
    `next_attempt_at` for status pending or sending (see `due_rows`).
    """

    status = models.CharField(
        max_length=10, choices=QueueStatus.choices, default=QueueStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class NothingToSend(Exception):
    """Raised by a message builder when the row no longer needs sending (say, unsubscribed)."""


def message_id(kind: str, *parts: object) -> str:
    """The same Message-ID every time one row's message is sent, so the one message a
    killed worker may repeat is recognisable: <kind.part.part@site>."""
    domain = urlsplit(settings.SITE_URL).hostname or "groundswell.invalid"
    return f"<{'.'.join([kind, *map(str, parts)])}@{domain}>"


def can_skip_locked() -> bool:
    return connection.features.has_select_for_update_skip_locked


def not_stopping() -> bool:
    """The default `stopping` of send_due: a caller that never asks to stop."""
    return False


def _in_queue(model: type[models.Model]) -> str:
    """The condition of the model's queue index, with literal values: SQLite uses a
    partial index only when the query repeats its condition with the same literals
    (a parameter never matches), so without it a claim scans every row ever written."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field("status").column)
    return f"{table}.{column} IN ('{PENDING}', '{SENDING}')"


def _due(now: datetime) -> Q:
    return Q(status=PENDING, next_attempt_at__lte=now) | Q(
        status=SENDING, claimed_at__lt=now - SENDING_TIMEOUT
    )


def due_rows(queue: models.QuerySet, now: datetime) -> models.QuerySet:
    """The rows of `queue` a claim may take at `now`, the longest due first: pending
    rows whose time has come, and rows stuck sending past the timeout (their worker
    died). Read through the model's queue index."""
    return (
        queue.filter(_due(now))
        .extra(where=[_in_queue(queue.model)])  # noqa: S610 - constants, no user input
        .order_by("next_attempt_at", "pk")
    )


def claim(
    queue: models.QuerySet, limit: int = 100, related: tuple[str, ...] = ()
) -> tuple[str, list]:
    """Claim due rows of `queue` for this worker alone: (claim token, rows).

    Due rows move to sending with this claim's token. The conditional UPDATE
    repeats the due test, so two workers never claim one row.
    """
    now = timezone.now()
    token = uuid.uuid4().hex
    model = queue.model
    with transaction.atomic():
        candidates = due_rows(queue, now)
        if can_skip_locked():
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return token, []
        model.objects.filter(_due(now), pk__in=ids).update(
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
    """Send one claimed row's message and mark it sent; False if the row is no longer ours."""
    message = build_message(row)
    model = type(row)
    # On PostgreSQL the renewal's row lock is held until the row is marked sent, so no
    # other worker can take it meanwhile. SQLite would lock the whole database, so
    # there the renewed claimed_at alone keeps it ours for the sending timeout.
    with transaction.atomic() if can_skip_locked() else nullcontext():
        renewed = model.objects.filter(pk=row.pk, claim_token=token, status=SENDING).update(
            claimed_at=timezone.now()
        )
        if not renewed:
            return False  # another worker reclaimed it: it is theirs to send
        mailer.send_messages([message])
        marked = model.objects.filter(pk=row.pk, claim_token=token).update(
            status=SENT, sent_at=timezone.now(), last_error="", claim_token=""
        )
    if not marked:
        logger.warning(
            "%s %s was reclaimed while it was being sent; it may arrive twice (Message-ID %s). "
            "OUTBOX_SENDING_TIMEOUT should be longer than sending one message.",
            model.__name__,
            row.pk,
            message.extra_headers.get("Message-ID", "unset"),
        )
    return True


def release(rows: list[models.Model], token: str) -> int:
    """Give claimed, unsent rows back to the queue at once, for any worker to send."""
    if not rows:
        return 0
    return (
        type(rows[0])
        .objects.filter(pk__in=[row.pk for row in rows], claim_token=token, status=SENDING)
        .update(status=PENDING, claim_token="", attempts=F("attempts") - 1)
    )


def send_due(
    queue: models.QuerySet,
    build_message: Callable[[models.Model], EmailMessage],
    limit: int = 100,
    related: tuple[str, ...] = (),
    stopping: Callable[[], bool] = not_stopping,
) -> int:
    """Claim a batch of due rows and send their messages over one connection; returns how
    many were sent. A row whose builder raises NothingToSend is marked failed, not retried.

    When `stopping()` turns true, the message being sent is finished and the rest of
    the batch is released: a worker asked to stop sends nothing twice."""
    if stopping():
        return 0
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
        for index, row in enumerate(rows):
            if stopping():
                release(rows[index:], token)
                break
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
