"""create_idea_from_item posts an idea in the person's name and links the item to it."""

import pytest

from groundswell.feedback.errors import WrongWorkspace
from groundswell.feedback.models import Idea, Vote
from groundswell.inbox import services
from groundswell.inbox.models import ItemStatus


def test_creating_an_idea_from_an_item(item, board, bob, carol):
    idea = services.create_idea_from_item(item, board, "Dark mode", bob)
    idea.refresh_from_db()
    assert idea.author == carol
    assert idea.title == "Dark mode"
    assert idea.body == item.text
    assert idea.vote_count == 1
    assert Vote.objects.filter(idea=idea, voter=carol).count() == 1
    item.refresh_from_db()
    assert item.idea == idea
    assert item.status == ItemStatus.LINKED
    assert item.linked_by == bob


def test_a_board_of_another_workspace_is_refused(item, other_workspace, bob):
    with pytest.raises(WrongWorkspace):
        services.create_idea_from_item(item, other_workspace.boards.get(), "Sneaky", bob)
    assert not Idea.objects.filter(title="Sneaky").exists()
