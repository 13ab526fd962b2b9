from django import forms

from groundswell.notifications.models import NotificationLevel

# Asked about one idea, in the words of the moment of voting or posting.
IDEA_LEVEL_CHOICES = [
    (NotificationLevel.ALL, "Every update"),
    (NotificationLevel.STATUS, "Status changes only"),
    (NotificationLevel.SHIPPED_ONLY, "Only when it ships"),
    (NotificationLevel.NONE, "Nothing"),
]
HEAR_LABEL = "How much do you want to hear about this?"


class IdeaLevelForm(forms.Form):
    level = forms.ChoiceField(choices=IDEA_LEVEL_CHOICES, label=HEAR_LABEL)
    next = forms.CharField(required=False, max_length=2000)
    # Which copy of the form on the page answered, so htmx puts the answer back there.
    where = forms.SlugField(required=False, max_length=20)


def workspace_level_field(initial: str) -> forms.ChoiceField:
    return forms.ChoiceField(choices=NotificationLevel.choices, initial=initial)


class WorkspaceLevelsForm(forms.Form):
    """One level per workspace the person takes part in: `level-<workspace id>`."""

    def __init__(self, *args, workspaces, levels: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.workspaces = list(workspaces)
        for workspace in self.workspaces:
            field = workspace_level_field(levels.get(workspace.pk, NotificationLevel.STATUS))
            field.label = workspace.name
            self.fields[f"level-{workspace.pk}"] = field

    def rows(self):
        return [(workspace, self[f"level-{workspace.pk}"]) for workspace in self.workspaces]

    def chosen_levels(self) -> dict[int, str]:
        return {
            workspace.pk: self.cleaned_data[f"level-{workspace.pk}"]
            for workspace in self.workspaces
        }
