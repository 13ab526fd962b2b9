import pytest

from groundswell.accounts.models import User
from groundswell.feedback import services
from groundswell.feedback.errors import AlreadyMerged, MergeCycle, NotMerged, WrongWorkspace
from groundswell.feedback.models import Idea, IdeaEvent, IdeaEventKind, IdeaMerge, Vote, VoteSource


@pytest.fixture
def people(db):
    return [User.objects.create_user(f"person{n}@example.com") for n in range(4)]


@pytest.fixture
def pair(board, people):
    a = services.create_idea(board, people[0], "Night theme", vote_for_it=True)
    b = services.create_idea(board, people[1], "Dark mode", vote_for_it=True)
    services.add_vote(a, people[2])
    services.add_vote(b, people[2])
    services.add_vote(a, people[3], source=VoteSource.ON_BEHALF)
    return a, b


def counts(*ideas):
    for idea in ideas:
        idea.refresh_from_db()
    return [idea.vote_count for idea in ideas]


def test_merge_counts_each_person_once(pair, alice):
    a, b = pair
    services.merge_ideas(a, b, alice)
    assert counts(a, b) == [0, 4]
    assert a.merged_into == b
    assert Vote.objects.filter(idea=a).count() == 3


def test_votes_keep_their_date_and_source(pair, alice, people):
    a, b = pair
    before = list(Vote.objects.filter(idea=a).values_list("voter", "created_at", "source"))
    services.merge_ideas(a, b, alice)
    after = list(Vote.objects.filter(idea=a).values_list("voter", "created_at", "source"))
    assert before == after


def test_unmerge_restores_exactly(pair, alice, people):
    a, b = pair
    services.merge_ideas(a, b, alice)
    services.unmerge_idea(a, alice)
    assert counts(a, b) == [3, 2]
    assert a.merged_into is None
    assert set(Vote.objects.filter(idea=b).values_list("voter", flat=True)) == {
        people[1].pk,
        people[2].pk,
    }


def test_vote_after_merge_on_either_side_counts_once(pair, alice, people):
    a, b = pair
    services.merge_ideas(a, b, alice)
    assert services.add_vote(b, people[0]) is True
    assert counts(b) == [4]
    newcomer = User.objects.create_user("new@example.com")
    services.add_vote(a, newcomer)
    assert counts(a, b) == [0, 5]


def test_remove_vote_withdraws_support_across_the_cluster(pair, alice, people):
    a, b = pair
    services.merge_ideas(a, b, alice)
    assert services.remove_vote(b, people[2]) is True
    assert counts(b) == [3]
    assert not Vote.objects.filter(voter=people[2], idea__in=[a, b]).exists()


def test_votes_for_two_merged_ideas_of_a_cluster_count_once(board, pair, alice, people):
    a, b = pair
    c = services.create_idea(board, people[3], "Darker colours", vote_for_it=False)
    services.merge_ideas(a, b, alice)
    services.merge_ideas(c, b, alice)
    # people[3] voted for A (merged into B) only: a vote for C, merged too, is no new demand.
    assert services.add_vote(c, people[3]) is True
    assert counts(a, b, c) == [0, 4, 0]
    # Their vote for an idea outside the cluster still counts there.
    elsewhere = services.create_idea(board, people[0], "Offline mode")
    assert services.add_vote(elsewhere, people[3]) is True
    assert counts(elsewhere) == [2]


def test_remove_vote_deletes_only_the_persons_votes_in_the_cluster(board, pair, alice, people):
    a, b = pair
    c = services.create_idea(board, people[0], "Darker colours", vote_for_it=False)
    elsewhere = services.create_idea(board, people[0], "Offline mode")
    for idea in (c, elsewhere):
        services.add_vote(idea, people[2])
    services.merge_ideas(a, b, alice)
    services.merge_ideas(c, b, alice)
    # people[2] voted for A, B and C: one withdrawal, through the merged C, removes all three.
    assert services.remove_vote(c, people[2]) is True
    assert counts(b, elsewhere) == [3, 2]
    assert not Vote.objects.filter(voter=people[2], idea__in=[a, b, c]).exists()
    assert Vote.objects.filter(voter=people[2], idea=elsewhere).exists()
    assert Vote.objects.filter(idea__in=[a, b]).count() == 3  # the others' votes stay
    assert services.remove_vote(b, people[2]) is False
    assert counts(b) == [3]


def test_merge_into_a_merged_idea_goes_to_the_survivor(board, pair, alice, people):
    a, b = pair
    c = services.create_idea(board, people[3], "Darker colours")
    services.merge_ideas(a, b, alice)
    services.merge_ideas(c, a, alice)
    c.refresh_from_db()
    assert c.merged_into == b
    assert counts(b) == [4]


def test_chained_merges_unmerge_step_by_step(board, pair, alice, people):
    a, b = pair
    c = services.create_idea(board, people[3], "Theme settings")
    services.merge_ideas(a, b, alice)
    services.merge_ideas(b, c, alice)
    a.refresh_from_db()
    assert a.merged_into == c
    assert counts(c) == [4]
    services.unmerge_idea(b, alice)
    a.refresh_from_db()
    assert a.merged_into == b
    assert counts(a, b, c) == [0, 4, 1]


def test_cycles_and_double_merges_are_refused(pair, alice):
    a, b = pair
    with pytest.raises(MergeCycle):
        services.merge_ideas(a, a, alice)
    services.merge_ideas(a, b, alice)
    with pytest.raises(MergeCycle):
        services.merge_ideas(b, a, alice)
    with pytest.raises(AlreadyMerged):
        services.merge_ideas(a, b, alice)
    assert counts(b) == [4]


def test_unmerge_of_an_unmerged_idea_is_refused(pair, alice):
    with pytest.raises(NotMerged):
        services.unmerge_idea(pair[0], alice)


def test_merge_across_workspaces_is_refused(pair, alice, other_workspace):
    with pytest.raises(WrongWorkspace):
        services.merge_ideas(pair[0], other_workspace.ideas.first(), alice)
    assert pair[0].merged_into is None


def test_tags_carry_over_and_come_back(pair, alice, workspace):
    a, b = pair
    mobile, shared = services.create_tag(workspace, "Mobile"), services.create_tag(workspace, "UI")
    services.tag_idea(a, mobile)
    services.tag_idea(a, shared)
    services.tag_idea(b, shared)
    services.merge_ideas(a, b, alice)
    assert set(b.tags.all()) == {mobile, shared}
    services.unmerge_idea(a, alice)
    assert set(b.tags.all()) == {shared}
    assert set(a.tags.all()) == {mobile, shared}


def test_comments_count_on_the_survivor(pair, alice, people):
    a, b = pair
    services.add_comment(a, people[0], "From A")
    services.merge_ideas(a, b, alice)
    assert Idea.objects.get(pk=b.pk).comment_count == 1
    services.add_comment(b, people[1], "On B")
    assert Idea.objects.get(pk=b.pk).comment_count == 2
    services.unmerge_idea(a, alice)
    assert [Idea.objects.get(pk=i.pk).comment_count for i in (a, b)] == [1, 1]


def test_merge_and_unmerge_are_in_the_history(pair, alice):
    a, b = pair
    merge = services.merge_ideas(a, b, alice)
    services.unmerge_idea(a, alice)
    merge.refresh_from_db()
    assert merge.undone_by == alice and merge.undone_at is not None
    kinds = list(IdeaEvent.objects.filter(idea=b).values_list("kind", flat=True))
    assert IdeaEventKind.MERGED in kinds and IdeaEventKind.UNMERGED in kinds
    assert IdeaMerge.objects.filter(source=a).count() == 1


def test_followers_of_a_merged_idea_follow_the_survivor_and_come_back(pair, alice, people):
    from groundswell.feedback.queries import followers

    a, b = pair
    services.follow_idea(a, people[3])
    assert set(followers(b)) == {people[1]}
    services.merge_ideas(a, b, alice)
    assert set(followers(b)) == {people[0], people[1], people[3]}
    services.unmerge_idea(a, alice)
    assert set(followers(a)) == {people[0], people[3]}
    assert set(followers(b)) == {people[1]}


def test_unfollow_after_merge_stops_following_the_whole_cluster(pair, alice, people):
    from groundswell.feedback.queries import followers

    a, b = pair
    services.follow_idea(b, people[0])
    services.merge_ideas(a, b, alice)
    assert services.unfollow_idea(b, people[0]) is True
    assert people[0] not in set(followers(b))
    assert services.unfollow_idea(b, people[0]) is False
