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


@pytest.fixture
def demand(workspace, board, idea, carol, bob):
    """Demand behind “Dark mode” from two companies, across a merge.

    Initech (enterprise, Pro, 1000/month) has Dan and Erin; Hooli (smb, Basic, 200)
    has Frank; Carol has no company. “Night theme” was merged into “Dark mode”:
    Dan voted for both (he counts once), Erin only for the merged one.
    """
    from decimal import Decimal

    from groundswell.feedback import services as feedback

    people = {}
    for email, company in [
        ("dan@initech.example", "Initech"),
        ("erin@initech.example", "Initech"),
        ("frank@hooli.example", "Hooli"),
    ]:
        item = services.receive_feedback(
            workspace, f"Dark please, from {email}", Channel.EMAIL, email, company_name=company
        )
        people[email.split("@")[0]] = item.person
    initech = item.company.__class__.objects.get(workspace=workspace, name="Initech")
    hooli = item.company.__class__.objects.get(workspace=workspace, name="Hooli")
    services.update_company(initech, plan="Pro", mrr=Decimal("1000.00"), segment="Enterprise")
    services.update_company(hooli, plan="Basic", mrr=Decimal("200.00"), segment="SMB")
    night = feedback.create_idea(board, people["erin"], "Night theme", "Dark at night")
    feedback.add_vote(idea, people["dan"])
    feedback.add_vote(night, people["dan"])
    feedback.add_vote(idea, people["frank"])
    feedback.merge_ideas(night, idea, bob)
    idea.refresh_from_db()
    return {"idea": idea, "night": night, "initech": initech, "hooli": hooli, **people}
