"""The Redis task backend (TASKS_BACKEND=rq, django-tasks-rq) as a drop-in for scale-out.

These run against the Redis on 127.0.0.1:6379 (or REDIS_URL), which .ci/run starts.
Without Redis they fail, saying so: they are never skipped. Each test uses a queue
of its own, so runs sharing one Redis never take each other's jobs.
"""

import os
import subprocess
import sys
import uuid

import django_rq
import pytest
from django.tasks import TaskResultStatus
from django_tasks_rq.backend import Job
from redis import Redis
from redis.exceptions import RedisError
from rq import SimpleWorker

from groundswell.mail import send_email_task

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis() -> Redis:
    connection = Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        connection.ping()
    except RedisError as error:
        pytest.fail(
            f"The Redis task backend tests need Redis at {REDIS_URL} ({error}). "
            "Start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379"
        )
    return connection


@pytest.fixture
def rq_queue(settings, redis) -> str:
    """TASKS as settings.py makes it for TASKS_BACKEND=rq, on a queue of this test's own."""
    name = f"groundswell-test-{uuid.uuid4().hex}"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}}
    # django-tasks-rq fetches results over the "default" queue's connection.
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}, name: {"URL": REDIS_URL}}
    yield name
    queue = django_rq.get_queue(name, job_class=Job)
    job_ids = set(queue.get_job_ids())
    for registry in (queue.finished_job_registry, queue.failed_job_registry):
        job_ids.update(registry.get_job_ids())
    for job_id in job_ids:
        redis.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")
    for key in redis.scan_iter(match=f"*{name}*"):
        redis.delete(key)
    redis.srem("rq:queues", f"rq:queue:{name}")


def run_rq_worker(queue_name: str, redis: Redis) -> None:
    """What `groundswell worker` runs with TASKS_BACKEND=rq, in burst mode and in this
    process (SimpleWorker: no fork), so the job sees this test's database."""
    queue = django_rq.get_queue(queue_name, job_class=Job)
    SimpleWorker([queue], connection=redis, job_class=Job).work(burst=True)


def test_an_email_task_travels_through_redis_and_an_rq_worker_sends_it(rq_queue, redis, mailoutbox):
    context = {"name": "Carol", "link": "https://example.com/sign-in/abc", "minutes": 15}
    result = send_email_task.using(queue_name=rq_queue).enqueue(
        "magic-link", "carol@customer.example", context
    )
    assert result.status == TaskResultStatus.READY
    assert redis.llen(f"rq:queue:{rq_queue}") == 1
    assert mailoutbox == []  # nothing happens until a worker takes the job

    run_rq_worker(rq_queue, redis)

    assert redis.llen(f"rq:queue:{rq_queue}") == 0
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert [message.to for message in mailoutbox] == [["carol@customer.example"]]
    assert "https://example.com/sign-in/abc" in mailoutbox[0].body


def test_a_failing_task_is_reported_failed(rq_queue, redis, mailoutbox):
    result = send_email_task.using(queue_name=rq_queue).enqueue("no-such-email", "x@y.example", {})
    run_rq_worker(rq_queue, redis)
    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert "TemplateDoesNotExist" in result.errors[0].exception_class_path
    assert mailoutbox == []


def test_the_rq_configuration_passes_django_checks_and_has_the_worker_command(tmp_path, redis):
    env = {
        **os.environ,
        "TASKS_BACKEND": "rq",
        "REDIS_URL": REDIS_URL,
        "GROUNDSWELL_DEBUG": "true",
        "GROUNDSWELL_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
    }
    check = subprocess.run(
        [sys.executable, "-m", "groundswell", "check", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    # `groundswell worker` runs django-rq's rqworker when TASKS_BACKEND=rq.
    worker = subprocess.run(
        [sys.executable, "-m", "groundswell", "rqworker", "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr
