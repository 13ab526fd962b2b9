"""Background work of the intake channels: telling the Slack user their message was filed.

Slack ignores the body of the answer to a message shortcut, so the confirmation is
posted to the payload's response_url, after the item is stored and outside the
three seconds Slack gives the request. Only Slack's own hooks host is ever called.
"""

import json
import logging
import urllib.request

from django.conf import settings
from django.db import transaction
from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def confirm_in_slack(response_url: str, text: str) -> None:
    if not response_url.startswith(settings.SLACK_RESPONSE_URL_PREFIX):
        logger.warning("Not posting to a response_url outside Slack: %s", response_url)
        return
    body = json.dumps(
        {"response_type": "ephemeral", "replace_original": False, "text": text}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (the prefix above is https://hooks.slack.com/)
        response_url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5):  # noqa: S310
            pass
    except OSError as error:
        logger.warning("Slack confirmation not delivered: %s", error)


def queue_slack_confirmation(response_url: str, text: str) -> None:
    if response_url:
        transaction.on_commit(lambda: confirm_in_slack.enqueue(response_url, text))
