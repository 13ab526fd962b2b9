from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "groundswell.feedback"
    label = "feedback"
