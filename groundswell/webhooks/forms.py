"""The form for a webhook endpoint: it validates the URL (and where it resolves) and the events."""

from django import forms

from groundswell.webhooks import transport
from groundswell.webhooks.errors import UnsafeWebhookUrl
from groundswell.webhooks.models import EndpointKind, WebhookEventKind


class EndpointForm(forms.Form):
    url = forms.URLField(
        label="URL",
        max_length=2000,
        assume_scheme="https",
        help_text="Where Groundswell POSTs each event. For Slack, the incoming webhook's URL.",
    )
    kind = forms.ChoiceField(
        label="Format",
        choices=EndpointKind.choices,
        initial=EndpointKind.GENERIC,
        widget=forms.RadioSelect,
    )
    events = forms.MultipleChoiceField(
        label="Events",
        choices=WebhookEventKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event to send."},
    )
    is_active = forms.BooleanField(
        label="Active", required=False, initial=True, help_text="Turned off, nothing is sent."
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            transport.check_url(url)
        except UnsafeWebhookUrl as error:
            raise forms.ValidationError(str(error)) from error
        return url
