"""A council's whole EIA register downloads as a stream (issue 17): the file starts before its EIAs are read, which
are read a batch at a time, so that the memory it takes while being sent does not grow with the register; and the
Excel file it streams reads back as the one openpyxl wrote before."""

import gc
import hashlib
import io
import tracemalloc
from datetime import date, datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, ImpactRow, SubjectType
from assessments.views import exports
from tests.factories import AssessmentFactory

KINDS = ["csv", "xlsx"]


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of ten EIAs, so that a register of a few dozen is read in several."""
    monkeypatch.setattr(exports, "BATCH", 10)


def add_eias(council, service, author, count):
    """`count` more EIAs of the council, each with a group its author added to the grid, made at once. Their titles
    differ as much as real ones do, so that a few hundred make a file of many chunks, zipped or not."""
    made = Assessment.objects.filter(council=council).count()
    eias = Assessment.objects.bulk_create(
        Assessment(
            council=council,
            service=service,
            created_by=author,
            reference=f"EIA-{number:05}",
            title=f"Changes to care at home {hashlib.sha256(str(number).encode()).hexdigest()}",
            subject_type=SubjectType.SERVICE,
            lead_officer="Priya Shah, Head of Adult Social Care",
            review_due=date(2027, 4, 1),
        )
        for number in range(made, made + count)
    )
    ImpactRow.objects.bulk_create(
        ImpactRow(assessment=eia, position=1, label="Care leavers", added_by_author=True) for eia in eias
    )


def batches_read(queries):
    """How many batches of EIAs had been read: each reads the groups their authors added."""
    return sum("added_by_author" in query["sql"] for query in queries)


@pytest.mark.parametrize("kind", KINDS)
def test_the_register_starts_before_its_eias_are_read(client, council, service, author, viewer, small_batches, kind):
    add_eias(council, service, author, 30)
    client.force_login(viewer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"assessments:register-{kind}"))
        chunks = iter(response.streaming_content)
        first = next(chunks)
        before = batches_read(queries)
        rest = b"".join(chunks)
    assert (before, batches_read(queries)) == (0, 3)
    if kind == "csv":
        assert first.decode("utf-8-sig").startswith("Reference,Type,")
    else:
        assert openpyxl.load_workbook(io.BytesIO(first + rest)).active.max_row == 31


def peak_while_sent(client, url):
    """The most memory the download took while it was made and sent, its chunks let go once sent. Python keeps some
    of what the rows let go in free lists of its own, which fill up to a bound as rows pass: they are emptied after
    each chunk, so that what is counted is what the download holds."""
    tracemalloc.start()
    try:
        for _ in client.get(url):
            gc.collect()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("kind", KINDS)
def test_the_register_takes_no_more_memory_for_four_times_the_eias(
    client, council, service, author, viewer, small_batches, kind
):
    url = reverse(f"assessments:register-{kind}")
    client.force_login(viewer)
    add_eias(council, service, author, 200)
    peak_while_sent(client, url)  # what the first download of a process loads once
    small = peak_while_sent(client, url)
    add_eias(council, service, author, 600)
    large = peak_while_sent(client, url)
    assert large < 1.3 * small, f"{small} bytes for 200 EIAs, {large} for 800"


def test_the_excel_register_keeps_text_dates_and_numbers_as_they_are(client, council, service, author, viewer):
    eia = AssessmentFactory(council=council, service=service, created_by=author, title="=HYPERLINK(evil)")
    Assessment.objects.filter(pk=eia.pk).update(version=3, review_due=date(2027, 4, 1))
    client.force_login(viewer)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("assessments:register-xlsx")).getvalue())).active
    cells = dict(zip([cell.value for cell in sheet[1]], sheet[2], strict=True))
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert (cells["Title"].value, cells["Title"].data_type) == ("'=HYPERLINK(evil)", "s")
    assert (cells["Version"].value, cells["Version"].data_type) == (3, "n")
    assert (cells["Review due"].value, cells["Review due"].number_format) == (datetime(2027, 4, 1), "d mmm yyyy")
    assert isinstance(cells["Last changed"].value, datetime)
    assert cells["Last changed"].number_format == "d mmm yyyy hh:mm"
    assert cells["Title"].alignment.wrap_text and not any(cell.data_type == "f" for cell in sheet[2])
