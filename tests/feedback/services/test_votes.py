import threading

import pytest
from django.db import close_old_connections, connection

from groundswell.accounts.models import User
from groundswell.feedback import services
from groundswell.feedback.errors import VotingClosed
from groundswell.feedback.models import Idea, StatusMeaning, Vote


def test_author_vote_counts_when_idea_is_posted(idea, carol):
    assert idea.vote_count == 1
    assert Vote.objects.filter(idea=idea, voter=carol).exists()


def test_vote_is_idempotent(idea, charlie):
    assert services.add_vote(idea, charlie) is True
    assert services.add_vote(idea, charlie) is False
    idea.refresh_from_db()
    assert idea.vote_count == 2
    assert Vote.objects.filter(idea=idea).count() == 2


def test_remove_vote_is_idempotent(idea, carol):
    assert services.remove_vote(idea, carol) is True
    assert services.remove_vote(idea, carol) is False
    idea.refresh_from_db()
    assert idea.vote_count == 0
    assert not Vote.objects.filter(idea=idea).exists()


def test_shipped_idea_takes_no_new_votes(idea, charlie, alice, workspace):
    shipped = workspace.statuses.get(meaning=StatusMeaning.SHIPPED)
    services.change_status(idea, shipped, alice)
    with pytest.raises(VotingClosed):
        services.add_vote(idea, charlie)
    idea.refresh_from_db()
    assert idea.vote_count == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_votes_by_one_person_leave_one_vote(idea, charlie):
    barrier = threading.Barrier(4)
    results = []

    def cast():
        close_old_connections()
        try:
            barrier.wait()
            results.append(services.add_vote(Idea.objects.get(pk=idea.pk), charlie))
        finally:
            connection.close()

    threads = [threading.Thread(target=cast) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    idea.refresh_from_db()
    assert idea.vote_count == Vote.objects.filter(idea=idea).count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_voters_are_all_counted(board, carol):
    idea = services.create_idea(board, carol, "Concurrent idea")
    voters = [User.objects.create_user(f"voter{n}@example.com") for n in range(8)]

    def cast(voter):
        close_old_connections()
        try:
            services.add_vote(Idea.objects.get(pk=idea.pk), voter)
            services.remove_vote(Idea.objects.get(pk=idea.pk), voter)
            services.add_vote(Idea.objects.get(pk=idea.pk), voter)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(voter,)) for voter in voters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    idea.refresh_from_db()
    assert idea.vote_count == Vote.objects.filter(idea=idea).count() == 9
