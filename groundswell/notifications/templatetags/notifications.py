"""The unread count in the site header."""

from django import template

from groundswell.notifications import queries

register = template.Library()


@register.simple_tag
def unread_notification_count(user) -> int:
    return queries.unread_count(user) if user.is_authenticated else 0
