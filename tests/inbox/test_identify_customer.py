"""identify_customer: what a vouching channel (the widget's identify token) says about a
person and their company lands on their customer profile and company, per workspace."""

from decimal import Decimal

from groundswell.accounts.models import User
from groundswell.inbox.models import Company, CustomerProfile
from groundswell.inbox.services import CompanyDetails, identify_customer


def test_creates_the_person_their_company_and_its_attributes(workspace):
    profile = identify_customer(
        workspace,
        "Dana@Initech.example",
        "Dana",
        CompanyDetails("Initech", "enterprise", Decimal("1200.50"), "Enterprise", {"seats": 40}),
        {"role": "admin"},
    )
    person = User.objects.get(email="dana@initech.example")
    assert profile.person == person and person.name == "Dana"
    company = Company.objects.get(workspace=workspace, name="Initech")
    assert (company.plan, company.mrr, company.segment) == (
        "enterprise",
        Decimal("1200.50"),
        "Enterprise",
    )
    assert company.attributes == {"seats": 40}
    profile.refresh_from_db()
    assert profile.company == company and profile.attributes == {"role": "admin"}


def test_updates_what_is_given_and_keeps_the_rest(workspace):
    identify_customer(
        workspace,
        "dana@initech.example",
        company=CompanyDetails(
            "Initech", "pro", Decimal("100"), "SMB", {"seats": 5, "region": "EU"}
        ),
        attributes={"role": "admin", "beta": True},
    )
    identify_customer(
        workspace,
        "dana@initech.example",
        company=CompanyDetails("initech", mrr=Decimal("900"), attributes={"seats": 12}),
        attributes={"role": "owner"},
    )
    company = Company.objects.get(workspace=workspace)
    assert (company.name, company.plan, company.mrr, company.segment) == (
        "Initech",
        "pro",
        Decimal("900.00"),
        "SMB",
    )
    assert company.attributes == {"seats": 12, "region": "EU"}
    profile = CustomerProfile.objects.get(workspace=workspace)
    assert profile.attributes == {"role": "owner", "beta": True}


def test_moves_the_person_to_their_new_company(workspace):
    identify_customer(workspace, "dana@initech.example", company=CompanyDetails("Initech"))
    identify_customer(workspace, "dana@initech.example", company=CompanyDetails("Globochem"))
    profile = CustomerProfile.objects.select_related("company").get(workspace=workspace)
    assert profile.company.name == "Globochem"
    assert Company.objects.filter(workspace=workspace).count() == 2


def test_leaves_an_existing_accounts_name_alone(workspace, carol):
    identify_customer(workspace, carol.email, "Someone Else")
    carol.refresh_from_db()
    assert carol.name == "Carol"


def test_each_workspace_keeps_its_own_company_record(workspace, other_workspace):
    identify_customer(workspace, "dana@initech.example", company=CompanyDetails("Initech", "pro"))
    identify_customer(
        other_workspace, "dana@initech.example", company=CompanyDetails("Initech", "free")
    )
    plans = dict(Company.objects.values_list("workspace__slug", "plan"))
    assert plans == {"acme": "pro", "globex": "free"}
    assert CustomerProfile.objects.filter(person__email="dana@initech.example").count() == 2
