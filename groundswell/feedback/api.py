"""REST API for boards, ideas, votes, comments, statuses and tags."""

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["boards"])


class BoardOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    is_public: bool


@router.get("/boards", response=list[BoardOut])
def list_boards(request: HttpRequest):
    return request.workspace.boards.all()
