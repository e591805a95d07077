"""Bringing in a council's old EIAs from Word: read each file of an upload, say what was found in it and what was not,
and keep it as a legacy record once its council admin has said what EqA could not read.

Its parts, in the order a file goes through them: limits.py (how much is read), files.py (the upload's files, a zip
of them unpacked, each told by its content), document.py (one Word file checked as a zip of parts, then read with
python-docx) and words.py (how old EIAs name groups, ratings, dates and details: plain rules).

- read_upload(uploads): a Read for each file, in the order chosen (a zip's files in its place): its name, bytes and
  what was Found, or why it is refused. Refused (the whole upload) when there is too much to read at all.
"""

from dataclasses import dataclass

from assessments.word_import import words
from assessments.word_import.document import Found, Row, read_document
from assessments.word_import.files import Refused, items_of, too_many
from assessments.word_import.limits import MAX_CELLS, MAX_FILE_BYTES, MAX_FILES, MAX_UPLOAD_BYTES, MAX_UPLOAD_CELLS

__all__ = [
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "MAX_UPLOAD_BYTES",
    "Found",
    "Read",
    "Refused",
    "Row",
    "read_upload",
    "too_many",
    "words",
]


@dataclass
class Read:
    name: str
    data: bytes
    found: Found | None
    refused: str


def read_upload(uploads):
    read, cells_left = [], MAX_UPLOAD_CELLS
    for item in items_of(uploads):
        if item.refused:
            read.append(Read(item.name, b"", None, item.refused))
            continue
        try:
            found, cells = read_document(item.name, item.data, min(MAX_CELLS, cells_left))
        except Refused as refused:
            read.append(Read(item.name, b"", None, refused.message))
        else:
            cells_left -= cells
            read.append(Read(item.name, item.data, found, ""))
    return read
