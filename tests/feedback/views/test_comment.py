from django.test import Client

from groundswell.feedback.models import Comment


def comment_url(idea):
    return f"/{idea.workspace.slug}/ideas/{idea.pk}/comments/"


def test_comment_is_posted(idea, carol_client, carol):
    response = carol_client.post(comment_url(idea), {"body": "I need this *daily*"})
    assert response.status_code == 302
    comment = Comment.objects.get(idea=idea)
    assert comment.author == carol and "<em>daily</em>" in comment.body_html
    idea.refresh_from_db()
    assert idea.comment_count == 1


def test_htmx_comment_returns_the_comments_section(idea, carol_client):
    response = carol_client.post(
        comment_url(idea), {"body": "Yes please"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="comments"')
    assert "Yes please" in response.text


def test_empty_comment_shows_an_error_and_saves_nothing(idea, carol_client):
    response = carol_client.post(comment_url(idea), {"body": ""})
    assert response.status_code == 400
    assert "This field is required" in response.text
    assert not Comment.objects.exists()


def test_customers_cannot_post_internal_notes(idea, carol_client):
    carol_client.post(comment_url(idea), {"body": "sneaky", "is_internal": "on"})
    assert Comment.objects.get(idea=idea).is_internal is False


def test_team_can_post_internal_notes(idea, bob_client):
    bob_client.post(comment_url(idea), {"body": "note", "is_internal": "on"})
    assert Comment.objects.get(idea=idea).is_internal is True


def test_anonymous_cannot_comment(idea):
    response = Client().post(comment_url(idea), {"body": "hi"})
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_cannot_comment_on_private_idea_as_customer(private_idea, carol_client):
    assert carol_client.post(comment_url(private_idea), {"body": "hi"}).status_code == 404
    assert not Comment.objects.exists()
