"""The maintained company rollup behind each idea (inbox.models.DemandRollup) always
equals what the votes say: after votes, unvotes, merges, unmerges, MRR changes and
people moving company. The team board's revenue sort reads it."""

from decimal import Decimal

from groundswell.feedback import services as feedback
from groundswell.feedback.models import Idea
from groundswell.inbox import queries, services
from groundswell.inbox.models import Channel, DemandRollup


def rollups(workspace) -> dict[int, tuple]:
    return {
        row.idea_id: (row.people, row.companies, row.mrr)
        for row in DemandRollup.objects.filter(workspace=workspace)
    }


def from_votes(workspace) -> dict[int, tuple]:
    survivors = list(
        Idea.objects.filter(workspace=workspace, merged_into__isnull=True).values_list(
            "pk", flat=True
        )
    )
    totals = queries.cluster_totals(workspace.pk, survivors)
    return {pk: (t.people, t.companies, t.mrr) for pk, t in totals.items()}


def test_the_rollup_counts_the_merged_cluster(workspace, demand):
    assert rollups(workspace) == {demand["idea"].pk: (3, 2, Decimal("1200.00"))}
    assert rollups(workspace) == from_votes(workspace)


def test_a_vote_and_an_unvote_move_the_rollup(workspace, board, alice, demand):
    export = feedback.create_idea(board, alice, "Export", vote_for_it=False)
    feedback.add_vote(export, demand["frank"])
    assert rollups(workspace)[export.pk] == (1, 1, Decimal("200.00"))
    feedback.remove_vote(export, demand["frank"])
    assert export.pk not in rollups(workspace)
    feedback.remove_vote(demand["idea"], demand["dan"])  # his vote on the merged idea too
    assert rollups(workspace)[demand["idea"].pk] == (2, 2, Decimal("1200.00"))
    assert rollups(workspace) == from_votes(workspace)


def test_a_vote_without_a_company_changes_nothing(workspace, board, alice, carol, demand):
    before = rollups(workspace)
    other = feedback.create_idea(board, alice, "Other", vote_for_it=False)
    feedback.add_vote(other, carol)
    assert rollups(workspace) == before


def test_merge_and_unmerge_move_the_rollup(workspace, board, alice, bob, demand):
    export = feedback.create_idea(board, alice, "Export", vote_for_it=False)
    feedback.add_vote(export, demand["frank"])
    feedback.merge_ideas(demand["idea"], export, bob)
    assert rollups(workspace) == {export.pk: (3, 2, Decimal("1200.00"))}
    feedback.unmerge_idea(demand["idea"], bob)
    assert rollups(workspace) == from_votes(workspace)
    assert set(rollups(workspace)) == {demand["idea"].pk, export.pk}


def test_an_mrr_change_reaches_every_idea_the_company_wants(workspace, board, alice, demand):
    export = feedback.create_idea(board, alice, "Export", vote_for_it=False)
    feedback.add_vote(export, demand["erin"])
    services.update_company(demand["initech"], plan="Pro", mrr=Decimal("3000"), segment="X")
    assert rollups(workspace)[export.pk][2] == Decimal("3000.00")
    assert rollups(workspace)[demand["idea"].pk][2] == Decimal("3200.00")


def test_a_person_moving_company_moves_their_demand(workspace, demand):
    services.receive_feedback(
        workspace, "I moved", Channel.EMAIL, "frank@hooli.example", company_name="Initech"
    )
    assert rollups(workspace)[demand["idea"].pk] == (3, 1, Decimal("1000.00"))
    assert rollups(workspace) == from_votes(workspace)


def test_linking_feedback_counts_its_company(workspace, board, alice, demand, bob):
    export = feedback.create_idea(board, alice, "Export", vote_for_it=False)
    item = services.receive_feedback(
        workspace, "Export please", Channel.EMAIL, "gina@hooli.example", company_name="Hooli"
    )
    services.link_item_to_idea(item, export, bob)
    assert rollups(workspace)[export.pk] == (1, 1, Decimal("200.00"))


def test_the_workspace_rollup_can_be_rebuilt(workspace, other_workspace, demand):
    DemandRollup.objects.filter(workspace=workspace).update(mrr=1, companies=9)
    assert services.refresh_workspace_demand(workspace) == 1
    assert rollups(workspace) == from_votes(workspace)


def test_a_refresh_in_small_chunks_gives_the_same_rollup(
    workspace, board, alice, demand, monkeypatch
):
    for number in range(3):
        extra = feedback.create_idea(board, alice, f"Extra {number}", vote_for_it=False)
        feedback.add_vote(extra, demand["erin"])
    expected = from_votes(workspace)
    monkeypatch.setattr(services, "REFRESH_CHUNK", 1)
    DemandRollup.objects.all().delete()
    assert services.refresh_workspace_demand(workspace) == 4
    assert rollups(workspace) == expected


def test_the_command_rebuilds_a_workspace(workspace, demand):
    from io import StringIO

    import pytest
    from django.core.management import CommandError, call_command

    DemandRollup.objects.all().delete()
    out = StringIO()
    call_command("refresh_demand", "acme", stdout=out)
    assert "1 ideas have company demand" in out.getvalue()
    assert rollups(workspace) == from_votes(workspace)
    with pytest.raises(CommandError, match="No workspace"):
        call_command("refresh_demand", "nope")


def test_identify_moving_a_person_and_setting_mrr_reaches_the_rollup(workspace, demand):
    services.identify_customer(
        workspace,
        "frank@hooli.example",
        company=services.CompanyDetails(name="Initech", mrr=Decimal("1500")),
    )
    assert rollups(workspace)[demand["idea"].pk] == (3, 1, Decimal("1500.00"))
    assert rollups(workspace) == from_votes(workspace)


def test_an_imported_mrr_reaches_the_rollup(workspace, demand):
    services.save_company(workspace, "hooli", mrr=Decimal("700"))
    assert rollups(workspace)[demand["idea"].pk] == (3, 2, Decimal("1700.00"))
    assert rollups(workspace) == from_votes(workspace)


def test_filing_a_person_under_a_company_moves_their_demand(workspace, demand):
    services.file_under_company(workspace, demand["frank"], "Initech")
    assert rollups(workspace)[demand["idea"].pk] == (3, 1, Decimal("1000.00"))
