"""Domain errors raised by the inbox services; edges map them to messages and statuses."""

from groundswell.feedback.errors import FeedbackError


class InboxError(FeedbackError):
    """Base class: a business rule refused the operation. The message is for people."""


class AlreadyArchived(InboxError):
    """An archived item is out of the inbox; it cannot be linked any more."""
