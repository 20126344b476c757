"""The shared import pipeline, exercised with a small importer that writes outbox messages."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from openpyxl import Workbook

from joinedup.core import imports
from joinedup.core.imports import cells
from joinedup.core.imports.files import errors_csv, template_csv, template_xlsx
from joinedup.core.imports.readers import ReadError, read_csv, read_xlsx
from joinedup.core.imports.services import ImportNotReady, check_now, confirm_import, start_import, write_now
from joinedup.core.models import AuditEntry, ImportRun, Job, OutboxMessage
from joinedup.core.uploads import UploadRejected

# A real published file, shipped byte-for-byte with the tests (data/README.md).
FINGERTIPS = Path(__file__).resolve().parent / "data" / "fingertips_93356_campylobacter_CountyUA.csv"
COLOURS = (("red", "Red"), ("green", "Green"), ("dark_blue", "Dark blue"))


class NotesImporter(imports.Importer):
    name = "core.test_notes"
    title = "Import notes"
    noun_plural = "notes"
    columns = (
        imports.Column("subject", "Subject", required=True, unique=True, help="What the note is about"),
        imports.Column("colour", "Colour", required=True, choices=tuple(label for _, label in COLOURS)),
        imports.Column("due", "Due date", example="31/03/2025"),
    )
    example_rows = ({"subject": "=cmd|' /C calc'!A0", "colour": "Red", "due": "31/03/2025"},)
    explode_on: str | None = None

    def validate_row(self, row, context):
        colour = row.parse("colour", cells.choice, COLOURS, noun="a colour")
        due = row.parse("due", cells.date)
        if row.errors:
            return row.errors
        return {"subject": row.text("subject"), "colour": colour, "due": due}

    def check_rows(self, rows, context):
        greens = [r for r in rows if r.data["colour"] == "green"]
        return [imports.CellError("colour", "Only one row may be green", r.number) for r in greens[1:]]

    def write(self, rows, context):
        for row in rows:
            if row.data["subject"] == self.explode_on:
                raise RuntimeError("the database went away")
            OutboxMessage.objects.create(
                to="x@example.org",
                subject=row.data["subject"],
                body=f"{row.data['colour']} {row.data['due']}",
            )
        return imports.WriteResult(
            written=len(rows), report=[f"{len(rows)} notes added"], summary=f"Imported {len(rows)} notes"
        )


@pytest.fixture
def importer():
    instance = NotesImporter()
    imports.register(instance)
    return instance


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("ann@example.org", "a-long-password")


def upload(data: bytes, name: str) -> io.BytesIO:
    stream = io.BytesIO(data)
    stream.name = name
    return stream


def run_of(importer, user, data: bytes, name: str = "notes.csv") -> ImportRun:
    run = start_import(importer=importer, partnership_id=1, upload=upload(data, name), user=user)
    run.refresh_from_db()
    return run


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_saved_formula_value(data: bytes, cell: str, value: str) -> bytes:
    """openpyxl cannot save a formula's value as Excel does; write it into the sheet XML."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                start = text.index(f'<c r="{cell}"')
                end = text.index("</c>", start)
                formula = text[text.index("<f>", start) : text.index("</f>", start) + 4]
                text = text[:start] + f'<c r="{cell}" t="str">{formula}<v>{value}</v>' + text[end:]
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


# --- readers -----------------------------------------------------------------------------


def test_utf8_with_byte_order_mark_is_read_and_the_mark_is_not_part_of_the_heading():
    table = read_csv("Subject,Colour\nCafé,Red\n".encode("utf-8-sig"))
    assert table.headings == ["Subject", "Colour"]
    assert table.rows == [(2, ["Café", "Red"])]
    assert table.encoding == "UTF-8 with byte-order mark"


def test_windows_1252_pound_sign_is_read_and_the_encoding_is_named():
    table = read_csv("Subject,Cost\nCoffee,£3\n".encode("cp1252"))
    assert table.rows[0][1] == ["Coffee", "£3"]
    assert table.encoding == "Windows-1252"


def test_quoted_commas_line_breaks_and_crlf_are_handled():
    data = b'Subject,Colour\r\n"Roads, bridges","Dark\nblue"\r\nParks,Red\r\n'
    table = read_csv(data)
    assert table.rows == [(2, ["Roads, bridges", "Dark\nblue"]), (3, ["Parks", "Red"])]


def test_semicolon_separated_files_are_read():
    assert read_csv(b"Subject;Colour\nParks;Red\n").rows == [(2, ["Parks", "Red"])]


def test_the_real_fingertips_export_with_short_rows_is_read_whole():
    table = read_csv(FINGERTIPS.read_bytes())
    assert len(table.headings) == 26
    assert table.headings[-1] == "Compared to goal"
    assert len(table.rows) == 852
    assert all(len(cells) == 26 and cells[-1] == "" for _, cells in table.rows)
    assert "\n" in table.rows[0][1][table.headings.index("Indicator Name")]


def test_xlsx_formula_cells_give_their_saved_values_not_the_formula():
    data = with_saved_formula_value(xlsx([["Subject", "Colour"], ["Parks", '=UPPER("red")']]), "B2", "RED")
    table = read_xlsx(data)
    assert table.rows == [(2, ["Parks", "RED"])]


def test_xlsx_dates_numbers_and_short_rows_become_plain_values():
    table = read_xlsx(
        xlsx([["Subject", "Count", "Due date"], ["Parks", 12.0, dt.datetime(2025, 3, 31)], [], ["Roads"]])
    )
    assert table.rows == [(2, ["Parks", "12", dt.date(2025, 3, 31)]), (4, ["Roads", "", ""])]


def test_oversize_files_are_refused_by_the_reader(settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ReadError) as caught:
        read_csv(b"Subject,Colour\n" + b"Parks,Red\n" * 20)
    assert "smaller than" in caught.value.message


def test_oversize_uploads_are_refused_before_an_import_run_exists(settings, importer, user):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(UploadRejected):
        start_import(
            importer=importer,
            partnership_id=1,
            upload=upload(b"Subject,Colour\n" + b"Parks,Red\n" * 20, "n.csv"),
            user=user,
        )
    assert not ImportRun.objects.exists()


# --- validation ---------------------------------------------------------------------------


def test_messages_name_the_row_and_column(importer, user):
    run = run_of(importer, user, b"Subject,Colour,Due date\nParks,Red,\nRoads,Purple,31/02/2025\n")
    assert run.status == ImportRun.Status.INVALID
    assert run.errors == [
        {"row": 3, "column": "Colour", "message": "Select a colour from: Red, Green, Dark blue"},
        {"row": 3, "column": "Due date", "message": "Enter a real date, like 31/03/2024"},
    ]
    assert run.valid_rows == 1 and run.total_rows == 2 and run.error_count == 2


def test_headings_match_whatever_their_case_and_spacing(importer, user):
    run = run_of(importer, user, b"  SUBJECT ,colour,due   DATE,Notes\nParks,dark blue,2025-03-31,x\n")
    assert run.status == ImportRun.Status.READY
    assert run.ignored_columns == ["Notes"]
    assert run.plan == ["1 notes will be imported"]


def test_a_missing_required_column_is_reported_once_not_per_row(importer, user):
    run = run_of(importer, user, b"Subject\nParks\nRoads\n")
    assert run.errors == [
        {
            "row": None,
            "column": "Colour",
            "message": "The file has no column with this heading. Use the template's headings",
        }
    ]


def test_required_blank_cells_and_duplicates_within_the_file_are_errors(importer, user):
    run = run_of(importer, user, b"Subject,Colour\nParks,Red\n,Red\nparks ,Green\n")
    messages = [(e["row"], e["column"], e["message"]) for e in run.errors]
    assert (3, "Subject", "Enter the subject") in messages
    assert (4, "Subject", "'parks' is already in row 2. Each row must have a different one") in messages


def test_cross_row_checks_from_the_importer_are_reported(importer, user):
    run = run_of(importer, user, b"Subject,Colour\nParks,Green\nRoads,Red\nBins,green\n")
    assert run.errors == [{"row": 4, "column": "Colour", "message": "Only one row may be green"}]


def test_validation_progress_is_reported_on_the_job(importer, user):
    run = run_of(importer, user, b"Subject,Colour\nParks,Red\nRoads,Red\n")
    job = run.job
    assert job is not None
    assert job.status == Job.Status.DONE and job.total == 2 and job.done == 2


# --- confirm and write ----------------------------------------------------------------------


def test_confirmed_import_writes_every_row_with_one_audit_entry(importer, user):
    rows = "".join(f"Note {n},Red,01/04/2025\n" for n in range(30))
    run = run_of(importer, user, ("Subject,Colour,Due date\n" + rows).encode())
    confirm_import(run=run, user=user)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.WRITTEN
    assert run.written_rows == 30 and run.report == ["30 notes added"]
    assert OutboxMessage.objects.count() == 30
    entry = AuditEntry.objects.get()
    assert entry.action == "core.test_notes.imported"
    assert entry.summary == "Imported 30 notes"
    assert entry.actor_user == user and entry.partnership_id == 1


def test_an_error_in_the_last_row_writes_nothing(importer, user):
    rows = "".join(f"Note {n},Red\n" for n in range(50)) + "Last,Purple\n"
    run = run_of(importer, user, ("Subject,Colour\n" + rows).encode())
    assert run.status == ImportRun.Status.INVALID
    assert [e["row"] for e in run.errors] == [52]
    with pytest.raises(ImportNotReady):
        confirm_import(run=run, user=user)
    assert OutboxMessage.objects.count() == 0
    assert not AuditEntry.objects.exists()


def test_a_failure_while_writing_the_last_row_rolls_back_every_row(importer, user):
    importer.explode_on = "Last"
    run = run_of(importer, user, b"Subject,Colour\nFirst,Red\nSecond,Red\nLast,Red\n")
    confirm_import(run=run, user=user)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert run.message == "Something went wrong while importing. Nothing was imported"
    assert OutboxMessage.objects.count() == 0
    assert not AuditEntry.objects.exists()


def test_a_run_cannot_be_confirmed_twice(importer, user):
    run = run_of(importer, user, b"Subject,Colour\nParks,Red\n")
    confirm_import(run=run, user=user)
    with pytest.raises(ImportNotReady):
        confirm_import(run=run, user=user)
    assert OutboxMessage.objects.count() == 1


def test_the_synchronous_pipeline_checks_then_writes_once_with_the_same_claim(importer, user):
    run = check_now(
        importer=importer,
        partnership_id=1,
        upload=upload(b"Subject,Colour\nParks,Red\n", "notes.csv"),
        user=user,
    )
    assert run.status == ImportRun.Status.READY and run.plan
    run = write_now(run=run, user=user)
    assert (run.status, run.written_rows, run.confirmed_by) == (ImportRun.Status.WRITTEN, 1, user)
    assert AuditEntry.objects.filter(action="core.test_notes.imported").count() == 1
    with pytest.raises(ImportNotReady):
        write_now(run=run, user=user)
    assert OutboxMessage.objects.count() == 1


def test_the_synchronous_pipeline_never_writes_a_file_with_errors(importer, user):
    run = check_now(
        importer=importer,
        partnership_id=1,
        upload=upload(b"Subject,Colour\nParks,Purple\n", "notes.csv"),
        user=user,
    )
    assert run.status == ImportRun.Status.INVALID
    with pytest.raises(ImportNotReady):
        write_now(run=run, user=user)
    assert OutboxMessage.objects.count() == 0


def test_xlsx_uploads_go_through_the_same_pipeline(importer, user):
    data = xlsx([["Subject", "Colour", "Due date"], ["Parks", "red", dt.datetime(2025, 3, 31)]])
    run = run_of(importer, user, data, name="notes.xlsx")
    assert run.status == ImportRun.Status.READY and run.source.kind == "xlsx"
    assert run.preview == {
        "headings": ["Subject", "Colour", "Due date"],
        "rows": [[2, ["Parks", "red", "2025-03-31"]]],
    }


def test_a_file_with_headings_but_no_rows_is_invalid_with_a_plain_message(importer, user):
    run = run_of(importer, user, b"Subject,Colour\n")
    assert run.status == ImportRun.Status.INVALID
    assert run.errors == [
        {"row": None, "column": None, "message": "The file has headings but no rows of data"}
    ]


# --- files handed out ---------------------------------------------------------------------


def test_the_errors_csv_lists_every_error_and_neutralises_formulas(importer, user):
    rows = "".join(f"=HYPERLINK(x{n}),Purple\n" for n in range(150))
    run = run_of(importer, user, ("Subject,Colour\n" + rows).encode())
    assert run.error_count == 150
    text = errors_csv(run).decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert lines[0] == "Row,Column,Error"
    assert len(lines) == 151
    assert lines[1] == '2,Colour,"Select a colour from: Red, Green, Dark blue"'


def test_templates_have_the_headings_examples_and_column_help(importer):
    assert template_csv(importer).decode("utf-8-sig").splitlines()[0] == "Subject,Colour,Due date"
    assert "'=cmd" in template_csv(importer).decode("utf-8-sig")
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(template_xlsx(importer)))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == ["Subject", "Colour", "Due date"]
    assert sheet["A2"].value.startswith("=")
    assert sheet["A2"].data_type == "s"  # text, not a formula
    assert sheet["A2"].quotePrefix
    assert workbook["Lists"]["A2"].value == "Red"
    colours = [v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith("B2:")]
    assert [v.formula1 for v in colours] == ["=Lists!$A$2:$A$4"]
    about = [[c.value for c in row] for row in workbook["About the columns"].iter_rows(min_row=2)]
    assert about[1] == ["Colour", "Yes", "One of: Red; Green; Dark blue."]
