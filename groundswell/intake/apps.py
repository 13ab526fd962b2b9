from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "groundswell.intake"
    label = "intake"
    verbose_name = "Feedback intake channels"

    def ready(self) -> None:
        from anymail.signals import inbound

        from groundswell.intake.hooks import on_provider_inbound_email

        inbound.connect(on_provider_inbound_email, dispatch_uid="groundswell-intake-inbound")
