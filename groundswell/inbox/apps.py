from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "groundswell.inbox"
    label = "inbox"
    verbose_name = "Feedback inbox"

    def ready(self) -> None:
        # Votes and merges change the companies behind an idea: keep the rollup in step.
        from groundswell.feedback.signals import demand_changed
        from groundswell.inbox.services import on_demand_changed

        demand_changed.connect(on_demand_changed, dispatch_uid="inbox-demand-rollup")
