"""Word files built to hold a worker, or that are no Word file at all: each is refused with a message saying what
to do, within a second of the worker's own time and within the reader's memory ceiling
(word_import.limits.READ_MEMORY_CEILING); in a zip of files, beside good ones that are still read.

Time is the process's CPU time (time.process_time), so that other work on the machine does not make a test fail.
Memory is the peak of Python's allocations while the upload is read (tracemalloc), which includes lxml's own only
in part: the limits are checked before python-docx parses anything. Each test prints what it measured."""

import io
import os
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import PendingLegacyImport
from assessments.word_import import MAX_FILE_BYTES, Refused, read_upload
from assessments.word_import.limits import MAX_CELLS, MAX_ROWS, MAX_UPLOAD_CELLS, READ_MEMORY_CEILING
from tests.assessments import word_files

SECOND = 1.0
DOCX_THEN = "Open it in Word, save it as a Word Document (.docx) and upload that."


def nested_zip():
    return word_files.zipped([("inner.zip", word_files.zipped([("eia.docx", word_files.narrative_eia())]))])


BAD_FILES = {
    "minutes.pdf.docx": (lambda: b"%PDF-1.7\n" + b"0" * 4000, "The file is a PDF, not a Word file."),
    "old-eia.doc": (word_files.old_doc, f"The file is an old-style Word or Office file (.doc). {DOCX_THEN}"),
    "grid.xlsx": (word_files.xlsx_file, "The file is an Excel workbook, not a Word file."),
    "notes.txt.docx": (lambda: b"Equality impact assessment\nAge: neutral\n" * 50, "The file is not a Word file"),
    "with-macros.docm": (word_files.macro_eia, "The Word file has macros in it (.docm)."),
    "password.docx": (word_files.encrypted_eia, "The Word file is protected with a password"),
    "bomb.docx": (word_files.bomb_eia, "The Word file unpacks to more than 20 MB"),
    "billion-laughs.docx": (word_files.doctype_eia, "The Word file could not be read."),
    "2000-rows.docx": (word_files.many_cells_eia, f"The document has more than {MAX_ROWS:,} table rows"),
    "5400-cells.docx": (
        lambda: word_files.many_cells_eia(rows=900, cols=6),
        f"The document has more than {MAX_CELLS:,} table cells",
    ),
    "61-tables.docx": (lambda: word_files.many_cells_eia(rows=1, cols=1, tables=61), "more than 60 tables"),
    "too-big.docx": (lambda: b"PK\x03\x04" + os.urandom(MAX_FILE_BYTES), "The file is larger than 5 MB."),
    "nested.zip": (nested_zip, "The file is a zip file inside the zip file."),
}


def measured(uploads):
    """What reading the upload gave (its Reads, or Refused), the CPU seconds it took and the peak of memory."""
    started = time.process_time()
    try:
        outcome = read_upload(uploads())
    except Refused as refused:
        outcome = refused
    seconds = time.process_time() - started
    tracemalloc.start()
    try:
        try:
            read_upload(uploads())
        except Refused:
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return outcome, seconds, peak


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_is_refused_within_a_second_and_the_memory_ceiling(name):
    make, message = BAD_FILES[name]
    content = make()
    read, seconds, peak = measured(lambda: [SimpleUploadedFile(name, content)])
    print(f"{name}: {len(content):,} bytes, refused in {seconds:.3f} s of CPU, peak {peak / 2**20:.1f} MB")
    assert len(read) == 1 and read[0].found is None
    assert message in read[0].refused
    assert seconds < SECOND
    assert peak < READ_MEMORY_CEILING


def test_the_bomb_really_unpacks_to_100_mb():
    sizes = [info.file_size for info in zipfile.ZipFile(io.BytesIO(word_files.bomb_eia())).infolist()]
    assert sum(sizes) > 100 * 2**20


def test_a_zip_of_500_files_is_refused_at_once():
    content = word_files.zipped([(f"eia-{n}.docx", b"x") for n in range(500)])
    refused, seconds, peak = measured(lambda: [SimpleUploadedFile("500.zip", content)])
    print(f"500 files in a zip: {len(content):,} bytes, refused in {seconds:.3f} s of CPU, peak {peak / 2**20:.1f} MB")
    assert refused.message.startswith("The zip file 500.zip holds 500 files. EqA reads at most 100 at once")
    assert seconds < SECOND and peak < READ_MEMORY_CEILING


def empty_entries(count, parts=()):
    """A zip of `parts` and `count` empty entries more: its directory alone is megabytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in [*parts, *((f"word/media/{n}", b"") for n in range(count))]:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("many.zip", lambda: empty_entries(200_000), "The file many.zip holds 200,000 files inside it"),
        (
            "parts.docx",
            lambda: empty_entries(100_000, word_files.zipped_parts(word_files.narrative_eia())),
            "The file parts.docx holds 100,017 files inside it",
        ),
    ],
)
def test_a_zip_of_too_many_entries_is_refused_before_its_directory_is_read(name, content, message):
    content = content()
    refused, seconds, peak = measured(lambda: [SimpleUploadedFile(name, content)])
    print(f"{name}, its entries: {len(content):,} bytes, refused in {seconds:.3f} s, peak {peak / 2**20:.1f} MB")
    assert refused.message.startswith(message)
    assert seconds < SECOND and peak < READ_MEMORY_CEILING


def test_a_zip_declaring_more_than_the_upload_limit_is_refused_at_once():
    content = word_files.zipped([(f"eia-{n}.docx", bytes(8 * 2**20)) for n in range(4)])
    refused, seconds, peak = measured(lambda: [SimpleUploadedFile("bombs.zip", content)])
    print(
        f"zip declaring 4 files of 8 MB: {len(content):,} bytes, refused in {seconds:.3f} s, peak {peak / 2**20:.1f} MB"
    )
    assert "unpacks to more than 30 MB" in refused.message
    assert seconds < SECOND and peak < READ_MEMORY_CEILING


def test_one_bad_file_in_a_zip_loses_none_of_the_good():
    good = [("one.docx", word_files.rating_column_eia()), ("two.docx", word_files.tick_columns_eia())]
    bad = [(name, make()) for name, (make, _) in BAD_FILES.items() if name not in ("too-big.docx", "nested.zip")]
    content = word_files.zipped([good[0], *bad, good[1]])
    read, seconds, peak = measured(lambda: [SimpleUploadedFile("mixed.zip", content)])
    print(f"zip of 2 good and {len(bad)} bad: all read or refused in {seconds:.3f} s, peak {peak / 2**20:.1f} MB")
    assert [file.name for file in read if file.found] == ["one.docx", "two.docx"]
    assert all(file.refused for file in read if not file.found)
    assert seconds < 2 * SECOND and peak < READ_MEMORY_CEILING


def test_the_largest_document_allowed_is_read_within_the_limits():
    """As many table rows and cells as EqA reads, each cell's words long."""
    content = word_files.many_cells_eia(rows=MAX_ROWS, cols=MAX_CELLS // MAX_ROWS, text=b"Words of an EIA " * 20)
    read, seconds, peak = measured(lambda: [SimpleUploadedFile("largest.docx", content)])
    print(f"largest allowed: {len(content):,} bytes, read in {seconds:.3f} s of CPU, peak {peak / 2**20:.1f} MB")
    assert read[0].found is not None
    assert seconds < SECOND and peak < READ_MEMORY_CEILING


def test_an_upload_of_files_at_the_limit_is_read_only_as_far_as_its_own_limit():
    """Documents of as many cells as EqA reads in one, one more than an upload's cells allow: all but the last are
    read, each within its second, and the last refused, saying what to do, without being read."""
    largest = word_files.many_cells_eia(rows=MAX_ROWS, cols=MAX_CELLS // MAX_ROWS, text=b"Words of an EIA " * 20)
    count = MAX_UPLOAD_CELLS // (MAX_ROWS * (MAX_CELLS // MAX_ROWS)) + 1
    read, seconds, peak = measured(lambda: [SimpleUploadedFile(f"{n}.docx", largest) for n in range(count)])
    print(f"{count} documents at the limit: all but one read in {seconds:.3f} s of CPU, peak {peak / 2**20:.1f} MB")
    assert [bool(file.found) for file in read] == [True] * (count - 1) + [False]
    refused = f"With the files before it, this one takes the upload past {MAX_UPLOAD_CELLS:,} table cells"
    assert read[-1].refused.startswith(refused)
    assert seconds < count * SECOND and peak < READ_MEMORY_CEILING


def test_the_page_refuses_500_files_chosen_at_once(client, council, council_admin):
    client.force_login(council_admin)
    started = time.process_time()
    response = client.post(
        reverse("assessments:legacy-import", args=[council.slug]),
        {"files": [SimpleUploadedFile(f"eia-{n}.docx", b"x") for n in range(500)]},
    )
    seconds = time.process_time() - started
    print(f"500 files chosen at once: refused by the page in {seconds:.3f} s of CPU")
    assert "You chose 500 files. EqA reads at most 100 at once" in response.content.decode()
    assert not PendingLegacyImport.objects.exists()


def test_the_preview_lists_each_bad_file_with_its_reason(client, council, council_admin):
    client.force_login(council_admin)
    files = [SimpleUploadedFile(name, make()) for name, (make, _) in BAD_FILES.items()]
    files.append(SimpleUploadedFile("good.docx", word_files.narrative_eia()))
    response = client.post(reverse("assessments:legacy-import", args=[council.slug]), {"files": files}, follow=True)
    page = response.content.decode().replace("&#x27;", "'")
    for _, message in BAD_FILES.values():
        assert message in page
    assert "Bring in 1 EIA" in page


def test_a_files_name_is_kept_without_its_control_characters(client, council, service, council_admin):
    """A right-to-left mark shows "care\u202excod.docx" as "carecodx.docx" would not be; a control character in a
    name is nothing anybody can read. (Python's zipfile cuts a zip's name at a NUL itself.)"""
    content = word_files.zipped([("eias/care\u202excod.docx", word_files.narrative_eia())])
    assert [file.name for file in read_upload([SimpleUploadedFile("eias.zip", content)])] == ["carexcod.docx"]
    client.force_login(council_admin)
    client.post(
        reverse("assessments:legacy-import", args=[council.slug]),
        {"files": [SimpleUploadedFile("brook\u2066\x07street.docx", word_files.narrative_eia())]},
    )
    assert PendingLegacyImport.objects.get().files.get().filename == "brookstreet.docx"
