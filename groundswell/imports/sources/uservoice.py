"""UserVoice, from the CSV exports of its admin console.

Column names are UserVoice's export fields (help.uservoice.com, “Export fields”,
article 360035485693): a suggestions export (suggestion.id, suggestion.title,
suggestion.body, suggestion.forum.name, suggestion.status.name,
suggestion.labels.name, suggestion.parent.id, suggestion.created_timestamp, and
the creator's user.email_address and user.name), a supporters (voters) export
with suggestion.id and the voter's user.* fields, and a comments export with
comment.id, comment.body, comment.created_timestamp, suggestion.id and the
commenter's user.* fields. Which file is which is told by its columns.
"""

import csv
import io

from groundswell.feedback.models import StatusMeaning
from groundswell.imports.boards import Comment, Export, Person, Post, Vote
from groundswell.imports.dates import parse_date
from groundswell.imports.errors import UnreadableFile
from groundswell.imports.services import meaning_for


def read_export(files: list[tuple[str, bytes]]) -> Export:
    export = Export(source="uservoice")
    kinds_found = set()
    for name, content in files:
        if not name.lower().endswith(".csv"):
            export.ignored.append(name)
            continue
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnreadableFile(f"{name} is not UTF-8 text.") from None
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        columns = set(rows[0]) if rows else set()
        if "comment.body" in columns:
            kinds_found.add("comments")
            _comments(export, name, rows)
        elif columns & {"suggestion.body", "suggestion.status.name"}:
            kinds_found.add("suggestions")
            _suggestions(export, name, rows)
        elif "suggestion.id" in columns and "user.email_address" in columns:
            kinds_found.add("supporters")
            _supporters(export, name, rows)
        elif rows:
            raise UnreadableFile(
                f"{name} is not a UserVoice suggestions, supporters or comments export."
            )
    if "suggestions" not in kinds_found:
        raise UnreadableFile(
            "No suggestions export found (a CSV with suggestion.body or suggestion.status.name)."
        )
    return export


def _person(row: dict) -> Person | None:
    email = (row.get("user.email_address") or "").strip()
    name = (row.get("user.name") or "").strip()
    return Person(email, name) if email or name else None


def _suggestions(export: Export, name: str, rows: list[dict]) -> None:
    for line, row in enumerate(rows, start=2):
        if not row.get("suggestion.id"):
            export.problems.append(f"{name} line {line}: no suggestion.id, not imported.")
            continue
        status = (row.get("suggestion.status.name") or "").strip()
        meaning = meaning_for(status) if status else StatusMeaning.OPEN
        if meaning is None:
            export.problems.append(
                f"suggestion {row['suggestion.id']}: status “{status}” has no match here; "
                "it stays open."
            )
        labels = row.get("suggestion.labels.name") or ""
        export.posts.append(
            Post(
                id=row["suggestion.id"],
                board=row.get("suggestion.forum.name") or "",
                title=row.get("suggestion.title") or "",
                body=row.get("suggestion.body") or "",
                author=_person(row),
                created_at=parse_date(row.get("suggestion.created_timestamp")),
                status=meaning or StatusMeaning.OPEN,
                tags=[label.strip() for label in labels.split(",") if label.strip()],
                merged_into=(row.get("suggestion.parent.id") or "").strip(),
            )
        )


def _supporters(export: Export, name: str, rows: list[dict]) -> None:
    for row in rows:
        email = (row.get("user.email_address") or "").strip().lower()
        export.votes.append(
            Vote(
                id=f"{row['suggestion.id']}:{email}",
                post_id=row["suggestion.id"],
                voter=_person(row),
                created_at=parse_date(row.get("supporter.created_timestamp")),
            )
        )


def _comments(export: Export, name: str, rows: list[dict]) -> None:
    for line, row in enumerate(rows, start=2):
        export.comments.append(
            Comment(
                id=row.get("comment.id") or f"{name}:{line}",
                post_id=row.get("suggestion.id") or "",
                author=_person(row),
                body=row.get("comment.body") or "",
                created_at=parse_date(row.get("comment.created_timestamp")),
            )
        )
