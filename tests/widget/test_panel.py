"""The panel in its iframe: framing, who the visitor is, and that nothing crosses workspaces."""

from decimal import Decimal

from groundswell.inbox.models import Company, CustomerProfile
from groundswell.widget import services
from tests.widget.conftest import DANA, Panel, sign


def test_panel_may_be_framed_by_any_site_by_default(panel, idea):
    response = panel.get()
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert response["Content-Security-Policy"] == "frame-ancestors *"
    assert "no-store" in response["Cache-Control"]


def test_panel_may_be_framed_only_by_the_allowed_sites(panel, keys):
    services.set_allowed_origins(keys, ["https://app.example.com", "http://localhost:3000"])
    response = panel.get()
    assert response["Content-Security-Policy"] == (
        "frame-ancestors https://app.example.com http://localhost:3000"
    )
    assert b'"https://app.example.com"' in response.content  # for postMessage checks


def test_the_rest_of_the_site_still_refuses_framing(client, workspace):
    assert client.get("/acme/")["X-Frame-Options"] == "DENY"


def test_unknown_key_is_not_found(db, client):
    assert client.get("/widget/gsw_pub_nothing-here/").status_code == 404
    assert client.get("/widget/acme/").status_code == 404


def test_anonymous_visitor_browses_public_ideas_only(panel, idea, private_idea):
    response = panel.get()
    assert idea.title.encode() in response.content
    assert private_idea.title.encode() not in response.content
    assert b"To vote, sign in to the site you came from" in response.content
    assert panel.get(f"ideas/{private_idea.pk}/").status_code == 404
    assert panel.get(f"ideas/{idea.pk}/").status_code == 200


def test_globex_key_never_shows_acmes_ideas(globex_keys, idea, dana_token):
    globex = Panel(globex_keys)
    response = globex.get()
    assert b"Globex private plan" in response.content
    assert idea.title.encode() not in response.content
    assert globex.get(f"ideas/{idea.pk}/").status_code == 404
    similar = globex.get("similar/", title="Dark mode", body="a dark theme")
    assert idea.title.encode() not in similar.content


def test_identify_signs_the_person_in_and_records_their_company(panel, dana_token, workspace):
    response = panel.identify(dana_token)
    assert response.status_code == 200
    assert b"Signed in as Dana" in response.content
    profile = CustomerProfile.objects.select_related("company", "person").get(workspace=workspace)
    assert profile.person.email == "dana@initech.example"
    assert profile.attributes == {"role": "admin"}
    company = Company.objects.get(workspace=workspace, name="Initech")
    assert (company.plan, company.mrr, company.segment, company.attributes) == (
        "enterprise",
        Decimal("1200.50"),
        "Enterprise",
        {"seats": 40},
    )


def test_bad_identify_token_says_why_in_the_panel(panel, keys, globex_keys, workspace):
    response = panel.identify(sign(DANA, globex_keys.secret))
    assert response.status_code == 401
    assert b"does not match this workspace&#x27;s widget secret" in response.content
    assert b"Signed in as" not in response.content
    assert not CustomerProfile.objects.filter(workspace=workspace).exists()


def test_expired_identify_token_is_refused(panel, keys):
    response = panel.identify(sign(DANA, keys.secret, iat=1_600_000_000, exp=1_600_003_600))
    assert response.status_code == 401
    assert b"expired" in response.content


def test_session_survives_browsing(dana_panel, idea):
    assert b"Signed in as Dana" in dana_panel.get(f"ideas/{idea.pk}/").content
    assert b"Signed in as Dana" in dana_panel.get("post/").content


def test_rotating_the_secret_ends_open_sessions(dana_panel, keys, alice, board):
    services.rotate_secret(keys, alice)
    response = dana_panel.post("post/", {"board": board.pk, "title": "After rotation"})
    assert response.status_code == 403
    assert b"not valid" in response.content
