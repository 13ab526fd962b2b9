import pytest
from django.urls import reverse

from groundswell.feedback import services
from groundswell.feedback.models import Idea, IdeaEvent, IdeaEventKind

DATA = {"title": "Dark theme", "body": "Follow the *system* setting."}


def url(idea, slug="acme"):
    return reverse("feedback:edit_idea", kwargs={"workspace_slug": slug, "idea_id": idea.pk})


@pytest.fixture
def bobs_idea(board, bob):
    return services.create_idea(board, bob, "Keyboard shortcuts", "j and k")


def test_team_member_edits_title_and_body(bob_client, bob, idea):
    assert 'value="Dark mode"' in bob_client.get(url(idea)).content.decode()
    assert bob_client.post(url(idea), DATA).status_code == 302
    idea.refresh_from_db()
    assert (idea.title, idea.body) == ("Dark theme", "Follow the *system* setting.")
    assert "<em>system</em>" in idea.body_html
    assert IdeaEvent.objects.get(idea=idea, kind=IdeaEventKind.EDITED).actor == bob


def test_author_may_edit_their_own_idea(carol_client, idea):
    assert carol_client.post(url(idea), DATA).status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Dark theme"


def test_too_short_title_is_refused(alice_client, idea):
    assert alice_client.post(url(idea), {"title": "x"}).status_code == 400
    idea.refresh_from_db()
    assert idea.title == "Dark mode"


def test_idea_of_another_workspace_cannot_be_touched(alice_client, workspace, other_workspace):
    globex_idea = Idea.objects.get(workspace=other_workspace)
    assert alice_client.post(url(globex_idea), DATA).status_code == 404
    assert alice_client.post(url(globex_idea, "globex"), DATA).status_code == 403
    globex_idea.refresh_from_db()
    assert globex_idea.title == "Globex private plan"


@pytest.mark.parametrize("persona", ["carol_client", "charlie_client"])
def test_customer_and_outsider_are_refused_on_others_ideas(request, persona, bobs_idea):
    client = request.getfixturevalue(persona)
    assert client.get(url(bobs_idea)).status_code == 403
    assert client.post(url(bobs_idea), DATA).status_code == 403
    bobs_idea.refresh_from_db()
    assert bobs_idea.title == "Keyboard shortcuts"


def test_anonymous_is_sent_to_sign_in(client, idea):
    response = client.post(url(idea), DATA)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign_in"))
    idea.refresh_from_db()
    assert idea.title == "Dark mode"


def test_private_idea_is_hidden_from_people_off_the_team(carol_client, private_idea):
    assert carol_client.post(url(private_idea), DATA).status_code == 404
    private_idea.refresh_from_db()
    assert private_idea.title == "Secret pricing change"


def test_author_cannot_edit_once_moved_to_a_private_board(carol_client, idea, private_board, alice):
    services.move_idea(idea, private_board, alice)
    assert carol_client.post(url(idea), DATA).status_code == 404
    idea.refresh_from_db()
    assert idea.title == "Dark mode"
