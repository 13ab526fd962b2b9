"""/api/v1/feedback-items: send feedback in, list it, link it to an idea."""

import pytest

from groundswell.feedback.models import Vote, VoteSource
from groundswell.inbox.models import FeedbackItem, ItemStatus
from tests.feedback.api.conftest import assert_problem

URL = "/api/v1/feedback-items"


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_no_key_is_401(anonymous_api, item):
    assert_problem(anonymous_api.get(URL), 401)
    assert_problem(post(anonymous_api, URL, {"text": "x", "email": "a@b.example"}), 401)


def test_create_keeps_the_words_and_files_the_company(api, workspace):
    words = "  Bulk edit, please!\nWe have 400 seats.  "
    response = post(
        api,
        URL,
        {
            "text": words,
            "channel": "chat",
            "email": "Dan@Initech.example",
            "name": "Dan",
            "company": "Initech",
            "source_url": "https://chat.example/c/1",
            "received_at": "2026-01-02T03:04:05Z",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["text"] == words
    assert body["channel"] == "chat"
    assert body["person"] == {"email": "dan@initech.example", "name": "Dan"}
    assert body["company"]["name"] == "Initech"
    assert body["status"] == "new"
    assert body["received_at"].startswith("2026-01-02T03:04:05")
    item = FeedbackItem.objects.get(pk=body["id"])
    assert item.workspace == workspace and item.text == words


def test_sending_the_same_external_id_twice_stores_one_item(api, workspace):
    body = {"text": "Dark mode", "email": "dan@initech.example", "external_id": "zd-4411"}
    first = post(api, URL, body)
    second = post(api, URL, body)
    assert first.status_code == 201 and second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["external_id"] == "zd-4411"
    assert FeedbackItem.objects.filter(workspace=workspace).count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"text": "x", "email": "a@b.example", "external_id": "e" * 256},
        {"text": "x", "email": "not an email"},
        {"text": "   ", "email": "a@b.example"},
        {"text": "x" * 20_001, "email": "a@b.example"},
        {"text": "x", "email": "a@b.example", "channel": "pigeon"},
        {"text": "x", "email": "a@b.example", "source_url": "javascript:alert(1)"},
        {"text": "x", "email": "a@b.example", "company": "c" * 201},
        {"email": "a@b.example"},
    ],
)
def test_invalid_input_is_422(api, body):
    assert_problem(post(api, URL, body), 422)
    assert not FeedbackItem.objects.exists()


def test_list_filters_by_status_and_pages(api, workspace, item, globex_item, bob):
    from groundswell.inbox import services

    archived = services.receive_feedback(workspace, "Old", "email", "dan@x.example")
    services.archive_item(archived, bob)
    body = api.get(URL).json()
    assert body["count"] == 2
    assert [i["id"] for i in body["items"]] == [archived.pk, item.pk]
    body = api.get(URL, {"status": "new"}).json()
    assert [i["id"] for i in body["items"]] == [item.pk]
    body = api.get(URL, {"limit": 1, "offset": 1}).json()
    assert [i["id"] for i in body["items"]] == [item.pk]
    assert_problem(api.get(URL, {"status": "nope"}), 422)


def test_other_workspace_never_lists_ours(globex_api, item, globex_item):
    body = globex_api.get(URL).json()
    assert [i["id"] for i in body["items"]] == [globex_item.pk]


def test_link_counts_the_vote_on_behalf_of_the_key_creator(api, workspace, idea, alice):
    created = post(api, URL, {"text": "Dark!", "email": "dan@x.example"}).json()
    response = post(api, f"{URL}/{created['id']}/link", {"idea_id": idea.pk})
    assert response.status_code == 200, response.content
    assert response.json()["vote_added"] is True
    assert response.json()["item"]["status"] == ItemStatus.LINKED
    assert response.json()["item"]["idea"]["id"] == idea.pk
    vote = Vote.objects.get(idea=idea, voter__email="dan@x.example")
    assert (vote.source, vote.cast_by) == (VoteSource.ON_BEHALF, alice)
    again = post(api, f"{URL}/{created['id']}/link", {"idea_id": idea.pk}).json()
    assert again["vote_added"] is False
    idea.refresh_from_db()
    assert idea.vote_count == 2


def test_other_workspace_gets_404(globex_api, api, item, idea, other_workspace):
    assert_problem(post(globex_api, f"{URL}/{item.pk}/link", {"idea_id": idea.pk}), 404)
    theirs = other_workspace.ideas.get()
    assert_problem(post(api, f"{URL}/{item.pk}/link", {"idea_id": theirs.pk}), 404)
    item.refresh_from_db()
    assert item.status == ItemStatus.NEW


def test_linking_an_archived_item_is_409(api, item, idea, bob):
    from groundswell.inbox import services

    services.archive_item(item, bob)
    body = assert_problem(post(api, f"{URL}/{item.pk}/link", {"idea_id": idea.pk}), 409)
    assert body["code"] == "already_archived"
