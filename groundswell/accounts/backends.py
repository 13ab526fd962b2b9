"""Django's ModelBackend, with the signed-in person read by one hand-written query.

Every signed-in request loads its person; building the ORM query for it was an
eighth of a vote's time. Signing in, permissions and everything else are
Django's own.
"""

from django.contrib.auth.backends import ModelBackend
from django.db import connection

from groundswell.accounts.models import User

# The columns a request needs to know who is signed in and check the session against
# the password; the rest (dates) load on first use. Booleans come back as 0/1 on SQLite.
# In the model's field order, as Model.from_db expects (as accounts.services does).
_BOOLEANS = {"is_superuser", "is_active", "is_staff"}
_COLUMNS = [
    field.attname
    for field in User._meta.concrete_fields
    if field.attname in {"id", "password", "email", "name", *_BOOLEANS}
]
LOAD_USER = f"SELECT {', '.join(_COLUMNS)} FROM accounts_user WHERE id = %s"  # noqa: S608 - constants


class AccountBackend(ModelBackend):
    def get_user(self, user_id) -> User | None:
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        with connection.cursor() as cursor:
            cursor.execute(LOAD_USER, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        values = [
            bool(value) if column in _BOOLEANS else value
            for column, value in zip(_COLUMNS, row, strict=True)
        ]
        user = User.from_db(connection.alias, _COLUMNS, values)
        return user if self.user_can_authenticate(user) else None
