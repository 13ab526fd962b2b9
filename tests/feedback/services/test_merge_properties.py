"""Over random sequences of votes, vote removals, merges and unmerges, every idea's
displayed count equals the number of distinct people whose votes count for it."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groundswell.accounts.models import User
from groundswell.feedback import services
from groundswell.feedback.errors import FeedbackError
from groundswell.feedback.models import Idea, Vote

IDEAS, PEOPLE = 4, 4

operations = st.lists(
    st.one_of(
        st.tuples(st.just("vote"), st.integers(0, IDEAS - 1), st.integers(0, PEOPLE - 1)),
        st.tuples(st.just("unvote"), st.integers(0, IDEAS - 1), st.integers(0, PEOPLE - 1)),
        st.tuples(st.just("merge"), st.integers(0, IDEAS - 1), st.integers(0, IDEAS - 1)),
        st.tuples(st.just("unmerge"), st.integers(0, IDEAS - 1), st.just(0)),
    ),
    max_size=25,
)


def check_invariants(ideas: list[Idea]) -> None:
    for idea in Idea.objects.filter(pk__in=[i.pk for i in ideas]):
        if idea.merged_into_id is not None:
            survivor = Idea.objects.get(pk=idea.merged_into_id)
            assert survivor.merged_into_id is None, "merges are flattened: no chains"
            assert idea.vote_count == 0
            continue
        cluster = [idea.pk, *Idea.objects.filter(merged_into=idea).values_list("pk", flat=True)]
        people = Vote.objects.filter(idea_id__in=cluster).values("voter").distinct().count()
        assert idea.vote_count == people, f"{idea} shows {idea.vote_count}, {people} people"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=operations)
def test_counts_equal_distinct_people_over_any_sequence(board, alice, steps):
    Idea.objects.filter(board=board).delete()
    ideas = [services.create_idea(board, None, f"Idea {n}") for n in range(IDEAS)]
    people = [User.objects.get_or_create(email=f"prop{n}@example.com")[0] for n in range(PEOPLE)]
    for action, first, second in steps:
        try:
            if action == "vote":
                services.add_vote(ideas[first], people[second])
            elif action == "unvote":
                services.remove_vote(ideas[first], people[second])
            elif action == "merge":
                services.merge_ideas(ideas[first], ideas[second], alice)
            else:
                own_votes = set(
                    Vote.objects.filter(idea=ideas[first]).values_list("voter", flat=True)
                )
                services.unmerge_idea(ideas[first], alice)
                # Unmerging never changes which rows exist: votes stay on their idea.
                assert (
                    set(Vote.objects.filter(idea=ideas[first]).values_list("voter", flat=True))
                    == own_votes
                )
        except FeedbackError:
            pass
        check_invariants(ideas)
