"""Slack's message shortcut and slash command, through Slack's real request format:
form-encoded bodies signed with the app's signing secret (v0 scheme)."""

import json
import time

from django.test import Client

from groundswell.inbox.models import Channel, FeedbackItem
from groundswell.intake import services
from tests.intake.conftest import GLOBEX_SLACK_SECRET, post_slack, slack_headers

SHORTCUT = "/intake/slack/acme/shortcut/"
COMMAND = "/intake/slack/acme/command/"


def shortcut_payload(**message) -> dict:
    """A message_action payload as Slack documents it."""
    return {
        "type": "message_action",
        "token": "verification-token-unused",
        "action_ts": "1764130000.123456",
        "team": {"id": "T0ACME", "domain": "acme-corp"},
        "user": {"id": "U0BOB", "username": "bob", "team_id": "T0ACME", "name": "bob"},
        "channel": {"id": "C0SALES", "name": "sales"},
        "is_enterprise_install": False,
        "callback_id": "send_to_groundswell",
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "response_url": "https://hooks.slack.com/app/T0ACME/1234/abcd",
        "message_ts": "1764129000.000200",
        "message": {
            "type": "message",
            "user": "U0DANA",
            "ts": "1764129000.000200",
            "text": "Initech says the CSV export <b>times out</b> over 10k rows",
            "user_profile": {"real_name": "Dana Scully", "display_name": "dana"},
            **message,
        },
    }


def send_shortcut(payload: dict, **kwargs):
    return post_slack(SHORTCUT, {"payload": json.dumps(payload)}, **kwargs)


def test_shortcut_files_the_message_with_its_author_and_permalink(intake, workspace):
    response = send_shortcut(shortcut_payload())
    assert response.status_code == 200
    answer = response.json()
    assert answer["response_type"] == "ephemeral"
    assert "/acme/manage/inbox/" in answer["text"]
    item = FeedbackItem.objects.get()
    assert item.workspace == workspace and item.channel == Channel.SLACK
    assert item.text == "Initech says the CSV export <b>times out</b> over 10k rows"
    assert item.source_url == "https://acme-corp.slack.com/archives/C0SALES/p1764129000000200"
    assert item.external_id == "T0ACME:C0SALES:1764129000.000200"
    assert item.person.email == "u0dana@t0acme.slack.invalid"
    assert item.person.name == "Dana Scully"
    assert item.received_at.timestamp() == 1764129000.0002


def test_the_same_message_sent_twice_is_one_item(intake):
    send_shortcut(shortcut_payload())
    send_shortcut(shortcut_payload())
    assert FeedbackItem.objects.count() == 1


def test_a_replayed_request_within_the_window_stores_nothing_new(intake):
    body = f"payload={json.dumps(shortcut_payload())}".encode()
    headers = slack_headers("8f742231b10e8888abcd99yyyzzz85a5", body)
    for _ in range(2):
        response = Client().post(
            SHORTCUT, body, content_type="application/x-www-form-urlencoded", headers=headers
        )
        assert response.status_code == 200
    assert FeedbackItem.objects.count() == 1


def test_a_replayed_request_after_five_minutes_is_refused(intake):
    response = send_shortcut(shortcut_payload(), timestamp=int(time.time()) - 5 * 60 - 1)
    assert response.status_code == 401
    assert not FeedbackItem.objects.exists()


def test_a_wrongly_signed_request_is_refused(intake):
    response = send_shortcut(shortcut_payload(), secret="f" * 32)
    assert response.status_code == 401
    assert not FeedbackItem.objects.exists()


def test_an_unsigned_request_is_refused(intake, client):
    response = client.post(SHORTCUT, {"payload": json.dumps(shortcut_payload())})
    assert response.status_code == 401


def test_a_tampered_body_is_refused(intake):
    body = f"payload={json.dumps(shortcut_payload())}".encode()
    headers = slack_headers("8f742231b10e8888abcd99yyyzzz85a5", body)
    forged = body.replace(b"times out", b"is perfect")
    response = Client().post(
        SHORTCUT, forged, content_type="application/x-www-form-urlencoded", headers=headers
    )
    assert response.status_code == 401
    assert not FeedbackItem.objects.exists()


def test_another_workspaces_slack_app_cannot_post_here(intake, globex_intake):
    response = send_shortcut(shortcut_payload(), secret=GLOBEX_SLACK_SECRET)
    assert response.status_code == 401
    assert (
        post_slack(
            "/intake/slack/globex/shortcut/",
            {"payload": json.dumps(shortcut_payload())},
            secret=GLOBEX_SLACK_SECRET,
        ).json()["response_type"]
        == "ephemeral"
    )
    assert FeedbackItem.objects.get().workspace == globex_intake.workspace


def test_slack_is_refused_until_the_secret_is_saved(workspace):
    services.intake_settings(workspace)
    response = send_shortcut(shortcut_payload(), secret="")
    assert response.status_code == 404
    assert not FeedbackItem.objects.exists()


def test_turning_slack_off_refuses_its_requests(intake):
    services.set_slack_signing_secret(intake, "")
    assert send_shortcut(shortcut_payload()).status_code == 404


def test_a_message_without_text_is_answered_not_filed(intake):
    response = send_shortcut(shortcut_payload(text=""))
    assert response.status_code == 200
    assert "no text" in response.json()["text"]
    assert not FeedbackItem.objects.exists()


def test_other_interactions_are_answered_not_filed(intake):
    response = send_shortcut({**shortcut_payload(), "type": "block_actions"})
    assert response.status_code == 200
    assert not FeedbackItem.objects.exists()


def test_a_payload_that_is_not_json_is_a_400(intake):
    assert post_slack(SHORTCUT, {"payload": "{nope"}).status_code == 400


def command(**fields) -> dict:
    """A slash command request as Slack documents it."""
    return {
        "token": "verification-token-unused",
        "team_id": "T0ACME",
        "team_domain": "acme-corp",
        "channel_id": "C0SALES",
        "channel_name": "sales",
        "user_id": "U0BOB",
        "user_name": "bob",
        "command": "/feedback",
        "text": "Customers keep asking for a Jira integration",
        "api_app_id": "A0GROUNDSWELL",
        "response_url": "https://hooks.slack.com/commands/T0ACME/1234/abcd",
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        **fields,
    }


def test_slash_command_files_the_text_under_the_slack_user(intake):
    response = post_slack(COMMAND, command())
    assert response.status_code == 200
    assert response.json()["response_type"] == "ephemeral"
    item = FeedbackItem.objects.get()
    assert item.text == "Customers keep asking for a Jira integration"
    assert item.channel == Channel.SLACK
    assert item.person.email == "u0bob@t0acme.slack.invalid"
    assert item.person.name == "bob"


def test_slash_command_naming_a_customer_files_it_under_them(intake):
    post_slack(COMMAND, command(text="dana@initech.example wants SSO with Okta"))
    item = FeedbackItem.objects.get()
    assert item.person.email == "dana@initech.example"
    assert item.text == "wants SSO with Okta"


def test_slash_command_retried_with_the_same_trigger_is_one_item(intake):
    post_slack(COMMAND, command())
    post_slack(COMMAND, command())
    assert FeedbackItem.objects.count() == 1


def test_slash_command_without_text_explains_usage(intake):
    response = post_slack(COMMAND, command(text=""))
    assert "Usage: /feedback" in response.json()["text"]
    assert not FeedbackItem.objects.exists()


def test_slash_command_wrongly_signed_or_stale_is_refused(intake):
    assert post_slack(COMMAND, command(), secret="f" * 32).status_code == 401
    stale = int(time.time()) - 10 * 60
    assert post_slack(COMMAND, command(), timestamp=stale).status_code == 401
    assert not FeedbackItem.objects.exists()


def test_get_is_refused(intake, client):
    assert client.get(COMMAND).status_code == 405


def test_the_shortcut_confirms_through_the_response_url(
    intake, slack_api, django_capture_on_commit_callbacks
):
    payload = {**shortcut_payload(), "response_url": slack_api.base_url + "/app/T0ACME/1/abc"}
    with django_capture_on_commit_callbacks(execute=True):
        send_shortcut(payload)
    item = FeedbackItem.objects.get()
    [(path, posted)] = slack_api.responses
    assert path == "/app/T0ACME/1/abc"
    assert posted["response_type"] == "ephemeral"
    assert posted["replace_original"] is False
    assert f"(item {item.pk})" in posted["text"]


def test_a_response_url_outside_slack_is_never_called(
    intake, slack_api, settings, django_capture_on_commit_callbacks
):
    settings.SLACK_RESPONSE_URL_PREFIX = "https://hooks.slack.com/"
    payload = {**shortcut_payload(), "response_url": slack_api.base_url + "/steal"}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert send_shortcut(payload).status_code == 200
    assert len(callbacks) == 1
    assert slack_api.responses == []
    assert FeedbackItem.objects.count() == 1
