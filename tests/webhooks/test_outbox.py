"""Events are written as deliveries in the transaction of the change that caused them."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from groundswell.feedback import services as feedback
from groundswell.feedback.models import Status
from groundswell.webhooks import services
from groundswell.webhooks.models import (
    EndpointKind,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEventKind,
)
from tests.webhooks.conftest import ALL_EVENTS


def kinds() -> list[str]:
    return list(WebhookDelivery.objects.order_by("pk").values_list("kind", flat=True))


def test_each_feedback_change_queues_its_event(endpoint, board, idea, alice, bob, carol):
    WebhookDelivery.objects.all().delete()
    feedback.create_idea(board, bob, "Export to CSV")
    feedback.add_vote(idea, bob)
    feedback.add_comment(idea, bob, "Please!")
    planned = Status.objects.get(workspace=idea.workspace, meaning="planned")
    feedback.change_status(idea, planned, alice, "Next month.")
    duplicate = feedback.create_idea(board, carol, "Night mode", vote_for_it=False)
    feedback.merge_ideas(duplicate, idea, alice)

    assert kinds() == [
        WebhookEventKind.IDEA_CREATED,
        WebhookEventKind.VOTE_ADDED,
        WebhookEventKind.COMMENT_ADDED,
        WebhookEventKind.STATUS_CHANGED,
        WebhookEventKind.IDEA_CREATED,
        WebhookEventKind.IDEA_MERGED,
    ]
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {
        WebhookDeliveryStatus.PENDING
    }


def test_a_rolled_back_change_queues_nothing(endpoint, idea, bob):
    WebhookDelivery.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        feedback.add_vote(idea, bob)
        assert kinds() == [WebhookEventKind.VOTE_ADDED]  # written inside the transaction
        raise RuntimeError("the request failed after the vote")
    assert kinds() == []
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_a_vote_already_cast_queues_nothing(endpoint, idea, carol):
    WebhookDelivery.objects.all().delete()
    assert feedback.add_vote(idea, carol) is False
    assert kinds() == []


def test_only_subscribed_active_endpoints_of_the_workspace_get_rows(
    endpoint, workspace, other_workspace, alice, charlie, idea, bob, receiver
):
    votes_only = services.create_endpoint(
        workspace,
        url=receiver.url,
        kind=EndpointKind.SLACK,
        events=["vote.added"],
        created_by=alice,
    )
    services.create_endpoint(
        workspace, url=receiver.url, kind=EndpointKind.GENERIC, events=ALL_EVENTS,
        created_by=alice, is_active=False,
    )  # fmt: skip
    services.create_endpoint(
        other_workspace, url=receiver.url, kind=EndpointKind.GENERIC, events=ALL_EVENTS,
        created_by=charlie,
    )  # fmt: skip
    WebhookDelivery.objects.all().delete()

    feedback.add_comment(idea, bob, "Me too")
    feedback.add_vote(idea, bob)

    rows = WebhookDelivery.objects.order_by("pk")
    assert [(row.endpoint_id, row.kind) for row in rows] == [
        (endpoint.pk, "comment.added"),
        (endpoint.pk, "vote.added"),
        (votes_only.pk, "vote.added"),
    ]
    # One event, two endpoints: one event id, which receivers use to deduplicate.
    assert rows[1].event_id == rows[2].event_id


def test_internal_comments_are_not_sent(endpoint, idea, alice):
    WebhookDelivery.objects.all().delete()
    feedback.add_comment(idea, alice, "Internal: costs a lot", is_internal=True)
    assert kinds() == []


def _webhook_queries(queries) -> list[str]:
    return [query["sql"] for query in queries if "webhooks_" in query["sql"]]


@pytest.mark.parametrize("endpoint_events", [None, ["idea.created"]])
def test_a_vote_nobody_listens_to_costs_one_small_query(
    endpoint_events, workspace, alice, idea, bob, carol, receiver, settings
):
    """Votes are the hot path: with no subscribed endpoint, one indexed lookup, no rows."""
    if endpoint_events:
        settings.WEBHOOKS_ALLOW_PRIVATE = True
        services.create_endpoint(
            workspace, url=receiver.url, kind=EndpointKind.GENERIC, events=endpoint_events,
            created_by=alice,
        )  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        feedback.add_vote(idea, bob)
    webhook_sql = _webhook_queries(captured.captured_queries)
    assert len(webhook_sql) == 1
    assert webhook_sql[0].lstrip().upper().startswith("SELECT")
    assert WebhookDelivery.objects.count() == 0


def test_record_webhook_event_takes_a_plain_payload(endpoint, workspace):
    """How another app (the changelog) reports its own events."""
    rows = services.record_webhook_event(
        workspace,
        WebhookEventKind.CHANGELOG_PUBLISHED,
        {"idea": None, "actor": None, "entry": {"title": "March release", "url": "https://x/1"}},
    )
    assert len(rows) == 1
    payload = WebhookDelivery.objects.get().payload
    assert payload["kind"] == "changelog.published"
    assert payload["workspace"] == {"slug": "acme", "name": "Acme"}
    assert payload["entry"]["title"] == "March release"


def test_publishing_a_changelog_entry_queues_its_event_once(endpoint, idea, alice):
    from groundswell.changelog import services as changelog

    entry = changelog.create_entry(idea.workspace, alice, "Dark mode is here", "Enjoy.", ["new"])
    changelog.set_entry_ideas(entry, [idea])
    WebhookDelivery.objects.all().delete()
    assert changelog.publish_entry(entry, alice) is True
    assert changelog.publish_entry(entry, alice) is False
    published = WebhookDelivery.objects.get(kind=WebhookEventKind.CHANGELOG_PUBLISHED)
    assert published.payload["entry"]["title"] == "Dark mode is here"
    assert published.payload["entry"]["idea_ids"] == [idea.pk]
    assert published.payload["entry"]["url"].endswith(f"/acme/changelog/{entry.pk}/")
    assert kinds().count(WebhookEventKind.STATUS_CHANGED) == 1  # the idea shipped
