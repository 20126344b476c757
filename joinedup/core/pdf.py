"""Documents as tagged, accessible PDFs (ADR 0026).

A room renders its document as HTML with a Django template (the same template family as its
web page, so the PDF says what the page says) and hands the string to `render_pdf`:

    pdf = render_pdf(html, base_url=request.build_absolute_uri("/"), title=paper.title)

WeasyPrint lays it out as PDF/UA-1: a structure tree built from the HTML's headings,
paragraphs, lists and tables (so screen readers read it in order), `/MarkInfo` marked, the
document language (en-GB unless the HTML says otherwise) and the title in the metadata, and
the text in DejaVu fonts from Debian's fonts-dejavu, embedded so the PDF reads the same
everywhere.
"""

from __future__ import annotations

import re

LANGUAGE = "en-GB"
FONT_DIR = "/usr/share/fonts/truetype/dejavu"

# Every document's base style: DejaVu for all text (embedded, covers £, – and “”), A4 pages
# numbered in the footer. Rooms add their own <style> for the rest.
BASE_CSS = f"""
@font-face {{ font-family: "Document Sans"; src: url("file://{FONT_DIR}/DejaVuSans.ttf"); }}
@font-face {{ font-family: "Document Sans"; font-weight: bold;
  src: url("file://{FONT_DIR}/DejaVuSans-Bold.ttf"); }}
@font-face {{ font-family: "Document Sans"; font-style: italic;
  src: url("file://{FONT_DIR}/DejaVuSans-Oblique.ttf"); }}
@page {{ size: A4; margin: 20mm 18mm 22mm;
  @bottom-center {{ content: "Page " counter(page) " of " counter(pages);
    font-family: "Document Sans", "DejaVu Sans", sans-serif; font-size: 8pt; }} }}
html {{ font-family: "Document Sans", "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.4; }}
"""

_HTML_LANG = re.compile(r"<html\b[^>]*\blang=", re.IGNORECASE)


def render_pdf(html: str, *, base_url: str, title: str) -> bytes:
    """Lay out `html` as a tagged PDF/UA-1 document titled `title`.

    `base_url` resolves the document's relative links and images. The HTML should be a whole
    document; if its <html> element has no `lang`, en-GB is declared.
    """
    # Imported here: WeasyPrint loads Pango when imported, and most requests never need it.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    if not _HTML_LANG.search(html):
        html = re.sub(r"<html\b", f'<html lang="{LANGUAGE}"', html, count=1, flags=re.IGNORECASE)
    fonts = FontConfiguration()
    document = HTML(string=html, base_url=base_url).render(
        stylesheets=[CSS(string=BASE_CSS, font_config=fonts)],
        font_config=fonts,
        pdf_variant="pdf/ua-1",
    )
    document.metadata.title = title
    document.metadata.lang = LANGUAGE if not document.metadata.lang else document.metadata.lang
    return document.write_pdf(pdf_variant="pdf/ua-1")
