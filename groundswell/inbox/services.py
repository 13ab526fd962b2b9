"""Every write to the inbox: receiving feedback, linking it to ideas, archiving it.

Views, the API and (later) the importers call these functions; nothing else
writes these models. Each function owns its transaction. A link counts the
person's vote through feedback.services.add_vote, so demand is counted in one place.
Services trust their arguments: permission checks happen at the edge.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.accounts.services import person_for_email
from groundswell.feedback import services as feedback
from groundswell.feedback.errors import VotingClosed, WrongWorkspace
from groundswell.feedback.models import Board, Idea, VoteSource
from groundswell.inbox.errors import AlreadyArchived
from groundswell.inbox.models import Company, CustomerProfile, FeedbackItem, ItemStatus
from groundswell.workspaces.models import Workspace


def _company(workspace: Workspace, name: str) -> Company | None:
    name = name.strip()
    if not name:
        return None
    company = Company.objects.filter(workspace=workspace, name__iexact=name).first()
    return company or Company.objects.create(workspace=workspace, name=name)


def receive_feedback(
    workspace: Workspace,
    text: str,
    channel: str,
    email: str,
    name: str = "",
    company_name: str = "",
    source_url: str = "",
    received_at: datetime | None = None,
    external_id: str = "",
) -> FeedbackItem:
    """Put what a person said into the inbox, word for word.

    The person is found by email or created without a password; a company name
    files them under that company (created if new) from now on. An item that
    carries the source's own id is stored once: receiving it again (a retried
    webhook, an import run twice) returns the item already stored.
    """
    if external_id:
        existing = FeedbackItem.objects.filter(
            workspace=workspace, channel=channel, external_id=external_id
        ).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            person = person_for_email(email, name)
            profile, _ = CustomerProfile.objects.get_or_create(workspace=workspace, person=person)
            company = _company(workspace, company_name)
            if company is not None and profile.company_id != company.pk:
                profile.company = company
                profile.save(update_fields=["company"])
            return FeedbackItem.objects.create(
                workspace=workspace,
                text=text,
                channel=channel,
                source_url=source_url,
                external_id=external_id,
                person=person,
                company_id=profile.company_id,
                received_at=received_at or timezone.now(),
            )
    except IntegrityError:
        if not external_id:
            raise
        # The same source id arrived twice at once; the other request stored it.
        return FeedbackItem.objects.get(
            workspace=workspace, channel=channel, external_id=external_id
        )


def link_item_to_idea(item: FeedbackItem, idea: Idea, actor: User | None) -> bool:
    """Keep the item as evidence for the idea and count the person's vote there,
    recorded as given on their behalf by `actor`.

    Idempotent: a person counts once per idea however many of their items are
    linked, and a vote they had cast themselves stays theirs. An idea that takes
    no votes any more (shipped, closed) still gets the evidence. Linking a linked
    item again moves it; the vote it counted elsewhere stays, as votes are the
    person's. Returns whether a vote was added.
    """
    if idea.workspace_id != item.workspace_id:
        raise WrongWorkspace("Feedback can only be linked to an idea of its own workspace.")
    target = idea.merged_into if idea.merged_into_id else idea
    with transaction.atomic():
        locked = FeedbackItem.objects.select_for_update().get(pk=item.pk)
        if locked.status == ItemStatus.ARCHIVED:
            raise AlreadyArchived("This feedback was archived; it cannot be linked.")
        try:
            voted = feedback.add_vote(
                target, item.person, source=VoteSource.ON_BEHALF, cast_by=actor
            )
        except VotingClosed:
            voted = False
        now = timezone.now()
        FeedbackItem.objects.filter(pk=item.pk).update(
            idea=target, status=ItemStatus.LINKED, linked_by=actor, linked_at=now
        )
    item.idea, item.status, item.linked_by, item.linked_at = target, ItemStatus.LINKED, actor, now
    return voted


def create_idea_from_item(item: FeedbackItem, board: Board, title: str, actor: User | None) -> Idea:
    """A new idea in the person's name, with their words as its body, and the item linked.

    The person is the author and their vote is counted, as when they post it themselves.
    """
    if board.workspace_id != item.workspace_id:
        raise WrongWorkspace("The idea must go on a board of the feedback's workspace.")
    if item.status == ItemStatus.ARCHIVED:
        raise AlreadyArchived("This feedback was archived; restore it first.")
    with transaction.atomic():
        idea = feedback.create_idea(board, item.person, title, item.text)
        link_item_to_idea(item, idea, actor)
    return idea


def archive_item(item: FeedbackItem, actor: User | None) -> bool:
    """Take the item out of the inbox without linking it; returns False if it was not new."""
    now = timezone.now()
    with transaction.atomic():
        updated = FeedbackItem.objects.filter(pk=item.pk, status=ItemStatus.NEW).update(
            status=ItemStatus.ARCHIVED, archived_by=actor, archived_at=now
        )
    if updated:
        item.status, item.archived_by, item.archived_at = ItemStatus.ARCHIVED, actor, now
    return bool(updated)


def archive_items(items: Iterable[FeedbackItem], actor: User | None) -> int:
    """Archive several items, each in its own transaction; returns how many were archived."""
    return sum(archive_item(item, actor) for item in items)


@dataclass(frozen=True)
class CompanyDetails:
    """What a channel knows about a person's company; None means "not said, keep as is"."""

    name: str
    plan: str | None = None
    mrr: Decimal | None = None
    segment: str | None = None
    attributes: dict | None = None


def identify_customer(
    workspace: Workspace,
    email: str,
    name: str = "",
    company: CompanyDetails | None = None,
    attributes: dict | None = None,
) -> CustomerProfile:
    """Record who a person is, as a channel that vouches for them says (the widget's
    identify token, the API): their company and its plan, revenue and segment, and
    custom attributes. The person is found by email or created without a password.

    Attributes are merged key by key, so what other channels set survives; the
    company's plan, MRR and segment change only when given. The account's own name
    is left alone: it is the person's, not this workspace's.
    """
    with transaction.atomic():
        person = person_for_email(email, name)
        profile, _ = CustomerProfile.objects.select_for_update().get_or_create(
            workspace=workspace, person=person
        )
        if company is not None and company.name.strip():
            name = company.name.strip()
            # get_or_create: two first sign-ins from one new company must not collide.
            found, _ = Company.objects.select_for_update().get_or_create(
                workspace=workspace, name__iexact=name, defaults={"name": name}
            )
            changed = []
            for field in ("plan", "segment", "mrr"):
                value = getattr(company, field)
                if value is not None and getattr(found, field) != value:
                    setattr(found, field, value)
                    changed.append(field)
            if company.attributes:
                found.attributes = {**found.attributes, **company.attributes}
                changed.append("attributes")
            if changed:
                found.save(update_fields=changed)
            profile.company = found
        if attributes:
            profile.attributes = {**profile.attributes, **attributes}
        profile.save(update_fields=["company", "attributes"])
    return profile


# Companies -------------------------------------------------------------------


def save_company(
    workspace: Workspace,
    name: str,
    *,
    domain: str = "",
    plan: str = "",
    mrr: Decimal | None = None,
    segment: str = "",
    attributes: dict | None = None,
) -> tuple[Company, bool]:
    """Create the company, or update the one of that name (any case).

    Blank values leave what is stored; attributes are merged key by key. Returns
    the company and whether anything changed, so a repeated import writes nothing.
    """
    with transaction.atomic():
        company = (
            Company.objects.select_for_update()
            .filter(workspace=workspace, name__iexact=name.strip())
            .first()
        )
        created = company is None
        if created:
            company = Company(workspace=workspace, name=name.strip())
        before = (company.domain, company.plan, company.mrr, company.segment, company.attributes)
        company.domain = domain.strip() or company.domain
        company.plan = plan.strip() or company.plan
        company.mrr = mrr if mrr is not None else company.mrr
        company.segment = segment.strip() or company.segment
        company.attributes = {**company.attributes, **(attributes or {})}
        changed = created or before != (
            company.domain,
            company.plan,
            company.mrr,
            company.segment,
            company.attributes,
        )
        if changed:
            company.save()
    return company, changed


def file_under_company(workspace: Workspace, person: User, company_name: str) -> Company | None:
    """From now on the person belongs to this company (created if new) in this workspace."""
    with transaction.atomic():
        profile, _ = CustomerProfile.objects.get_or_create(workspace=workspace, person=person)
        company = _company(workspace, company_name)
        if company is not None and profile.company_id != company.pk:
            profile.company = company
            profile.save(update_fields=["company"])
    return company
