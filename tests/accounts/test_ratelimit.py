import time
from unittest import mock

import pytest
from django.test import RequestFactory

from groundswell.accounts import ratelimit
from groundswell.accounts.errors import RateLimited


def test_hits_up_to_the_limit_pass_and_the_next_is_refused(db, settings):
    settings.RATE_LIMIT_WINDOW = 900
    for _ in range(3):
        ratelimit.hit("test", "subject", 3, "tries")
    with pytest.raises(RateLimited) as refused:
        ratelimit.hit("test", "subject", 3, "tries")
    assert 0 < refused.value.retry_after <= 901
    assert str(refused.value).startswith("Too many tries. Please try again in ")


def test_limits_are_separate_per_scope_and_subject(db):
    ratelimit.hit("test", "one", 1, "tries")
    ratelimit.hit("test", "two", 1, "tries")
    ratelimit.hit("other", "one", 1, "tries")


def test_counter_starts_again_in_the_next_window(db, settings):
    settings.RATE_LIMIT_WINDOW = 60
    ratelimit.hit("test", "subject", 1, "tries")
    later = time.time() + 61
    with mock.patch("groundswell.accounts.ratelimit.time.time", return_value=later):
        ratelimit.hit("test", "subject", 1, "tries")


def test_retry_message_rounds_up_to_minutes():
    assert str(RateLimited("tries", 61)).endswith("try again in 2 minutes.")
    assert str(RateLimited("tries", 5)).endswith("try again in 1 minute.")


def test_client_address_ignores_forwarded_header_without_a_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert ratelimit.client_address(request) == "198.51.100.1"


def test_client_address_behind_proxy_uses_the_entry_the_proxy_added(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert ratelimit.client_address(request) == "203.0.113.9"


def test_ipv6_clients_count_per_network():
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")
    assert ratelimit.client_address(request) == "2001:db8:1:2::/64"
