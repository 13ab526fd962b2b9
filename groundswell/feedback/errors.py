"""Domain errors raised by the feedback services; edges map them to messages and statuses."""


class FeedbackError(Exception):
    """Base class: a business rule refused the operation. The message is for people."""

    http_status = 409


class NotAllowed(FeedbackError):
    http_status = 403


class VotingClosed(FeedbackError):
    """The idea's status does not take votes (shipped or closed)."""


class WrongWorkspace(FeedbackError):
    """Two things from different workspaces were combined."""

    http_status = 400


class SlugTaken(FeedbackError):
    pass


class StatusInUse(FeedbackError):
    pass


class AlreadyMerged(FeedbackError):
    """The idea was merged into another; act on the surviving idea instead."""


class MergeCycle(FeedbackError):
    """An idea cannot be merged into itself or into an idea merged into it."""


class NotMerged(FeedbackError):
    """There is no merge of this idea to undo."""
