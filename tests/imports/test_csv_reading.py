"""Reading CSV files: encodings, delimiters, ragged rows, and guessing the columns."""

import pytest

from groundswell.imports import csvfiles
from groundswell.imports.errors import FileTooLarge, MissingColumns, UnreadableFile
from groundswell.imports.models import ImportKind
from tests.imports.conftest import csv_bytes


def test_guesses_fields_from_common_headers():
    headers = ["Feature name", "Details", "E-mail", "Submitted by", "Status", "Labels", "Notes"]
    mapping = csvfiles.guess_mapping(ImportKind.IDEAS, headers)
    assert mapping == {
        "Feature name": "title",
        "Details": "body",
        "E-mail": "author_email",
        "Submitted by": "author_name",
        "Status": "status",
        "Labels": "tags",
        "Notes": "",  # unknown: ignored unless mapped
    }


def test_exact_header_wins_and_each_field_is_used_once():
    mapping = csvfiles.guess_mapping(ImportKind.FEEDBACK, ["Company email", "Email", "Message"])
    assert mapping["Email"] == "email"
    assert mapping["Message"] == "text"
    assert mapping["Company email"] == ""


def test_company_headers():
    mapping = csvfiles.guess_mapping(
        ImportKind.COMPANIES, ["Account Name", "Plan", "MRR (USD)", "Segment", "Region"]
    )
    assert mapping == {
        "Account Name": "name",
        "Plan": "plan",
        "MRR (USD)": "mrr",
        "Segment": "segment",
        "Region": "",
    }


def test_missing_required_field_is_named():
    with pytest.raises(MissingColumns, match="Feedback text and Email"):
        csvfiles.check_mapping(ImportKind.FEEDBACK, {"Name": "name"})
    with pytest.raises(MissingColumns, match="Several columns are mapped to Title"):
        csvfiles.check_mapping(ImportKind.IDEAS, {"A": "title", "B": "title"})
    csvfiles.check_mapping(ImportKind.COMPANIES, {"A": "name", "B": "attribute", "C": "attribute"})


def test_byte_order_mark_and_semicolons():
    parsed = csvfiles.parse("Titel;Beschreibung\nDunkelmodus;Bitte\n".encode("utf-8-sig"))
    assert parsed.delimiter == ";"
    assert parsed.headers == ["Titel", "Beschreibung"]
    assert parsed.rows[0].cells == ["Dunkelmodus", "Bitte"]


def test_tabs_and_quoted_newlines_keep_line_numbers():
    content = csv_bytes("title\tbody", 'One\t"two\nlines"', "", "Three\tfour")
    parsed = csvfiles.parse(content)
    assert parsed.delimiter == "\t"
    assert [(row.line, row.cells) for row in parsed.rows] == [
        (2, ["One", "two\nlines"]),
        (5, ["Three", "four"]),
    ]


def test_ragged_rows_are_marked_not_dropped():
    parsed = csvfiles.parse(csv_bytes("title,body", "ok,fine", "too,many,cells", "short"))
    problems = {row.line: row.problem for row in parsed.rows}
    assert problems[2] == ""
    assert "3 cells but the header has 2" in problems[3]
    assert "1 cells but the header has 2" in problems[4]


def test_bytes_that_are_not_utf8_mark_only_their_row():
    content = b"title,body\nCaf\xe9,latin-1\nTea,fine\n"
    parsed = csvfiles.parse(content)
    bad, good = parsed.rows
    assert "not UTF-8" in bad.problem
    assert bad.cells[0] == "Caf\\xe9"
    assert good.problem == "" and good.cells == ["Tea", "fine"]


def test_unreadable_files_are_refused_with_a_reason():
    with pytest.raises(UnreadableFile, match="empty"):
        csvfiles.parse(b"  \n")
    with pytest.raises(UnreadableFile, match="binary"):
        csvfiles.parse(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(UnreadableFile, match="header line is not UTF-8"):
        csvfiles.parse(b"T\xeftle,body\nA,B\n")
    with pytest.raises(FileTooLarge, match="limit is 1.0 MB"):
        csvfiles.check_size(2 * 1_048_576, 1_048_576)
