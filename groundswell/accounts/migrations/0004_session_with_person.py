"""Sessions move to accounts.Session, which keeps the signed-in person's id beside the
data so a request reads both in one query. Live sessions are carried over, so nobody
is signed out by the upgrade; Django's table is left empty (undoing this moves them
back). A session whose data does not decode (another SECRET_KEY) moves as it is,
with no person: Django ignores it anyway."""

from django.contrib.auth import SESSION_KEY
from django.db import migrations, models

BATCH = 1000


def move_sessions(source: tuple[str, str], target: tuple[str, str], with_person: bool):
    def move(apps, schema_editor):
        from django.contrib.sessions.backends.db import SessionStore

        alias = schema_editor.connection.alias
        From = apps.get_model(*source)
        To = apps.get_model(*target)
        store = SessionStore()
        rows = From.objects.using(alias).values_list("session_key", "session_data", "expire_date")
        batch = []
        for key, data, expires in rows.iterator(chunk_size=BATCH):
            extra = {"person_id": _person_id(store.decode(data))} if with_person else {}
            batch.append(To(session_key=key, session_data=data, expire_date=expires, **extra))
            if len(batch) == BATCH:
                To.objects.using(alias).bulk_create(batch)
                batch = []
        To.objects.using(alias).bulk_create(batch)
        From.objects.using(alias).all().delete()

    return move


def _person_id(data: dict) -> int | None:
    try:
        return int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None


DJANGO = ("sessions", "Session")
OURS = ("accounts", "Session")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_sessions_name_account_backend"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Session",
            fields=[
                (
                    "session_key",
                    models.CharField(
                        max_length=40, primary_key=True, serialize=False, verbose_name="session key"
                    ),
                ),
                ("session_data", models.TextField(verbose_name="session data")),
                ("expire_date", models.DateTimeField(db_index=True, verbose_name="expire date")),
                ("person_id", models.BigIntegerField(blank=True, null=True)),
            ],
            options={
                "verbose_name": "session",
                "verbose_name_plural": "sessions",
                "abstract": False,
            },
        ),
        migrations.RunPython(
            move_sessions(DJANGO, OURS, with_person=True),
            move_sessions(OURS, DJANGO, with_person=False),
        ),
    ]
