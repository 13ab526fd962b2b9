import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from groundswell.accounts.models import User


class Command(BaseCommand):
    help = (
        "Create a back-office administrator. The password is read from "
        "GROUNDSWELL_ADMIN_PASSWORD or asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="")

    def handle(self, email, name, **options):
        if User.objects.filter(email=email.strip().lower()).exists():
            raise CommandError(f"An account for {email} exists already.")
        password = os.environ.get("GROUNDSWELL_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        try:
            password_validation.validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        User.objects.create_superuser(email, password, name=name)
        self.stdout.write(f"Created administrator {email}.")
