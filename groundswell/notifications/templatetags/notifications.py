"""The unread count in the site header and the form that asks how much to hear."""

from django import template

from groundswell.notifications import queries
from groundswell.notifications.forms import HEAR_LABEL, IDEA_LEVEL_CHOICES

register = template.Library()


@register.simple_tag
def unread_notification_count(user) -> int:
    return queries.unread_count(user) if user.is_authenticated else 0


@register.inclusion_tag("notifications/hear_form.html", takes_context=True)
def hear_form(context, idea, level: str, where: str, next_url: str = "", saved: bool = False):
    """The small "How much do you want to hear about this?" form, pre-filled with `level`.
    `where` names the spot on the page (vote, idea, settings), so ids stay unique."""
    return {
        "idea": idea,
        "level": level,
        "where": where,
        "form_id": f"hear-{where}-{idea.pk}",
        "next_url": next_url,
        "saved": saved,
        "choices": IDEA_LEVEL_CHOICES,
        "label": HEAR_LABEL,
        "csrf_token": context.get("csrf_token"),
    }
