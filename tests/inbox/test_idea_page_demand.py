"""The idea page shows the team who wants the idea: people, companies, revenue.
Company names and revenue are confidential: customers, outsiders, visitors and
another workspace's team never see them."""

import pytest

from tests.conftest import client_for

CONFIDENTIAL = ("Who wants it", "Initech", "Hooli", "1,000.00", "1,200.00", "Enterprise", "MRR")


def _page(client, idea):
    return client.get(f"/acme/ideas/{idea.pk}/")


def test_the_team_sees_people_companies_and_revenue(bob_client, demand):
    response = _page(bob_client, demand["idea"])
    assert response.status_code == 200
    result = response.context["customer_demand"]
    assert (result.people, result.companies) == (4, 2)
    content = response.content.decode()
    for text in CONFIDENTIAL:
        assert text in content, text
    assert f"/acme/manage/companies/{demand['initech'].pk}/" in content


@pytest.mark.parametrize("who", ["carol_client", "charlie_client", "client"])
def test_customers_outsiders_and_visitors_never_see_companies_or_revenue(request, who, demand):
    response = _page(request.getfixturevalue(who), demand["idea"])
    assert response.status_code == 200
    assert response.context["customer_demand"] is None
    content = response.content.decode()
    for text in CONFIDENTIAL:
        assert text not in content, text
    assert "Dark mode" in content


def test_another_workspaces_team_never_sees_acmes_companies(other_workspace, charlie, demand):
    response = _page(client_for(charlie), demand["idea"])
    assert "Initech" not in response.content.decode()
    assert client_for(charlie).get("/acme/manage/companies/").status_code == 403
