from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "groundswell.webhooks"
    label = "webhooks"
    verbose_name = "Outbound webhooks"
