"""A person's own level for one idea: it overrides the workspace level for the idea's
merged cluster, and unsubscribing clears it."""

from groundswell.feedback import services as feedback
from groundswell.feedback.models import Idea
from groundswell.inbox import services as inbox
from groundswell.inbox.models import Channel as InboxChannel
from groundswell.notifications.models import (
    Delivery,
    Event,
    IdeaNotificationPreference,
    NotificationLevel,
    NotificationPreference,
)
from groundswell.notifications.queries import level_for_idea
from groundswell.notifications.services import (
    fan_out_pending,
    forget_idea_level,
    recipient_ids,
    set_idea_level,
    set_level,
    unsubscribe,
    unsubscribe_token,
)
from tests.notifications.conftest import status


def duplicate_of(crowd) -> Idea:
    return Idea.objects.get(merged_into=crowd)


def change(crowd, workspace, alice, meaning: str) -> Event:
    feedback.change_status(crowd, status(workspace, meaning), alice)
    return Event.objects.latest("pk")


def test_an_idea_level_overrides_an_opt_out_of_the_workspace(crowd, workspace, alice, dave):
    set_level(dave.pk, workspace, NotificationLevel.NONE)
    set_idea_level(dave, crowd, NotificationLevel.STATUS)
    assert dave.pk in recipient_ids(change(crowd, workspace, alice, "planned"))


def test_nothing_for_one_idea_silences_only_that_idea(crowd, board, workspace, alice, erin, dave):
    other = feedback.create_idea(board, erin, "Other idea", "")
    feedback.add_vote(other, dave)
    set_idea_level(dave, crowd, NotificationLevel.NONE)
    assert dave.pk not in recipient_ids(change(crowd, workspace, alice, "planned"))
    feedback.change_status(other, status(workspace, "planned"), alice)
    assert dave.pk in recipient_ids(Event.objects.latest("pk"))


def test_a_merged_duplicates_level_applies_to_the_survivors_events(crowd, workspace, alice, gina):
    # Gina voted only for the duplicate, and asked to hear only when it ships.
    set_idea_level(gina, duplicate_of(crowd), NotificationLevel.SHIPPED_ONLY)
    assert gina.pk not in recipient_ids(change(crowd, workspace, alice, "planned"))
    assert gina.pk in recipient_ids(change(crowd, workspace, alice, "shipped"))


def test_within_a_cluster_the_most_recent_choice_counts(crowd, workspace, alice, dave):
    set_idea_level(dave, duplicate_of(crowd), NotificationLevel.STATUS)
    set_idea_level(dave, crowd, NotificationLevel.NONE)
    assert dave.pk not in recipient_ids(change(crowd, workspace, alice, "planned"))
    set_idea_level(dave, duplicate_of(crowd), NotificationLevel.ALL)
    assert dave.pk in recipient_ids(change(crowd, workspace, alice, "in_progress"))
    assert level_for_idea(dave, crowd) == NotificationLevel.ALL


def test_forgetting_an_idea_level_brings_back_the_workspace_level(crowd, workspace, alice, dave):
    set_idea_level(dave, crowd, NotificationLevel.NONE)
    assert forget_idea_level(dave, crowd.pk) is True
    assert forget_idea_level(dave, crowd.pk) is False
    assert dave.pk in recipient_ids(change(crowd, workspace, alice, "planned"))


def test_level_for_idea_reads_in_one_query(crowd, workspace, dave, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert level_for_idea(dave, crowd) == NotificationLevel.STATUS
    set_level(dave.pk, workspace, NotificationLevel.SHIPPED_ONLY)
    assert level_for_idea(dave, crowd) == NotificationLevel.SHIPPED_ONLY
    set_idea_level(dave, duplicate_of(crowd), NotificationLevel.ALL)
    with django_assert_num_queries(1):
        assert level_for_idea(dave, crowd) == NotificationLevel.ALL
    assert level_for_idea(dave, duplicate_of(crowd)) == NotificationLevel.ALL


def test_an_idea_level_in_globex_changes_nothing_in_acme(
    crowd, workspace, other_workspace, alice, dave
):
    globex_idea = Idea.objects.get(workspace=other_workspace)
    set_idea_level(dave, globex_idea, NotificationLevel.NONE)
    set_level(dave.pk, workspace, NotificationLevel.STATUS)
    assert dave.pk in recipient_ids(change(crowd, workspace, alice, "planned"))


def test_people_whose_feedback_was_linked_hear_even_without_a_vote(crowd, workspace, alice):
    feedback.change_status(crowd, status(workspace, "shipped"), alice)
    item = inbox.receive_feedback(
        workspace, "Dark mode please!", InboxChannel.EMAIL, "hal@customer.example", "Hal"
    )
    inbox.link_item_to_idea(item, crowd, alice)  # shipped ideas take no votes: evidence only
    feedback.change_status(crowd, status(workspace, "closed"), alice, "Replaced by themes.")
    assert item.person_id in recipient_ids(Event.objects.latest("pk"))


def test_unsubscribing_clears_idea_levels_of_that_workspace_only(
    crowd, workspace, other_workspace, alice, dave
):
    globex_idea = Idea.objects.get(workspace=other_workspace)
    set_idea_level(dave, crowd, NotificationLevel.ALL)
    set_idea_level(dave, globex_idea, NotificationLevel.ALL)
    unsubscribe(unsubscribe_token(dave.pk, workspace.pk))
    assert NotificationPreference.objects.get(person=dave, workspace=workspace).level == "none"
    assert list(IdeaNotificationPreference.objects.filter(person=dave)) == [
        IdeaNotificationPreference.objects.get(idea=globex_idea)
    ]
    change(crowd, workspace, alice, "shipped")
    fan_out_pending()
    assert not Delivery.objects.filter(person=dave).exists()
