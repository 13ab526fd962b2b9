import email
import re
import socket
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import timezone

from groundswell import outbox
from groundswell.feedback import services as feedback
from groundswell.notifications.models import Channel, Delivery, DeliveryStatus
from groundswell.notifications.services import (
    EMAIL_QUEUE_RELATED,
    SENDING_TIMEOUT,
    claim_deliveries,
    deliver_once,
    email_for,
    fan_out_pending,
    message_id,
    send_deliveries,
)
from tests.notifications.conftest import status


@pytest.fixture
def pending(crowd, workspace, alice):
    feedback.change_status(crowd, status(workspace, "planned"), alice, "Coming in **March**.")
    fan_out_pending()
    return Delivery.objects.filter(channel=Channel.EMAIL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "groundswell.mail.SMTPBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    yield inbox
    controller.stop()


def test_two_claims_never_share_a_row(pending):
    _, first = claim_deliveries(limit=3)
    _, second = claim_deliveries(limit=3)
    _, third = claim_deliveries(limit=3)
    assert len(first) == 3
    assert len(second) == 2
    assert third == []
    assert not {d.pk for d in first} & {d.pk for d in second}
    assert set(pending.values_list("status", flat=True)) == {DeliveryStatus.SENDING}


def test_rows_not_yet_due_are_not_claimed(pending):
    pending.update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert claim_deliveries()[1] == []


def test_a_crashed_claim_is_reclaimed_and_sent_once(pending, carol, mailoutbox):
    crashed = pending.get(person=carol)
    pending.exclude(pk=crashed.pk).update(status=DeliveryStatus.SENT)
    Delivery.objects.filter(pk=crashed.pk).update(
        status=DeliveryStatus.SENDING,
        claim_token="dead-worker",
        claimed_at=timezone.now() - SENDING_TIMEOUT - timedelta(seconds=1),
        attempts=1,
    )
    assert send_deliveries() == 1
    assert send_deliveries() == 0
    assert [m.to for m in mailoutbox] == [[carol.email]]
    crashed.refresh_from_db()
    assert crashed.status == DeliveryStatus.SENT
    assert crashed.attempts == 2
    assert crashed.sent_at is not None


def test_a_recent_claim_is_left_to_its_worker(pending, mailoutbox):
    pending.update(status=DeliveryStatus.SENDING, claimed_at=timezone.now(), claim_token="alive")
    assert send_deliveries() == 0
    assert mailoutbox == []


def test_a_worker_asked_to_stop_finishes_its_message_and_gives_back_the_rest(pending, mailoutbox):
    # Asked to stop while its second message is being sent.
    assert send_deliveries(stopping=lambda: len(mailoutbox) >= 2) == 2
    assert pending.filter(status=DeliveryStatus.SENT).count() == 2
    given_back = pending.exclude(status=DeliveryStatus.SENT)
    assert given_back.count() == 3
    # Back in the queue at once, for any worker, as if never claimed.
    for delivery in given_back:
        assert (delivery.status, delivery.attempts, delivery.claim_token) == ("pending", 0, "")
    assert send_deliveries() == 3
    recipients = [m.to[0] for m in mailoutbox]
    assert sorted(recipients) == sorted(set(recipients)) and len(recipients) == 5


def test_a_worker_already_stopping_claims_nothing(pending, mailoutbox):
    assert send_deliveries(stopping=lambda: True) == 0
    assert set(pending.values_list("status", "attempts")) == {(DeliveryStatus.PENDING, 0)}
    assert mailoutbox == []


def test_a_row_another_worker_reclaimed_before_its_send_is_left_to_it(
    pending, mailoutbox, monkeypatch
):
    # As if this worker had stalled for longer than the sending timeout: the claim is
    # renewed before the send, and the renewal finds the row is another worker's now.
    monkeypatch.setattr(outbox, "RENEW_AFTER", timedelta(0))

    def reclaimed_meanwhile(delivery: Delivery):
        Delivery.objects.filter(pk=delivery.pk).update(claim_token="another-worker")
        return email_for(delivery)

    queue = Delivery.objects.filter(channel=Channel.EMAIL)
    assert outbox.send_due(queue, reclaimed_meanwhile, 1, EMAIL_QUEUE_RELATED) == 0
    assert mailoutbox == []
    assert pending.filter(claim_token="another-worker", status=DeliveryStatus.SENDING).count() == 1


class ReclaimedWhileSending(locmem.EmailBackend):
    """A send so slow that another worker reclaimed the row before it finished."""

    def send_messages(self, messages):
        Delivery.objects.filter(status=DeliveryStatus.SENDING).update(claim_token="another-worker")
        return super().send_messages(messages)


def test_a_row_reclaimed_while_it_was_being_sent_is_logged(pending, settings, caplog):
    settings.MAILERS = {
        "default": {"BACKEND": "tests.notifications.test_delivery.ReclaimedWhileSending"}
    }
    with caplog.at_level("WARNING", logger="groundswell.outbox"):
        assert send_deliveries(limit=1) == 1
    [sent] = mail.outbox
    [record] = caplog.records
    assert "was reclaimed while it was being sent" in record.getMessage()
    assert sent.extra_headers["Message-ID"] in record.getMessage()
    # It stays the other worker's, which will send it again under the same Message-ID.
    assert pending.get(claim_token="another-worker").status == DeliveryStatus.SENDING


def test_email_arrives_at_a_real_smtp_server(pending, smtp_server, carol, workspace, crowd):
    assert deliver_once() == 5
    assert set(pending.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(smtp_server.messages) == 5
    envelope = next(m for m in smtp_server.messages if m.rcpt_tos == [carol.email])
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == '[Acme] "Dark mode" is now Planned'
    unsubscribe = message["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/notifications/unsubscribe/" in unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    idea_url = f"/{workspace.slug}/ideas/{crowd.pk}/"
    for body in (text, html):
        assert "Dark mode" in body
        assert "Planned" in body
        assert "Coming in **March**." in body
        assert idea_url in body


def test_the_unsubscribe_header_is_a_plain_url_mail_clients_can_read(pending, smtp_server, carol):
    send_deliveries()
    envelope = next(m for m in smtp_server.messages if m.rcpt_tos == [carol.email])
    lines = envelope.content.decode().splitlines()
    header = next(line for line in lines if line.startswith("List-Unsubscribe:"))
    # One line, the URL in angle brackets: not folded into RFC 2047 encoded words.
    assert re.fullmatch(
        r"List-Unsubscribe: <http://[^\s<>]+/notifications/unsubscribe/\S+/>", header
    )


def test_a_message_sent_again_keeps_its_message_id(pending, smtp_server, carol, dave):
    delivery = pending.get(person=carol)
    pending.exclude(pk=delivery.pk).update(status=DeliveryStatus.SENT)
    assert send_deliveries() == 1
    # As if the worker had died between the server's acceptance and marking it sent.
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING)
    assert send_deliveries() == 1
    received = [
        email.message_from_bytes(m.content, policy=policy.default)["Message-ID"]
        for m in smtp_server.messages
    ]
    assert received == [message_id(delivery)] * 2
    assert message_id(delivery) != message_id(pending.get(person=dave))


def test_plain_text_parts_are_not_html_escaped(pending, crowd, carol, mailoutbox):
    crowd.title = "Tom & Jerry's <theme>"
    crowd.save()
    send_deliveries()
    message = next(m for m in mailoutbox if m.to == [carol.email])
    assert "Tom & Jerry's <theme>" in message.subject
    assert "Tom & Jerry's <theme>" in message.body
    assert "Tom &amp; Jerry&#x27;s &lt;theme&gt;" in message.alternatives[0].content


def test_an_unreachable_mail_server_means_a_retry_later(pending, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "groundswell.mail.SMTPBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    before = timezone.now()
    assert send_deliveries() == 0
    for delivery in pending:
        assert delivery.status == DeliveryStatus.PENDING
        assert delivery.attempts == 1
        assert delivery.last_error
        assert delivery.next_attempt_at > before + timedelta(seconds=50)
    assert claim_deliveries()[1] == []


def test_a_delivery_is_given_up_after_a_day(pending, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "groundswell.mail.SMTPBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    pending.update(created_at=timezone.now() - timedelta(hours=24))
    send_deliveries()
    assert set(pending.values_list("status", flat=True)) == {DeliveryStatus.FAILED}


def test_in_app_deliveries_are_never_emailed(pending, mailoutbox):
    pending.update(status=DeliveryStatus.SENT)
    assert send_deliveries() == 0
    assert mail.outbox == []


def test_a_fresh_batch_costs_one_update_per_message(pending, mailoutbox):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        sent = send_deliveries()
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    renewals = [sql for sql in updates if '"claimed_at"' in sql and '"attempts"' not in sql]
    assert sent == len(mailoutbox) > 1
    assert renewals == []  # the claim is fresh: nothing to renew
    assert len(updates) == 1 + sent  # the claim, then each message marked sent
