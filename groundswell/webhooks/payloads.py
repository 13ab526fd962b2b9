"""What a webhook says: the documented JSON event, its signature, and the Slack message.

Every event (README, "Webhooks") is one JSON object:

    {"id": "<uuid: the event; the same for every endpoint and for replays>",
     "kind": "vote.added", "occurred_at": "<ISO 8601, UTC>",
     "workspace": {"slug": "acme", "name": "Acme"},
     "idea": {"id": 1, "title": "…", "url": "https://…", "status": "Planned", "vote_count": 3},
     "actor": {"id": 7, "name": "Carol"} or null,
     …fields of the kind: "body", "status_change", "merged_idea", "vote", "comment", "entry"}

Builders here read the rows as the caller's transaction sees them. Imports
feedback models only.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.urls import reverse

from groundswell.accounts.models import User
from groundswell.feedback.models import Comment, Idea, IdeaEvent
from groundswell.webhooks.models import TEST_EVENT_KIND, WebhookEventKind

SLACK_EXCERPT_CHARS = 300


def encode(payload: dict) -> bytes:
    """The exact bytes sent (and signed)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The Groundswell-Signature header: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


# The JSON event ---------------------------------------------------------------


def idea_url(workspace_slug: str, idea_id: int) -> str:
    return settings.SITE_URL + reverse("feedback:idea", args=[workspace_slug, idea_id])


def _current(idea: Idea | int) -> Idea:
    idea_id = idea if isinstance(idea, int) else idea.pk
    return Idea.objects.select_related("status", "workspace").get(pk=idea_id)


def describe_idea(idea: Idea | int) -> dict:
    """Idea fields as of now in this transaction (status, vote count after the change)."""
    idea = _current(idea)
    return {
        "id": idea.pk,
        "title": idea.title,
        "url": idea_url(idea.workspace.slug, idea.pk),
        "status": idea.status.name,
        "vote_count": idea.vote_count,
    }


def describe_person(person: User | None) -> dict | None:
    if person is None:
        return None
    return {"id": person.pk, "name": person.display_name}


def idea_created(idea: Idea) -> dict:
    return {"idea": describe_idea(idea), "actor": describe_person(idea.author), "body": idea.body}


def status_changed(idea: Idea, event: IdeaEvent) -> dict:
    previous = event.previous_status
    return {
        "idea": describe_idea(idea),
        "actor": describe_person(event.actor),
        "status_change": {
            "from": previous.name if previous else None,
            "to": event.status.name,
            "meaning": event.status.meaning,
            "message": event.message,
        },
    }


def ideas_merged(source: Idea, survivor: Idea, actor: User | None) -> dict:
    merged = _current(source)
    return {
        "idea": describe_idea(survivor),
        "actor": describe_person(actor),
        "merged_idea": {
            "id": merged.pk,
            "title": merged.title,
            "url": idea_url(merged.workspace.slug, merged.pk),
        },
    }


def vote_added(voted_idea: Idea, survivor_id: int, voter: User, source: str) -> dict:
    """`idea` is the one whose demand the vote counts for; `vote.idea_id` the one voted on."""
    return {
        "idea": describe_idea(survivor_id),
        "actor": describe_person(voter),
        "vote": {"idea_id": voted_idea.pk, "source": source},
    }


def comment_added(comment: Comment) -> dict:
    idea = describe_idea(comment.idea)
    return {
        "idea": idea,
        "actor": describe_person(comment.author),
        "comment": {
            "id": comment.pk,
            "body": comment.body,
            "url": f"{idea['url']}#comment-{comment.pk}",
        },
    }


def changelog_published(entry, url: str, actor: User | None) -> dict:
    """`entry` is a changelog.ChangelogEntry (not imported: the changelog builds on this app)."""
    return {
        "idea": None,
        "actor": describe_person(actor),
        "entry": {
            "id": entry.pk,
            "title": entry.title,
            "url": url,
            "labels": list(entry.labels),
            "idea_ids": sorted(entry.ideas.values_list("pk", flat=True)),
        },
    }


def test_event(actor: User | None) -> dict:
    return {
        "idea": None,
        "actor": describe_person(actor),
        "message": "A test event from Groundswell: this endpoint is reachable.",
    }


# Slack ----------------------------------------------------------------------


def _escape(text: str) -> str:
    """Slack's mrkdwn treats &, < and > as markup; a | would end a link's label."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "¦")


def _link(url: str, label: str) -> str:
    return f"<{url}|{_escape(label)}>"


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > SLACK_EXCERPT_CHARS:
        text = text[: SLACK_EXCERPT_CHARS - 1] + "…"
    return _escape(text)


def _slack_text(event: dict) -> tuple[str, str | None]:
    """(mrkdwn line, link for the button) for an event."""
    kind, idea = event["kind"], event.get("idea") or {}
    actor = _escape((event.get("actor") or {}).get("name", "Someone"))
    link = _link(idea["url"], idea["title"]) if idea else ""
    if kind == WebhookEventKind.IDEA_CREATED:
        return f"{actor} posted a new idea: *{link}*", idea["url"]
    if kind == WebhookEventKind.STATUS_CHANGED:
        change = event["status_change"]
        text = f"*{link}* is now *{_escape(change['to'])}*"
        if change.get("message"):
            text += f"\n>{_excerpt(change['message'])}"
        return text, idea["url"]
    if kind == WebhookEventKind.IDEA_MERGED:
        merged = event["merged_idea"]
        return (
            f"{actor} merged {_link(merged['url'], merged['title'])} into *{link}*",
            idea["url"],
        )
    if kind == WebhookEventKind.VOTE_ADDED:
        votes = idea["vote_count"]
        return (
            f"{actor} voted for *{link}* ({votes} vote{'s' if votes != 1 else ''})",
            idea["url"],
        )
    if kind == WebhookEventKind.COMMENT_ADDED:
        comment = event["comment"]
        return f"{actor} commented on *{link}*:\n>{_excerpt(comment['body'])}", comment["url"]
    if kind == WebhookEventKind.CHANGELOG_PUBLISHED:
        entry = event.get("entry") or {}
        title, url = entry.get("title", "A changelog entry"), entry.get("url")
        return f"Published: *{_link(url, title) if url else _escape(title)}*", url
    if kind == TEST_EVENT_KIND:
        return _escape(event.get("message", "A test event from Groundswell.")), None
    return _escape(kind), None


def slack_message(event: dict) -> dict:
    """An incoming-webhook message: fallback text, a section, a button to open the idea."""
    text, url = _slack_text(event)
    blocks: list[dict] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": text}},
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": f"{_escape(event['workspace']['name'])} · Groundswell"}
            ],
        },
    ]
    if url:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {"type": "button", "text": {"type": "plain_text", "text": "Open"}, "url": url}
                ],
            }
        )
    return {"text": text, "blocks": blocks, "unfurl_links": False}
