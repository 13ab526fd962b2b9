"""Moving whole boards: Canny (API JSON), Fider (backup.zip) and UserVoice (CSV exports),
each from a realistic export built from the product's documented format."""

import datetime as dt
import zipfile

from groundswell.feedback.models import Comment, Idea, IdeaEvent, StatusMeaning, Vote, VoteSource
from groundswell.imports import boards
from groundswell.imports.sources import canny, fider, uservoice
from groundswell.imports.sources.files import read_files
from groundswell.notifications.models import Event
from tests.imports.conftest import FIXTURES


def _run(module, workspace, actor, paths, board=None):
    export = module.read_export(list(read_files(paths)))
    return boards.import_export(workspace, actor, export, board)


def _utc(*parts):
    return dt.datetime(*parts, tzinfo=dt.UTC)


def test_canny_moves_posts_votes_comments_statuses_and_dates(workspace, alice):
    summary = _run(canny, workspace, alice, sorted((FIXTURES / "canny").glob("*.json")))
    ideas = {idea.title: idea for idea in Idea.objects.filter(workspace=workspace)}
    assert set(ideas) == {"Dark mode", "Export to CSV", "Slack integration", "Offline mode"}
    dark = ideas["Dark mode"]
    assert dark.board.name == "Feature Requests"
    assert dark.author.email == "ada@example.com"
    assert dark.created_at == _utc(2023, 1, 10, 14, 3, 21, 512000)
    assert dark.status.meaning == StatusMeaning.IN_PROGRESS
    assert [tag.name for tag in dark.tags.all()] == ["UI"]
    assert ideas["Export to CSV"].status.meaning == StatusMeaning.SHIPPED
    assert ideas["Slack integration"].status.meaning == StatusMeaning.UNDER_REVIEW
    assert ideas["Offline mode"].status.meaning == StatusMeaning.CLOSED
    # Votes: 8 in the export, one by a voter without an email is reported.
    assert summary.votes.imported == 7
    assert Vote.objects.filter(idea__workspace=workspace).count() == 7
    assert {v.voter.email for v in dark.votes.all()} == {
        "ada@example.com",
        "ben@example.org",
        "cy@example.net",
    }
    assert dark.votes.get(voter__email="cy@example.net").created_at == _utc(2023, 1, 12, 9, 30)
    on_behalf = ideas["Export to CSV"].votes.get(voter__email="cy@example.net")
    assert on_behalf.source == VoteSource.ON_BEHALF and on_behalf.cast_by == alice
    dark.refresh_from_db()
    assert dark.vote_count == 3 and dark.comment_count == 1
    assert summary.comments.imported == 4
    internal = Comment.objects.get(idea=dark, is_internal=True)
    assert internal.author.email == "dee@acme.example"
    assert internal.created_at == _utc(2023, 4, 2, 10, 5)
    status_event = IdeaEvent.objects.get(idea=dark, kind="status_changed")
    assert status_event.created_at == _utc(2023, 4, 2, 10)
    assert not Event.objects.exists()  # history moved in notifies nobody
    assert len(summary.problems) == 1 and "no email address" in summary.problems[0]


def test_canny_import_twice_creates_nothing_twice(workspace, alice):
    paths = sorted((FIXTURES / "canny").glob("*.json"))
    _run(canny, workspace, alice, paths)
    counts = (Idea.objects.count(), Vote.objects.count(), Comment.objects.count())
    again = _run(canny, workspace, alice, paths)
    assert (Idea.objects.count(), Vote.objects.count(), Comment.objects.count()) == counts
    assert again.ideas.imported == again.votes.imported == again.comments.imported == 0
    assert again.ideas.already_imported == 4
    assert again.votes.already_imported == 7
    assert again.comments.already_imported == 4


def test_fider_backup_zip_with_duplicates_merged(workspace, alice, tmp_path):
    backup = tmp_path / "backup.zip"
    with zipfile.ZipFile(backup, "w") as archive:
        for path in (FIXTURES / "fider-backup").glob("*.json"):
            archive.write(path, path.name)
    summary = _run(fider, workspace, alice, [backup])
    ideas = {idea.title: idea for idea in Idea.objects.filter(workspace=workspace)}
    assert set(ideas) == {
        "Add SAML single sign-on",
        "Two-factor authentication",
        "SSO with SAML please",
        "Public API",
    }  # the deleted spam post is reported, not imported
    saml = ideas["Add SAML single sign-on"]
    assert saml.board.name == "Acme Feedback"
    assert saml.author.email == "ana@example.com"
    assert saml.status.meaning == StatusMeaning.PLANNED
    assert sorted(tag.name for tag in saml.tags.all()) == ["Enterprise", "Security"]
    event = IdeaEvent.objects.get(idea=saml, kind="status_changed")
    assert event.message == "On the roadmap for Q3."
    assert event.created_at == _utc(2021, 5, 1, 12)
    assert ideas["Two-factor authentication"].status.meaning == StatusMeaning.SHIPPED
    assert ideas["Two-factor authentication"].votes.count() == 3
    duplicate = ideas["SSO with SAML please"]
    duplicate.refresh_from_db()
    saml.refresh_from_db()
    assert duplicate.merged_into == saml
    assert saml.vote_count == 3  # Ana and Bo on the original, Cleo on its duplicate
    assert summary.votes.imported == 7
    assert summary.comments.imported == 2
    assert Comment.objects.get(idea=saml).created_at == _utc(2021, 4, 3, 10, 1)
    assert sorted(p.split(":")[0] for p in summary.problems) == ["comment 23", "post #5"]
    again = _run(fider, workspace, alice, [backup])
    assert again.ideas.imported == again.votes.imported == again.merges.imported == 0
    assert Idea.objects.count() == 4


def test_uservoice_csv_exports(workspace, alice):
    paths = sorted((FIXTURES / "uservoice").glob("*.csv"))
    summary = _run(uservoice, workspace, alice, paths)
    ideas = {idea.title: idea for idea in Idea.objects.filter(workspace=workspace)}
    assert len(ideas) == 4
    calendar = ideas["Calendar sync"]
    assert calendar.board.name == "Product ideas"
    assert calendar.status.meaning == StatusMeaning.IN_PROGRESS
    assert calendar.created_at == _utc(2019, 6, 3, 14, 22, 5)
    assert sorted(tag.name for tag in calendar.tags.all()) == ["Calendar", "Integrations"]
    assert {vote.voter.email for vote in calendar.votes.all()} == {
        "mia@example.com",
        "noah@example.com",
        "liv@example.org",
    }
    assert ideas["Recurring tasks"].status.meaning == StatusMeaning.SHIPPED
    assert ideas["Gantt chart view"].status.meaning == StatusMeaning.UNDER_REVIEW
    repeat = Idea.objects.get(title="Repeat tasks weekly")
    assert repeat.merged_into == ideas["Recurring tasks"]
    assert summary.votes.imported == 7 and summary.comments.imported == 3
    comment = Comment.objects.get(idea=calendar)
    assert comment.author.name == "Noah Berg"
    assert comment.created_at == _utc(2019, 6, 4, 8, 5)
    assert summary.problems == []
    assert not Event.objects.exists()  # old comments and statuses notify nobody
    again = _run(uservoice, workspace, alice, paths)
    assert again.votes.imported == 0 and Vote.objects.count() == 7
