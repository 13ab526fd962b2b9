"""Forms for the team pages: they validate input; the views then call one service."""

from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile

from groundswell.accounts.models import normalize_email_address
from groundswell.feedback.models import StatusMeaning
from groundswell.workspaces.models import Membership, Role, Workspace, hex_colour

LOGO_MAX_BYTES = 1024 * 1024
# Extension -> (content types browsers send, the file's first bytes). No SVG: it can carry script.
LOGO_FORMATS = {
    ".png": ({"image/png"}, (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ({"image/jpeg", "image/pjpeg"}, (b"\xff\xd8\xff",)),
    ".jpeg": ({"image/jpeg", "image/pjpeg"}, (b"\xff\xd8\xff",)),
    ".gif": ({"image/gif"}, (b"GIF87a", b"GIF89a")),
    ".webp": ({"image/webp"}, (b"RIFF",)),
}


class ColourInput(forms.TextInput):
    input_type = "color"


def colour_field(label: str = "Colour") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=7,
        validators=[hex_colour],
        widget=ColourInput(),
        help_text="A colour like #4f46e5.",
    )


def validate_logo(upload: UploadedFile) -> None:
    extension = Path(upload.name or "").suffix.lower()
    if extension not in LOGO_FORMATS:
        raise forms.ValidationError("Upload a PNG, JPEG, GIF or WebP image.")
    content_types, signatures = LOGO_FORMATS[extension]
    if upload.content_type not in content_types:
        raise forms.ValidationError("The file's type does not match its name; upload an image.")
    if upload.size > LOGO_MAX_BYTES:
        raise forms.ValidationError("The logo must be 1 MB or smaller.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures) or (
        extension == ".webp" and head[8:12] != b"WEBP"
    ):
        raise forms.ValidationError("This file is not a valid image.")


class WorkspaceSettingsForm(forms.Form):
    name = forms.CharField(max_length=100)
    accent_colour = colour_field("Accent colour")
    logo = forms.FileField(
        required=False,
        validators=[validate_logo],
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(LOGO_FORMATS)}),
        help_text="PNG, JPEG, GIF or WebP, up to 1 MB. Shown square, next to the name.",
    )
    remove_logo = forms.BooleanField(required=False, label="Remove the current logo")

    @classmethod
    def for_workspace(cls, workspace: Workspace, data=None, files=None) -> "WorkspaceSettingsForm":
        return cls(
            data,
            files,
            initial={"name": workspace.name, "accent_colour": workspace.accent_colour},
        )


class BoardForm(forms.Form):
    name = forms.CharField(max_length=100)
    description = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_public = forms.BooleanField(
        required=False,
        initial=True,
        label="Public",
        help_text="Anyone can see a public board. A private board shows to the team only.",
    )


class EditBoardForm(BoardForm):
    slug = forms.SlugField(
        max_length=60, label="Address", help_text="The last part of the board's web address."
    )


class StatusForm(forms.Form):
    name = forms.CharField(max_length=50)
    colour = colour_field()
    meaning = forms.ChoiceField(
        choices=StatusMeaning.choices,
        help_text="Shipped and closed ideas stop taking votes.",
    )


class EditStatusForm(StatusForm):
    position = forms.IntegerField(
        min_value=0, max_value=1000, label="Order", help_text="Lower numbers come first."
    )


class TagForm(forms.Form):
    name = forms.CharField(max_length=50)
    colour = colour_field()


def role_choices(roles: list[str]) -> list[tuple[str, str]]:
    return [(value, label) for value, label in Role.choices if value in roles]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(roles)


class InviteForm(forms.Form):
    email = forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(choices=Role.choices, initial=Role.MEMBER)

    def __init__(self, *args, workspace: Workspace, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.fields["role"].choices = role_choices(roles)

    def clean_email(self) -> str:
        email = normalize_email_address(self.cleaned_data["email"])
        if Membership.objects.filter(workspace=self.workspace, user__email=email).exists():
            raise forms.ValidationError("This person is already on the team.")
        return email


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What uses this key, so you know which to revoke later."
    )
