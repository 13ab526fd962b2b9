from collections import Counter

from django.utils import timezone

from groundswell.feedback import services as feedback
from groundswell.notifications import services
from groundswell.notifications.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Event,
    NotificationLevel,
)
from groundswell.notifications.services import fan_out, fan_out_pending, set_level
from tests.notifications.conftest import status


def test_status_change_writes_one_event_in_its_transaction(crowd, alice, workspace):
    planned = status(workspace, "planned")
    feedback.change_status(crowd, planned, alice, "Coming in March.")
    event = Event.objects.get()
    assert event.idea_id == crowd.pk
    assert event.workspace_id == workspace.pk
    assert event.kind == "status_changed"
    assert event.actor_id == alice.pk
    assert event.payload["status"] == planned.name
    assert event.payload["meaning"] == "planned"
    assert event.payload["message"] == "Coming in March."
    assert event.payload["actor_id"] == alice.pk
    assert event.fanned_out_at is None


def test_setting_the_same_status_without_message_writes_no_event(idea, alice):
    feedback.change_status(idea, idea.status, alice)
    assert not Event.objects.exists()


def test_everyone_behind_the_cluster_hears_once_per_channel(
    crowd, workspace, alice, bob, carol, dave, erin, frank, gina
):
    feedback.change_status(crowd, status(workspace, "planned"), alice, "Soon.")
    assert fan_out_pending() == 1
    per_person = Counter(Delivery.objects.values_list("person_id", "channel"))
    expected = {carol, dave, erin, frank, gina}
    assert set(per_person) == {(p.pk, c) for p in expected for c in Channel.values}
    assert set(per_person.values()) == {1}
    assert not Delivery.objects.filter(person__in=[alice, bob]).exists()
    assert Event.objects.get().fanned_out_at is not None


def test_in_app_is_visible_at_once_and_email_waits_for_the_worker(crowd, workspace, alice, carol):
    feedback.change_status(crowd, status(workspace, "planned"), alice)
    fan_out_pending()
    email = Delivery.objects.get(person=carol, channel=Channel.EMAIL)
    in_app = Delivery.objects.get(person=carol, channel=Channel.IN_APP)
    assert email.status == DeliveryStatus.PENDING
    assert in_app.status == DeliveryStatus.SENT


def test_running_fan_out_again_creates_nothing_twice(crowd, workspace, alice):
    feedback.change_status(crowd, status(workspace, "planned"), alice)
    event = Event.objects.get()
    fan_out(event)
    count = Delivery.objects.count()
    fan_out(event)
    assert Delivery.objects.count() == count == 10


def test_the_actor_hears_nothing_even_as_a_voter(
    crowd, workspace, alice, carol, dave, erin, frank, gina
):
    feedback.change_status(crowd, status(workspace, "planned"), dave)
    fan_out_pending()
    emailed = set(Delivery.objects.filter(channel=Channel.EMAIL).values_list("person", flat=True))
    # Alice commented publicly, so she hears when someone else acts.
    assert emailed == {alice.pk, carol.pk, erin.pk, frank.pk, gina.pk}


def test_someone_who_opted_out_hears_nothing(crowd, workspace, alice, dave):
    set_level(dave.pk, workspace, NotificationLevel.NONE)
    feedback.change_status(crowd, status(workspace, "shipped"), alice)
    fan_out_pending()
    assert not Delivery.objects.filter(person=dave).exists()


def test_shipped_only_hears_only_when_it_ships(crowd, workspace, alice, dave):
    set_level(dave.pk, workspace, NotificationLevel.SHIPPED_ONLY)
    feedback.change_status(crowd, status(workspace, "planned"), alice)
    fan_out_pending()
    assert not Delivery.objects.filter(person=dave).exists()
    feedback.change_status(crowd, status(workspace, "shipped"), alice)
    fan_out_pending()
    shipped = Event.objects.get(payload__meaning="shipped")
    assert Delivery.objects.filter(person=dave, event=shipped).count() == 2


def test_a_preference_in_another_workspace_changes_nothing(
    crowd, workspace, other_workspace, alice, dave
):
    set_level(dave.pk, other_workspace, NotificationLevel.NONE)
    feedback.change_status(crowd, status(workspace, "planned"), alice)
    fan_out_pending()
    assert Delivery.objects.filter(person=dave).count() == 2


def test_internal_comments_do_not_make_someone_a_recipient(idea, workspace, alice, bob):
    feedback.add_comment(idea, bob, "Internal note", is_internal=True)
    feedback.change_status(idea, status(workspace, "planned"), alice)
    fan_out_pending()
    assert not Delivery.objects.filter(person=bob).exists()


def test_a_large_following_fans_out_in_bulk(idea, workspace, alice, django_assert_max_num_queries):
    from groundswell.accounts.models import User
    from groundswell.feedback.models import Follow

    User.objects.bulk_create(
        User(email=f"follower{n}@example.com", password="!") for n in range(3000)
    )
    Follow.objects.bulk_create(
        Follow(idea=idea, person=person)
        for person in User.objects.filter(email__startswith="follower")
    )
    feedback.change_status(idea, status(workspace, "planned"), alice)
    event = Event.objects.get()
    with django_assert_max_num_queries(20):
        fan_out(event)
    assert Delivery.objects.filter(channel=Channel.EMAIL).count() == 3001


def test_fanned_out_rows_read_back_as_the_model_defines_them(crowd, workspace, alice, carol):
    before = timezone.now()
    feedback.change_status(crowd, status(workspace, "planned"), alice)
    fan_out_pending()
    email = Delivery.objects.get(person=carol, channel=Channel.EMAIL)
    in_app = Delivery.objects.get(person=carol, channel=Channel.IN_APP)
    assert (email.attempts, email.claim_token, email.last_error) == (0, "", "")
    assert email.claimed_at is None and email.sent_at is None and email.read_at is None
    assert before <= email.created_at <= timezone.now()
    assert email.next_attempt_at == email.created_at == in_app.sent_at
    assert in_app.read_at is None and in_app.is_unread


def test_fan_out_in_batches_writes_everyone_once_and_a_rerun_fills_only_gaps(
    crowd, workspace, alice, monkeypatch
):
    monkeypatch.setattr(services, "FAN_OUT_BATCH", 2)
    feedback.change_status(crowd, status(workspace, "planned"), alice)
    event = Event.objects.get()
    assert fan_out(event) == 10
    rows = Delivery.objects.values_list("person_id", "channel")
    assert len(set(rows)) == rows.count() == 10
    # As if the worker had died after its first batch: a rerun writes only what is missing.
    first_batch = sorted({person for person, _ in rows})[:2]
    Delivery.objects.exclude(person_id__in=first_batch).delete()
    kept = set(Delivery.objects.values_list("pk", flat=True))
    fan_out(event)
    assert kept < set(Delivery.objects.values_list("pk", flat=True))
    assert len(set(rows)) == rows.count() == 10
