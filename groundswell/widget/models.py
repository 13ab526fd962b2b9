"""A workspace's keys for the embeddable widget: a public key to embed, a secret to sign
identify tokens with, and the sites allowed to frame the panel.

May import workspaces models. Only widget.services writes these rows.
"""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from groundswell.workspaces.models import Workspace


class WidgetKeys(models.Model):
    """One per workspace.

    The secret is a shared HMAC key, so it must be usable, not just checkable: it is
    not stored but derived from a random seed and SECRET_KEY, so a copy of the
    database alone cannot sign identify tokens. Rotating replaces the seed.
    """

    PUBLIC_PREFIX = "gsw_pub_"
    SECRET_PREFIX = "gsw_sec_"  # noqa: S105 (a prefix, not a secret)

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="widget_keys"
    )
    public_key = models.CharField(max_length=64, unique=True)
    secret_seed = models.CharField(max_length=64)
    allowed_origins = models.TextField(
        blank=True,
        help_text="Sites that may show the panel, one origin a line; empty means any site.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    rotated_at = models.DateTimeField(null=True, blank=True)
    rotated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "widget keys"

    def __str__(self) -> str:
        return f"Widget keys of {self.workspace}"

    @classmethod
    def generate_public_key(cls) -> str:
        return cls.PUBLIC_PREFIX + secrets.token_urlsafe(18)

    @staticmethod
    def generate_seed() -> str:
        return secrets.token_urlsafe(32)

    @property
    def secret(self) -> str:
        digest = hmac.new(
            settings.SECRET_KEY.encode(),
            f"groundswell.widget.secret:{self.secret_seed}".encode(),
            hashlib.sha256,
        ).digest()
        return self.SECRET_PREFIX + base64.urlsafe_b64encode(digest).decode().rstrip("=")

    @property
    def secret_version(self) -> str:
        """A short fingerprint of the current secret: widget sessions carry it, so
        rotating the secret ends every session started with the old one."""
        return hashlib.sha256(self.secret_seed.encode()).hexdigest()[:12]

    @property
    def origins(self) -> list[str]:
        return [line.strip() for line in self.allowed_origins.splitlines() if line.strip()]
