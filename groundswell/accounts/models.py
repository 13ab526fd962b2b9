"""One user model for the team and for the people who give feedback.

People are identified by email address (stored lower-cased). Someone who only
ever gave feedback through a support team has an account without a usable
password until they sign in by magic link.
"""

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone


def normalize_email_address(email: str) -> str:
    return email.strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email_address(email), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True, max_length=254)
    name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the back office.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or "Anonymous"

    def save(self, *args, **kwargs) -> None:
        self.email = normalize_email_address(self.email)
        super().save(*args, **kwargs)


class Session(AbstractBaseSession):
    """Django's database session, in Django's own table, with one more column: the id
    of the person the session signs in, so that a request reads its session and its
    person in one query (accounts.sessions). The id is a copy of what the signed data
    says, not a foreign key, and it is only a hint: a row without it (written by
    Django's own store, or before this column existed) or naming someone else is
    read as Django would read it, with the person loaded by AccountBackend."""

    person_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        db_table = "django_session"  # Django's Session model creates it; 0004 adds the column
        managed = False

    @classmethod
    def get_session_store_class(cls):
        from groundswell.accounts.sessions import SessionStore

        return SessionStore
