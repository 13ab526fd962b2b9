"""A person's notification settings: only their own, never anyone else's."""

from django.urls import reverse

from groundswell.feedback import services as feedback
from groundswell.feedback.models import Idea
from groundswell.notifications.models import (
    IdeaNotificationPreference,
    NotificationLevel,
    NotificationPreference,
)
from groundswell.notifications.services import set_idea_level, set_level
from tests.conftest import client_for

SETTINGS = "/notifications/settings/"


def level_url(idea) -> str:
    return reverse("notifications:idea_level", args=[idea.pk])


def forget_url(idea) -> str:
    return reverse("notifications:forget_idea_level", args=[idea.pk])


def test_anonymous_is_sent_to_sign_in_everywhere(idea):
    for method, url in (
        ("get", SETTINGS),
        ("post", SETTINGS),
        ("get", level_url(idea)),
        ("post", level_url(idea)),
        ("post", forget_url(idea)),
    ):
        response = getattr(client_for(None), method)(url, {"level": "none"})
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:sign_in"))
    assert not IdeaNotificationPreference.objects.exists()
    assert not NotificationPreference.objects.exists()


def test_settings_show_my_workspaces_and_my_idea_levels_only(
    idea, workspace, other_workspace, carol, charlie
):
    set_idea_level(carol, idea, NotificationLevel.SHIPPED_ONLY)
    globex_idea = Idea.objects.get(workspace=other_workspace)
    set_idea_level(charlie, globex_idea, NotificationLevel.NONE)
    page = client_for(carol).get(SETTINGS)
    assert page.status_code == 200
    assert "Acme" in page.text and "Globex" not in page.text
    assert "Dark mode" in page.text
    assert '<option value="shipped_only" selected>Only when it ships</option>' in page.text
    assert "Globex private plan" not in page.text
    charlies = client_for(charlie).get(SETTINGS).text
    assert "Globex private plan" in charlies and "Dark mode" not in charlies


def test_saving_workspace_levels(idea, workspace, carol):
    response = client_for(carol).post(SETTINGS, {f"level-{workspace.pk}": "all"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(person=carol, workspace=workspace).level == "all"


def test_a_bad_level_is_refused_and_nothing_saved(idea, workspace, carol):
    response = client_for(carol).post(SETTINGS, {f"level-{workspace.pk}": "loud"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not NotificationPreference.objects.exists()


def test_a_workspace_i_take_no_part_in_cannot_be_set(idea, workspace, other_workspace, carol):
    client_for(carol).post(
        SETTINGS, {f"level-{workspace.pk}": "status", f"level-{other_workspace.pk}": "all"}
    )
    assert not NotificationPreference.objects.filter(workspace=other_workspace).exists()


def test_setting_an_idea_level_is_only_ever_mine(idea, carol, charlie):
    set_idea_level(carol, idea, NotificationLevel.ALL)
    response = client_for(charlie).post(level_url(idea), {"level": "none"})
    assert response.status_code == 302
    assert IdeaNotificationPreference.objects.get(person=carol).level == "all"
    assert IdeaNotificationPreference.objects.get(person=charlie).level == "none"


def test_htmx_save_answers_in_place(idea, charlie):
    client = client_for(charlie)
    htmx = {"HX-Request": "true"}
    after_vote = client.post(level_url(idea), {"level": "none", "where": "vote"}, headers=htmx)
    assert after_vote.status_code == 200
    assert f'id="hear-vote-{idea.pk}">Saved.</p>' in after_vote.text
    assert "<html" not in after_vote.text
    on_settings = client.post(
        level_url(idea), {"level": "shipped_only", "where": "settings"}, headers=htmx
    )
    assert f'id="hear-settings-{idea.pk}"' in on_settings.text
    assert '<option value="shipped_only" selected>' in on_settings.text
    assert "Saved." in on_settings.text
    assert IdeaNotificationPreference.objects.get(person=charlie).level == "shipped_only"


def test_saving_returns_to_a_local_page_only(idea, charlie):
    client = client_for(charlie)
    back = client.post(level_url(idea), {"level": "all", "next": SETTINGS})
    assert back["Location"] == SETTINGS
    away = client.post(level_url(idea), {"level": "all", "next": "https://evil.example/"})
    assert away["Location"] == f"/acme/ideas/{idea.pk}/"


def test_a_bad_idea_level_is_refused(idea, charlie):
    response = client_for(charlie).post(level_url(idea), {"level": "loud"})
    assert response.status_code == 400
    assert "Choose one of the options" in response.text
    assert not IdeaNotificationPreference.objects.exists()


def test_an_idea_i_cannot_see_cannot_be_set(private_idea, carol):
    response = client_for(carol).post(level_url(private_idea), {"level": "all"})
    assert response.status_code == 404
    assert client_for(carol).get(level_url(private_idea)).status_code == 404
    missing = client_for(carol).post("/notifications/ideas/999999/level/", {"level": "all"})
    assert missing.status_code == 404
    assert not IdeaNotificationPreference.objects.exists()


def test_removing_touches_only_my_own_level(idea, carol, charlie):
    set_idea_level(carol, idea, NotificationLevel.ALL)
    response = client_for(charlie).post(forget_url(idea))
    assert response.status_code == 302
    assert IdeaNotificationPreference.objects.filter(person=carol).exists()
    client_for(carol).post(forget_url(idea))
    assert not IdeaNotificationPreference.objects.exists()
    assert client_for(carol).get(forget_url(idea)).status_code == 405


def test_an_idea_moved_to_a_private_board_leaves_my_settings_list(idea, private_board, carol):
    set_idea_level(carol, idea, NotificationLevel.ALL)
    feedback.move_idea(idea, private_board, carol)
    assert "Dark mode" not in client_for(carol).get(SETTINGS).text


def test_the_centre_and_every_email_link_to_the_settings(crowd, workspace, alice, carol):
    from groundswell.notifications.models import Delivery
    from groundswell.notifications.services import email_for, fan_out_pending
    from tests.notifications.conftest import status

    assert f'href="{SETTINGS}"' in client_for(carol).get("/notifications/").text
    set_level(carol.pk, workspace, NotificationLevel.ALL)
    feedback.change_status(crowd, status(workspace, "planned"), alice)
    feedback.add_comment(crowd, alice, "Planned for May.")
    fan_out_pending()
    emails = Delivery.objects.filter(person=carol, channel="email")
    assert {d.event.kind for d in emails} == {"status_changed", "official_reply"}
    for delivery in emails:
        message = email_for(delivery)
        assert SETTINGS in message.body
        assert SETTINGS in message.alternatives[0].content


def test_unsubscribe_tokens_signed_for_anything_else_are_refused(workspace, carol):
    from django.core import signing

    payload = {"p": carol.pk, "w": workspace.pk}
    for forged in (
        signing.dumps(payload),  # no salt: some other signed value of the site
        signing.dumps(payload, salt="groundswell.accounts.magic-link"),
        signing.dumps(payload, key="not the site's secret", salt="x"),
    ):
        url = reverse("notifications:unsubscribe", args=[forged])
        assert client_for(None).post(url).status_code == 400
    assert not NotificationPreference.objects.exists()
