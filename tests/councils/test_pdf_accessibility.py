"""Every kind of PDF EqA makes is a tagged PDF/UA-1 document, titled and in British English: the draft EIA, the
signed-off EIA as issued, the draft plan, the signed-off plan as issued and a progress report. Each is made the way
the app makes it, and read back with pypdf."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from actionplans.pdf import plan_pdf_response, progress_report_response
from actionplans.services import plan_approve
from assessments.pdf import assessment_pdf_response
from assessments.services import assessment_approve
from tests.factories import ActionFactory
from tests.lifecycle_helpers import ready_assessment

pytestmark = pytest.mark.django_db


def reader_of(pdf_bytes):
    return PdfReader(io.BytesIO(pdf_bytes))


@pytest.fixture
def eia(council, service, author):
    return ready_assessment(council, service, author)


@pytest.fixture
def signed_off_eia(eia, author, approver):
    return assessment_approve(assessment=eia.submit(by=author), by=approver)


@pytest.fixture
def plan_with_actions(plan):
    ActionFactory(plan=plan, ref="T1.1", area_of_focus="Waiting lists")
    ActionFactory(plan=plan, ref="T1.2", area_of_focus="Carers' assessments")
    return plan


@pytest.fixture
def signed_off_plan(plan_with_actions, manager, approver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return plan_approve(plan=plan_with_actions.submit(by=manager), by=approver)


def content(response):
    return b"".join(response) if response.streaming else response.content


PDFS = {
    "draft EIA": lambda request: assessment_pdf_response(request.getfixturevalue("eia")),
    "signed-off EIA": lambda request: request.getfixturevalue("signed_off_eia").issued_pdfs.get().read(),
    "draft plan": lambda request: plan_pdf_response(request.getfixturevalue("plan_with_actions")),
    "signed-off plan": lambda request: request.getfixturevalue("signed_off_plan").issued_pdf.read(),
    "progress report": lambda request: progress_report_response(
        request.getfixturevalue("signed_off_plan"), date.today()
    ),
}
TITLES = {
    "draft EIA": "Equality impact assessment: Care at home services",
    "signed-off EIA": "Equality impact assessment: Care at home services",
    "draft plan": "Improvement action plan: National Assurance Framework",
    "signed-off plan": "Improvement action plan: National Assurance Framework",
    "progress report": "Progress report",
}


@pytest.fixture(params=list(PDFS))
def pdf(request):
    made = PDFS[request.param](request)
    return request.param, reader_of(made if isinstance(made, bytes) else content(made))


def tags(node, found=None):
    """The structure types of the tree under `node`, in reading order."""
    found = [] if found is None else found
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            found.append(node["/S"])
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                tags(kid, found)
    return found


def test_it_says_it_is_pdf_ua_1_in_its_metadata(pdf):
    _, reader = pdf
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfuaid" in xmp and ("<pdfuaid:part>1</pdfuaid:part>" in xmp or 'pdfuaid:part="1"' in xmp)


def test_it_has_a_title_that_viewers_show(pdf):
    kind, reader = pdf
    assert reader.metadata.title.startswith(TITLES[kind])
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]


def test_it_is_in_british_english(pdf):
    _, reader = pdf
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_it_is_tagged_with_headings_and_tables(pdf):
    _, reader = pdf
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"]
    found = tags(catalog["/StructTreeRoot"])
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/P"} <= set(found)
    # Every page's content hangs from the tree, so a screen reader reaches all of it.
    assert all("/StructParents" in page for page in reader.pages)
