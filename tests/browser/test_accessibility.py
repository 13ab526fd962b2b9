"""axe finds no serious or critical accessibility violation on the main pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from groundswell.feedback import services
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}: "
        + "; ".join(f"{node['target']} {node['failureSummary']}" for node in violation["nodes"])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def busy_idea(idea, alice, bob, carol, workspace):
    services.add_comment(idea, bob, "Internal note", is_internal=True)
    services.add_comment(idea, carol, "Please, my eyes hurt at night")
    tag = services.create_tag(workspace, "Mobile")
    services.tag_idea(idea, tag)
    services.change_status(idea, workspace.statuses.get(slug="planned"), alice, "Next quarter")
    return idea


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_board_page_has_no_serious_violations(page, live_server, board, busy_idea, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/acme/boards/{board.slug}/")
    assert serious_violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_idea_page_has_no_serious_violations(page, live_server, busy_idea, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{live_server.url}/acme/ideas/{busy_idea.pk}/")
    assert serious_violations(page) == []


def test_idea_page_for_the_team_has_no_serious_violations(page, live_server, busy_idea, alice):
    sign_in(page, live_server, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/acme/ideas/{busy_idea.pk}/")
    assert serious_violations(page) == []
