"""A team member triages the inbox from the keyboard: j/k to move, l to link to the
best match, a to archive, x and the bulk form to archive several, n for a new idea,
? for the help."""

import os

import pytest
from playwright.sync_api import expect

from groundswell.feedback.models import Vote, VoteSource
from groundswell.inbox import services
from groundswell.inbox.models import Channel, FeedbackItem, ItemStatus
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_triage_from_the_keyboard(page, live_server, workspace, idea, bob):
    received = [
        services.receive_feedback(workspace, text, Channel.EMAIL, email, company_name=company)
        for text, email, company in [
            ("Spam about crypto", "spam@x.example", ""),
            ("Dark mode please, the white hurts", "dan@initech.example", "Initech"),
            ("Also spam", "spam2@x.example", ""),
            ("More spam", "spam3@x.example", ""),
            ("Calendar sync with Outlook", "erin@hooli.example", "Hooli"),
        ]
    ]
    # Newest first on the page: the last received is the first item.
    calendar, spam3, spam2, dark, crypto = received[::-1]

    sign_in(page, live_server, bob.email, PASSWORD)
    page.goto(f"{live_server.url}/acme/manage/inbox/")
    expect(page.locator(".inbox-item")).to_have_count(5)

    page.keyboard.press("?")
    expect(page.get_by_text("Show or hide this help")).to_be_visible()
    page.keyboard.press("?")
    expect(page.get_by_text("Show or hide this help")).to_be_hidden()

    page.keyboard.press("j")
    expect(page.locator(f"#item-{calendar.pk}")).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(page.locator(f"#item-{spam3.pk}")).to_be_focused()
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(page.locator(f"#item-{spam2.pk} input[name=item]")).to_be_checked()

    page.keyboard.press("j")  # Dark mode: its best match is the "Dark mode" idea
    expect(page.locator(f"#item-{dark.pk}")).to_be_focused()
    page.keyboard.press("l")
    expect(page.locator(f"#item-{dark.pk}")).to_have_count(0)
    # The next item is selected, so the triage carries on.
    expect(page.locator(f"#item-{crypto.pk}")).to_be_focused()
    page.keyboard.press("a")
    expect(page.locator(f"#item-{crypto.pk}")).to_have_count(0)
    if os.environ.get("INBOX_SCREENSHOT"):
        page.screenshot(path=os.environ["INBOX_SCREENSHOT"], full_page=True)

    page.get_by_role("button", name="Archive selected").click()
    expect(page.get_by_text("Archived 2 items.")).to_be_visible()

    page.keyboard.press("j")
    expect(page.locator(f"#item-{calendar.pk}")).to_be_focused()
    page.keyboard.press("n")
    title = page.locator(f"#title-{calendar.pk}")
    expect(title).to_be_focused()
    page.keyboard.press("j")  # typing in a field is not a shortcut
    expect(title).to_have_value("j")
    title.fill("Outlook calendar sync")
    title.press("Enter")
    expect(page.get_by_text("Posted “Outlook calendar sync”")).to_be_visible()

    statuses = dict(FeedbackItem.objects.values_list("pk", "status"))
    assert statuses == {
        crypto.pk: ItemStatus.ARCHIVED,
        dark.pk: ItemStatus.LINKED,
        spam2.pk: ItemStatus.ARCHIVED,
        spam3.pk: ItemStatus.ARCHIVED,
        calendar.pk: ItemStatus.LINKED,
    }
    assert FeedbackItem.objects.get(pk=dark.pk).idea == idea
    assert Vote.objects.get(idea=idea, voter=dark.person).source == VoteSource.ON_BEHALF


def test_link_selected_without_javascript(browser, live_server, workspace, idea, bob):
    items = [
        services.receive_feedback(workspace, f"Dark {n}", Channel.CHAT, f"p{n}@x.example")
        for n in range(2)
    ]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, bob.email, PASSWORD)
        page.goto(f"{live_server.url}/acme/manage/inbox/")
        for item in items:
            page.locator(f"#item-{item.pk} input[name=item]").check()
        page.get_by_label("link to idea number").fill(str(idea.pk))
        page.get_by_role("button", name="Link selected").click()
        expect(page.get_by_text("Linked 2 items to “Dark mode” (2 new votes).")).to_be_visible()
    finally:
        context.close()
    assert set(FeedbackItem.objects.values_list("status", flat=True)) == {ItemStatus.LINKED}
