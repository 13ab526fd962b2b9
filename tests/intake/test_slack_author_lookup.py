"""With a bot token, the shortcut learns the author's real email through Slack's
users.info (served here by a local HTTP server speaking Slack's documented answer);
without one, or when Slack says no, the author keeps the placeholder address."""

import socket

from groundswell.inbox.models import FeedbackItem
from groundswell.intake import services
from tests.intake.conftest import BOT_TOKEN
from tests.intake.test_slack import command, post_slack, send_shortcut, shortcut_payload


def test_the_bot_token_brings_the_authors_real_email(intake, slack_api):
    services.set_slack_bot_token(intake, BOT_TOKEN)
    assert send_shortcut(shortcut_payload()).status_code == 200
    item = FeedbackItem.objects.get()
    assert item.person.email == "dana@initech.example"
    assert item.person.name == "Dana Scully"
    assert slack_api.lookups == ["U0DANA"]


def test_without_a_bot_token_slack_is_not_asked(intake, slack_api):
    send_shortcut(shortcut_payload())
    assert FeedbackItem.objects.get().person.email == "u0dana@t0acme.slack.invalid"
    assert slack_api.lookups == []


def test_a_revoked_token_falls_back_to_the_placeholder(intake, slack_api):
    services.set_slack_bot_token(intake, "xoxb-revoked-0000000000")
    send_shortcut(shortcut_payload())
    assert FeedbackItem.objects.get().person.email == "u0dana@t0acme.slack.invalid"


def test_an_unknown_user_falls_back_to_the_placeholder(intake, slack_api):
    services.set_slack_bot_token(intake, BOT_TOKEN)
    send_shortcut(shortcut_payload(user="U0GHOST"))
    assert FeedbackItem.objects.get().person.email == "u0ghost@t0acme.slack.invalid"


def test_an_unreachable_slack_still_files_the_message(intake, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.SLACK_API_URL = f"http://127.0.0.1:{closed_port}/api"
    services.set_slack_bot_token(intake, BOT_TOKEN)
    assert send_shortcut(shortcut_payload()).status_code == 200
    assert FeedbackItem.objects.get().person.email == "u0dana@t0acme.slack.invalid"


def test_the_slash_command_looks_up_who_typed_it(intake, slack_api):
    services.set_slack_bot_token(intake, BOT_TOKEN)
    post_slack("/intake/slack/acme/command/", command(user_id="U0DANA"))
    assert FeedbackItem.objects.get().person.email == "dana@initech.example"
