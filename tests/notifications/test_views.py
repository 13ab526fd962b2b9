from django.urls import reverse

from groundswell.feedback import services as feedback
from groundswell.notifications.models import (
    Channel,
    Delivery,
    NotificationLevel,
    NotificationPreference,
)
from groundswell.notifications.services import fan_out_pending, unsubscribe_token
from tests.conftest import client_for
from tests.notifications.conftest import status


def test_unsubscribe_link_asks_first_then_applies_without_sign_in(workspace, carol):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(carol.pk, workspace.pk)])
    client = client_for(None)
    page = client.get(url)
    assert page.status_code == 200
    assert b"Unsubscribe" in page.content
    assert not NotificationPreference.objects.exists()
    done = client.post(url)
    assert done.status_code == 200
    preference = NotificationPreference.objects.get(person=carol, workspace=workspace)
    assert preference.level == NotificationLevel.NONE


def test_one_click_post_from_a_mail_client_needs_no_csrf_token(workspace, carol):
    from django.test import Client

    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(carol.pk, workspace.pk)])
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationPreference.objects.get(person=carol).level == NotificationLevel.NONE


def test_a_tampered_unsubscribe_link_is_refused(workspace, carol, bob):
    token = unsubscribe_token(carol.pk, workspace.pk)
    forged = unsubscribe_token(bob.pk, workspace.pk).split(":")[0] + ":" + token.split(":", 1)[1]
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        url = reverse("notifications:unsubscribe", args=[bad])
        assert client_for(None).get(url).status_code == 400
        response = client_for(None).post(url)
        assert response.status_code == 400
        assert b"not valid" in response.content
    assert not NotificationPreference.objects.exists()


def notify_all(crowd, workspace, alice):
    feedback.change_status(crowd, status(workspace, "planned"), alice, "On the roadmap.")
    fan_out_pending()


def test_centre_shows_only_my_notifications(crowd, workspace, alice, carol, charlie):
    other = feedback.create_idea(crowd.board, charlie, "Charlie's secret wish", "")
    feedback.change_status(other, status(workspace, "planned"), alice)
    notify_all(crowd, workspace, alice)
    page = client_for(carol).get(reverse("notifications:centre"))
    assert page.status_code == 200
    assert b"Dark mode" in page.content
    assert b"On the roadmap." in page.content
    assert b"1 unread" in page.content
    assert b"secret wish" not in page.content
    assert b"secret wish" in client_for(charlie).get(reverse("notifications:centre")).content


def test_anonymous_is_sent_to_sign_in(db):
    response = client_for(None).get(reverse("notifications:centre"))
    assert response.status_code == 302
    assert reverse("accounts:sign_in") in response["Location"]


def test_mark_one_as_read_only_touches_my_own(crowd, workspace, alice, carol, dave):
    notify_all(crowd, workspace, alice)
    mine = Delivery.objects.get(person=carol, channel=Channel.IN_APP)
    daves = Delivery.objects.get(person=dave, channel=Channel.IN_APP)
    client_for(carol).post(reverse("notifications:mark_read", args=[daves.pk]))
    daves.refresh_from_db()
    assert daves.read_at is None
    response = client_for(carol).post(reverse("notifications:mark_read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_mark_all_as_read(crowd, workspace, alice, carol):
    notify_all(crowd, workspace, alice)
    feedback.change_status(crowd, status(workspace, "shipped"), alice)
    fan_out_pending()
    client = client_for(carol)
    assert b"2 unread" in client.get(reverse("notifications:centre")).content
    client.post(reverse("notifications:mark_all_read"))
    assert not Delivery.objects.filter(
        person=carol, read_at__isnull=True, channel="in_app"
    ).exists()
    assert b"All read" in client.get(reverse("notifications:centre")).content
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405


def test_header_links_to_notifications_with_the_unread_count(crowd, workspace, alice, carol):
    notify_all(crowd, workspace, alice)
    page = client_for(carol).get(reverse("feedback:workspace_home", args=[workspace.slug]))
    assert b'href="/notifications/">Notifications <span class="badge">1</span>' in page.content
