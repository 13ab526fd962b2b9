"""link_item_to_idea counts the person's vote on their behalf and keeps the item as evidence."""

import pytest

from groundswell.feedback import services as feedback
from groundswell.feedback.errors import WrongWorkspace
from groundswell.feedback.models import StatusMeaning, Vote, VoteSource
from groundswell.inbox import services
from groundswell.inbox.errors import AlreadyArchived
from groundswell.inbox.models import Channel, ItemStatus


@pytest.fixture
def dan_item(workspace):
    return services.receive_feedback(workspace, "Dark please", Channel.EMAIL, "dan@x.example")


def test_linking_counts_one_vote_on_behalf(dan_item, idea, bob):
    assert services.link_item_to_idea(dan_item, idea, bob) is True
    vote = Vote.objects.get(idea=idea, voter=dan_item.person)
    assert vote.source == VoteSource.ON_BEHALF
    assert vote.cast_by == bob
    idea.refresh_from_db()
    assert idea.vote_count == 2  # Carol's own vote and Dan's
    dan_item.refresh_from_db()
    assert dan_item.status == ItemStatus.LINKED
    assert dan_item.idea == idea
    assert dan_item.linked_by == bob
    assert dan_item.linked_at is not None


def test_linking_twice_does_not_double_count(dan_item, idea, bob, alice):
    services.link_item_to_idea(dan_item, idea, bob)
    assert services.link_item_to_idea(dan_item, idea, alice) is False
    idea.refresh_from_db()
    assert idea.vote_count == 2
    assert Vote.objects.filter(idea=idea, voter=dan_item.person).count() == 1


def test_linking_to_an_idea_the_person_voted_for_keeps_their_vote(item, idea, bob, carol):
    assert services.link_item_to_idea(item, idea, bob) is False
    vote = Vote.objects.get(idea=idea, voter=carol)
    assert vote.source == VoteSource.PORTAL
    assert vote.cast_by is None
    idea.refresh_from_db()
    assert idea.vote_count == 1
    item.refresh_from_db()
    assert item.idea == idea


def test_two_items_from_one_person_count_once(workspace, dan_item, idea, bob):
    another = services.receive_feedback(workspace, "Again", Channel.CHAT, "dan@x.example")
    services.link_item_to_idea(dan_item, idea, bob)
    services.link_item_to_idea(another, idea, bob)
    idea.refresh_from_db()
    assert idea.vote_count == 2
    assert list(idea.evidence.order_by("pk")) == [dan_item, another]


def test_linking_to_a_merged_idea_links_the_survivor(board, dan_item, idea, alice, bob):
    duplicate = feedback.create_idea(board, alice, "Night theme")
    feedback.merge_ideas(duplicate, idea, alice)
    duplicate.refresh_from_db()
    services.link_item_to_idea(dan_item, duplicate, bob)
    dan_item.refresh_from_db()
    idea.refresh_from_db()
    assert dan_item.idea == idea
    assert idea.vote_count == 3


def test_a_closed_idea_gets_the_evidence_without_a_vote(workspace, dan_item, idea, alice, bob):
    closed = workspace.statuses.get(meaning=StatusMeaning.CLOSED)
    feedback.change_status(idea, closed, alice)
    assert services.link_item_to_idea(dan_item, idea, bob) is False
    dan_item.refresh_from_db()
    assert dan_item.idea == idea
    assert not Vote.objects.filter(idea=idea, voter=dan_item.person).exists()


def test_an_idea_of_another_workspace_is_refused(dan_item, other_workspace, bob):
    theirs = other_workspace.ideas.get()
    with pytest.raises(WrongWorkspace):
        services.link_item_to_idea(dan_item, theirs, bob)
    assert not Vote.objects.filter(idea=theirs, voter=dan_item.person).exists()


def test_an_archived_item_cannot_be_linked(dan_item, idea, bob):
    services.archive_item(dan_item, bob)
    with pytest.raises(AlreadyArchived):
        services.link_item_to_idea(dan_item, idea, bob)
    idea.refresh_from_db()
    assert idea.vote_count == 1
