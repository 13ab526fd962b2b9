"""A demo workspace with realistic boards, ideas, votes, comments and status history."""
# ruff: noqa: E501 - demo sentences read better unbroken

import random
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.feedback import services as feedback
from groundswell.feedback.models import (
    Comment,
    Idea,
    IdeaEvent,
    IdeaEventKind,
    StatusMeaning,
    Vote,
)
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
