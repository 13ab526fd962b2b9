"""Intake data: Acme's channel settings with a Slack signing secret, Globex's with its own.

Signatures are computed here from the documented schemes (not with the code
under test), so a test fails if the server's scheme drifts from the docs.
"""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.test import Client

from groundswell.intake import services

ACME_SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
GLOBEX_SLACK_SECRET = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def intake(workspace):
    found = services.intake_settings(workspace)
    services.set_slack_signing_secret(found, ACME_SLACK_SECRET)
    return found


@pytest.fixture
def globex_intake(other_workspace):
    found = services.intake_settings(other_workspace)
    services.set_slack_signing_secret(found, GLOBEX_SLACK_SECRET)
    return found


def slack_headers(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = b"v0:" + str(timestamp).encode() + b":" + body
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


def post_slack(
    path: str, fields: dict, secret: str = ACME_SLACK_SECRET, timestamp: int | None = None
):
    body = urlencode(fields).encode()
    return Client().post(
        path,
        body,
        content_type="application/x-www-form-urlencoded",
        headers=slack_headers(secret, body, timestamp),
    )


def webhook_signature(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def post_webhook(path: str, payload, secret: str, timestamp: int | None = None, raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    return Client().post(
        path,
        body,
        content_type="application/json",
        headers={"Groundswell-Signature": webhook_signature(secret, body, timestamp)},
    )


@pytest.fixture(autouse=True)
def _no_calls_to_slack(settings):
    """Tests never reach the real Slack: only response_urls on a local test server are posted to."""
    settings.SLACK_RESPONSE_URL_PREFIX = "http://127.0.0.1:"
    settings.SLACK_API_URL = "http://127.0.0.1:9/api"


BOT_TOKEN = "xoxb-1234567890-0987654321-abcdefABCDEF"
PROFILES = {"U0DANA": {"email": "dana@initech.example", "real_name": "Dana Scully"}}


class FakeSlack(BaseHTTPRequestHandler):
    """Slack's side, on localhost: users.info as documented, and response_urls that
    record what was posted to them."""

    lookups: list[str] = []
    responses: list[tuple[str, dict]] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        url = urlparse(self.path)
        user_id = parse_qs(url.query).get("user", [""])[0]
        FakeSlack.lookups.append(user_id)
        if url.path != "/api/users.info":
            answer = {"ok": False, "error": "unknown_method"}
        elif self.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            answer = {"ok": False, "error": "invalid_auth"}
        elif user_id not in PROFILES:
            answer = {"ok": False, "error": "user_not_found"}
        else:
            profile = PROFILES[user_id]
            answer = {
                "ok": True,
                "user": {
                    "id": user_id,
                    "name": "dana",
                    "real_name": profile["real_name"],
                    "profile": {**profile, "display_name": "dana"},
                },
            }
        self._answer(answer)

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        FakeSlack.responses.append((self.path, json.loads(self.rfile.read(length))))
        self._answer({"ok": True})

    def _answer(self, answer: dict) -> None:
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def slack_api(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSlack)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    FakeSlack.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.SLACK_API_URL = FakeSlack.base_url + "/api"
    FakeSlack.lookups, FakeSlack.responses = [], []
    yield FakeSlack
    server.shutdown()
    server.server_close()
