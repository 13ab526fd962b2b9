from datetime import timedelta

import pytest
from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.feedback import services
from groundswell.feedback.models import Vote
from groundswell.feedback.queries import BadCursor, list_ideas


@pytest.fixture
def ranked(board, carol):
    people = [User.objects.create_user(f"p{n}@example.com") for n in range(5)]
    ideas = []
    for n in range(5):
        idea = services.create_idea(board, carol, f"Idea number {n}", vote_for_it=False)
        for person in people[:n]:
            services.add_vote(idea, person)
        ideas.append(idea)
    return ideas


def test_top_pages_through_every_idea_once(board, ranked):
    seen, cursor = [], None
    while True:
        page = list_ideas(board.ideas.all(), sort="top", cursor=cursor, limit=2)
        seen += [idea.title for idea in page.ideas]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [f"Idea number {n}" for n in (4, 3, 2, 1, 0)]


def test_new_sorts_by_creation(board, ranked):
    page = list_ideas(board.ideas.all(), sort="new")
    assert page.ideas[0].title == "Idea number 4"


def test_trending_counts_only_recent_votes(board, ranked):
    old = ranked[4]
    Vote.objects.filter(idea=old).update(created_at=timezone.now() - timedelta(days=30))
    page = list_ideas(board.ideas.all(), sort="trending")
    assert page.ideas[0].title == "Idea number 3"
    assert old not in page.ideas


def test_filter_by_status_and_tag(board, ranked, workspace, alice):
    planned = workspace.statuses.get(slug="planned")
    services.change_status(ranked[1], planned, alice)
    tag = services.create_tag(workspace, "Mobile")
    services.tag_idea(ranked[2], tag)
    assert [i.pk for i in list_ideas(board.ideas.all(), status="planned").ideas] == [ranked[1].pk]
    assert [i.pk for i in list_ideas(board.ideas.all(), tag="mobile").ideas] == [ranked[2].pk]


@pytest.mark.parametrize("cursor", ["garbage", "e30", "eyJ2IjogImEiLCAiaWQiOiAxfQ"])
def test_bad_cursor_is_a_clear_error(board, ranked, cursor):
    with pytest.raises(BadCursor):
        list_ideas(board.ideas.all(), cursor=cursor)
