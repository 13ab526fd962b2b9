import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# How long a stopping worker waits for its delivery loop to finish the message it is
# sending (an SMTP send is bounded by EMAIL_TIMEOUT).
DELIVERY_STOP_SECONDS = 60


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
        try:
            if settings.TASKS_BACKEND == "rq":
                call_command("rqworker", "default", with_scheduler=False)
            else:
                call_command("db_worker")
        finally:
            # The task worker owns SIGTERM/SIGINT and returns (or exits) on them: the
            # delivery loop then finishes its message and gives the rest of its batch back.
            stop_delivering.set()
            delivering.join(DELIVERY_STOP_SECONDS)
