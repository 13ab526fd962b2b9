"""Forms of the import pages: the upload, and the column mapping built from the file."""

from django import forms
from django.conf import settings

from groundswell.feedback.models import Board
from groundswell.imports import csvfiles
from groundswell.imports.models import ImportKind
from groundswell.workspaces.models import Workspace


class UploadForm(forms.Form):
    kind = forms.ChoiceField(choices=ImportKind.choices, label="What the file holds")
    board = forms.ModelChoiceField(
        queryset=Board.objects.none(),
        required=False,
        label="Board",
        help_text="Ideas: where they go (unless a column names the board). "
        "Votes: only ideas of this board are matched.",
    )
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, comma, semicolon or tab separated, the first line naming the columns.",
    )

    def __init__(self, workspace: Workspace, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = workspace.boards.all()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            limit = settings.IMPORT_MAX_BYTES / 1_048_576
            raise forms.ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; the limit is {limit:.1f} MB. "
                "Split it and import the parts one after the other."
            )
        return upload


class MappingForm(forms.Form):
    """One choice per column of the file: the field it fills, or nothing."""

    def __init__(self, kind: str, headers: list[str], initial_mapping: dict[str, str], *args, **kw):
        super().__init__(*args, **kw)
        self.kind, self.headers = kind, headers
        choices = [("", "— ignore this column —")]
        choices += [
            (spec.name, spec.label + (" *" if spec.required else ""))
            for spec in csvfiles.FIELDS[kind]
        ]
        if kind == ImportKind.COMPANIES:
            choices.append((csvfiles.ATTRIBUTE, "Custom attribute (named after the column)"))
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                label=header,
                initial=initial_mapping.get(header, ""),
            )

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data.get(f"column_{index}", "")
            for index, header in enumerate(self.headers)
        }

    def columns(self):
        """(header, bound field) pairs for the template."""
        return [(header, self[f"column_{index}"]) for index, header in enumerate(self.headers)]
