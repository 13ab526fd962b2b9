from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "groundswell.workspaces"
    label = "workspaces"
