from django.apps import AppConfig


class ChangelogConfig(AppConfig):
    name = "groundswell.changelog"
    label = "changelog"
