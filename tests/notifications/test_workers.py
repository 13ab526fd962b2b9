"""Two real `groundswell deliver` processes against the test database and a real SMTP server.

What the design guarantees, and what these tests hold it to: every delivery reaches
the mail server (nothing lost), and no message arrives twice except, for each
worker killed mid-batch, at most the one message it had handed to the server and
not yet marked sent. Every message's Message-ID is made from its delivery, so that
one repeat is recognisable: here it is exactly the message the killed worker had
in flight. Both tests run on SQLite and on PostgreSQL (where claims use SKIP LOCKED).
"""

import asyncio
import email
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from email import policy
from urllib.parse import quote

import psycopg
import pytest
from aiosmtpd.controller import Controller
from django.db import OperationalError, connection
from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.feedback import services as feedback
from groundswell.feedback.models import Follow
from groundswell.notifications.models import Channel, Delivery, DeliveryStatus
from groundswell.notifications.services import claim_deliveries, fan_out_pending, message_id
from tests.notifications.conftest import status
from tests.notifications.test_delivery import free_port

FOLLOWERS = 2000
# A worker killed mid-batch leaves its claimed rows to be reclaimed after this long.
SENDING_TIMEOUT_SECONDS = 2
# Worker A is killed while the server holds its reply to A's 150th message: the
# 50th of its second batch of 100, so the kill lands mid-batch with rows unsent.
HOLD_AT = 150


class Recorder:
    """The mail server's view: every message received, and from which worker (each
    worker has a port of its own)."""

    def __init__(self):
        self.received: list[tuple[str, str, list[str]]] = []  # (worker, Message-ID, recipients)
        self.lock = threading.Lock()
        self.holding = threading.Event()  # the server holds its reply to A's HOLD_AT-th message
        self.release = threading.Event()  # the test has killed A: reply (to nobody)
        self.hold_message_id = ""

    def handler(self, worker: str, hold_at: int | None = None):
        recorder = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd
                message = email.message_from_bytes(envelope.content, policy=policy.default)
                with recorder.lock:
                    recorder.received.append((worker, message["Message-ID"], envelope.rcpt_tos))
                    count = sum(1 for who, _, _ in recorder.received if who == worker)
                if count == hold_at:
                    # The message is received; the worker dies before it hears so.
                    recorder.hold_message_id = message["Message-ID"]
                    recorder.holding.set()
                    while not recorder.release.is_set():
                        await asyncio.sleep(0.01)
                return "250 OK"

        return Handler()

    def by_worker(self) -> Counter:
        return Counter(worker for worker, _, _ in self.received)

    def message_ids(self) -> Counter:
        return Counter(message_id for _, message_id, _ in self.received)


@pytest.fixture
def recorder():
    recorder = Recorder()
    yield recorder
    recorder.release.set()


def start_server(recorder: Recorder, worker: str, hold_at: int | None = None):
    port = free_port()
    controller = Controller(recorder.handler(worker, hold_at), hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port


def database_environment() -> dict:
    """Point a child process at the database this test uses."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return {"DATABASE_URL": "", "SQLITE_PATH": str(config["NAME"])}
    if connection.vendor == "postgresql":
        credentials = quote(config["USER"] or "")
        if config["PASSWORD"]:
            credentials += ":" + quote(config["PASSWORD"])
        host = f"{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}"
        return {"DATABASE_URL": f"postgres://{credentials}@{host}/{config['NAME']}"}
    raise AssertionError(f"No child-process settings for the {connection.vendor} database.")


DELIVER = ("deliver", "--sleep", "0.2")


def start_worker(port: int, tmp_path, name: str, command: tuple = DELIVER) -> subprocess.Popen:
    env = {
        **os.environ,
        **database_environment(),
        "GROUNDSWELL_TESTING": "true",
        "GROUNDSWELL_DATA_DIR": str(tmp_path),
        "EMAIL_DELIVERY": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "10",
        "OUTBOX_SENDING_TIMEOUT": str(SENDING_TIMEOUT_SECONDS),
        "LOG_LEVEL": "WARNING",
        "TASKS_BACKEND": "database",  # what `groundswell worker` runs beside the deliveries
    }
    log = open(tmp_path / f"worker-{name}.log", "w")  # noqa: SIM115 - lives with the process
    return subprocess.Popen(
        [sys.executable, "-m", "groundswell", *command],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {seconds} s waiting for {what}.")
        time.sleep(0.1)


def all_sent() -> bool:
    emails = Delivery.objects.filter(channel=Channel.EMAIL)
    return emails.exists() and not emails.exclude(status=DeliveryStatus.SENT).exists()


@pytest.fixture
def shipped(transactional_db, idea, workspace, alice):
    """An idea with 2,000 followers, just marked shipped: an event not yet fanned out."""
    people = User.objects.bulk_create(
        User(email=f"follower{i}@followers.example", name=f"Follower {i}", password="!")
        for i in range(FOLLOWERS)
    )
    Follow.objects.bulk_create(Follow(idea=idea, person=person) for person in people)
    feedback.change_status(idea, status(workspace, "shipped"), alice, "It is out.")
    return idea


def expected_messages() -> dict[str, str]:
    """Message-ID -> recipient address, for every email delivery."""
    emails = Delivery.objects.filter(channel=Channel.EMAIL).select_related("person")
    return {message_id(delivery): delivery.person.email for delivery in emails}


def assert_each_went_to_its_person(recorder: Recorder, expected: dict[str, str]) -> None:
    for _, received_id, recipients in recorder.received:
        assert recipients == [expected[received_id]]


def test_two_workers_share_the_work_and_send_nothing_twice(shipped, recorder, tmp_path):
    server_a, port_a = start_server(recorder, "a")
    server_b, port_b = start_server(recorder, "b")
    workers = [start_worker(port_a, tmp_path, "a"), start_worker(port_b, tmp_path, "b")]
    try:
        wait_for(all_sent, 120, "every email delivery to be sent")
    finally:
        for worker in workers:
            stop(worker)
        server_a.stop()
        server_b.stop()

    expected = expected_messages()
    assert len(expected) == FOLLOWERS + 1  # the followers and Carol, the idea's author
    received = recorder.message_ids()
    assert set(received) == set(expected)
    assert set(received.values()) == {1}, "a message arrived twice"
    assert_each_went_to_its_person(recorder, expected)
    by_worker = recorder.by_worker()
    assert by_worker["a"] > 0 and by_worker["b"] > 0, f"one worker did everything: {by_worker}"


def test_killing_a_worker_mid_batch_loses_nothing_and_repeats_only_its_message_in_flight(
    shipped, recorder, tmp_path
):
    server_a, port_a = start_server(recorder, "a", hold_at=HOLD_AT)
    server_b, port_b = start_server(recorder, "b")
    worker_a = start_worker(port_a, tmp_path, "a")
    worker_b = start_worker(port_b, tmp_path, "b")
    try:
        wait_for(recorder.holding.is_set, 120, f"worker A to send its {HOLD_AT}th message")
        worker_a.send_signal(signal.SIGKILL)
        worker_a.wait(timeout=10)
        recorder.release.set()
        wait_for(all_sent, 120, "the surviving worker to send everything")
    finally:
        for worker in (worker_a, worker_b):
            stop(worker)
        server_a.stop()
        server_b.stop()

    assert worker_a.returncode == -signal.SIGKILL
    expected = expected_messages()
    received = recorder.message_ids()
    # Nothing lost: every delivery reached the server, and nothing else did.
    assert set(received) == set(expected)
    # Nothing twice but the one message A had handed over when it died, which the
    # survivor sent again under the same Message-ID.
    assert {mid: n for mid, n in received.items() if n > 1} == {recorder.hold_message_id: 2}
    assert_each_went_to_its_person(recorder, expected)
    # The kill landed mid-batch: the rest of A's claimed batch was reclaimed and sent.
    reclaimed = Delivery.objects.filter(channel=Channel.EMAIL, attempts=2)
    assert reclaimed.count() > 1
    assert recorder.by_worker()["b"] > 0


def test_a_claim_never_takes_the_rows_another_worker_is_claiming(transactional_db, crowd, alice):
    """PostgreSQL: a claim skips the rows another worker's claim has locked (SKIP LOCKED)
    and takes the rest without waiting. SQLite locks the whole database for a claim's
    transaction, so claims take turns: none starts while another is under way."""
    feedback.change_status(crowd, status(crowd.workspace, "planned"), alice)
    fan_out_pending()
    emails = Delivery.objects.filter(channel=Channel.EMAIL).order_by("next_attempt_at", "pk")
    everyone = list(emails.values_list("pk", flat=True))
    assert len(everyone) == 5
    if connection.vendor == "postgresql":
        claimed = claim_beside_a_postgresql_claim(everyone[:2])
    else:
        claimed = claim_beside_a_sqlite_claim(everyone[:2])
    assert sorted(d.pk for d in claimed) == everyone[2:]


def claim_beside_a_postgresql_claim(held: list[int]) -> list[Delivery]:
    config = connection.settings_dict
    other = psycopg.connect(
        dbname=config["NAME"],
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
    )
    try:
        # Another worker is in the middle of claiming the first two rows.
        other.execute("SELECT id FROM notifications_delivery WHERE id = ANY(%s) FOR UPDATE", [held])
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")  # fail, not hang, if rows are waited for
        return claim_deliveries(limit=5)[1]
    finally:
        other.rollback()
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


def claim_beside_a_sqlite_claim(held: list[int]) -> list[Delivery]:
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    try:
        # Another worker is in the middle of claiming the first two rows.
        other.execute("BEGIN IMMEDIATE")
        other.execute(
            "UPDATE notifications_delivery SET status = 'sending', claim_token = 'other', "
            "claimed_at = ? WHERE id IN (?, ?)",
            [timezone.now().isoformat(sep=" ").removesuffix("+00:00"), *held],
        )
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 100")
        # This claim cannot start until that one is over.
        with pytest.raises(OperationalError, match="locked"):
            claim_deliveries(limit=5)
        other.execute("COMMIT")
        return claim_deliveries(limit=5)[1]
    finally:
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 20000")


# `groundswell worker` runs the delivery loop in a thread beside the task worker, which
# owns the signals: stopping it must stop the loop just as cleanly.
@pytest.mark.parametrize("command", [DELIVER, ("worker",)], ids=["deliver", "worker"])
def test_a_worker_asked_to_stop_finishes_its_message_and_gives_back_the_rest(
    shipped, recorder, tmp_path, command
):
    server_a, port_a = start_server(recorder, "a", hold_at=50)
    server_b, port_b = start_server(recorder, "b")
    worker_a = start_worker(port_a, tmp_path, "a", command)
    worker_b = None
    try:
        wait_for(recorder.holding.is_set, 120, "worker A to send its 50th message")
        worker_a.send_signal(signal.SIGTERM)
        recorder.release.set()
        assert worker_a.wait(timeout=30) == 0
        # The rest of A's batch is back in the queue at once, not after the timeout.
        assert not Delivery.objects.filter(status=DeliveryStatus.SENDING).exists()
        assert Delivery.objects.filter(channel=Channel.EMAIL, status=DeliveryStatus.PENDING)
        worker_b = start_worker(port_b, tmp_path, "b")
        wait_for(all_sent, 120, "worker B to send the rest")
    finally:
        stop(worker_a)
        if worker_b:
            stop(worker_b)
        server_a.stop()
        server_b.stop()

    expected = expected_messages()
    received = recorder.message_ids()
    assert set(received) == set(expected)
    assert set(received.values()) == {1}, "a message arrived twice"
    assert recorder.by_worker()["a"] == 50
    assert not Delivery.objects.filter(channel=Channel.EMAIL, attempts__gt=1).exists()
