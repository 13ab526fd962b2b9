"""publish_entry: ships linked ideas through change_status, notifies once, is idempotent."""

import pytest

from groundswell.changelog import services
from groundswell.changelog.errors import IdeaFromAnotherWorkspace, NoShippedStatus
from groundswell.changelog.models import ChangelogEmail, ChangelogEntry
from groundswell.feedback import services as feedback
from groundswell.feedback.models import Idea, IdeaEvent, IdeaEventKind, Status, StatusMeaning
from groundswell.notifications.models import Channel, Delivery, Event
from groundswell.notifications.services import deliver_once


def shipped(workspace) -> Status:
    return Status.objects.get(workspace=workspace, meaning=StatusMeaning.SHIPPED)


def test_publishing_marks_linked_ideas_shipped_with_a_message_naming_the_entry(
    entry, voted_idea, alice, workspace
):
    assert services.publish_entry(entry, alice) is True
    entry.refresh_from_db()
    voted_idea.refresh_from_db()
    assert entry.published_at is not None
    assert voted_idea.status == shipped(workspace)
    event = IdeaEvent.objects.get(idea=voted_idea, kind=IdeaEventKind.STATUS_CHANGED)
    assert event.actor == alice
    assert "Dark mode is here" in event.message


def test_the_shipping_notification_links_to_the_entry_and_goes_out_once(
    entry, voted_idea, alice, dave, carol, mailoutbox
):
    services.publish_entry(entry, alice)
    event = Event.objects.get(idea=voted_idea)
    url = services.entry_url(entry)
    assert event.payload["link"] == url and url.endswith(f"/acme/changelog/{entry.pk}/")
    assert deliver_once() == 2  # Carol (author) and Dave (voter); Alice acted
    assert deliver_once() == 0
    assert services.publish_entry(entry, alice) is False
    assert deliver_once() == 0
    assert sorted(m.to[0] for m in mailoutbox) == [carol.email, dave.email]
    for message in mailoutbox:
        assert url in message.body
        assert url in message.alternatives[0].content
        assert "Dark mode is here" in message.body
    in_app = Delivery.objects.get(person=dave, channel=Channel.IN_APP)
    assert in_app.event.payload["link"] == url


def test_the_notification_centre_links_to_the_entry(entry, alice, dave, client):
    services.publish_entry(entry, alice)
    deliver_once()
    client.force_login(dave)
    page = client.get("/notifications/").content.decode()
    assert services.entry_url(entry) in page


def test_publishing_twice_changes_nothing_the_second_time(entry, voted_idea, alice, subscribers):
    services.publish_entry(entry, alice)
    first = ChangelogEntry.objects.get(pk=entry.pk).published_at
    counts = (IdeaEvent.objects.count(), Event.objects.count(), ChangelogEmail.objects.count())
    assert services.publish_entry(ChangelogEntry.objects.get(pk=entry.pk), alice) is False
    assert ChangelogEntry.objects.get(pk=entry.pk).published_at == first
    assert (
        IdeaEvent.objects.count(),
        Event.objects.count(),
        ChangelogEmail.objects.count(),
    ) == counts


def test_already_shipped_and_merged_ideas_are_left_alone(entry, board, voted_idea, alice, carol):
    done = feedback.create_idea(board, carol, "Export to CSV")
    feedback.change_status(done, shipped(entry.workspace), alice)
    duplicate = feedback.create_idea(board, carol, "Night theme")
    feedback.merge_ideas(duplicate, voted_idea, alice)
    services.set_entry_ideas(entry, [voted_idea, done, duplicate])
    before = IdeaEvent.objects.filter(kind=IdeaEventKind.STATUS_CHANGED).count()
    services.publish_entry(entry, alice)
    changed = IdeaEvent.objects.filter(kind=IdeaEventKind.STATUS_CHANGED)
    assert changed.count() == before + 1
    assert changed.latest("pk").idea_id == voted_idea.pk
    assert Idea.objects.get(pk=duplicate.pk).status.meaning == StatusMeaning.OPEN


def test_an_idea_of_another_workspace_is_refused(entry, other_workspace):
    globex_idea = Idea.objects.get(workspace=other_workspace)
    with pytest.raises(IdeaFromAnotherWorkspace):
        services.set_entry_ideas(entry, [globex_idea])
    assert list(entry.ideas.all()) != [globex_idea]
    assert not entry.ideas.filter(pk=globex_idea.pk).exists()


def test_without_a_shipped_status_nothing_is_published(entry, voted_idea, alice, subscribers):
    Status.objects.filter(meaning=StatusMeaning.SHIPPED).delete()
    with pytest.raises(NoShippedStatus):
        services.publish_entry(entry, alice)
    entry.refresh_from_db()
    assert entry.published_at is None
    assert not ChangelogEmail.objects.exists()
    assert not Event.objects.exists()


def test_publishing_queues_one_email_per_active_subscriber(entry, alice, subscribers):
    services.publish_entry(entry, alice)
    rows = ChangelogEmail.objects.filter(entry=entry)
    assert sorted(rows.values_list("subscriber__email", flat=True)) == [
        "sam@reader.example",
        "tess@reader.example",
    ]


def test_editing_renders_and_sanitizes_markdown_like_idea_bodies(entry):
    services.update_entry(entry, "Dark mode", "**bold** <script>alert(1)</script>", ["fixed"])
    entry.refresh_from_db()
    assert "<strong>bold</strong>" in entry.body_html
    assert "<script>" not in entry.body_html
    assert entry.labels == ["fixed"]


def test_labels_keep_a_fixed_order_and_ignore_unknown_values(workspace, alice):
    entry = services.create_entry(workspace, alice, "Many", "", ["fixed", "bogus", "new", "new"])
    assert entry.labels == ["new", "fixed"]
    assert entry.label_names == ["New", "Fixed"]


def test_deleting_an_entry_keeps_its_ideas_shipped(entry, voted_idea, alice):
    services.publish_entry(entry, alice)
    services.delete_entry(entry)
    assert not ChangelogEntry.objects.exists()
    voted_idea.refresh_from_db()
    assert voted_idea.status.meaning == StatusMeaning.SHIPPED
