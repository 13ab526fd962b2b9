"""Posting from the panel: identified people post ideas on the board (with their vote);
visitors the host did not identify send feedback with their email to the inbox."""

from django.core import signing

from groundswell.feedback.models import Idea, Vote
from groundswell.inbox.models import Channel, FeedbackItem
from groundswell.widget.tokens import SESSION_SALT
from tests.widget.conftest import Panel


def test_identified_person_posts_an_idea_with_their_vote(dana_panel, board):
    response = dana_panel.post(
        "post/", {"board": board.pk, "title": "Export to CSV", "body": "For the finance team."}
    )
    assert response.status_code == 200
    assert b"is posted and your vote is counted" in response.content
    idea = Idea.objects.get(title="Export to CSV")
    assert idea.author.email == "dana@initech.example"
    assert idea.board == board and idea.body == "For the finance team."
    assert Vote.objects.filter(idea=idea, voter=idea.author).exists()
    idea.refresh_from_db()
    assert idea.vote_count == 1
    assert not FeedbackItem.objects.exists()


def test_idea_must_go_on_a_public_board(dana_panel, board, private_board):
    response = dana_panel.post("post/", {"board": private_board.pk, "title": "Sneaky idea"})
    assert response.status_code == 400
    assert not Idea.objects.filter(title="Sneaky idea").exists()


def test_invalid_idea_keeps_what_was_typed(dana_panel, board):
    response = dana_panel.post("post/", {"board": board.pk, "title": "No", "body": "Kept text"})
    assert response.status_code == 400
    assert b"Kept text" in response.content
    assert b"at least 4 characters" in response.content


def test_anonymous_visitor_sends_feedback_to_the_inbox(panel, workspace, board):
    panel.get("post/")
    response = panel.post(
        "post/",
        {
            "title": "Dark mode please",
            "body": "At night.",
            "email": "visitor@example.com",
            "page_url": "https://app.example.com/settings",
        },
    )
    assert response.status_code == 200
    assert b"The team got your feedback" in response.content
    item = FeedbackItem.objects.get(workspace=workspace)
    assert item.channel == Channel.WIDGET
    assert item.text == "Dark mode please\n\nAt night."
    assert item.person.email == "visitor@example.com"
    assert item.source_url == "https://app.example.com/settings"
    assert not Idea.objects.filter(title="Dark mode please").exists()


def test_anonymous_visitor_must_give_an_email(panel, board):
    panel.get("post/")
    response = panel.post("post/", {"title": "Dark mode please"})
    assert response.status_code == 400
    assert not FeedbackItem.objects.exists()


def test_posting_without_a_widget_session_is_refused(panel, board):
    response = panel.post("post/", {"board": board.pk, "title": "No session here"})
    assert response.status_code == 403
    assert b"widget session is missing" in response.content
    assert not Idea.objects.filter(title="No session here").exists()


def test_a_forged_session_is_refused(panel, keys, board, carol):
    panel.session = signing.dumps(
        {"k": keys.pk, "v": keys.secret_version, "p": carol.pk}, salt=SESSION_SALT, key="guess"
    )
    response = panel.post("post/", {"board": board.pk, "title": "Posted as Carol"})
    assert response.status_code == 403
    assert not Idea.objects.filter(title="Posted as Carol").exists()


def test_a_session_from_another_workspace_is_refused(globex_keys, keys, board, carol, dana_token):
    globex = Panel(globex_keys)
    globex.get()
    acme = Panel(keys)
    acme.session = globex.session
    response = acme.post("post/", {"board": board.pk, "title": "Cross workspace"})
    assert response.status_code == 403
    assert not Idea.objects.filter(title="Cross workspace").exists()


def test_a_signed_in_portal_cookie_does_not_count(carol_client, keys, board):
    response = carol_client.post(
        f"/widget/{keys.public_key}/post/", {"board": board.pk, "title": "Via cookie"}
    )
    assert response.status_code == 403
    assert not Idea.objects.filter(title="Via cookie").exists()


def test_posting_is_rate_limited(dana_panel, board, settings):
    settings.WIDGET_POST_RATE_LIMIT = 2
    for number in range(2):
        response = dana_panel.post("post/", {"board": board.pk, "title": f"Idea number {number}"})
        assert response.status_code == 200
    response = dana_panel.post("post/", {"board": board.pk, "title": "One too many"})
    assert response.status_code == 429
    assert b"Too many posts from the widget" in response.content
    assert not Idea.objects.filter(title="One too many").exists()


def test_similar_ideas_are_suggested_with_panel_links(dana_panel, idea, keys):
    response = dana_panel.get("similar/", title="Dark mode", body="A dark theme please")
    assert response.status_code == 200
    assert idea.title.encode() in response.content
    assert f"/widget/{keys.public_key}/ideas/{idea.pk}/vote/".encode() in response.content
    assert f"/acme/ideas/{idea.pk}/".encode() not in response.content


def test_similar_ideas_leave_private_boards_out(dana_panel, private_idea):
    response = dana_panel.get("similar/", title="Secret pricing change")
    assert private_idea.title.encode() not in response.content


def test_anonymous_feedback_is_rate_limited_per_client(panel, workspace, settings):
    settings.WIDGET_POST_RATE_LIMIT = 1
    panel.get("post/")
    first = panel.post("post/", {"title": "First message", "email": "one@example.com"})
    assert first.status_code == 200
    second = panel.post("post/", {"title": "Second message", "email": "two@example.com"})
    assert second.status_code == 429
    assert list(FeedbackItem.objects.values_list("text", flat=True)) == ["First message"]
