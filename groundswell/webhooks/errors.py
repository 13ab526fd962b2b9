"""Domain errors raised by the webhook services; edges map them to messages."""


class WebhookError(Exception):
    """Base class: a business rule refused the operation. The message is for people."""


class UnsafeWebhookUrl(WebhookError):
    """The URL is not http(s), or its host resolves to an address webhooks may not reach."""
