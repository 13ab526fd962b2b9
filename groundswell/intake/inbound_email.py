"""Reading an inbound email: who sent it, what they wrote, and whether a person wrote it.

Pure functions over the raw message (stdlib `email` with policy.default); no
database. The SMTP receiver and the email providers' webhooks both come here, so
a message is read the same way whichever way it arrived.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from django.conf import settings
from mailparser_reply.parser import EmailMessage as ReplyText

from groundswell.intake.errors import AutomaticMessage, MessageTooLarge, UnreadableMessage

AUTOMATIC_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)$", re.I)
AUTOMATIC_PRECEDENCE = {"bulk", "junk", "auto_reply"}
# Gmail's and Apple Mail's forwarding lines; the forwarded message's headers follow.
FORWARD_MARKER = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*Forwarded message[ \t]*-{2,}|Begin forwarded message:)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
FORWARDED_HEADER = re.compile(r"^[ \t>]*([A-Za-z][A-Za-z -]{0,30}):[ \t]*(.*)$")


@dataclass(frozen=True)
class ForwardedEmail:
    """The message inside a forward: when a team member forwards a customer's email,
    the customer is the one giving feedback (services decide who counts as team)."""

    sender_email: str
    sender_name: str
    subject: str
    body: str

    @property
    def feedback_text(self) -> str:
        return "\n\n".join(part for part in (self.subject, self.body) if part)


@dataclass(frozen=True)
class InboundEmail:
    sender_email: str
    sender_name: str
    subject: str
    body: str  # quoted replies and signature removed
    recipients: tuple[str, ...]
    message_id: str
    sent_at: datetime | None
    forwarded: ForwardedEmail | None = None

    @property
    def feedback_text(self) -> str:
        """What goes into the inbox: the subject as the first line, then what they wrote."""
        return "\n\n".join(part for part in (self.subject, self.body) if part)


def parse_email(
    raw: bytes, envelope_recipients: tuple[str, ...] = (), envelope_sender: str | None = None
) -> InboundEmail:
    """Read a raw RFC 5322 message, or raise why it is not feedback."""
    if len(raw) > settings.INBOUND_EMAIL_MAX_BYTES:
        raise MessageTooLarge(
            f"The message is larger than {settings.INBOUND_EMAIL_MAX_BYTES} bytes."
        )
    message: EmailMessage = BytesParser(policy=policy.default).parsebytes(raw)
    sender = _sender(message, envelope_sender)
    if _is_automatic(message, sender, envelope_sender):
        raise AutomaticMessage("Auto-replies, bounces and bulk mail are not feedback.")
    text = _body_text(message)
    forwarded = find_forwarded(text)
    # A forward is kept whole: the forwarded part is what the sender wanted us to read.
    body = text.strip() if forwarded else strip_reply(text)
    subject = " ".join(str(message.get("Subject", "") or "").split())
    if not body and not subject:
        raise UnreadableMessage("The message has neither a subject nor any text.")
    return InboundEmail(
        sender_email=sender.addr_spec.lower(),
        sender_name=sender.display_name,
        subject=subject,
        body=body,
        # The envelope says where the mail was delivered; headers can claim anything.
        recipients=tuple(dict.fromkeys(envelope_recipients or _header_recipients(message))),
        message_id=_message_id(message, raw),
        sent_at=_date(message),
        forwarded=forwarded,
    )


def find_forwarded(text: str) -> ForwardedEmail | None:
    """The first forwarded message in `text`, if it names its sender."""
    marker = FORWARD_MARKER.search(text.replace("\r\n", "\n"))
    if marker is None:
        return None
    lines = text.replace("\r\n", "\n")[marker.end() :].lstrip("\n").split("\n")
    headers: dict[str, str] = {}
    index = 0
    while index < len(lines) and (match := FORWARDED_HEADER.match(lines[index])):
        headers.setdefault(match.group(1).strip().lower(), match.group(2).strip())
        index += 1
    addresses = getaddresses([headers.get("from", "")])
    name, address = addresses[0] if addresses else ("", "")
    if "@" not in address:
        return None
    return ForwardedEmail(
        sender_email=address.lower(),
        sender_name=name,
        subject=" ".join(headers.get("subject", "").split()),
        body=strip_reply("\n".join(lines[index:])),
    )


def _sender(message: EmailMessage, envelope_sender: str | None) -> Address:
    try:
        addresses = message["From"].addresses if message["From"] else ()
    except (AttributeError, IndexError, ValueError, TypeError):
        addresses = ()
    for address in addresses:
        if address.username and address.domain:
            return address
    if envelope_sender and "@" in envelope_sender:
        username, _, domain = envelope_sender.strip("<>").rpartition("@")
        return Address(username=username, domain=domain)
    raise UnreadableMessage("The message has no sender address.")


def _is_automatic(message: EmailMessage, sender: Address, envelope_sender: str | None) -> bool:
    """RFC 3834 Auto-Submitted, Precedence: bulk, DSN reports and mailer daemons."""
    auto_submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return (
        auto_submitted != "no"
        or precedence in AUTOMATIC_PRECEDENCE
        or "X-Autoreply" in message
        or "X-Autorespond" in message
        or message.get_content_type() == "multipart/report"
        or envelope_sender in ("", "<>")
        or bool(AUTOMATIC_SENDERS.match(sender.username))
    )


def _body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    if part is not None:
        return _content(part)
    part = message.get_body(preferencelist=("html",))
    if part is not None:
        return html_to_text(_content(part))
    return ""


def _content(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError):  # an unknown or lying charset
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    return content if isinstance(content, str) else content.decode("utf-8", errors="replace")


def strip_reply(text: str) -> str:
    """The newest reply only: quoted earlier messages and the signature removed.

    If stripping would leave nothing (a message that is all quote), the text is
    kept whole rather than losing what was sent.
    """
    text = text.replace("\r\n", "\n").strip()
    if not text:
        return ""
    replies = ReplyText(text=text, languages=["en"], keep_hyphen_lists=True).read().replies
    newest = replies[0].body.strip() if replies else ""
    return newest or text


def _header_recipients(message: EmailMessage) -> list[str]:
    values = [
        str(value) for name in ("To", "Cc", "Delivered-To") for value in message.get_all(name, [])
    ]
    return [address for _, address in getaddresses(values) if "@" in address]


def _message_id(message: EmailMessage, raw: bytes) -> str:
    message_id = str(message.get("Message-ID", "") or "").strip()
    if message_id:
        return message_id[:255]
    # No id: the content's digest still makes a re-delivery of the same bytes idempotent.
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _date(message: EmailMessage) -> datetime | None:
    try:
        sent_at = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    if sent_at is None or sent_at.tzinfo is None:
        return None
    # A clock (or a sender) from the future would pin the item to the top of the inbox.
    return sent_at if sent_at <= datetime.now(UTC) else None


class _TextFromHtml(HTMLParser):
    BLOCKS = frozenset(
        "address article aside blockquote div dl dt dd footer h1 h2 h3 h4 h5 h6 header hr li "
        "main nav ol p pre section table tr ul".split()
    )
    SKIPPED = frozenset({"script", "style", "head", "title"})
    LINE, PARAGRAPH = "\x00", "\x01"  # block boundaries, merged into newlines at the end

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.chunks.append("\n")
        elif tag in self.BLOCKS:
            self.chunks.append(self.PARAGRAPH if tag == "p" else self.LINE)
            if tag == "li":
                self.chunks.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.chunks.append(self.PARAGRAPH if tag == "p" else self.LINE)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.chunks.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Readable text from an HTML email body: paragraphs and line breaks kept, markup dropped."""
    parser = _TextFromHtml()
    parser.feed(html)
    parser.close()
    text = re.sub(
        r"[ \t]*[\x00\x01][\x00\x01\s]*",
        lambda match: "\n\n" if "\x01" in match.group() else "\n",
        "".join(parser.chunks),
    )
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
