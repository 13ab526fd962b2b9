from urllib.parse import urlsplit

from django import forms

from groundswell.feedback.forms import IdeaForm

MAX_ORIGINS = 50


class WidgetIdeaForm(IdeaForm):
    """The panel's idea form: the portal's fields, plus an email for visitors the host
    application did not identify (their feedback goes to the team's inbox)."""

    email = forms.EmailField(
        required=False,
        label="Your email",
        help_text="So the team can reply. Sign in to the site you came from to post publicly.",
    )
    page_url = forms.URLField(required=False, max_length=2000, widget=forms.HiddenInput)

    FIELDS = ("board", "title", "body", "email", "page_url")

    def __init__(self, *args, identified: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the fields the panel handles, whatever the portal's form grows.
        for name in [name for name in self.fields if name not in self.FIELDS]:
            del self.fields[name]
        # A narrow panel: keep the similar ideas, shown under the form, within sight.
        self.fields["title"].widget.attrs.pop("autofocus", None)
        self.fields["body"].widget.attrs["rows"] = 3
        self.fields["body"].help_text = ""
        if identified:
            del self.fields["email"]
        else:
            self.fields["email"].required = True
            del self.fields["board"]


class AllowedOriginsForm(forms.Form):
    origins = forms.CharField(
        required=False,
        label="Allowed sites",
        help_text="One origin a line, like https://app.example.com. "
        "Only these sites may show the panel; leave empty to allow any site.",
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "https://app.example.com"}),
    )

    def clean_origins(self) -> list[str]:
        origins = []
        for line in self.cleaned_data["origins"].splitlines():
            line = line.strip().rstrip("/")
            if not line:
                continue
            parts = urlsplit(line)
            if (
                parts.scheme not in ("http", "https")
                or not parts.hostname
                or parts.path
                or parts.query
                or parts.fragment
                or any(c in line for c in " ;,@'\"*")
            ):
                raise forms.ValidationError(
                    f"“{line}” is not an origin; write the scheme and host only, "
                    "like https://app.example.com (add :port if it has one)."
                )
            if line.lower() not in origins:
                origins.append(line.lower())
        if len(origins) > MAX_ORIGINS:
            raise forms.ValidationError(f"List at most {MAX_ORIGINS} sites.")
        return origins
