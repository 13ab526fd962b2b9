from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker for the configured task backend (database or Redis)."

    def handle(self, **options):
        if settings.TASKS_BACKEND == "rq":
            call_command("rqworker", "default", with_scheduler=False)
        else:
            call_command("db_worker")
