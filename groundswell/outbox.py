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
sending it and marks it sent right after the server accepts it; no other worker
may reclaim the row until OUTBOX_SENDING_TIMEOUT has passed since the renewal,
which is far longer than one send (EMAIL_TIMEOUT). A worker asked to stop finishes
its message and gives the rest of its batch back. Imports nothing of ours.
"""

import logging
import uuid
from collections.abc import Callable
from contextlib import contextmanager
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
# A batch's claim is renewed before a send once its last renewal is this old.
RENEW_AFTER = SENDING_TIMEOUT / 10
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
    died). Read through the model's queue index, in its order alone: a tie-break on
    the id would make PostgreSQL sort every due row first (a fan-out writes thousands
    with the same time)."""
    return (
        queue.filter(_due(now))
        .extra(where=[_in_queue(queue.model)])  # noqa: S610 - constants, no user input
        .order_by("next_attempt_at")
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


class _Claim:
    """A batch's claim: its token and which of its rows are still this worker's.

    Claims are renewed (claimed_at moved to now) when the last renewal is RENEW_AFTER
    old, right before a send, so a worker that stalled for longer than the sending
    timeout finds out which rows another worker took meanwhile, and a batch never
    looks abandoned while it is being sent. A fresh claim costs nothing per message.
    """

    def __init__(self, model: type[models.Model], token: str, rows: list[models.Model]):
        self.model, self.token = model, token
        self.ours = {row.pk for row in rows}
        self.renewed_at = timezone.now()

    def still_ours(self, row: models.Model) -> bool:
        now = timezone.now()
        if now - self.renewed_at >= RENEW_AFTER:
            mine = self.model.objects.filter(
                pk__in=self.ours, claim_token=self.token, status=SENDING
            )
            mine.update(claimed_at=now)
            self.ours = set(mine.values_list("pk", flat=True))
            self.renewed_at = now
        return row.pk in self.ours

    def done(self, row: models.Model) -> None:
        self.ours.discard(row.pk)


def _send_one(
    row: models.Model,
    claim: _Claim,
    mailer,
    build_message: Callable[[models.Model], EmailMessage],
) -> bool:
    """Send one claimed row's message and mark it sent; False if the row is no longer ours.

    No transaction is held open across the send: a lock held while talking to the mail
    server would cost round trips per message and guard only against a send outlasting
    the sending timeout, which is far longer than one send (bounded by EMAIL_TIMEOUT).
    """
    message = build_message(row)
    if not claim.still_ours(row):
        return False  # another worker reclaimed it: it is theirs to send
    mailer.send_messages([message])
    claim.done(row)
    marked = claim.model.objects.filter(pk=row.pk, claim_token=claim.token).update(
        status=SENT, sent_at=timezone.now(), last_error="", claim_token=""
    )
    if not marked:
        logger.warning(
            "%s %s was reclaimed while it was being sent; it may arrive twice (Message-ID %s). "
            "OUTBOX_SENDING_TIMEOUT should be longer than sending one message.",
            claim.model.__name__,
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
    with _quick_commits():
        return _send_batch(rows, token, mailers.default, build_message, stopping)


@contextmanager
def _quick_commits():
    """On PostgreSQL, the bookkeeping of a batch (claims renewed, rows marked sent) commits
    without waiting for its WAL flush: one flush per message was most of a send's time.
    A worker crash loses nothing by it; only a crash of PostgreSQL itself could forget
    the last fraction of a second of "sent" marks, and those messages would be sent again
    (under the same Message-ID)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _send_batch(
    rows: list[models.Model],
    token: str,
    mailer,
    build_message: Callable[[models.Model], EmailMessage],
    stopping: Callable[[], bool],
) -> int:
    sent = 0
    claim = _Claim(type(rows[0]), token, rows)
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
                sent += _send_one(row, claim, mailer, build_message)
            except NothingToSend as reason:
                record_failure(row, token, reason, final=True)
            except Exception as error:  # noqa: BLE001
                logger.warning("%s %s failed: %s", type(row).__name__, row.pk, error)
                record_failure(row, token, error)
    finally:
        mailer.close()
    return sent
