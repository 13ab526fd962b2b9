"""The import pages at /<workspace>/manage/import/: upload, preview and mapping, progress,
result and report. Only admins and owners of the workspace get in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from groundswell.feedback.models import Idea
from groundswell.imports import services
from groundswell.imports.models import ImportJob, ImportKind, JobStatus
from groundswell.workspaces.models import Membership, Role
from tests.conftest import client_for
from tests.imports.conftest import csv_bytes

URL = "/acme/manage/import/"
CONTENT = csv_bytes(
    "Feature,Details,Email,Internal notes",
    "Dark mode,Please,ada@example.com,vip",
    "Bulk edit,,not-an-email,",
)


def _upload(client, board, content=CONTENT, kind="ideas", name="ideas.csv"):
    return client.post(
        URL,
        {"kind": kind, "board": board.pk, "file": SimpleUploadedFile(name, content, "text/csv")},
    )


@pytest.fixture
def job(workspace, alice, board):
    return services.create_job(workspace, alice, ImportKind.IDEAS, "ideas.csv", CONTENT, board)


def test_upload_preview_map_run_and_read_the_result(alice_client, board):
    response = _upload(alice_client, board)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}{job.pk}/"
    preview = alice_client.get(f"{URL}{job.pk}/")
    assert preview.status_code == 200
    content = preview.content.decode()
    assert "Dark mode" in content and "not-an-email" in content
    assert "<code>Internal notes</code>" in content  # shown as not recognised
    form = preview.context["form"]
    assert form["column_0"].value() == "title" and form["column_3"].value() == ""
    started = alice_client.post(
        f"{URL}{job.pk}/start/",
        {"column_0": "title", "column_1": "body", "column_2": "author_email", "column_3": ""},
    )
    assert started.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and (job.imported, job.failed) == (1, 1)
    result = alice_client.get(f"{URL}{job.pk}/").content.decode()
    assert "Download the report of the 1 row not imported" in result
    assert "“not-an-email” is not an email address." in result
    report = alice_client.get(f"{URL}{job.pk}/report.csv")
    assert report["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in report["Content-Disposition"]
    lines = report.content.decode().splitlines()
    assert lines[1] == "3,“not-an-email” is not an email address.,Bulk edit,,not-an-email,"
    assert Idea.objects.get().title == "Dark mode"


def test_a_mapping_without_the_required_field_says_so_and_imports_nothing(alice_client, job):
    response = alice_client.post(
        f"{URL}{job.pk}/start/",
        {"column_0": "body", "column_1": "", "column_2": "author_email", "column_3": ""},
    )
    assert response.status_code == 400
    assert "No column is mapped to Title, which is required for ideas." in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.MAPPING and not Idea.objects.exists()


def test_the_progress_fragment_for_htmx_and_the_refresh_link_without_it(alice_client, job):
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, total=10, done=4)
    page = alice_client.get(f"{URL}{job.pk}/").content.decode()
    assert '<progress max="10" value="4">40%</progress>' in page
    assert "refresh the page" in page and 'hx-trigger="every 1s"' in page
    fragment = alice_client.get(f"{URL}{job.pk}/", headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert text.lstrip().startswith('<div id="import-progress"')
    assert "<nav" not in text
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE, done=10)
    finished = alice_client.get(f"{URL}{job.pk}/", headers={"HX-Request": "true"})
    assert "hx-trigger" not in finished.content.decode()  # polling stops


def test_unreadable_and_oversized_uploads_are_refused_with_a_reason(alice_client, board):
    response = _upload(alice_client, board, content=b"title\n")
    assert response.status_code == 400
    assert "no rows to import" in response.content.decode()
    with override_settings(IMPORT_MAX_BYTES=10):
        response = _upload(alice_client, board)
    assert response.status_code == 400 and "the limit is" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_with_bad_rows_shows_how_many_before_importing(alice_client, board):
    _upload(alice_client, board, content=b"title,body\nCaf\xe9,x\nTea,y,z\nOk,fine\n")
    job = ImportJob.objects.get()
    page = alice_client.get(f"{URL}{job.pk}/").content.decode()
    assert "2 rows cannot be read" in page


@pytest.mark.parametrize("persona", ["bob", "carol", "charlie"])
def test_members_customers_and_outsiders_are_refused(request, persona, job, board):
    client = client_for(request.getfixturevalue(persona))
    for url in (URL, f"{URL}{job.pk}/", f"{URL}{job.pk}/report.csv"):
        assert client.get(url).status_code == 403
    assert client.post(f"{URL}{job.pk}/start/", {"column_0": "title"}).status_code == 403
    assert _upload(client, board).status_code == 403
    assert ImportJob.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, job):
    for url in (URL, f"{URL}{job.pk}/report.csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_another_workspaces_admin_sees_nothing(job, other_workspace, charlie):
    client = client_for(charlie)  # owner of Globex
    assert client.get("/globex/manage/import/").status_code == 200
    assert client.get(f"/globex/manage/import/{job.pk}/").status_code == 404
    assert client.get(f"/globex/manage/import/{job.pk}/report.csv").status_code == 404
    assert client.post(f"/globex/manage/import/{job.pk}/start/").status_code == 404
    assert "ideas.csv" not in client.get("/globex/manage/import/").content.decode()


def test_an_admin_may_import(workspace, bob, bob_client, job):
    Membership.objects.filter(workspace=workspace, user=bob).update(role=Role.ADMIN)
    assert bob_client.get(f"{URL}{job.pk}/").status_code == 200
