"""The unread count in the site header and the form that asks how much to hear."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from groundswell.notifications import queries
from groundswell.notifications.forms import HEAR_LABEL, IDEA_LEVEL_CHOICES

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> SafeString:
    """The header's unread count; on a page shared by signed-in people, the marker
    where each person's own count goes (see groundswell.pagecache)."""
    if context.get("shared_rendering"):
        from groundswell.pagecache import UNREAD_MARKER

        return mark_safe(UNREAD_MARKER)  # noqa: S308 - our own constant
    user = context["user"]
    return unread_badge(queries.unread_count(user) if user.is_authenticated else 0)


def unread_badge(count: int) -> SafeString:
    return format_html(' <span class="badge">{}</span>', count) if count else mark_safe("")


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
