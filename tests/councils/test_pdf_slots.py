"""A PDF is made in a process of its own at a lower priority, and at most PDF_RENDERS_AT_ONCE at once on a server: a
draft's PDF asked for while every slot is taken is answered at once with a page saying to try again, and the rest of
the site answers as before."""

import os

import pytest
import weasyprint
from django.urls import reverse

from councils.pdf import PdfBusy, PdfNotMade, render_pdf, render_slot
from tests.pdf_text import pdf_text


def test_it_answers_at_once_while_every_slot_is_taken(client, author, assessment):
    client.force_login(author)

    with render_slot():
        response = client.get(reverse("assessments:pdf", args=[assessment.pk]))

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "EqA is making another PDF. Try again in a minute." in response.content.decode()
    assert f'href="{reverse("assessments:detail", args=[assessment.pk])}"' in response.content.decode()


def test_the_record_page_answers_while_every_slot_is_taken(client, author, assessment):
    client.force_login(author)

    with render_slot():
        assert client.get(reverse("assessments:detail", args=[assessment.pk])).status_code == 200


def test_a_kept_draft_needs_no_slot(client, author, assessment):
    client.force_login(author)
    url = reverse("assessments:pdf", args=[assessment.pk])
    client.get(url)

    with render_slot():
        response = client.get(url)

    assert assessment.title in pdf_text(response)


def test_the_slot_is_free_again_once_a_pdf_is_made(client, author, assessment):
    client.force_login(author)
    client.get(reverse("assessments:pdf", args=[assessment.pk]))

    # The one slot is free to take, and taken, the next is refused.
    with render_slot(), pytest.raises(PdfBusy), render_slot():
        pass


@pytest.fixture
def child_seen(monkeypatch, tmp_path):
    """The process WeasyPrint wrote the PDF in, and its priority, as that process saw them."""
    seen = tmp_path / "seen"
    write_pdf = weasyprint.HTML.write_pdf

    def observed(self, *args, **kwargs):
        seen.write_text(f"{os.getpid()} {os.getpriority(os.PRIO_PROCESS, 0)}")
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", observed)
    return lambda: [int(number) for number in seen.read_text().split()]


def test_the_pdf_is_made_in_another_process_at_a_lower_priority(assessment, child_seen):
    pdf = render_pdf("assessments/pdf.html", {"assessment": assessment, "council": assessment.council})

    pid, priority = child_seen()
    assert pdf.startswith(b"%PDF")
    assert pid != os.getpid()
    assert priority > os.getpriority(os.PRIO_PROCESS, 0)


def test_a_failure_in_the_child_is_raised_in_the_worker_with_its_message(assessment, monkeypatch):
    def fails(self, *args, **kwargs):
        raise ValueError(f"No static file 'pdf/missing.css' (in process {os.getpid()})")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", fails)

    with pytest.raises(PdfNotMade, match="ValueError: No static file 'pdf/missing.css'") as raised:
        render_pdf("assessments/pdf.html", {"assessment": assessment, "council": assessment.council})
    assert f"(in process {os.getpid()})" not in str(raised.value)
