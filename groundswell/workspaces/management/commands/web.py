import os

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Groundswell with gunicorn (production). Run collectstatic and migrate first."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 2)))

    def handle(self, bind, workers, **options):
        args = ["gunicorn", "groundswell.wsgi", "--bind", bind, "--workers", str(workers)]
        args += ["--access-logfile", "-"]
        os.execvp("gunicorn", args)  # noqa: S606, S607 - replaces this process with the server
