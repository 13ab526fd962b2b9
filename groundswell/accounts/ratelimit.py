"""Rate limits for sign-in, sign-up and account emails, counted in Django's cache.

Each limit is a counter per (scope, subject) in a fixed window of
RATE_LIMIT_WINDOW seconds. Subjects (addresses, email addresses) are hashed so
the cache holds no personal data. This is edge code: views call it before they
call a service. It may import Django settings, the cache and accounts.errors.
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from groundswell.accounts.errors import RateLimited


def client_address(request: HttpRequest) -> str:
    """The client's IP address; an IPv6 client counts as its /64 network.

    Behind the HTTPS proxy (BEHIND_HTTPS_PROXY) REMOTE_ADDR is the proxy, which
    appends the real client as the last X-Forwarded-For entry; earlier entries
    come from the client and are not trusted.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        address = forwarded or address
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def hit(scope: str, subject: str, limit: int, what: str) -> None:
    """Count one attempt; raise RateLimited when it is over `limit` in this window."""
    window = settings.RATE_LIMIT_WINDOW
    now = time.time()
    window_start = int(now // window) * window
    digest = hashlib.sha256(f"{scope}:{subject}".encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}:{window_start}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        raise RateLimited(what, retry_after=int(window_start + window - now) + 1)


def limit_sign_in(request: HttpRequest, email: str | None) -> None:
    """Every sign-in attempt counts, per client address and per account address."""
    what = "sign-in attempts"
    hit("sign-in-ip", client_address(request), settings.SIGN_IN_RATE_LIMIT, what)
    if email:
        hit("sign-in-email", email.strip().lower(), settings.SIGN_IN_RATE_LIMIT, what)


def limit_sign_up(request: HttpRequest) -> None:
    hit("sign-up-ip", client_address(request), settings.SIGN_IN_RATE_LIMIT, "sign-up attempts")


def limit_account_email(request: HttpRequest, email: str) -> None:
    """Sign-in links and password resets share one budget, so no inbox gets flooded."""
    what = "emails requested"
    hit("email-ip", client_address(request), settings.EMAIL_RATE_LIMIT, what)
    hit("email-to", email.strip().lower(), settings.EMAIL_RATE_LIMIT, what)
