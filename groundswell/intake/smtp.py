"""The SMTP receiver behind `groundswell smtpd`: an aiosmtpd handler that accepts mail
only for workspaces' inbound addresses and files each message in their inboxes.

The handler runs in aiosmtpd's event loop; every database call goes through
sync_to_async (one worker thread) and closes that thread's connections after
each message, so a long-running receiver never holds a stale connection.
"""

import logging

from aiosmtpd.smtp import SMTP, Envelope, Session
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections

from groundswell.intake import services
from groundswell.intake.errors import (
    AutomaticMessage,
    MessageTooLarge,
    UnknownAddress,
    UnreadableMessage,
)
from groundswell.intake.inbound_email import parse_email

logger = logging.getLogger(__name__)


def _known_address(address: str) -> bool:
    try:
        services.workspace_for_address(address)
    except UnknownAddress:
        return False
    finally:
        connections.close_all()
    return True


def _file(raw: bytes, recipients: tuple[str, ...], sender: str) -> str:
    try:
        email = parse_email(raw, recipients, sender)
        items = services.file_email(email)
    except MessageTooLarge:
        return "552 5.3.4 Message too big for Groundswell"
    except AutomaticMessage:
        # Accepted and dropped: refusing an auto-reply would only make another bounce.
        return "250 2.0.0 Automatic message ignored"
    except UnreadableMessage as error:
        return f"550 5.6.0 {error}"
    except UnknownAddress:
        return "550 5.1.1 No such feedback address here"
    finally:
        connections.close_all()
    logger.info("Filed email %s as items %s", email.message_id, [item.pk for item in items])
    return "250 2.0.0 Feedback received"


class IntakeHandler:
    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options
    ) -> str:
        if not await sync_to_async(_known_address)(address):
            return "550 5.1.1 No such feedback address here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", errors="surrogateescape")
        if len(raw) > settings.INBOUND_EMAIL_MAX_BYTES:
            return "552 5.3.4 Message too big for Groundswell"
        return await sync_to_async(_file)(raw, tuple(envelope.rcpt_tos), envelope.mail_from or "")


def make_controller(host: str, port: int):
    """An aiosmtpd Controller (its own thread and loop) serving IntakeHandler."""
    from aiosmtpd.controller import Controller

    return Controller(
        IntakeHandler(),
        hostname=host,
        port=port,
        data_size_limit=settings.INBOUND_EMAIL_MAX_BYTES,
        ident="Groundswell intake",
    )
