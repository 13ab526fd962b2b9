"""Django's database sessions, read together with the person they sign in.

Every signed-in request reads its session and then its person: two round trips to
the database, and building the ORM queries for them had cost more than running
them. Here one hand-written query reads both (the session row keeps its person's
id beside its data), and AuthenticationMiddleware hands the person read with the
session to AccountBackend, so Django's own checks (the backend named in the
session, the password hash, an active account) still decide who is signed in.
Saving, expiry and everything else are Django's own (SESSION_ENGINE points here).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib import auth
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.contrib.sessions.backends import db
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from groundswell.accounts.models import Session, User

# The columns a request needs to know who is signed in and check the session against
# the password; the rest (dates) load on first use. Booleans come back as 0/1 on SQLite.
# In the model's field order, as Model.from_db expects.
_BOOLEANS = {"is_superuser", "is_active", "is_staff"}
PERSON_COLUMNS = [
    field.attname
    for field in User._meta.concrete_fields
    if field.attname in {"id", "password", "email", "name", *_BOOLEANS}
]
_PERSON = ", ".join(f"person.{column}" for column in PERSON_COLUMNS)
LOAD_SESSION = (
    f"SELECT session.session_data, {_PERSON} FROM django_session session"  # noqa: S608 - constants
    " LEFT JOIN accounts_user person ON person.id = session.person_id"
    " WHERE session.session_key = %s AND session.expire_date > %s"
)


def person_from_row(values) -> User:
    """A User from PERSON_COLUMNS' values, as the ORM would load it."""
    values = [
        bool(value) if column in _BOOLEANS else value
        for column, value in zip(PERSON_COLUMNS, values, strict=True)
    ]
    return User.from_db(connection.alias, PERSON_COLUMNS, values)


def person_id_in(data: dict) -> int | None:
    """The id of the person the session's data signs in, if any."""
    try:
        return int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None


class SessionStore(db.SessionStore):
    # Who the session's data signs in, read with it; None until loaded, or if nobody.
    person: User | None = None

    @classmethod
    def get_model_class(cls) -> type[Session]:
        return Session

    def create_model_instance(self, data: dict) -> Session:
        session = super().create_model_instance(data)
        session.person_id = person_id_in(data)
        return session

    async def acreate_model_instance(self, data: dict) -> Session:
        session = await super().acreate_model_instance(data)
        session.person_id = person_id_in(data)
        return session

    def clear(self) -> None:
        super().clear()
        self.person = None

    def load(self) -> dict:
        self.person = None
        if self.session_key is None:
            return {}
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(LOAD_SESSION, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's: an unknown or expired key starts afresh
            return {}
        data = self.decode(row[0])
        if row[1] is not None and row[1] == person_id_in(data):
            self.person = person_from_row(row[1:])
        return data


# The session of the request whose person is being found, while
# AuthenticationMiddleware asks Django who is signed in.
_session_being_checked: ContextVar[SessionStore | None] = ContextVar(
    "session_being_checked", default=None
)


@contextmanager
def _checking(session) -> Iterator[None]:
    # Only a session read while finding who is signed in: had the request read it
    # earlier, its person could have changed since (a password reset, say), and Django
    # reads the person afresh at this point.
    fresh = isinstance(session, SessionStore) and not session.accessed
    token = _session_being_checked.set(session if fresh else None)
    try:
        yield
    finally:
        _session_being_checked.reset(token)


def person_read_with_session(person_id: int) -> User | None:
    """The person with this id if the session being checked was read with them."""
    session = _session_being_checked.get()
    person = session.person if session is not None else None
    return person if person is not None and person.pk == person_id else None


def _signed_in(request: HttpRequest):
    if not hasattr(request, "_cached_user"):
        with _checking(request.session):
            request._cached_user = auth.get_user(request)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's, but AccountBackend may use the person read with the session."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)  # its checks and request.auser, as Django's
        request.user = SimpleLazyObject(lambda: _signed_in(request))
