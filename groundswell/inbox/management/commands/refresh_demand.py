"""groundswell refresh_demand SLUG: rebuild the company rollups behind a workspace's
ideas after votes or profiles were written around the services (a bulk import, a restore)."""

from django.core.management.base import BaseCommand, CommandError

from groundswell.inbox.services import refresh_workspace_demand
from groundswell.workspaces.models import Workspace


class Command(BaseCommand):
    help = "Rebuild the people, companies and revenue behind each idea of a workspace."

    def add_arguments(self, parser):
        parser.add_argument("workspace", help="The workspace's slug.")

    def handle(self, *, workspace, **options):
        space = Workspace.objects.filter(slug=workspace).first()
        if space is None:
            raise CommandError(f"No workspace “{workspace}”: give the slug from its address.")
        ideas = refresh_workspace_demand(space)
        self.stdout.write(f"/{space.slug}/: {ideas:,} ideas have company demand.")
