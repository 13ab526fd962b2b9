"""An admin sets Slack up on the channels page, without JavaScript-only controls,
and the page has no serious accessibility violation in either colour scheme."""

import pytest

from groundswell.intake.models import IntakeSettings
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import serious_violations
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_admin_saves_the_slack_secret(page, live_server, workspace, alice, scheme):
    page.emulate_media(color_scheme=scheme)
    sign_in(page, live_server, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/acme/manage/channels/")
    assert serious_violations(page) == []
    page.get_by_label("Slack signing secret").fill("8f742231b10e8888abcd99yyyzzz85a5")
    page.get_by_role("button", name="Save signing secret").click()
    assert page.get_by_text("Connected.").is_visible()
    intake = IntakeSettings.objects.get(workspace=workspace)
    assert intake.slack_signing_secret == "8f742231b10e8888abcd99yyyzzz85a5"
