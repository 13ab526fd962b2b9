"""People behind Carol's "Dark mode" idea, and a duplicate merged into it.

Dave voted, Erin commented, Frank follows, Gina voted for the duplicate (which
Dave also voted for). Alice, on the team, changes the status: she is the actor.
"""

import pytest

from groundswell.accounts.models import User
from groundswell.feedback import services as feedback
from groundswell.feedback.models import Status
from groundswell.notifications.models import Event
from tests.conftest import PASSWORD


def person(name: str) -> User:
    return User.objects.create_user(f"{name.lower()}@customer.example", PASSWORD, name=name)


@pytest.fixture
def dave(db) -> User:
    return person("Dave")


@pytest.fixture
def erin(db) -> User:
    return person("Erin")


@pytest.fixture
def frank(db) -> User:
    return person("Frank")


@pytest.fixture
def gina(db) -> User:
    return person("Gina")


@pytest.fixture
def crowd(board, idea, alice, carol, dave, erin, frank, gina):
    feedback.add_vote(idea, dave)
    feedback.add_comment(idea, erin, "Yes please, my eyes hurt.")
    feedback.add_comment(idea, alice, "We are looking at it.")
    feedback.follow_idea(idea, frank)
    duplicate = feedback.create_idea(board, dave, "Night theme", "Darker colours at night.")
    feedback.add_vote(duplicate, gina)
    feedback.merge_ideas(duplicate, idea, alice)
    # The crowd gathered before the test begins: its comments are old news.
    Event.objects.all().delete()
    return idea


def status(workspace, meaning: str) -> Status:
    return Status.objects.filter(workspace=workspace, meaning=meaning).first()
