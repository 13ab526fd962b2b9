from django import forms

from groundswell.feedback.models import Board
from groundswell.notifications.forms import HEAR_LABEL, IDEA_LEVEL_CHOICES


class IdeaForm(forms.Form):
    board = forms.ModelChoiceField(queryset=Board.objects.none(), empty_label=None)
    title = forms.CharField(
        max_length=200,
        min_length=4,
        widget=forms.TextInput(attrs={"placeholder": "A short, clear summary", "autofocus": True}),
    )
    body = forms.CharField(
        required=False,
        max_length=20000,
        label="Details",
        help_text="Markdown works. Say what you are trying to do and why it matters.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    hear = forms.ChoiceField(
        choices=IDEA_LEVEL_CHOICES,
        label=HEAR_LABEL,
        # Left out (older forms, scripts), the person's workspace setting applies.
        required=False,
        help_text="You can change this any time in your notification settings.",
    )

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards


class CommentForm(forms.Form):
    body = forms.CharField(
        max_length=10000,
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Add to the discussion"}),
    )
    is_internal = forms.BooleanField(required=False, label="Internal note (only the team sees it)")


class BoardFilterForm(forms.Form):
    sort = forms.ChoiceField(
        required=False, choices=[("top", "Top"), ("new", "New"), ("trending", "Trending")]
    )
    status = forms.SlugField(required=False)
    tag = forms.SlugField(required=False)
    q = forms.CharField(required=False, max_length=200, label="Search")
    cursor = forms.CharField(required=False, max_length=500)


class SimilarIdeasForm(forms.Form):
    """What someone has typed so far, to look up ideas like it (limits as on IdeaForm)."""

    title = forms.CharField(required=False, max_length=200)
    body = forms.CharField(required=False, max_length=20000)
    idea = forms.IntegerField(required=False, min_value=1)  # the idea being edited, left out


class EditIdeaForm(forms.Form):
    title = forms.CharField(max_length=200, min_length=4)
    body = forms.CharField(
        required=False, max_length=20000, label="Details", widget=forms.Textarea(attrs={"rows": 8})
    )
