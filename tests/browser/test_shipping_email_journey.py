"""A voter of a merged duplicate hears when it ships, unsubscribes from the email
without signing in, and hears nothing after that. Mail goes to a real SMTP server."""

import email
import re
from email import policy
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from groundswell.accounts.models import User
from groundswell.feedback import services
from groundswell.feedback.models import Status
from groundswell.notifications.models import IdeaNotificationPreference, NotificationLevel
from groundswell.notifications.services import deliver_once
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.notifications.test_delivery import smtp_server  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def received_by(smtp_server, address: str) -> list:  # noqa: F811
    return [
        email.message_from_bytes(envelope.content, policy=policy.default)
        for envelope in smtp_server.messages
        if envelope.rcpt_tos == [address]
    ]


def move_to(idea, meaning: str, actor) -> None:
    status = Status.objects.get(workspace=idea.workspace, meaning=meaning)
    services.change_status(idea, status, actor, f"Now {status.name}.")


def test_voter_of_a_merged_duplicate_hears_it_ship_then_unsubscribes(
    page,
    browser,
    live_server,
    board,
    idea,
    alice,
    carol,
    smtp_server,  # noqa: F811
):
    vera = User.objects.create_user("vera@customer.example", PASSWORD, name="Vera")
    duplicate = services.create_idea(board, carol, "Night theme", "Darker colours at night.")

    # Vera votes for the duplicate and says she only wants to hear when it ships.
    sign_in(page, live_server, vera.email, PASSWORD)
    page.goto(f"{live_server.url}/acme/ideas/{duplicate.pk}/")
    page.get_by_role("button", name="Vote for Night theme").click()
    expect(page.get_by_role("button", name="Remove your vote for Night theme")).to_be_visible()
    question = page.get_by_label("How much do you want to hear about this?")
    expect(question).to_have_value("status")
    question.select_option(label="Only when it ships")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    assert IdeaNotificationPreference.objects.get(person=vera).level == (
        NotificationLevel.SHIPPED_ONLY
    )

    # The team merges the duplicate into "Dark mode", plans it, then ships it.
    services.merge_ideas(duplicate, idea, alice)
    move_to(idea, "planned", alice)
    deliver_once()
    assert received_by(smtp_server, vera.email) == []
    move_to(idea, "shipped", alice)
    deliver_once()
    (shipped,) = received_by(smtp_server, vera.email)
    assert shipped["Subject"] == '[Acme] "Dark mode" is now Shipped'
    text = shipped.get_body(("plain",)).get_content()
    assert f"/acme/ideas/{idea.pk}/" in text
    link = re.search(r"Unsubscribe from Acme: (\S+)", text).group(1)
    assert shipped["List-Unsubscribe"] == f"<{link}>"

    # She opens the link in a browser where she is not signed in, and confirms.
    stranger = browser.new_context()
    unsubscribe_page = stranger.new_page()
    unsubscribe_page.goto(live_server.url + urlsplit(link).path)
    expect(unsubscribe_page.get_by_role("heading", name="Stop emails from Acme?")).to_be_visible()
    unsubscribe_page.get_by_role("button", name="Unsubscribe").click()
    expect(unsubscribe_page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    stranger.close()

    # Another change: Carol, the author, still hears; Vera hears nothing more.
    move_to(idea, "closed", alice)
    deliver_once()
    assert len(received_by(smtp_server, carol.email)) == 3
    assert len(received_by(smtp_server, vera.email)) == 1
