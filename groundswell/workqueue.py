"""Durable rows as a work queue: claiming due rows and the retry schedule.

Shared by notification deliveries and webhook deliveries, whose rows carry a
status, a claim token and a next-attempt time. Imports nothing of ours.
"""

from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q, QuerySet

# Retries back off exponentially from a minute, at most two hours apart; after a
# day a row is given up.
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=2)
GIVE_UP_AFTER = timedelta(hours=24)


def can_skip_locked() -> bool:
    return connection.features.has_select_for_update_skip_locked


def claim_due_rows(candidates: QuerySet, due: Q, limit: int, **changes) -> int:
    """Apply `changes` (the claim) to at most `limit` rows of `candidates` that are `due`.

    On PostgreSQL the candidates are read with SKIP LOCKED, so workers claiming
    at once take different rows; everywhere the UPDATE repeats the due test, so
    two workers never both claim one row. Returns how many rows were claimed.
    """
    with transaction.atomic():
        rows = candidates.filter(due)
        if can_skip_locked():
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True)[:limit])
        if not ids:
            return 0
        return candidates.model.objects.filter(due, pk__in=ids).update(**changes)


def retry_time(attempts: int, first_queued_at: datetime, now: datetime) -> datetime | None:
    """When to try again after `attempts` failed tries, or None once the row has had a day."""
    delay = min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)
    if now + delay - first_queued_at > GIVE_UP_AFTER:
        return None
    return now + delay
