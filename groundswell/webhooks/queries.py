"""Reads for the webhook pages: endpoints and delivery logs, always inside one workspace."""

from django.db.models import Count, Prefetch, Q, QuerySet

from groundswell.webhooks.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
)
from groundswell.workspaces.models import Workspace

LOG_LENGTH = 50


def endpoints_of(workspace: Workspace) -> QuerySet[WebhookEndpoint]:
    return (
        WebhookEndpoint.objects.filter(workspace=workspace)
        .annotate(
            failed_total=Count(
                "deliveries", filter=Q(deliveries__status=WebhookDeliveryStatus.FAILED)
            )
        )
        .order_by("created_at", "pk")
    )


def endpoint_or_none(workspace: Workspace, endpoint_id: int) -> WebhookEndpoint | None:
    return (
        WebhookEndpoint.objects.filter(workspace=workspace, pk=endpoint_id)
        .select_related("workspace")
        .first()
    )


def delivery_log(endpoint: WebhookEndpoint, limit: int = LOG_LENGTH) -> list[WebhookDelivery]:
    """The endpoint's latest deliveries, newest first, each with its attempts."""
    return list(
        endpoint.deliveries.order_by("-created_at", "-pk").prefetch_related(
            Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("-started_at", "-pk"))
        )[:limit]
    )
