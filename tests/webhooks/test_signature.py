"""A receiver that follows README's verification snippet accepts real deliveries."""

import re
import time
from pathlib import Path

import pytest

from groundswell.feedback import services as feedback
from groundswell.webhooks.models import WebhookDelivery
from groundswell.webhooks.payloads import signature
from groundswell.webhooks.services import request_for, send_webhook_deliveries

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def readme_verify():
    """The `verify` function exactly as README shows it."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.DOTALL)
    [snippet] = [block for block in blocks if "def verify(" in block]
    namespace: dict = {}
    exec(snippet, namespace)  # noqa: S102 - our own documentation, run to prove it
    return namespace["verify"]


def test_readmes_snippet_verifies_a_real_delivery(readme_verify, endpoint, receiver, idea, bob):
    WebhookDelivery.objects.all().delete()
    feedback.add_vote(idea, bob)
    send_webhook_deliveries()
    [request] = receiver.requests
    header, body = request["headers"]["Groundswell-Signature"], request["body"]
    assert readme_verify(endpoint.secret, header, body)
    assert not readme_verify(endpoint.secret, header, body + b" ")
    assert not readme_verify(endpoint.secret + "x", header, body)


def test_the_header_is_t_and_v1_over_timestamp_dot_body():
    # Expected value from: printf %s "1700000000.<body>" | openssl dgst -sha256 -hmac whsec_test
    body = b'{"kind":"vote.added"}'
    assert signature("whsec_test", 1700000000, body) == (
        "t=1700000000,v1=20e641a71c8a5657c7c25825569d9ecefde3d7a1bb8c19bd4c3775e0c87bb94f"
    )


def test_a_signature_older_than_five_minutes_is_refused(readme_verify, endpoint, idea, bob):
    WebhookDelivery.objects.all().delete()
    feedback.add_vote(idea, bob)
    delivery = WebhookDelivery.objects.select_related("endpoint").get()
    body, headers = request_for(delivery, now=time.time() - 301)
    assert not readme_verify(endpoint.secret, headers["Groundswell-Signature"], body)
    body, headers = request_for(delivery)
    assert readme_verify(endpoint.secret, headers["Groundswell-Signature"], body)
