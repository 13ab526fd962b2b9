"""Company pages under /<ws>/manage/companies/: the list, one company, and editing
its plan, MRR and segment. The team only; another workspace's companies are a 404."""

from decimal import Decimal

import pytest

from groundswell.inbox import services
from groundswell.inbox.models import Channel, Company
from tests.conftest import client_for

LIST = "/acme/manage/companies/"


def test_the_list_shows_people_mrr_segment_plan_and_ideas_wanted(bob_client, demand):
    response = bob_client.get(LIST)
    assert response.status_code == 200
    companies = list(response.context["page"])
    assert [company.name for company in companies] == ["Initech", "Hooli"]
    initech, hooli = companies
    assert (initech.people, initech.ideas_wanted) == (2, 1)
    assert (hooli.people, hooli.ideas_wanted) == (1, 1)
    content = response.content.decode()
    assert "Enterprise" in content and "Pro" in content and "1,000.00" in content


def test_the_detail_page_shows_people_and_the_ideas_they_want(bob_client, demand):
    response = bob_client.get(f"{LIST}{demand['initech'].pk}/")
    assert response.status_code == 200
    ideas = response.context["ideas"]
    # Dan voted for Dark mode and the idea merged into it: Dark mode once, with both people.
    assert [(idea.title, idea.company_people) for idea in ideas] == [("Dark mode", 2)]
    people = {profile.person.email for profile in response.context["people"]}
    assert people == {"dan@initech.example", "erin@initech.example"}
    assert "Dark please, from dan@initech.example" in response.content.decode()


def test_the_team_edits_plan_mrr_and_segment(bob_client, demand):
    url = f"{LIST}{demand['hooli'].pk}/"
    response = bob_client.post(url, {"plan": "Enterprise", "mrr": "750.50", "segment": "Mid"})
    assert response.status_code == 302
    hooli = Company.objects.get(pk=demand["hooli"].pk)
    assert (hooli.plan, hooli.mrr, hooli.segment) == ("Enterprise", Decimal("750.50"), "Mid")


@pytest.mark.parametrize("mrr", ["-5", "lots", "1e99"])
def test_bad_revenue_is_refused_with_a_message_and_nothing_changes(bob_client, demand, mrr):
    url = f"{LIST}{demand['hooli'].pk}/"
    response = bob_client.post(url, {"plan": "Gold", "mrr": mrr, "segment": "x"})
    assert response.status_code == 400
    assert response.context["form"].errors["mrr"]
    hooli = Company.objects.get(pk=demand["hooli"].pk)
    assert (hooli.plan, hooli.mrr) == ("Basic", Decimal("200.00"))


def test_names_are_escaped(bob_client, workspace):
    services.receive_feedback(
        workspace, "Hi", Channel.EMAIL, "x@evil.example", company_name="<script>bad()</script>"
    )
    content = bob_client.get(LIST).content.decode()
    assert "<script>bad()" not in content
    assert "&lt;script&gt;bad()" in content


@pytest.mark.parametrize("who", ["carol_client", "charlie_client"])
def test_people_off_the_team_are_refused(request, who, demand):
    client = request.getfixturevalue(who)
    url = f"{LIST}{demand['hooli'].pk}/"
    assert client.get(LIST).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(url, {"plan": "Free", "mrr": "0", "segment": ""}).status_code == 403
    assert Company.objects.get(pk=demand["hooli"].pk).plan == "Basic"


def test_anonymous_is_sent_to_sign_in(client, demand):
    assert client.get(LIST).status_code == 302
    response = client.post(f"{LIST}{demand['hooli'].pk}/", {"plan": "Free"})
    assert response.status_code == 302
    assert Company.objects.get(pk=demand["hooli"].pk).plan == "Basic"


def test_another_workspaces_companies_are_not_found(other_workspace, charlie, demand):
    globex = client_for(charlie)
    assert globex.get("/globex/manage/companies/").context["page"].object_list == []
    url = f"/globex/manage/companies/{demand['hooli'].pk}/"
    assert globex.get(url).status_code == 404
    assert globex.post(url, {"plan": "Free", "mrr": "1", "segment": ""}).status_code == 404
    assert Company.objects.get(pk=demand["hooli"].pk).plan == "Basic"
