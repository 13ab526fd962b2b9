"""`groundswell seed`: benchmark data whose counters match its rows, and clear refusals."""

import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q
from django.utils import timezone

from groundswell.feedback.models import Comment, Idea, IdeaEvent, Vote
from groundswell.feedback.search import filter_by_search
from groundswell.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = StringIO()
    call_command("seed", stdout=out, **options)
    return out.getvalue()


def test_seed_creates_the_rows_asked_for_with_counters_equal_to_rows():
    output = seed(ideas=200, votes=2_000, comments=100, workspace="loadtest", boards=3, people=50)

    workspace = Workspace.objects.get(slug="loadtest")
    ideas = Idea.objects.filter(workspace=workspace)
    assert ideas.count() == 200
    assert workspace.boards.count() == 3
    assert Vote.objects.filter(idea__workspace=workspace).count() == 2_000
    assert Comment.objects.filter(idea__workspace=workspace).count() == 100
    assert IdeaEvent.objects.filter(idea__workspace=workspace, kind="created").count() == 200
    counted = ideas.annotate(
        votes_counted=Count("votes", distinct=True),
        comments_counted=Count(
            "comments",
            filter=Q(comments__is_internal=False, comments__hidden_at__isnull=True),
            distinct=True,
        ),
    )
    for idea in counted:
        assert idea.vote_count == idea.votes_counted
        assert idea.comment_count == idea.comments_counted
    assert "counters match the rows" in output
    assert "ideas: 200/200 (100%)" in output


def test_seed_spreads_statuses_dates_and_recent_votes():
    seed(ideas=200, votes=2_000, comments=0, workspace="loadtest", people=50)

    ideas = Idea.objects.filter(workspace__slug="loadtest")
    assert ideas.values("status").distinct().count() >= 4
    now = timezone.now()
    assert ideas.filter(created_at__lt=now - timedelta(days=180)).exists()
    assert ideas.filter(created_at__gt=now - timedelta(days=180)).exists()
    recent = Vote.objects.filter(idea__in=ideas, created_at__gte=now - timedelta(days=14))
    assert recent.count() > 100
    assert not Vote.objects.filter(idea__in=ideas, created_at__gt=now).exists()


def test_seeded_ideas_are_found_by_search():
    seed(ideas=50, votes=100, comments=0, workspace="loadtest", people=10)

    idea = Idea.objects.filter(workspace__slug="loadtest").first()
    word = idea.title.split()[-1]  # "#N" is unique to each idea; its digits are a search word
    found = filter_by_search(Idea.objects.filter(workspace__slug="loadtest"), word)
    assert idea in found


def test_seed_twice_into_the_same_workspace_is_refused():
    seed(ideas=10, votes=10, comments=0, workspace="loadtest", people=5)

    with pytest.raises(CommandError, match="already exists"):
        seed(ideas=10, votes=10, comments=0, workspace="loadtest", people=5)
    assert Idea.objects.filter(workspace__slug="loadtest").count() == 10


@pytest.mark.parametrize(
    ("options", "advice"),
    [
        ({"ideas": -1}, "--ideas must be 0 or more"),
        ({"votes": -5}, "--votes must be 0 or more"),
        ({"boards": 0}, "--boards must be 1 or more"),
        ({"people": 0}, "--people must be 1 or more"),
        ({"ideas": 10, "votes": 100, "people": 3}, "Raise --people or --ideas"),
        ({"ideas": 0, "votes": 5}, "Votes and comments need ideas"),
        ({"workspace": "not a slug!"}, "not a valid address"),
        ({"workspace": "api"}, "reserved"),
    ],
)
def test_bad_arguments_are_refused_with_what_to_fix(options, advice):
    with pytest.raises(CommandError, match=advice):
        seed(**options)
    assert not Idea.objects.exists()


def test_bad_arguments_exit_non_zero_from_the_command_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "groundswell", "seed", "--ideas", "-3"],
        capture_output=True,
        text=True,
        env={"GROUNDSWELL_DEBUG": "true", "GROUNDSWELL_DATA_DIR": str(tmp_path), "PATH": ""},
        check=False,
    )
    assert result.returncode != 0
    assert "--ideas must be 0 or more" in result.stderr


def test_a_non_number_is_refused_by_the_parser(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "groundswell", "seed", "--votes", "lots"],
        capture_output=True,
        text=True,
        env={"GROUNDSWELL_DEBUG": "true", "GROUNDSWELL_DATA_DIR": str(tmp_path), "PATH": ""},
        check=False,
    )
    assert result.returncode != 0
    assert "--votes" in result.stderr
