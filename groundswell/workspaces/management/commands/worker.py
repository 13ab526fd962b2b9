import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker for the configured task backend (database or Redis)."

    def handle(self, **options):
        # Notification deliveries are durable rows with their own loop, beside the tasks.
        threading.Thread(target=call_command, args=["deliver"], daemon=True).start()
        threading.Thread(target=call_command, args=["sendwebhooks"], daemon=True).start()
        if settings.TASKS_BACKEND == "rq":
            call_command("rqworker", "default", with_scheduler=False)
        else:
            call_command("db_worker")
