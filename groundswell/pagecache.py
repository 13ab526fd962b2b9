"""Micro-caching of public pages for signed-out visitors.

A signed-out visitor's page carries nothing personal (no CSRF token, no vote
state), so the same rendering serves every visitor for a second or two. The
first visitor in each interval pays for the rendering; the rest get a copy.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def cached_for_visitors(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.VISITOR_PAGE_CACHE_SECONDS
        if (
            not seconds
            or request.method != "GET"
            or request.user.is_authenticated
            or "messages" in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        variant = "|".join(
            [
                request.get_full_path(),
                request.headers.get("HX-Request", ""),
                request.headers.get("HX-Target", ""),
            ]
        )
        key = "visitor-page:" + hashlib.sha256(variant.encode()).hexdigest()
        cache = caches["pages"]
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["Cache-Control"] = f"public, max-age={seconds}"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            if hasattr(response, "render"):
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), seconds)
            response["Cache-Control"] = f"public, max-age={seconds}"
        return response

    return wrapper
