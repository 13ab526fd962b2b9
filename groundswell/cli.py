"""The `groundswell` command: Django's management commands plus Groundswell's own.

groundswell run                 development: migrate, demo data, web + worker
groundswell web                 production web server (gunicorn)
groundswell worker              background worker
groundswell migrate             apply database migrations
groundswell demo                create the demo workspace (unless data exists)
groundswell createworkspace     create a workspace and its owner
groundswell createadmin         create a back-office administrator
groundswell seed                benchmark-scale data
groundswell import              CSV files, and whole boards from Canny, Fider, UserVoice
groundswell help                every command
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundswell.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["groundswell", *sys.argv[1:]])


if __name__ == "__main__":
    main()
