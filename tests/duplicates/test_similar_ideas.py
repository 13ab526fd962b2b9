"""Ideas are embedded after they are written, and similar_ideas finds them by meaning."""

from groundswell.duplicates.models import IdeaEmbedding, MergeSuggestion
from groundswell.duplicates.queries import similar_ideas
from groundswell.feedback import services


def post(board, author, title, body=""):
    return services.create_idea(board, author, title, body)


def test_new_ideas_are_embedded_after_commit(board, carol, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        idea = post(board, carol, "Dark mode", "A dark theme for working at night")
    stored = IdeaEmbedding.objects.get(idea=idea)
    assert stored.as_array().shape == (384,)
    assert abs(float((stored.as_array() ** 2).sum()) - 1.0) < 1e-3


def test_similar_ideas_understand_meaning(board, carol, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dark = post(board, carol, "Dark mode", "A dark colour scheme for the app at night")
        post(board, carol, "Export reports to CSV", "Download numbers as a spreadsheet")
    found = similar_ideas(board.workspace, "Night theme", "black background please")
    assert found[0].idea == dark


def test_an_idea_is_found_by_its_words_before_it_is_embedded(board, carol):
    idea = post(board, carol, "Keyboard shortcuts", "Navigate with j and k")
    assert not IdeaEmbedding.objects.filter(idea=idea).exists()
    found = similar_ideas(board.workspace, "keyboard shortcuts please")
    assert [match.idea for match in found][:1] == [idea]


def test_merged_private_and_foreign_ideas_are_left_out(
    board, private_board, carol, alice, other_workspace, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        keep = post(board, carol, "Dark mode", "dark theme")
        merged = post(board, carol, "Dark theme", "dark mode")
        secret = post(private_board, alice, "Dark mode for admins", "dark theme")
    services.merge_ideas(merged, keep, alice)
    found = [m.idea for m in similar_ideas(board.workspace, "dark mode", viewer=carol)]
    assert keep in found and merged not in found and secret not in found
    assert not [m for m in similar_ideas(other_workspace, "dark mode") if m.idea == keep]


def test_a_likely_duplicate_is_queued_for_the_team_once(
    board, carol, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = post(board, carol, "Dark mode", "Please add a dark mode to the app")
    with django_capture_on_commit_callbacks(execute=True):
        second = post(board, alice, "Dark mode please", "Please add a dark mode to the app")
    suggestion = MergeSuggestion.objects.get()
    assert (suggestion.idea, suggestion.similar_to) == (second, first)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_idea(second, alice, title="Dark mode please!", body=second.body)
    assert MergeSuggestion.objects.count() == 1
