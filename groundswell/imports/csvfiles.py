"""Reading CSV files and guessing what their columns mean. No database access.

A file is decoded as UTF-8 (with or without a byte-order mark). Bytes that are
not UTF-8 do not stop the import: the rows holding them are reported, the rest
are imported. The delimiter is sniffed from the first lines.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from groundswell.imports.errors import FileTooLarge, MissingColumns, UnreadableFile
from groundswell.imports.models import ImportKind

ATTRIBUTE = "attribute"  # companies: the column goes into the company's attributes


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    help: str = ""


# What each kind of row can carry. The synonyms are compared after lowercasing
# and dropping everything but letters and digits ("E-mail address" → "emailaddress").
FIELDS: dict[str, list[Field]] = {
    ImportKind.FEEDBACK: [
        Field("text", "Feedback text", True, ("text", "feedback", "message", "body", "comment",
              "content", "description", "request", "quote", "notes")),
        Field("email", "Email", True, ("email", "emailaddress", "customeremail", "useremail",
              "from", "requesteremail", "contactemail")),
        Field("name", "Name", False, ("name", "fullname", "customername", "username",
              "requester", "contact", "contactname")),
        Field("company", "Company", False, ("company", "companyname", "organization",
              "organisation", "account", "accountname", "customer")),
        Field("source_url", "Link to the source", False, ("url", "link", "sourceurl", "source",
              "ticketurl", "permalink")),
        Field("received_at", "Date", False, ("date", "receivedat", "createdat", "created",
              "timestamp", "submittedat", "time")),
        Field("id", "Source id", False, ("id", "externalid", "ticketid", "sourceid", "ticket"),
              "Makes re-imports recognise the row even if its text was edited."),
    ],
    ImportKind.IDEAS: [
        Field("title", "Title", True, ("title", "idea", "ideatitle", "subject", "summary",
              "name", "feature", "suggestion", "posttitle", "suggestiontitle")),
        Field("body", "Description", False, ("body", "description", "details", "text",
              "content", "suggestionbody", "postdetails")),
        Field("author_email", "Author's email", False, ("authoremail", "email", "useremail",
              "creatoremail", "submitteremail", "createdby", "author")),
        Field("author_name", "Author's name", False, ("authorname", "username", "creatorname",
              "submittername", "submittedby")),
        Field("status", "Status", False, ("status", "state", "stage", "statusname")),
        Field("tags", "Tags (comma-separated)", False, ("tags", "tag", "labels", "label",
              "categories", "category")),
        Field("board", "Board", False, ("board", "boardname", "forum", "forumname")),
        Field("created_at", "Date", False, ("createdat", "created", "date", "submittedat",
              "timestamp", "createdtimestamp")),
        Field("id", "Source id", False, ("id", "ideaid", "externalid", "sourceid", "postid",
              "suggestionid")),
    ],
    ImportKind.VOTES: [
        Field("idea", "Idea (its number or exact title)", True, ("idea", "ideaid", "ideatitle",
              "title", "feature", "request", "post", "suggestion")),
        Field("email", "Voter's email", True, ("email", "voteremail", "emailaddress",
              "useremail", "customeremail")),
        Field("name", "Voter's name", False, ("name", "votername", "username", "fullname",
              "customer", "customername")),
        Field("company", "Company", False, ("company", "companyname", "organization",
              "organisation", "account")),
        Field("created_at", "Date", False, ("date", "createdat", "votedat", "created",
              "timestamp")),
    ],
    ImportKind.COMPANIES: [
        Field("name", "Company name", True, ("name", "company", "companyname", "account",
              "accountname", "organization", "organisation", "customer")),
        Field("domain", "Domain", False, ("domain", "website", "url", "companydomain")),
        Field("plan", "Plan", False, ("plan", "tier", "subscription", "pricingplan")),
        Field("mrr", "Monthly revenue (MRR)", False, ("mrr", "monthlyrevenue", "revenue",
              "monthlyrecurringrevenue", "mrrusd", "mrreur")),
        Field("segment", "Segment", False, ("segment", "customersegment", "market", "size")),
    ],
}  # fmt: skip

PREVIEW_ROWS = 10


def field_names(kind: str) -> list[str]:
    names = [f.name for f in FIELDS[kind]]
    return [*names, ATTRIBUTE] if kind == ImportKind.COMPANIES else names


def required_fields(kind: str) -> list[Field]:
    return [f for f in FIELDS[kind] if f.required]


def normalise_header(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def guess_mapping(kind: str, headers: list[str]) -> dict[str, str]:
    """Column header → field for each column recognised; each field is used once.

    Exact synonyms win over partial ones, and earlier synonyms over later ones,
    so "Email" becomes the email even when "Company email" also exists.
    """
    fields = FIELDS[kind]
    mapping: dict[str, str] = {header: "" for header in headers}
    taken: set[str] = set()
    normalised = {header: normalise_header(header) for header in headers}
    for exact in (True, False):
        for spec in fields:
            if spec.name in taken:
                continue
            for synonym in spec.synonyms:
                match = next(
                    (
                        header
                        for header in headers
                        if not mapping[header]
                        and normalised[header]
                        and (
                            normalised[header] == synonym
                            if exact
                            else (normalised[header].endswith(synonym) and len(synonym) > 3)
                        )
                    ),
                    None,
                )
                if match is not None:
                    mapping[match] = spec.name
                    taken.add(spec.name)
                    break
    return mapping


def check_mapping(kind: str, mapping: dict[str, str]) -> None:
    """Refuse a mapping that leaves a required field without a column, or maps two columns
    to one field (only company attributes take several)."""
    used = [value for value in mapping.values() if value and value != ATTRIBUTE]
    doubled = sorted({value for value in used if used.count(value) > 1})
    if doubled:
        labels = ", ".join(_label(kind, name) for name in doubled)
        raise MissingColumns(f"Several columns are mapped to {labels}; keep one.")
    missing = [spec.label for spec in required_fields(kind) if spec.name not in used]
    if missing:
        raise MissingColumns(
            f"No column is mapped to {' and '.join(missing)}, which "
            f"{'are' if len(missing) > 1 else 'is'} required for {ImportKind(kind).label.lower()}."
        )


def _label(kind: str, name: str) -> str:
    return next((f.label for f in FIELDS[kind] if f.name == name), name)


@dataclass
class Row:
    line: int  # where the row starts in the file, counting the header as line 1
    cells: list[str]
    problem: str = ""  # set when the row cannot be imported whatever the mapping


@dataclass
class ParsedFile:
    headers: list[str]
    delimiter: str
    rows: list[Row] = field(default_factory=list)

    @property
    def unreadable_rows(self) -> int:
        return sum(1 for row in self.rows if row.problem)


def check_size(size: int, limit: int) -> None:
    if size > limit:
        raise FileTooLarge(
            f"The file is {size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.1f} MB. "
            "Split it into smaller files and import them one after the other."
        )


def parse(content: bytes) -> ParsedFile:
    """Split the file into its header and rows, marking the rows that cannot be read."""
    if not content.strip():
        raise UnreadableFile("The file is empty.")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = content.decode("utf-16")
    else:
        # Undecodable bytes become lone surrogates, so the rows holding them can be
        # reported with their line numbers instead of failing the whole file.
        text = content.decode("utf-8-sig", errors="surrogateescape")
    if "\x00" in text[:4096]:
        raise UnreadableFile(
            "This is not a CSV file (it contains binary data). Export or save it as CSV UTF-8."
        )
    delimiter = _sniff_delimiter(text[:8192])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except (StopIteration, csv.Error) as error:
        raise UnreadableFile(f"The first line could not be read as CSV headers: {error}") from None
    if _has_bad_bytes(headers):
        raise UnreadableFile(
            "The header line is not UTF-8 text. Save the file as “CSV UTF-8” and upload it again."
        )
    headers = [header.strip() for header in headers]
    if not any(headers):
        raise UnreadableFile("The first line must name the columns; it is empty.")
    parsed = ParsedFile(headers=_unique_headers(headers), delimiter=delimiter)
    previous_end = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            parsed.rows.append(Row(previous_end + 1, [], f"This line is not valid CSV: {error}."))
            previous_end = reader.line_num
            continue
        start, previous_end = previous_end + 1, reader.line_num
        if not cells or not any(cell.strip() for cell in cells):
            continue  # blank lines carry nothing
        row = Row(start, cells)
        if _has_bad_bytes(cells):
            row.cells = [_show_bad_bytes(cell) for cell in cells]
            row.problem = (
                "The row contains bytes that are not UTF-8 text; save the file as “CSV UTF-8”."
            )
        elif len(cells) != len(headers):
            row.problem = (
                f"The row has {len(cells)} cells but the header has {len(headers)} columns "
                "(a missing or extra delimiter, or an unclosed quote)."
            )
        parsed.rows.append(row)
    return parsed


def _sniff_delimiter(sample: str) -> str:
    first_lines = "\n".join(sample.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(first_lines, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _unique_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    unique = []
    for index, header in enumerate(headers):
        header = header or f"Column {index + 1}"
        if header in seen:
            seen[header] += 1
            header = f"{header} ({seen[header]})"
        else:
            seen[header] = 1
        unique.append(header)
    return unique


def _has_bad_bytes(cells: list[str]) -> bool:
    return any(any("\udc80" <= char <= "\udcff" for char in cell) for cell in cells)


def _show_bad_bytes(cell: str) -> str:
    return cell.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="backslashreplace")


def values_for(headers: list[str], row: Row, mapping: dict[str, str]) -> dict[str, str]:
    """The row's values by field, stripped; company attributes under "attribute:<header>"."""
    values: dict[str, str] = {}
    for header, cell in zip(headers, row.cells, strict=False):
        target = mapping.get(header, "")
        if target == ATTRIBUTE:
            values[f"{ATTRIBUTE}:{header}"] = cell.strip()
        elif target:
            values[target] = cell.strip()
    return values
