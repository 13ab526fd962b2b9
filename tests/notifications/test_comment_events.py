"""New public comments and the team's replies reach the people who asked for every
update about the idea or its merged cluster; internal notes reach no customer."""

import email
from collections import Counter
from email import policy

from groundswell.feedback import services as feedback
from groundswell.feedback.models import Idea
from groundswell.notifications.models import (
    Channel,
    Delivery,
    Event,
    EventKind,
    NotificationLevel,
)
from groundswell.notifications.services import (
    deliver_once,
    fan_out_pending,
    recipient_ids,
    set_idea_level,
    set_level,
)
from tests.notifications.test_delivery import smtp_server  # noqa: F401 - a fixture


def everyone_wants_all(workspace, *people):
    for person in people:
        set_level(person.pk, workspace, NotificationLevel.ALL)


def test_a_public_comment_writes_one_event_in_its_transaction(crowd, erin):
    comment = feedback.add_comment(crowd, erin, "Any news?")
    event = Event.objects.get()
    assert event.kind == EventKind.COMMENT_ADDED
    assert event.idea_id == crowd.pk
    assert event.actor_id == erin.pk
    assert event.payload["comment_id"] == comment.pk
    assert event.payload["excerpt"] == "Any news?"
    assert event.payload["author_name"] == erin.display_name
    assert event.fanned_out_at is None


def test_a_team_members_public_comment_is_an_official_reply(crowd, bob):
    feedback.add_comment(crowd, bob, "It is on the roadmap.")
    assert Event.objects.get().kind == EventKind.OFFICIAL_REPLY


def test_an_internal_note_writes_no_event_and_reaches_no_customer(
    crowd, workspace, bob, carol, dave, erin
):
    everyone_wants_all(workspace, carol, dave, erin)
    feedback.add_comment(crowd, bob, "Customer X pays a lot for this", is_internal=True)
    assert not Event.objects.exists()
    fan_out_pending()
    assert not Delivery.objects.exists()


def test_people_at_all_hear_once_and_the_commenter_never(
    crowd, workspace, alice, carol, dave, erin, frank, gina
):
    # Dave posted the duplicate, voted for both ideas and will follow: still one delivery.
    feedback.follow_idea(crowd, dave)
    everyone_wants_all(workspace, carol, dave, erin, frank, gina)
    feedback.add_comment(crowd, erin, "Please hurry!")
    assert fan_out_pending() == 1
    per_person = Counter(Delivery.objects.values_list("person_id", "channel"))
    assert set(per_person.values()) == {1}
    assert {person for person, _ in per_person} == {carol.pk, dave.pk, frank.pk, gina.pk}
    assert not Delivery.objects.filter(person=erin).exists()


def test_people_at_status_or_less_do_not_hear_comments(crowd, workspace, alice, carol, dave, gina):
    set_level(carol.pk, workspace, NotificationLevel.STATUS)
    set_level(dave.pk, workspace, NotificationLevel.SHIPPED_ONLY)
    set_level(gina.pk, workspace, NotificationLevel.NONE)
    feedback.add_comment(crowd, alice, "We started on it.")
    assert recipient_ids(Event.objects.get()) == set()


def test_an_idea_level_of_every_update_hears_comments(crowd, workspace, alice, dave, gina):
    set_level(dave.pk, workspace, NotificationLevel.NONE)
    set_idea_level(dave, crowd, NotificationLevel.ALL)
    # Gina chose every update on the duplicate: it counts for the idea it was merged into.
    set_idea_level(gina, Idea.objects.get(merged_into=crowd), NotificationLevel.ALL)
    feedback.add_comment(crowd, alice, "We started on it.")
    assert recipient_ids(Event.objects.get()) == {dave.pk, gina.pk}


def test_a_comment_on_a_merged_duplicate_is_news_for_the_whole_cluster(
    crowd, workspace, carol, frank, gina
):
    everyone_wants_all(workspace, carol, frank)
    duplicate = Idea.objects.get(merged_into=crowd)
    feedback.add_comment(duplicate, gina, "Me too")
    event = Event.objects.get()
    assert event.idea_id == crowd.pk
    assert {carol.pk, frank.pk} <= recipient_ids(event)


def test_a_comment_hidden_before_fan_out_reaches_nobody(crowd, workspace, alice, carol, erin):
    everyone_wants_all(workspace, carol)
    comment = feedback.add_comment(crowd, erin, "Spam spam spam")
    feedback.hide_comment(comment, alice)
    fan_out_pending()
    assert not Delivery.objects.exists()
    assert Event.objects.get().fanned_out_at is not None


def test_on_a_private_board_only_the_team_hears(private_idea, workspace, alice, bob, carol):
    everyone_wants_all(workspace, alice, bob, carol)
    feedback.add_vote(private_idea, bob)
    feedback.follow_idea(private_idea, carol)  # a follow that should not have happened
    feedback.add_comment(private_idea, bob, "Numbers attached.")
    assert recipient_ids(Event.objects.get()) == {alice.pk}


def test_globex_levels_and_people_stay_out_of_acme(
    crowd, workspace, other_workspace, charlie, erin
):
    set_level(charlie.pk, other_workspace, NotificationLevel.ALL)
    set_level(erin.pk, other_workspace, NotificationLevel.ALL)
    feedback.add_comment(crowd, erin, "Hello")
    feedback.add_comment(Idea.objects.get(workspace=other_workspace), charlie, "Globex only")
    acme, globex = Event.objects.order_by("pk")
    assert recipient_ids(acme) == set()
    assert erin.pk not in recipient_ids(globex)
    assert charlie.pk not in recipient_ids(acme)


def test_comment_emails_arrive_with_unsubscribe_and_settings_links(
    crowd,
    workspace,
    alice,
    carol,
    erin,
    smtp_server,  # noqa: F811
):
    everyone_wants_all(workspace, carol, erin)
    feedback.add_comment(crowd, erin, "Tom & Jerry's <theme> too?")
    feedback.add_comment(crowd, alice, "Yes, **both**.")
    assert deliver_once() == 3  # Carol hears both, Erin the team's reply
    sent = [
        email.message_from_bytes(m.content, policy=policy.default) for m in smtp_server.messages
    ]
    to_carol = sorted(
        (m for m in sent if m["To"] == carol.email), key=lambda m: "team" in m["Subject"]
    )
    assert [m["Subject"] for m in to_carol] == [
        '[Acme] New comment on "Dark mode"',
        '[Acme] The team replied on "Dark mode"',
    ]
    comment_mail = to_carol[0]
    text = comment_mail.get_body(("plain",)).get_content()
    html = comment_mail.get_body(("html",)).get_content()
    assert "Tom & Jerry's <theme> too?" in text
    assert "Tom &amp; Jerry&#x27;s &lt;theme&gt; too?" in html
    for body in (text, html):
        assert f"/{workspace.slug}/ideas/{crowd.pk}/" in body
        assert "/notifications/settings/" in body
        assert "/notifications/unsubscribe/" in body
    assert "/notifications/unsubscribe/" in comment_mail["List-Unsubscribe"]
    assert comment_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not any(m["To"] == alice.email for m in sent)


def test_comment_notifications_show_in_the_centre(crowd, workspace, alice, carol):
    from django.urls import reverse

    from tests.conftest import client_for

    everyone_wants_all(workspace, carol)
    feedback.add_comment(crowd, alice, "Shipping next week.")
    fan_out_pending()
    assert Delivery.objects.filter(person=carol, channel=Channel.IN_APP).exists()
    page = client_for(carol).get(reverse("notifications:centre"))
    assert "The team replied on" in page.text
    assert "Shipping next week." in page.text
