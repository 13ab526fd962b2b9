"""Reads of a person's notifications and settings, shared by the notification centre,
the header, the settings page and the consent asked when voting or posting."""

from django.db import connection
from django.db.models import Q, QuerySet

from groundswell.accounts.models import User
from groundswell.feedback.models import Comment, Follow, Idea, Vote
from groundswell.inbox.models import FeedbackItem
from groundswell.notifications.models import (
    Channel,
    Delivery,
    IdeaNotificationPreference,
    NotificationLevel,
    NotificationPreference,
)
from groundswell.workspaces.models import Membership, Workspace


def in_app_notifications(person: User) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(person=person, channel=Channel.IN_APP)
        .select_related("event__workspace", "event__idea")
        .order_by("-created_at", "-pk")
    )


# Read on every page a signed-in person opens (the header's badge), so by hand.
UNREAD_COUNT = (
    "SELECT COUNT(*) FROM notifications_delivery"
    " WHERE person_id = %s AND channel = %s AND read_at IS NULL"
)


def unread_count(person: User) -> int:
    with connection.cursor() as cursor:
        cursor.execute(*unread_count_query(person.pk))
        return cursor.fetchone()[0]


def unread_count_query(person_id: int) -> tuple[str, list]:
    """unread_count as SQL and its parameters, to be read together with other reads
    in one round trip (groundswell.pagecache)."""
    return UNREAD_COUNT, [person_id, Channel.IN_APP]


def workspace_level(person: User, workspace_id: int) -> str:
    level = (
        NotificationPreference.objects.filter(person=person, workspace_id=workspace_id)
        .values_list("level", flat=True)
        .first()
    )
    return level or NotificationLevel.STATUS


# Asked on every vote, so written by hand: one short statement, no query building.
LEVEL_FOR_IDEA = (
    "SELECT (SELECT own.level FROM notifications_ideanotificationpreference own"
    " JOIN feedback_idea idea ON idea.id = own.idea_id"
    " WHERE own.person_id = %s AND (own.idea_id = %s OR idea.merged_into_id = %s)"
    " ORDER BY own.updated_at DESC, own.id DESC LIMIT 1),"
    " (SELECT workspace.level FROM notifications_notificationpreference workspace"
    " WHERE workspace.person_id = %s AND workspace.workspace_id = %s)"
)


def level_for_idea(person: User, idea: Idea) -> str:
    """What the person hears about this idea now, in one query (the vote path asks it):
    their own level for its merged cluster if they chose one, else the workspace's."""
    survivor_id = idea.survivor_id
    with connection.cursor() as cursor:
        cursor.execute(
            LEVEL_FOR_IDEA, [person.pk, survivor_id, survivor_id, person.pk, idea.workspace_id]
        )
        own_level, workspace_level = cursor.fetchone()
    return own_level or workspace_level or NotificationLevel.STATUS


def workspaces_taking_part(person: User) -> QuerySet[Workspace]:
    """Workspaces the person is on the team of, or gave feedback to, or chose a level for."""
    ideas = Idea.objects.filter(
        Q(author=person)
        | Q(pk__in=Vote.objects.filter(voter=person).values("idea_id"))
        | Q(pk__in=Comment.objects.filter(author=person, is_internal=False).values("idea_id"))
        | Q(pk__in=Follow.objects.filter(person=person).values("idea_id"))
        | Q(pk__in=IdeaNotificationPreference.objects.filter(person=person).values("idea_id"))
    )
    return Workspace.objects.filter(
        Q(pk__in=Membership.objects.filter(user=person).values("workspace_id"))
        | Q(pk__in=ideas.values("workspace_id"))
        | Q(pk__in=FeedbackItem.objects.filter(person=person).values("workspace_id"))
        | Q(pk__in=NotificationPreference.objects.filter(person=person).values("workspace_id"))
    ).order_by("name", "pk")


def idea_preferences(person: User) -> QuerySet[IdeaNotificationPreference]:
    """The person's own levels for ideas they may still see (a board gone private
    shows its ideas' titles to the team only)."""
    return (
        IdeaNotificationPreference.objects.filter(person=person)
        .filter(
            Q(idea__board__is_public=True)
            | Q(idea__workspace__in=Membership.objects.filter(user=person).values("workspace_id"))
        )
        .select_related("idea__workspace")
        .order_by("idea__workspace__name", "-updated_at", "-pk")
    )
