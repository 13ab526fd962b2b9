"""Template helpers for the merge queue: highlighted passages and the open count in the team nav."""

from django import template
from django.utils.safestring import SafeString

from groundswell.duplicates import queries
from groundswell.duplicates.passages import highlight_shared as _highlight_shared
from groundswell.workspaces.models import Workspace

register = template.Library()


@register.filter
def highlight_shared(text: str, other: str) -> SafeString:
    """{{ passage|highlight_shared:other_passage }}: escaped, shared words in <mark>."""
    return _highlight_shared(str(text), str(other))


@register.simple_tag
def open_suggestion_count(workspace: Workspace) -> int:
    return queries.open_suggestion_count(workspace)
