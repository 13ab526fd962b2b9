from groundswell.accounts.models import User
from groundswell.feedback import services
from groundswell.feedback.models import Comment
from tests.feedback.api.conftest import assert_problem


def url(idea) -> str:
    return f"/api/v1/ideas/{idea.pk}/comments"


def test_no_key_is_refused(anonymous_api, idea):
    assert_problem(anonymous_api.get(url(idea)), 401)


def test_revoked_key_is_refused(revoked_api, idea):
    payload = {"author_email": "dana@customer.example", "body": "Me too"}
    assert_problem(revoked_api.post(url(idea), payload, "application/json"), 401)
    assert not Comment.objects.exists()


def test_list_includes_internal_and_hidden_comments(api, idea, carol, bob, alice):
    services.add_comment(idea, carol, "Any news?")
    services.add_comment(idea, bob, "Customer on the Pro plan.", is_internal=True)
    spam = services.add_comment(idea, carol, "Buy now")
    services.hide_comment(spam, alice)
    response = api.get(url(idea))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [(row["body"], row["is_internal"]) for row in body["items"]] == [
        ("Any news?", False),
        ("Customer on the Pro plan.", True),
        ("Buy now", False),
    ]
    assert body["items"][2]["hidden_at"] is not None


def test_add_comment_for_a_new_person(api, idea):
    response = api.post(
        url(idea),
        {"author_email": "dana@customer.example", "author_name": "Dana", "body": "**Yes** please"},
        "application/json",
    )
    assert response.status_code == 201
    comment = Comment.objects.get(pk=response.json()["id"])
    assert comment.author == User.objects.get(email="dana@customer.example")
    assert "<strong>Yes</strong>" in comment.body_html
    assert comment.is_internal is False
    idea.refresh_from_db()
    assert idea.comment_count == 1


def test_internal_comment_does_not_count_publicly(api, idea):
    response = api.post(
        url(idea),
        {"author_email": "bob@acme.example", "body": "Asked twice on calls", "is_internal": True},
        "application/json",
    )
    assert response.status_code == 201
    assert Comment.objects.get(pk=response.json()["id"]).is_internal is True
    idea.refresh_from_db()
    assert idea.comment_count == 0


def test_blank_comment_is_invalid_input(api, idea):
    for body in ["", "   "]:
        payload = {"author_email": "dana@customer.example", "body": body}
        assert_problem(api.post(url(idea), payload, "application/json"), 422)
    assert not Comment.objects.exists()


def test_other_workspace_can_neither_read_nor_comment(globex_api, idea, carol):
    services.add_comment(idea, carol, "Acme only")
    assert_problem(globex_api.get(url(idea)), 404)
    payload = {"author_email": "charlie@elsewhere.example", "body": "Hi"}
    assert_problem(globex_api.post(url(idea), payload, "application/json"), 404)
    assert list(Comment.objects.values_list("body", flat=True)) == ["Acme only"]
