"""A real HTTP receiver on 127.0.0.1, endpoints pointing at it, and a public-DNS stand-in.

The receiver is on a loopback address, so tests that send to it turn
WEBHOOKS_ALLOW_PRIVATE on, as a developer running a local receiver would.
"""

import hashlib
import hmac
import ipaddress
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from groundswell.webhooks import services, transport
from groundswell.webhooks.models import EndpointKind, WebhookEventKind

ALL_EVENTS = [kind.value for kind in WebhookEventKind]


def verify_signature(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """The receiver's check, exactly as README documents it."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp, received = parts.get("t", ""), parts.get("v1", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, received)


class Receiver:
    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list[tuple[int, bytes]] = []  # what to answer next; then 200
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/groundswell"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                status, answer = receiver.answers.pop(0) if receiver.answers else (200, b"ok")
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        return Handler


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def allow_private(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True


@pytest.fixture
def endpoint(workspace, alice, receiver, allow_private):
    return services.create_endpoint(
        workspace, url=receiver.url, kind=EndpointKind.GENERIC, events=ALL_EVENTS, created_by=alice
    )


@pytest.fixture
def slack_endpoint(workspace, alice, receiver, allow_private):
    return services.create_endpoint(
        workspace, url=receiver.url, kind=EndpointKind.SLACK, events=ALL_EVENTS, created_by=alice
    )


@pytest.fixture
def dns(monkeypatch):
    """Host names resolve to what the test says, without a network."""
    answers: dict[str, list[str]] = {}

    def resolve(host: str, port: int):
        if host not in answers:
            raise transport.UnsafeWebhookUrl(f"The host “{host}” could not be found.")
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                ipaddress.ip_address(address),
            )
            for address in answers[host]
        ]

    monkeypatch.setattr(transport, "resolve", resolve)
    return answers
