"""A person signs up, posts an idea, votes and comments; the team ships it."""

import re

import pytest
from playwright.sync_api import expect

from groundswell.feedback import services
from groundswell.feedback.models import Comment, Idea, Vote
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_post_vote_and_comment(page, live_server, board, alice):
    other = services.create_idea(board, alice, "Calendar view", "See due dates on a calendar")
    page.goto(f"{live_server.url}/acme/boards/{board.slug}/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Name").fill("Dana Customer")
    page.get_by_label("Email").fill("dana@customer.example")
    page.get_by_label("Password").fill("a long enough passphrase")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("Welcome! You are signed in.")).to_be_visible()

    page.goto(f"{live_server.url}/acme/boards/{board.slug}/")
    page.get_by_role("link", name="Post an idea").first.click()
    page.get_by_label("Title").fill("Offline mode for the mobile app")
    page.get_by_label("Details").fill("I work on **trains** without signal.")
    page.get_by_role("button", name="Post idea").click()
    expect(page.get_by_role("heading", name="Offline mode for the mobile app")).to_be_visible()
    expect(page.locator("strong", has_text="trains")).to_be_visible()

    page.goto(f"{live_server.url}/acme/ideas/{other.pk}/")
    vote = page.get_by_role("button", name="Vote for Calendar view")
    vote.click()
    expect(page.get_by_role("button", name="Remove your vote for Calendar view")).to_have_text(
        re.compile("2")
    )
    page.get_by_label("Your comment").fill("We plan our sprints on a calendar too.")
    page.get_by_role("button", name="Comment").click()
    expect(page.get_by_text("We plan our sprints on a calendar too.")).to_be_visible()

    other.refresh_from_db()
    assert other.vote_count == 2
    assert Vote.objects.filter(idea=other, voter__email="dana@customer.example").count() == 1
    assert Comment.objects.filter(idea=other, author__email="dana@customer.example").exists()
    assert Idea.objects.filter(title="Offline mode for the mobile app").exists()


def test_admin_changes_status_and_everyone_sees_it(page, live_server, idea, alice):
    sign_in(page, live_server, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/acme/ideas/{idea.pk}/")
    page.get_by_label("Status").select_option(label="Shipped")
    page.get_by_label("Public message (optional)").fill("Dark mode is live for everyone!")
    page.get_by_role("button", name="Update status").click()
    expect(page.get_by_text("Status changed to Shipped.")).to_be_visible()

    visitor = page.context.browser.new_page()
    visitor.goto(f"{live_server.url}/acme/ideas/{idea.pk}/")
    expect(visitor.get_by_text("Dark mode is live for everyone!")).to_be_visible()
    expect(visitor.locator(".idea .status")).to_have_text("Shipped")
    visitor.close()
    idea.refresh_from_db()
    assert idea.status.name == "Shipped"
