import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

logger = logging.getLogger(__name__)

# How long a stopping worker waits for its delivery loop to finish the message it is
# sending (an SMTP send is bounded by EMAIL_TIMEOUT).
DELIVERY_STOP_SECONDS = 60
HOUSEKEEPING_EVERY_SECONDS = 3600


def housekeeping_commands() -> list[tuple[str, dict]]:
    """What piles up unless something removes it: expired sessions (Django never
    deletes them by itself) and, on the database task backend, results of tasks
    finished more than 14 days ago. Several workers running them at once is harmless."""
    commands = [("clearsessions", {})]
    if settings.TASKS_BACKEND == "database":
        commands.append(("prune_db_task_results", {"queue_name": "*", "verbosity": 0}))
    return commands


def keep_house(stop: threading.Event) -> None:
    """Run housekeeping_commands now and then hourly, until `stop` is set."""
    while True:
        for name, options in housekeeping_commands():
            try:
                call_command(name, **options)
            except Exception:
                # A database hiccup must not stop the loop; it runs again in an hour.
                logger.exception("Housekeeping command %s failed", name)
        connections.close_all()  # this thread's own: not held idle for the hour
        if stop.wait(HOUSEKEEPING_EVERY_SECONDS):
            return


class Command(BaseCommand):
    help = "Run the background worker for the configured task backend (database or Redis)."

    def handle(self, **options):
        # Notification deliveries are durable rows with their own loop, beside the tasks.
        stop_delivering = threading.Event()
        delivering = threading.Thread(
            target=call_command, args=["deliver"], kwargs={"stop": stop_delivering}, daemon=True
        )
        delivering.start()
        threading.Thread(target=call_command, args=["sendwebhooks"], daemon=True).start()
        stop_housekeeping = threading.Event()
        threading.Thread(target=keep_house, args=[stop_housekeeping], daemon=True).start()
        try:
            if settings.TASKS_BACKEND == "rq":
                call_command("rqworker", "default", with_scheduler=False)
            else:
                call_command("db_worker")
        finally:
            # The task worker owns SIGTERM/SIGINT and returns (or exits) on them: the
            # delivery loop then finishes its message and gives the rest of its batch back.
            stop_housekeeping.set()
            stop_delivering.set()
            delivering.join(DELIVERY_STOP_SECONDS)
