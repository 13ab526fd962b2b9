"""Bulk actions in the inbox: link the selected items to one idea (each counts as that
person's vote on their behalf) and archive the selected ones."""

import pytest

from groundswell.feedback.models import Vote, VoteSource
from groundswell.inbox import services
from groundswell.inbox.models import Channel, FeedbackItem, ItemStatus

URL = "/acme/manage/inbox/selected/link/"


@pytest.fixture
def items(workspace):
    return [
        services.receive_feedback(workspace, f"Dark mode please {n}", Channel.CHAT, email)
        for n, email in enumerate(["dan@x.example", "erin@x.example", "dan@x.example"])
    ]


def test_selected_items_are_linked_and_each_person_votes_once(bob_client, bob, idea, items):
    response = bob_client.post(URL, {"item": [i.pk for i in items], "idea": idea.pk})
    assert response.status_code == 302
    for item in items:
        item.refresh_from_db()
        assert (item.status, item.idea_id, item.linked_by) == (ItemStatus.LINKED, idea.pk, bob)
    votes = Vote.objects.filter(idea=idea, source=VoteSource.ON_BEHALF)
    assert sorted(votes.values_list("voter__email", flat=True)) == [
        "dan@x.example",
        "erin@x.example",
    ]
    idea.refresh_from_db()
    assert idea.vote_count == 3  # Carol, Dan, Erin
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Linked 3 items to “Dark mode” (2 new votes)."]


def test_archived_items_are_left_alone(bob_client, bob, idea, items):
    services.archive_item(items[0], bob)
    bob_client.post(URL, {"item": [i.pk for i in items], "idea": idea.pk})
    items[0].refresh_from_db()
    assert items[0].status == ItemStatus.ARCHIVED and items[0].idea is None
    assert FeedbackItem.objects.filter(status=ItemStatus.LINKED).count() == 2


def test_linking_to_a_merged_idea_links_to_the_survivor(bob_client, bob, board, idea, items):
    from groundswell.feedback import services as feedback

    other = feedback.create_idea(board, bob, "Night theme")
    feedback.merge_ideas(other, idea, bob)
    bob_client.post(URL, {"item": [items[1].pk], "idea": other.pk})
    items[1].refresh_from_db()
    assert items[1].idea_id == idea.pk


@pytest.mark.parametrize(
    "data",
    [{"idea": "1"}, {"item": ["1"], "idea": ""}, {"item": ["1"], "idea": "x"}, {"item": ["1"]}],
)
def test_missing_selection_or_idea_is_a_message(bob_client, items, idea, data):
    response = bob_client.post(URL, data, follow=True)
    assert response.status_code == 200
    assert FeedbackItem.objects.filter(status=ItemStatus.NEW).count() == 3
    assert list(response.context["messages"])


def test_another_workspaces_items_and_ideas_are_untouched(
    bob_client, idea, items, globex_item, other_workspace
):
    globex_idea = other_workspace.ideas.get()
    bob_client.post(URL, {"item": [items[0].pk], "idea": globex_idea.pk})
    items[0].refresh_from_db()
    assert items[0].status == ItemStatus.NEW
    bob_client.post(URL, {"item": [globex_item.pk], "idea": idea.pk})
    globex_item.refresh_from_db()
    assert globex_item.status == ItemStatus.NEW


@pytest.mark.parametrize("who", ["carol_client", "charlie_client"])
def test_people_off_the_team_are_refused(request, who, idea, items):
    response = request.getfixturevalue(who).post(URL, {"item": [items[0].pk], "idea": idea.pk})
    assert response.status_code == 403
    assert FeedbackItem.objects.filter(status=ItemStatus.NEW).count() == 3


def test_anonymous_is_sent_to_sign_in(client, idea, items):
    response = client.post(URL, {"item": [items[0].pk], "idea": idea.pk})
    assert response.status_code == 302
    assert FeedbackItem.objects.filter(status=ItemStatus.NEW).count() == 3


def test_the_inbox_page_has_both_bulk_actions_in_one_form(bob_client, items):
    content = bob_client.get("/acme/manage/inbox/").content.decode()
    assert 'id="bulk"' in content
    assert 'form="bulk"' in content
    assert 'formaction="/acme/manage/inbox/selected/link/"' in content
    assert "groundswell/inbox" in content and ".js" in content
