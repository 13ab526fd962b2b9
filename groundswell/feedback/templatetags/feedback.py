"""A board's rows, each rendered once for as long as nothing it shows changes."""

import hashlib

from django import template
from django.core.cache import caches
from django.template import Context
from django.utils.safestring import SafeString, mark_safe

from groundswell.feedback.models import Idea

register = template.Library()

ROW_TEMPLATE = "feedback/idea_row.html"


@register.simple_tag(takes_context=True)
def idea_row(context, idea: Idea) -> SafeString:
    """The idea's row on a board.

    A row is the same for every signed-out visitor, and the same for everyone in a
    rendering shared by signed-in people (its vote buttons are cut per person later,
    see groundswell.pagecache), so those are cached under everything the row shows:
    a row changes, and is rendered again, when its idea, status or tags do. A row
    rendered for one signed-in person carries their vote state and CSRF token, so it
    is never cached.
    """
    variant = _shared_variant(context)
    if variant is None:
        return _render_row(context, idea)
    key = _row_key(variant, idea)
    cache = caches["fragments"]
    html = cache.get(key)
    if html is None:
        html = _render_row(context, idea)
        cache.set(key, html)
    return mark_safe(html)  # noqa: S308 - a rendered template


def _render_row(context, idea: Idea) -> SafeString:
    """The row from the few values it may read, so nothing outside the key reaches it."""
    row = context.template.engine.get_template(ROW_TEMPLATE)
    values = {name: context.get(name) for name in ("user", "csrf_token", "shared_rendering")}
    own = Context({**values, "idea": idea}, autoescape=context.autoescape)
    return mark_safe(row.render(own))  # noqa: S308 - a rendered template


def _shared_variant(context) -> str | None:
    """Whom the row is rendered for, if it is the same for all of them."""
    if context.get("shared_rendering"):
        return f"shared:{context['shared_rendering']}"
    if not context["user"].is_authenticated:
        return "visitor"
    return None


def _row_key(variant: str, idea: Idea) -> str:
    status = idea.status
    shown = [
        variant,
        idea.pk,
        idea.title,
        idea.vote_count,
        idea.comment_count,
        idea.url,
        idea.vote_url,
        idea.unvote_url,
        idea.sign_in_to_vote_url,
        status.name,
        status.colour,
        status.meaning,
        *(tag.name for tag in idea.tags.all()),
    ]
    return "idea-row:" + hashlib.sha256(repr(shown).encode()).hexdigest()
