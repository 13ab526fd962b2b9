from django.test import Client

from groundswell.feedback.models import Follow


def test_follow_and_unfollow(idea, charlie_client, charlie):
    charlie_client.post(f"/acme/ideas/{idea.pk}/follow/")
    charlie_client.post(f"/acme/ideas/{idea.pk}/follow/")
    assert Follow.objects.filter(idea=idea, person=charlie).count() == 1
    page = charlie_client.get(f"/acme/ideas/{idea.pk}/").text
    assert 'aria-pressed="true"' in page and "Following" in page
    charlie_client.post(f"/acme/ideas/{idea.pk}/unfollow/")
    assert not Follow.objects.filter(idea=idea, person=charlie).exists()


def test_authors_follow_their_ideas(idea, carol):
    assert Follow.objects.filter(idea=idea, person=carol).exists()


def test_anonymous_cannot_follow(idea):
    response = Client().post(f"/acme/ideas/{idea.pk}/follow/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    assert Follow.objects.filter(idea=idea).count() == 1


def test_customers_cannot_follow_private_or_foreign_ideas(
    private_idea, other_workspace, carol_client
):
    assert carol_client.post(f"/acme/ideas/{private_idea.pk}/follow/").status_code == 404
    globex = other_workspace.ideas.first()
    assert carol_client.post(f"/acme/ideas/{globex.pk}/follow/").status_code == 404
    assert (
        not Follow.objects.filter(person__email="carol@customer.example")
        .exclude(idea__title="Dark mode")
        .exists()
    )
