"""Small helpers the accounts tests share: reading links out of the outbox."""

import re
from urllib.parse import urlsplit

from django.core import mail


def main_content(response) -> str:
    """The page's <main>, which (unlike the header's masked CSRF token) is the same each time."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def link_in_last_email() -> str:
    """The path of the one link in the last email's text body."""
    body = mail.outbox[-1].body
    links = re.findall(r"https?://\S+", body)
    assert len(links) == 1, body
    return urlsplit(links[0]).path
