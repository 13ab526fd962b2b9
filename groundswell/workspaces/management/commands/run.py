import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from groundswell.workspaces.models import Workspace


class Command(BaseCommand):
    help = "Development: migrate, create the demo workspace if empty, run web and worker together."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, addr, **options):
        call_command("migrate", verbosity=0)
        if not Workspace.objects.exists():
            call_command("demo")
        worker = subprocess.Popen([sys.executable, "-m", "groundswell", "worker"])  # noqa: S603
        self.stdout.write(
            f"Groundswell runs on http://{addr}/ (web + worker). "
            f"Emails are written to {settings.MAIL_DIR}. Ctrl-C stops both.\n"
            "Demo admin: admin@example.com / groundswell-demo"
        )
        try:
            call_command("runserver", addr, use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
