"""Reads of a person's notifications, shared by the notification centre and the header."""

from django.db.models import QuerySet

from groundswell.accounts.models import User
from groundswell.notifications.models import Channel, Delivery


def in_app_notifications(person: User) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(person=person, channel=Channel.IN_APP)
        .select_related("event__workspace", "event__idea")
        .order_by("-created_at", "-pk")
    )


def unread_count(person: User) -> int:
    return in_app_notifications(person).filter(read_at__isnull=True).count()
