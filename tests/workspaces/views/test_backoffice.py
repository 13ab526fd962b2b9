"""The Django admin at /backoffice/: every model registered, pages render, secrets stay hidden."""

import pytest
from django.contrib import admin
from django.urls import reverse

from groundswell.accounts.models import User
from groundswell.feedback import services as feedback
from groundswell.feedback.models import (
    Board,
    Comment,
    Follow,
    Idea,
    IdeaEvent,
    IdeaMerge,
    Status,
    Tag,
    Vote,
)
from groundswell.workspaces.models import ApiKey, Invitation, Membership, Workspace
from groundswell.workspaces.services import create_api_key, invite_member
from tests.conftest import client_for

MODELS = [User, Workspace, Membership, Invitation, ApiKey, Board, Status, Tag, Idea, Vote]
MODELS += [Comment, IdeaEvent, IdeaMerge, Follow]


@pytest.fixture
def staff_client(db):
    return client_for(User.objects.create_superuser("ops@groundswell.example", "pw-ops-123456"))


@pytest.fixture
def everything(workspace, alice, idea, carol):
    feedback.add_comment(idea, carol, "Me too")
    feedback.create_tag(workspace, "Mobile")
    duplicate = feedback.create_idea(idea.board, carol, "Night theme")
    feedback.merge_ideas(duplicate, idea, alice)
    invite_member(workspace, "dana@acme.example", "member", alice)
    return create_api_key(workspace, "Zapier", alice)


def test_every_model_is_registered():
    for model in MODELS:
        assert admin.site.is_registered(model), model


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_list_and_change_pages_render(staff_client, everything, model):
    info = model._meta.app_label, model._meta.model_name
    assert staff_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    assert (
        staff_client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "a"}).status_code
        == 200
    )
    obj = model.objects.first()
    change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
    assert staff_client.get(change).status_code == 200


def test_api_key_hash_is_never_shown_nor_editable(staff_client, everything):
    key, secret = everything
    page = staff_client.get(reverse("admin:workspaces_apikey_change", args=[key.pk]))
    html = page.content.decode()
    assert key.key_hash not in html and secret not in html
    assert 'name="key_hash"' not in html
    assert staff_client.get(reverse("admin:workspaces_apikey_add")).status_code == 403


def test_invitation_token_hash_is_not_shown(staff_client, everything, workspace):
    invitation = Invitation.objects.get()
    html = staff_client.get(
        reverse("admin:workspaces_invitation_change", args=[invitation.pk])
    ).content.decode()
    assert invitation.token_hash not in html


def test_staff_adds_a_user_by_email(staff_client):
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New@Example.com",
            "name": "New",
            "usable_password": "true",
            "password1": "a-long-enough-password-42",
            "password2": "a-long-enough-password-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert user.check_password("a-long-enough-password-42")


def test_people_without_staff_rights_are_sent_away(alice_client, charlie_client):
    for client in (alice_client, charlie_client):
        response = client.get(reverse("admin:feedback_idea_changelist"))
        assert response.status_code == 302
        assert "/backoffice/login/" in response["Location"]


def test_merge_and_unmerge_actions(staff_client, board, idea, alice, charlie):
    other = feedback.create_idea(board, alice, "Night theme")
    feedback.add_vote(other, charlie)
    url = reverse("admin:feedback_idea_changelist")
    staff_client.post(
        url, {"action": "merge_into_most_voted", "_selected_action": [idea.pk, other.pk]}
    )
    idea.refresh_from_db()
    other.refresh_from_db()
    assert idea.merged_into == other and other.vote_count == 3
    staff_client.post(url, {"action": "unmerge", "_selected_action": [idea.pk]})
    idea.refresh_from_db()
    assert idea.merged_into is None and idea.vote_count == 1


def test_team_members_without_staff_cannot_use_the_back_office(bob_client, idea):
    response = bob_client.get(reverse("admin:feedback_idea_changelist"))
    assert response.status_code == 302
    assert "/backoffice/login/" in response["Location"]
