"""Outside tests, a due index refresh runs in a thread of its own: no query waits for it."""

import threading

from groundswell.duplicates import index


def test_a_due_refresh_runs_in_the_background(board, carol, settings, monkeypatch):
    settings.DUPLICATES_REFRESH_IN_BACKGROUND = True
    index.workspace_index(board.workspace_id)
    entry = index._entries[board.workspace_id]
    entry.checked_at -= index.REFRESH_SECONDS + 1
    started = threading.Event()
    release = threading.Event()

    def slow_refresh(workspace_id, refreshed_entry):
        started.set()
        release.wait(5)
        refreshed_entry.checked_at = index.time.monotonic()

    monkeypatch.setattr(index, "_refresh", slow_refresh)
    assert index.workspace_index(board.workspace_id) is entry.index  # returns at once
    assert started.wait(5)
    assert entry.refreshing
    assert index.workspace_index(board.workspace_id) is entry.index  # no second refresh
    release.set()
    for _ in range(100):
        if not entry.refreshing:
            break
        threading.Event().wait(0.05)
    assert not entry.refreshing
