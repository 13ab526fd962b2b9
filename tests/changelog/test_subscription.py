"""Email subscription: double opt-in, signed links, one-click unsubscribe, one email per
confirmed subscriber per published entry, sent by the worker's delivery loop."""

import email
import re
from datetime import timedelta
from email import policy
from unittest import mock

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from groundswell.changelog import services
from groundswell.changelog.models import ChangelogEmail, ChangelogSubscriber, EmailStatus
from tests.conftest import client_for
from tests.notifications.test_delivery import free_port


def subscribe(client, address, slug="acme"):
    return client.post(reverse("changelog:subscribe", args=[slug]), {"email": address})


def confirm_link(message) -> str:
    return re.search(r"https?://\S+/changelog/confirm/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_subscribing_emails_a_confirmation_and_stores_nothing_yet(workspace, mailoutbox):
    response = subscribe(client_for(None), "Reader@Example.com")
    assert response.status_code == 302
    assert not ChangelogSubscriber.objects.exists()
    [message] = mailoutbox
    assert message.to == ["Reader@Example.com"]
    assert message.subject == "[Acme] Confirm your changelog subscription"
    assert "/acme/changelog/confirm/" in message.alternatives[0].content


def test_following_the_link_asks_then_subscribes(workspace, mailoutbox):
    client = client_for(None)
    subscribe(client, "reader@example.com")
    url = path_of(confirm_link(mailoutbox[0]))
    page = client.get(url)
    assert page.status_code == 200 and "reader@example.com" in page.content.decode()
    assert not ChangelogSubscriber.objects.exists()  # a mail scanner's GET subscribes nobody
    assert client.post(url).status_code == 200
    assert client.post(url).status_code == 200  # twice is harmless
    subscriber = ChangelogSubscriber.objects.get()
    assert (subscriber.workspace, subscriber.email) == (workspace, "reader@example.com")
    assert subscriber.is_active


def test_forged_and_foreign_confirmation_links_are_refused(workspace, other_workspace):
    good = services.confirmation_token(workspace, "reader@example.com")
    forged_value = signing.dumps(
        {"w": workspace.pk, "e": "victim@example.com", "t": 0}, salt="wrong", compress=True
    )
    tampered = good[:-3] + ("aaa" if not good.endswith("aaa") else "bbb")
    client = client_for(None)
    for token in (forged_value, tampered, "nonsense"):
        for method in (client.get, client.post):
            response = method(reverse("changelog:confirm", args=["acme", token]))
            assert response.status_code == 400
    # A link for Acme does not subscribe anyone to Globex.
    assert client.post(reverse("changelog:confirm", args=["globex", good])).status_code == 400
    assert not ChangelogSubscriber.objects.exists()


def test_an_expired_confirmation_link_is_refused(workspace, settings):
    token = services.confirmation_token(workspace, "reader@example.com")
    later = timezone.now() + timedelta(days=services.CONFIRM_LINK_DAYS + 1)
    with mock.patch("time.time", return_value=later.timestamp()):
        response = client_for(None).post(reverse("changelog:confirm", args=["acme", token]))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not ChangelogSubscriber.objects.exists()


def test_an_old_confirmation_link_does_not_undo_an_unsubscribe(workspace, subscribers):
    sam = subscribers[0]
    old = signing.dumps(
        {"w": workspace.pk, "e": sam.email, "t": int(timezone.now().timestamp()) - 60},
        salt=services.CONFIRM_SALT,
        compress=True,
    )
    services.unsubscribe(services.unsubscribe_token(sam))
    response = client_for(None).post(reverse("changelog:confirm", args=["acme", old]))
    assert response.status_code == 400
    sam.refresh_from_db()
    assert not sam.is_active
    fresh = services.confirmation_token(workspace, sam.email)
    assert (
        client_for(None).post(reverse("changelog:confirm", args=["acme", fresh])).status_code == 200
    )
    sam.refresh_from_db()
    assert sam.is_active


def test_bad_addresses_are_explained(workspace, mailoutbox):
    response = subscribe(client_for(None), "not an address")
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert mailoutbox == []


def test_subscribing_is_rate_limited(workspace, settings, mailoutbox):
    settings.EMAIL_RATE_LIMIT = 2
    client = client_for(None)
    assert subscribe(client, "a@example.com").status_code == 302
    assert subscribe(client, "b@example.com").status_code == 302
    refused = subscribe(client, "c@example.com")
    assert refused.status_code == 429
    assert "Too many subscription requests" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert len(mailoutbox) == 2


def test_publishing_sends_one_email_per_confirmed_subscriber(entry, alice, subscribers, mailoutbox):
    services.publish_entry(entry, alice)
    services.publish_entry(entry, alice)
    assert services.send_changelog_emails() == 2
    assert services.send_changelog_emails() == 0
    changelog = [m for m in mailoutbox if m.subject == "[Acme] Dark mode is here"]
    assert sorted(m.to[0] for m in changelog) == ["sam@reader.example", "tess@reader.example"]
    message = changelog[0]
    url = services.entry_url(entry)
    assert url in message.body and url in message.alternatives[0].content
    assert "<strong>Settings</strong>" in message.alternatives[0].content
    assert "Switch it on under **Settings**." in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/acme/changelog/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert set(ChangelogEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}
    # One Message-ID per entry and subscriber, the same if a dead worker's send is repeated.
    ids = {m.extra_headers["Message-ID"] for m in changelog}
    assert len(ids) == 2 and all(i.startswith(f"<changelog.{entry.pk}.") for i in ids)


# The command closes the connection between passes, like the worker does: no test transaction.
@pytest.mark.django_db(transaction=True)
def test_the_worker_loop_sends_changelog_emails(entry, alice, subscribers, mailoutbox):
    services.publish_entry(entry, alice)
    call_command("deliver", once=True)
    recipients = {m.to[0] for m in mailoutbox}
    assert {"sam@reader.example", "tess@reader.example"} <= recipients
    assert "uma@reader.example" not in recipients


def test_emails_reach_a_real_smtp_server_without_private_ideas(
    entry, alice, subscribers, private_idea, smtp_server
):
    services.set_entry_ideas(entry, [entry.ideas.get(), private_idea])
    services.publish_entry(entry, alice)
    assert services.send_changelog_emails() == 2
    envelope = next(m for m in smtp_server.messages if m.rcpt_tos == ["sam@reader.example"])
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "[Acme] Dark mode is here"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert "Dark mode" in body
        assert "Secret pricing change" not in body


def test_a_worker_asked_to_stop_gives_back_the_rest_of_its_batch(
    entry, alice, subscribers, mailoutbox
):
    services.publish_entry(entry, alice)
    mailoutbox.clear()
    # Asked to stop while its first message is being sent.
    assert services.send_changelog_emails(stopping=lambda: len(mailoutbox) >= 1) == 1
    sent, given_back = ChangelogEmail.objects.order_by("pk")
    assert sent.status == EmailStatus.SENT
    assert (given_back.status, given_back.attempts, given_back.claim_token) == ("pending", 0, "")
    assert services.send_changelog_emails() == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["sam@reader.example", "tess@reader.example"]


def test_someone_unsubscribed_before_sending_gets_nothing(entry, alice, subscribers, mailoutbox):
    services.publish_entry(entry, alice)
    services.unsubscribe(services.unsubscribe_token(subscribers[0]))
    assert services.send_changelog_emails() == 1
    assert [m.to for m in mailoutbox if "Dark mode is here" in m.subject] == [
        ["tess@reader.example"]
    ]
    skipped = ChangelogEmail.objects.get(subscriber=subscribers[0])
    assert skipped.status == EmailStatus.FAILED and "Unsubscribed" in skipped.last_error


def test_an_unreachable_mail_server_means_a_retry_later(entry, alice, subscribers, settings):
    services.publish_entry(entry, alice)
    settings.MAILERS = {
        "default": {
            "BACKEND": "groundswell.mail.SMTPBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    assert services.send_changelog_emails() == 0
    for row in ChangelogEmail.objects.all():
        assert row.status == EmailStatus.PENDING and row.attempts == 1 and row.last_error


def test_unsubscribe_asks_then_applies_without_sign_in(workspace, subscribers):
    sam = subscribers[0]
    url = reverse("changelog:unsubscribe", args=["acme", services.unsubscribe_token(sam)])
    client = client_for(None)
    page = client.get(url)
    assert page.status_code == 200 and sam.email in page.content.decode()
    sam.refresh_from_db()
    assert sam.is_active
    assert client.post(url).status_code == 200
    sam.refresh_from_db()
    assert not sam.is_active


def test_one_click_unsubscribe_needs_no_csrf_token(workspace, subscribers):
    sam = subscribers[0]
    url = reverse("changelog:unsubscribe", args=["acme", services.unsubscribe_token(sam)])
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    sam.refresh_from_db()
    assert not sam.is_active


def test_forged_unsubscribe_links_are_refused(workspace, subscribers, other_workspace):
    sam, tess = subscribers
    token = services.unsubscribe_token(sam)
    forged = services.unsubscribe_token(tess).split(":")[0] + ":" + token.split(":", 1)[1]
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        url = reverse("changelog:unsubscribe", args=["acme", bad])
        assert client_for(None).post(url).status_code == 400
    foreign = reverse("changelog:unsubscribe", args=["globex", token])
    assert client_for(None).post(foreign).status_code == 400
    assert ChangelogSubscriber.objects.filter(unsubscribed_at__isnull=True).count() == 2
