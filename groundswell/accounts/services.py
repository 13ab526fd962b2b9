"""Every write to accounts."""

from groundswell.accounts.models import User, normalize_email_address


def register_person(email: str, password: str | None, name: str = "") -> User:
    return User.objects.create_user(email=email, password=password, name=name)


def person_for_email(email: str, name: str = "") -> User:
    """The account for this address, created without a password if it does not exist yet."""
    user, _ = User.objects.get_or_create(
        email=normalize_email_address(email), defaults={"name": name}
    )
    return user
