"""The unread count in the site header and the form that asks how much to hear."""

from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from groundswell.feedback.addresses import idea_address_parts
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
        "where": where,
        "form_id": f"hear-{where}-{idea.pk}",
        "action": _level_url(idea.pk),
        "next_url": next_url,
        "saved": saved,
        "options": _options(level),
        "label": HEAR_LABEL,
        "csrf_token": context.get("csrf_token"),
    }


# After every vote the form is drawn again; its options are the same for every idea
# but for the chosen level, so they are built once per level.


def _level_url(idea_id: int) -> str:
    before, after = idea_address_parts("notifications:idea_level")
    return f"{before}{idea_id}{after}"


@lru_cache(maxsize=8)
def _options(level: str) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if value == level else "", text)
            for value, text in IDEA_LEVEL_CHOICES
        ),
    )
