"""The one call Groundswell makes to Slack: users.info, to learn a message author's
email and name when the workspace saved a bot token (scope users:read.email).

Slack wants an answer within three seconds, so the look-up has a short timeout and
any failure (network, revoked token, missing scope) just means "unknown": the
author is then kept under a placeholder address (services.SlackMessage).
"""

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings

logger = logging.getLogger(__name__)

LOOKUP_TIMEOUT_SECONDS = 1.5


@dataclass(frozen=True)
class SlackProfile:
    email: str
    name: str


def look_up_user(bot_token: str, user_id: str) -> SlackProfile | None:
    if not bot_token or not user_id:
        return None
    url = f"{settings.SLACK_API_URL}/users.info?{urlencode({'user': user_id})}"
    if not url.startswith(("https://", "http://")):
        return None
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {bot_token}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=LOOKUP_TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = json.load(response)
    except (OSError, ValueError) as error:
        logger.warning("Slack users.info failed for %s: %s", user_id, error)
        return None
    if not isinstance(answer, dict) or not answer.get("ok"):
        logger.warning("Slack users.info refused %s: %s", user_id, answer.get("error"))
        return None
    user = answer.get("user") or {}
    profile = user.get("profile") or {}
    email = str(profile.get("email") or "").strip()
    if "@" not in email:
        return None
    name = profile.get("real_name") or user.get("real_name") or user.get("name") or ""
    return SlackProfile(email=email, name=str(name)[:150])
