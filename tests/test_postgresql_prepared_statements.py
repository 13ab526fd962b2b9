"""On PostgreSQL, statements a connection runs often are prepared, so they are planned
once (DATABASE_PREPARED_STATEMENTS, on unless a pooler cannot keep them)."""

import json
import subprocess
import sys

import pytest
from django.db import connection

from groundswell.accounts.models import User


def database_options(tmp_path, **environment) -> dict:
    """The OPTIONS settings.py builds for a PostgreSQL DATABASE_URL (nothing connects)."""
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "groundswell.settings",
            "GROUNDSWELL_DATA_DIR": str(tmp_path),
            "GROUNDSWELL_TESTING": "true",
            "DATABASE_URL": "postgres://someone@db.example:5432/groundswell",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_postgresql_binds_on_the_server_and_prepares_by_default(tmp_path):
    options = database_options(tmp_path)
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


def test_prepared_statements_can_be_turned_off_for_a_pooler(tmp_path):
    options = database_options(tmp_path, DATABASE_PREPARED_STATEMENTS="false")
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


def test_a_statement_run_often_is_prepared_and_gives_the_same_answers(db):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; SQLite caches its own")
    person = User.objects.create_user("often@example.com", None)
    sql = "SELECT email FROM accounts_user WHERE id = %s"
    with connection.cursor() as cursor:
        answers = []
        for _ in range(6):
            cursor.execute(sql, [person.pk])
            answers.append(cursor.fetchone()[0])
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert answers == ["often@example.com"] * 6
    assert "SELECT email FROM accounts_user WHERE id = $1" in prepared
