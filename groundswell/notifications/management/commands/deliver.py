import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from groundswell.changelog.services import send_changelog_emails
from groundswell.notifications.services import deliver_once

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Fan out notification events and send due email deliveries and changelog emails, in a loop."
    )

    # `groundswell worker` runs this loop in a thread and stops it with this event.
    stealth_options = ("stop",)

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument("--sleep", type=float, default=1.0)

    def handle(self, once: bool, sleep: float, stop: threading.Event | None = None, **options):
        stop = stop or threading.Event()
        if threading.current_thread() is threading.main_thread():
            # SIGTERM (a deploy, systemd) or Ctrl-C finishes the message being sent and
            # gives the rest of the batch back, so stopping never sends anything twice.
            # (Inside `groundswell worker` this loop is a thread; the task worker owns
            # the signals there and sets `stop` when it ends.)
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        while not stop.is_set():
            close_old_connections()
            try:
                # Both queues are durable rows sent through groundswell.outbox.
                sent = deliver_once(stopping=stop.is_set)
                sent += send_changelog_emails(stopping=stop.is_set)
            except Exception:
                # A database hiccup must not stop the loop; rows stay in the queue.
                logger.exception("Delivery pass failed")
                sent = 0
            if once:
                return
            if not sent:
                stop.wait(sleep)
