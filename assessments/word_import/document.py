"""Reading one old EIA from a Word file (.docx): checked as a zip of parts before anything is expanded, then read
with python-docx for its details (title, reference, lead officer, the date of the assessment and of its review) and
the rows of its impact grid that name a group with a rating EqA recognises. What it finds is plain data
(Found.as_json), kept with the upload until it is imported."""

import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from datetime import date

from assessments.word_import import words
from assessments.word_import.files import OLE, SAVE_AS_DOCX, UNSHOWN, ZIP, Refused, declared_entries
from assessments.word_import.limits import (
    MAX_CELL_TEXT,
    MAX_CELLS,
    MAX_DOCUMENT_XML_BYTES,
    MAX_NAME,
    MAX_PARTS,
    MAX_REFERENCE,
    MAX_ROWS,
    MAX_ROWS_LISTED,
    MAX_TABLES,
    MAX_TITLE,
    MAX_UNZIPPED_BYTES,
    MAX_UPLOAD_CELLS,
)

# Dates an old EIA may carry.
EARLIEST, LATEST = date(1990, 1, 1), date(2100, 12, 31)
MAIN_DOCUMENT = "word/document.xml"
WORD_MAIN = b"wordprocessingml.document.main+xml"


@dataclass
class Row:
    """A row of the old EIA's grid: the group it names (its words, and its code in EqA's grids), its rating, and
    what the old EIA wrote of each kind of impact."""

    label: str
    code: str
    positive: bool = False
    neutral: bool = False
    negative: bool = False
    level: str = ""
    positive_text: str = ""
    neutral_text: str = ""
    negative_text: str = ""

    @property
    def rating(self):
        return words.Rating(self.positive, self.neutral, self.negative, self.level)


@dataclass
class Found:
    title: str = ""
    title_from: str = ""  # "label", "heading", "properties" or "filename"
    reference: str = ""
    owner: str = ""
    assessed_on: str = ""  # ISO dates: the found data is kept as JSON until it is imported
    review_due: str = ""
    problems: list = field(default_factory=list)  # what was read but could not be used, in words
    rows: list = field(default_factory=list)  # Row
    unrated: list = field(default_factory=list)  # grid rows naming a group with no rating EqA recognises
    unknown: list = field(default_factory=list)  # grid rows with a rating, naming no group EqA knows

    def as_json(self):
        return asdict(self)

    @property
    def assessed_on_date(self):
        return date.fromisoformat(self.assessed_on) if self.assessed_on else None

    @property
    def review_due_date(self):
        return date.fromisoformat(self.review_due) if self.review_due else None

    @property
    def missing(self):
        """What was looked for and not found, in words."""
        return [
            words
            for words, value in (
                ("a reference", self.reference),
                ("a lead officer", self.owner),
                ("the date of the assessment", self.assessed_on),
                ("a review date", self.review_due),
                ("an impact grid with ratings", self.rows),
            )
            if not value
        ]

    @classmethod
    def from_json(cls, data):
        return cls(**{**data, "rows": [Row(**row) for row in data.get("rows", [])]})


def read_document(name, data, cells_left=MAX_CELLS):
    """What an old EIA's Word file says, as Found, and how many table cells it has; or Refused, saying what to do.
    `cells_left`: how many more cells the upload it is part of may have."""
    _check_kind(data)
    archive = _checked_zip(data)
    cells = _count_tables(archive.read(MAIN_DOCUMENT))
    if cells > cells_left:
        raise Refused(
            f"With the files before it, this one takes the upload past {MAX_UPLOAD_CELLS:,} table cells, more than "
            f"EqA reads at once. Upload it again on its own, or with fewer files."
        )
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
        properties_title = document.core_properties.title or ""
    except Exception:  # python-docx raises many kinds of error for a damaged or unusual file
        raise Refused(f"The Word file could not be read. {SAVE_AS_DOCX}") from None
    found = Found()
    _read(found, blocks)
    if not found.title:
        found.title, found.title_from = _title_otherwise(blocks, properties_title, name)
    return found, cells


def _check_kind(data):
    if not data.strip():
        raise Refused("The file is empty. Choose the Word file of the EIA.")
    if data.startswith(OLE):
        # An encrypted Word file is kept in an old-style container with a stream of that name.
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise Refused(
                "The Word file is protected with a password, so EqA cannot read it. Open it in Word, take the "
                "password off (File, Info, Protect Document, Encrypt with Password, then clear it), save it and "
                "upload it again."
            )
        raise Refused(f"The file is an old-style Word or Office file (.doc). {SAVE_AS_DOCX}")
    if data.startswith(b"%PDF"):
        raise Refused(
            "The file is a PDF, not a Word file. Upload the EIA's Word file (.docx); if there is only the PDF, "
            "open it in Word, save it as a Word Document (.docx) and check it before uploading."
        )
    if data.lstrip()[:5].lower() == b"{\\rtf":
        raise Refused(f"The file is a Rich Text document (.rtf). {SAVE_AS_DOCX}")
    if not data.startswith(ZIP):
        raise Refused(f"The file is not a Word file, whatever its name says. {SAVE_AS_DOCX}")


def _checked_zip(data):
    if (declared_entries(io.BytesIO(data)) or 0) > MAX_PARTS:
        raise Refused(f"The Word file has more than {MAX_PARTS:,} parts inside it. {SAVE_AS_DOCX}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        names = {info.filename for info in infos}
        types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, ValueError, EOFError):
        raise Refused(f"The file is damaged, or not a Word file. {SAVE_AS_DOCX}") from None
    if any(n.startswith("xl/") for n in names):
        raise Refused("The file is an Excel workbook, not a Word file. Upload the EIA's Word file (.docx).")
    if any(n.startswith("ppt/") for n in names):
        raise Refused("The file is a PowerPoint presentation, not a Word file. Upload the EIA's Word file (.docx).")
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in types:
        raise Refused(
            "The Word file has macros in it (.docm). Open it in Word, save it as a Word Document (.docx), which "
            "has no macros, and upload that."
        )
    if MAIN_DOCUMENT not in names or WORD_MAIN not in types:
        raise Refused(f"The file is a zip file, not a Word file. {SAVE_AS_DOCX}")
    if len(infos) > MAX_PARTS:
        raise Refused(f"The Word file has more than {MAX_PARTS:,} parts inside it. {SAVE_AS_DOCX}")
    # Python reads no part past the size the zip declares for it, so the declared sizes bound what is unpacked.
    if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
        raise Refused(
            f"The Word file unpacks to more than {MAX_UNZIPPED_BYTES // (1024 * 1024)} MB (a Word file is "
            f"compressed), far more than an EIA needs. Save a copy without pictures and upload that."
        )
    if archive.getinfo(MAIN_DOCUMENT).file_size > MAX_DOCUMENT_XML_BYTES:
        raise Refused(
            "The document is far longer than an EIA. Save the EIA on its own, without appendices, and upload that."
        )
    return archive


_TABLE = re.compile(rb"<w:tbl[\s>]")
_ROW = re.compile(rb"<w:tr[\s>]")
_CELL = re.compile(rb"<w:tc[\s>]")


def _count_tables(xml):
    """Refuse a document with more tables, rows or cells than an EIA has, before python-docx builds any of it.
    Word writes no document type, and python-docx expands no entity; one is refused all the same."""
    if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml[:4096]:
        raise Refused(f"The Word file could not be read. {SAVE_AS_DOCX}")
    for pattern, limit, what in (
        (_TABLE, MAX_TABLES, "tables"),
        (_ROW, MAX_ROWS, "table rows"),
        (_CELL, MAX_CELLS, "table cells"),
    ):
        count = 0
        for _ in pattern.finditer(xml):
            count += 1
            if count > limit:
                raise Refused(
                    f"The document has more than {limit:,} {what}, far more than an EIA. Save the EIA on its own, "
                    f"without appendices, and upload that."
                )
    return count  # of cells, the last counted


def _text(cell_or_paragraph, limit=MAX_CELL_TEXT):
    text = " ".join(UNSHOWN.sub("", cell_or_paragraph.text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _read(found, blocks):
    from docx.table import Table

    seen = set()
    pending_label = None
    for block in blocks:
        if isinstance(block, Table):
            pending_label = None
            rows = [[_text(cell) for cell in _cells(row)] for row in block.rows]
            for cells in rows:
                _detail_from_cells(found, cells)
            _grid(found, rows, seen)
            continue
        text = _text(block)
        if not text:
            continue
        if pending_label is not None:
            _set_detail(found, pending_label, text)
            pending_label = None
        label, _, value = text.partition(":")
        what = words.label_of(label)
        if what and value.strip():
            _set_detail(found, what, value.strip())
        elif what and not value and len(text) <= 60:
            pending_label = what  # a label on its own line, its value on the next


def _cells(row):
    """A row's cells, a cell merged across columns once."""
    cells, last = [], None
    for cell in row.cells:
        if cell._tc is not last:
            cells.append(cell)
        last = cell._tc
    return cells


def _detail_from_cells(found, cells):
    """A row of a details table: a label and its value in the next cell that holds something."""
    for index, cell in enumerate(cells[:-1]):
        what = words.label_of(cell)
        if what:
            value = next((later for later in cells[index + 1 :] if later), "")
            if value:
                _set_detail(found, what, value)
            return


def _set_detail(found, what, value):
    if what in (words.ASSESSED_ON, words.REVIEW_DUE):
        if getattr(found, what):
            return
        read = words.date_in(value, EARLIEST, LATEST)
        if read is None:
            return
        if read.on is None:
            said = "date of the assessment" if what == words.ASSESSED_ON else "review date"
            found.problems.append(f"The {said} was not read: {read.problem}.")
            return
        setattr(found, what, read.on.isoformat())
        return
    limit = {words.TITLE: MAX_TITLE, words.OWNER: MAX_NAME, words.REFERENCE: MAX_REFERENCE}[what]
    if not getattr(found, what) and len(value) <= limit:
        setattr(found, what, value)
        if what == words.TITLE:
            found.title_from = "label"


# Words under a Positive or Negative heading that say there is none ("No perceived changes to …"); under Neutral,
# "No barriers perceived" is what neutral means.
NONE_SAID = re.compile(r"^(?:no|none|nil|not)\b")
EMPTY_MARKS = {"", "-", "n/a", "na", "no", "none", "nil", "0", "☐", "□", "not applicable"}


def _grid(found, rows, seen):
    """The rows of a table that name a group with a rating. A column headed with a rating ("Positive", "Negative -
    High") rates a row by a tick or by words written under it; other columns rate it by what they say ("High
    negative")."""
    if not rows:
        return
    headings = {}
    for index, heading in enumerate(rows[0]):
        rating = words.rating_of(heading)
        if not rating and words.level_of(heading) and len(words.plain(heading)) <= 12:
            rating = words.Rating(negative=True, level=words.level_of(heading))  # "High" under "Negative"
        if rating and index > 0:
            headings[index] = rating
    body = rows[1:] if headings or not words.group_of(rows[0][0] if rows[0] else "") else rows
    for cells in body:
        if not cells:
            continue
        code = words.group_of(cells[0])
        row = Row(label=cells[0][:MAX_TITLE], code=code or "")
        for index, cell in enumerate(cells[1:], start=1):
            _rate(row, headings.get(index), cell)
        if not row.negative:
            row.level = ""
        if not row.rating:
            if code and code not in seen and len(found.unrated) < MAX_ROWS_LISTED and (headings or _rated_table(rows)):
                found.unrated.append(row.label)
            continue
        if code is None:
            if len(found.unknown) < MAX_ROWS_LISTED:
                found.unknown.append(row.label)
        elif code not in seen:
            seen.add(code)
            found.rows.append(row)


def _rated_table(rows):
    return any(words.rating_of(cell) for cells in rows for cell in cells[1:])


def _rate(row, heading, cell):
    if heading is None:
        rating = words.rating_of(cell)
        if rating:
            _add(row, rating, "")
        elif len(words.plain(cell)) <= 12 and words.level_of(cell) and not row.level:
            row.level = words.level_of(cell)  # a column of levels beside the ratings
        return
    said_none = (heading.positive or heading.negative) and NONE_SAID.match(words.plain(cell))
    if words.plain(cell).strip(" .") in EMPTY_MARKS or said_none:
        return
    said = "" if words.is_tick(cell) else cell
    level = heading.level
    if heading.negative and not level:
        level = words.level_of(cell) if len(cell) <= words.RATING_WITHIN else words.level_at_end(cell)
    _add(row, words.Rating(heading.positive, heading.neutral, heading.negative, level), said)


def _add(row, rating, said):
    for kind in ("positive", "neutral", "negative"):
        if getattr(rating, kind):
            setattr(row, kind, True)
            if said and not getattr(row, f"{kind}_text"):
                setattr(row, f"{kind}_text", said)
    if rating.level and not row.level:
        row.level = rating.level


GENERIC = re.compile(r"^(?:equality|equalities|eia|equality and [\w ]+)\b[\w ,&/()-]*$")


def _title_otherwise(blocks, properties_title, name):
    """A title where no label gave one: the first heading that is not the form's own ("Equality Impact
    Assessment"), or the part after it ("Equality impact assessment: Care at home"); else the file's own title
    property; else its name."""
    from docx.text.paragraph import Paragraph

    for block in blocks[:40]:
        if not isinstance(block, Paragraph):
            continue
        style = (block.style.name if block.style is not None else "").lower()
        text = _text(block, MAX_TITLE)
        if not text or not (style.startswith(("heading", "title")) or style == "subtitle"):
            continue
        title = _not_generic(text)
        if title and not re.match(r"^(?:section|part|step|appendix|\d)", words.plain(title)):
            return title, "heading"
    title = _not_generic(" ".join(properties_title.split())[:MAX_TITLE])
    if title:
        return title, "properties"
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return " ".join(stem.replace("_", " ").split())[:MAX_TITLE] or "Untitled EIA", "filename"


def _not_generic(text):
    for separator in (":", " - ", " – "):
        head, found, rest = text.partition(separator)
        if found and GENERIC.match(words.plain(head)) and rest.strip():
            return rest.strip()
    return "" if GENERIC.match(words.plain(text)) else text
