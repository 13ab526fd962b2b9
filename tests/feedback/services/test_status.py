import pytest

from groundswell.feedback import services
from groundswell.feedback.errors import StatusInUse, WrongWorkspace
from groundswell.feedback.models import IdeaEvent, IdeaEventKind, StatusMeaning


def test_change_status_records_who_when_and_message(idea, alice, workspace):
    planned = workspace.statuses.get(meaning=StatusMeaning.PLANNED)
    event = services.change_status(idea, planned, alice, "Coming next **quarter**.")
    idea.refresh_from_db()
    assert idea.status == planned
    event.refresh_from_db()
    assert event.kind == IdeaEventKind.STATUS_CHANGED
    assert event.actor == alice
    assert event.previous_status.meaning == StatusMeaning.OPEN
    assert event.message_html == "<p>Coming next <strong>quarter</strong>.</p>\n"


def test_setting_the_same_status_without_message_records_nothing(idea, alice):
    before = IdeaEvent.objects.filter(idea=idea).count()
    assert services.change_status(idea, idea.status, alice) is None
    assert IdeaEvent.objects.filter(idea=idea).count() == before


def test_status_of_another_workspace_is_refused(idea, alice, other_workspace):
    foreign = other_workspace.statuses.first()
    with pytest.raises(WrongWorkspace):
        services.change_status(idea, foreign, alice)
    idea.refresh_from_db()
    assert idea.status.workspace_id == idea.workspace_id


def test_status_in_use_cannot_be_deleted(idea, workspace):
    open_status = idea.status
    services.make_default_status(workspace.statuses.get(meaning=StatusMeaning.PLANNED))
    with pytest.raises(StatusInUse):
        services.delete_status(open_status)


def test_default_status_cannot_be_deleted(workspace):
    default = workspace.statuses.get(is_default=True)
    with pytest.raises(StatusInUse):
        services.delete_status(default)
