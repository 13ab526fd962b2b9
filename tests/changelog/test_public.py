"""The public changelog and entry pages: published entries only, private ideas to the team."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from groundswell.changelog import services
from groundswell.changelog.models import ChangelogEntry
from tests.conftest import client_for


def page(client, slug="acme", **params) -> str:
    response = client.get(reverse("changelog:index", args=[slug]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_published_entries_show_newest_first_with_labels_and_ideas(entry, workspace, alice):
    services.publish_entry(entry, alice)
    newer = services.create_entry(workspace, alice, "Faster search", "", ["improved"])
    services.publish_entry(newer, alice)
    html = page(client_for(None))
    assert html.index("Faster search") < html.index("Dark mode is here")
    assert "Improved" in html and "New" in html
    assert "<strong>Settings</strong>" in html
    assert reverse("feedback:idea", args=["acme", entry.ideas.get().pk]) in html


def test_drafts_are_not_shown(entry, carol):
    html = page(client_for(carol))
    assert "Dark mode is here" not in html
    assert "Nothing published yet." in html


def test_private_ideas_show_only_to_the_team(entry, alice, private_idea, carol, bob):
    services.set_entry_ideas(entry, [entry.ideas.get(), private_idea])
    services.publish_entry(entry, alice)
    detail = reverse("changelog:entry", args=["acme", entry.pk])
    for client in (client_for(None), client_for(carol)):
        assert "Secret pricing change" not in page(client)
        assert "Secret pricing change" not in client.get(detail).content.decode()
        assert "Dark mode" in page(client)
    assert "Secret pricing change" in page(client_for(bob))
    assert "Secret pricing change" in client_for(bob).get(detail).content.decode()


def test_an_entry_page_404s_for_drafts_except_to_the_team(entry, carol, bob):
    url = reverse("changelog:entry", args=["acme", entry.pk])
    assert client_for(None).get(url).status_code == 404
    assert client_for(carol).get(url).status_code == 404
    preview = client_for(bob).get(url)
    assert preview.status_code == 200 and "Draft" in preview.content.decode()


def test_globex_changelog_never_shows_acme_entries(entry, alice, globex_entry, charlie):
    services.publish_entry(entry, alice)
    globex = page(client_for(charlie), "globex")
    assert "Globex secret launch" in globex and "Dark mode is here" not in globex
    assert "Globex secret launch" not in page(client_for(None))
    wrong = reverse("changelog:entry", args=["globex", entry.pk])
    assert client_for(charlie).get(wrong).status_code == 404


def test_pages_of_ten_entries(workspace, alice):
    start = timezone.now() - timedelta(days=30)
    for number in range(12):
        made = services.create_entry(workspace, alice, f"Entry number {number:02}")
        services.publish_entry(made, alice)
        ChangelogEntry.objects.filter(pk=made.pk).update(
            published_at=start + timedelta(days=number)
        )
    first, second = page(client_for(None)), page(client_for(None), page=2)
    assert "Entry number 11" in first and "Entry number 02" in first
    assert "Entry number 01" not in first and 'rel="next"' in first
    assert "Entry number 01" in second and "Entry number 00" in second
    assert "Entry number 11" not in second


def test_the_page_links_its_feed_and_the_portal_links_the_changelog(workspace):
    client = client_for(None)
    html = page(client)
    feed = reverse("changelog:feed", args=["acme"])
    assert '<link rel="alternate" type="application/atom+xml"' in html and feed in html
    home = client.get(reverse("feedback:workspace_home", args=["acme"])).content.decode()
    assert reverse("changelog:index", args=["acme"]) in home


def test_an_unknown_workspace_is_404(db):
    assert client_for(None).get("/nowhere/changelog/").status_code == 404
