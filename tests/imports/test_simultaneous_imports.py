"""Two runs of the same file at once still create every row once: the ImportedRow
unique key decides, and the loser's row (idea and all) is rolled back."""

import threading

import pytest
from django.db import close_old_connections, connection

from groundswell.feedback.models import Idea
from groundswell.imports import services
from groundswell.imports.models import ImportedRow, ImportKind
from tests.imports.conftest import csv_bytes


@pytest.mark.django_db(transaction=True)
def test_the_same_file_imported_twice_at_once_creates_each_idea_once(workspace, alice, board):
    content = csv_bytes("title,author email", *[f"Idea {n},p{n}@example.com" for n in range(12)])
    jobs = []
    for _ in range(2):
        job = services.create_job(workspace, alice, ImportKind.IDEAS, "i.csv", content, board)
        services.start_job(job, job.mapping, run_in_background=False)
        jobs.append(job)
    barrier = threading.Barrier(2)
    finished = []

    def run(job_id):
        close_old_connections()
        try:
            barrier.wait()
            finished.append(services.run_job(job_id))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job.pk,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(job.failed for job in finished) == [0, 0]
    assert sum(job.imported for job in finished) == 12
    assert all(job.imported + job.already_imported == 12 for job in finished)
    assert Idea.objects.filter(workspace=workspace).count() == 12
    assert ImportedRow.objects.filter(workspace=workspace).count() == 12
