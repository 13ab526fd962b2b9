import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from groundswell.webhooks.services import prune_delivery_log, send_webhook_deliveries

logger = logging.getLogger(__name__)
PRUNE_EVERY_SECONDS = 3600


class Command(BaseCommand):
    help = (
        "Send due webhook deliveries (and retry failed ones) in a loop; prune the old log hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--sleep", type=float, default=1.0)

    def handle(self, once: bool, sleep: float, **options):
        pruned_at: float | None = None
        while True:
            close_old_connections()
            try:
                if pruned_at is None or time.monotonic() - pruned_at > PRUNE_EVERY_SECONDS:
                    prune_delivery_log()
                    pruned_at = time.monotonic()
                delivered = send_webhook_deliveries()
            except Exception:
                # A database hiccup must not stop the loop; rows stay in the queue.
                logger.exception("Webhook pass failed")
                delivered = 0
            if once:
                return
            if not delivered:
                time.sleep(sleep)
