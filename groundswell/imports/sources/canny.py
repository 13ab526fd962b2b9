"""Canny, from its REST API (https://developers.canny.io/api-reference).

Canny has no export file of its own beyond a posts CSV, so a board is moved with
the JSON its API returns: save the responses of POST /api/v1/boards/list,
/posts/list, /votes/list and /comments/list (each page, if there are several) as
.json files, or in one zip. Each file is an object with any of the keys
"boards", "posts", "votes", "comments", holding the API's objects unchanged.
"""

import json

from groundswell.feedback.models import StatusMeaning
from groundswell.imports.boards import Comment, Export, Person, Post, Vote
from groundswell.imports.dates import parse_date
from groundswell.imports.errors import UnreadableFile
from groundswell.imports.services import meaning_for

# Canny's built-in statuses; custom ones are matched by their words (see meaning_for).
STATUSES = {
    "open": StatusMeaning.OPEN,
    "under review": StatusMeaning.UNDER_REVIEW,
    "planned": StatusMeaning.PLANNED,
    "in progress": StatusMeaning.IN_PROGRESS,
    "complete": StatusMeaning.SHIPPED,
    "closed": StatusMeaning.CLOSED,
}


def read_export(files: list[tuple[str, bytes]]) -> Export:
    export = Export(source="canny")
    lists: dict[str, list[dict]] = {"boards": [], "posts": [], "votes": [], "comments": []}
    for name, content in files:
        if not name.endswith(".json"):
            export.ignored.append(name)
            continue
        try:
            data = json.loads(content)
        except (ValueError, UnicodeDecodeError) as error:
            raise UnreadableFile(f"{name} is not JSON: {error}") from None
        if not isinstance(data, dict) or not lists.keys() & data.keys():
            raise UnreadableFile(
                f"{name} holds none of boards, posts, votes, comments: "
                "save the responses of Canny's list endpoints."
            )
        for key in lists:
            lists[key].extend(data.get(key) or [])
    if not lists["posts"]:
        raise UnreadableFile("No posts found: include the response of Canny's posts/list.")

    boards = {board["id"]: board.get("name", "") for board in lists["boards"]}
    seen_posts: set[str] = set()
    for item in lists["posts"]:
        if item["id"] in seen_posts:
            continue  # the same post on two pages
        seen_posts.add(item["id"])
        status = (item.get("status") or "open").lower()
        meaning = STATUSES.get(status) or meaning_for(status)
        if meaning is None:
            export.problems.append(
                f"post {item['id']}: Canny status “{status}” has no match here; it stays open."
            )
        board = item.get("board") or {}
        export.posts.append(
            Post(
                id=item["id"],
                board=board.get("name") or boards.get(board.get("id"), ""),
                title=item.get("title") or "",
                body=item.get("details") or "",
                author=_person(item.get("author")),
                created_at=parse_date(item.get("created")),
                status=meaning or StatusMeaning.OPEN,
                status_changed_at=parse_date(item.get("statusChangedAt")),
                tags=[tag["name"] for tag in item.get("tags") or [] if tag.get("name")],
            )
        )
    for item in lists["votes"]:
        export.votes.append(
            Vote(
                id=item["id"],
                post_id=(item.get("post") or {}).get("id", ""),
                voter=_person(item.get("voter")),
                created_at=parse_date(item.get("created")),
                on_behalf=bool(item.get("by")),
            )
        )
    for item in lists["comments"]:
        export.comments.append(
            Comment(
                id=item["id"],
                post_id=(item.get("post") or {}).get("id", ""),
                author=_person(item.get("author")),
                body=item.get("value") or "",
                created_at=parse_date(item.get("created")),
                internal=bool(item.get("internal") or item.get("private")),
            )
        )
    return export


def _person(user: dict | None) -> Person | None:
    if not user:
        return None
    return Person(email=(user.get("email") or "").strip(), name=user.get("name") or "")
