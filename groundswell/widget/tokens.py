"""The two tokens of the widget.

* The identify token: an HS256 JWT the host application signs with the workspace's
  widget secret, saying who its signed-in user is. Verified here with PyJWT; only
  HS256 is accepted, `exp` and `iat` are required and a token may live 24 hours.
* The widget session: what the panel sends with every request instead of a cookie
  (third-party cookies are blocked in iframes). Signed with django.core.signing; it
  names the workspace's keys, the secret it was started under and the person, if any.

May import widget models and errors, and Django.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import jwt
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from groundswell.inbox.attributes import BadAttributes, check_attributes, storable
from groundswell.widget.errors import InvalidIdentifyToken, InvalidWidgetSession
from groundswell.widget.models import WidgetKeys

ALGORITHM = "HS256"
MAX_TOKEN_LIFETIME = 24 * 3600  # seconds from iat to exp
CLOCK_LEEWAY = 60  # seconds of clock difference between the host and us
MAX_TOKEN_LENGTH = 8192
SESSION_SALT = "groundswell.widget.session"
SESSION_MAX_AGE = 2 * 3600


@dataclass(frozen=True)
class CompanyClaims:
    name: str
    plan: str | None = None
    mrr: Decimal | None = None
    segment: str | None = None
    attributes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class IdentifyClaims:
    email: str
    name: str = ""
    company: CompanyClaims | None = None
    attributes: dict = field(default_factory=dict)


def verify_identify_token(token: str, secret: str) -> IdentifyClaims:
    """The claims of a token signed with `secret`, or InvalidIdentifyToken saying what is wrong."""
    token = token.strip()
    if not token:
        raise InvalidIdentifyToken("The identify token is empty.")
    if len(token) > MAX_TOKEN_LENGTH:
        raise InvalidIdentifyToken(f"The identify token is longer than {MAX_TOKEN_LENGTH} bytes.")
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "iat"]},
            leeway=CLOCK_LEEWAY,
        )
    except jwt.ExpiredSignatureError:
        raise InvalidIdentifyToken("The identify token has expired; sign a fresh one.") from None
    except jwt.InvalidAlgorithmError:
        raise InvalidIdentifyToken("Identify tokens must be signed with HS256.") from None
    except jwt.InvalidSignatureError:
        raise InvalidIdentifyToken(
            "The identify token's signature does not match this workspace's widget secret."
        ) from None
    except jwt.MissingRequiredClaimError as error:
        raise InvalidIdentifyToken(f"The identify token has no “{error.claim}” claim.") from None
    except jwt.ImmatureSignatureError:
        raise InvalidIdentifyToken("The identify token is issued in the future.") from None
    except jwt.InvalidTokenError:
        raise InvalidIdentifyToken("The identify token is not a valid JWT.") from None
    if claims["exp"] - claims["iat"] > MAX_TOKEN_LIFETIME:
        raise InvalidIdentifyToken("The identify token may live at most 24 hours (exp - iat).")
    return _parse_claims(claims)


def _parse_claims(claims: dict) -> IdentifyClaims:
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        raise InvalidIdentifyToken("The identify token has no “email” claim.")
    try:
        validate_email(email.strip())
    except ValidationError:
        raise InvalidIdentifyToken("The identify token's email is not an email address.") from None
    company = claims.get("company")
    return IdentifyClaims(
        email=email.strip(),
        name=_text(claims, "name", 150) or "",
        company=_company(company) if company is not None else None,
        attributes=_attributes(claims, "attributes"),
    )


def _text(claims: dict, key: str, max_length: int, where: str = "") -> str | None:
    value = claims.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > max_length:
        raise InvalidIdentifyToken(
            f"The identify token's {where}{key} must be text of at most {max_length} characters."
        )
    if not storable(value):
        raise InvalidIdentifyToken(
            f"The identify token's {where}{key} may not contain NUL characters "
            "or unpaired surrogates."
        )
    return value.strip()


def _attributes(claims: dict, key: str, where: str = "") -> dict:
    value = claims.get(key)
    if value is None:
        return {}
    try:
        return check_attributes(value)
    except BadAttributes as error:
        raise InvalidIdentifyToken(f"The identify token's {where}{key} {error}.") from error


def _company(company) -> CompanyClaims:
    if isinstance(company, str):
        company = {"name": company}
    if not isinstance(company, dict):
        raise InvalidIdentifyToken("The identify token's company must be a JSON object.")
    name = _text(company, "name", 200, "company ")
    if not name:
        raise InvalidIdentifyToken("The identify token's company has no name.")
    return CompanyClaims(
        name=name,
        plan=_text(company, "plan", 100, "company "),
        mrr=_mrr(company.get("mrr")),
        segment=_text(company, "segment", 100, "company "),
        attributes=_attributes(company, "attributes", "company "),
    )


def _mrr(value) -> Decimal | None:
    if value is None:
        return None
    problem = "The identify token's company mrr must be a number of at least 0 (monthly revenue)."
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidIdentifyToken(problem)
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise InvalidIdentifyToken(problem) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        raise InvalidIdentifyToken(problem)
    return amount


# Widget sessions ---------------------------------------------------------------


@dataclass(frozen=True)
class WidgetSession:
    person_id: int | None


def sign_widget_session(keys: WidgetKeys, person_id: int | None) -> str:
    return signing.dumps(
        {"k": keys.pk, "v": keys.secret_version, "p": person_id}, salt=SESSION_SALT
    )


def read_widget_session(keys: WidgetKeys, token: str) -> WidgetSession:
    """The session a panel request carries, checked against these keys."""
    if not token:
        raise InvalidWidgetSession("The widget session is missing; reopen the feedback panel.")
    try:
        data = signing.loads(token, salt=SESSION_SALT, max_age=SESSION_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidWidgetSession("The widget session has expired; reopen the panel.") from None
    except signing.BadSignature:
        raise InvalidWidgetSession("The widget session is not valid; reopen the panel.") from None
    if (
        not isinstance(data, dict)
        or data.get("k") != keys.pk
        or data.get("v") != keys.secret_version
    ):
        raise InvalidWidgetSession("The widget session is not valid; reopen the panel.")
    person_id = data.get("p")
    if person_id is not None and not isinstance(person_id, int):
        raise InvalidWidgetSession("The widget session is not valid; reopen the panel.")
    return WidgetSession(person_id)
