"""A signed-off PDF's file is kept in the database, in the sign-off's transaction, so a sign-off cut short leaves no
file without its row; files an older EqA kept on disk are brought in under the names their records hold; and a
download whose file has gone says so plainly, with 410, and tells the log."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from actionplans.models import ActionPlan
from actionplans.services import plan_approve
from assessments.models import Assessment, IssuedPdf
from assessments.services import assessment_approve
from councils.models import StoredFile
from tests.factories import ActionFactory
from tests.lifecycle_helpers import ready_assessment
from tests.security.log_helpers import entries

MISSING = "The PDF’s file is missing"


class CutShort(Exception):
    """What a worker's time limit does to a request: it ends before its transaction commits."""


def stored_files():
    return sorted(StoredFile.objects.values_list("name", flat=True))


@pytest.fixture
def submitted(council, service, author):
    eia = ready_assessment(council, service, author)
    return eia.submit(by=author)


@pytest.mark.django_db(transaction=True)
def test_a_sign_off_cut_short_after_its_pdf_is_made_leaves_no_file(submitted, approver):
    with pytest.raises(CutShort), transaction.atomic():
        assessment_approve(assessment=Assessment.objects.get(pk=submitted.pk), by=approver)
        raise CutShort
    assert (IssuedPdf.objects.count(), stored_files()) == (0, [])


@pytest.mark.django_db(transaction=True)
def test_a_sign_off_that_commits_keeps_the_file_its_row_names(submitted, approver):
    assessment_approve(assessment=Assessment.objects.get(pk=submitted.pk), by=approver)
    issued = IssuedPdf.objects.get()
    assert stored_files() == [issued.file.name]
    assert hashlib.sha256(issued.read()).hexdigest() == issued.sha256


@pytest.mark.django_db(transaction=True)
def test_migrating_stores_the_files_an_older_eqa_kept_on_disk_and_undoing_puts_them_back(tmp_path, settings):
    media = settings.MEDIA_ROOT = tmp_path / "media"
    call_command("migrate", "councils", "0009", verbosity=0)
    (media / "issued" / "2026" / "03").mkdir(parents=True)
    (media / "issued" / "2026" / "03" / "eia-7-v1.pdf").write_bytes(b"%PDF-1.7 signed off")
    call_command("migrate", "councils", verbosity=0)
    assert bytes(StoredFile.objects.get(name="issued/2026/03/eia-7-v1.pdf").data) == b"%PDF-1.7 signed off"

    StoredFile.objects.create(name="issued/2026/04/eia-8-v1.pdf", data=b"%PDF-1.7 issued since", size=21)
    call_command("migrate", "councils", "0009", verbosity=0)
    assert (media / "issued" / "2026" / "04" / "eia-8-v1.pdf").read_bytes() == b"%PDF-1.7 issued since"
    call_command("migrate", "councils", verbosity=0)


def test_files_kept_on_disk_can_be_stored_again_later_from_their_folder(tmp_path, db):
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old-eia.docx").write_bytes(b"PK\x03\x04 a Word file")
    StoredFile.objects.create(name="issued/kept.pdf", data=b"kept already", size=12)
    (tmp_path / "issued").mkdir()
    (tmp_path / "issued" / "kept.pdf").write_bytes(b"an older copy")

    said = io.StringIO()
    call_command("store_files_from_disk", str(tmp_path), stdout=said)
    assert said.getvalue().startswith("1 file stored")
    assert bytes(StoredFile.objects.get(name="legacy/old-eia.docx").data) == b"PK\x03\x04 a Word file"
    assert bytes(StoredFile.objects.get(name="issued/kept.pdf").data) == b"kept already"
    with pytest.raises(CommandError, match="There is no folder at"):
        call_command("store_files_from_disk", str(tmp_path / "not there"))


def test_two_files_given_one_name_at_once_are_both_kept(db):
    storage = IssuedPdf._meta.get_field("file").storage
    first = storage._save("legacy/2026/12/Equality Impact Assessment.docx", ContentFile(b"first"))
    second = storage._save("legacy/2026/12/Equality Impact Assessment.docx", ContentFile(b"second"))
    assert first != second and second.startswith("legacy/2026/12/Equality Impact Assessment_")
    assert [bytes(storage.open(name).read()) for name in (first, second)] == [b"first", b"second"]


@pytest.fixture
def signed_off(submitted, approver):
    return assessment_approve(assessment=Assessment.objects.get(pk=submitted.pk), by=approver)


def lose_file(issued):
    issued.file.storage.delete(issued.file.name)


class TestAMissingFile:
    def test_the_eia_s_download_says_the_file_is_missing_and_what_to_do(self, client, signed_off, author):
        lose_file(signed_off.issued_pdfs.get())
        client.force_login(author)
        response = client.get(reverse("assessments:pdf", args=[signed_off.pk]))
        page = response.content.decode()
        assert response.status_code == 410
        assert MISSING in page
        assert "Contact your council admin. They can put the file back from the latest backup" in page

    def test_the_download_of_one_kept_pdf_says_so_too(self, client, signed_off, author):
        issued = signed_off.issued_pdfs.get()
        lose_file(issued)
        client.force_login(author)
        response = client.get(reverse("assessments:issued-pdf", args=[signed_off.pk, issued.pk]))
        assert (response.status_code, MISSING in response.content.decode()) == (410, True)

    def test_the_plan_s_download_says_so_too(self, client, plan, manager, approver, django_capture_on_commit_callbacks):
        ActionFactory(plan=plan)
        with django_capture_on_commit_callbacks(execute=True):
            plan.submit(by=manager)
            signed = plan_approve(plan=ActionPlan.objects.get(pk=plan.pk), by=approver)
        lose_file(signed.issued_pdf)
        client.force_login(manager)
        response = client.get(reverse("actionplans:pdf", args=[signed.pk]))
        assert (response.status_code, MISSING in response.content.decode()) == (410, True)

    def test_it_tells_the_log_which_file_is_missing(self, client, signed_off, author, security_log):  # noqa: F811
        issued = signed_off.issued_pdfs.get()
        lose_file(issued)
        client.force_login(author)
        client.get(reverse("assessments:pdf", args=[signed_off.pk]))
        [entry] = [entry for entry in entries(security_log) if entry["event"] == "issued-pdf"]
        assert (entry["level"], entry["outcome"], entry["file"], entry["path"]) == (
            "ERROR",
            "file-missing",
            issued.file.name,
            f"/assessments/{signed_off.pk}/pdf/",
        )
