"""Django's ModelBackend, with the signed-in person read with the session when it can
be (accounts.sessions), else by one hand-written query.

Every signed-in request loads its person; building the ORM query for it was an
eighth of a vote's time. Signing in, permissions and everything else are
Django's own.
"""

from django.contrib.auth.backends import ModelBackend
from django.db import connection

from groundswell.accounts.models import User
from groundswell.accounts.sessions import PERSON_COLUMNS, person_from_row, person_read_with_session

LOAD_USER = f"SELECT {', '.join(PERSON_COLUMNS)} FROM accounts_user WHERE id = %s"  # noqa: S608 - constants


class AccountBackend(ModelBackend):
    def get_user(self, user_id) -> User | None:
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        user = person_read_with_session(user_id) or self._load(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _load(self, user_id: int) -> User | None:
        with connection.cursor() as cursor:
            cursor.execute(LOAD_USER, [user_id])
            row = cursor.fetchone()
        return person_from_row(row) if row is not None else None
