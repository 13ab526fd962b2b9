import pytest

from groundswell.feedback import services
from groundswell.feedback.errors import WrongWorkspace
from groundswell.feedback.models import Idea, IdeaEvent, IdeaEventKind


def test_create_idea_renders_markdown_safely(board, carol):
    idea = services.create_idea(
        board, carol, "XSS attempt", "<script>alert(1)</script> [x](javascript:alert(1)) **ok**"
    )
    idea.refresh_from_db()
    assert "<script>" not in idea.body_html
    assert 'href="javascript' not in idea.body_html
    assert "&lt;script&gt;" in idea.body_html
    assert "<strong>ok</strong>" in idea.body_html


def test_create_idea_starts_with_default_status_and_history(board, carol, workspace):
    idea = services.create_idea(board, carol, "Calendar view")
    assert idea.status == workspace.statuses.get(is_default=True)
    assert IdeaEvent.objects.filter(idea=idea, kind=IdeaEventKind.CREATED, actor=carol).exists()


def test_update_idea_records_an_edit(idea, alice):
    services.update_idea(idea, alice, title="Dark theme", body="Night *mode*")
    idea.refresh_from_db()
    assert idea.title == "Dark theme"
    assert "<em>mode</em>" in idea.body_html
    assert IdeaEvent.objects.filter(idea=idea, kind=IdeaEventKind.EDITED, actor=alice).exists()


def test_move_idea_within_workspace(idea, alice, private_board):
    services.move_idea(idea, private_board, alice)
    idea.refresh_from_db()
    assert idea.board == private_board


def test_move_idea_to_another_workspace_is_refused(idea, alice, other_workspace):
    with pytest.raises(WrongWorkspace):
        services.move_idea(idea, other_workspace.boards.first(), alice)
    idea.refresh_from_db()
    assert idea.board.workspace_id == idea.workspace_id


def test_tag_from_another_workspace_is_refused(idea, other_workspace):
    foreign = services.create_tag(other_workspace, "Foreign")
    with pytest.raises(WrongWorkspace):
        services.tag_idea(idea, foreign)
    assert not idea.tags.exists()


def test_delete_idea_removes_votes_and_comments(idea, carol):
    services.add_comment(idea, carol, "hello")
    services.delete_idea(idea)
    assert not Idea.objects.filter(pk=idea.pk).exists()
