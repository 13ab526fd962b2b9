"""REST API for the key's workspace inbox: send feedback in, list it, link it to ideas.

Handlers parse input with a Schema, look objects up only inside request.workspace
(anything else is a 404) and write through inbox.services. Errors become problem
details in groundswell/api.py.
"""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja import Status as WithStatus
from pydantic import AfterValidator, StringConstraints

from groundswell.feedback.api import (
    MAX_ID,
    Email,
    Id,
    IdeaId,
    PageQuery,
    PersonName,
    PersonOut,
    _storable,
    text,
)
from groundswell.feedback.models import Idea
from groundswell.inbox import queries, services
from groundswell.inbox.attributes import BadAttributes, check_attributes
from groundswell.inbox.models import Channel, FeedbackItem, ItemStatus
from groundswell.workspaces.api import responses

router = Router(tags=["feedback inbox"])

ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description="The feedback item's id.")]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("The feedback has no words.")
    return value


def _web_address(value: str) -> str:
    if value and not value.lower().startswith(("https://", "http://")):
        raise ValueError("Give an http:// or https:// address.")
    return value


FeedbackText = Annotated[text(20_000), AfterValidator(_not_blank)]
CompanyName = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_storable)
]
ExternalId = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=255), AfterValidator(_storable)
]
SourceUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=2000, pattern=r"^\S*$"),
    AfterValidator(_web_address),
]


class FeedbackItemIn(Schema):
    text: FeedbackText = Field(description="The person's own words; kept verbatim.")
    channel: Channel = Channel.API
    email: Email = Field(description="Who gave the feedback.")
    name: PersonName = Field("", description="Used only when the person is new.")
    company: CompanyName = Field("", description="The person's company, created if new.")
    source_url: SourceUrl = Field("", description="Where the feedback was given, if online.")
    received_at: datetime | None = Field(None, description="When it was given; now if left out.")
    external_id: ExternalId = Field(
        "",
        description="Your own id for this feedback; sending the same id twice stores one item.",
    )


class CompanyRef(Schema):
    id: int
    name: str


class IdeaRef(Schema):
    id: int
    title: str


class FeedbackItemOut(Schema):
    id: int
    text: str
    channel: Channel
    source_url: str
    external_id: str
    person: PersonOut
    company: CompanyRef | None
    received_at: datetime
    status: ItemStatus
    idea: IdeaRef | None
    linked_at: datetime | None


class FeedbackItemPageOut(Schema):
    items: list[FeedbackItemOut]
    count: int


class ItemFilters(PageQuery):
    status: ItemStatus | None = Field(None, description="Only items with this status.")


class LinkIn(Schema):
    idea_id: Id


class LinkOut(Schema):
    vote_added: bool = Field(description="False when the person's vote was already counted.")
    item: FeedbackItemOut


def _item(request: HttpRequest, item_id: int) -> FeedbackItem:
    item = queries.item_or_none(request.workspace, item_id)
    if item is None:
        raise Http404("No such feedback item.")
    return item


@router.post(
    "/feedback-items",
    response=responses({201: FeedbackItemOut}),
    summary="Send feedback into the inbox",
)
def create_item(request: HttpRequest, payload: FeedbackItemIn):
    item = services.receive_feedback(
        request.workspace,
        payload.text,
        payload.channel,
        payload.email,
        name=payload.name,
        company_name=payload.company,
        source_url=payload.source_url,
        received_at=payload.received_at,
        external_id=payload.external_id,
    )
    return WithStatus(201, _item(request, item.pk))


@router.get(
    "/feedback-items",
    response=responses({200: FeedbackItemPageOut}),
    summary="List feedback items, newest first",
)
def list_items(request: HttpRequest, filters: Query[ItemFilters]):
    rows = queries.workspace_items(request.workspace, filters.status)
    return {
        "items": list(rows[filters.offset : filters.offset + filters.limit]),
        "count": rows.count(),
    }


@router.post(
    "/feedback-items/{item_id}/link",
    response=responses({200: LinkOut}, 404, 409),
    summary="Link feedback to an idea, counting the person's vote on their behalf",
    description="Idempotent: linking again never counts the person twice.",
)
def link_item(request: HttpRequest, item_id: ItemId, payload: LinkIn):
    item = _item(request, item_id)
    idea = Idea.objects.filter(workspace=request.workspace, pk=payload.idea_id).first()
    if idea is None:
        raise Http404("No such idea.")
    voted = services.link_item_to_idea(item, idea, request.api_key.created_by)
    return {"vote_added": voted, "item": _item(request, item_id)}


class DemandShareOut(Schema):
    label: str = Field(description="The segment or plan; “None set” for companies without one.")
    people: int
    companies: int
    mrr: Decimal


class CompanyDemandOut(Schema):
    id: int
    name: str
    segment: str
    plan: str
    mrr: Decimal | None
    people: int = Field(description="Its people who want the idea.")


class IdeaDemandOut(Schema):
    idea_id: int = Field(description="The idea counted: the one it was merged into, if merged.")
    people: int = Field(description="Distinct people across the idea and the ideas merged in.")
    people_with_company: int
    companies: int = Field(description="Distinct companies of those people.")
    mrr: Decimal = Field(description="Monthly revenue of those companies, each counted once.")
    segments: list[DemandShareOut]
    plans: list[DemandShareOut]
    by_company: list[CompanyDemandOut]


@router.get(
    "/ideas/{idea_id}/demand",
    response=responses({200: IdeaDemandOut}, 404),
    summary="People, companies and revenue behind an idea",
    tags=["ideas"],
    description="Counted across the idea and every idea merged into it; each person and "
    "each company (with its MRR) once. Confidential to the team that owns the key.",
)
def idea_demand(request: HttpRequest, idea_id: IdeaId):
    idea = Idea.objects.filter(workspace=request.workspace, pk=idea_id).first()
    if idea is None:
        raise Http404("No such idea.")
    if idea.merged_into_id:
        idea = Idea.objects.get(pk=idea.merged_into_id)
    demand = queries.idea_demand(idea)
    return {
        "idea_id": idea.pk,
        "people": demand.people,
        "people_with_company": demand.people_with_company,
        "companies": demand.companies,
        "mrr": demand.mrr,
        "segments": demand.segments,
        "plans": demand.plans,
        "by_company": [
            {
                "id": row.company.pk,
                "name": row.company.name,
                "segment": row.company.segment,
                "plan": row.company.plan,
                "mrr": row.company.mrr,
                "people": row.people,
            }
            for row in demand.top_companies
        ],
    }


# Companies and the people behind the feedback -------------------------------------


def _storable_attributes(value: dict | None) -> dict | None:
    if value is None:
        return None
    try:
        return check_attributes(value)
    except BadAttributes as error:
        raise ValueError(f"Attributes {error}.") from error


Attributes = Annotated[dict[str, Any] | None, AfterValidator(_storable_attributes)]
Revenue = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
RequiredCompanyName = Annotated[CompanyName, StringConstraints(min_length=1)]
CompanyText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=100), AfterValidator(_storable)
]
CompanyDomain = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=253), AfterValidator(_storable)
]


class CompanyIn(Schema):
    name: RequiredCompanyName = Field(description="Matched without regard to case.")
    domain: CompanyDomain = ""
    plan: CompanyText = ""
    mrr: Revenue | None = Field(None, description="Monthly revenue.")
    segment: CompanyText = ""
    attributes: Attributes = Field(None, description="Merged key by key into what is stored.")


class CompanyOut(Schema):
    id: int
    name: str
    domain: str
    plan: str
    mrr: Decimal | None
    segment: str
    attributes: dict[str, Any]
    people: int = Field(description="People of this company known to the workspace.")


class CompanyPageOut(Schema):
    items: list[CompanyOut]
    count: int


@router.get(
    "/companies",
    response=responses({200: CompanyPageOut}),
    summary="List companies, most revenue first",
    tags=["customers"],
)
def list_companies(request: HttpRequest, page: Query[PageQuery]):
    rows = queries.workspace_companies(request.workspace)
    return {"items": list(rows[page.offset : page.offset + page.limit]), "count": rows.count()}


@router.post(
    "/companies",
    response=responses({200: CompanyOut, 201: CompanyOut}),
    summary="Create a company, or update the one of that name",
    tags=["customers"],
    description="Blank or missing fields leave what is stored. A new MRR is counted at "
    "once in the revenue behind every idea the company's people want.",
)
def save_company(request: HttpRequest, payload: CompanyIn):
    existed = request.workspace.companies.filter(name__iexact=payload.name).exists()
    company, _ = services.save_company(
        request.workspace,
        payload.name,
        domain=payload.domain,
        plan=payload.plan,
        mrr=payload.mrr,
        segment=payload.segment,
        attributes=payload.attributes,
    )
    return WithStatus(
        200 if existed else 201, queries.company_or_none(request.workspace, company.pk)
    )


class CustomerCompanyIn(Schema):
    name: RequiredCompanyName
    plan: CompanyText | None = None
    mrr: Revenue | None = None
    segment: CompanyText | None = None
    attributes: Attributes = None


class CustomerIn(Schema):
    email: Email
    name: PersonName = Field("", description="Used only when the person is new.")
    company: CustomerCompanyIn | None = Field(
        None, description="Files the person under this company (created if new)."
    )
    attributes: Attributes = Field(None, description="Merged key by key into what is stored.")


class CustomerOut(Schema):
    person: PersonOut
    company: CompanyRef | None
    attributes: dict[str, Any]


@router.post(
    "/customers",
    response=responses({200: CustomerOut}),
    summary="Say who a customer is: their company, its plan and revenue, and attributes",
    tags=["customers"],
    description="As the widget's identify token does, for a backend or a CRM sync. "
    "The person is found by email or created without a password.",
)
def identify_customer(request: HttpRequest, payload: CustomerIn):
    company = None
    if payload.company is not None:
        company = services.CompanyDetails(
            name=payload.company.name,
            plan=payload.company.plan,
            mrr=payload.company.mrr,
            segment=payload.company.segment,
            attributes=payload.company.attributes,
        )
    profile = services.identify_customer(
        request.workspace,
        payload.email,
        name=payload.name,
        company=company,
        attributes=payload.attributes,
    )
    return {
        "person": profile.person,
        "company": profile.company,
        "attributes": profile.attributes,
    }
