"""Django's session table gains the id of the person each session signs in, so a
request reads its session and its person in one query (accounts.Session).

Only a nullable column is added: rows keep their keys and data, so nobody is signed
out, and web processes still running the previous release go on reading and writing
the table as before (the rows they write have no person id, and are read as Django
reads them until they are next saved). Sessions from before the upgrade likewise
take Django's two queries until they are next saved.
"""

from django.db import migrations, models


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
            options={"db_table": "django_session", "managed": False},
        ),
        migrations.RunSQL(
            "ALTER TABLE django_session ADD COLUMN person_id bigint NULL",
            "ALTER TABLE django_session DROP COLUMN person_id",
        ),
    ]
