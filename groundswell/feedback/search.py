"""Full-text search over ideas: FTS5 on SQLite, a tsvector expression index on PostgreSQL.

The index objects are created by migration 0002; this module turns what a
person typed into a safe query for whichever database is in use.
"""

import re

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

_WORD = re.compile(r"\w+", re.UNICODE)

SQLITE_SETUP = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS feedback_idea_fts USING fts5(
        title, body, content='feedback_idea', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS feedback_idea_fts_insert AFTER INSERT ON feedback_idea BEGIN
        INSERT INTO feedback_idea_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS feedback_idea_fts_delete AFTER DELETE ON feedback_idea BEGIN
        INSERT INTO feedback_idea_fts(feedback_idea_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS feedback_idea_fts_update
        AFTER UPDATE OF title, body ON feedback_idea BEGIN
        INSERT INTO feedback_idea_fts(feedback_idea_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO feedback_idea_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS feedback_idea_fts_update",
    "DROP TRIGGER IF EXISTS feedback_idea_fts_delete",
    "DROP TRIGGER IF EXISTS feedback_idea_fts_insert",
    "DROP TABLE IF EXISTS feedback_idea_fts",
]
POSTGRES_DOCUMENT = "to_tsvector('english', title || ' ' || body)"
POSTGRES_SETUP = [
    f"CREATE INDEX IF NOT EXISTS idea_search ON feedback_idea USING GIN ({POSTGRES_DOCUMENT})"
]
POSTGRES_TEARDOWN = ["DROP INDEX IF EXISTS idea_search"]


def search_terms(text: str) -> list[str]:
    return _WORD.findall(text.lower())[:12]


def filter_by_search(ideas: QuerySet, text: str) -> QuerySet:
    """Keep the ideas matching every word typed (each word also as a prefix)."""
    terms = search_terms(text)
    if not terms:
        return ideas
    if connection.vendor == "postgresql":
        query = " & ".join(f"{term}:*" for term in terms)
        # The query text is a bound parameter; only our constant expression is interpolated.
        sql = f"SELECT id FROM feedback_idea WHERE {POSTGRES_DOCUMENT} @@ to_tsquery('english', %s)"  # noqa: S608, E501
        return ideas.filter(pk__in=RawSQL(sql, [query]))  # noqa: S611
    query = " ".join(f'"{term}"*' for term in terms)
    sql = "SELECT rowid FROM feedback_idea_fts WHERE feedback_idea_fts MATCH %s"
    return ideas.filter(pk__in=RawSQL(sql, [query]))  # noqa: S611


def create_search_index(schema_editor) -> None:
    statements = {"sqlite": SQLITE_SETUP, "postgresql": POSTGRES_SETUP}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("INSERT INTO feedback_idea_fts(feedback_idea_fts) VALUES ('rebuild')")


def drop_search_index(schema_editor) -> None:
    statements = {"sqlite": SQLITE_TEARDOWN, "postgresql": POSTGRES_TEARDOWN}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
