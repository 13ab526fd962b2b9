"""Slack endpoints get a formatted message (text and blocks with a link), unsigned."""

import json

import pytest

from groundswell.feedback import services as feedback
from groundswell.feedback.models import Status
from groundswell.webhooks.models import WebhookDelivery
from groundswell.webhooks.payloads import slack_message
from groundswell.webhooks.services import send_webhook_deliveries


@pytest.fixture
def sent(slack_endpoint, receiver, idea):
    WebhookDelivery.objects.all().delete()

    def messages() -> list[dict]:
        send_webhook_deliveries()
        return [json.loads(request["body"]) for request in receiver.requests]

    return messages


def test_a_status_change_posts_a_slack_message(sent, receiver, idea, alice):
    shipped = Status.objects.get(workspace=idea.workspace, meaning="shipped")
    feedback.change_status(idea, shipped, alice, "Out today <for everyone> & more")

    [message] = sent()
    idea_url = f"http://127.0.0.1:8000/acme/ideas/{idea.pk}/"
    assert message["text"].startswith(f"*<{idea_url}|Dark mode>* is now *Shipped*")
    assert "Out today &lt;for everyone&gt; &amp; more" in message["text"]
    section, context, actions = message["blocks"]
    assert section == {"type": "section", "text": {"type": "mrkdwn", "text": message["text"]}}
    assert "Acme" in context["elements"][0]["text"]
    assert actions["elements"][0]["url"] == idea_url
    headers = receiver.requests[0]["headers"]
    assert "Groundswell-Signature" not in headers
    assert headers["Groundswell-Event"] == "idea.status_changed"


def test_user_text_cannot_forge_slack_markup(sent, board, carol):
    feedback.create_idea(board, carol, "<!channel> click <https://evil.example|here>")
    [message] = sent()
    assert "<!channel>" not in message["text"]
    assert "<https://evil.example" not in message["text"]
    assert "&lt;!channel&gt;" in message["text"]


def test_each_kind_reads_as_a_sentence(sent, board, idea, alice, bob):
    feedback.add_vote(idea, bob)
    feedback.add_comment(idea, bob, "I would pay for this.")
    duplicate = feedback.create_idea(board, bob, "Night theme", vote_for_it=False)
    feedback.merge_ideas(duplicate, idea, alice)
    texts = [message["text"] for message in sent()]
    assert texts[0].startswith("Bob voted for *<") and texts[0].endswith("(2 votes)")
    assert texts[1].startswith("Bob commented on *<") and texts[1].endswith(
        ">I would pay for this."
    )
    assert texts[2].startswith("Bob posted a new idea: *<")
    assert texts[3].startswith("Alice merged <") and "|Night theme> into *<" in texts[3]


def test_a_changelog_entry_and_a_test_event_format_too():
    base = {"workspace": {"slug": "acme", "name": "Acme"}, "actor": None, "idea": None}
    entry = slack_message(
        {**base, "kind": "changelog.published", "entry": {"title": "v2", "url": "https://x/c/1"}}
    )
    assert entry["text"] == "Published: *<https://x/c/1|v2>*"
    test = slack_message({**base, "kind": "webhook.test", "message": "Hello"})
    assert test["text"] == "Hello"
    assert [block["type"] for block in test["blocks"]] == ["section", "context"]
