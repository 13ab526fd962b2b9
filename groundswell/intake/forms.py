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


class SlackBotTokenForm(forms.Form):
    bot_token = forms.CharField(
        label="Slack bot token (optional)",
        required=False,
        max_length=255,
        help_text="OAuth & Permissions → Bot User OAuth Token, with the users:read and "
        "users:read.email scopes. With it, items from the shortcut carry the author's real "
        "email and name. Leave empty to forget it.",
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "class": "secret"}),
    )

    def clean_bot_token(self) -> str:
        token = self.cleaned_data["bot_token"].strip()
        if token and not re.fullmatch(r"xoxb-[A-Za-z0-9-]{10,250}", token):
            raise forms.ValidationError("A Slack bot token starts with xoxb-; copy it again.")
        return token
