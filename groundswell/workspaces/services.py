"""Every write to workspaces, memberships, invitations and API keys."""

import secrets
from datetime import timedelta
from pathlib import Path

from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone

from groundswell.accounts.models import User, normalize_email_address
from groundswell.workspaces.models import (
    RESERVED_SLUGS,
    ApiKey,
    Invitation,
    Membership,
    Role,
    Workspace,
    hash_secret,
)


class WorkspaceError(Exception):
    http_status = 409


class SlugUnavailable(WorkspaceError):
    pass


class InvitationInvalid(WorkspaceError):
    http_status = 404


class LastOwner(WorkspaceError):
    pass


def create_workspace(name: str, slug: str, owner: User | None) -> Workspace:
    from groundswell.feedback.services import create_default_statuses

    slug = slug.strip().lower()
    if slug in RESERVED_SLUGS:
        raise SlugUnavailable(f"“{slug}” is reserved; choose another address.")
    if Workspace.objects.filter(slug=slug).exists():
        raise SlugUnavailable(f"The address “{slug}” is taken; choose another.")
    with transaction.atomic():
        workspace = Workspace.objects.create(name=name, slug=slug)
        create_default_statuses(workspace)
        if owner is not None:
            Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    return workspace


def update_workspace(
    workspace: Workspace,
    *,
    name: str,
    accent_colour: str,
    logo: File | None = None,
    remove_logo: bool = False,
) -> Workspace:
    """Change the portal's name, accent colour and logo; the replaced logo file is deleted."""
    old_logo = workspace.logo.name if (logo is not None or remove_logo) else ""
    workspace.name, workspace.accent_colour = name, accent_colour
    if logo is not None:
        extension = Path(logo.name).suffix.lower()
        workspace.logo.save(f"{workspace.slug}-{secrets.token_hex(6)}{extension}", logo, save=False)
    elif remove_logo:
        workspace.logo = ""
    with transaction.atomic():
        workspace.save(update_fields=["name", "accent_colour", "logo"])
        if old_logo:
            storage = workspace.logo.storage
            transaction.on_commit(lambda: storage.delete(old_logo))
    return workspace


def add_member(workspace: Workspace, user: User, role: str = Role.MEMBER) -> Membership:
    membership, created = Membership.objects.get_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def change_role(membership: Membership, role: str) -> Membership:
    with transaction.atomic():
        owners = Membership.objects.select_for_update().filter(
            workspace=membership.workspace, role=Role.OWNER
        )
        if membership.role == Role.OWNER and role != Role.OWNER and owners.count() == 1:
            raise LastOwner("A workspace needs an owner; make someone else owner first.")
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def remove_member(membership: Membership) -> None:
    with transaction.atomic():
        if (
            membership.role == Role.OWNER
            and Membership.objects.select_for_update()
            .filter(workspace=membership.workspace, role=Role.OWNER)
            .count()
            == 1
        ):
            raise LastOwner("A workspace needs an owner; make someone else owner first.")
        membership.delete()


def invite_member(
    workspace: Workspace, email: str, role: str, invited_by: User
) -> tuple[Invitation, str]:
    """Create an invitation and return it with its secret token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        workspace=workspace,
        email=normalize_email_address(email),
        role=role,
        token_hash=hash_secret(token),
        invited_by=invited_by,
    )
    return invitation, token


def find_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("workspace")
        .filter(token_hash=hash_secret(token), accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        raise InvitationInvalid("This invitation link is not valid or was already used.")
    return invitation


def accept_invitation(token: str, user: User) -> Membership:
    with transaction.atomic():
        invitation = find_invitation(token)
        updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now()
        )
        if not updated:
            raise InvitationInvalid("This invitation was already used.")
        existing = Membership.objects.filter(workspace=invitation.workspace, user=user).first()
        if existing is not None:
            return existing  # an invitation never changes the role of someone on the team
        return add_member(invitation.workspace, user, invitation.role)


def create_api_key(workspace: Workspace, name: str, created_by: User | None) -> tuple[ApiKey, str]:
    """Create a key and return it with the secret, which is never stored nor shown again."""
    secret = ApiKey.generate_secret()
    key = ApiKey.objects.create(
        workspace=workspace,
        name=name,
        key_prefix=secret[:10],
        key_hash=hash_secret(secret),
        created_by=created_by,
    )
    return key, secret


def revoke_api_key(key: ApiKey) -> None:
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    key.refresh_from_db()


# Every API request authenticates: one hand-written query, because compiling the ORM's
# join cost several times more than running it. Only columns that need no conversion
# from the database are read (any other field loads on first use), in each model's
# field order as Model.from_db expects; the last one says if last_used_at is stale.
KEY_COLUMNS = [
    field.attname
    for field in ApiKey._meta.concrete_fields
    if field.attname in {"id", "workspace_id", "name", "key_prefix", "created_by_id"}
]
KEY_WORKSPACE_COLUMNS = [
    field.attname
    for field in Workspace._meta.concrete_fields
    if field.attname in {"id", "name", "slug", "logo", "accent_colour"}
]
ACTIVE_KEY = (
    "SELECT "  # noqa: S608 - the models' own column names
    + ", ".join(
        [f"k.{column}" for column in KEY_COLUMNS]
        + [f"w.{column}" for column in KEY_WORKSPACE_COLUMNS]
    )
    + ", k.last_used_at IS NULL OR k.last_used_at < %s"
    " FROM workspaces_apikey k JOIN workspaces_workspace w ON w.id = k.workspace_id"
    " WHERE k.key_hash = %s AND k.revoked_at IS NULL"
)
# last_used_at is moved on at most this often, so most requests write nothing.
KEY_USE_RECORDED_EVERY = timedelta(seconds=60)


def authenticate_api_key(secret: str) -> ApiKey | None:
    if not secret.startswith(ApiKey.PREFIX):
        return None
    now = timezone.now()
    stale_before = connection.ops.adapt_datetimefield_value(now - KEY_USE_RECORDED_EVERY)
    with connection.cursor() as cursor:
        cursor.execute(ACTIVE_KEY, [stale_before, hash_secret(secret)])
        row = cursor.fetchone()
    if row is None:
        return None
    *values, stale = row
    key = ApiKey.from_db(connection.alias, KEY_COLUMNS, values[: len(KEY_COLUMNS)])
    key.workspace = Workspace.from_db(
        connection.alias, KEY_WORKSPACE_COLUMNS, values[len(KEY_COLUMNS) :]
    )
    if stale:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key
