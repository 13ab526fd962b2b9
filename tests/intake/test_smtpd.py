"""`groundswell smtpd`: real SMTP, sent with smtplib to the receiver running in a
thread of this process (aiosmtpd's Controller), filing into the test database."""

import smtplib
import socket

import pytest
from django.core.management import CommandError, call_command

from groundswell.inbox.models import Channel, FeedbackItem
from groundswell.intake import services
from groundswell.intake.smtp import make_controller
from tests.intake.emails import NEWEST_REPLY, email_message

# The receiver's thread writes through its own database connection: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    settings.INBOUND_EMAIL_DOMAIN = "in.groundswell.test"
    settings.INBOUND_EMAIL_MAX_BYTES = 64 * 1024
    controller = make_controller("127.0.0.1", free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def address(workspace):
    return services.inbound_address(services.intake_settings(workspace))


def send(server, message, recipients, sender="dana@initech.example"):
    with smtplib.SMTP(server.hostname, server.port, timeout=10) as client:
        return client.send_message(message, from_addr=sender, to_addrs=recipients)


def test_mail_to_a_workspace_address_lands_in_its_inbox(smtp_server, address, workspace):
    refused = send(smtp_server, email_message(address), [address])
    assert refused == {}
    item = FeedbackItem.objects.get()
    assert item.workspace == workspace
    assert item.channel == Channel.EMAIL
    assert item.text == "Dark mode, please\n\n" + NEWEST_REPLY
    assert item.person.email == "dana@initech.example"
    assert item.person.name == "Dana Scully"
    assert item.external_id == "<CAF=dark-mode-1@mail.initech.example>"


def test_the_same_message_delivered_twice_is_one_item(smtp_server, address):
    send(smtp_server, email_message(address), [address])
    send(smtp_server, email_message(address), [address])
    assert FeedbackItem.objects.count() == 1


def test_an_unknown_address_is_refused_with_550(smtp_server, address):
    stranger = "nosuchtoken@in.groundswell.test"
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(smtp_server, email_message(stranger), [stranger])
    assert refused.value.recipients[stranger][0] == 550
    assert not FeedbackItem.objects.exists()


def test_another_domain_is_refused_even_with_a_known_token(smtp_server, address):
    relayed = address.replace("in.groundswell.test", "elsewhere.example")
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(smtp_server, email_message(relayed), [relayed])


def test_known_and_unknown_recipients_together_file_for_the_known_one(smtp_server, address):
    stranger = "nosuchtoken@in.groundswell.test"
    refused = send(smtp_server, email_message(address), [address, stranger])
    assert refused[stranger][0] == 550
    assert FeedbackItem.objects.count() == 1


def test_an_oversized_message_is_refused_with_552(smtp_server, address):
    message = email_message(address, text="Please add exports.\n" + "x" * 100 * 1024)
    with pytest.raises((smtplib.SMTPSenderRefused, smtplib.SMTPDataError)) as refused:
        send(smtp_server, message, [address])
    assert refused.value.smtp_code == 552
    assert not FeedbackItem.objects.exists()


def test_an_auto_reply_is_accepted_and_dropped(smtp_server, address):
    send(smtp_server, email_message(address, Auto_Submitted="auto-replied"), [address])
    assert not FeedbackItem.objects.exists()


def test_a_bounce_with_an_empty_sender_is_dropped(smtp_server, address):
    send(smtp_server, email_message(address), [address], sender="")
    assert not FeedbackItem.objects.exists()


def test_each_workspace_gets_its_own_mail(smtp_server, address, other_workspace):
    globex = services.inbound_address(services.intake_settings(other_workspace))
    send(smtp_server, email_message(globex, message_id="<globex-1@x>"), [globex])
    assert FeedbackItem.objects.get().workspace == other_workspace


def test_the_command_refuses_a_bad_port():
    with pytest.raises(CommandError, match="not a TCP port"):
        call_command("smtpd", "--port", "70000")


def test_a_team_member_forwarding_a_customer_email_files_it_under_the_customer(
    smtp_server, address, bob
):
    from tests.intake.test_email_parser import GMAIL_FORWARD

    message = email_message(
        address, sender="Bob <bob@acme.example>", subject="Fwd: SSO?", text=GMAIL_FORWARD
    )
    send(smtp_server, message, [address], sender="bob@acme.example")
    item = FeedbackItem.objects.get()
    assert item.person.email == "dana@initech.example"
    assert item.text == "SSO?\n\nDo you support SSO with Okta? We can't roll out without it."


def test_a_customer_forwarding_someone_elses_email_stays_the_sender(smtp_server, address):
    from tests.intake.test_email_parser import GMAIL_FORWARD

    message = email_message(
        address, sender="Eve <eve@customer.example>", subject="Fwd: SSO?", text=GMAIL_FORWARD
    )
    send(smtp_server, message, [address], sender="eve@customer.example")
    item = FeedbackItem.objects.get()
    assert item.person.email == "eve@customer.example"
    assert "Do you support SSO with Okta?" in item.text


def test_only_envelope_recipients_count_not_header_claims(smtp_server, address, other_workspace):
    globex = services.inbound_address(services.intake_settings(other_workspace))
    message = email_message(f"{address}, {globex}")
    send(smtp_server, message, [address])
    assert [item.workspace.slug for item in FeedbackItem.objects.all()] == ["acme"]
