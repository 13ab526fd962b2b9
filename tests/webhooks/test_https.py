"""HTTPS receivers: the certificate is verified for the URL's host name, while the
connection goes to the address the safety check resolved."""

import json
import ssl
import subprocess

import pytest

from groundswell.feedback import services as feedback
from groundswell.webhooks import transport
from groundswell.webhooks.models import WebhookDelivery, WebhookDeliveryStatus
from groundswell.webhooks.services import send_webhook_deliveries
from tests.webhooks.conftest import Receiver


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for receiver.test."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=receiver.test",
            "-addext", "subjectAltName=DNS:receiver.test",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return key, cert


@pytest.fixture
def https_receiver(certificate):
    key, cert = certificate
    receiver = Receiver()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    receiver.server.socket = context.wrap_socket(receiver.server.socket, server_side=True)
    port = receiver.server.server_address[1]
    receiver.url = f"https://receiver.test:{port}/hooks"
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def vote_for(endpoint, idea, bob, dns, https_receiver):
    dns["receiver.test"] = ["127.0.0.1"]
    endpoint.url = https_receiver.url
    endpoint.save()
    WebhookDelivery.objects.all().delete()
    feedback.add_vote(idea, bob)
    return WebhookDelivery.objects.get()


def test_a_certificate_nobody_vouches_for_is_refused(vote_for, https_receiver):
    send_webhook_deliveries()
    vote_for.refresh_from_db()
    assert vote_for.status == WebhookDeliveryStatus.PENDING
    assert "CERTIFICATE_VERIFY_FAILED" in vote_for.last_error
    assert https_receiver.requests == []


def test_a_trusted_certificate_for_the_host_name_is_accepted(
    vote_for, https_receiver, certificate, monkeypatch
):
    trusting = ssl.create_default_context(cafile=str(certificate[1]))
    monkeypatch.setattr(transport.ssl, "create_default_context", lambda: trusting)
    assert send_webhook_deliveries() == 1
    [request] = https_receiver.requests
    assert json.loads(request["body"])["kind"] == "vote.added"
    assert request["headers"]["Host"].startswith("receiver.test:")
