"""Domain errors raised by the accounts services and rate limits.

Edges map them once to a message and an HTTP status. The message is for people.
"""


class AccountsError(Exception):
    """Base class: a rule about accounts refused the operation."""

    http_status = 400


class EmailTaken(AccountsError):
    http_status = 409

    def __init__(self) -> None:
        super().__init__(
            "An account with this email exists. Sign in, email yourself a sign-in link, "
            "or reset your password."
        )


class InvalidMagicLink(AccountsError):
    """The sign-in link is expired, already used, altered, or for a disabled account."""


class RateLimited(AccountsError):
    http_status = 429

    def __init__(self, what: str, retry_after: int) -> None:
        self.retry_after = max(1, retry_after)
        minutes = -(-self.retry_after // 60)  # round up: "in 0 minutes" helps nobody
        when = "1 minute" if minutes == 1 else f"{minutes} minutes"
        super().__init__(f"Too many {what}. Please try again in {when}.")
