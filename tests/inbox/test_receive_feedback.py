"""receive_feedback puts a person's words into the inbox verbatim."""

from groundswell.accounts.models import User
from groundswell.inbox import services
from groundswell.inbox.models import Channel, Company, CustomerProfile, ItemStatus


def test_receiving_keeps_the_text_verbatim(workspace):
    words = "  Exports are *slow*.\n\n<b>Really</b> slow!  "
    item = services.receive_feedback(workspace, words, Channel.SLACK, "dan@initech.example")
    item.refresh_from_db()
    assert item.text == words
    assert item.channel == Channel.SLACK
    assert item.status == ItemStatus.NEW
    assert item.idea is None


def test_receiving_creates_a_new_person(workspace):
    item = services.receive_feedback(
        workspace, "Hi", Channel.EMAIL, "Dan@Initech.example", name="Dan"
    )
    person = User.objects.get(pk=item.person_id)
    assert person.name == "Dan"
    assert person.email == "dan@initech.example"


def test_receiving_reuses_the_existing_person(workspace, carol):
    item = services.receive_feedback(workspace, "Hi", Channel.EMAIL, carol.email)
    assert item.person == carol
    assert User.objects.filter(email=carol.email).count() == 1


def test_company_is_created_once_and_files_the_person(workspace, carol):
    first = services.receive_feedback(
        workspace, "One", Channel.CHAT, carol.email, company_name="Initech"
    )
    second = services.receive_feedback(
        workspace, "Two", Channel.CHAT, carol.email, company_name="initech"
    )
    third = services.receive_feedback(workspace, "Three", Channel.CHAT, carol.email)
    assert Company.objects.filter(workspace=workspace).count() == 1
    assert first.company == second.company == third.company
    profile = CustomerProfile.objects.get(workspace=workspace, person=carol)
    assert profile.company.name == "Initech"


def test_companies_belong_to_one_workspace(workspace, other_workspace, carol):
    ours = services.receive_feedback(workspace, "A", Channel.API, carol.email, company_name="X")
    theirs = services.receive_feedback(
        other_workspace, "B", Channel.API, carol.email, company_name="X"
    )
    assert ours.company != theirs.company


def test_the_same_source_id_is_stored_once(workspace, carol):
    first = services.receive_feedback(
        workspace, "Exports are slow", Channel.EMAIL, carol.email, external_id="<m1@mail>"
    )
    again = services.receive_feedback(
        workspace, "Exports are slow", Channel.EMAIL, carol.email, external_id="<m1@mail>"
    )
    other_channel = services.receive_feedback(
        workspace, "Exports are slow", Channel.SLACK, carol.email, external_id="<m1@mail>"
    )
    assert again.pk == first.pk
    assert other_channel.pk != first.pk
    assert workspace.feedback_items.count() == 2


def test_items_without_a_source_id_are_never_merged(workspace, carol):
    services.receive_feedback(workspace, "One", Channel.CHAT, carol.email)
    services.receive_feedback(workspace, "One", Channel.CHAT, carol.email)
    assert workspace.feedback_items.count() == 2


def test_the_same_source_id_in_another_workspace_is_its_own_item(workspace, other_workspace, carol):
    mine = services.receive_feedback(workspace, "A", Channel.API, carol.email, external_id="x1")
    theirs = services.receive_feedback(
        other_workspace, "A", Channel.API, carol.email, external_id="x1"
    )
    assert mine.pk != theirs.pk
