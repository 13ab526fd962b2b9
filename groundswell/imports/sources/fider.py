"""Fider, from the backup its administrators download at Site Settings → Export →
“Download backup” (/admin/export/backup.zip).

The zip holds one JSON file per table, each an array of the table's rows as
Fider's PostgreSQL store has them (getfider/fider, app/pkg/backup): posts.json,
post_votes.json, comments.json, users.json, tags.json, post_tags.json,
tenants.json and more we do not need. Statuses are numbers
(app/models/enum/post_status.go). The files can also be given one by one.
"""

import json
from pathlib import PurePosixPath

from groundswell.feedback.models import StatusMeaning
from groundswell.imports.boards import Comment, Export, Person, Post, Vote
from groundswell.imports.dates import parse_date
from groundswell.imports.errors import UnreadableFile

OPEN, STARTED, COMPLETED, DECLINED, PLANNED, DUPLICATE, DELETED = range(7)
STATUSES = {
    OPEN: StatusMeaning.OPEN,
    STARTED: StatusMeaning.IN_PROGRESS,
    COMPLETED: StatusMeaning.SHIPPED,
    DECLINED: StatusMeaning.CLOSED,
    PLANNED: StatusMeaning.PLANNED,
    DUPLICATE: StatusMeaning.CLOSED,
}
TABLES = ("posts", "post_votes", "comments", "users", "tags", "post_tags", "tenants")


def read_export(files: list[tuple[str, bytes]]) -> Export:
    tables: dict[str, list[dict]] = {table: [] for table in TABLES}
    ignored = []
    for name, content in files:
        table = PurePosixPath(name).stem
        if table not in tables or not name.endswith(".json"):
            ignored.append(name)  # other tables and uploaded images: nothing to import
            continue
        try:
            rows = json.loads(content)
        except (ValueError, UnicodeDecodeError) as error:
            raise UnreadableFile(f"{name} is not JSON: {error}") from None
        if not isinstance(rows, list):
            raise UnreadableFile(f"{name} should hold a list of rows.")
        tables[table].extend(rows)
    if not tables["posts"]:
        raise UnreadableFile(
            "No posts.json found: give Fider's backup.zip (Site Settings → Export)."
        )

    export = Export(source="fider", ignored=ignored)
    users = {
        row["id"]: Person(row.get("email") or "", row.get("name") or "") for row in tables["users"]
    }
    tags = {row["id"]: row["name"] for row in tables["tags"]}
    tags_of: dict[int, list[str]] = {}
    for row in tables["post_tags"]:
        if row.get("tag_id") in tags:
            tags_of.setdefault(row["post_id"], []).append(tags[row["tag_id"]])
    board = next((row.get("name") for row in tables["tenants"] if row.get("name")), "") or "Fider"
    posts = {row["id"]: row for row in tables["posts"]}

    for row in tables["posts"]:
        status = row.get("status") or OPEN
        if status == DELETED:
            export.problems.append(f"post #{row.get('number')}: deleted in Fider, not imported.")
            continue
        original = posts.get(row.get("original_id")) if status == DUPLICATE else None
        export.posts.append(
            Post(
                id=str(row["id"]),
                board=board,
                title=row.get("title") or "",
                body=row.get("description") or "",
                author=users.get(row.get("user_id")),
                created_at=parse_date(row.get("created_at")),
                status=STATUSES.get(status, StatusMeaning.OPEN),
                status_changed_at=parse_date(row.get("response_date")),
                status_message=row.get("response") or "",
                tags=tags_of.get(row["id"], []),
                merged_into=str(original["id"]) if original else "",
            )
        )
    for row in tables["post_votes"]:
        export.votes.append(
            Vote(
                id=f"{row['post_id']}:{row['user_id']}",
                post_id=str(row["post_id"]),
                voter=users.get(row.get("user_id")),
                created_at=parse_date(row.get("created_at")),
            )
        )
    for row in tables["comments"]:
        if row.get("deleted_at"):
            export.problems.append(f"comment {row['id']}: deleted in Fider, not imported.")
            continue
        export.comments.append(
            Comment(
                id=str(row["id"]),
                post_id=str(row["post_id"]),
                author=users.get(row.get("user_id")),
                body=row.get("content") or "",
                created_at=parse_date(row.get("created_at")),
            )
        )
    return export
