"""A customer starts typing an idea, sees that it is already posted and votes for it instead."""

import os
import re

import pytest
from playwright.sync_api import expect

from groundswell.feedback import services
from groundswell.feedback.models import Idea, Vote
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import serious_violations
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dark_mode(board, bob):
    services.create_idea(board, bob, "Export reports to CSV", "Download numbers as a sheet")
    return services.create_idea(
        board, bob, "Dark mode", "A dark colour scheme for the app, easier on the eyes at night."
    )


def type_an_idea(page, live_server, title):
    page.goto(f"{live_server.url}/acme/submit/")
    page.get_by_label("Title").press_sequentially(title, delay=20)
    suggestions = page.locator("#similar-ideas")
    expect(suggestions.get_by_role("link", name="Dark mode")).to_be_visible()
    return suggestions


def test_customer_votes_for_the_existing_idea_instead(page, live_server, dark_mode, carol):
    sign_in(page, live_server, carol.email, PASSWORD)
    suggestions = type_an_idea(page, live_server, "Night theme")
    expect(suggestions).to_have_attribute("aria-live", "polite")
    expect(suggestions.get_by_text("Export reports to CSV")).to_have_count(0)

    suggestions.get_by_role("button", name=re.compile("Vote for this instead")).first.click()

    expect(page).to_have_url(f"{live_server.url}/acme/ideas/{dark_mode.pk}/")
    expect(page.get_by_role("button", name="Remove your vote for Dark mode")).to_have_text(
        re.compile("2")
    )
    dark_mode.refresh_from_db()
    assert dark_mode.vote_count == 2
    assert Vote.objects.filter(idea=dark_mode, voter=carol).exists()
    assert not Idea.objects.filter(title="Night theme").exists()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_submit_page_with_suggestions_has_no_serious_violations(
    page, live_server, dark_mode, carol, scheme
):
    page.emulate_media(color_scheme=scheme)
    sign_in(page, live_server, carol.email, PASSWORD)
    type_an_idea(page, live_server, "Dark mode")
    expect(page.get_by_text("Looks like the same idea")).to_be_visible()
    if os.environ.get("GROUNDSWELL_SCREENSHOTS"):
        page.screenshot(
            path=f"{os.environ['GROUNDSWELL_SCREENSHOTS']}/submit-similar-{scheme}.png",
            full_page=True,
        )
    assert serious_violations(page) == []
