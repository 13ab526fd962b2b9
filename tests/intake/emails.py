"""Realistic inbound emails, built as mail clients send them."""

from email.message import EmailMessage

REPLY_TEXT = """Hi Acme team,

We'd love a dark mode for the dashboard. Our support folks work nights
and the white background is painful.

- the editor too
- and the emails

Thanks,
Dana
--
Dana Scully | Head of Support | Initech
+1 555 0100

On Tue, Nov 24, 2026 at 10:00 AM Acme <hello@acme.example> wrote:
> Hello Dana, how can we help?
> Acme support
"""

NEWEST_REPLY = """Hi Acme team,

We'd love a dark mode for the dashboard. Our support folks work nights
and the white background is painful.

- the editor too
- and the emails"""


def email_message(
    to: str,
    *,
    sender: str = "Dana Scully <dana@initech.example>",
    subject: str = "Dark mode, please",
    text: str | None = REPLY_TEXT,
    html: str | None = None,
    message_id: str = "<CAF=dark-mode-1@mail.initech.example>",
    **headers: str,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = "Wed, 25 Nov 2026 09:30:00 +0100"
    if message_id:
        message["Message-ID"] = message_id
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    if text is not None:
        message.set_content(text)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    return message
