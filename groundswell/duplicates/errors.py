"""Why the merge queue refused an action; FeedbackErrors, so every edge already maps them."""

from groundswell.feedback.errors import FeedbackError


class SuggestionGone(FeedbackError):
    """One of the suggestion's ideas was deleted, and the suggestion with it."""

    http_status = 404


class SuggestionDecided(FeedbackError):
    """Someone merged or dismissed this suggestion already."""
