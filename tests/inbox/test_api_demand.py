"""GET /api/v1/ideas/{id}/demand: people, companies and revenue for the key's team."""

from tests.conftest import client_for


def test_the_team_key_reads_demand_across_the_merge(api, demand):
    response = api.get(f"/api/v1/ideas/{demand['idea'].pk}/demand")
    assert response.status_code == 200
    body = response.json()
    assert (body["people"], body["companies"], body["people_with_company"]) == (4, 2, 3)
    assert body["mrr"] == "1200.00"
    assert [c["name"] for c in body["by_company"]] == ["Initech", "Hooli"]
    assert {s["label"]: s["people"] for s in body["segments"]} == {"Enterprise": 2, "SMB": 1}


def test_a_merged_idea_answers_for_the_idea_it_was_merged_into(api, demand):
    body = api.get(f"/api/v1/ideas/{demand['night'].pk}/demand").json()
    assert body["idea_id"] == demand["idea"].pk
    assert body["companies"] == 2


def test_another_workspaces_key_gets_a_404(globex_api, demand):
    response = globex_api.get(f"/api/v1/ideas/{demand['idea'].pk}/demand")
    assert response.status_code == 404
    assert "Initech" not in response.content.decode()


def test_no_key_is_refused(anonymous_api, demand):
    response = anonymous_api.get(f"/api/v1/ideas/{demand['idea'].pk}/demand")
    assert response.status_code == 401


def test_a_signed_in_customer_without_a_key_is_refused(carol, demand):
    response = client_for(carol).get(f"/api/v1/ideas/{demand['idea'].pk}/demand")
    assert response.status_code == 401
    assert "Initech" not in response.content.decode()


def test_bad_ids_are_problems_not_errors(api, demand):
    assert api.get("/api/v1/ideas/0/demand").status_code == 422
    assert api.get("/api/v1/ideas/99999999/demand").status_code == 404
