"""A demo workspace with realistic boards, ideas, votes, comments and status history."""
# ruff: noqa: E501 - demo sentences read better unbroken

import random
from datetime import timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.changelog import services as changelog
from groundswell.feedback import services as feedback
from groundswell.feedback.models import (
    Comment,
    Idea,
    IdeaEvent,
    IdeaEventKind,
    StatusMeaning,
    Vote,
)
from groundswell.inbox import services as inbox
from groundswell.inbox.services import CompanyDetails, identify_customer
from groundswell.workspaces.models import Role, Workspace
from groundswell.workspaces.services import add_member, create_workspace

DEMO_ADMIN = "admin@example.com"
DEMO_PASSWORD = "groundswell-demo"  # noqa: S105 - published demo credentials

IDEAS = {
    "Feature requests": [
        (
            "Dark mode",
            "The app is blinding at night. A dark theme that follows the system setting would be great.",
        ),
        (
            "Export reports to CSV",
            "We need to get our monthly numbers into a spreadsheet for finance.",
        ),
        ("Single sign-on with Okta", "Our IT team requires SSO for every tool we buy."),
        (
            "Recurring tasks",
            "Let me set a task to repeat **every Monday** instead of creating it by hand.",
        ),
        ("Mobile app for Android", "Checking things on the go is painful in the mobile browser."),
        ("Keyboard shortcuts", "Power users want `j`/`k` navigation and quick actions."),
        ("Two-factor authentication", "Security review flagged that we can't enforce 2FA."),
        ("Slack notifications for mentions", "I miss mentions because I live in Slack all day."),
        ("Custom fields on projects", "We track budget codes and need a field for them."),
        ("Bulk edit", "Changing the owner of 40 items one by one takes forever."),
        ("Calendar view", "Show due dates on a calendar so we can plan the month."),
        ("Public API webhooks", "Notify our systems when something changes instead of polling."),
    ],
    "Integrations": [
        ("Zapier integration", "Connect to the 5,000 apps we already use."),
        ("GitHub issues sync", "Link items to GitHub issues and keep status in sync."),
        ("Google Calendar sync", "Due dates should show up in my calendar."),
        ("Salesforce connector", "Sales wants to see which accounts asked for what."),
        ("Microsoft Teams app", "Half of our company is on Teams, not Slack."),
    ],
    "Bugs": [
        ("Search misses accented words", "Searching for 'cafe' doesn't find 'café'."),
        (
            "Timezone wrong in email digests",
            "Digest says 9:00 but it arrives at 17:00 for me in Tokyo.",
        ),
        ("Attachments over 10 MB fail silently", "No error, the upload just disappears."),
    ],
}

COMMENTS = [
    "This would save our team hours every week.",
    "+1, we need this before we can roll out to the whole company.",
    "Any update on this? It's the main thing holding us back.",
    "We worked around it with a script, but a built-in option would be much better.",
    "Same here. Our customers ask about it every week.",
    "Would love this, especially on mobile.",
]

PEOPLE = [
    ("Maya Chen", "maya@northwind.example"), ("Liam O'Brien", "liam@contoso.example"),
    ("Sofia Rossi", "sofia@globex.example"), ("Noah Williams", "noah@initech.example"),
    ("Aisha Khan", "aisha@umbrella.example"), ("Lucas Martin", "lucas@hooli.example"),
    ("Emma Schmidt", "emma@stark.example"), ("Kenji Sato", "kenji@wayne.example"),
    ("Olivia Brown", "olivia@acme.example"), ("Mateo García", "mateo@soylent.example"),
    ("Chloé Dubois", "chloe@tyrell.example"), ("Ethan Park", "ethan@cyberdyne.example"),
]  # fmt: skip

# The people's companies, as a CRM sync or the widget would describe them:
# (name, plan, monthly revenue, segment) by email domain.
COMPANIES = {
    "northwind.example": ("Northwind", "Growth", 1200, "Mid-market"),
    "contoso.example": ("Contoso", "Enterprise", 8500, "Enterprise"),
    "globex.example": ("Globex", "Starter", 99, "SMB"),
    "initech.example": ("Initech", "Enterprise", 5400, "Enterprise"),
    "umbrella.example": ("Umbrella", "Growth", 2300, "Mid-market"),
    "hooli.example": ("Hooli", "Enterprise", 12000, "Enterprise"),
    "stark.example": ("Stark Industries", "Growth", 1800, "Mid-market"),
    "wayne.example": ("Wayne Enterprises", "Enterprise", 9900, "Enterprise"),
    "soylent.example": ("Soylent", "Starter", 149, "SMB"),
    "tyrell.example": ("Tyrell", "Growth", 950, "Mid-market"),
    "cyberdyne.example": ("Cyberdyne", "Starter", 49, "SMB"),
}

# Feedback that came in by other channels: (channel, email, name, company, words,
# the idea the team linked it to, or None while it waits in the inbox).
FEEDBACK = [
    ("email", "priya@contoso.example", "Priya Patel", "Contoso", "Hi team,\n\nOur night shift keeps asking for a darker theme. The white screens are painful at 3am.\n\nThanks,\nPriya", "Dark mode"),
    ("slack", "dev@hooli.example", "Dev Raman", "Hooli", "From our QBR with Hooli: finance wants the monthly report as a spreadsheet, today they retype it.", "Export reports to CSV"),
    ("chat", "ana@wayne.example", "Ana Lima", "Wayne Enterprises", "Is there a way to make a task repeat every week? We have 40 of them.", "Recurring tasks"),
    ("email", "tom@initech.example", "Tom Ng", "Initech", "Could you add single sign-on with Okta? Security review blocks our rollout without it.", None),
    ("chat", "zoe@northwind.example", "Zoe Clark", "Northwind", "The mobile app logs me out every day, very annoying.", None),
]  # fmt: skip


def spread_over_time(idea: Idea, now) -> None:
    """Give the demo's votes, comments and status updates believable dates after the idea's.

    Demo data only: real activity is dated by the services when it happens.
    """
    span = (now - idea.created_at).total_seconds()
    for vote in idea.votes.exclude(voter=idea.author_id):
        when = idea.created_at + timedelta(seconds=random.uniform(0, span))
        Vote.objects.filter(pk=vote.pk).update(created_at=when)
    for comment in idea.comments.all():
        when = idea.created_at + timedelta(seconds=random.uniform(0, span))
        Comment.objects.filter(pk=comment.pk).update(created_at=when)
    events = list(idea.events.filter(kind=IdeaEventKind.STATUS_CHANGED).order_by("id"))
    for step, event in enumerate(events, start=1):
        when = idea.created_at + timedelta(seconds=span * step / (len(events) + 1))
        IdeaEvent.objects.filter(pk=event.pk).update(created_at=when)


class Command(BaseCommand):
    help = "Create the demo workspace 'Acme' with its demo admin, unless any workspace exists."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Create it even if data exists.")

    def handle(self, force, **options):
        if Workspace.objects.exists() and not force:
            self.stdout.write("Data exists; no demo workspace created.")
            return
        random.seed(7)
        with transaction.atomic():
            self.create_demo()
        self.stdout.write(
            f"Demo workspace ready at /acme/. Sign in as {DEMO_ADMIN} / {DEMO_PASSWORD}"
        )

    def create_demo(self) -> None:
        admin = User.objects.filter(email=DEMO_ADMIN).first() or User.objects.create_superuser(
            DEMO_ADMIN, DEMO_PASSWORD, name="Alex Admin"
        )
        workspace = create_workspace("Acme", "acme", admin)
        support = User.objects.create_user("sam@acme.example", DEMO_PASSWORD, name="Sam Support")
        add_member(workspace, support, Role.MEMBER)
        people = [
            User.objects.create_user(email, DEMO_PASSWORD, name=name) for name, email in PEOPLE
        ]
        for person in people:
            known = COMPANIES.get(person.email.split("@")[1])
            if known:
                name, plan, mrr, segment = known
                details = CompanyDetails(name, plan=plan, mrr=Decimal(mrr), segment=segment)
                identify_customer(workspace, person.email, company=details)
        statuses = {status.meaning: status for status in workspace.statuses.all()}
        tags = [
            feedback.create_tag(workspace, name, colour)
            for name, colour in [
                ("Enterprise", "#9333ea"),
                ("Mobile", "#0891b2"),
                ("Quick win", "#16a34a"),
            ]
        ]
        feedback.create_board(
            workspace, "Roadmap ideas (team only)", "Ideas the team is shaping.", is_public=False
        )
        now = timezone.now()
        for board_name, ideas in IDEAS.items():
            board = feedback.create_board(workspace, board_name, f"{board_name} for Acme.")
            for title, body in ideas:
                created = now - timedelta(days=random.randint(3, 120), hours=random.randint(0, 23))
                idea = feedback.create_idea(
                    board, random.choice(people), title, body, created_at=created
                )
                for voter in random.sample(people, random.randint(0, len(people) - 1)):
                    feedback.add_vote(idea, voter)
                for text in random.sample(COMMENTS, random.randint(0, 3)):
                    feedback.add_comment(idea, random.choice(people), text)
                if random.random() < 0.3:
                    feedback.tag_idea(idea, random.choice(tags))
                self.advance_status(idea, statuses, admin)
                spread_over_time(idea, now)
        self.receive_feedback(workspace, support)
        self.write_changelog(workspace, admin)

    def receive_feedback(self, workspace: Workspace, support: User) -> None:
        ideas = {idea.title: idea for idea in Idea.objects.filter(workspace=workspace)}
        for channel, email, name, company, words, title in FEEDBACK:
            item = inbox.receive_feedback(
                workspace, words, channel, email, name=name, company_name=company
            )
            if title in ideas:
                inbox.link_item_to_idea(item, ideas[title], support)

    def write_changelog(self, workspace: Workspace, admin: User) -> None:
        """One published entry that ships the ideas in progress, and a draft."""
        in_progress = list(
            Idea.objects.filter(
                workspace=workspace,
                status__meaning=StatusMeaning.IN_PROGRESS,
                board__is_public=True,
            ).order_by("pk")[:2]
        )
        if in_progress:
            titles = " and ".join(f"**{idea.title}**" for idea in in_progress)
            verb = "is" if len(in_progress) == 1 else "are"
            entry = changelog.create_entry(
                workspace,
                admin,
                "New this month",
                f"You asked, we built it: {titles} {verb} live for everyone.",
                ["new", "improved"],
            )
            changelog.set_entry_ideas(entry, in_progress)
            changelog.publish_entry(entry, admin)
        changelog.create_entry(
            workspace, admin, "Coming next", "A sneak peek of what we are working on.", ["new"]
        )

    def advance_status(self, idea: Idea, statuses: dict, admin: User) -> None:
        path = random.choice(
            [
                [],
                [StatusMeaning.UNDER_REVIEW],
                [StatusMeaning.UNDER_REVIEW, StatusMeaning.PLANNED],
                [StatusMeaning.PLANNED, StatusMeaning.IN_PROGRESS],
                [StatusMeaning.PLANNED, StatusMeaning.IN_PROGRESS, StatusMeaning.SHIPPED],
            ]
        )
        messages = {
            StatusMeaning.UNDER_REVIEW: "Thanks for the votes! We're looking into this.",
            StatusMeaning.PLANNED: "This is on our roadmap for next quarter.",
            StatusMeaning.IN_PROGRESS: "We've started building this.",
            StatusMeaning.SHIPPED: "This is live for everyone. Thank you for asking!",
        }
        for meaning in path:
            feedback.change_status(idea, statuses[meaning], admin, messages[meaning])
