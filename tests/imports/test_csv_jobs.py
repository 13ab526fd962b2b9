"""Running CSV imports: each kind, the report of rows not imported, re-imports, progress."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from groundswell.feedback.models import Idea, StatusMeaning, Vote, VoteSource
from groundswell.imports import queries, services
from groundswell.imports.errors import JobNotReady, MissingColumns
from groundswell.imports.models import ImportedRow, ImportKind, JobStatus
from groundswell.inbox.models import Channel, Company, CustomerProfile, FeedbackItem
from groundswell.notifications.models import Event
from tests.imports.conftest import csv_bytes

IDEAS = csv_bytes(
    "Title,Description,Author email,Author name,Status,Tags,Created,Notes",
    "Dark mode,Please,ada@example.com,Ada,Planned,UI; Themes,2023-01-05,x",
    "Bulk edit,,ben@example.com,Ben,,,2023-02-01 10:30,y",
    ",No title here,cy@example.com,Cy,,,,z",
    "SSO,SAML,not-an-email,Dee,,,,w",
    "Gantt,Charts,eve@example.com,Eve,Someday maybe,,,v",
    "Too,many,cells,in,this,row,here,and,more",
    "Roadmap,Public,fay@example.com,Fay,shipped,,2030-01-01,u",
)


def _run(workspace, actor, kind, content, board=None, mapping=None, name="file.csv"):
    job = services.create_job(workspace, actor, kind, name, content, board)
    services.start_job(job, mapping or job.mapping)  # tasks run immediately in tests
    job.refresh_from_db()
    return job


def test_ideas_are_imported_and_bad_rows_reported(workspace, alice, board):
    job = _run(workspace, alice, ImportKind.IDEAS, IDEAS, board)
    assert job.status == JobStatus.DONE
    assert bytes(job.content) == b""  # the file is not kept once it has run
    assert job.headers[0] == "Title"
    assert (job.total, job.done, job.imported, job.already_imported, job.failed) == (7, 7, 2, 0, 5)
    dark = Idea.objects.get(title="Dark mode")
    assert dark.board == board and dark.body == "Please"
    assert dark.author.email == "ada@example.com" and dark.author.name == "Ada"
    assert dark.status.meaning == StatusMeaning.PLANNED
    assert sorted(tag.name for tag in dark.tags.all()) == ["Themes", "UI"]
    assert dark.created_at == dt.datetime(2023, 1, 5, tzinfo=dt.UTC)
    assert dark.vote_count == 1  # the author's vote, as when they post it
    assert not Event.objects.exists()  # imported statuses notify nobody
    reasons = {problem.line: problem.reason for problem in job.problems.all()}
    assert reasons == {
        4: "Title is empty.",
        5: "“not-an-email” is not an email address.",
        6: reasons[6],
        7: reasons[7],
        8: "The date 2030-01-01 is in the future.",
    }
    assert reasons[6].startswith("Unknown status “Someday maybe”; use one of: Open,")
    assert "9 cells but the header has 8" in reasons[7]
    assert Idea.objects.filter(workspace=workspace).count() == 2


def test_the_report_lists_every_row_not_imported_with_its_values(workspace, alice, board):
    job = _run(workspace, alice, ImportKind.IDEAS, IDEAS, board)
    headers = ["Title", "Description", "Author email", "Author name", "Status", "Tags"]
    text = queries.report_csv(job, [*headers, "Created", "Notes"])
    report = list(csv.reader(io.StringIO(text)))
    assert report[0] == ["line", "reason", *headers, "Created", "Notes"]
    assert report[1] == ["4", "Title is empty.", "", "No title here", "cy@example.com", "Cy"] + [
        "",
        "",
        "",
        "z",
    ]
    assert report[4][0] == "7" and "9 cells but the header has 8" in report[4][1]
    assert report[4][2:] == ["Too", "many", "cells", "in", "this", "row", "here", "and", "more"]
    assert len(report) == 1 + job.failed


def test_report_cells_that_look_like_formulas_stay_text(workspace, alice, board):
    job = _run(
        workspace, alice, ImportKind.IDEAS, csv_bytes("title,status", "=HYPERLINK(1),nope"), board
    )
    report = list(csv.reader(io.StringIO(queries.report_csv(job, ["title", "status"]))))
    assert report[1][2:] == ["'=HYPERLINK(1)", "nope"]


def test_importing_the_same_file_twice_creates_nothing_twice(workspace, alice, board):
    _run(workspace, alice, ImportKind.IDEAS, IDEAS, board)
    again = _run(workspace, alice, ImportKind.IDEAS, IDEAS, board)
    assert (again.imported, again.already_imported, again.failed) == (0, 2, 5)
    assert Idea.objects.filter(workspace=workspace).count() == 2
    assert ImportedRow.objects.filter(workspace=workspace, source="csv-ideas").count() == 2


def test_a_source_id_column_recognises_an_edited_row(workspace, alice, board):
    _run(workspace, alice, ImportKind.IDEAS, csv_bytes("id,title", "17,Dark mode"), board)
    again = _run(workspace, alice, ImportKind.IDEAS, csv_bytes("id,title", "17,Dark theme"), board)
    assert again.already_imported == 1
    assert list(Idea.objects.values_list("title", flat=True)) == ["Dark mode"]


def test_feedback_items_keep_words_person_company_and_date(workspace, alice):
    content = csv_bytes(
        "Message,Email,Name,Company,Link,Date,Ticket ID,Priority",
        '"The export, it times out",dan@initech.example,Dan,Initech,https://help.example/t/1,2024-05-02T09:00:00+02:00,T-1,high',
        "No email here,,Eve,,,,T-2,low",
        "Bad link,fay@example.com,Fay,,not a url,,T-3,low",
    )
    job = _run(workspace, alice, ImportKind.FEEDBACK, content)
    assert (job.imported, job.failed) == (1, 2)
    item = FeedbackItem.objects.get()
    assert item.text == "The export, it times out"
    assert item.channel == Channel.CSV
    assert item.person.email == "dan@initech.example" and item.company.name == "Initech"
    assert item.source_url == "https://help.example/t/1"
    assert item.received_at == dt.datetime(2024, 5, 2, 7, 0, tzinfo=dt.UTC)
    assert item.external_id == "id:T-1"
    assert [p.reason for p in job.problems.all()] == [
        "Email is empty.",
        "“not a url” is not a web address.",
    ]
    again = _run(workspace, alice, ImportKind.FEEDBACK, content)
    assert again.already_imported == 1 and FeedbackItem.objects.count() == 1


def test_votes_count_for_ideas_found_by_number_or_title(workspace, alice, idea, board):
    shipped = Idea.objects.create(
        workspace=workspace,
        board=board,
        title="Old thing",
        status=workspace.statuses.get(meaning=StatusMeaning.SHIPPED),
    )
    content = csv_bytes(
        "Idea,Email,Name,Company,Date",
        f"{idea.pk},dan@initech.example,Dan,Initech,2024-01-02",
        "dark MODE,eve@example.com,Eve,,",
        "No such idea,fay@example.com,Fay,,",
        f"#{shipped.pk},gus@example.com,Gus,,",
        f"{idea.pk},carol@customer.example,Carol,,",
    )
    job = _run(workspace, alice, ImportKind.VOTES, content)
    assert (job.imported, job.already_imported, job.failed) == (2, 1, 2)
    idea.refresh_from_db()
    assert idea.vote_count == 3  # Carol (the author) plus Dan and Eve
    vote = Vote.objects.get(voter__email="dan@initech.example")
    assert vote.source == VoteSource.ON_BEHALF and vote.cast_by == alice
    assert vote.created_at == dt.datetime(2024, 1, 2, tzinfo=dt.UTC)
    profile = CustomerProfile.objects.get(person__email="dan@initech.example")
    assert profile.company.name == "Initech"
    reasons = [p.reason for p in job.problems.all()]
    assert reasons[0] == "No idea is titled “No such idea”."
    assert "no longer take votes" in reasons[1]


def test_companies_are_created_updated_and_keep_attributes(workspace, alice):
    Company.objects.create(workspace=workspace, name="Initech", plan="Free")
    content = csv_bytes(
        "Company,Plan,MRR,Segment,Region,Seats",
        'initech,Enterprise,"$1,200.50",Enterprise,EMEA,250',
        "Globochem,Pro,99,SMB,,12",
        "Hooli,Pro,lots,SMB,US,",
    )
    job = services.create_job(workspace, alice, ImportKind.COMPANIES, "c.csv", content)
    mapping = {**job.mapping, "Region": "attribute", "Seats": "attribute"}
    services.start_job(job, mapping)
    job.refresh_from_db()
    assert (job.imported, job.failed) == (2, 1)
    initech = Company.objects.get(workspace=workspace, name="Initech")
    assert (initech.plan, initech.mrr, initech.segment) == (
        "Enterprise",
        Decimal("1200.50"),
        "Enterprise",
    )
    assert initech.attributes == {"Region": "EMEA", "Seats": "250"}
    assert Company.objects.get(name="Globochem").attributes == {"Seats": "12"}
    assert job.problems.get().reason == "“lots” is not an amount of money."
    assert Company.objects.filter(workspace=workspace).count() == 2


def test_progress_is_saved_while_the_job_runs(workspace, alice, board, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_EVERY", 2)
    content = csv_bytes("title", *[f"Idea {n}" for n in range(5)])
    job = services.create_job(workspace, alice, ImportKind.IDEAS, "i.csv", content, board)
    services.start_job(job, job.mapping, run_in_background=False)
    seen = []

    def record(progress):
        progress.refresh_from_db()  # what the progress page would read
        seen.append((progress.status, progress.done, progress.total))

    services.run_job(job.pk, on_progress=record)
    assert seen == [
        (JobStatus.RUNNING, 2, 5),
        (JobStatus.RUNNING, 4, 5),
        (JobStatus.DONE, 5, 5),
    ]


def test_a_job_runs_once_and_starts_once(workspace, alice, board):
    job = _run(workspace, alice, ImportKind.IDEAS, csv_bytes("title", "One"), board)
    with pytest.raises(JobNotReady):
        services.start_job(job, job.mapping)
    services.run_job(job.pk)  # a task delivered twice
    assert Idea.objects.filter(title="One").count() == 1


def test_a_mapping_without_required_fields_is_refused(workspace, alice, board):
    job = services.create_job(
        workspace, alice, ImportKind.IDEAS, "i.csv", csv_bytes("Name,Notes", "A,B"), board
    )
    with pytest.raises(MissingColumns, match="Title"):
        services.start_job(job, {"Name": "", "Notes": "body"})
    job.refresh_from_db()
    assert job.status == JobStatus.MAPPING


def test_ideas_need_a_board_or_a_board_column(workspace, alice, board):
    content = csv_bytes("title,board", "Dark mode,Feature requests", "Other,Nowhere")
    job = services.create_job(workspace, alice, ImportKind.IDEAS, "i.csv", content)
    with pytest.raises(MissingColumns, match="Choose the board"):
        services.start_job(job, {"title": "title", "board": ""})
    services.start_job(job, job.mapping)
    job.refresh_from_db()
    assert (job.imported, job.failed) == (1, 1)
    assert Idea.objects.get().board == board
    assert job.problems.get().reason == "There is no board “Nowhere” in this workspace."
