"""An owner imports ideas from a spreadsheet: upload, check the mapping, run, read the
result and download the report; a running job's progress updates without a reload."""

import pytest
from playwright.sync_api import expect

from groundswell.feedback.models import Idea
from groundswell.imports import services
from groundswell.imports.models import ImportJob, ImportKind, ImportProblem, JobStatus
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import serious_violations
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_ideas_from_a_spreadsheet(page, live_server, alice, board, tmp_path):
    spreadsheet = tmp_path / "roadmap.csv"
    spreadsheet.write_text(
        "Feature;Why;Customer\nDark mode;Eyes hurt;ada@example.com\nBulk edit;Faster;not-an-email\n"
    )
    sign_in(page, live_server, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/acme/manage/")
    page.get_by_role("link", name="Import").click()
    page.get_by_label("What the file holds").select_option("ideas")
    page.get_by_label("Board").select_option(label=board.name)
    page.get_by_label("CSV file").set_input_files(str(spreadsheet))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", name="Preview: roadmap.csv")).to_be_visible()
    expect(page.get_by_text("semicolon-separated")).to_be_visible()
    expect(page.get_by_label("Field for Feature")).to_have_value("title")
    assert serious_violations(page) == []
    page.get_by_label("Field for Why").select_option("body")
    page.get_by_label("Field for Customer").select_option("author_email")
    page.get_by_role("button", name="Import 2 rows").click()

    expect(page.get_by_text("Done — 2 of 2 rows handled.")).to_be_visible()
    assert serious_violations(page) == []  # with the flash message showing
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the report of the 1 row not imported").click()
    report = download_info.value.path().read_text()
    assert "3,“not-an-email” is not an email address.,Bulk edit,Faster,not-an-email" in report
    assert Idea.objects.get().body == "Eyes hurt"


def test_progress_updates_while_the_job_runs(page, live_server, workspace, alice, board):
    job = services.create_job(
        workspace, alice, ImportKind.IDEAS, "big.csv", b"title\nA\nB\nC\nD\n", board
    )
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=1)
    sign_in(page, live_server, alice.email, PASSWORD)
    page.goto(f"{live_server.url}/acme/manage/import/{job.pk}/")
    expect(page.get_by_text("Importing — 1 of 4 rows handled.")).to_be_visible()
    ImportJob.objects.filter(pk=job.pk).update(done=3)
    expect(page.get_by_text("Importing — 3 of 4 rows handled.")).to_be_visible()
    ImportProblem.objects.create(job=job, line=5, values=["D"], reason="Made up.")
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE, done=4, imported=3, failed=1)
    expect(
        page.get_by_role("link", name="Download the report of the 1 row not imported")
    ).to_be_visible()
