"""Changelog data: Acme drafts and publishes entries that ship Carol's "Dark mode".

Dave voted for Dark mode, so he hears of its shipping; Sam and Tess confirmed
their subscription to Acme's changelog, Uma unsubscribed.
"""

import pytest
from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.changelog import services
from groundswell.changelog.models import ChangelogSubscriber
from groundswell.feedback import services as feedback
from tests.conftest import PASSWORD
from tests.notifications.test_delivery import smtp_server  # noqa: F401 - shared fixture


@pytest.fixture
def dave(db) -> User:
    return User.objects.create_user("dave@customer.example", PASSWORD, name="Dave")


@pytest.fixture
def voted_idea(idea, dave):
    feedback.add_vote(idea, dave)
    return idea


@pytest.fixture
def entry(workspace, alice, voted_idea):
    entry = services.create_entry(
        workspace, alice, "Dark mode is here", "Switch it on under **Settings**.", ["new"]
    )
    services.set_entry_ideas(entry, [voted_idea])
    return entry


@pytest.fixture
def subscribers(workspace):
    sam = ChangelogSubscriber.objects.create(workspace=workspace, email="sam@reader.example")
    tess = ChangelogSubscriber.objects.create(workspace=workspace, email="tess@reader.example")
    ChangelogSubscriber.objects.create(
        workspace=workspace, email="uma@reader.example", unsubscribed_at=timezone.now()
    )
    return [sam, tess]


@pytest.fixture
def globex_entry(other_workspace, charlie):
    entry = services.create_entry(other_workspace, charlie, "Globex secret launch", "Shh.")
    services.publish_entry(entry, charlie)
    return entry
