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

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.accounts.services import person_for_email
from groundswell.feedback import services as feedback
from groundswell.feedback.errors import VotingClosed, WrongWorkspace
from groundswell.feedback.models import Board, Idea, Vote, VoteSource
from groundswell.inbox import queries
from groundswell.inbox.errors import AlreadyArchived
from groundswell.inbox.models import (
    Company,
    CustomerProfile,
    DemandRollup,
    FeedbackItem,
    ItemStatus,
)
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
            file_under_company(workspace, person, company_name)
            profile = CustomerProfile.objects.get(workspace=workspace, person=person)
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
            moved = profile.company_id != found.pk
            profile.company = found
        else:
            moved = False
        if attributes:
            profile.attributes = {**profile.attributes, **attributes}
        profile.save(update_fields=["company", "attributes"])
        if moved:
            _person_moved(profile)
        if company is not None and company.name.strip() and "mrr" in changed:
            _revenue_changed(found)
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
        if not created and before[2] != company.mrr:
            _revenue_changed(company)
    return company, changed


def file_under_company(workspace: Workspace, person: User, company_name: str) -> Company | None:
    """From now on the person belongs to this company (created if new) in this workspace;
    a blank name leaves them where they are. Their votes then count for the company."""
    with transaction.atomic():
        profile, _ = CustomerProfile.objects.get_or_create(workspace=workspace, person=person)
        company = _company(workspace, company_name)
        if company is not None and profile.company_id != company.pk:
            profile.company = company
            profile.save(update_fields=["company"])
            _person_moved(profile)
    return company


def _person_moved(profile: CustomerProfile) -> None:
    """The person's votes now count for their new company (and no longer for the last)."""
    refresh_demand(_ideas_voted_by(profile.workspace_id, Q(pk=profile.pk)))


def _revenue_changed(company: Company) -> None:
    """Recount every idea the company's people want, now and once more after commit:
    a vote committed meanwhile, which read the old MRR, is recounted by the second
    pass (votes take no lock on the company, so a vote and an MRR change never
    deadlock)."""
    wanted = Q(company_id=company.pk)
    refresh_demand(_ideas_voted_by(company.workspace_id, wanted))
    transaction.on_commit(lambda: refresh_demand(_ideas_voted_by(company.workspace_id, wanted)))


@dataclass
class BulkLinkResult:
    linked: int = 0
    votes_added: int = 0
    skipped: int = 0  # archived items, which cannot be linked


def link_items_to_idea(
    items: Iterable[FeedbackItem], idea: Idea, actor: User | None
) -> BulkLinkResult:
    """Link several items to one idea, each in its own transaction (as link_item_to_idea),
    so one archived item does not undo the others."""
    result = BulkLinkResult()
    for item in items:
        try:
            voted = link_item_to_idea(item, idea, actor)
        except AlreadyArchived:
            result.skipped += 1
            continue
        result.linked += 1
        result.votes_added += voted
    return result


def update_company(company: Company, *, plan: str, mrr: Decimal | None, segment: str) -> Company:
    """Set what the team knows about a company; its people's demand is then counted
    with the new MRR, segment and plan everywhere.

    A new MRR refreshes the rollup of every idea its people want.
    """
    plan, segment = plan.strip(), segment.strip()
    with transaction.atomic():
        before = Company.objects.values_list("mrr", flat=True).get(pk=company.pk)
        Company.objects.filter(pk=company.pk).update(plan=plan, mrr=mrr, segment=segment)
        if before != mrr:
            _revenue_changed(company)
    company.plan, company.mrr, company.segment = plan, mrr, segment
    return company


# The companies behind each idea -----------------------------------------------------

REFRESH_CHUNK = 500


def refresh_demand(idea_ids: Iterable[int]) -> None:
    """Recompute the company rollup (people, companies, MRR) of the clusters these
    ideas belong to now, and drop the rollups of ideas that no longer survive.

    Locks the surviving ideas in id order, as votes and merges do, so a concurrent
    vote or MRR change is counted by whichever refresh runs last. Many ideas (a big
    company's MRR changed) are done in chunks that keep each query's bound values
    under SQLite's limit.
    """
    ordered = sorted(set(idea_ids))
    with transaction.atomic():
        for start in range(0, len(ordered), REFRESH_CHUNK):
            _refresh_chunk(set(ordered[start : start + REFRESH_CHUNK]))


def _lock_survivors(ids: Iterable[int]) -> dict[int, set[int]]:
    """Lock the surviving ideas of these ideas in id order; their ids by workspace.

    Who survives is read before the locks are taken, so a merge or unmerge may commit
    in between (an idea unmerged meanwhile would be left out, and its rollup dropped).
    Once locked, no cluster of theirs can change: if a second read still agrees, the
    answer holds; if not, the attempt starts again, as a vote's does.
    """
    ordered = sorted(set(ids))

    def attempt() -> dict[int, set[int]]:
        by_workspace = _survivors_by_workspace(ordered)
        survivors = sorted(set().union(*by_workspace.values()))
        for start in range(0, len(survivors), REFRESH_CHUNK):
            list(
                Idea.objects.select_for_update(no_key=True)
                .filter(pk__in=survivors[start : start + REFRESH_CHUNK])
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        if _survivors_by_workspace(ordered) != by_workspace:
            raise feedback.ClustersChanged
        return by_workspace

    return feedback.until_clusters_settle(attempt)


def _survivors_by_workspace(ordered: list[int]) -> dict[int, set[int]]:
    by_workspace: dict[int, set[int]] = {}
    for start in range(0, len(ordered), REFRESH_CHUNK):
        rows = Idea.objects.filter(pk__in=ordered[start : start + REFRESH_CHUNK])
        for pk, merged_into_id, workspace_id in rows.values_list(
            "pk", "merged_into_id", "workspace_id"
        ):
            by_workspace.setdefault(workspace_id, set()).add(merged_into_id or pk)
    return by_workspace


def _refresh_chunk(ids: set[int]) -> None:
    by_workspace = _lock_survivors(ids)
    survivors = set().union(*by_workspace.values())
    rollups = [
        DemandRollup(
            idea_id=idea_id,
            workspace_id=workspace_id,
            people=total.people,
            companies=total.companies,
            mrr=total.mrr,
        )
        for workspace_id, ideas in by_workspace.items()
        for idea_id, total in queries.cluster_totals(workspace_id, sorted(ideas)).items()
    ]
    kept = {rollup.idea_id for rollup in rollups}
    DemandRollup.objects.filter(idea_id__in=(ids | survivors) - kept).delete()
    DemandRollup.objects.bulk_create(
        rollups,
        update_conflicts=True,
        unique_fields=["idea"],
        update_fields=["people", "companies", "mrr"],
    )


def refresh_workspace_demand(workspace: Workspace) -> int:
    """Rebuild every rollup of the workspace, after data arrived around the services
    (a bulk import, a restore); returns how many ideas have company demand."""
    with transaction.atomic():
        DemandRollup.objects.filter(workspace=workspace).delete()
        refresh_demand(_ideas_voted_by(workspace, Q(company__isnull=False)))
        return DemandRollup.objects.filter(workspace=workspace).count()


def _ideas_voted_by(workspace: Workspace | int, profiles: Q) -> set[int]:
    people = CustomerProfile.objects.filter(profiles, workspace=workspace).values("person_id")
    return set(
        Vote.objects.filter(voter_id__in=people, idea__workspace=workspace)
        .values_list("idea_id", flat=True)
        .distinct()
    )


def on_demand_changed(
    sender, *, workspace_id: int, idea_ids: list[int], person_id: int | None, **kwargs
) -> None:
    """feedback.signals.demand_changed: a vote or a merge changed these clusters. A vote
    of someone with no company changes no company totals, at the cost of one lookup
    on the (workspace, person) unique index."""
    if person_id is not None and not _at_a_company(workspace_id, person_id):
        return
    refresh_demand(idea_ids)


# Asked by every vote, inside its transaction: hand-written, because building the ORM
# query cost more than running it.
AT_A_COMPANY = (
    "SELECT 1 FROM inbox_customerprofile"
    " WHERE workspace_id = %s AND person_id = %s AND company_id IS NOT NULL"
)


def _at_a_company(workspace_id: int, person_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(AT_A_COMPANY, [workspace_id, person_id])
        return cursor.fetchone() is not None
