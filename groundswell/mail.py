"""The one helper that renders and sends email.

Every message is three templates under templates/emails/: `<name>-subject.txt`,
`<name>-body.txt` and `<name>-body.html`. Sending happens in the background
worker through Django's Tasks API, so a slow mail server never slows a page.
"""

import email.policy
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends import smtp
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


# RFC 5322 allows header lines up to 998 characters. Folding at 78, Python's email
# package writes a long unbroken value (List-Unsubscribe's URL) as RFC 2047 encoded
# words, which mail clients do not read as a URL, and spends most of a message's
# sending time doing it.
SMTP_POLICY = email.policy.SMTP.clone(max_line_length=998)


class SMTPBackend(smtp.EmailBackend):
    """Django's SMTP backend, writing messages with SMTP_POLICY."""

    def _send(self, email_message) -> bool:
        if not email_message.recipients():
            return False
        from_email = self.prep_address(email_message.from_email)
        recipients = [self.prep_address(address) for address in email_message.recipients()]
        message = email_message.message(policy=SMTP_POLICY)
        try:
            self.connection.sendmail(from_email, recipients, message.as_bytes())
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True
