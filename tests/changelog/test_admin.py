"""The changelog in the back office: registered, pages render, writes stay with the services."""

import pytest
from django.contrib import admin
from django.urls import reverse

from groundswell.accounts.models import User
from groundswell.changelog import services
from groundswell.changelog.models import ChangelogEmail, ChangelogEntry, ChangelogSubscriber
from tests.conftest import client_for

MODELS = [ChangelogEntry, ChangelogSubscriber, ChangelogEmail]


@pytest.fixture
def staff_client(db):
    return client_for(User.objects.create_superuser("ops@groundswell.example", "pw-ops-123456"))


@pytest.fixture
def published(entry, alice, subscribers):
    services.publish_entry(entry, alice)
    return entry


def test_every_model_is_registered():
    for model in MODELS:
        assert admin.site.is_registered(model), model


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_list_and_change_pages_render(staff_client, published, model):
    info = model._meta.app_label, model._meta.model_name
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    assert staff_client.get(changelist).status_code == 200
    assert staff_client.get(changelist, {"q": "a"}).status_code == 200
    change = reverse("admin:{}_{}_change".format(*info), args=[model.objects.first().pk])
    assert staff_client.get(change).status_code == 200
    assert staff_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 403


def test_staff_can_unsubscribe_an_address(staff_client, subscribers):
    sam = subscribers[0]
    staff_client.post(
        reverse("admin:changelog_changelogsubscriber_changelist"),
        {"action": "unsubscribe", "_selected_action": [sam.pk]},
    )
    sam.refresh_from_db()
    assert not sam.is_active


def test_team_admins_without_staff_rights_are_sent_away(alice_client, published):
    response = alice_client.get(reverse("admin:changelog_changelogentry_changelist"))
    assert response.status_code == 302 and "/backoffice/login/" in response["Location"]
