"""groundswell import: CSV files and whole boards from the command line, with exit codes."""

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from groundswell.feedback.models import Idea, Vote
from groundswell.imports.models import ImportJob
from tests.imports.conftest import FIXTURES, csv_bytes


def _csv(tmp_path, *lines):
    path = tmp_path / "ideas.csv"
    path.write_bytes(csv_bytes(*lines))
    return str(path)


def test_csv_import_prints_progress_and_a_summary(workspace, board, tmp_path, capsys):
    path = _csv(tmp_path, "Feature,Why", "Dark mode,eyes", "Bulk edit,speed")
    call_command(
        "import", "csv", "--workspace", "acme", "--kind", "ideas", "--board", board.slug,
        "--map", "Why=body", path,
    )  # fmt: skip
    out = capsys.readouterr().out
    assert "Feature → title" in out and "Why → body" in out
    assert "Imported 2, already imported 0, not imported 0 (of 2 rows)." in out
    assert Idea.objects.get(title="Dark mode").body == "eyes"
    assert ImportJob.objects.get().created_by.email == "alice@acme.example"  # the owner


def test_rows_not_imported_exit_2_and_are_written_to_the_report(workspace, board, tmp_path, capsys):
    path = _csv(tmp_path, "title,author email", "Good,ada@example.com", "Bad,nope")
    report = tmp_path / "report.csv"
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import", "csv", "--workspace", "acme", "--kind", "ideas", "--board", board.slug,
            "--report", str(report), path,
        )  # fmt: skip
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "line 3: “nope” is not an email address." in err
    assert report.read_text().splitlines()[1] == "3,“nope” is not an email address.,Bad,nope"
    assert Idea.objects.filter(title="Good").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--workspace", "nope", "--kind", "ideas"], "No workspace “nope”"),
        (["--workspace", "acme", "--kind", "ideas", "--board", "nope"], "No board “nope”"),
        (["--workspace", "acme", "--kind", "ideas", "--map", "Nope=title"], "use COLUMN=FIELD"),
        (["--workspace", "acme", "--kind", "ideas", "--map", "title=size"], "size is not a field"),
        (["--workspace", "acme", "--kind", "ideas"], "Choose the board.*Use --board SLUG"),
        (
            ["--workspace", "acme", "--kind", "votes"],
            "No column is mapped to Voter's email.*--map COLUMN=email",
        ),
        (["--workspace", "acme", "--kind", "ideas", "--as", "carol@customer.example"], "not on"),
    ],
)
def test_bad_input_exits_with_a_line_saying_what_to_fix(
    workspace, board, tmp_path, arguments, message
):
    path = _csv(tmp_path, "title", "Dark mode")
    with pytest.raises(CommandError, match=message):
        call_command("import", "csv", *arguments, path)
    assert not Idea.objects.exists()


def test_a_missing_or_unreadable_file_is_named(workspace, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import", "csv", "--workspace", "acme", "--kind", "ideas", "missing.csv")
    broken = tmp_path / "posts.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="posts.json is not JSON"):
        call_command("import", "canny", "--workspace", "acme", str(broken))


def test_canny_import_from_the_command_line(workspace, capsys):
    paths = [str(path) for path in sorted((FIXTURES / "canny").glob("*.json"))]
    with pytest.raises(SystemExit) as exit_info:  # one vote has no email: reported
        call_command("import", "canny", "--workspace", "acme", *paths)
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert "Read 4 posts, 8 votes and 4 comments from Canny." in captured.out
    assert "votes: 7 imported, 0 already there" in captured.out
    assert "no email address" in captured.err
    assert Vote.objects.count() == 7


def test_uservoice_import_exits_0_when_everything_was_imported(workspace, capsys, tmp_path):
    paths = [str(path) for path in sorted((FIXTURES / "uservoice").glob("*.csv"))]
    notes = tmp_path / "notes.txt"
    notes.write_text("not an export")
    call_command("import", "uservoice", "--workspace", "acme", *paths, str(notes))
    call_command("import", "uservoice", "--workspace", "acme", *paths)
    out = capsys.readouterr().out
    assert "Not part of a UserVoice export, ignored: notes.txt" in out
    assert "ideas: 0 imported, 4 already there" in out
    assert Idea.objects.filter(workspace=workspace).count() == 4


def test_the_real_command_exits_non_zero_on_bad_input():
    result = subprocess.run(
        [sys.executable, "-m", "groundswell", "import", "fider", "--workspace", "acme"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "the following arguments are required: FILE" in result.stderr
