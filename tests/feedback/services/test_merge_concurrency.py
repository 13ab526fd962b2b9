import threading

import pytest
from django.db import close_old_connections, connection

from groundswell.accounts.models import User
from groundswell.feedback import services
from groundswell.feedback.models import Idea
from tests.feedback.services.test_merge_properties import check_invariants


@pytest.mark.django_db(transaction=True)
def test_merges_and_unmerges_under_concurrent_votes_lose_nothing(board, alice):
    a = services.create_idea(board, None, "Night theme")
    b = services.create_idea(board, None, "Dark mode")
    voters = [User.objects.create_user(f"c{n}@example.com") for n in range(6)]
    errors = []

    def vote(voter):
        close_old_connections()
        try:
            for round_ in range(4):
                target = a if (round_ + voter.pk) % 2 else b
                services.add_vote(Idea.objects.get(pk=target.pk), voter)
                if round_ == 2:
                    services.remove_vote(Idea.objects.get(pk=target.pk), voter)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def merge_back_and_forth():
        close_old_connections()
        try:
            for _ in range(3):
                services.merge_ideas(Idea.objects.get(pk=a.pk), Idea.objects.get(pk=b.pk), alice)
                services.unmerge_idea(Idea.objects.get(pk=a.pk), alice)
            services.merge_ideas(Idea.objects.get(pk=a.pk), Idea.objects.get(pk=b.pk), alice)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(voter,)) for voter in voters]
    threads.append(threading.Thread(target=merge_back_and_forth))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check_invariants([a, b])
    b.refresh_from_db()
    assert b.vote_count > 0
