"""/api/v1/companies and /api/v1/customers: what a backend or a CRM sync tells the
workspace about its customers, which then weighs each idea's demand."""

from decimal import Decimal

import pytest

from groundswell.inbox.models import Company, CustomerProfile, DemandRollup
from tests.feedback.api.conftest import assert_problem

COMPANIES, CUSTOMERS = "/api/v1/companies", "/api/v1/customers"


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_no_key_is_401(anonymous_api):
    assert_problem(anonymous_api.get(COMPANIES), 401)
    assert_problem(post(anonymous_api, COMPANIES, {"name": "Initech"}), 401)
    assert_problem(post(anonymous_api, CUSTOMERS, {"email": "dan@initech.example"}), 401)
    assert not Company.objects.exists()


def test_a_company_is_created_then_updated_by_name(api, workspace):
    created = post(api, COMPANIES, {"name": "Initech", "plan": "Pro", "mrr": "1000.50"})
    assert created.status_code == 201, created.content
    updated = post(
        api, COMPANIES, {"name": "initech", "segment": "Enterprise", "attributes": {"seats": 40}}
    )
    assert updated.status_code == 200
    body = updated.json()
    assert body["id"] == created.json()["id"]
    assert (body["plan"], body["segment"], body["attributes"]) == (
        "Pro",
        "Enterprise",
        {"seats": 40},
    )
    assert Decimal(body["mrr"]) == Decimal("1000.50")
    company = Company.objects.get()
    assert company.workspace == workspace and company.mrr == Decimal("1000.50")


def test_a_new_mrr_weighs_the_ideas_its_people_want(api, workspace, demand):
    post(api, COMPANIES, {"name": "Hooli", "mrr": "500"})
    rollup = DemandRollup.objects.get(idea=demand["idea"])
    assert rollup.mrr == Decimal("1500.00")


def test_list_shows_only_this_workspaces_companies_most_revenue_first(
    api, globex_api, workspace, demand
):
    post(globex_api, COMPANIES, {"name": "Globex secret", "mrr": "99999"})
    body = api.get(COMPANIES).json()
    assert [c["name"] for c in body["items"]] == ["Initech", "Hooli"]
    assert body["count"] == 2
    assert body["items"][0]["people"] == 2
    assert "Globex secret" not in str(body)
    assert [c["name"] for c in globex_api.get(COMPANIES).json()["items"]] == ["Globex secret"]


def test_identify_files_the_customer_and_merges_attributes(api, workspace):
    first = post(
        api,
        CUSTOMERS,
        {
            "email": "Dan@Initech.example",
            "name": "Dan",
            "company": {"name": "Initech", "plan": "Pro", "mrr": 1000},
            "attributes": {"role": "admin"},
        },
    )
    assert first.status_code == 200, first.content
    second = post(api, CUSTOMERS, {"email": "dan@initech.example", "attributes": {"seats": 3}})
    body = second.json()
    assert body["person"] == {"email": "dan@initech.example", "name": "Dan"}
    assert body["company"]["name"] == "Initech"
    assert body["attributes"] == {"role": "admin", "seats": 3}
    profile = CustomerProfile.objects.select_related("company").get(workspace=workspace)
    assert profile.company.plan == "Pro" and profile.company.mrr == Decimal("1000")


def test_identify_in_another_workspace_leaves_ours_alone(api, globex_api, workspace, demand):
    post(globex_api, CUSTOMERS, {"email": "dan@initech.example", "company": {"name": "Globex"}})
    profile = CustomerProfile.objects.get(workspace=workspace, person=demand["dan"])
    assert profile.company.name == "Initech"
    assert not Company.objects.filter(workspace=workspace, name="Globex").exists()


@pytest.mark.parametrize(
    ("url", "body"),
    [
        (COMPANIES, {"name": "   "}),
        (COMPANIES, {"name": "Initech", "mrr": -1}),
        (COMPANIES, {"name": "Initech", "mrr": "1e20"}),
        (COMPANIES, {"name": "Initech", "attributes": {"notes": "x" * 5000}}),
        (COMPANIES, {"name": "Initech", "attributes": ["not", "an", "object"]}),
        (COMPANIES, {"name": "Initech", "attributes": {"note": "nul \u0000 inside"}}),
        (CUSTOMERS, {"email": "dan@initech.example", "attributes": {"a\u0000": 1}}),
        (CUSTOMERS, {"email": "dan@initech.example", "attributes": {"deep": [{"x": "\u0000"}]}}),
        (COMPANIES, {"name": "c" * 201}),
        (CUSTOMERS, {"email": "not an email"}),
        (CUSTOMERS, {"email": "dan@initech.example", "company": {"name": ""}}),
        (CUSTOMERS, {"email": "dan@initech.example", "company": {"name": "I", "mrr": "lots"}}),
    ],
)
def test_invalid_input_is_422_and_stores_nothing(api, url, body):
    assert_problem(post(api, url, body), 422)
    assert not Company.objects.exists()
    assert not CustomerProfile.objects.exists()
