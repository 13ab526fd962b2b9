"""archive_item takes an item out of the inbox without linking it."""

from groundswell.inbox import services
from groundswell.inbox.models import Channel, ItemStatus


def test_archiving_an_item(item, bob):
    assert services.archive_item(item, bob) is True
    item.refresh_from_db()
    assert item.status == ItemStatus.ARCHIVED
    assert item.archived_by == bob
    assert item.idea is None


def test_archiving_twice_changes_nothing(item, bob, alice):
    services.archive_item(item, bob)
    assert services.archive_item(item, alice) is False
    item.refresh_from_db()
    assert item.archived_by == bob


def test_archiving_several(workspace, item, bob):
    other = services.receive_feedback(workspace, "Meh", Channel.OTHER, "dan@x.example")
    assert services.archive_items([item, other], bob) == 2
    assert {i.status for i in workspace.feedback_items.all()} == {ItemStatus.ARCHIVED}
