from django.apps import AppConfig


class WidgetConfig(AppConfig):
    name = "groundswell.widget"
    label = "widget"
    verbose_name = "Embeddable widget"
