import io

import docx
import pytest
from openpyxl import Workbook

from joinedup.core.models import StoredFile
from joinedup.core.uploads import (
    UploadRejected,
    attachment_response,
    check_upload,
    store_upload,
)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["Name", "Sector"])
    workbook.active.append(["Oxford City Council", "Local government"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Terms of reference")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def named(data: bytes, name: str) -> io.BytesIO:
    stream = io.BytesIO(data)
    stream.name = name
    return stream


def test_xlsx_and_docx_are_told_apart_by_their_contents_not_their_names():
    assert check_upload(named(xlsx_bytes(), "minutes.docx"), allowed={"xlsx", "docx"}).kind == "xlsx"
    assert check_upload(named(docx_bytes(), "figures.xlsx"), allowed={"xlsx", "docx"}).kind == "docx"


def test_a_docx_is_refused_where_only_spreadsheets_are_allowed():
    with pytest.raises(UploadRejected) as caught:
        check_upload(named(docx_bytes(), "figures.xlsx"), allowed={"csv", "xlsx"})
    assert caught.value.message == "The selected file must be an Excel (XLSX) or CSV"


def test_an_html_page_named_xlsx_is_refused():
    page = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    with pytest.raises(UploadRejected) as caught:
        check_upload(named(page, "budget.xlsx"), allowed={"xlsx", "csv"})
    assert "web page" in caught.value.message


def test_html_hidden_after_some_text_is_refused():
    with pytest.raises(UploadRejected):
        check_upload(b"Name,Sector\nx,<script>alert(1)</script>\n", allowed={"csv"})


def test_a_pdf_is_recognised_by_its_header():
    checked = check_upload(named(PDF, "paper.doc"), allowed={"pdf"})
    assert checked.kind == "pdf"
    assert checked.content_type == "application/pdf"


def test_text_with_nul_bytes_is_not_csv():
    with pytest.raises(UploadRejected):
        check_upload(b"Name,Sector\n\x00\x01binary", allowed={"csv"})


def test_csv_in_windows_1252_is_accepted_and_its_encoding_recorded():
    checked = check_upload("Name,Budget\nCouncil,£5\n".encode("cp1252"), allowed={"csv"})
    assert checked.kind == "csv"
    assert checked.encoding == "Windows-1252"


def test_files_over_the_size_limit_are_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(UploadRejected) as caught:
        check_upload(b"a,b\n" + b"1,2\n" * 1000, allowed={"csv"})
    assert caught.value.message == "The selected file must be smaller than 1 KB"


def test_empty_files_are_refused():
    with pytest.raises(UploadRejected) as caught:
        check_upload(b"", allowed={"csv"})
    assert caught.value.message == "The selected file is empty"


def test_a_spreadsheet_with_macros_is_refused():
    data = io.BytesIO(xlsx_bytes())
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"macro")
    with pytest.raises(UploadRejected) as caught:
        check_upload(out.getvalue(), allowed={"xlsx"})
    assert "macros" in caught.value.message


def test_stored_file_records_its_checksum_kind_and_a_safe_name(db):
    import hashlib

    data = xlsx_bytes()
    stored = store_upload(named(data, "../../etc/Budget 2024.docx"), allowed={"xlsx"}, partnership_id=7)
    stored = StoredFile.objects.get(pk=stored.pk)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.kind == "xlsx"
    assert stored.size == len(data)
    assert stored.original_name == "Budget 2024.xlsx"
    assert stored.file.read() == data


def test_stored_files_are_always_served_as_attachments_never_as_html(db):
    stored = store_upload(named(PDF, "paper.pdf"), allowed={"pdf"}, partnership_id=None)
    stored.content_type = "text/html"  # even if a record were ever wrong
    response = attachment_response(stored)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "html" not in response["Content-Type"]
    assert response.getvalue() == PDF
