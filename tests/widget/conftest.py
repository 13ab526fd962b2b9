"""Widget data: Acme's and Globex's widget keys, identify tokens signed as a host
application would sign them, and a client speaking to the panel as an iframe does."""

import re
import time

import jwt
import pytest
from django.test import Client

from groundswell.widget import services
from groundswell.widget.views import SESSION_HEADER


def sign(claims: dict, secret: str, algorithm: str = "HS256", **overrides) -> str:
    now = int(time.time())
    payload = {"iat": now, "exp": now + 3600, **claims, **overrides}
    return jwt.encode(payload, secret, algorithm=algorithm)


DANA = {
    "email": "dana@initech.example",
    "name": "Dana",
    "company": {
        "name": "Initech",
        "plan": "enterprise",
        "mrr": 1200.5,
        "segment": "Enterprise",
        "attributes": {"seats": 40},
    },
    "attributes": {"role": "admin"},
}


@pytest.fixture
def keys(workspace):
    return services.widget_keys_for(workspace)


@pytest.fixture
def globex_keys(other_workspace):
    return services.widget_keys_for(other_workspace)


@pytest.fixture
def dana_token(keys):
    return sign(DANA, keys.secret)


class Panel:
    """A browser's iframe: no cookies, CSRF enforced, the session sent as a header."""

    def __init__(self, keys):
        self.keys = keys
        self.client = Client(enforce_csrf_checks=True)
        self.session = ""

    def url(self, path: str = "") -> str:
        return f"/widget/{self.keys.public_key}/{path}"

    def _remember(self, response):
        found = re.search(rb'name="widget_session" value="([^"]+)"', response.content)
        found = found or re.search(
            rb"X-Groundswell-Widget&quot;: &quot;([^&]+)&quot;", response.content
        )
        if found:
            self.session = found.group(1).decode()
        return response

    def get(self, path: str = "", **params):
        headers = {SESSION_HEADER: self.session} if self.session else {}
        return self._remember(self.client.get(self.url(path), params, headers=headers))

    def post(self, path: str, data: dict | None = None, *, htmx: bool = False):
        headers = {SESSION_HEADER: self.session} if self.session else {}
        if htmx:
            headers["HX-Request"] = "true"
        return self._remember(self.client.post(self.url(path), data or {}, headers=headers))

    def identify(self, token: str):
        return self.post("identify/", {"token": token})


@pytest.fixture
def panel(keys):
    return Panel(keys)


@pytest.fixture
def dana_panel(panel, dana_token):
    response = panel.identify(dana_token)
    assert response.status_code == 200, response.content
    return panel
