"""An admin writes a changelog entry, links the idea it ships and publishes it; the public
changelog shows it, with the idea shipped, and has no serious accessibility violation."""

import pytest
from playwright.sync_api import expect

from groundswell.changelog.models import ChangelogEntry
from groundswell.feedback.models import StatusMeaning
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import serious_violations
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_publishes_an_entry_and_the_public_changelog_shows_it(page, live_server, idea, alice):
    sign_in(page, live_server, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/acme/manage/changelog/")
    page.get_by_role("link", name="New entry").click()
    page.get_by_label("Title").fill("Dark mode has landed")
    page.get_by_label("Body").fill("Find it under **Settings**.")
    page.get_by_label("New", exact=True).check()
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("Draft “Dark mode has landed” saved.")).to_be_visible()
    page.get_by_label("Search ideas").fill("dark")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Dark mode").check()
    page.get_by_role("button", name="Save linked ideas").click()
    page.get_by_role("link", name="Publish").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("“Dark mode has landed” is published.")).to_be_visible()

    visitor = page.context.browser.new_page()
    visitor.goto(f"{live_server.url}/acme/")
    visitor.get_by_role("link", name="Changelog").click()
    expect(visitor.get_by_role("heading", name="Dark mode has landed")).to_be_visible()
    expect(visitor.locator(".changelog-entry strong", has_text="Settings")).to_be_visible()
    expect(visitor.locator(".changelog-label", has_text="New")).to_be_visible()
    expect(visitor.get_by_role("link", name="Dark mode", exact=True)).to_be_visible()
    assert serious_violations(visitor) == []
    visitor.close()

    entry = ChangelogEntry.objects.get()
    idea.refresh_from_db()
    assert entry.published_at is not None and entry.labels == ["new"]
    assert idea.status.meaning == StatusMeaning.SHIPPED
