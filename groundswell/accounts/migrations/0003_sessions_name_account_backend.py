"""People signed in before AccountBackend replaced Django's ModelBackend stay signed in.

A session names the backend that signed its person in, and Django only honours the
backends in AUTHENTICATION_BACKENDS: without this, everyone would have been signed
out by the upgrade. Sessions that do not decode (another SECRET_KEY) are left alone;
Django ignores them anyway.
"""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import migrations

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "groundswell.accounts.backends.AccountBackend"


def rename_backend(old: str, new: str):
    def rename(apps, schema_editor):
        from django.contrib.sessions.backends.db import SessionStore

        Session = apps.get_model("sessions", "Session")
        store = SessionStore()
        sessions = Session.objects.using(schema_editor.connection.alias)
        renamed = {}
        for key, encoded in sessions.values_list("session_key", "session_data").iterator():
            data = store.decode(encoded)
            if data.get(BACKEND_SESSION_KEY) == old:
                data[BACKEND_SESSION_KEY] = new
                renamed[key] = store.encode(data)
        for key, encoded in renamed.items():
            sessions.filter(session_key=key).update(session_data=encoded)

    return rename


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_cache_table"), ("sessions", "0001_initial")]
    operations = [migrations.RunPython(rename_backend(OLD, NEW), rename_backend(NEW, OLD))]
