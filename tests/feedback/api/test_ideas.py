from datetime import timedelta

from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.feedback import services
from groundswell.feedback.models import Idea, IdeaEvent, IdeaEventKind, Vote
from groundswell.feedback.queries import encode_cursor
from tests.feedback.api.conftest import assert_problem


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["title"] for row in response.json()["items"]]


def test_no_key_is_refused(anonymous_api, idea):
    assert_problem(anonymous_api.get("/api/v1/ideas"), 401)
    assert_problem(anonymous_api.get(f"/api/v1/ideas/{idea.pk}"), 401)


def test_revoked_key_is_refused(revoked_api, idea):
    assert_problem(revoked_api.get(f"/api/v1/ideas/{idea.pk}"), 401)
    response = revoked_api.patch(f"/api/v1/ideas/{idea.pk}", {"title": "X"}, "application/json")
    assert_problem(response, 401)
    idea.refresh_from_db()
    assert idea.title == "Dark mode"


def test_list_includes_private_boards_and_never_other_workspaces(
    api, idea, private_idea, other_workspace
):
    assert sorted(titles(api.get("/api/v1/ideas"))) == ["Dark mode", "Secret pricing change"]


def test_other_workspace_sees_none_of_acmes_ideas(globex_api, idea, private_idea, board):
    assert titles(globex_api.get("/api/v1/ideas")) == ["Globex private plan"]
    assert titles(globex_api.get("/api/v1/ideas?q=dark")) == []
    assert_problem(globex_api.get(f"/api/v1/ideas/{idea.pk}"), 404)
    assert_problem(globex_api.get(f"/api/v1/ideas?board={board.pk}"), 404)


def test_get_idea(api, idea):
    response = api.get(f"/api/v1/ideas/{idea.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Dark mode"
    assert "<strong>dark</strong>" in body["body_html"]
    assert body["author"] == {"email": "carol@customer.example", "name": "Carol"}
    assert body["status"]["slug"] == "open"
    assert body["board"]["slug"] == "feature-requests"
    assert (body["vote_count"], body["comment_count"], body["tags"]) == (1, 0, [])


def test_filters_by_board_status_tag_and_search(api, workspace, board, private_board, alice):
    bug = services.create_tag(workspace, "Bug")
    exports = services.create_idea(board, alice, "CSV exports", "Spreadsheets", tags=[bug])
    planned = workspace.statuses.get(slug="planned")
    services.change_status(exports, planned, alice)
    services.create_idea(board, alice, "Calendar sync", "Google calendar")
    services.create_idea(private_board, alice, "Pricing page", "")

    assert sorted(titles(api.get(f"/api/v1/ideas?board={board.pk}"))) == [
        "CSV exports",
        "Calendar sync",
    ]
    assert titles(api.get("/api/v1/ideas?status=planned")) == ["CSV exports"]
    assert titles(api.get("/api/v1/ideas?tag=bug")) == ["CSV exports"]
    assert titles(api.get("/api/v1/ideas?q=calend")) == ["Calendar sync"]
    assert titles(api.get("/api/v1/ideas?status=no-such-status")) == []


def test_sorts_and_pages_with_a_cursor(api, board, alice, bob, carol):
    old = services.create_idea(board, alice, "Old and loved", vote_for_it=False)
    Idea.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=60))
    for voter in (alice, bob, carol):
        services.add_vote(old, voter)
    services.create_idea(board, bob, "Middle")
    services.create_idea(board, carol, "Newest", vote_for_it=False)

    assert titles(api.get("/api/v1/ideas?sort=top")) == ["Old and loved", "Middle", "Newest"]
    assert titles(api.get("/api/v1/ideas?sort=new")) == ["Newest", "Middle", "Old and loved"]
    assert titles(api.get("/api/v1/ideas?sort=trending")) == ["Old and loved", "Middle"]

    first = api.get("/api/v1/ideas?sort=new&limit=2").json()
    assert [row["title"] for row in first["items"]] == ["Newest", "Middle"]
    rest = api.get(f"/api/v1/ideas?sort=new&limit=2&cursor={first['next_cursor']}").json()
    assert [row["title"] for row in rest["items"]] == ["Old and loved"]
    assert rest["next_cursor"] is None


def test_bad_cursor_is_a_400_problem(api, idea):
    body = assert_problem(api.get("/api/v1/ideas?cursor=bm90LWpzb24"), 400)
    assert body["code"] == "bad_cursor"
    assert_problem(api.get("/api/v1/ideas?sort=new&cursor=eyJ0IjogIngiLCAiaWQiOiAxfQ"), 400)
    # A well-formed cursor with absurd values is no error either.
    too_big = encode_cursor({"v": 10**30, "id": 10**30})
    assert api.get(f"/api/v1/ideas?cursor={too_big}").status_code == 200


def test_bad_filters_are_invalid_input(api, idea):
    assert_problem(api.get("/api/v1/ideas?sort=best"), 422)
    assert_problem(api.get("/api/v1/ideas?limit=1000"), 422)
    assert_problem(api.get("/api/v1/ideas?status=a%00b"), 422)


def test_create_idea_for_a_new_person(api, workspace, board):
    bug = services.create_tag(workspace, "Bug")
    response = api.post(
        "/api/v1/ideas",
        {
            "board_id": board.pk,
            "title": " Offline mode ",
            "body": "When the *train* goes into a tunnel.",
            "author_email": " Dana@Customer.Example ",
            "author_name": "Dana",
            "tags": ["bug"],
        },
        "application/json",
    )
    assert response.status_code == 201, response.content
    idea = Idea.objects.get(pk=response.json()["id"])
    dana = User.objects.get(email="dana@customer.example")
    assert (idea.workspace, idea.board, idea.author) == (workspace, board, dana)
    assert dana.name == "Dana"
    assert idea.title == "Offline mode"
    assert list(idea.tags.all()) == [bug]
    assert idea.vote_count == 1
    assert Vote.objects.filter(idea=idea, voter=dana).exists()
    assert response.json()["tags"][0]["slug"] == "bug"


def test_create_idea_for_an_existing_person_keeps_their_account(api, board, carol):
    response = api.post(
        "/api/v1/ideas",
        {
            "board_id": board.pk,
            "title": "Keyboard shortcuts",
            "author_email": "carol@customer.example",
            "author_name": "Someone else",
            "vote_for_it": False,
        },
        "application/json",
    )
    assert response.status_code == 201
    idea = Idea.objects.get(pk=response.json()["id"])
    carol.refresh_from_db()
    assert idea.author == carol and carol.name == "Carol"
    assert idea.vote_count == 0


def test_create_idea_refuses_invalid_input(api, board):
    for payload in [
        {"board_id": board.pk, "title": "", "author_email": "a@b.example"},
        {"board_id": board.pk, "title": "x" * 201, "author_email": "a@b.example"},
        {"board_id": board.pk, "title": "Fine", "author_email": "not-an-address"},
        {"board_id": board.pk, "title": "Nul \x00 byte", "author_email": "a@b.example"},
        {"board_id": board.pk, "title": "T", "author_email": "a@b.example", "author_name": "\x00"},
        {"board_id": 0, "title": "Fine", "author_email": "a@b.example"},
    ]:
        assert_problem(api.post("/api/v1/ideas", payload, "application/json"), 422)
    assert board.ideas.count() == 0


def test_create_idea_with_unknown_tag_is_a_404(api, board):
    payload = {"board_id": board.pk, "title": "T", "author_email": "a@b.example", "tags": ["x"]}
    assert_problem(api.post("/api/v1/ideas", payload, "application/json"), 404)
    assert board.ideas.count() == 0


def test_other_workspace_cannot_post_on_acmes_board(globex_api, board):
    payload = {"board_id": board.pk, "title": "Spam", "author_email": "spam@globex.example"}
    assert_problem(globex_api.post("/api/v1/ideas", payload, "application/json"), 404)
    assert board.ideas.count() == 0


def test_update_idea_records_the_edit(api, idea, alice):
    response = api.patch(
        f"/api/v1/ideas/{idea.pk}", {"body": "A *darker* theme."}, "application/json"
    )
    assert response.status_code == 200
    idea.refresh_from_db()
    assert idea.title == "Dark mode"
    assert idea.body == "A *darker* theme."
    assert "<em>darker</em>" in idea.body_html
    event = IdeaEvent.objects.get(idea=idea, kind=IdeaEventKind.EDITED)
    assert event.actor == alice  # who created the key


def test_other_workspace_cannot_update_acmes_idea(globex_api, idea):
    response = globex_api.patch(f"/api/v1/ideas/{idea.pk}", {"title": "X"}, "application/json")
    assert_problem(response, 404)
    idea.refresh_from_db()
    assert idea.title == "Dark mode"
