"""A board's rows are rendered once for everyone they look the same to (signed-out
visitors; a rendering shared by signed-in people) and again as soon as anything
they show changes. A row rendered for one signed-in person is never reused."""

import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.test.signals import template_rendered

from groundswell.feedback import services
from groundswell.feedback.templatetags.feedback import ROW_TEMPLATE
from tests.conftest import client_for
from tests.notifications.conftest import status


@pytest.fixture
def rows_rendered():
    """How many times the row template was rendered, as a list to read after requests."""
    caches["fragments"].clear()
    rendered = []

    def count(sender, template, **kwargs):
        if template.name == ROW_TEMPLATE:
            rendered.append(template.name)

    template_rendered.connect(count)
    yield rendered
    template_rendered.disconnect(count)
    caches["fragments"].clear()


def board_url(board) -> str:
    return f"/acme/boards/{board.slug}/"


def test_a_visitors_rows_are_rendered_once(rows_rendered, board, idea, carol):
    services.create_idea(board, carol, "Export to CSV")
    first = Client().get(board_url(board)).text
    assert len(rows_rendered) == 2
    second = Client().get(board_url(board)).text
    assert len(rows_rendered) == 2  # both rows reused
    assert second == first


def test_only_the_row_that_changed_is_rendered_again(rows_rendered, board, idea, carol, dave):
    services.create_idea(board, carol, "Export to CSV")
    Client().get(board_url(board))
    services.add_vote(idea, dave)
    page = Client().get(board_url(board)).text
    assert len(rows_rendered) == 3
    assert re.search(r'vote for Dark mode">\s*<span aria-hidden="true">▲</span>'
                     r'<span class="vote-count">2</span>', page)  # fmt: skip


def retitle(workspace, idea, alice):
    services.update_idea(idea, alice, title="Dark theme everywhere", body="")
    return "Dark theme everywhere"


def ship(workspace, idea, alice):
    services.change_status(idea, status(workspace, "shipped"), alice)
    return 'title="Voting is closed"'


def rename_status(workspace, idea, alice):
    open_status = status(workspace, "open")
    services.update_status(open_status, name="Fresh", meaning="open", colour=open_status.colour)
    return f'--status: {open_status.colour}">Fresh<'


def close_voting(workspace, idea, alice):
    open_status = status(workspace, "open")
    services.update_status(
        open_status, name=open_status.name, meaning="closed", colour=open_status.colour
    )
    return 'title="Voting is closed"'


def tag(workspace, idea, alice):
    services.tag_idea(idea, services.create_tag(workspace, "Accessibility"))
    return '<span class="tag">Accessibility</span>'


def rename_tag(workspace, idea, alice):
    ui = services.create_tag(workspace, "UI")
    services.tag_idea(idea, ui)
    Client().get(f"/acme/boards/{idea.board.slug}/")  # cached with the old name
    services.update_tag(ui, name="Interface", colour="#0ea5e9")
    return '<span class="tag">Interface</span>'


def comment(workspace, idea, alice):
    services.add_comment(idea, alice, "On the roadmap.")
    return "1 comment<"


CHANGES = [retitle, ship, rename_status, close_voting, tag, rename_tag, comment]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_a_row_shows_every_change_at_once(rows_rendered, workspace, board, idea, alice, change):
    before = Client().get(board_url(board)).text
    expected = change(workspace, idea, alice)
    assert expected not in before
    assert expected in Client().get(board_url(board)).text


def test_a_signed_in_persons_own_rows_are_never_reused(rows_rendered, board, carol, dave):
    services.create_idea(board, dave, "Export to CSV")  # Dave's vote, as its author
    daves = client_for(dave).get(board_url(board)).text
    carols = client_for(carol).get(board_url(board)).text
    assert len(rows_rendered) == 2  # rendered for each of them
    assert "Remove your vote for Export to CSV" in daves
    assert 'aria-label="Vote for Export to CSV"' in carols
    assert "Remove your vote" not in carols
    Client().get(board_url(board))
    assert len(rows_rendered) == 3  # a visitor's row is rendered apart from theirs


def test_the_team_and_everyone_else_share_rows_not_pages(
    rows_rendered, settings, board, idea, bob, carol
):
    settings.SIGNED_IN_PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    teams = client_for(bob).get(board_url(board)).text
    carols = client_for(carol).get(board_url(board)).text
    caches["pages"].clear()
    assert len(rows_rendered) == 1  # the team's copy drew the row; Carol's reused it
    assert "Remove your vote for Dark mode" in carols  # her own vote, cut in for her
    assert 'aria-label="Vote for Dark mode"' in teams
    assert "<!--gs:" not in teams + carols


@pytest.fixture
def dave(db):
    from groundswell.accounts.models import User

    return User.objects.create_user("dave@customer.example", "a-long-password-1", name="Dave")
