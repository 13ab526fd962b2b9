"""The worker clears what would otherwise pile up: expired sessions and old task results."""

import threading
from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from groundswell.accounts.models import Session
from groundswell.accounts.sessions import SessionStore
from groundswell.workspaces.management.commands import worker


def session(expires_in: timedelta) -> str:
    store = SessionStore()
    store.set_expiry(timezone.now() + expires_in)
    store.create()
    return store.session_key


# The loop closes stale connections first, as the worker's threads must: outside a
# test's transaction, then.
@pytest.mark.django_db(transaction=True)
def test_housekeeping_clears_expired_sessions_and_keeps_live_ones():
    live, expired = session(timedelta(days=1)), session(timedelta(seconds=-1))
    stop = threading.Event()
    stop.set()  # one pass
    worker.keep_house(stop)
    assert set(Session.objects.values_list("pk", flat=True)) == {live}
    assert not Session.objects.filter(pk=expired).exists()


@pytest.mark.django_db(transaction=True)
def test_on_the_database_task_backend_results_older_than_14_days_are_pruned(settings):
    settings.TASKS_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    finished = {
        "status": TaskResultStatus.SUCCESSFUL,
        "args_kwargs": {"args": [], "kwargs": {}},
        "task_path": "groundswell.example.task",
        "backend_name": "default",
        "priority": 0,
        "worker_ids": [],
    }
    now = timezone.now()
    DBTaskResult.objects.create(
        finished_at=now - timedelta(days=15), queue_name="other", **finished
    )
    recent = DBTaskResult.objects.create(
        finished_at=now - timedelta(days=1), queue_name="default", **finished
    )
    stop = threading.Event()
    stop.set()
    worker.keep_house(stop)
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk}


def test_old_task_results_are_pruned_only_on_the_database_backend(settings):
    settings.TASKS_BACKEND = "database"
    assert ("prune_db_task_results", {"queue_name": "*", "verbosity": 0}) in (
        worker.housekeeping_commands()
    )
    settings.TASKS_BACKEND = "rq"
    assert [name for name, _ in worker.housekeeping_commands()] == ["clearsessions"]


@pytest.mark.django_db(transaction=True)
def test_a_failing_command_does_not_stop_the_others(monkeypatch, caplog):
    expired = session(timedelta(seconds=-1))
    monkeypatch.setattr(
        worker,
        "housekeeping_commands",
        lambda: [("no_such_command", {}), ("clearsessions", {})],
    )
    stop = threading.Event()
    stop.set()
    worker.keep_house(stop)
    assert "no_such_command failed" in caplog.text
    assert not Session.objects.filter(pk=expired).exists()
