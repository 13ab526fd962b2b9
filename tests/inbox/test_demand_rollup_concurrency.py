"""Votes, merges and MRR changes at the same time leave every company rollup equal
to what the votes say (meaningful on PostgreSQL, where they really overlap)."""

import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection

from groundswell.feedback import services as feedback
from groundswell.feedback.models import Idea
from groundswell.inbox import services
from groundswell.inbox.models import Channel, Company
from tests.inbox.test_demand_rollup import from_votes, rollups


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_merges_and_mrr_changes_keep_the_rollup_true(workspace, board, alice):
    a = feedback.create_idea(board, None, "Night theme")
    b = feedback.create_idea(board, None, "Dark mode")
    voters = [
        services.receive_feedback(
            workspace, "+1", Channel.CHAT, f"p{n}@x.example", company_name=f"Co {n % 3}"
        ).person
        for n in range(6)
    ]
    companies = list(Company.objects.filter(workspace=workspace))
    errors = []

    def run(work):
        close_old_connections()
        try:
            work()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def votes(voter):
        for round_ in range(4):
            target = a if (round_ + voter.pk) % 2 else b
            feedback.add_vote(Idea.objects.get(pk=target.pk), voter)
            if round_ == 2:
                feedback.remove_vote(Idea.objects.get(pk=target.pk), voter)

    def merges():
        for _ in range(3):
            feedback.merge_ideas(Idea.objects.get(pk=a.pk), Idea.objects.get(pk=b.pk), alice)
            feedback.unmerge_idea(Idea.objects.get(pk=a.pk), alice)

    def revenue():
        for step in range(6):
            company = companies[step % len(companies)]
            services.update_company(company, plan="", mrr=Decimal(100 + step), segment="")

    threads = [threading.Thread(target=run, args=(lambda v=v: votes(v),)) for v in voters]
    threads += [threading.Thread(target=run, args=(merges,))]
    threads += [threading.Thread(target=run, args=(revenue,))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert rollups(workspace) == from_votes(workspace)
    assert rollups(workspace)
