"""Domain errors of the widget; views map them to a message in the panel and a status."""


class WidgetError(Exception):
    """Base class: the message is for people and shown in the panel."""

    http_status = 400


class InvalidIdentifyToken(WidgetError):
    """The host application's identify token is malformed, forged, expired or incomplete."""

    http_status = 401


class InvalidWidgetSession(WidgetError):
    """The panel's signed session is missing, altered, expired or for another workspace."""

    http_status = 403
