"""Request signatures of the machine endpoints: Slack's v0 scheme and Groundswell's
own webhook scheme. Pure functions: no database, the clock passed in.

Both sign a timestamp with the raw body, and both refuse timestamps more than
five minutes from now, so a captured request cannot be replayed later; a replay
inside the window is harmless because every channel files by the source's own id.
"""

import hashlib
import hmac
import time

from groundswell.intake.errors import BadSignature, StaleRequest

TOLERANCE_SECONDS = 5 * 60


def _hmac_sha256(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _check_timestamp(raw: str, now: float | None) -> int:
    try:
        timestamp = int(raw)
    except (TypeError, ValueError):
        raise BadSignature("The signature's timestamp is missing or not a number.") from None
    now = time.time() if now is None else now
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        raise StaleRequest("The signature's timestamp is more than five minutes from now.")
    return timestamp


def slack_signature(secret: str, timestamp: str, body: bytes) -> str:
    return "v0=" + _hmac_sha256(secret, b"v0:" + timestamp.encode() + b":" + body)


def verify_slack_request(
    secret: str, timestamp: str | None, signature: str | None, body: bytes, now: float | None = None
) -> None:
    """Slack's scheme: X-Slack-Signature = v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")."""
    _check_timestamp(timestamp or "", now)
    expected = slack_signature(secret, timestamp or "", body)
    if not signature or not hmac.compare_digest(expected.encode(), signature.encode()):
        raise BadSignature("The X-Slack-Signature header does not match.")


def webhook_signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The Groundswell-Signature header a sender puts on `body`: t=<unix>,v1=<hex>."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1=" + _hmac_sha256(secret, f"{timestamp}.".encode() + body)


def verify_webhook_request(
    secret: str, header: str | None, body: bytes, now: float | None = None
) -> None:
    """Groundswell-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>.

    Several v1 values may be sent (while a sender moves to a rotated secret); one
    matching is enough.
    """
    parts: dict[str, list[str]] = {}
    for piece in (header or "").split(","):
        key, _, value = piece.strip().partition("=")
        if key and value:
            parts.setdefault(key, []).append(value)
    if "t" not in parts or "v1" not in parts:
        raise BadSignature("Send a Groundswell-Signature header: t=<unix time>,v1=<hex HMAC>.")
    _check_timestamp(parts["t"][0], now)
    expected = _hmac_sha256(secret, parts["t"][0].encode() + b"." + body).encode()
    if not any(hmac.compare_digest(expected, given.encode()) for given in parts["v1"]):
        raise BadSignature("The Groundswell-Signature does not match this body.")
