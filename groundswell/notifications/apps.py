from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "groundswell.notifications"
    label = "notifications"
