"""Reading an inbound email: sender, subject, newest reply; automatic mail and
oversized mail refused."""

import pytest

from groundswell.intake.errors import AutomaticMessage, MessageTooLarge, UnreadableMessage
from groundswell.intake.inbound_email import html_to_text, parse_email
from tests.intake.emails import NEWEST_REPLY, email_message

TO = "abc123@inbound.localhost"


def parse(message, **kwargs):
    return parse_email(message.as_bytes(), **kwargs)


def test_keeps_sender_subject_and_newest_reply(settings):
    email = parse(email_message(TO))
    assert email.sender_email == "dana@initech.example"
    assert email.sender_name == "Dana Scully"
    assert email.subject == "Dark mode, please"
    assert email.body == NEWEST_REPLY
    assert "Thanks," not in email.body and "Head of Support" not in email.body
    assert "how can we help" not in email.body
    assert email.feedback_text == "Dark mode, please\n\n" + NEWEST_REPLY
    assert email.recipients == (TO,)
    assert email.message_id == "<CAF=dark-mode-1@mail.initech.example>"
    assert email.sent_at.isoformat() == "2026-11-25T09:30:00+01:00"


def test_prefers_the_plain_text_part():
    email = parse(email_message(TO, text="Plain words", html="<p>HTML words</p>"))
    assert email.body == "Plain words"


def test_html_only_mail_is_converted_to_text():
    html = (
        "<html><head><style>p{color:red}</style></head><body>"
        "<p>Please add <b>SSO</b> &amp; SCIM.</p><p>We have 300 seats.<br>Soon 500.</p>"
        "<ul><li>Okta</li><li>Azure AD</li></ul><script>alert(1)</script></body></html>"
    )
    email = parse(email_message(TO, text=None, html=html))
    assert (
        email.body
        == "Please add SSO & SCIM.\n\nWe have 300 seats.\nSoon 500.\n\n- Okta\n- Azure AD"
    )


def test_a_message_that_is_all_quote_is_kept_whole():
    email = parse(email_message(TO, text="> an old message\n> quoted"))
    assert "an old message" in email.body


def test_sent_from_my_phone_is_a_signature():
    email = parse(email_message(TO, text="Bulk edit please.\n\nSent from my iPhone"))
    assert email.body == "Bulk edit please."


def test_a_message_without_an_id_gets_a_stable_one():
    message = email_message(TO, message_id="")
    first, second = parse(message), parse(message)
    assert first.message_id.startswith("sha256:") and first.message_id == second.message_id


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto_Submitted": "auto-replied"},
        {"Auto_Submitted": "auto-generated"},
        {"Precedence": "bulk"},
        {"Precedence": "junk"},
        {"X_Autoreply": "yes"},
    ],
)
def test_auto_replies_and_bulk_mail_are_not_feedback(headers):
    with pytest.raises(AutomaticMessage):
        parse(email_message(TO, subject="Out of office", **headers))


def test_auto_submitted_no_is_a_person():
    assert parse(email_message(TO, Auto_Submitted="no")).sender_email == "dana@initech.example"


def test_bounces_are_not_feedback():
    with pytest.raises(AutomaticMessage):
        parse(email_message(TO, sender="Mail Delivery System <MAILER-DAEMON@mx.example>"))
    with pytest.raises(AutomaticMessage):
        parse(email_message(TO), envelope_sender="")


def test_oversized_mail_is_refused(settings):
    settings.INBOUND_EMAIL_MAX_BYTES = 2000
    with pytest.raises(MessageTooLarge):
        parse(email_message(TO, text="x" * 3000))


def test_mail_without_a_sender_is_unreadable():
    message = email_message(TO)
    del message["From"]
    with pytest.raises(UnreadableMessage):
        parse(message)


def test_the_envelope_sender_stands_in_for_a_missing_from():
    message = email_message(TO)
    del message["From"]
    assert parse(message, envelope_sender="dana@initech.example").sender_email == (
        "dana@initech.example"
    )


def test_html_to_text_drops_markup_but_keeps_words():
    assert html_to_text("<div>a&lt;b</div><div>c</div>") == "a<b\nc"


GMAIL_FORWARD = """FYI, another one asking for SSO.

---------- Forwarded message ---------
From: Dana Scully <dana@initech.example>
Date: Tue, Nov 24, 2026 at 10:00 AM
Subject: SSO?
To: <sales@acme.example>


Do you support SSO with Okta? We can't roll out without it.

Thanks,
Dana
"""


def test_a_forward_keeps_the_forwarded_sender_and_words():
    email = parse(
        email_message(TO, sender="Bob <bob@acme.example>", subject="Fwd: SSO?", text=GMAIL_FORWARD)
    )
    assert email.sender_email == "bob@acme.example"
    assert email.forwarded.sender_email == "dana@initech.example"
    assert email.forwarded.sender_name == "Dana Scully"
    assert email.forwarded.feedback_text == (
        "SSO?\n\nDo you support SSO with Okta? We can't roll out without it."
    )
    assert "Do you support SSO" in email.body  # kept whole, whoever forwarded it


def test_apple_mail_forwards_are_recognised():
    text = (
        "See below\n\nBegin forwarded message:\n\nFrom: Dana <dana@initech.example>\n"
        "Subject: Exports\nDate: 24 November 2026 at 10:00:00 CET\n\nExports time out.\n"
    )
    email = parse(email_message(TO, subject="Fwd: Exports", text=text))
    assert email.forwarded.sender_email == "dana@initech.example"
    assert email.forwarded.body == "Exports time out."


def test_a_date_in_the_future_is_not_trusted():
    message = email_message(TO)
    message.replace_header("Date", "Fri, 01 Jan 2100 00:00:00 +0000")
    assert parse(message).sent_at is None


def test_without_an_envelope_the_headers_name_the_recipients():
    email = parse(email_message(f"{TO}, Other <other@example.com>", Cc="cc@inbound.localhost"))
    assert email.recipients == (TO, "other@example.com", "cc@inbound.localhost")


def test_the_envelope_recipients_win_over_the_headers():
    email = parse(email_message(TO), envelope_recipients=("real@inbound.localhost",))
    assert email.recipients == ("real@inbound.localhost",)
