from django.test import Client

from groundswell.feedback.models import StatusMeaning, Vote


def vote_url(idea, action="vote"):
    return f"/{idea.workspace.slug}/ideas/{idea.pk}/{action}/"


def test_vote_counts_once_even_when_clicked_twice(idea, charlie_client, charlie):
    charlie_client.post(vote_url(idea))
    charlie_client.post(vote_url(idea))
    idea.refresh_from_db()
    assert idea.vote_count == 2
    assert Vote.objects.filter(idea=idea, voter=charlie).count() == 1


def test_remove_vote_is_separate_and_idempotent(idea, carol_client, carol):
    carol_client.post(vote_url(idea, "unvote"))
    carol_client.post(vote_url(idea, "unvote"))
    idea.refresh_from_db()
    assert idea.vote_count == 0
    assert not Vote.objects.filter(idea=idea, voter=carol).exists()


def test_htmx_vote_returns_the_button(idea, charlie_client):
    response = charlie_client.post(vote_url(idea), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.text
    assert '<span class="vote-count">2</span>' in response.text


def test_anonymous_vote_goes_to_sign_in_and_counts_nothing(idea):
    response = Client().post(vote_url(idea))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_anonymous_htmx_vote_redirects_the_page(idea):
    response = Client().post(vote_url(idea), headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith("/accounts/sign-in/")


def test_vote_on_private_idea_is_refused_to_customers(private_idea, carol_client):
    response = carol_client.post(vote_url(private_idea))
    assert response.status_code == 404
    private_idea.refresh_from_db()
    assert private_idea.vote_count == 1


def test_vote_on_another_workspaces_idea_through_acme_is_refused(
    workspace, other_workspace, carol_client
):
    globex_idea = other_workspace.ideas.first()
    response = carol_client.post(f"/acme/ideas/{globex_idea.pk}/vote/")
    assert response.status_code == 404
    globex_idea.refresh_from_db()
    assert globex_idea.vote_count == 1


def test_vote_on_shipped_idea_shows_an_error(idea, workspace, alice, charlie_client):
    from groundswell.feedback import services

    services.change_status(idea, workspace.statuses.get(meaning=StatusMeaning.SHIPPED), alice)
    response = charlie_client.post(vote_url(idea), follow=True)
    assert "no longer take votes" in response.text
    idea.refresh_from_db()
    assert idea.vote_count == 1


def test_vote_requires_post(idea, charlie_client):
    assert charlie_client.get(vote_url(idea)).status_code == 405
