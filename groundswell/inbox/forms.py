"""Forms that validate the inbox page's posts before a service is called."""

from django import forms

from groundswell.feedback.models import Board
from groundswell.workspaces.models import Workspace

MAX_ID = 2**63 - 1


class LinkForm(forms.Form):
    idea = forms.IntegerField(min_value=1, max_value=MAX_ID)


class NewIdeaForm(forms.Form):
    board = forms.ModelChoiceField(queryset=Board.objects.none())
    title = forms.CharField(max_length=200, strip=True)

    def __init__(self, workspace: Workspace, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = workspace.boards.all()
