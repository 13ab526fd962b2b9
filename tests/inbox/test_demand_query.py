"""inbox.queries.idea_demand: people, companies and revenue behind an idea, counted
across its merged cluster, each person once and each company (with its MRR) once."""

from decimal import Decimal

from groundswell.feedback import services as feedback
from groundswell.inbox import queries, services
from groundswell.inbox.models import Channel, Company, CustomerProfile
from groundswell.inbox.queries import CompanyScope


def test_people_and_companies_count_once_across_a_merge(demand):
    result = queries.idea_demand(demand["idea"])
    # Carol (author, no company), Dan (voted twice), Erin (merged idea's author), Frank.
    assert result.people == 4
    assert result.people_with_company == 3
    assert result.companies == 2
    assert result.mrr == Decimal("1200.00")
    by_company = {row.company.name: row.people for row in result.top_companies}
    assert by_company == {"Initech": 2, "Hooli": 1}
    assert [row.company.name for row in result.top_companies] == ["Initech", "Hooli"]


def test_breakdown_by_segment_and_plan(demand):
    result = queries.idea_demand(demand["idea"])
    segments = {(s.label, s.companies, s.people, s.mrr) for s in result.segments}
    assert segments == {("Enterprise", 1, 2, Decimal("1000")), ("SMB", 1, 1, Decimal("200"))}
    assert [plan.label for plan in result.plans] == ["Pro", "Basic"]


def test_a_company_with_two_voters_counts_its_mrr_once(workspace, board, demand):
    solo = feedback.create_idea(board, demand["dan"], "Keyboard shortcuts")
    feedback.add_vote(solo, demand["erin"])
    result = queries.idea_demand(solo)
    assert (result.people, result.companies, result.mrr) == (2, 1, Decimal("1000.00"))


def test_the_merged_idea_counts_nothing_on_its_own_page_of_the_board(workspace, demand):
    totals = queries.demand_by_idea(workspace, [demand["idea"]])
    assert totals[demand["idea"].pk].companies == 2
    assert totals[demand["idea"].pk].mrr == Decimal("1200.00")
    assert totals[demand["idea"].pk].people == 3
    assert demand["night"].pk not in totals


def test_unmerge_takes_the_demand_back(workspace, demand, bob):
    feedback.unmerge_idea(demand["night"], bob)
    result = queries.idea_demand(demand["idea"])
    # Erin voted only for the merged idea; Dan still voted for both.
    assert (result.people, result.companies, result.mrr) == (3, 2, Decimal("1200.00"))
    night = queries.idea_demand(demand["night"])
    assert (night.people, night.companies, night.mrr) == (2, 1, Decimal("1000.00"))


def test_a_profile_in_another_workspace_does_not_count_here(
    workspace, other_workspace, demand, carol
):
    """Carol is a Globex customer at a rich company; for Acme she has no company."""
    services.receive_feedback(workspace, "Hello", Channel.EMAIL, carol.email)
    services.receive_feedback(
        other_workspace, "Hi", Channel.EMAIL, carol.email, company_name="Megacorp"
    )
    megacorp = Company.objects.get(workspace=other_workspace)
    services.update_company(megacorp, plan="Max", mrr=Decimal("99999"), segment="Enterprise")
    assert CustomerProfile.objects.filter(person=carol).count() == 2
    result = queries.idea_demand(demand["idea"])
    assert result.companies == 2
    assert result.mrr == Decimal("1200.00")
    assert queries.demand_by_idea(workspace, [demand["idea"]])[demand["idea"].pk].companies == 2


def test_scope_counts_only_the_companies_asked_for(workspace, demand):
    enterprise = queries.demand_by_idea(
        workspace, [demand["idea"]], CompanyScope(segment="enterprise")
    )
    totals = enterprise[demand["idea"].pk]
    assert (totals.people, totals.companies, totals.mrr) == (2, 1, Decimal("1000.00"))
    hooli = queries.demand_by_idea(
        workspace, [demand["idea"]], CompanyScope(company_id=demand["hooli"].pk)
    )
    assert hooli[demand["idea"].pk].mrr == Decimal("200.00")


def test_an_idea_without_votes_has_no_demand(workspace, board, alice):
    lonely = feedback.create_idea(board, alice, "Lonely idea", vote_for_it=False)
    result = queries.idea_demand(lonely)
    assert (result.people, result.companies, result.mrr) == (0, 0, Decimal("0.00"))
    assert result.segments == [] and result.top_companies == []
