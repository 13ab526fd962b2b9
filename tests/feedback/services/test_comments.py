from groundswell.feedback import services


def test_public_comment_counts(idea, carol):
    comment = services.add_comment(idea, carol, "Me too")
    idea.refresh_from_db()
    assert idea.comment_count == 1
    assert comment.body_html == "<p>Me too</p>\n"


def test_internal_comment_does_not_count_publicly(idea, bob):
    services.add_comment(idea, bob, "Customer is on the enterprise plan", is_internal=True)
    idea.refresh_from_db()
    assert idea.comment_count == 0


def test_hide_and_unhide_keep_the_counter_exact(idea, carol, alice):
    comment = services.add_comment(idea, carol, "spam")
    services.hide_comment(comment, alice)
    services.hide_comment(comment, alice)
    idea.refresh_from_db()
    assert idea.comment_count == 0
    assert comment.hidden_by == alice
    services.unhide_comment(comment)
    services.unhide_comment(comment)
    idea.refresh_from_db()
    assert idea.comment_count == 1
    assert comment.hidden_at is None
