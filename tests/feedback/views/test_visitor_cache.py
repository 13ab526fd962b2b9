"""Signed-out visitors may get a public page up to a few seconds old; signed-in people
never get a visitor's copy (they share their own: test_shared_pages.py)."""

import pytest
from django.core.cache import caches
from django.test import Client

from groundswell.feedback import services


@pytest.fixture
def page_cache(settings):
    settings.VISITOR_PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_visitors_share_a_recent_rendering(page_cache, board, idea, carol):
    url = f"/acme/boards/{board.slug}/"
    first = Client().get(url)
    assert "Dark mode" in first.text
    services.create_idea(board, carol, "Export to CSV")
    again = Client().get(url)
    assert "Export to CSV" not in again.text
    assert again["Cache-Control"] == "public, max-age=60"


def test_signed_in_people_never_get_a_visitors_copy(page_cache, board, idea, carol, carol_client):
    url = f"/acme/boards/{board.slug}/"
    Client().get(url)
    services.create_idea(board, carol, "Export to CSV")
    assert "Export to CSV" in carol_client.get(url).text


def test_visitor_pages_carry_nothing_personal(page_cache, board, idea):
    page = Client().get(f"/acme/boards/{board.slug}/").text
    assert "csrfmiddlewaretoken" not in page
    assert "X-CSRFToken" not in page
    assert "Sign in to vote for Dark mode" in page


def test_htmx_fragments_are_cached_apart_from_pages(page_cache, board, idea):
    url = f"/acme/boards/{board.slug}/?q=dark"
    full = Client().get(url)
    fragment = Client().get(url, headers={"HX-Request": "true", "HX-Target": "idea-list"})
    assert "<html" in full.text
    assert "<html" not in fragment.text


def test_private_boards_are_never_served_from_a_visitors_copy(
    page_cache, private_board, private_idea, bob_client
):
    url = f"/acme/boards/{private_board.slug}/"
    assert bob_client.get(url).status_code == 200
    assert Client().get(url).status_code == 404
