"""Email providers' inbound webhooks through django-anymail: Postmark's documented
inbound JSON, authenticated with HTTP basic auth, filed like SMTP mail."""

import base64
import json

import pytest

from groundswell.inbox.models import Channel, FeedbackItem
from groundswell.intake import services

URL = "/intake/email/postmark/inbound/"
CREDENTIALS = "postmark:s3cret-inbound-password"


@pytest.fixture(autouse=True)
def _anymail(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": CREDENTIALS}
    settings.INBOUND_EMAIL_DOMAIN = "in.groundswell.test"


@pytest.fixture
def address(workspace):
    return services.inbound_address(services.intake_settings(workspace))


def postmark_payload(original_recipient: str, **fields) -> dict:
    """Postmark's inbound webhook body, as documented (Inbound webhook → example payload)."""
    return {
        "FromName": "Dana Scully",
        "MessageStream": "inbound",
        "From": "dana@initech.example",
        "FromFull": {"Email": "dana@initech.example", "Name": "Dana Scully", "MailboxHash": ""},
        "To": original_recipient,
        "ToFull": [{"Email": original_recipient, "Name": "", "MailboxHash": ""}],
        "Cc": "",
        "CcFull": [],
        "Bcc": "",
        "BccFull": [],
        "OriginalRecipient": original_recipient,
        "Subject": "Bulk edit for tags",
        "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b",
        "ReplyTo": "",
        "MailboxHash": "",
        "Date": "Wed, 25 Nov 2026 09:30:00 +0100",
        "TextBody": (
            "We tag hundreds of ideas a week; please let us tag many at once.\n\n"
            "Best regards,\nDana\n\n"
            "On Mon, Nov 23, 2026 at 9:00 AM Acme <hello@acme.example> wrote:\n"
            "> What would make Acme better for you?\n"
        ),
        "HtmlBody": "<p>We tag hundreds of ideas a week; please let us tag many at once.</p>",
        "StrippedTextReply": "We tag hundreds of ideas a week; please let us tag many at once.",
        "Tag": "",
        "Headers": [
            {"Name": "Return-Path", "Value": "<dana@initech.example>"},
            {"Name": "X-Spam-Checker-Version", "Value": "SpamAssassin 3.3.1"},
            {"Name": "X-Spam-Status", "Value": "No"},
            {"Name": "X-Spam-Score", "Value": "-0.1"},
            {"Name": "MIME-Version", "Value": "1.0"},
            {"Name": "Message-ID", "Value": "<CAF=bulk-tags-7@mail.initech.example>"},
        ],
        "Attachments": [],
        **fields,
    }


def post(payload, credentials: str | None = CREDENTIALS, client=None):
    from django.test import Client

    headers = {}
    if credentials is not None:
        headers["Authorization"] = "Basic " + base64.b64encode(credentials.encode()).decode()
    return (client or Client()).post(
        URL, json.dumps(payload), content_type="application/json", headers=headers
    )


def test_postmark_inbound_mail_lands_in_the_inbox(address, workspace):
    response = post(postmark_payload(address))
    assert response.status_code == 200
    item = FeedbackItem.objects.get()
    assert item.workspace == workspace and item.channel == Channel.EMAIL
    assert item.text == (
        "Bulk edit for tags\n\nWe tag hundreds of ideas a week; please let us tag many at once."
    )
    assert item.person.email == "dana@initech.example"
    assert item.person.name == "Dana Scully"
    assert item.external_id == "<CAF=bulk-tags-7@mail.initech.example>"
    assert item.received_at.isoformat() == "2026-11-25T08:30:00+00:00"


def test_postmarks_plus_addressed_inbound_address_finds_the_workspace(address, workspace):
    token = address.split("@")[0]
    plus_address = f"4f1c2b9a8e+{token}@inbound.postmarkapp.com"
    assert post(postmark_payload(plus_address, MailboxHash=token)).status_code == 200
    assert FeedbackItem.objects.get().workspace == workspace


def test_a_provider_retry_is_stored_once(address):
    post(postmark_payload(address))
    post(postmark_payload(address))
    assert FeedbackItem.objects.count() == 1


def test_missing_basic_auth_is_refused(address):
    response = post(postmark_payload(address), credentials=None)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")
    assert not FeedbackItem.objects.exists()


def test_wrong_basic_auth_is_refused(address):
    response = post(postmark_payload(address), credentials="postmark:guess")
    assert response.status_code == 401
    assert not FeedbackItem.objects.exists()


def test_without_configured_credentials_the_endpoint_is_closed(address, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    assert post(postmark_payload(address)).status_code == 404
    assert not FeedbackItem.objects.exists()


def test_mail_for_an_unknown_address_is_acknowledged_and_not_filed(workspace):
    response = post(postmark_payload("stranger@in.groundswell.test"))
    assert response.status_code == 200
    assert not FeedbackItem.objects.exists()


def test_an_auto_reply_is_acknowledged_and_not_filed(address):
    payload = postmark_payload(address)
    payload["Headers"].append({"Name": "Auto-Submitted", "Value": "auto-replied"})
    assert post(payload).status_code == 200
    assert not FeedbackItem.objects.exists()


def test_the_channels_page_lists_provider_urls_when_configured(alice_client, workspace):
    page = alice_client.get("/acme/manage/channels/").content.decode()
    assert "/intake/email/postmark/inbound/" in page


def test_unknown_provider_is_a_404(address):
    from django.test import Client

    response = Client().post("/intake/email/nosuch/inbound/", "{}", content_type="application/json")
    assert response.status_code == 404


MAILGUN_URL = "/intake/email/mailgun/inbound_mime/"
MAILGUN_KEY = "key-mailgun-webhook-signing-key"


def mailgun_post(address: str, *, key: str = MAILGUN_KEY, credentials: str = CREDENTIALS):
    """A Mailgun route's forward() to a URL ending in "mime": multipart form fields with
    the raw message in body-mime, signed with HMAC-SHA256(key, timestamp + token)."""
    import hashlib
    import hmac
    import time

    from django.test import Client

    from tests.intake.emails import email_message

    timestamp, token = str(int(time.time())), "50f1c1b6a3c6e2b6f1fd4e4b0e9c1a7d9b1d7c2f8a4c3b2a1f"
    raw = email_message(address, message_id="<mailgun-1@mail.initech.example>").as_string()
    fields = {
        "recipient": address,
        "sender": "dana@initech.example",
        "from": "Dana Scully <dana@initech.example>",
        "subject": "Dark mode, please",
        "body-mime": raw,
        "timestamp": timestamp,
        "token": token,
        "signature": hmac.new(
            key.encode(), (timestamp + token).encode(), hashlib.sha256
        ).hexdigest(),
    }
    auth = "Basic " + base64.b64encode(credentials.encode()).decode()
    return Client().post(MAILGUN_URL, fields, headers={"Authorization": auth})


def test_mailgun_raw_mime_lands_in_the_inbox(address, workspace, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": CREDENTIALS, "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY}
    assert mailgun_post(address).status_code == 200
    item = FeedbackItem.objects.get()
    assert item.workspace == workspace
    assert item.external_id == "<mailgun-1@mail.initech.example>"
    assert item.text.startswith("Dark mode, please\n\nHi Acme team,")


def test_mailgun_with_a_wrong_signature_is_refused(address, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": CREDENTIALS, "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY}
    assert mailgun_post(address, key="key-guessed").status_code == 401
    assert not FeedbackItem.objects.exists()


def test_mailgun_without_its_signing_key_configured_is_closed(address):
    assert mailgun_post(address).status_code == 404
