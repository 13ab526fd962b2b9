"""Voting from the panel goes through feedback.services, as the identified person."""

from groundswell.feedback.models import Vote
from groundswell.feedback.services import change_status
from tests.widget.conftest import DANA, Panel, sign


def test_identified_person_votes_and_takes_it_back(dana_panel, idea):
    response = dana_panel.post(f"ideas/{idea.pk}/vote/")
    assert response.status_code == 200
    vote = Vote.objects.get(idea=idea, voter__email="dana@initech.example")
    assert vote.source == "portal"
    idea.refresh_from_db()
    assert idea.vote_count == 2
    assert b"Remove your vote for Dark mode" in response.content

    response = dana_panel.post(f"ideas/{idea.pk}/unvote/")
    assert response.status_code == 200
    assert not Vote.objects.filter(idea=idea, voter__email="dana@initech.example").exists()
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_htmx_vote_answers_with_the_button(dana_panel, idea, keys):
    response = dana_panel.post(f"ideas/{idea.pk}/vote/", htmx=True)
    assert response.status_code == 200
    assert response.content.lstrip().startswith(f'<div class="vote" id="vote-{idea.pk}">'.encode())
    assert f"/widget/{keys.public_key}/ideas/{idea.pk}/unvote/".encode() in response.content


def test_anonymous_visitor_is_asked_to_sign_in_on_the_host_site(panel, idea):
    panel.get()
    response = panel.post(f"ideas/{idea.pk}/vote/")
    assert response.status_code == 403
    assert b"Sign in to the site you came from to vote" in response.content
    assert Vote.objects.filter(idea=idea).count() == 1


def test_vote_without_a_session_is_refused(panel, idea):
    response = panel.post(f"ideas/{idea.pk}/vote/")
    assert response.status_code == 403
    assert Vote.objects.filter(idea=idea).count() == 1


def test_private_ideas_cannot_be_voted_on(dana_panel, private_idea):
    assert dana_panel.post(f"ideas/{private_idea.pk}/vote/").status_code == 404
    assert not Vote.objects.filter(idea=private_idea, voter__email="dana@initech.example").exists()


def test_globex_panel_cannot_vote_on_acmes_ideas(globex_keys, idea, dana_token):
    globex = Panel(globex_keys)
    globex.identify(sign(DANA, globex_keys.secret))
    assert globex.post(f"ideas/{idea.pk}/vote/").status_code == 404
    assert Vote.objects.filter(idea=idea).count() == 1


def test_closed_ideas_say_so(dana_panel, idea, workspace):
    shipped = workspace.statuses.get(meaning="shipped")
    change_status(idea, shipped, None)
    response = dana_panel.post(f"ideas/{idea.pk}/vote/")
    assert response.status_code == 409
    assert b"no longer take votes" in response.content


def test_a_refused_htmx_vote_swaps_the_whole_panel(dana_panel, idea, workspace):
    change_status(idea, workspace.statuses.get(meaning="shipped"), None)
    response = dana_panel.post(f"ideas/{idea.pk}/vote/", htmx=True)
    assert response.status_code == 409
    assert response["HX-Retarget"] == "body"
    assert b"no longer take votes" in response.content
