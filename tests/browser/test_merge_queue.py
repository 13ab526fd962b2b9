"""A team member reviews the merge queue: merges a pair, undoes it, dismisses another."""

import os

import pytest
from playwright.sync_api import expect

from groundswell.duplicates.models import MergeSuggestion, SuggestionStatus
from groundswell.duplicates.passages import matching_passages
from groundswell.feedback import services
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def suggest(idea, similar_to, score):
    return MergeSuggestion.objects.create(
        workspace=idea.workspace,
        idea=idea,
        similar_to=similar_to,
        score=score,
        passages=matching_passages((idea.title, idea.body), (similar_to.title, similar_to.body)),
    )


def test_merge_undo_and_dismiss(page, live_server, board, idea, bob, carol):
    night = services.create_idea(
        board, carol, "Night theme", "Working late, the white background hurts. A dark theme?"
    )
    csv = services.create_idea(board, carol, "Export to CSV", "Download votes as a CSV file.")
    spreadsheet = services.create_idea(
        board, bob, "Spreadsheet export", "A CSV file of every idea for our spreadsheet."
    )
    merge_me = suggest(night, idea, 1.31)
    dismiss_me = suggest(spreadsheet, csv, 1.07)

    sign_in(page, live_server, bob.email, PASSWORD)
    page.goto(f"{live_server.url}/acme/manage/")
    page.get_by_role("link", name="Duplicates").click()
    expect(page.get_by_role("heading", name="Possible duplicates")).to_be_visible()
    expect(page.locator("mark", has_text="dark").first).to_be_visible()
    if os.environ.get("MERGE_QUEUE_SCREENSHOT"):
        page.screenshot(path=os.environ["MERGE_QUEUE_SCREENSHOT"], full_page=True)

    page.locator(f"#suggestion-{merge_me.pk}").get_by_role("button", name="Merge").click()
    expect(page.get_by_role("button", name="Undo")).to_be_visible()
    if os.environ.get("MERGE_QUEUE_SCREENSHOT"):
        page.screenshot(
            path=os.environ["MERGE_QUEUE_SCREENSHOT"].replace(".png", "-merged.png"),
            full_page=True,
        )
    night.refresh_from_db()
    assert night.merged_into == idea
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_text("is its own idea again")).to_be_visible()
    night.refresh_from_db()
    assert night.merged_into is None

    page.goto(f"{live_server.url}/acme/manage/duplicates/")
    page.locator(f"#suggestion-{dismiss_me.pk}").get_by_role(
        "button", name="Not a duplicate"
    ).click()
    expect(page.get_by_text("will not be suggested again")).to_be_visible()
    dismiss_me.refresh_from_db()
    assert dismiss_me.status == SuggestionStatus.DISMISSED
    page.get_by_role("link", name="Dismissed").click()
    expect(page.get_by_role("link", name="Spreadsheet export")).to_be_visible()
