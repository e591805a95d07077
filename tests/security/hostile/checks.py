"""What the forms must do with what was typed (their own documented cleaning), and what the pages and PDFs must
show of it."""

import io
import re
import unicodedata
from datetime import date

from django.utils.html import escape
from hypothesis import event
from pypdf import PdfReader

from tests.factories import MembershipFactory, UserFactory
from tests.security.hostile.strategies import MARKERS, RIGHT_TO_LEFT, SCRIPT


def char_ok(typed, *, required=False, max_length=None):
    """Whether Django's CharField (strip=True) accepts the text: no NUL, something left after stripping when
    required, and no longer than max_length once stripped."""
    if "\x00" in typed:
        return False
    text = kept(typed)
    if required and not text:
        return False
    return max_length is None or len(text) <= max_length


def kept(typed):
    """The text as a form keeps it: line breaks as LF, as a browser's CRLF is read, and stripped."""
    return typed.replace("\r\n", "\n").strip()


EMPTY = object()


def typed_date(day, month, year, *, month_allowed=False):
    """The date a GOV.UK date input must accept (councils.fields.GOVUKDateField), EMPTY when all three boxes are
    empty, or None when it must answer with an error: every part in decimal digits, a year of four digits from 1900
    to 2200 ("02024" is refused, as GOV.UK's date input asks for four numbers) and a real day of the month. With
    month_allowed the day may be left blank: the month's first day."""
    d, m, y = (part.strip() for part in (day, month, year))
    if not (d or m or y):
        return EMPTY
    if not m or not y or (not d and not month_allowed):
        return None
    parts = (d or "1", m, y)
    if not all(part.isdecimal() for part in parts) or len(y) != 4:
        return None
    try:
        dd, mm, yy = (int(part) for part in parts)
    except ValueError:  # a day or month of more digits than Python reads (4300)
        return None
    if not 1900 <= yy <= 2200:
        return None
    try:
        parsed = date(yy, mm, dd)
    except (ValueError, OverflowError):  # 31/02, or a day or month too big for a C int
        return None
    return (parsed, "day" if d else "month") if month_allowed else parsed


def date_data(name, parts):
    return {f"{name}_0": parts[0], f"{name}_1": parts[1], f"{name}_2": parts[2]}


def html_of(response):
    assert response.status_code < 500
    return response.content.decode()


def assert_safe(html):
    """No hostile markup from the input reaches the page as markup."""
    assert SCRIPT not in html
    assert "<script>alert" not in html


def assert_shows(html, text):
    """Each line of the text is on the page, escaped (pages keep line breaks with white-space: pre-line)."""
    assert_safe(html)
    for line in re.split(r"[\r\n]+", text):
        line = line.strip()
        if line:
            assert escape(line) in html, f"{line!r} is not shown escaped"


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # Cells wrap anywhere (overflow-wrap: anywhere): compare with all white space taken out. pypdf reads some of
    # WeasyPrint's subset fonts as UTF-16 with a NUL before each character; no NUL can be saved, so drop them.
    return "".join("".join((page.extract_text() or "").replace("\x00", "").split()) for page in reader.pages)


def left_to_right(text):
    return not any(
        unicodedata.bidirectional(ch) in RIGHT_TO_LEFT or unicodedata.category(ch) in ("Cn", "Co") for ch in text
    )


def assert_pdf_shows(text_in_pdf, *values):
    """Each marker the saved text holds is printed literally: <script> as text, {{ 7*7 }} as typed (not 49).
    Where any of the values has right-to-left characters (U+202E, Arabic, Hebrew) or unassigned ones, no marker is
    compared: WeasyPrint mirrors brackets in right-to-left text ("<" drawn as ">") and its fonts map each glyph to
    one character, the first it drew, so a later "<script>" in any field, drawn rightly, reads back as ">script<"."""
    if not all(left_to_right(value) for value in values):
        event("right-to-left text in the PDF: markers not compared")
        return
    for value in values:
        for marker in MARKERS:
            if marker in value:
                assert "".join(marker.split()) in text_in_pdf, f"{marker!r} is not in the PDF literally"


def refused(response, html):
    """The form answered with its errors and saved nothing."""
    event("refused")
    assert response.status_code == 200, f"expected the form's errors, got {response.status_code}"
    assert "govuk-error-summary" in html
    assert_safe(html)


def saved_ok(response):
    event("saved")
    assert response.status_code == 302, f"expected a save (302), got {response.status_code}"


def person(council, role):
    return MembershipFactory(council=council, role=role, user=UserFactory()).user
