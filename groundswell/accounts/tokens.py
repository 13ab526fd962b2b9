"""Signed, time-limited, single-use sign-in links ("magic links").

A link carries the email address, where to go afterwards, and a fingerprint of
the account's sign-in state. The fingerprint changes when the person signs in
or changes their password, so a link works once. An address with no account
has the fingerprint "new": following the link creates the account, after which
the same link no longer matches. This module only reads; services.py writes.
"""

from dataclasses import dataclass

from django.core import signing
from django.utils.crypto import salted_hmac

from groundswell.accounts.errors import InvalidMagicLink
from groundswell.accounts.models import User, normalize_email_address

MAGIC_LINK_MINUTES = 15
SALT = "groundswell.accounts.magic-link"
NO_ACCOUNT = "new"


@dataclass(frozen=True)
class MagicLink:
    email: str
    next_url: str
    state: str


def sign_in_state(user: User | None) -> str:
    """Changes whenever the person signs in, changes password or email, or is disabled."""
    if user is None:
        return NO_ACCOUNT
    last_login = "" if user.last_login is None else user.last_login.isoformat()
    value = f"{user.pk}|{user.password}|{last_login}|{user.email}|{user.is_active}"
    return salted_hmac(SALT, value, algorithm="sha256").hexdigest()[:32]


def make_magic_link_token(email: str, user: User | None, next_url: str) -> str:
    payload = {"email": normalize_email_address(email), "next": next_url}
    payload["state"] = sign_in_state(user)
    return signing.dumps(payload, salt=SALT, compress=True)


def read_magic_link_token(token: str) -> MagicLink:
    """Check the signature and age only; whether it was used is checked against the account."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAGIC_LINK_MINUTES * 60)
    except signing.SignatureExpired:
        raise InvalidMagicLink(
            f"This sign-in link has expired (links work for {MAGIC_LINK_MINUTES} minutes)."
        ) from None
    except signing.BadSignature:
        message = "This sign-in link is not valid. Check that it was copied whole."
        raise InvalidMagicLink(message) from None
    try:
        return MagicLink(email=payload["email"], next_url=payload["next"], state=payload["state"])
    except (KeyError, TypeError):
        raise InvalidMagicLink("This sign-in link is not valid.") from None


def check_magic_link_token(token: str) -> tuple[MagicLink, User | None]:
    """Read a link and check it is still usable, without using it up."""
    link = read_magic_link_token(token)
    user = User.objects.filter(email=link.email).first()
    check_magic_link(link, user)
    return link, user


def check_magic_link(link: MagicLink, user: User | None) -> None:
    """Raise InvalidMagicLink unless the link still matches the account it names."""
    if user is not None and not user.is_active:
        raise InvalidMagicLink("This account is disabled.")
    if sign_in_state(user) != link.state:
        raise InvalidMagicLink("This sign-in link has already been used.")
