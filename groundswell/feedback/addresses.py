"""Addresses that name an idea, reversed once per process rather than once per use:
a board page spent most of its time in reverse(), and every vote redraws a form."""

from functools import lru_cache

from django.urls import get_script_prefix, reverse

_MARKER = "987654321"


def idea_address_parts(name: str, **kwargs: str) -> tuple[str, str]:
    """The address of the URL `name` before and after its idea_id, for these other
    arguments: the idea's address is `f"{before}{idea.pk}{after}"`."""
    return _parts(name, get_script_prefix(), tuple(sorted(kwargs.items())))


@lru_cache(maxsize=1024)
def _parts(name: str, script_prefix: str, kwargs: tuple) -> tuple[str, str]:
    # The script prefix is part of the key, as reverse() depends on it.
    url = reverse(name, kwargs={**dict(kwargs), "idea_id": _MARKER})
    before, after = url.rsplit(_MARKER, 1)
    return before, after
