from django.core.management.base import BaseCommand, CommandError

from groundswell.accounts.models import User
from groundswell.workspaces.services import WorkspaceError, create_workspace


class Command(BaseCommand):
    help = "Create a workspace (a company's feedback portal) and make OWNER_EMAIL its owner."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Shown to everyone, e.g. 'Acme'.")
        parser.add_argument("slug", help="The portal's address: /SLUG/ (letters, digits, -).")
        parser.add_argument("owner_email", help="An existing account (see createadmin).")

    def handle(self, name, slug, owner_email, **options):
        owner = User.objects.filter(email=owner_email.strip().lower()).first()
        if owner is None:
            raise CommandError(
                f"No account for {owner_email}. "
                f"Create it first: groundswell createadmin {owner_email}"
            )
        try:
            workspace = create_workspace(name, slug, owner)
        except WorkspaceError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Created workspace {workspace.name} at /{workspace.slug}/")
