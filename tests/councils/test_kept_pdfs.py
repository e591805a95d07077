"""A draft's PDF is made once for each state of the draft: downloaded again unchanged, the PDF kept is answered;
after any change (the record, its actions, the day), the next download is made anew and shows it."""

from datetime import timedelta

import pytest
import weasyprint
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from councils.models import KeptPdf
from councils.pdf import KEPT_PDF_DAYS, render_pdf
from tests.factories import ActionFactory
from tests.pdf_text import pdf_text


@pytest.fixture
def renders(monkeypatch, tmp_path):
    """How many PDFs WeasyPrint wrote, each still written by WeasyPrint. Counted in a file, which a process the
    PDF may be written in can add to."""
    written = tmp_path / "renders"
    written.touch()
    write_pdf = weasyprint.HTML.write_pdf

    def counted(self, *args, **kwargs):
        with written.open("a") as count:
            count.write("1")
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counted)
    return lambda: len(written.read_text())


def test_it_renders_a_draft_downloaded_twice_once(client, author, assessment, renders):
    client.force_login(author)
    url = reverse("assessments:pdf", args=[assessment.pk])

    first, second = client.get(url), client.get(url)

    assert first.content == second.content
    assert first.content.startswith(b"%PDF")
    assert renders() == 1
    assert KeptPdf.objects.count() == 1


def test_it_shows_an_edit_of_the_eia_at_the_next_download(client, author, assessment, renders):
    client.force_login(author)
    url = reverse("assessments:pdf", args=[assessment.pk])
    client.get(url)
    assessment.title = "Care at home, retendered"
    assessment.save()

    assert "Care at home, retendered" in pdf_text(client.get(url))
    assert renders() == 2


def test_it_shows_a_new_action_of_the_plan_at_the_next_download(client, manager, plan, renders):
    client.force_login(manager)
    url = reverse("actionplans:pdf", args=[plan.pk])
    client.get(url)
    ActionFactory(plan=plan, area_of_focus="Waiting lists for assessments")

    assert "Waiting lists for assessments" in pdf_text(client.get(url))
    assert renders() == 2


def test_it_makes_the_plan_pdf_again_the_next_day(client, manager, plan, renders, monkeypatch):
    client.force_login(manager)
    url = reverse("actionplans:pdf", args=[plan.pk])
    client.get(url)
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)

    assert f"Printed {tomorrow:%-d %B %Y}" in pdf_text(client.get(url))
    assert renders() == 2


def test_the_same_document_makes_the_same_bytes(assessment):
    """What keeping rests on: WeasyPrint writes no date or random identifier of its own."""
    context = {"assessment": assessment, "council": assessment.council, "is_draft": True}

    made = [render_pdf("assessments/pdf.html", context, issuing=True) for _ in range(2)]

    assert made[0] == made[1]


def test_the_daily_command_forgets_pdfs_unused_for_a_week(db):
    now = timezone.now()
    KeptPdf.objects.create(key="a" * 64, pdf=b"%PDF old", used_at=now - timedelta(days=KEPT_PDF_DAYS, minutes=1))
    KeptPdf.objects.create(key="b" * 64, pdf=b"%PDF recent", used_at=now - timedelta(days=KEPT_PDF_DAYS - 1))

    call_command("send_notifications", stdout=open("/dev/null", "w"))

    assert [bytes(pdf) for pdf in KeptPdf.objects.values_list("pdf", flat=True)] == [b"%PDF recent"]
