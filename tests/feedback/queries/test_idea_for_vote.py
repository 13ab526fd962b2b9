"""idea_for_vote: the hand-written read behind the vote buttons finds the same idea,
board, status and workspace as the ORM's idea_for_action, and nothing outside the
workspace named in the address."""

from groundswell.feedback import queries
from groundswell.feedback import services as feedback


def test_it_reads_what_idea_for_action_reads(idea, private_idea):
    for wanted in (idea, private_idea):
        fast = queries.idea_for_vote(wanted.pk, "acme")
        full = queries.idea_for_action(wanted.pk, "acme")
        assert (fast.pk, fast.title, fast.vote_count, fast.merged_into_id) == (
            full.pk,
            full.title,
            full.vote_count,
            full.merged_into_id,
        )
        assert fast.board.is_public is full.board.is_public
        assert (fast.status.name, fast.status.meaning, fast.status.can_be_voted) == (
            full.status.name,
            full.status.meaning,
            full.status.can_be_voted,
        )
        assert fast.workspace.slug == "acme" and fast.board.workspace is fast.workspace


def test_fields_it_does_not_read_load_when_used(idea):
    fast = queries.idea_for_vote(idea.pk, "acme")
    assert fast.body == idea.body
    assert fast.created_at == idea.created_at


def test_a_merged_idea_knows_its_survivor(board, idea, carol, alice):
    duplicate = feedback.create_idea(board, carol, "Night theme")
    feedback.merge_ideas(duplicate, idea, alice)
    assert queries.idea_for_vote(duplicate.pk, "acme").survivor_id == idea.pk


def test_another_workspaces_address_finds_nothing(idea, other_workspace):
    assert queries.idea_for_vote(idea.pk, other_workspace.slug) is None
    assert queries.idea_for_vote(idea.pk, "no-such-workspace") is None
    assert queries.idea_for_vote(10**9, "acme") is None
