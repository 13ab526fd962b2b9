"""Reads of the inbox that the team page, the API and the idea page share.

May import feedback and duplicates queries; nothing here writes.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from groundswell.accounts.models import User
from groundswell.duplicates.queries import SimilarIdea, similar_ideas
from groundswell.feedback.models import Idea, Vote
from groundswell.feedback.queries import PAGE_SIZE, cluster_ids, list_ideas
from groundswell.feedback.search import filter_by_search
from groundswell.inbox.models import (
    Company,
    CustomerProfile,
    DemandRollup,
    FeedbackItem,
    ItemStatus,
)
from groundswell.workspaces.models import Workspace
from groundswell.workspaces.permissions import is_team_member

MATCHES_SHOWN = 3


def workspace_items(workspace: Workspace, status: str | None = None) -> QuerySet[FeedbackItem]:
    """The workspace's items, newest first, with what the lists show."""
    items = FeedbackItem.objects.filter(workspace=workspace)
    if status:
        items = items.filter(status=status)
    return items.select_related("person", "company", "idea", "linked_by").order_by(
        "-received_at", "-id"
    )


def item_or_none(workspace: Workspace, item_id: int) -> FeedbackItem | None:
    return workspace_items(workspace).filter(pk=item_id).first()


@dataclass
class InboxEntry:
    item: FeedbackItem
    matches: list[SimilarIdea]


def inbox_entries(workspace: Workspace, limit: int = 50) -> list[InboxEntry]:
    """New items, newest first, each with the duplicate engine's best matching ideas."""
    return [
        InboxEntry(
            item,
            similar_ideas(workspace, item.text[:200], item.text, limit=MATCHES_SHOWN),
        )
        for item in workspace_items(workspace, ItemStatus.NEW)[:limit]
    ]


def new_item_count(workspace: Workspace) -> int:
    return FeedbackItem.objects.filter(workspace=workspace, status=ItemStatus.NEW).count()


def idea_evidence(idea: Idea, viewer: User | AnonymousUser) -> list[FeedbackItem]:
    """The feedback behind the idea and the ideas merged into it, for the team only:
    these are people's own words from private channels."""
    if not is_team_member(viewer, idea.workspace):
        return []
    return list(
        FeedbackItem.objects.filter(Q(idea=idea) | Q(idea__merged_into=idea))
        .select_related("person", "company")
        .order_by("-received_at", "-id")
    )


# Demand by people, companies and revenue -----------------------------------------
#
# A person belongs to at most one company per workspace (their CustomerProfile), so
# counting distinct people per (idea, company) and adding them up counts each person
# once; grouping first by (idea, company) counts each company, and its MRR, once.
# Votes count for the idea they were merged into: COALESCE(merged_into_id, id).

DEMAND_SORTS = ("revenue", "companies", "people")


@dataclass(frozen=True)
class CompanyScope:
    """Which companies' demand counts: those of a segment, of a plan, or one company."""

    segment: str = ""
    plan: str = ""
    company_id: int | None = None

    def __bool__(self) -> bool:
        return bool(self.segment or self.plan or self.company_id)

    def sql(self) -> tuple[str, list]:
        clauses, params = [], []
        if self.segment:
            clauses.append("LOWER(c.segment) = LOWER(%s)")
            params.append(self.segment)
        if self.plan:
            clauses.append("LOWER(c.plan) = LOWER(%s)")
            params.append(self.plan)
        if self.company_id:
            clauses.append("c.id = %s")
            params.append(self.company_id)
        return "".join(f" AND {clause}" for clause in clauses), params

    def companies(self, workspace: Workspace) -> QuerySet[Company]:
        companies = Company.objects.filter(workspace=workspace)
        if self.segment:
            companies = companies.filter(segment__iexact=self.segment)
        if self.plan:
            companies = companies.filter(plan__iexact=self.plan)
        if self.company_id:
            companies = companies.filter(pk=self.company_id)
        return companies


@dataclass
class DemandTotals:
    people: int = 0
    companies: int = 0
    mrr: Decimal = Decimal("0.00")


@dataclass
class DemandShare:
    """One segment's or plan's part of an idea's demand."""

    label: str
    people: int
    companies: int
    mrr: Decimal


@dataclass
class CompanyDemand:
    company: Company
    people: int


@dataclass
class IdeaDemand:
    """Who wants an idea, counted across its merged cluster. Confidential: team only."""

    people: int
    people_with_company: int
    companies: int
    mrr: Decimal
    segments: list[DemandShare]
    plans: list[DemandShare]
    top_companies: list[CompanyDemand]


CENTS = Decimal("0.01")


def _money(value) -> Decimal:
    """SQLite sums decimals as floats, PostgreSQL as Decimal: both become cents."""
    return Decimal(str(value or 0)).quantize(CENTS)


def _shares(rows: list[CompanyDemand], label_of) -> list[DemandShare]:
    shares: dict[str, DemandShare] = {}
    for row in rows:
        label = label_of(row.company) or "None set"
        share = shares.setdefault(label, DemandShare(label, 0, 0, Decimal("0.00")))
        share.people += row.people
        share.companies += 1
        share.mrr += row.company.mrr or 0
    return sorted(shares.values(), key=lambda s: (-s.mrr, -s.companies, s.label))


def idea_demand(idea: Idea) -> IdeaDemand:
    """People, companies and revenue behind the idea and every idea merged into it:
    each person once, each company (and its MRR) once."""
    ids = cluster_ids(idea)
    votes = Vote.objects.filter(idea_id__in=ids)
    people = votes.values("voter_id").distinct().count()
    per_company = dict(
        votes.filter(
            voter__customer_profiles__workspace_id=idea.workspace_id,
            voter__customer_profiles__company__isnull=False,
        )
        .values("voter__customer_profiles__company")
        .annotate(people=Count("voter", distinct=True))
        .values_list("voter__customer_profiles__company", "people")
    )
    companies = Company.objects.filter(workspace_id=idea.workspace_id, pk__in=per_company)
    rows = [CompanyDemand(company, per_company[company.pk]) for company in companies]
    rows.sort(key=lambda row: (-(row.company.mrr or 0), -row.people, row.company.name))
    return IdeaDemand(
        people=people,
        people_with_company=sum(row.people for row in rows),
        companies=len(rows),
        mrr=_money(sum((row.company.mrr or 0) for row in rows)),
        segments=_shares(rows, lambda company: company.segment),
        plans=_shares(rows, lambda company: company.plan),
        top_companies=rows,
    )


def _demand_sql(where: str) -> str:
    """Per surviving idea: people (each once), companies and their MRR (each once)."""
    vote, idea = Vote._meta.db_table, Idea._meta.db_table
    profile, company = CustomerProfile._meta.db_table, Company._meta.db_table
    return f"""
        WITH pairs AS (
            SELECT COALESCE(i.merged_into_id, i.id) AS idea_id, c.id AS company_id,
                   MAX(c.mrr) AS mrr, COUNT(DISTINCT v.voter_id) AS people
            FROM {profile} p
            JOIN {company} c ON c.id = p.company_id
            JOIN {vote} v ON v.voter_id = p.person_id
            JOIN {idea} i ON i.id = v.idea_id AND i.workspace_id = p.workspace_id
            WHERE p.workspace_id = %s {where}
            GROUP BY COALESCE(i.merged_into_id, i.id), c.id
        )
        SELECT idea_id, SUM(people) AS people, COUNT(*) AS companies,
               COALESCE(SUM(mrr), 0) AS mrr
        FROM pairs GROUP BY idea_id"""  # noqa: S608 (table names and our own clauses; values are bound)


def cluster_totals(
    workspace_id: int, survivor_ids: list[int], scope: CompanyScope = CompanyScope()
) -> dict[int, DemandTotals]:
    """Company demand of these surviving ideas' clusters, from their votes, in one query."""
    if not survivor_ids:
        return {}
    cluster = list(
        Idea.objects.filter(Q(pk__in=survivor_ids) | Q(merged_into_id__in=survivor_ids))
        .values_list("pk", flat=True)
        .order_by()
    )
    where, params = scope.sql()
    where += f" AND v.idea_id IN ({', '.join(['%s'] * len(cluster))})"
    with connection.cursor() as cursor:
        cursor.execute(_demand_sql(where), [workspace_id, *params, *cluster])
        rows = cursor.fetchall()
    return {
        idea_id: DemandTotals(int(people), int(companies), _money(mrr))
        for idea_id, people, companies, mrr in rows
    }


def demand_by_idea(
    workspace: Workspace, ideas: list[Idea], scope: CompanyScope = CompanyScope()
) -> dict[int, DemandTotals]:
    """Company demand of a page of surviving ideas: the maintained rollup, or for a
    scope (segment, plan, company) one grouped query over the page's clusters only.

    `people` counts the people at a company in scope; idea.vote_count counts everyone.
    """
    ids = [idea.pk for idea in ideas]
    if scope:
        return cluster_totals(workspace.pk, ids, scope)
    rows = DemandRollup.objects.filter(workspace=workspace, idea_id__in=ids)
    return {row.idea_id: DemandTotals(row.people, row.companies, _money(row.mrr)) for row in rows}


def rank_by_demand(
    workspace: Workspace,
    ideas: QuerySet[Idea] | None,
    sort: str,
    scope: CompanyScope = CompanyScope(),
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> tuple[list[Idea], bool]:
    """One page of the ideas with company demand in scope, most revenue, companies or
    people first; returns the ideas (each with .demand) and whether more follow.

    `ideas`, when given, narrows the candidates (status, search); merged ideas never
    rank, their demand counts for the idea they were merged into. Without a scope the
    maintained rollup is read through its index; a scope aggregates only the votes of
    the people at the companies in it.
    """
    order = {
        "revenue": ["mrr", "companies", "people"],
        "companies": ["companies", "mrr", "people"],
        "people": ["people", "mrr", "companies"],
    }[sort]
    if scope or sort == "people":
        rows = _rank_by_votes(workspace, ideas, order, scope, offset, limit)
    else:
        rollups = DemandRollup.objects.filter(workspace=workspace)
        if ideas is not None:
            rollups = rollups.filter(idea__in=ideas.values("pk"))
        rollups = rollups.order_by(*[f"-{field}" for field in order], "-idea_id")
        rows = list(
            rollups.values_list("idea_id", "people", "companies", "mrr")[
                offset : offset + limit + 1
            ]
        )
    more = len(rows) > limit
    rows = rows[:limit]
    by_id = Idea.objects.select_related("status", "board", "author").prefetch_related("tags")
    by_id = by_id.in_bulk([row[0] for row in rows])
    ranked = []
    for idea_id, people, companies, mrr in rows:
        idea = by_id[idea_id]
        idea.demand = DemandTotals(int(people), int(companies), _money(mrr))
        ranked.append(idea)
    return ranked, more


def _rank_by_votes(workspace, ideas, order, scope, offset, limit) -> list[tuple]:
    where, params = scope.sql()
    sql = f"SELECT * FROM ({_demand_sql(where)}) ranked"  # noqa: S608
    if ideas is not None:
        candidates, candidate_params = ideas.values("pk").query.sql_with_params()
        sql += f" WHERE idea_id IN ({candidates})"
        params += candidate_params
    sql += f" ORDER BY {', '.join(f'{field} DESC' for field in order)}, idea_id DESC"
    sql += " LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace.pk, *params, limit + 1, offset])
        return cursor.fetchall()


def wanted_by(ideas: QuerySet[Idea], workspace: Workspace, scope: CompanyScope) -> QuerySet[Idea]:
    """The ideas that someone at a company in scope voted for (or for an idea merged in)."""
    voters = CustomerProfile.objects.filter(
        workspace=workspace, company__in=scope.companies(workspace)
    ).values("person_id")
    survivors = (
        Vote.objects.filter(voter_id__in=voters, idea__workspace=workspace)
        .annotate(survivor=Coalesce("idea__merged_into_id", "idea_id"))
        .values("survivor")
    )
    return ideas.filter(pk__in=survivors)


@dataclass
class TeamIdeaPage:
    ideas: list[Idea]
    next_position: dict  # what the "More ideas" link adds: a cursor or an offset

    @property
    def next_cursor(self) -> str | None:
        return self.next_position.get("cursor")


def team_idea_page(
    workspace: Workspace,
    *,
    sort: str = "new",
    scope: CompanyScope = CompanyScope(),
    status: str | None = None,
    search: str | None = None,
    cursor: str | None = None,
    offset: int = 0,
) -> TeamIdeaPage:
    """The team board: every idea, each with its demand (idea.demand), sortable by
    revenue, companies or people and narrowed to the ideas a segment, plan or company wants.

    Raises feedback.queries.BadCursor for a cursor that is not ours.
    """
    ideas = Idea.objects.filter(workspace=workspace)
    if sort in DEMAND_SORTS and (sort != "people" or scope):
        candidates = None
        if status or search:
            candidates = ideas.filter(merged_into__isnull=True)
            if status:
                candidates = candidates.filter(status__slug=status)
            if search:
                candidates = filter_by_search(candidates, search)
        rows, more = rank_by_demand(workspace, candidates, sort, scope, offset)
        return TeamIdeaPage(rows, {"offset": offset + PAGE_SIZE} if more else {})
    if scope:
        ideas = wanted_by(ideas, workspace, scope)
    # Without a company filter, "most people" is "most votes": vote_count counts each
    # person once across the merged cluster, and it is indexed.
    page = list_ideas(
        ideas,
        sort="top" if sort == "people" else sort,
        status=status,
        search=search,
        cursor=cursor,
    )
    demand = demand_by_idea(workspace, page.ideas, scope)
    for idea in page.ideas:
        idea.demand = demand.get(idea.pk, DemandTotals())
    return TeamIdeaPage(page.ideas, {"cursor": page.next_cursor} if page.next_cursor else {})


def company_choices(workspace: Workspace, field: str) -> list[str]:
    """The segments (or plans) the workspace's companies have, for the board's filters."""
    values = (
        Company.objects.filter(workspace=workspace)
        .exclude(**{field: ""})
        .values_list(field, flat=True)
        .distinct()
        .order_by(field)
    )
    return list(values[:100])


# Companies ----------------------------------------------------------------------------


def workspace_companies(workspace: Workspace) -> QuerySet[Company]:
    """The workspace's companies, most revenue first, each with its number of people."""
    return (
        Company.objects.filter(workspace=workspace)
        .annotate(people=Count("customers", distinct=True))
        .order_by(F("mrr").desc(nulls_last=True), "name", "pk")
    )


def company_or_none(workspace: Workspace, company_id: int) -> Company | None:
    return workspace_companies(workspace).filter(pk=company_id).first()


def ideas_wanted_counts(workspace: Workspace, companies: list[Company]) -> dict[int, int]:
    """For a page of companies: how many ideas (merged clusters counted once) their people want."""
    if not companies:
        return {}
    ids = [company.pk for company in companies]
    profile, vote, idea = (
        CustomerProfile._meta.db_table,
        Vote._meta.db_table,
        Idea._meta.db_table,
    )
    sql = f"""
        SELECT p.company_id, COUNT(DISTINCT COALESCE(i.merged_into_id, i.id))
        FROM {profile} p
        JOIN {vote} v ON v.voter_id = p.person_id
        JOIN {idea} i ON i.id = v.idea_id AND i.workspace_id = p.workspace_id
        WHERE p.workspace_id = %s AND p.company_id IN ({", ".join(["%s"] * len(ids))})
        GROUP BY p.company_id"""  # noqa: S608 (table names only; values are bound)
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace.pk, *ids])
        return dict(cursor.fetchall())


def company_people(company: Company) -> QuerySet[CustomerProfile]:
    return (
        CustomerProfile.objects.filter(workspace_id=company.workspace_id, company=company)
        .select_related("person")
        .order_by("person__name", "person__email")
    )


def company_wanted_ideas(company: Company, limit: int = 50) -> list[Idea]:
    """The ideas the company's people voted for, the most of them first; each idea has
    .company_people. A vote for a merged idea counts for the idea it was merged into."""
    rows = list(
        Vote.objects.filter(
            voter__customer_profiles__workspace_id=company.workspace_id,
            voter__customer_profiles__company=company,
            idea__workspace_id=company.workspace_id,
        )
        .annotate(survivor=Coalesce("idea__merged_into_id", "idea_id"))
        .values("survivor")
        .annotate(people=Count("voter", distinct=True))
        .order_by("-people", "-survivor")[:limit]
    )
    ideas = Idea.objects.select_related("status", "board").in_bulk([r["survivor"] for r in rows])
    wanted = []
    for row in rows:
        idea = ideas[row["survivor"]]
        idea.company_people = row["people"]
        wanted.append(idea)
    return wanted


def company_feedback(
    workspace: Workspace, company: Company, limit: int = 20
) -> QuerySet[FeedbackItem]:
    return workspace_items(workspace).filter(company=company)[:limit]
