"""inbox.services.update_company: plan, MRR and segment, counted in demand at once."""

from decimal import Decimal

from groundswell.inbox import queries, services


def test_new_mrr_shows_in_demand(demand):
    services.update_company(demand["hooli"], plan=" Pro ", mrr=Decimal("500"), segment="SMB")
    demand["hooli"].refresh_from_db()
    assert (demand["hooli"].plan, demand["hooli"].mrr) == ("Pro", Decimal("500.00"))
    assert queries.idea_demand(demand["idea"]).mrr == Decimal("1500.00")


def test_unknown_mrr_counts_as_nothing(demand):
    services.update_company(demand["initech"], plan="", mrr=None, segment="")
    result = queries.idea_demand(demand["idea"])
    assert result.mrr == Decimal("200.00")
    assert {share.label for share in result.segments} == {"SMB", "None set"}
