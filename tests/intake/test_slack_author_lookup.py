"""With a bot token, the shortcut learns the author's real email through Slack's
users.info (served here by a local HTTP server speaking Slack's documented answer);
without one, or when Slack says no, the author keeps the placeholder address."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from groundswell.inbox.models import FeedbackItem
from groundswell.intake import services
from tests.intake.test_slack import command, post_slack, send_shortcut, shortcut_payload

BOT_TOKEN = "xoxb-1234567890-0987654321-abcdefABCDEF"
PROFILES = {"U0DANA": {"email": "dana@initech.example", "real_name": "Dana Scully"}}


class FakeSlackApi(BaseHTTPRequestHandler):
    calls: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        url = urlparse(self.path)
        user_id = parse_qs(url.query).get("user", [""])[0]
        FakeSlackApi.calls.append(user_id)
        if url.path != "/api/users.info":
            answer = {"ok": False, "error": "unknown_method"}
        elif self.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            answer = {"ok": False, "error": "invalid_auth"}
        elif user_id not in PROFILES:
            answer = {"ok": False, "error": "user_not_found"}
        else:
            profile = PROFILES[user_id]
            answer = {
                "ok": True,
                "user": {
                    "id": user_id,
                    "name": "dana",
                    "real_name": profile["real_name"],
                    "profile": {**profile, "display_name": "dana"},
                },
            }
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def slack_api(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSlackApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SLACK_API_URL = f"http://127.0.0.1:{server.server_address[1]}/api"
    FakeSlackApi.calls = []
    yield FakeSlackApi
    server.shutdown()
    server.server_close()


def test_the_bot_token_brings_the_authors_real_email(intake, slack_api):
    services.set_slack_bot_token(intake, BOT_TOKEN)
    assert send_shortcut(shortcut_payload()).status_code == 200
    item = FeedbackItem.objects.get()
    assert item.person.email == "dana@initech.example"
    assert item.person.name == "Dana Scully"
    assert slack_api.calls == ["U0DANA"]


def test_without_a_bot_token_slack_is_not_asked(intake, slack_api):
    send_shortcut(shortcut_payload())
    assert FeedbackItem.objects.get().person.email == "u0dana@t0acme.slack.invalid"
    assert slack_api.calls == []


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
