"""Forms that validate the inbox page's posts before a service is called."""

from django import forms

from groundswell.feedback.forms import BoardFilterForm
from groundswell.feedback.models import Board
from groundswell.inbox.models import Company
from groundswell.workspaces.models import Workspace

MAX_ID = 2**63 - 1


class LinkForm(forms.Form):
    idea = forms.IntegerField(min_value=1, max_value=MAX_ID)


class LinkSelectedForm(forms.Form):
    idea = forms.IntegerField(min_value=1, max_value=MAX_ID, label="Idea number")


class NewIdeaForm(forms.Form):
    board = forms.ModelChoiceField(queryset=Board.objects.none())
    title = forms.CharField(max_length=200, strip=True)

    def __init__(self, workspace: Workspace, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = workspace.boards.all()


class TeamIdeaFilterForm(BoardFilterForm):
    """The team board's filters: the portal's, plus demand sorts and company filters."""

    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("new", "Newest"),
            ("top", "Most votes"),
            ("trending", "Trending"),
            ("revenue", "Most revenue"),
            ("companies", "Most companies"),
            ("people", "Most people"),
        ],
    )
    segment = forms.CharField(required=False, max_length=100)
    plan = forms.CharField(required=False, max_length=100)
    company = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    offset = forms.IntegerField(required=False, min_value=0, max_value=1_000_000)


class CompanyForm(forms.ModelForm):
    class Meta:
        model = Company
        fields = ["plan", "mrr", "segment"]
        labels = {"mrr": "Monthly revenue (MRR)"}
        widgets = {"mrr": forms.NumberInput(attrs={"min": "0", "step": "0.01"})}

    def clean_mrr(self):
        mrr = self.cleaned_data["mrr"]
        if mrr is not None and mrr < 0:
            raise forms.ValidationError("Monthly revenue cannot be negative.")
        return mrr
