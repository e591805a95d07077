"""The text of a PDF as a test reads it back."""

import io

from pypdf import PdfReader


def pdf_text(pdf):
    """The text of a PDF's pages (its bytes, or the response that sent it), white space collapsed: cells wrap lines
    anywhere."""
    if not isinstance(pdf, bytes):
        pdf = b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
