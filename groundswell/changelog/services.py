"""Every write to changelog entries, subscribers and changelog emails.

Views, the admin and the worker call these; nothing else writes these models.
Publishing moves linked ideas to the shipped status only through
feedback.services.change_status, so the usual shipping notification goes out,
with a link to the entry. Services trust their arguments: permission checks
happen at the edge. May import feedback, workspaces, mail and outbox.
"""

import time
from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from groundswell import outbox
from groundswell.accounts.models import User
from groundswell.changelog.errors import (
    BadSubscriptionLink,
    IdeaFromAnotherWorkspace,
    NoShippedStatus,
)
from groundswell.changelog.models import (
    ChangelogEmail,
    ChangelogEntry,
    ChangelogSubscriber,
    Label,
)
from groundswell.feedback.markdown import render_markdown
from groundswell.feedback.models import Idea, Status, StatusMeaning
from groundswell.feedback.services import change_status
from groundswell.mail import build_email, one_click_unsubscribe_headers, send_templated_email
from groundswell.webhooks import services as webhooks
from groundswell.workspaces.models import Workspace

CONFIRM_SALT = "groundswell.changelog.confirm"
UNSUBSCRIBE_SALT = "groundswell.changelog.unsubscribe"
CONFIRM_LINK_DAYS = 7
BULK_BATCH = 2000


def entry_url(entry: ChangelogEntry) -> str:
    """The entry's public page, absolute (for emails, feeds and notifications)."""
    return settings.SITE_URL + reverse("changelog:entry", args=[entry.workspace.slug, entry.pk])


def _clean_labels(labels: Iterable[str]) -> list[str]:
    chosen = set(labels)
    return [value for value in Label.values if value in chosen]


# Entries -----------------------------------------------------------------------


def create_entry(
    workspace: Workspace,
    author: User | None,
    title: str,
    body: str = "",
    labels: Iterable[str] = (),
) -> ChangelogEntry:
    now = timezone.now()
    return ChangelogEntry.objects.create(
        workspace=workspace,
        author=author,
        title=title.strip(),
        body=body,
        body_html=render_markdown(body),
        labels=_clean_labels(labels),
        created_at=now,
        updated_at=now,
    )


def update_entry(
    entry: ChangelogEntry, title: str, body: str = "", labels: Iterable[str] = ()
) -> ChangelogEntry:
    entry.title = title.strip()
    entry.body = body
    entry.body_html = render_markdown(body)
    entry.labels = _clean_labels(labels)
    entry.updated_at = timezone.now()
    entry.save(update_fields=["title", "body", "body_html", "labels", "updated_at"])
    return entry


def set_entry_ideas(entry: ChangelogEntry, ideas: Iterable[Idea]) -> None:
    """Link exactly these ideas to the entry. They must belong to the entry's workspace."""
    ideas = list(ideas)
    if any(idea.workspace_id != entry.workspace_id for idea in ideas):
        raise IdeaFromAnotherWorkspace("That idea belongs to another workspace.")
    with transaction.atomic():
        entry.ideas.set(ideas)
        ChangelogEntry.objects.filter(pk=entry.pk).update(updated_at=timezone.now())


def delete_entry(entry: ChangelogEntry) -> None:
    """Delete the entry; ideas it shipped stay shipped, and its unsent emails are dropped."""
    entry.delete()


def shipped_status(workspace_id: int) -> Status:
    status = (
        Status.objects.filter(workspace_id=workspace_id, meaning=StatusMeaning.SHIPPED)
        .order_by("position", "pk")
        .first()
    )
    if status is None:
        raise NoShippedStatus(
            "This workspace has no status meaning “Shipped”. Add one under Statuses, then publish."
        )
    return status


def publish_entry(entry: ChangelogEntry, actor: User | None) -> bool:
    """Publish the entry, ship its linked ideas and queue one email per subscriber.

    All in one transaction. Linked ideas not already shipped or merged move to the
    workspace's shipped status through change_status, with a public message naming
    the entry and a link to it, so their people hear about it. Publishing an entry
    that is already published does nothing and returns False.
    """
    with transaction.atomic():
        locked = (
            ChangelogEntry.objects.select_for_update(of=("self",))
            .select_related("workspace")
            .get(pk=entry.pk)
        )
        if locked.published_at is not None:
            entry.published_at = locked.published_at
            return False
        shipped = shipped_status(locked.workspace_id)
        now = timezone.now()
        ChangelogEntry.objects.filter(pk=locked.pk).update(published_at=now, updated_at=now)
        link = entry_url(locked)
        message = f"Shipped: “{locked.title}”."
        for idea in locked.ideas.select_related("status").order_by("pk"):
            if idea.is_merged or idea.status.meaning == StatusMeaning.SHIPPED:
                continue
            change_status(idea, shipped, actor, message, link=link)
        _queue_emails(locked, now)
        webhooks.record_changelog_published(locked, link, actor)
    entry.published_at = entry.updated_at = now
    return True


def _queue_emails(entry: ChangelogEntry, now: datetime) -> None:
    subscriber_ids = ChangelogSubscriber.objects.filter(
        workspace_id=entry.workspace_id, unsubscribed_at__isnull=True
    ).values_list("pk", flat=True)
    rows = [
        ChangelogEmail(entry=entry, subscriber_id=pk, next_attempt_at=now, created_at=now)
        for pk in subscriber_ids.iterator()
    ]
    ChangelogEmail.objects.bulk_create(rows, batch_size=BULK_BATCH, ignore_conflicts=True)


# Subscriptions (double opt-in) ------------------------------------------------


def confirmation_token(workspace: Workspace, email: str) -> str:
    values = {"w": workspace.pk, "e": email.strip().lower(), "t": time.time()}
    return signing.dumps(values, salt=CONFIRM_SALT, compress=True)


def request_subscription(workspace: Workspace, email: str) -> None:
    """Email a confirmation link to the address. Nothing is stored until it is followed."""
    token = confirmation_token(workspace, email)
    confirm_url = settings.SITE_URL + reverse("changelog:confirm", args=[workspace.slug, token])
    send_templated_email(
        "changelog-confirm",
        email.strip(),
        {
            "workspace_name": workspace.name,
            "accent_colour": workspace.accent_colour,
            "confirm_url": confirm_url,
            "days": CONFIRM_LINK_DAYS,
        },
    )


def read_confirmation_token(workspace: Workspace, token: str) -> tuple[str, float]:
    """(email, issued at) from a confirmation link for this workspace, or BadSubscriptionLink."""
    try:
        values = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_LINK_DAYS * 24 * 3600)
        if int(values["w"]) != workspace.pk:
            raise ValueError("another workspace")
        return str(values["e"]), float(values["t"])
    except signing.SignatureExpired as error:
        raise BadSubscriptionLink(
            "This confirmation link has expired. Subscribe again to get a new one."
        ) from error
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadSubscriptionLink(
            "This confirmation link is not valid. Copy the whole link from the email."
        ) from error


def confirm_subscription(workspace: Workspace, token: str) -> ChangelogSubscriber:
    """Subscribe the address the link was sent to. Following the link twice is harmless;
    a link older than the address's last unsubscribe no longer works."""
    email, issued_at = read_confirmation_token(workspace, token)
    with transaction.atomic():
        subscriber, created = ChangelogSubscriber.objects.select_for_update().get_or_create(
            workspace=workspace, email=email
        )
        if created or subscriber.is_active:
            return subscriber
        if subscriber.unsubscribed_at.timestamp() > issued_at:
            raise BadSubscriptionLink(
                "You unsubscribed after this link was sent. Subscribe again to get a new one."
            )
        subscriber.unsubscribed_at = None
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at", "confirmed_at"])
    return subscriber


def unsubscribe_token(subscriber: ChangelogSubscriber) -> str:
    return signing.dumps({"s": subscriber.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> ChangelogSubscriber:
    try:
        subscriber_id = int(signing.loads(token, salt=UNSUBSCRIBE_SALT)["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadSubscriptionLink(
            "This unsubscribe link is not valid. Copy the whole link from the email."
        ) from error
    subscriber = (
        ChangelogSubscriber.objects.select_related("workspace").filter(pk=subscriber_id).first()
    )
    if subscriber is None:
        raise BadSubscriptionLink("This subscription no longer exists.")
    return subscriber


def unsubscribe(token: str) -> ChangelogSubscriber:
    """Stop the changelog emails to the subscriber the token names. Idempotent."""
    subscriber = read_unsubscribe_token(token)
    ChangelogSubscriber.objects.filter(pk=subscriber.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )
    subscriber.refresh_from_db()
    return subscriber


def unsubscribe_subscribers(subscribers) -> int:
    """Unsubscribe every still-subscribed row of the queryset (the back office's action)."""
    return subscribers.filter(unsubscribed_at__isnull=True).update(unsubscribed_at=timezone.now())


def unsubscribe_url(subscriber: ChangelogSubscriber, workspace: Workspace) -> str:
    return settings.SITE_URL + reverse(
        "changelog:unsubscribe", args=[workspace.slug, unsubscribe_token(subscriber)]
    )


# Sending (by the worker's delivery loop) ---------------------------------------

EMAIL_QUEUE_RELATED = ("entry__workspace", "subscriber")


def email_for(row: ChangelogEmail) -> EmailMultiAlternatives:
    entry, subscriber = row.entry, row.subscriber
    if not subscriber.is_active:
        raise outbox.NothingToSend("Unsubscribed before the email was sent.")
    workspace = entry.workspace
    # Subscribers are not signed in: only ideas on public boards are named.
    ideas = entry.ideas.filter(board__is_public=True, merged_into__isnull=True).order_by("pk")
    idea_links = [
        {
            "title": idea.title,
            "url": settings.SITE_URL + reverse("feedback:idea", args=[workspace.slug, idea.pk]),
        }
        for idea in ideas
    ]
    unsubscribe = unsubscribe_url(subscriber, workspace)
    context = {
        "workspace_name": workspace.name,
        "accent_colour": workspace.accent_colour,
        "title": entry.title,
        "body": entry.body,
        "body_html": entry.body_html,
        "labels": entry.label_names,
        "ideas": idea_links,
        "entry_url": entry_url(entry),
        "changelog_url": settings.SITE_URL + reverse("changelog:index", args=[workspace.slug]),
        "unsubscribe_url": unsubscribe,
    }
    headers = {
        **one_click_unsubscribe_headers(unsubscribe),
        "Message-ID": outbox.message_id("changelog", entry.pk, subscriber.pk),
    }
    return build_email("changelog-entry", subscriber.email, context, headers)


def send_changelog_emails(
    limit: int = 100, stopping: Callable[[], bool] = outbox.not_stopping
) -> int:
    """Claim due changelog emails and send them; returns how many were sent. When
    `stopping()` turns true, the rest of the batch goes back to the queue."""
    return outbox.send_due(
        ChangelogEmail.objects.all(), email_for, limit, EMAIL_QUEUE_RELATED, stopping
    )
