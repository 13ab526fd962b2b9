"""Reaching a webhook URL safely: which addresses are allowed, and the HTTP POST.

A webhook URL is checked when it is registered and again on every send. The
send resolves the host once, checks every address, and connects only to those
addresses (the connection is made by this module, not by a second lookup inside
an HTTP library), so a DNS answer that changes between the check and the send
cannot point a request at the internal network. Redirects are not followed.
Unless settings.WEBHOOKS_ALLOW_PRIVATE is true, only globally routable
addresses are reachable. Imports nothing of ours but errors.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from groundswell.webhooks.errors import UnsafeWebhookUrl

TIMEOUT_SECONDS = 10
# The delivery log keeps this much of what a receiver answered.
KEPT_RESPONSE_CHARS = 1000
_READ_AT_MOST = 64 * 1024

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_forbidden_address(address: Address) -> bool:
    """Private, loopback, link-local, multicast, reserved, unspecified or otherwise not global."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def resolve(host: str, port: int) -> list[tuple[int, Address]]:
    """Every (address family, address) the host resolves to; tests replace this."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeWebhookUrl(f"The host “{host}” could not be found.") from error
    found = []
    for family, _, _, _, sockaddr in answers:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if (family, address) not in found:
            found.append((family, address))
    return found


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str


def parse_url(url: str) -> Target:
    """The parts of an http(s) URL we will POST to; UnsafeWebhookUrl for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise UnsafeWebhookUrl("This is not a valid URL.") from error
    if parts.scheme not in ("http", "https"):
        raise UnsafeWebhookUrl("Webhook URLs must start with https:// or http://.")
    if not parts.hostname:
        raise UnsafeWebhookUrl("The URL has no host name.")
    if parts.username or parts.password:
        raise UnsafeWebhookUrl("Put no user name or password in the URL.")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    default_port = 443 if parts.scheme == "https" else 80
    return Target(parts.scheme, parts.hostname, port or default_port, path)


def allowed_addresses(host: str, port: int) -> list[tuple[int, Address]]:
    """The host's addresses, if every one of them may be reached; else UnsafeWebhookUrl."""
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        addresses = resolve(host, port)
    else:
        family = socket.AF_INET6 if literal.version == 6 else socket.AF_INET
        addresses = [(family, literal)]
    if not addresses:
        raise UnsafeWebhookUrl(f"The host “{host}” could not be found.")
    if not settings.WEBHOOKS_ALLOW_PRIVATE:
        for _, address in addresses:
            if is_forbidden_address(address):
                raise UnsafeWebhookUrl(
                    f"“{host}” resolves to {address}, a private or reserved address; "
                    "webhooks may only reach public addresses."
                )
    return addresses


def check_url(url: str) -> None:
    """Refuse a URL that is not http(s) or whose host resolves to a forbidden address."""
    target = parse_url(url)
    allowed_addresses(target.host, target.port)


def _connect_to(addresses: list[tuple[int, Address]]):
    """A create_connection for http.client that only dials the addresses already checked."""

    def create_connection(address, timeout=TIMEOUT_SECONDS, source_address=None):
        _, port = address
        last_error: OSError | None = None
        for family, ip in addresses:
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect((str(ip), port))
                return sock
            except OSError as error:
                sock.close()
                last_error = error
        raise last_error or OSError("no address to connect to")

    return create_connection


@dataclass(frozen=True)
class Response:
    status_code: int
    body: str


def post(url: str, body: bytes, headers: dict[str, str]) -> Response:
    """POST `body` to the URL, re-checking its addresses first.

    Raises UnsafeWebhookUrl if the URL is not allowed, OSError (timeouts,
    refused connections, TLS errors) or http.client.HTTPException on failure.
    """
    target = parse_url(url)
    addresses = allowed_addresses(target.host, target.port)
    if target.scheme == "https":
        connection = http.client.HTTPSConnection(
            target.host, target.port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=TIMEOUT_SECONDS)
    connection._create_connection = _connect_to(addresses)  # the one hook http.client offers
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={"Content-Type": "application/json", **headers},
        )
        answer = connection.getresponse()
        text = answer.read(_READ_AT_MOST).decode("utf-8", errors="replace")
        return Response(answer.status, text[:KEPT_RESPONSE_CHARS])
    finally:
        connection.close()
