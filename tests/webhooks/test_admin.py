"""The back office lists webhook endpoints and deliveries, never showing a signing secret."""

from django.contrib import admin
from django.urls import reverse

from groundswell.accounts.models import User
from groundswell.webhooks import services
from groundswell.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from groundswell.webhooks.services import send_webhook_deliveries
from tests.conftest import PASSWORD, client_for


def test_models_are_registered():
    assert admin.site.is_registered(WebhookEndpoint)
    assert admin.site.is_registered(WebhookDelivery)
    assert not admin.site.is_registered(WebhookAttempt)  # shown inside its delivery


def test_staff_see_endpoints_and_deliveries_but_not_secrets(endpoint, alice, receiver):
    services.send_test_event(endpoint, alice)
    send_webhook_deliveries()
    delivery = WebhookDelivery.objects.get()
    staff = User.objects.create_superuser("ops@example.com", PASSWORD, name="Ops")
    client = client_for(staff)
    pages = [
        reverse("admin:webhooks_webhookendpoint_changelist"),
        reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk]),
        reverse("admin:webhooks_webhookdelivery_changelist"),
        reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk]),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert endpoint.secret not in response.content.decode()


def test_staff_can_turn_an_endpoint_off_but_not_add_one(endpoint):
    staff = User.objects.create_superuser("ops@example.com", PASSWORD, name="Ops")
    client = client_for(staff)
    assert client.get(reverse("admin:webhooks_webhookendpoint_add")).status_code == 403
    response = client.post(
        reverse("admin:webhooks_webhookendpoint_change", args=[endpoint.pk]), {"is_active": ""}
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert endpoint.secret.startswith("whsec_")
