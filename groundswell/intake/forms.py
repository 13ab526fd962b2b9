import re

from django import forms


class SlackSecretForm(forms.Form):
    signing_secret = forms.CharField(
        label="Slack signing secret",
        required=False,
        max_length=200,
        help_text="From your Slack app: Basic Information → App Credentials → Signing Secret. "
        "Leave empty to turn Slack off.",
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "class": "secret"}),
    )

    def clean_signing_secret(self) -> str:
        secret = self.cleaned_data["signing_secret"].strip()
        if secret and not re.fullmatch(r"[A-Za-z0-9]{16,200}", secret):
            raise forms.ValidationError(
                "A Slack signing secret is a string of letters and digits "
                "(32 characters today); copy it again from your Slack app."
            )
        return secret
