from django.apps import AppConfig


class DuplicatesConfig(AppConfig):
    name = "groundswell.duplicates"
    label = "duplicates"
    verbose_name = "Duplicate detection"
