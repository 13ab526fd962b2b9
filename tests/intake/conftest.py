"""Intake data: Acme's channel settings with a Slack signing secret, Globex's with its own.

Signatures are computed here from the documented schemes (not with the code
under test), so a test fails if the server's scheme drifts from the docs.
"""

import hashlib
import hmac
import json
import time
from urllib.parse import urlencode

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
