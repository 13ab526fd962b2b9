"""Inbox data: Carol's email lands in Acme's inbox; Globex has feedback of its own
that Acme must never see."""

import pytest

from groundswell.inbox import services
from groundswell.inbox.models import Channel
from groundswell.workspaces.services import create_api_key
from tests.feedback.api.conftest import api_client


@pytest.fixture
def item(workspace, carol):
    return services.receive_feedback(
        workspace,
        "Please add a dark mode.\nMy eyes hurt at night.",
        Channel.EMAIL,
        carol.email,
        company_name="Initech",
    )


@pytest.fixture
def globex_item(other_workspace):
    return services.receive_feedback(
        other_workspace, "Globex secret feedback", Channel.CHAT, "wile@globex.example"
    )


@pytest.fixture
def api(workspace, alice):
    _, secret = create_api_key(workspace, "Support desk", alice)
    return api_client(secret)


@pytest.fixture
def globex_api(other_workspace, charlie):
    _, secret = create_api_key(other_workspace, "Globex", charlie)
    return api_client(secret)


@pytest.fixture
def anonymous_api(db):
    return api_client(None)
