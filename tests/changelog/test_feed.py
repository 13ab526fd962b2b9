"""The Atom feed, read back by a real feed parser."""

import calendar
from datetime import timedelta

import feedparser
from django.urls import reverse
from django.utils import timezone

from groundswell.changelog import services
from groundswell.changelog.models import ChangelogEntry
from tests.conftest import client_for


def parsed(slug="acme"):
    response = client_for(None).get(reverse("changelog:feed", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def epoch(struct) -> int:
    return calendar.timegm(struct)


def test_entries_read_back_with_titles_links_dates_and_content(
    entry, workspace, alice, globex_entry
):
    services.publish_entry(entry, alice)
    older = services.create_entry(workspace, alice, "Tom & Jerry's <export>", "Fixed *it*.")
    services.publish_entry(older, alice)
    week_ago = timezone.now() - timedelta(days=7)
    ChangelogEntry.objects.filter(pk=older.pk).update(published_at=week_ago, updated_at=week_ago)
    services.create_entry(workspace, alice, "Secret draft")
    entry.refresh_from_db()

    feed = parsed()
    assert feed.version == "atom10"
    assert feed.feed.title == "Acme changelog"
    assert feed.feed.link.endswith("/acme/changelog/")
    assert [item.title for item in feed.entries] == ["Dark mode is here", "Tom & Jerry's <export>"]
    first, second = feed.entries
    assert first.link.endswith(f"/acme/changelog/{entry.pk}/")
    assert epoch(first.published_parsed) == int(entry.published_at.timestamp())
    assert epoch(first.updated_parsed) == int(entry.updated_at.timestamp())
    assert epoch(second.published_parsed) == int(week_ago.timestamp())
    assert "<strong>Settings</strong>" in first.content[0].value
    assert first.content[0].type == "text/html"
    assert "<em>it</em>" in second.content[0].value
    assert [tag.term for tag in first.tags] == ["New"]
    assert epoch(feed.feed.updated_parsed) == int(entry.updated_at.timestamp())


def test_drafts_and_other_workspaces_are_absent(entry, globex_entry, workspace):
    feed = parsed()
    assert feed.entries == []
    assert feed.feed.title == "Acme changelog"
    globex = parsed("globex")
    assert [item.title for item in globex.entries] == ["Globex secret launch"]
