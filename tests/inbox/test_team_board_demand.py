"""The team board (/<ws>/manage/) sorts ideas by revenue, companies and people and
narrows them to what a segment, a plan or one company wants. The public board does not."""

from decimal import Decimal

import pytest

from groundswell.feedback import services as feedback
from groundswell.inbox import queries, services
from groundswell.inbox.models import Channel
from groundswell.inbox.queries import CompanyScope

URL = "/acme/manage/"


@pytest.fixture
def ranked(workspace, board, demand, alice):
    """Beside “Dark mode” (2 companies, 1200, 4 people): “Export” wanted by Initech only
    (1 company, 1000, 1 person) and “Crowd” with 6 people but no company."""
    export = feedback.create_idea(board, alice, "Export", vote_for_it=False)
    feedback.add_vote(export, demand["erin"])
    crowd = feedback.create_idea(board, alice, "Crowd", vote_for_it=False)
    for number in range(6):
        item = services.receive_feedback(workspace, "+1", Channel.CHAT, f"p{number}@x.example")
        feedback.add_vote(crowd, item.person)
    small = feedback.create_idea(board, alice, "Small", vote_for_it=False)
    feedback.add_vote(small, demand["frank"])
    return {"export": export, "crowd": crowd, "small": small, **demand}


def _titles(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return [idea.title for idea in response.context["page"].ideas]


def test_most_revenue_first_and_only_ideas_with_company_demand(bob_client, ranked):
    assert _titles(bob_client, sort="revenue") == ["Dark mode", "Export", "Small"]


def test_most_companies_first(bob_client, ranked):
    assert _titles(bob_client, sort="companies") == ["Dark mode", "Export", "Small"]


def test_most_people_first_counts_everyone(bob_client, ranked):
    titles = _titles(bob_client, sort="people")
    assert titles[:2] == ["Crowd", "Dark mode"]


def test_filter_by_segment_keeps_ideas_that_segment_wants(bob_client, ranked):
    assert _titles(bob_client, segment="enterprise", sort="new") == ["Export", "Dark mode"]
    assert _titles(bob_client, segment="SMB", sort="revenue") == ["Small", "Dark mode"]


def test_filter_by_plan_and_by_company(bob_client, ranked):
    assert set(_titles(bob_client, plan="Basic")) == {"Dark mode", "Small"}
    assert set(_titles(bob_client, company=ranked["initech"].pk, sort="top")) == {
        "Dark mode",
        "Export",
    }


def test_a_filtered_sort_ranks_by_that_segments_people(bob_client, ranked):
    response = bob_client.get(URL, {"segment": "Enterprise", "sort": "people"})
    ideas = response.context["page"].ideas
    assert [idea.title for idea in ideas] == ["Dark mode", "Export"]
    assert [idea.demand.people for idea in ideas] == [2, 1]
    assert ideas[0].demand.mrr == Decimal("1000.00")


def test_rows_show_people_companies_and_mrr(bob_client, ranked):
    response = bob_client.get(URL, {"sort": "new"})
    by_title = {idea.title: idea.demand for idea in response.context["page"].ideas}
    assert (by_title["Dark mode"].companies, by_title["Dark mode"].mrr) == (2, Decimal("1200"))
    assert by_title["Crowd"].companies == 0
    assert "1,200" in response.content.decode()


def test_status_filter_and_search_narrow_a_demand_sort(bob_client, ranked, workspace):
    assert _titles(bob_client, sort="revenue", q="export") == ["Export"]
    planned = workspace.statuses.get(meaning="planned")
    feedback.change_status(ranked["export"], planned, None)
    assert _titles(bob_client, sort="revenue", status=planned.slug) == ["Export"]
    assert _titles(bob_client, sort="revenue", status="open") == ["Dark mode", "Small"]


def test_demand_sorts_page_by_offset(workspace, board, alice, demand):
    ideas = []
    for number in range(25):
        extra = feedback.create_idea(board, alice, f"Wanted {number}", vote_for_it=False)
        feedback.add_vote(extra, demand["frank"])
        ideas.append(extra)
    first, more = queries.rank_by_demand(workspace, None, "revenue")
    assert more and len(first) == 20
    second, more = queries.rank_by_demand(workspace, None, "revenue", offset=20)
    assert not more
    seen = [idea.pk for idea in first + second]
    assert len(seen) == len(set(seen)) == 26


def test_more_link_continues_a_demand_sort(bob_client, workspace, board, alice, demand):
    for number in range(25):
        extra = feedback.create_idea(board, alice, f"Wanted {number}", vote_for_it=False)
        feedback.add_vote(extra, demand["frank"])
    first = bob_client.get(URL, {"sort": "revenue"})
    assert "offset=20" in first.context["more_query"]
    second = bob_client.get(f"{URL}?{first.context['more_query']}", headers={"HX-Request": "true"})
    assert len(second.context["page"].ideas) == 6


def test_rank_with_scope_matches_the_page_numbers(workspace, demand):
    ranked, _ = queries.rank_by_demand(
        workspace, None, "revenue", CompanyScope(segment="Enterprise")
    )
    assert [(idea.title, idea.demand.mrr) for idea in ranked] == [("Dark mode", Decimal("1000"))]


@pytest.mark.parametrize("who", ["carol_client", "charlie_client"])
def test_people_off_the_team_are_refused(request, who, ranked):
    response = request.getfixturevalue(who).get(URL, {"sort": "revenue"})
    assert response.status_code == 403


def test_anonymous_is_sent_to_sign_in(client, ranked):
    assert client.get(URL, {"sort": "revenue"}).status_code == 302


def test_the_public_board_offers_no_revenue_sort(client, carol_client, ranked):
    for who in (client, carol_client):
        response = who.get("/acme/boards/feature-requests/", {"sort": "revenue"})
        assert response.status_code == 200
        content = response.content.decode()
        assert "Most revenue" not in content and "1,200" not in content
        assert response.context["sort"] == "top"


def test_bad_filters_are_ignored_not_errors(bob_client, ranked):
    response = bob_client.get(URL, {"sort": "mrr", "company": "abc", "offset": "-4"})
    assert response.status_code == 200
