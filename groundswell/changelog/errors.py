"""Domain errors raised by the changelog services; edges map them to messages and statuses."""


class ChangelogError(Exception):
    """Base class: a rule about the changelog refused the operation. The message is for people."""

    http_status = 409


class IdeaFromAnotherWorkspace(ChangelogError):
    http_status = 400


class NoShippedStatus(ChangelogError):
    """The workspace has no status meaning shipped, so linked ideas cannot be marked shipped."""


class BadSubscriptionLink(ChangelogError):
    """A confirmation or unsubscribe link was altered, expired or superseded."""

    http_status = 400
