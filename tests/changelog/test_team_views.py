"""The team's changelog pages: admins and owners only, one workspace's entries each."""

import pytest
from django.urls import reverse

from groundswell.changelog import services
from groundswell.changelog.models import ChangelogEntry
from groundswell.feedback.models import Idea, StatusMeaning
from groundswell.workspaces.models import Role
from groundswell.workspaces.services import add_member
from tests.conftest import client_for


def team_urls(workspace, entry) -> list[str]:
    slug = workspace.slug
    return [
        reverse("changelog_team:entries", args=[slug]),
        reverse("changelog_team:create", args=[slug]),
        reverse("changelog_team:edit", args=[slug, entry.pk]),
        reverse("changelog_team:ideas", args=[slug, entry.pk]),
        reverse("changelog_team:publish", args=[slug, entry.pk]),
        reverse("changelog_team:delete", args=[slug, entry.pk]),
    ]


def test_owner_and_admin_see_every_page(entry, workspace, alice_client, charlie):
    add_member(workspace, charlie, Role.ADMIN)
    for client in (alice_client, client_for(charlie)):
        for url in team_urls(workspace, entry):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["bob", "carol", "charlie"])
def test_members_customers_and_outsiders_are_refused(entry, workspace, voted_idea, who, request):
    client = client_for(request.getfixturevalue(who))
    for url in team_urls(workspace, entry):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "Hacked", "ideas": [voted_idea.pk]}).status_code == 403
    entry.refresh_from_db()
    assert entry.title == "Dark mode is here" and entry.published_at is None
    assert ChangelogEntry.objects.count() == 1


def test_anonymous_people_are_sent_to_sign_in(entry, workspace):
    client = client_for(None)
    for url in team_urls(workspace, entry):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/sign-in" in response["Location"], url
        assert client.post(url, {"title": "x"}).status_code == 302
    assert ChangelogEntry.objects.get().published_at is None


def test_globex_never_sees_acme_entries(entry, other_workspace, charlie_client, globex_entry):
    own = charlie_client.get(reverse("changelog_team:entries", args=["globex"]))
    assert own.status_code == 200
    assert "Globex secret launch" in own.content.decode()
    assert "Dark mode is here" not in own.content.decode()
    for url in team_urls(other_workspace, entry):
        if str(entry.pk) in url:
            assert charlie_client.get(url).status_code == 404, url
            assert charlie_client.post(url).status_code == 404, url
    assert ChangelogEntry.objects.get(pk=entry.pk).published_at is None


def test_admin_writes_links_and_publishes_an_entry(workspace, alice_client, voted_idea):
    response = alice_client.post(
        reverse("changelog_team:create", args=["acme"]),
        {"title": "Dark mode", "body": "It is *here*.", "labels": ["new", "improved"]},
    )
    entry = ChangelogEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("changelog_team:ideas", args=["acme", entry.pk])
    assert entry.labels == ["new", "improved"] and entry.published_at is None
    assert entry.body_html == "<p>It is <em>here</em>.</p>\n"

    page = alice_client.get(reverse("changelog_team:ideas", args=["acme", entry.pk]), {"q": "dark"})
    assert "Dark mode" in page.content.decode()
    alice_client.post(
        reverse("changelog_team:ideas", args=["acme", entry.pk]), {"ideas": [voted_idea.pk]}
    )
    assert list(entry.ideas.all()) == [voted_idea]

    alice_client.post(
        reverse("changelog_team:edit", args=["acme", entry.pk]),
        {"title": "Dark mode, finally", "body": "", "labels": ["fixed"]},
    )
    entry.refresh_from_db()
    assert entry.title == "Dark mode, finally" and entry.labels == ["fixed"]

    response = alice_client.post(reverse("changelog_team:publish", args=["acme", entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    voted_idea.refresh_from_db()
    assert entry.published_at is not None
    assert voted_idea.status.meaning == StatusMeaning.SHIPPED


def test_bad_input_is_explained_and_nothing_is_saved(workspace, alice_client):
    response = alice_client.post(
        reverse("changelog_team:create", args=["acme"]), {"title": "", "labels": ["bogus"]}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ChangelogEntry.objects.exists()


def test_picking_another_workspaces_idea_is_refused(entry, alice_client, other_workspace):
    globex_idea = Idea.objects.get(workspace=other_workspace)
    response = alice_client.post(
        reverse("changelog_team:ideas", args=["acme", entry.pk]), {"ideas": [globex_idea.pk]}
    )
    assert response.status_code == 400
    assert not entry.ideas.filter(pk=globex_idea.pk).exists()
    assert entry.ideas.count() == 1


def test_delete_removes_the_entry(entry, alice_client):
    response = alice_client.post(reverse("changelog_team:delete", args=["acme", entry.pk]))
    assert response.status_code == 302
    assert not ChangelogEntry.objects.exists()


def test_publishing_an_already_published_entry_says_so(entry, alice, alice_client):
    services.publish_entry(entry, alice)
    response = alice_client.post(
        reverse("changelog_team:publish", args=["acme", entry.pk]), follow=True
    )
    assert "was already published" in response.content.decode()


def test_team_navigation_links_admins_to_the_changelog(workspace, alice_client, bob_client):
    url = reverse("changelog_team:entries", args=["acme"])
    assert url in alice_client.get(reverse("workspaces:dashboard", args=["acme"])).content.decode()
    assert (
        url not in bob_client.get(reverse("workspaces:dashboard", args=["acme"])).content.decode()
    )


def test_the_list_shows_drafts_first_then_newest_published(entry, workspace, alice, alice_client):
    services.publish_entry(entry, alice)
    services.create_entry(workspace, alice, "Work in progress")
    later = services.create_entry(workspace, alice, "Faster search")
    services.publish_entry(later, alice)
    html = alice_client.get(reverse("changelog_team:entries", args=["acme"])).content.decode()
    assert html.index("Work in progress") < html.index("Faster search")
    assert html.index("Faster search") < html.index("Dark mode is here")
