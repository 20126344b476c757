"""The shared PDF part: documents come out tagged (PDF/UA-1), in en-GB, titled, readable."""

from __future__ import annotations

import io

import pypdf

from joinedup.core.pdf import render_pdf

HTML = """<!doctype html><html><head><meta charset="utf-8"><title>ignored</title></head><body>
<h1>Partnership review paper</h1><h2>Summary</h2><p>Red: not in place — £1,200 “support cost”</p>
<table><caption>Findings</caption><tr><th scope="col">Finding</th><th scope="col">Judgement</th></tr>
<tr><td>Confident leadership</td><td>Green: in place</td></tr></table></body></html>"""


def _read(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def test_pdf_text_reads_back_with_every_character():
    reader = _read(render_pdf(HTML, base_url="/", title="Review paper"))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Partnership review paper" in text
    assert "Red: not in place — £1,200 “support cost”" in text
    assert "Confident leadership" in text and "Green: in place" in text


def test_pdf_declares_pdf_ua_with_a_structure_tree_and_marked_content():
    reader = _read(render_pdf(HTML, base_url="/", title="Review paper"))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp


def test_pdf_has_its_title_and_the_document_language():
    reader = _read(render_pdf(HTML, base_url="/", title="Review paper 2026"))
    assert reader.metadata.title == "Review paper 2026"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_pdf_keeps_a_language_the_html_declares():
    html = HTML.replace("<html>", '<html lang="cy">')
    reader = _read(render_pdf(html, base_url="/", title="Papur"))
    assert reader.trailer["/Root"]["/Lang"] == "cy"


def test_pdf_embeds_the_dejavu_fonts():
    reader = _read(render_pdf(HTML, base_url="/", title="Review paper"))
    fonts = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert fonts and all("Document-Sans" in name for name in fonts)
