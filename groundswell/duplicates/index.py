"""Per-process similarity indexes, one per workspace, kept in step with the database.

An index is loaded once from the stored embeddings (O(n), no model run), then
refreshed at most every REFRESH_SECONDS with what changed: new or re-computed
embeddings replace their rows, and ideas whose embedding the worker has not
computed yet join with a zero vector, so they are found by their words at once.
Merged and deleted ideas are filtered out when a query's results are read.

With DUPLICATES_REFRESH_IN_BACKGROUND (on outside tests) the refresh runs in a
thread of its own, so no query waits for it; queries meanwhile use the index
as it was, at most a refresh interval old.
"""

import threading
import time
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from django.conf import settings
from django.db import connection

from groundswell.duplicates import embedding
from groundswell.duplicates.engine import Item, SimilarityIndex
from groundswell.duplicates.models import IdeaEmbedding
from groundswell.feedback.models import Idea

REFRESH_SECONDS = 2.0


@dataclass
class _Entry:
    index: SimilarityIndex
    embeddings_until: datetime | None
    last_idea_id: int
    checked_at: float
    refreshing: bool = False


_entries: dict[int, _Entry] = {}
_lock = threading.Lock()


def workspace_index(workspace_id: int) -> SimilarityIndex:
    with _lock:
        entry = _entries.get(workspace_id)
        if entry is None:
            entry = _entries[workspace_id] = _load(workspace_id)
            return entry.index
        if entry.refreshing or time.monotonic() - entry.checked_at <= REFRESH_SECONDS:
            return entry.index
        if not settings.DUPLICATES_REFRESH_IN_BACKGROUND:
            _refresh(workspace_id, entry)
            return entry.index
        entry.refreshing = True
    threading.Thread(target=_refresh_in_background, args=(workspace_id, entry), daemon=True).start()
    return entry.index


def _refresh_in_background(workspace_id: int, entry: _Entry) -> None:
    # No global lock: the `refreshing` flag makes this the entry's only writer, and
    # the index locks itself only while rows are swapped in.
    try:
        _refresh(workspace_id, entry)
    finally:
        entry.refreshing = False
        connection.close()  # this thread's own database connection


def forget_indexes() -> None:
    """Drop every cached index (tests, and after bulk loads)."""
    with _lock:
        _entries.clear()


def _item(idea_id: int, title: str, body: str) -> Item:
    return Item(str(idea_id), title, body)


def _load(workspace_id: int) -> _Entry:
    index = SimilarityIndex()
    rows = list(
        IdeaEmbedding.objects.filter(workspace_id=workspace_id, idea__merged_into__isnull=True)
        .order_by()
        .values_list("idea_id", "idea__title", "idea__body", "vector", "hubness", "updated_at")
    )
    if rows:
        vectors = np.stack([np.frombuffer(bytes(row[3]), dtype=np.float32) for row in rows])
        hubness = np.array([row[4] for row in rows], dtype=np.float32)
        index.load([_item(*row[:3]) for row in rows], vectors, hubness)
    entry = _Entry(
        index=index,
        embeddings_until=max((row[5] for row in rows), default=None),
        last_idea_id=0,
        checked_at=time.monotonic(),
    )
    _add_ideas_without_embedding(workspace_id, entry)
    return entry


def _refresh(workspace_id: int, entry: _Entry) -> None:
    changed = IdeaEmbedding.objects.filter(workspace_id=workspace_id)
    if entry.embeddings_until is not None:
        changed = changed.filter(updated_at__gt=entry.embeddings_until)
    rows = list(
        changed.order_by("updated_at").values_list(
            "idea_id", "idea__title", "idea__body", "vector", "updated_at"
        )[:5000]
    )
    if rows:
        vectors = np.stack([np.frombuffer(bytes(row[3]), dtype=np.float32) for row in rows])
        entry.index.add_many([_item(*row[:3]) for row in rows], vectors)
        entry.embeddings_until = rows[-1][4]
    _add_ideas_without_embedding(workspace_id, entry)
    entry.checked_at = time.monotonic()


def _add_ideas_without_embedding(workspace_id: int, entry: _Entry) -> None:
    """Ideas newer than the last seen that have no embedding yet join by their words."""
    batch = 5000
    while True:
        rows = list(
            Idea.objects.filter(
                workspace_id=workspace_id,
                pk__gt=entry.last_idea_id,
                merged_into__isnull=True,
                embedding__isnull=True,
            )
            .order_by("pk")
            .values_list("pk", "title", "body")[:batch]
        )
        if rows:
            zeros = np.zeros((len(rows), embedding.DIMENSIONS), dtype=np.float32)
            entry.index.add_many([_item(*row) for row in rows], zeros)
            entry.last_idea_id = rows[-1][0]
        if len(rows) < batch:
            break
    # Newer ideas that already have an embedding arrive with the embeddings instead.
    newest = (
        Idea.objects.filter(workspace_id=workspace_id, pk__gt=entry.last_idea_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    entry.last_idea_id = max(entry.last_idea_id, newest or 0)
