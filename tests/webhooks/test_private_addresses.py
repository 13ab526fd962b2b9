"""Webhook URLs may not reach private, loopback, link-local or reserved addresses,
neither when registered nor when sent (a DNS answer may change in between),
unless WEBHOOKS_ALLOW_PRIVATE is on."""

import ipaddress

import pytest

from groundswell.feedback import services as feedback
from groundswell.webhooks import transport
from groundswell.webhooks.errors import UnsafeWebhookUrl
from groundswell.webhooks.forms import EndpointForm
from groundswell.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookDeliveryStatus
from groundswell.webhooks.services import send_webhook_deliveries


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.5",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104 - an address to refuse, not to bind
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_forbidden_addresses(address):
    assert transport.is_forbidden_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    assert not transport.is_forbidden_address(ipaddress.ip_address(address))


def form(url: str, kind: str = "generic") -> EndpointForm:
    return EndpointForm({"url": url, "kind": kind, "events": ["vote.added"], "is_active": "on"})


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/hook",
    ],
)
def test_the_form_refuses_private_urls(url, dns):
    dns["localhost"] = ["127.0.0.1", "::1"]
    submitted = form(url)
    assert not submitted.is_valid()
    assert "private or reserved address" in submitted.errors["url"][0]


def test_one_private_answer_among_public_ones_is_enough_to_refuse(dns):
    dns["mixed.example"] = ["93.184.215.14", "10.0.0.1"]
    assert not form("https://mixed.example/hook").is_valid()


def test_the_form_refuses_other_schemes_credentials_and_unknown_hosts(dns):
    assert "https://" in form("ftp://93.184.215.14/x").errors["url"][0]
    assert "password" in form("https://user:pw@93.184.215.14/x").errors["url"][0]
    assert "could not be found" in form("https://nowhere.example/x").errors["url"][0]


def test_the_form_accepts_a_public_host(dns):
    dns["hooks.slack.com"] = ["34.226.36.57"]
    dns["api.example.com"] = ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]
    assert form("https://hooks.slack.com/services/T0/B0/xyz", "slack").is_valid()
    assert form("https://api.example.com/groundswell").is_valid()


def test_the_setting_allows_private_urls(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    assert form("http://127.0.0.1:8000/hook").is_valid()
    assert not form("file:///etc/passwd").is_valid()  # never anything but http(s)


def test_sending_rechecks_the_address(endpoint, receiver, idea, bob, settings):
    """Registered while allowed; the setting is off when the worker sends: refused."""
    WebhookDelivery.objects.all().delete()
    feedback.add_vote(idea, bob)
    settings.WEBHOOKS_ALLOW_PRIVATE = False

    assert send_webhook_deliveries() == 0

    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDeliveryStatus.PENDING  # retried: the setting may change
    assert "UnsafeWebhookUrl" in delivery.last_error
    assert "private or reserved" in WebhookAttempt.objects.get().error


def test_a_host_rebound_to_a_private_address_after_registration_is_refused(
    workspace, alice, idea, bob, dns, receiver
):
    from groundswell.webhooks import services

    dns["hooks.example.com"] = ["93.184.215.14"]
    registered = form("http://hooks.example.com/in")
    assert registered.is_valid()
    services.create_endpoint(
        workspace, url=registered.cleaned_data["url"], kind="generic", events=["vote.added"],
        created_by=alice,
    )  # fmt: skip
    dns["hooks.example.com"] = ["127.0.0.1"]  # the attacker's DNS now answers loopback
    feedback.add_vote(idea, bob)

    send_webhook_deliveries()

    assert receiver.requests == []
    assert "127.0.0.1" in WebhookDelivery.objects.get().last_error


def test_the_connection_goes_only_to_the_checked_addresses(
    endpoint, receiver, idea, bob, dns, settings
):
    """The host name is resolved once by the check; the connection uses those answers."""
    dns["receiver.test"] = ["127.0.0.1"]
    endpoint.url = receiver.url.replace("127.0.0.1", "receiver.test")
    endpoint.save()
    WebhookDelivery.objects.all().delete()
    feedback.add_vote(idea, bob)

    assert send_webhook_deliveries() == 1
    assert receiver.requests[0]["headers"]["Host"].startswith("receiver.test:")


def test_check_url_raises_a_named_error(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(UnsafeWebhookUrl):
        transport.check_url("http://127.0.0.1/")
