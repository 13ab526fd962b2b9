"""The generic inbound webhook: signed JSON in, one feedback item out; everything
unsigned, stale, oversized or malformed is refused with problem details and stores nothing."""

import json
import time

import pytest

from groundswell.inbox.models import Channel, FeedbackItem
from groundswell.intake import services
from tests.intake.conftest import post_webhook, webhook_signature

URL = "/intake/webhook/acme/"
GOOD = {
    "text": "Please add SSO with Okta.\nWe have 300 seats.",
    "email": "Dana@Initech.example",
    "name": "Dana Scully",
    "company": "Initech",
    "source_url": "https://support.example.com/tickets/42",
    "external_id": "ticket-42",
    "received_at": "2026-01-31T12:00:00Z",
}


@pytest.fixture
def secret(intake):
    return services.webhook_secret(intake)


def test_signed_feedback_is_filed_with_its_person_and_company(secret, workspace):
    response = post_webhook(URL, GOOD, secret)
    assert response.status_code == 201
    assert response.json()["status"] == "created"
    item = FeedbackItem.objects.get(pk=response.json()["id"])
    assert item.workspace == workspace
    assert item.channel == Channel.API
    assert item.text == GOOD["text"]
    assert item.person.email == "dana@initech.example"
    assert item.person.name == "Dana Scully"
    assert item.company.name == "Initech"
    assert item.source_url == GOOD["source_url"]
    assert item.external_id == "ticket-42"
    assert item.received_at.isoformat() == "2026-01-31T12:00:00+00:00"


def test_the_same_external_id_sent_again_is_stored_once(secret):
    first = post_webhook(URL, GOOD, secret)
    again = post_webhook(URL, GOOD, secret)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {"id": first.json()["id"], "status": "already_received"}
    assert FeedbackItem.objects.count() == 1


def test_only_text_and_email_are_required(secret):
    response = post_webhook(URL, {"text": "Faster exports", "email": "x@y.example"}, secret)
    assert response.status_code == 201
    item = FeedbackItem.objects.get()
    assert item.company is None and item.source_url == "" and item.external_id == ""


def test_a_forged_signature_is_refused(intake):
    response = post_webhook(URL, GOOD, "gswh_" + "0" * 64)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "bad_signature"
    assert not FeedbackItem.objects.exists()


def test_a_body_changed_after_signing_is_refused(secret, client):
    body = json.dumps(GOOD).encode()
    header = webhook_signature(secret, body)
    tampered = body.replace(b"300 seats", b"3000 seats")
    response = client.post(
        URL, tampered, content_type="application/json", headers={"Groundswell-Signature": header}
    )
    assert response.status_code == 401
    assert not FeedbackItem.objects.exists()


def test_a_missing_signature_is_refused(intake, client):
    response = client.post(URL, json.dumps(GOOD), content_type="application/json")
    assert response.status_code == 401
    assert "Groundswell-Signature" in response.json()["detail"]


def test_another_workspaces_secret_does_not_open_this_one(globex_intake, intake):
    response = post_webhook(URL, GOOD, services.webhook_secret(globex_intake))
    assert response.status_code == 401
    assert not FeedbackItem.objects.exists()


def test_a_stale_signature_is_refused(secret):
    response = post_webhook(URL, GOOD, secret, timestamp=int(time.time()) - 6 * 60)
    assert response.status_code == 401
    assert response.json()["code"] == "stale_signature"
    assert not FeedbackItem.objects.exists()


def test_a_signature_from_the_future_is_refused(secret):
    response = post_webhook(URL, GOOD, secret, timestamp=int(time.time()) + 6 * 60)
    assert response.status_code == 401


def test_a_rotated_secret_stops_working(secret, intake):
    services.rotate_webhook_secret(intake)
    assert post_webhook(URL, GOOD, secret).status_code == 401
    assert post_webhook(URL, GOOD, services.webhook_secret(intake)).status_code == 201


def test_an_oversized_body_is_refused_unread(secret):
    payload = {**GOOD, "text": "x" * (300 * 1024)}
    response = post_webhook(URL, payload, secret)
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not FeedbackItem.objects.exists()


def test_malformed_json_is_a_400(secret):
    response = post_webhook(URL, None, secret, raw=b'{"text": "unterminated')
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"


def test_a_json_array_is_a_400(secret):
    response = post_webhook(URL, None, secret, raw=b"[1, 2]")
    assert response.status_code == 400


def test_missing_and_invalid_fields_are_named(secret):
    response = post_webhook(
        URL, {"text": "   ", "source_url": "javascript:alert(1)", "received_at": "soon"}, secret
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    fields = {error["field"] for error in body["errors"]}
    assert fields == {"text", "email", "source_url", "received_at"}
    assert not FeedbackItem.objects.exists()


def test_an_invalid_email_is_refused(secret):
    response = post_webhook(URL, {**GOOD, "email": "not-an-address"}, secret)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "email"


def test_text_the_database_cannot_store_is_refused(secret):
    response = post_webhook(URL, {**GOOD, "text": "nul \u0000 here", "name": "\ud800"}, secret)
    assert response.status_code == 422
    assert {error["field"] for error in response.json()["errors"]} == {"text", "name"}
    assert not FeedbackItem.objects.exists()


def test_nothing_valid_is_lost_after_bad_requests(secret):
    post_webhook(URL, {**GOOD, "email": "nope"}, secret)
    post_webhook(URL, GOOD, "wrong")
    post_webhook(URL, None, secret, raw=b"{")
    response = post_webhook(URL, GOOD, secret)
    assert response.status_code == 201
    assert list(FeedbackItem.objects.values_list("external_id", flat=True)) == ["ticket-42"]


def test_unknown_workspace_is_a_404(secret):
    assert post_webhook("/intake/webhook/nowhere/", GOOD, secret).status_code == 404


def test_get_is_refused(intake, client):
    response = client.get(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_csrf_is_not_required_but_the_signature_is(secret):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    body = json.dumps(GOOD).encode()
    response = client.post(
        URL,
        body,
        content_type="application/json",
        headers={"Groundswell-Signature": webhook_signature(secret, body)},
    )
    assert response.status_code == 201
