"""The host application's identify token: only a fresh HS256 JWT signed with this
workspace's widget secret, naming an email, is accepted."""

import base64
import json
import time
from decimal import Decimal

import jwt
import pytest

from groundswell.widget.errors import InvalidIdentifyToken
from groundswell.widget.tokens import verify_identify_token
from tests.widget.conftest import DANA, sign

SECRET = "gsw_sec_" + "s" * 64


def test_good_token_gives_the_person_and_their_company():
    claims = verify_identify_token(sign(DANA, SECRET), SECRET)
    assert claims.email == "dana@initech.example"
    assert claims.name == "Dana"
    assert claims.company.name == "Initech"
    assert claims.company.plan == "enterprise"
    assert claims.company.mrr == Decimal("1200.50")
    assert claims.company.segment == "Enterprise"
    assert claims.company.attributes == {"seats": 40}
    assert claims.attributes == {"role": "admin"}


def test_only_email_iat_and_exp_are_needed():
    claims = verify_identify_token(sign({"email": "x@example.com"}, SECRET), SECRET)
    assert (claims.email, claims.name, claims.company, claims.attributes) == (
        "x@example.com",
        "",
        None,
        {},
    )


def refused(token: str, secret: str = SECRET) -> str:
    with pytest.raises(InvalidIdentifyToken) as caught:
        verify_identify_token(token, secret)
    return str(caught.value)


def test_expired_token_is_refused():
    now = int(time.time())
    assert "expired" in refused(sign(DANA, SECRET, iat=now - 7200, exp=now - 3600))


def test_wrong_secret_is_refused():
    assert "signature" in refused(sign(DANA, "gsw_sec_someone-elses-secret-" + "x" * 20))


def test_other_workspaces_secret_is_refused(keys, globex_keys):
    token = sign(DANA, globex_keys.secret)
    assert "signature" in refused(token, keys.secret)
    assert verify_identify_token(token, globex_keys.secret).email == DANA["email"]


def _unsigned(payload: dict, alg: str = "none") -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': alg, 'typ': 'JWT'})}.{part(payload)}."


def test_alg_none_is_refused():
    now = int(time.time())
    token = _unsigned({**DANA, "iat": now, "exp": now + 600})
    assert "HS256" in refused(token)


@pytest.mark.parametrize("algorithm", ["HS512", "HS384"])
def test_other_algorithms_are_refused(algorithm):
    assert "HS256" in refused(sign(DANA, SECRET, algorithm=algorithm))


def test_missing_email_is_refused():
    assert "email" in refused(sign({"name": "Nobody"}, SECRET))


def test_an_email_that_is_not_one_is_refused():
    assert "not an email address" in refused(sign({"email": "not-an-address"}, SECRET))


@pytest.mark.parametrize("claim", ["exp", "iat"])
def test_exp_and_iat_are_required(claim):
    now = int(time.time())
    payload = {**DANA, "iat": now, "exp": now + 600}
    del payload[claim]
    assert f"“{claim}”" in refused(jwt.encode(payload, SECRET, algorithm="HS256"))


def test_a_token_living_longer_than_a_day_is_refused():
    now = int(time.time())
    assert "24 hours" in refused(sign(DANA, SECRET, iat=now, exp=now + 25 * 3600))


def test_a_token_issued_in_the_future_is_refused():
    now = int(time.time())
    assert "future" in refused(sign(DANA, SECRET, iat=now + 3600, exp=now + 7200))


@pytest.mark.parametrize(
    ("company", "says"),
    [
        ({"plan": "pro"}, "no name"),
        ({"name": "Initech", "mrr": -5}, "mrr"),
        ({"name": "Initech", "mrr": "lots"}, "mrr"),
        ({"name": "Initech", "mrr": True}, "mrr"),
        ({"name": "Initech", "attributes": ["seats"]}, "JSON object"),
        ({"name": "I" * 201}, "200 characters"),
        (["Initech"], "JSON object"),
    ],
)
def test_malformed_company_claims_are_refused(company, says):
    assert says in refused(sign({"email": "x@example.com", "company": company}, SECRET))


def test_garbage_is_refused():
    assert "not a valid JWT" in refused("not.a.jwt")
    assert "empty" in refused("  ")
    assert "longer than" in refused("a" * 9000)


@pytest.mark.parametrize(
    "claims",
    [
        {"attributes": {"note": "nul \u0000 inside"}},
        {"attributes": {"\u0000": 1}},
        {"name": "Dana\u0000"},
        {"company": {"name": "Initech", "attributes": {"deep": ["\ud800"]}}},
    ],
)
def test_text_the_database_cannot_store_is_refused(claims):
    says = refused(sign({"email": "x@example.com", **claims}, SECRET))
    assert "may not contain NUL characters or unpaired surrogates" in says
