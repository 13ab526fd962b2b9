"""Every write to notification events, deliveries and preferences.

`record_status_change` runs inside feedback's change_status transaction (the
outbox); everything else runs in the worker or behind a view. Email rows are
claimed, sent and retried by groundswell.outbox (what it guarantees is said
there); each message's Message-ID is made from its delivery, so the one message a
killed worker may have had in flight is recognisable when it is sent again.
"""

import json
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from groundswell import outbox
from groundswell.accounts.models import User
from groundswell.feedback.models import Comment, Follow, Idea, IdeaEvent, Vote
from groundswell.feedback.queries import cluster_ids
from groundswell.inbox.models import FeedbackItem
from groundswell.mail import build_email, one_click_unsubscribe_headers
from groundswell.notifications.errors import BadUnsubscribeLink
from groundswell.notifications.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Event,
    EventKind,
    IdeaNotificationPreference,
    NotificationLevel,
    NotificationPreference,
)
from groundswell.workspaces.models import Membership, Workspace

# Fan-out writes this many people's deliveries per transaction, so a big event never
# holds the database's write lock (SQLite) for long and a crash keeps what was written.
FAN_OUT_BATCH = 5000
# Claiming, retries and backoff are groundswell.outbox's; re-exported for callers and tests.
SENDING_TIMEOUT = outbox.SENDING_TIMEOUT
UNSUBSCRIBE_SALT = "groundswell.notifications.unsubscribe"


# The outbox ------------------------------------------------------------------


def record_status_change(idea: Idea, idea_event: IdeaEvent, link: str = "") -> Event:
    """Write the notification event for a status change; call inside its transaction.

    `link` is an absolute address to read more (a changelog entry), shown in the
    email and the notification centre.
    """
    status = idea_event.status
    payload = {
        "status": status.name,
        "meaning": status.meaning,
        "message": idea_event.message,
        "actor_id": idea_event.actor_id,
        "created_at": idea_event.created_at.isoformat(),
    }
    if link:
        payload["link"] = link
    return Event.objects.create(
        workspace_id=idea.workspace_id,
        idea_id=idea.pk,
        kind=EventKind.STATUS_CHANGED,
        actor_id=idea_event.actor_id,
        payload=payload,
        created_at=idea_event.created_at,
    )


def record_comment(comment: Comment) -> Event | None:
    """Write the notification event for a new comment; call inside its transaction.

    Internal team notes are never news for customers: they write no event. A
    public comment by a member of the workspace's team is an official reply.
    """
    if not comment.is_public:
        return None
    idea = comment.idea
    official = Membership.objects.filter(
        workspace_id=idea.workspace_id, user_id=comment.author_id
    ).exists()
    author = comment.author
    return Event.objects.create(
        workspace_id=idea.workspace_id,
        # A comment on a merged duplicate shows on, and is news for, the idea it is merged into.
        idea_id=idea.survivor_id,
        kind=EventKind.OFFICIAL_REPLY if official else EventKind.COMMENT_ADDED,
        actor_id=comment.author_id,
        payload={
            "comment_id": comment.pk,
            "author_name": author.display_name if author else "",
            "excerpt": _excerpt(comment.body),
            "created_at": comment.created_at.isoformat(),
        },
        created_at=comment.created_at,
    )


def _excerpt(text: str, limit: int = 500) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Fan-out ---------------------------------------------------------------------


def attached_people(idea_ids: list[int]) -> set[int]:
    """Everyone who asked about these ideas: author, voters (including votes counted
    on someone's behalf), public commenters, followers and the people whose
    feedback from another channel was linked to them."""
    people: set[int] = set()
    people.update(
        Idea.objects.filter(pk__in=idea_ids, author__isnull=False).values_list(
            "author_id", flat=True
        )
    )
    people.update(Vote.objects.filter(idea_id__in=idea_ids).values_list("voter_id", flat=True))
    people.update(
        Comment.objects.filter(
            idea_id__in=idea_ids, is_internal=False, hidden_at__isnull=True, author__isnull=False
        ).values_list("author_id", flat=True)
    )
    people.update(Follow.objects.filter(idea_id__in=idea_ids).values_list("person_id", flat=True))
    people.update(
        FeedbackItem.objects.filter(idea_id__in=idea_ids).values_list("person_id", flat=True)
    )
    return people


def idea_levels(idea_ids: list[int]) -> dict[int, str]:
    """Each person's own level for this cluster of ideas, where they chose one.

    A choice made on any idea of the cluster counts for all of it (a voter of a
    merged duplicate keeps what they said); the most recent choice wins.
    """
    rows = IdeaNotificationPreference.objects.filter(idea_id__in=idea_ids)
    levels: dict[int, str] = {}
    for person_id, level in rows.order_by("updated_at", "pk").values_list("person_id", "level"):
        levels[person_id] = level
    return levels


def _still_news(event: Event) -> bool:
    """A comment hidden (or deleted) before its event went out is no longer news."""
    if event.kind not in EventKind.about_comments():
        return True
    return Comment.objects.filter(
        pk=event.payload.get("comment_id"), is_internal=False, hidden_at__isnull=True
    ).exists()


def recipient_ids(event: Event) -> set[int]:
    """Everyone behind the idea and every idea merged into it, each once, who wants to hear.

    Never the actor; never someone whose level leaves this event out: their own
    level for the idea's cluster if they chose one, else their level for the
    workspace. On a private board only the team hears.
    """
    if not _still_news(event):
        return set()
    idea = Idea.objects.select_related("board").get(pk=event.idea_id)
    ids = cluster_ids(idea)
    people = attached_people(ids)
    people.discard(event.actor_id)
    if not idea.board.is_public:
        people &= set(
            Membership.objects.filter(workspace_id=event.workspace_id).values_list(
                "user_id", flat=True
            )
        )
    hearing = event.levels_that_hear
    chosen = idea_levels(ids)
    # Without a workspace row a person is at STATUS; only rows that differ matter.
    by_default = NotificationLevel.STATUS in hearing
    workspace_rows = NotificationPreference.objects.filter(workspace_id=event.workspace_id)
    differ = set(
        (
            workspace_rows.exclude(level__in=hearing)
            if by_default
            else workspace_rows.filter(level__in=hearing)
        ).values_list("person_id", flat=True)
    )
    people = {
        person
        for person in people
        if (chosen[person] in hearing if person in chosen else (person in differ) != by_default)
    }
    people -= set(User.objects.filter(is_active=False).values_list("pk", flat=True))
    return people


def fan_out(event: Event) -> int:
    """Write the event's deliveries, one per person and channel. Safe to run again:
    a row that exists already is skipped, so a re-run creates nothing twice.
    Returns rows attempted."""
    now = timezone.now()
    people = sorted(recipient_ids(event))
    for start in range(0, len(people), FAN_OUT_BATCH):
        with transaction.atomic():
            _insert_deliveries(event, people[start : start + FAN_OUT_BATCH], now)
    Event.objects.filter(pk=event.pk, fanned_out_at__isnull=True).update(fanned_out_at=now)
    return 2 * len(people)


def _insert_deliveries(event: Event, people: list[int], now) -> None:
    """An email row (pending) and an in-app row (there at once) per person: one
    INSERT ... SELECT per channel over the list of people (an array on PostgreSQL, a
    JSON array on SQLite), far cheaper than building model instances or a long VALUES
    list. Columns not given take their field's default. ON CONFLICT DO NOTHING (SQLite
    and PostgreSQL) is what makes a re-run safe."""
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        source, person, people_value = (
            "unnest(%s::bigint[]) AS recipient(id)",
            "recipient.id",
            people,
        )
    else:
        source, person, people_value = (
            "json_each(%s) AS recipient",
            "recipient.value",
            json.dumps(people),
        )
    fields = [field for field in Delivery._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    common = {"event_id": event.pk, "next_attempt_at": now, "created_at": now}
    channels = [
        {**common, "channel": Channel.EMAIL, "status": DeliveryStatus.PENDING},
        # In-app notifications are there as soon as they exist.
        {**common, "channel": Channel.IN_APP, "status": DeliveryStatus.SENT, "sent_at": now},
    ]
    with connection.cursor() as cursor:
        for given in channels:
            select, params = [], []
            for field in fields:
                if field.attname == "person_id":
                    select.append(person)
                    continue
                # PostgreSQL types a bare parameter in a SELECT list as text; SQLite must not
                # cast (a date cast to its "datetime" type would become a number).
                select.append(
                    f"CAST(%s AS {field.cast_db_type(connection)})" if postgresql else "%s"
                )
                value = given.get(field.attname, field.get_default())
                params.append(field.get_db_prep_save(value, connection))
            cursor.execute(
                f"INSERT INTO {Delivery._meta.db_table} ({columns}) "  # noqa: S608 - no user input
                f"SELECT {', '.join(select)} FROM {source} WHERE 1 = 1 ON CONFLICT DO NOTHING",
                [*params, people_value],
            )


def fan_out_pending(limit: int = 20) -> int:
    """Fan out events written since the last pass; returns how many."""
    events = list(Event.objects.filter(fanned_out_at__isnull=True).order_by("created_at")[:limit])
    for event in events:
        fan_out(event)
    return len(events)


# Sending ---------------------------------------------------------------------

EMAIL_QUEUE_RELATED = ("event__workspace", "event__idea", "person")


def _email_queue():
    return Delivery.objects.filter(channel=Channel.EMAIL)


def claim_deliveries(limit: int = 100) -> tuple[str, list[Delivery]]:
    """Claim due email deliveries for this worker alone: (claim token, rows)."""
    return outbox.claim(_email_queue(), limit, EMAIL_QUEUE_RELATED)


def unsubscribe_token(person_id: int, workspace_id: int) -> str:
    return signing.dumps({"p": person_id, "w": workspace_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, int]:
    """(person id, workspace id) from a token; BadUnsubscribeLink if it was tampered with."""
    try:
        values = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(values["p"]), int(values["w"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadUnsubscribeLink(
            "This unsubscribe link is not valid. Copy the whole link from the email."
        ) from error


def unsubscribe_url(person_id: int, workspace_id: int) -> str:
    path = reverse("notifications:unsubscribe", args=[unsubscribe_token(person_id, workspace_id)])
    return settings.SITE_URL + path


def message_id(delivery: Delivery) -> str:
    """The same Message-ID every time this delivery is sent: a repeat is recognisable."""
    return outbox.message_id("notification", delivery.event_id, delivery.person_id)


def email_for(delivery: Delivery):
    event, person = delivery.event, delivery.person
    workspace, idea = event.workspace, event.idea
    unsubscribe = unsubscribe_url(person.pk, workspace.pk)
    context = {
        "name": person.name,
        "workspace_name": workspace.name,
        "idea_title": idea.title,
        "status": event.payload.get("status", ""),
        "message": event.payload.get("message", ""),
        "author_name": event.payload.get("author_name", ""),
        "excerpt": event.payload.get("excerpt", ""),
        "idea_url": settings.SITE_URL + reverse("feedback:idea", args=[workspace.slug, idea.pk]),
        "unsubscribe_url": unsubscribe,
        "link": event.payload.get("link", ""),
        "settings_url": settings.SITE_URL + reverse("notifications:settings"),
    }
    headers = {**one_click_unsubscribe_headers(unsubscribe), "Message-ID": message_id(delivery)}
    # Each event kind has its own three templates: emails/<kind with dashes>-*.
    return build_email(event.kind.replace("_", "-"), person.email, context, headers)


def send_deliveries(limit: int = 100, stopping: Callable[[], bool] = outbox.not_stopping) -> int:
    """Claim a batch of due emails and send them over one connection; returns how many
    sent. When `stopping()` turns true, the rest of the batch goes back to the queue."""
    return outbox.send_due(_email_queue(), email_for, limit, EMAIL_QUEUE_RELATED, stopping)


def deliver_once(limit: int = 100, stopping: Callable[[], bool] = outbox.not_stopping) -> int:
    """One pass of the delivery worker: fan out new events, then send what is due."""
    fan_out_pending()
    return send_deliveries(limit, stopping)


# Preferences and the notification centre --------------------------------------


def set_level(person_id: int, workspace: Workspace | int, level: str) -> NotificationPreference:
    workspace_id = workspace if isinstance(workspace, int) else workspace.pk
    preference, _ = NotificationPreference.objects.update_or_create(
        person_id=person_id,
        workspace_id=workspace_id,
        defaults={"level": level, "updated_at": timezone.now()},
    )
    return preference


def unsubscribe(token: str) -> NotificationPreference:
    """Hear nothing more from the workspace the token names, not even about the ideas
    the person chose a level for: an unsubscribe link means nothing more."""
    person_id, workspace_id = read_unsubscribe_token(token)
    with transaction.atomic():
        IdeaNotificationPreference.objects.filter(
            person_id=person_id, idea__workspace_id=workspace_id
        ).delete()
        return set_level(person_id, workspace_id, NotificationLevel.NONE)


def set_idea_level(person: User, idea: Idea, level: str) -> IdeaNotificationPreference:
    """The person's own level for this idea (and whatever it is merged with)."""
    preference, _ = IdeaNotificationPreference.objects.update_or_create(
        person=person, idea=idea, defaults={"level": level, "updated_at": timezone.now()}
    )
    return preference


def forget_idea_level(person: User, idea_id: int) -> bool:
    """Let the workspace level apply to this idea again; False if there was no own level."""
    deleted, _ = IdeaNotificationPreference.objects.filter(person=person, idea_id=idea_id).delete()
    return bool(deleted)


def mark_read(person: User, delivery_ids: Iterable[int]) -> int:
    return Delivery.objects.filter(
        person=person, channel=Channel.IN_APP, pk__in=list(delivery_ids), read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_all_read(person: User) -> int:
    return Delivery.objects.filter(
        person=person, channel=Channel.IN_APP, read_at__isnull=True
    ).update(read_at=timezone.now())
