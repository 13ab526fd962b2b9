"""Django's database sessions, read with one hand-written query.

Every signed-in request reads its session first; building that ORM query was a
sixth of a signed-in board page's time. Saving, expiry and everything else are
Django's own (SESSION_ENGINE points here).
"""

from django.contrib.sessions.backends import db
from django.db import connection
from django.utils import timezone

LOAD_SESSION = "SELECT session_data FROM django_session WHERE session_key = %s AND expire_date > %s"


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        if self.session_key is None:
            return {}
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(LOAD_SESSION, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None  # as Django's: an unknown or expired key starts afresh
            return {}
        return self.decode(row[0])
