"""The one helper that renders and sends email.

Every message is three templates under templates/emails/: `<name>-subject.txt`,
`<name>-body.txt` and `<name>-body.html`. Sending happens in the background
worker through Django's Tasks API, so a slow mail server never slows a page.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template import Context
from django.template.loader import get_template, render_to_string


def render_email(name: str, context: dict) -> tuple[str, str, str]:
    """Return (subject, text body, html body) for the named message."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(_render_plain(f"emails/{name}-subject.txt", context).split())
    text = _render_plain(f"emails/{name}-body.txt", context)
    html = render_to_string(f"emails/{name}-body.html", context)
    return subject, text, html


def _render_plain(template_name: str, context: dict) -> str:
    """Plain text is not HTML: render it without HTML escaping (an apostrophe stays one)."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def one_click_unsubscribe_headers(unsubscribe_url: str) -> dict:
    """RFC 8058 one-click unsubscribe: mail clients POST to the URL without cookies."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def build_email(
    name: str, to: str, context: dict, headers: dict | None = None
) -> EmailMultiAlternatives:
    subject, text, html = render_email(name, context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, [to], headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    return message


@task()
def send_email_task(name: str, to: str, context: dict, headers: dict | None = None) -> None:
    build_email(name, to, context, headers).send()


def send_templated_email(name: str, to: str, context: dict, headers: dict | None = None) -> None:
    """Queue the named email for the worker. The context must be JSON-serialisable."""
    send_email_task.enqueue(name, to, context, headers)
