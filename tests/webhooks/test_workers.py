"""Several workers sending at once share the queue: every delivery reaches the receiver once."""

import threading
from collections import Counter

import pytest
from django.db import close_old_connections, connection

from groundswell.feedback import services as feedback
from groundswell.webhooks.models import WebhookDelivery, WebhookDeliveryStatus
from groundswell.webhooks.services import send_webhook_deliveries


@pytest.mark.django_db(transaction=True)
def test_three_workers_send_each_delivery_once(endpoint, board, bob, receiver):
    for n in range(12):
        feedback.create_idea(board, bob, f"Idea {n}", vote_for_it=False)
    queued = set(WebhookDelivery.objects.values_list("pk", flat=True))
    barrier = threading.Barrier(3)
    failures = []

    def work():
        close_old_connections()
        try:
            barrier.wait()
            while send_webhook_deliveries(limit=2):
                pass
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert failures == []
    sent = Counter(int(request["headers"]["Groundswell-Delivery"]) for request in receiver.requests)
    assert set(sent) == queued
    assert set(sent.values()) == {1}
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {
        WebhookDeliveryStatus.DELIVERED
    }
