from groundswell.accounts.models import User
from groundswell.feedback import services
from groundswell.feedback.models import Vote, VoteSource
from tests.feedback.api.conftest import assert_problem


def url(idea) -> str:
    return f"/api/v1/ideas/{idea.pk}/votes"


def vote(client, idea, email: str, **fields):
    return client.post(url(idea), {"email": email, **fields}, "application/json")


def test_no_key_is_refused(anonymous_api, idea):
    assert_problem(anonymous_api.get(url(idea)), 401)
    assert_problem(vote(anonymous_api, idea, "dana@customer.example"), 401)
    assert not User.objects.filter(email="dana@customer.example").exists()


def test_revoked_key_is_refused(revoked_api, idea, carol):
    assert_problem(vote(revoked_api, idea, "dana@customer.example"), 401)
    response = revoked_api.delete(f"{url(idea)}?email=carol@customer.example")
    assert_problem(response, 401)
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_list_voters_newest_first(api, idea, bob):
    services.add_vote(idea, bob, source=VoteSource.API)
    response = api.get(url(idea))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["voter"]["email"] for row in body["items"]] == [
        "bob@acme.example",
        "carol@customer.example",
    ]
    assert body["items"][0]["source"] == "api"
    assert api.get(f"{url(idea)}?limit=1&offset=1").json()["items"][0]["voter"]["name"] == "Carol"


def test_vote_on_behalf_of_a_new_person(api, idea, alice):
    response = vote(api, idea, "Dana@Customer.example", name="Dana")
    assert response.status_code == 201
    assert response.json() == {"created": True, "vote_count": 2}
    dana = User.objects.get(email="dana@customer.example")
    vote_row = Vote.objects.get(idea=idea, voter=dana)
    assert (vote_row.source, vote_row.cast_by) == (VoteSource.ON_BEHALF, alice)
    idea.refresh_from_db()
    assert idea.vote_count == 2


def test_vote_from_an_integration_has_no_caster(api, idea, bob):
    response = vote(api, idea, "bob@acme.example", source="api")
    assert response.status_code == 201
    vote_row = Vote.objects.get(idea=idea, voter=bob)
    assert (vote_row.source, vote_row.cast_by) == (VoteSource.API, None)


def test_voting_twice_is_idempotent(api, idea, carol):
    first = vote(api, idea, "dana@customer.example")
    second = vote(api, idea, "dana@customer.example")
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json() == {"created": False, "vote_count": 2}
    # Carol's own vote, counted when she posted the idea, is not doubled either.
    assert vote(api, idea, "carol@customer.example").json()["created"] is False
    idea.refresh_from_db()
    assert idea.vote_count == 2
    assert Vote.objects.filter(idea=idea).count() == 2


def test_voting_on_a_shipped_idea_is_a_conflict(api, idea, workspace, alice):
    services.change_status(idea, workspace.statuses.get(slug="shipped"), alice)
    body = assert_problem(vote(api, idea, "dana@customer.example"), 409)
    assert body["code"] == "voting_closed"
    assert "no longer take votes" in body["detail"]
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_remove_vote_is_idempotent(api, idea, carol):
    first = api.delete(f"{url(idea)}?email=carol@customer.example")
    assert first.json() == {"removed": True, "vote_count": 0}
    second = api.delete(f"{url(idea)}?email=carol@customer.example")
    assert second.status_code == 200
    assert second.json() == {"removed": False, "vote_count": 0}
    idea.refresh_from_db()
    assert idea.vote_count == 0
    assert not Vote.objects.filter(idea=idea).exists()


def test_removing_an_unknown_persons_vote_creates_no_account(api, idea):
    response = api.delete(f"{url(idea)}?email=nobody@customer.example")
    assert response.json() == {"removed": False, "vote_count": 1}
    assert not User.objects.filter(email="nobody@customer.example").exists()


def test_invalid_email_is_invalid_input(api, idea):
    body = assert_problem(vote(api, idea, "nobody"), 422)
    assert body["errors"][0]["loc"][-1] == "email"
    assert_problem(api.delete(f"{url(idea)}?email=nobody"), 422)


def test_other_workspace_can_neither_see_nor_vote(globex_api, idea, carol):
    assert_problem(globex_api.get(url(idea)), 404)
    assert_problem(vote(globex_api, idea, "charlie@elsewhere.example"), 404)
    assert_problem(globex_api.delete(f"{url(idea)}?email=carol@customer.example"), 404)
    idea.refresh_from_db()
    assert idea.vote_count == 1
    assert list(Vote.objects.filter(idea=idea).values_list("voter__email", flat=True)) == [
        "carol@customer.example"
    ]


def test_a_vote_for_a_merged_idea_reports_the_count_it_adds_to(api, board, idea, alice):
    survivor = services.create_idea(board, alice, "Night theme")
    services.merge_ideas(idea, survivor, alice)
    response = vote(api, idea, "dana@customer.example")
    assert response.json() == {"created": True, "vote_count": 3}
    response = api.delete(f"{url(idea)}?email=dana@customer.example")
    assert response.json() == {"removed": True, "vote_count": 2}
    idea.refresh_from_db()
    survivor.refresh_from_db()
    assert (idea.vote_count, survivor.vote_count) == (0, 2)
