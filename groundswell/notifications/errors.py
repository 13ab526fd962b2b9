class NotificationError(Exception):
    """A notification rule was broken; the message is fit to show a person."""


class BadUnsubscribeLink(NotificationError):
    pass
