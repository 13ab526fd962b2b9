"""The team inbox at /<workspace>/manage/inbox/: new items with the duplicate engine's
best matches, and the actions on them. Outsiders are refused."""

import pytest
from django.urls import reverse

from groundswell.feedback import services as feedback
from groundswell.feedback.models import Idea, Vote, VoteSource
from groundswell.inbox import services
from groundswell.inbox.models import Channel, ItemStatus

URL = "/acme/manage/inbox/"


def test_the_team_sees_new_items_with_matches(bob_client, item, idea, board, carol):
    feedback.create_idea(board, carol, "Export reports to CSV", "Spreadsheets")
    response = bob_client.get(URL)
    assert response.status_code == 200
    entries = response.context["entries"]
    assert [entry.item for entry in entries] == [item]
    assert entries[0].matches[0].idea == idea
    assert len(entries[0].matches) <= 3
    content = response.content.decode()
    assert "My eyes hurt at night." in content
    assert "Initech" in content
    assert "Email" in content
    assert "Dark mode" in content
    assert "Keyboard shortcuts" in content


def test_newest_items_come_first_and_handled_ones_leave(workspace, item, bob_client, bob):
    newer = services.receive_feedback(workspace, "Newer", Channel.CHAT, "dan@x.example")
    archived = services.receive_feedback(workspace, "Old news", Channel.CHAT, "dan@x.example")
    services.archive_item(archived, bob)
    entries = bob_client.get(URL).context["entries"]
    assert [entry.item for entry in entries] == [newer, item]


def test_other_workspaces_items_are_never_listed(bob_client, item, globex_item):
    response = bob_client.get(URL)
    assert b"Globex secret feedback" not in response.content


@pytest.mark.parametrize("who", ["carol_client", "charlie_client"])
def test_people_off_the_team_are_refused(request, who, item):
    response = request.getfixturevalue(who).get(URL)
    assert response.status_code == 403


def test_anonymous_is_sent_to_sign_in(client, item):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response["Location"] or "login" in response["Location"]


def test_link_button_counts_the_vote_on_behalf(workspace, idea, bob_client, bob):
    item = services.receive_feedback(workspace, "Dark!", Channel.EMAIL, "dan@x.example")
    response = bob_client.post(f"{URL}{item.pk}/link/", {"idea": idea.pk})
    assert response.status_code == 302
    vote = Vote.objects.get(idea=idea, voter=item.person)
    assert (vote.source, vote.cast_by) == (VoteSource.ON_BEHALF, bob)
    item.refresh_from_db()
    assert item.status == ItemStatus.LINKED


def test_link_with_htmx_removes_the_item(item, idea, bob_client):
    response = bob_client.post(
        f"{URL}{item.pk}/link/", {"idea": idea.pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.content == b""


def test_new_idea_button(item, board, bob_client, carol):
    response = bob_client.post(
        f"{URL}{item.pk}/new-idea/", {"board": board.pk, "title": "Dark mode at night"}
    )
    assert response.status_code == 302
    idea = Idea.objects.get(title="Dark mode at night")
    assert idea.author == carol
    item.refresh_from_db()
    assert item.idea == idea


def test_archive_and_archive_selected(workspace, item, bob_client):
    other = services.receive_feedback(workspace, "Meh", Channel.OTHER, "dan@x.example")
    third = services.receive_feedback(workspace, "Keep", Channel.OTHER, "dan@x.example")
    assert bob_client.post(f"{URL}{item.pk}/archive/").status_code == 302
    response = bob_client.post(f"{URL}selected/archive/", {"item": [str(other.pk), "junk"]})
    assert response.status_code == 302
    statuses = dict(workspace.feedback_items.values_list("pk", "status"))
    assert statuses == {
        item.pk: ItemStatus.ARCHIVED,
        other.pk: ItemStatus.ARCHIVED,
        third.pk: ItemStatus.NEW,
    }


def test_other_workspaces_items_are_404(bob_client, globex_item, idea):
    for action, data in [("link", {"idea": idea.pk}), ("archive", {}), ("new-idea", {})]:
        response = bob_client.post(f"{URL}{globex_item.pk}/{action}/", data)
        assert response.status_code == 404, action
    bob_client.post(f"{URL}selected/archive/", {"item": [globex_item.pk]})
    globex_item.refresh_from_db()
    assert globex_item.status == ItemStatus.NEW


def test_linking_to_another_workspaces_idea_is_404(item, other_workspace, bob_client):
    theirs = other_workspace.ideas.get()
    response = bob_client.post(f"{URL}{item.pk}/link/", {"idea": theirs.pk})
    assert response.status_code == 404
    assert not Vote.objects.filter(idea=theirs).exclude(voter=theirs.author).exists()


@pytest.mark.parametrize("who", ["carol_client", "charlie_client"])
def test_outsiders_cannot_act(request, who, item, idea):
    client = request.getfixturevalue(who)
    assert client.post(f"{URL}{item.pk}/archive/").status_code == 403
    assert client.post(f"{URL}{item.pk}/link/", {"idea": idea.pk}).status_code == 403
    item.refresh_from_db()
    assert item.status == ItemStatus.NEW
