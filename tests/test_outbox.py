"""The shared outbox: what every queue's claim reads, and its sending timeout setting."""

import os
import subprocess
import sys

import pytest
from django.db import connection
from django.utils import timezone

from groundswell import outbox
from groundswell.changelog.models import ChangelogEmail
from groundswell.notifications.models import Channel, Delivery
from groundswell.webhooks.models import WebhookDelivery

QUEUES = {
    "delivery_queue": lambda: Delivery.objects.filter(channel=Channel.EMAIL),
    "changelog_email_queue": ChangelogEmail.objects.all,
    "webhook_delivery_queue": WebhookDelivery.objects.all,
}


@pytest.mark.parametrize("index", QUEUES)
def test_a_claim_repeats_its_queue_index_condition_with_literal_values(db, index):
    """SQLite ignores a partial index unless the query repeats its condition with the
    same literal values: without that, a claim scans every row ever written."""
    queue = QUEUES[index]()
    [queue_index] = [i for i in queue.model._meta.indexes if i.name == index]
    assert queue_index.condition.children == [("status__in", ["pending", "sending"])]
    due = outbox.due_rows(queue, timezone.now()).values_list("pk", flat=True)[:100]
    sql, params = due.query.sql_with_params()
    assert "IN ('pending', 'sending')" in sql
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(row[-1] for row in cursor.fetchall())
        assert f"USING INDEX {index}" in plan
        assert "TEMP B-TREE" not in plan  # the index gives the order too


def sending_timeout(tmp_path, **variables) -> subprocess.CompletedProcess:
    env = {**os.environ, "GROUNDSWELL_DEBUG": "true", "GROUNDSWELL_DATA_DIR": str(tmp_path)}
    env.pop("OUTBOX_SENDING_TIMEOUT", None)
    env.pop("NOTIFICATION_SENDING_TIMEOUT", None)
    env.update(variables)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from groundswell import outbox; "
            "print(outbox.SENDING_TIMEOUT)",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "groundswell.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_sending_timeout_comes_from_the_environment(tmp_path):
    assert sending_timeout(tmp_path).stdout.strip() == "0:10:00"
    assert sending_timeout(tmp_path, OUTBOX_SENDING_TIMEOUT="90").stdout.strip() == "0:01:30"
    # The variable's first name still works.
    assert sending_timeout(tmp_path, NOTIFICATION_SENDING_TIMEOUT="45").stdout.strip() == "0:00:45"
    refused = sending_timeout(tmp_path, OUTBOX_SENDING_TIMEOUT="0")
    assert refused.returncode != 0
    assert "OUTBOX_SENDING_TIMEOUT must be at least 1" in refused.stderr
