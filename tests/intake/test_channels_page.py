"""The channels page: admins and owners see the address, Slack URLs and the webhook
secret; nobody else does, and nobody else can change them."""

import pytest

from groundswell.intake import services
from groundswell.intake.models import IntakeSettings
from groundswell.workspaces.models import Role
from groundswell.workspaces.services import add_member
from tests.conftest import client_for

URL = "/acme/manage/channels/"


def test_owner_sees_address_slack_urls_and_webhook_secret(alice_client, workspace, settings):
    settings.INBOUND_EMAIL_DOMAIN = "in.groundswell.example"
    response = alice_client.get(URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    intake = IntakeSettings.objects.get(workspace=workspace)
    page = response.content.decode()
    assert f"{intake.email_token}@in.groundswell.example" in page
    assert "/intake/slack/acme/shortcut/" in page
    assert "/intake/slack/acme/command/" in page
    assert "/intake/webhook/acme/" in page
    assert services.webhook_secret(intake) in page
    assert "Not set up." in page


def test_admin_sees_the_page_too(workspace, carol):
    add_member(workspace, carol, Role.ADMIN)
    assert client_for(carol).get(URL).status_code == 200


@pytest.mark.parametrize("who", ["bob", "carol", "charlie"])
def test_member_customer_and_outsider_are_refused(request, workspace, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL + "webhook/rotate/").status_code == 403
    assert client.post(URL + "email/rotate/").status_code == 403
    assert client.post(URL + "slack/", {"signing_secret": "a" * 32}).status_code == 403
    assert not IntakeSettings.objects.filter(workspace=workspace, slack_signing_secret="a" * 32)


def test_anonymous_is_sent_to_sign_in(client, workspace):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_other_workspaces_owner_is_refused_and_sees_no_secret(
    charlie_client, workspace, other_workspace
):
    intake = services.intake_settings(workspace)
    response = charlie_client.get(URL)
    assert response.status_code == 403
    assert services.webhook_secret(intake).encode() not in response.content


def test_saving_the_slack_secret_turns_slack_on_and_hides_it(alice_client, workspace):
    secret = "8f742231b10e8888abcd99yyyzzz85a5"
    response = alice_client.post(URL + "slack/", {"signing_secret": secret})
    assert response.status_code == 302
    intake = IntakeSettings.objects.get(workspace=workspace)
    assert intake.slack_signing_secret == secret
    page = alice_client.get(URL).content.decode()
    assert "Connected." in page and "…85a5" in page
    assert secret not in page


def test_a_malformed_slack_secret_is_refused_with_a_message(alice_client, workspace):
    response = alice_client.post(URL + "slack/", {"signing_secret": "not a secret!"})
    assert response.status_code == 400
    assert b"copy it again from your Slack app" in response.content
    assert services.intake_settings(workspace).slack_signing_secret == ""


def test_rotating_the_webhook_secret_changes_it(alice_client, workspace):
    old = services.webhook_secret(services.intake_settings(workspace))
    assert alice_client.post(URL + "webhook/rotate/").status_code == 302
    new = services.webhook_secret(services.intake_settings(workspace))
    assert new != old and new.startswith("gswh_")
    assert new.encode() in alice_client.get(URL).content


def test_rotating_the_address_refuses_the_old_one(alice_client, workspace):
    old = services.inbound_address(services.intake_settings(workspace))
    assert alice_client.post(URL + "email/rotate/").status_code == 302
    new = services.inbound_address(services.intake_settings(workspace))
    assert new != old
    with pytest.raises(services.UnknownAddress):
        services.workspace_for_address(old)
    assert services.workspace_for_address(new) == workspace


def test_get_does_not_rotate(alice_client, workspace):
    old = services.webhook_secret(services.intake_settings(workspace))
    assert alice_client.get(URL + "webhook/rotate/").status_code == 405
    assert services.webhook_secret(services.intake_settings(workspace)) == old


def test_admin_saves_and_forgets_a_slack_bot_token(alice_client, workspace):
    token = "xoxb-1234567890-0987654321-abcdefABCDEF"
    assert alice_client.post(URL + "slack/bot-token/", {"bot_token": token}).status_code == 302
    assert services.intake_settings(workspace).slack_bot_token == token
    page = alice_client.get(URL).content.decode()
    assert "A bot token is saved" in page and token not in page
    alice_client.post(URL + "slack/bot-token/", {"bot_token": ""})
    assert services.intake_settings(workspace).slack_bot_token == ""


def test_a_malformed_bot_token_is_refused(alice_client, workspace):
    response = alice_client.post(URL + "slack/bot-token/", {"bot_token": "xoxp-user-token"})
    assert response.status_code == 400
    assert b"starts with xoxb-" in response.content
    assert services.intake_settings(workspace).slack_bot_token == ""


@pytest.mark.parametrize("who", ["bob", "carol", "charlie"])
def test_only_admins_set_the_bot_token(request, workspace, who):
    client = client_for(request.getfixturevalue(who))
    response = client.post(URL + "slack/bot-token/", {"bot_token": "xoxb-1234567890-abc"})
    assert response.status_code == 403
    assert services.intake_settings(workspace).slack_bot_token == ""
