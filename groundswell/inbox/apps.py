from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "groundswell.inbox"
    label = "inbox"
    verbose_name = "Feedback inbox"
