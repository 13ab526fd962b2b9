"""Every write the widget makes: its keys, and what a visitor does in the panel.

Ideas and votes go through feedback.services and what we learn about people through
inbox.services, so demand and customers are counted in one place. Services trust
their arguments: the views check the widget session and the keys first.
May import accounts, feedback, inbox, duplicates and workspaces.
"""

import logging

from django.utils import timezone

from groundswell.accounts.models import User
from groundswell.duplicates.services import suggest_merges
from groundswell.feedback import services as feedback
from groundswell.feedback.models import Board, Idea
from groundswell.inbox import services as inbox
from groundswell.inbox.models import Channel, FeedbackItem
from groundswell.widget.models import WidgetKeys
from groundswell.widget.tokens import IdentifyClaims, verify_identify_token
from groundswell.workspaces.models import Workspace

logger = logging.getLogger(__name__)


def widget_keys_for(workspace: Workspace) -> WidgetKeys:
    """The workspace's widget keys, made the first time they are asked for."""
    keys, _ = WidgetKeys.objects.get_or_create(
        workspace=workspace,
        defaults={
            "public_key": WidgetKeys.generate_public_key(),
            "secret_seed": WidgetKeys.generate_seed(),
        },
    )
    return keys


def rotate_secret(keys: WidgetKeys, actor: User | None) -> WidgetKeys:
    """A new identify secret: tokens signed with the old one and open panels stop working."""
    keys.secret_seed = WidgetKeys.generate_seed()
    keys.rotated_at = timezone.now()
    keys.rotated_by = actor
    keys.save(update_fields=["secret_seed", "rotated_at", "rotated_by"])
    return keys


def set_allowed_origins(keys: WidgetKeys, origins: list[str]) -> WidgetKeys:
    keys.allowed_origins = "\n".join(origins)
    keys.save(update_fields=["allowed_origins"])
    return keys


def identify_visitor(keys: WidgetKeys, token: str) -> User:
    """The person the host application's identify token names, with what it says about
    them and their company recorded on their customer profile.

    Raises InvalidIdentifyToken (with what is wrong) for a bad token.
    """
    claims: IdentifyClaims = verify_identify_token(token, keys.secret)
    company = None
    if claims.company is not None:
        company = inbox.CompanyDetails(
            name=claims.company.name,
            plan=claims.company.plan,
            mrr=claims.company.mrr,
            segment=claims.company.segment,
            attributes=claims.company.attributes,
        )
    profile = inbox.identify_customer(
        keys.workspace, claims.email, claims.name, company, claims.attributes
    )
    return profile.person


def post_idea(board: Board, person: User, title: str, body: str) -> Idea:
    """An identified visitor's idea, on the board, with their vote: as if posted on the portal."""
    idea = feedback.create_idea(board, person, title, body)
    try:
        suggest_merges(idea)
    except Exception:
        # The background embedding looks again; a stored idea must not become an error.
        logger.exception("Could not look for duplicates of idea %s", idea.pk)
    return idea


def receive_anonymous_feedback(
    workspace: Workspace, email: str, title: str, body: str, page_url: str = ""
) -> FeedbackItem:
    """Feedback from a visitor the host did not identify: nobody vouches for the address,
    so it goes to the team's inbox to triage instead of onto a public board."""
    text = title.strip() + ("\n\n" + body.strip() if body.strip() else "")
    return inbox.receive_feedback(workspace, text, Channel.WIDGET, email, source_url=page_url)
