"""Importing a plan's actions from an uploaded spreadsheet, with hostile cells, file names and bytes."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from actionplans.models import StatusWord
from tests.factories import ActionPlanFactory
from tests.page_forms import form_data
from tests.security.hostile.checks import assert_safe, assert_shows, html_of, refused
from tests.security.hostile.strategies import (
    HOSTILE,
    MILESTONE_MAX,
    SCRIPT,
    field,
    hostile,
    milestone_lines,
    short_hostile,
)

pytestmark = pytest.mark.django_db


HEADER = [
    "Quality statement",
    "Action ref",
    "Area of focus",
    "Actions we are taking",
    "How we will know it has worked",
    "Responsible lead officer",
    "Status",
    "Milestones",
]
# What the columns of HEADER are, as the import's columns page has them chosen.
EQA_COLUMNS = {
    f"column_{index}": key
    for index, key in enumerate(
        [
            "quality_statement",
            "ref",
            "area_of_focus",
            "actions_taken",
            "success_measures",
            "lead_officers",
            "status",
            "milestones",
        ]
    )
}
IMPORT_FIELDS = {"area_of_focus": 2, "actions_taken": 3, "success_measures": 4, "lead_officers": 5}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def imported_text(cell):
    """What the importer documents it keeps of a cell: EqA's own export quote before a formula-like start taken
    off, one kind of line break, no white space around."""
    if len(cell) > 1 and cell[0] == "'" and cell[1:].startswith(FORMULA_STARTS):
        cell = cell[1:]
    return re.sub(r"\r\n?", "\n", cell).strip()


def imported_ref(cell):
    """What the importer documents it keeps of a ref: its words; a whole number as a spreadsheet may write it (1.0)
    as the number; in capitals only when it is ASCII letters then numbers with dots ("t2.10" is T2.10)."""
    words = " ".join(cell.split())
    whole = re.fullmatch(r"(\d+)\.0+", words)
    ref = whole[1] if whole else words
    return ref.upper() if re.fullmatch(r"[A-Za-z]+[0-9]+(\.[0-9]+)*", ref) else ref


import_rows = st.lists(
    st.tuples(
        st.one_of(st.just("Assessing needs"), st.just("assessing NEEDS*"), short_hostile),
        st.one_of(st.sampled_from(["T1.1", "T1.2", "t2.10", "T\u0663"]), st.just("T1.3"), short_hostile),
        field(),
        field(""),
        field(""),
        field(""),
        st.one_of(st.sampled_from(["", "On track", "Complete"]), st.just("Started"), short_hostile),
        st.one_of(st.just(""), milestone_lines, hostile()),
    ),
    min_size=1,
    max_size=3,
)
filenames = st.one_of(st.just("plan.csv"), short_hostile.map(lambda s: re.sub(r'["\\/\r\n\x00]', "", s)[:300] + ".csv"))


@settings(HOSTILE, max_examples=50)  # quick: no PDF, most files are refused at once
@given(rows=import_rows, extra_header=short_hostile, filename=filenames)
@example(
    rows=[
        (
            "Assessing needs",
            "T1.1",
            SCRIPT,
            "{{ 7*7 }}",
            "'=cmd|' /C calc'!A0",
            "\U0001f642",
            "Started",
            "Framework 1/0000",
        )
    ],
    extra_header=SCRIPT,
    filename="<b>plan</b>.csv",
)
# A status none of the council's words: the statuses page asks what it is.
@example(rows=[("Assessing needs", "T1.3", "Plain words", "", "", "", "0", "")], extra_header="", filename="plan.csv")
def test_import_upload_with_hostile_csv(client, manager, council, rows, extra_header, filename):
    client.force_login(manager)
    plan = ActionPlanFactory(council=council, created_by=manager)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([*HEADER, extra_header])
    writer.writerows([[*row, ""] for row in rows])
    upload = SimpleUploadedFile(filename, buffer.getvalue().encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("actionplans:import", args=[plan.pk]), {"file": upload})
    html = html_of(response)
    if response.status_code != 302:
        refused(response, html)
        assert not plan.actions.exists()
        return
    preview_url = response["Location"]
    if preview_url.endswith("/columns/"):
        # Its hostile heading is one EqA does not know: it is asked about, and left out; the others are EqA's own.
        columns = client.get(preview_url)
        assert_safe(html_of(columns))
        chosen = client.post(preview_url, form_data(columns, **EQA_COLUMNS, column_8="ignore"))
        if chosen.status_code != 302:
            refused(chosen, html_of(chosen))
            assert not plan.actions.exists()
            return
        preview_url = chosen["Location"]
    if preview_url.endswith("/statuses/"):
        # A status that is none of the council's words, nor a usual spelling of one, is asked about: each is read
        # here as the council's first word.
        statuses = client.get(preview_url)
        assert_safe(html_of(statuses))
        first = StatusWord.objects.filter(council=council).order_by("position").first()
        asked = form_data(statuses)
        chosen = client.post(
            preview_url,
            {**asked, **{name: first.pk for name in asked if name.startswith("status_") and not asked[name]}},
        )
        if chosen.status_code != 302:
            refused(chosen, html_of(chosen))
            assert not plan.actions.exists()
            return
        preview_url = chosen["Location"]
    preview = client.get(preview_url)
    assert_safe(html_of(preview))
    confirmed = client.post(preview_url, form_data(preview))
    assert_safe(html_of(confirmed))
    assert confirmed.status_code == 302, "a file that previewed without problems imports"
    event("imported")
    by_ref = {action.ref: action for action in plan.actions.prefetch_related("milestones")}
    assert len(by_ref) == len({imported_ref(row[1]) for row in rows if row[1].split()})
    for row in rows:
        if not any(imported_text(cell) for cell in row):
            continue  # an empty row is skipped
        action = by_ref[imported_ref(row[1])]
        for name, index in IMPORT_FIELDS.items():
            assert getattr(action, name) == imported_text(row[index]), name
        page = html_of(client.get(action.get_absolute_url()))
        for name in IMPORT_FIELDS:
            assert_shows(page, getattr(action, name))
        for milestone in action.milestones.all():
            assert len(milestone.description) <= MILESTONE_MAX
            assert escape(milestone.description) in page


@HOSTILE
@given(
    content=st.one_of(
        st.binary(max_size=600),
        st.tuples(
            st.sampled_from(
                [
                    b"PK\x03\x04",
                    b"PK\x05\x06",
                    b"%PDF",
                    b"\xef\xbb\xbf",
                    b"\xff\xfe",
                    b"\xfe\xff",
                    b"<html>",
                    b"{\\rtf",
                    ",".join(HEADER).encode() + b"\n",
                ]
            ),
            st.binary(max_size=600),
        ).map(b"".join),
        hostile().map(lambda text: (",".join(HEADER) + "\n" + text).encode("utf-8", "surrogatepass")),
    )
)
def test_import_upload_with_hostile_bytes(client, manager, council, content):
    client.force_login(manager)
    plan = ActionPlanFactory(council=council, created_by=manager)
    response = client.post(
        reverse("actionplans:import", args=[plan.pk]), {"file": SimpleUploadedFile("plan.csv", content)}
    )
    html = html_of(response)
    assert response.status_code in (200, 302)
    assert_safe(html)
    assert not plan.actions.exists()
