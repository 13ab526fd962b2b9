from django import forms

from groundswell.changelog.models import Label
from groundswell.feedback.models import Idea


class EntryForm(forms.Form):
    title = forms.CharField(max_length=200, min_length=2)
    body = forms.CharField(
        required=False,
        max_length=50000,
        help_text="Markdown works.",
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    labels = forms.MultipleChoiceField(
        required=False, choices=Label.choices, widget=forms.CheckboxSelectMultiple
    )


class PickIdeasForm(forms.Form):
    ideas = forms.ModelMultipleChoiceField(
        queryset=Idea.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, ideas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].queryset = ideas


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        max_length=254, widget=forms.EmailInput(attrs={"placeholder": "you@example.com"})
    )
