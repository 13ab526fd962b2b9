"""Every write to accounts, and the account emails.

Views parse and rate-limit input, then call one function here. Services trust
their arguments and raise the named errors in accounts.errors. Emails go
through groundswell.mail; none of these functions writes and emails in the
same transaction, so nothing is sent for a write that rolls back.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from groundswell.accounts.errors import EmailTaken, InvalidMagicLink
from groundswell.accounts.models import User, normalize_email_address
from groundswell.accounts.tokens import (
    MAGIC_LINK_MINUTES,
    check_magic_link,
    make_magic_link_token,
    read_magic_link_token,
)
from groundswell.mail import send_templated_email


def register_person(email: str, password: str | None, name: str = "") -> User:
    try:
        with transaction.atomic():
            return User.objects.create_user(email=email, password=password, name=name)
    except IntegrityError:
        raise EmailTaken from None


def person_for_email(email: str, name: str = "") -> User:
    """The account for this address, created without a password if it does not exist yet."""
    email = normalize_email_address(email)
    user = find_person(email)
    if user is None:
        user, _ = User.objects.get_or_create(email=email, defaults={"name": name})
    return user


# The API's vote endpoints look a person up by address on every request: one
# hand-written query, because building the ORM's cost more than running it. Only
# columns that need no conversion from the database are read (any other field loads
# on first use), in the model's field order as Model.from_db expects.
PERSON_COLUMNS = [
    field.attname
    for field in User._meta.concrete_fields
    if field.attname in {"id", "email", "name"}
]
PERSON_BY_EMAIL = f"SELECT {', '.join(PERSON_COLUMNS)} FROM accounts_user WHERE email = %s"  # noqa: S608 - the model's own column names


def find_person(email: str) -> User | None:
    """The account for this address, if there is one."""
    with connection.cursor() as cursor:
        cursor.execute(PERSON_BY_EMAIL, [normalize_email_address(email)])
        row = cursor.fetchone()
    return None if row is None else User.from_db(connection.alias, PERSON_COLUMNS, row)


# Magic links -----------------------------------------------------------------


def send_magic_link(email: str, next_url: str = "/") -> None:
    """Email a sign-in link. An address without an account gets one too: the
    account is created only when the link is followed, so typing someone
    else's address creates nothing."""
    email = normalize_email_address(email)
    user = User.objects.filter(email=email).first()
    if user is not None and not user.is_active:
        return
    token = make_magic_link_token(email, user, next_url)
    context = {
        "link": settings.SITE_URL + reverse("accounts:magic_link_login", args=[token]),
        "minutes": MAGIC_LINK_MINUTES,
        "name": user.name if user else "",
        "has_account": user is not None,
    }
    send_templated_email("magic-link", email, context)


def sign_in_with_magic_link(token: str) -> tuple[User, str]:
    """Use up the link and return (person, where to go next), creating a
    passwordless account for a new address. Raises InvalidMagicLink."""
    link = read_magic_link_token(token)
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().filter(email=link.email).first()
            check_magic_link(link, user)
            if user is None:
                user = User.objects.create_user(email=link.email, password=None)
            # Moving last_login on, under the lock, is what makes the link single-use.
            user.last_login = timezone.now()
            user.save(update_fields=["last_login"])
    except IntegrityError:  # a simultaneous click created the account first
        raise InvalidMagicLink("This sign-in link has already been used.") from None
    return user, link.next_url


# Password reset --------------------------------------------------------------


def send_password_reset(email: str) -> None:
    """Email a link to set a new password. Accounts without a password (people
    who only used sign-in links) may set one this way too; unknown addresses
    get nothing."""
    user = User.objects.filter(email=normalize_email_address(email), is_active=True).first()
    if user is None:
        return
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "link": settings.SITE_URL + path,
        "name": user.name,
        "has_password": user.has_usable_password(),
    }
    send_templated_email("password-reset", user.email, context)
