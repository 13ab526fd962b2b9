"""Domain errors of the intake channels; each edge maps them to its protocol's answer
(an SMTP reply code, an HTTP problem, a Slack message)."""


class IntakeError(Exception):
    """Base class: a channel refused what was sent. The message is for people."""


class UnknownAddress(IntakeError):
    """No workspace receives mail at this address."""


class MessageTooLarge(IntakeError):
    """The message is bigger than the configured limit."""


class AutomaticMessage(IntakeError):
    """An auto-reply, bounce or bulk message: not feedback from a person."""


class UnreadableMessage(IntakeError):
    """The message has no sender address or no text to keep."""


class BadSignature(IntakeError):
    """The request is not signed with this workspace's secret."""


class StaleRequest(BadSignature):
    """The signature's timestamp is too far from now: a replay or a wrong clock."""
