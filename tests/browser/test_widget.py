"""A customer of Acme, signed in to Initech's own app on another origin, opens the
feedback button, posts an idea and votes, without ever signing in to Groundswell."""

import re
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from groundswell.feedback.models import Idea, Vote
from groundswell.inbox.models import CustomerProfile, FeedbackItem
from groundswell.widget import services
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import serious_violations
from tests.conftest import PASSWORD
from tests.widget.conftest import DANA, sign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def host_site():
    """Initech's app: a tiny web server on another port, so another origin."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.pages = pages
    server.origin = f"http://127.0.0.1:{server.server_port}"
    yield server
    server.shutdown()
    server.server_close()


def test_identified_customer_posts_and_votes_from_another_site(
    page, live_server, host_site, workspace, board, idea
):
    keys = services.widget_keys_for(workspace)
    services.set_allowed_origins(keys, [host_site.origin])
    token = sign(DANA, keys.secret)
    host_site.pages["/"] = (
        "<!doctype html><html><head><title>Initech app</title></head><body>"
        "<h1>Initech dashboard</h1>"
        f'<script src="{live_server.url}/widget.js" data-key="{keys.public_key}" '
        f'data-token="{token}" async></script></body></html>'
    )
    assert not live_server.url.startswith(host_site.origin)

    page.goto(host_site.origin + "/")
    page.get_by_role("button", name="Feedback").click()
    panel = page.frame_locator("iframe[title=Feedback]")
    expect(panel.get_by_text("Signed in as Dana")).to_be_visible()

    panel.get_by_role("link", name="Post an idea").click()
    panel.get_by_label("Title").press_sequentially("Dark mode for reports", delay=15)
    suggestions = panel.locator("#similar-ideas")
    expect(suggestions.get_by_role("link", name="Dark mode")).to_be_visible()
    panel.get_by_label("Details").fill("The reports page is too bright at night.")
    panel.get_by_role("button", name="Post idea").click()
    expect(panel.get_by_text("is posted and your vote is counted")).to_be_visible()

    panel.get_by_role("link", name="Ideas", exact=True).click()
    panel.get_by_role("button", name="Vote for Dark mode", exact=True).click()
    expect(
        panel.get_by_role("button", name="Remove your vote for Dark mode", exact=True)
    ).to_have_text(re.compile("2"))

    posted = Idea.objects.get(title="Dark mode for reports")
    assert posted.author.email == "dana@initech.example"
    assert posted.body == "The reports page is too bright at night."
    assert Vote.objects.filter(idea=posted, voter=posted.author).exists()
    assert Vote.objects.filter(idea=idea, voter=posted.author).exists()
    idea.refresh_from_db()
    assert idea.vote_count == 2
    profile = CustomerProfile.objects.select_related("company").get(
        workspace=workspace, person=posted.author
    )
    assert profile.company.name == "Initech"
    assert profile.company.mrr == Decimal("1200.50")

    panel.get_by_role("button", name="Close feedback").click()
    expect(page.locator("iframe[title=Feedback]")).to_have_count(0)


def _host_page(live_server, keys, token: str = "") -> str:
    token_attribute = f' data-token="{token}"' if token else ""
    return (
        "<!doctype html><html><head><title>Initech app</title></head><body>"
        f'<script src="{live_server.url}/widget.js" data-key="{keys.public_key}"'
        f"{token_attribute} async></script></body></html>"
    )


def test_host_identifies_later_and_a_bad_token_is_explained(
    page, live_server, host_site, workspace, board, idea, settings
):
    keys = services.widget_keys_for(workspace)
    host_site.pages["/"] = _host_page(live_server, keys)
    page.goto(host_site.origin + "/")
    page.get_by_role("button", name="Feedback").click()
    panel = page.frame_locator("iframe[title=Feedback]")
    expect(panel.get_by_text("To vote, sign in to the site you came from.")).to_be_visible()

    settings.WIDGET_POST_RATE_LIMIT = 1
    panel.get_by_role("link", name="Post an idea").click()
    for title in ("Dark mode please", "Dark mode, really"):
        panel.get_by_label("Title").fill(title)
        panel.get_by_label("Your email").fill("visitor@example.com")
        panel.get_by_role("button", name="Send feedback").click()
        if title == "Dark mode please":
            expect(panel.get_by_text("The team got your feedback")).to_be_visible()
    # A refusal is a page to show, not a failure htmx would drop.
    expect(panel.get_by_role("alert")).to_contain_text("Too many posts from the widget")
    item = FeedbackItem.objects.get(workspace=workspace)
    assert (item.text, item.person.email) == ("Dark mode please", "visitor@example.com")

    expired = sign(DANA, keys.secret, iat=1_600_000_000, exp=1_600_003_600)
    page.evaluate("token => window.Groundswell('identify', token)", expired)
    expect(panel.get_by_role("alert")).to_contain_text("The identify token has expired")

    page.evaluate("token => window.Groundswell('identify', token)", sign(DANA, keys.secret))
    expect(panel.get_by_text("Signed in as Dana")).to_be_visible()
    assert CustomerProfile.objects.filter(workspace=workspace, person__email=DANA["email"]).exists()


def test_a_site_that_is_not_allowed_cannot_show_the_panel(
    page, live_server, host_site, workspace, board
):
    keys = services.widget_keys_for(workspace)
    services.set_allowed_origins(keys, ["https://app.initech.example"])
    host_site.pages["/"] = _host_page(live_server, keys, sign(DANA, keys.secret))
    page.goto(host_site.origin + "/")
    with page.expect_event("framenavigated", lambda frame: frame != page.main_frame) as navigated:
        page.get_by_role("button", name="Feedback").click()
    frame = navigated.value
    frame.wait_for_load_state()
    assert frame.url.startswith("chrome-error://")
    assert not CustomerProfile.objects.filter(workspace=workspace).exists()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_panel_and_team_page_have_no_serious_violations(
    page, live_server, workspace, board, idea, alice, scheme
):
    page.emulate_media(color_scheme=scheme)
    keys = services.widget_keys_for(workspace)
    for path in ("", "post/", f"ideas/{idea.pk}/"):
        page.goto(f"{live_server.url}/widget/{keys.public_key}/{path}")
        assert serious_violations(page) == [], path
    sign_in(page, live_server, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/acme/manage/widget/")
    expect(page.get_by_label("Widget secret (keep it on your server)")).to_have_value(keys.secret)
    assert serious_violations(page) == []
