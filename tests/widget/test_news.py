"""The panel's "What's new" tab: the workspace's published changelog, public ideas only."""

from groundswell.changelog import services as changelog


def test_news_shows_published_entries_with_public_ideas_only(
    panel, workspace, alice, idea, private_idea
):
    entry = changelog.create_entry(workspace, alice, "Dark mode is here", "Finally **dark**.")
    changelog.set_entry_ideas(entry, [idea, private_idea])
    changelog.publish_entry(entry, alice)
    changelog.create_entry(workspace, alice, "Secret draft")

    response = panel.get("news/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dark mode is here" in page and "<strong>dark</strong>" in page
    assert f"Shipped: {idea.title}" in page
    assert private_idea.title not in page
    assert "Secret draft" not in page
    assert f'/acme/changelog/{entry.pk}/" target="_blank"' in page
    assert 'aria-current="page">What&#x27;s new</a>' in page


def test_globex_panel_never_shows_acmes_news(globex_keys, workspace, alice):
    from tests.widget.conftest import Panel

    entry = changelog.create_entry(workspace, alice, "Acme news")
    changelog.publish_entry(entry, alice)
    page = Panel(globex_keys).get("news/").content.decode()
    assert "Acme news" not in page
    assert "Nothing announced yet." in page
