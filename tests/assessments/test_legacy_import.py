"""Bringing in old EIAs from Word, as a council admin does it: upload the files (or a zip of them), see what was read
of each and what was not, say what is missing, confirm; then the records, their History and their files, the public
register, and a review started in EqA."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Assessment, LegacyAssessment, PendingLegacyImport
from councils.models import Council
from tests.assessments import word_files


def upload(client, council, *files):
    return client.post(
        reverse("assessments:legacy-import", args=[council.slug]),
        {"files": [SimpleUploadedFile(name, data) for name, data in files]},
    )


THREE = [
    ("day-opportunities.docx", word_files.rating_column_eia()),
    ("care-at-home.docx", word_files.tick_columns_eia()),
    ("brook-street.docx", word_files.narrative_eia()),
]


def choices(service, pending, review="1 4 2027"):
    day, month, year = review.split()
    data = {}
    for file in pending.files.exclude(found=None):
        prefix = f"file-{file.position}"
        data.update(
            {
                f"{prefix}-title": file.found["title"],
                f"{prefix}-service": service.pk,
                f"{prefix}-review_due_0": day,
                f"{prefix}-review_due_1": month,
                f"{prefix}-review_due_2": year,
            }
        )
    return data


@pytest.fixture
def imported(client, council, service, council_admin, django_capture_on_commit_callbacks):
    client.force_login(council_admin)
    response = upload(client, council, ("eias.zip", word_files.zipped(THREE)))
    pending = PendingLegacyImport.objects.get()
    assert response.url == reverse("assessments:legacy-import-preview", args=[council.slug, pending.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, choices(service, pending))
    return {legacy.original_filename: legacy for legacy in LegacyAssessment.objects.all()}


def test_it_shows_what_was_read_of_each_file_and_what_was_not(client, council, service, council_admin):
    client.force_login(council_admin)
    response = upload(client, council, *THREE, ("minutes.pdf", b"%PDF-1.7 not an EIA"))
    page = client.get(response.url).content.decode()
    assert "Day opportunities for older people" in page and "Negative (High)" in page
    assert "Not found in the file: a reference, a review date." in page
    assert "The file is a PDF, not a Word file." in page
    assert "Bring in 3 EIAs" in page
    # What bringing them in does: puts them on the public register, once the council publishes it.
    assert "is on the council's public register once the council publishes it" in page


def test_it_asks_for_a_review_date_where_none_was_found(client, council, service, council_admin):
    client.force_login(council_admin)
    response = upload(client, council, ("care.docx", word_files.tick_columns_eia()))
    pending = PendingLegacyImport.objects.get()
    data = choices(service, pending)
    data.update({"file-1-review_due_0": "", "file-1-review_due_1": "", "file-1-review_due_2": ""})
    page = client.post(response.url, data).content.decode()
    assert "Enter the review date" in page
    assert not LegacyAssessment.objects.exists()


def test_a_review_date_that_cannot_be_true_is_refused(client, council, service, council_admin):
    client.force_login(council_admin)
    response = upload(client, council, ("care.docx", word_files.tick_columns_eia()))
    page = client.post(response.url, choices(service, PendingLegacyImport.objects.get(), "30 2 2027"))
    assert "The review date must be a real date" in page.content.decode()
    page = client.post(response.url, choices(service, PendingLegacyImport.objects.get(), "1 1 2013"))
    assert "The review date must be after the date of the assessment, 14 July 2014" in page.content.decode()
    assert not LegacyAssessment.objects.exists()


def test_it_offers_only_the_councils_own_services(client, council, service, council_admin, other_council):
    from tests.factories import ServiceFactory

    theirs = ServiceFactory(council=other_council, name="Their care")
    client.force_login(council_admin)
    response = upload(client, council, ("care.docx", word_files.narrative_eia()))
    page = client.post(response.url, choices(theirs, PendingLegacyImport.objects.get()))
    assert "Select a valid choice" in page.content.decode()
    assert not LegacyAssessment.objects.exists()


def test_it_imports_each_file_kept_byte_for_byte(imported, service):
    assert set(imported) == {name for name, _ in THREE}
    legacy = imported["day-opportunities.docx"]
    assert (legacy.title, legacy.reference, legacy.owner, str(legacy.review_due)) == (
        "Day opportunities for older people",
        "ASC-2019-014",
        "Priya Shah",
        "2027-04-01",
    )
    assert legacy.read() == word_files.rating_column_eia() or hashlib.sha256(legacy.read()).hexdigest() == legacy.sha256
    assert [row["code"] for row in legacy.rows] == ["age", "disability", "race", "sex", "religion"]


def test_the_file_downloaded_is_the_file_uploaded(client, imported):
    legacy = imported["care-at-home.docx"]
    response = client.get(reverse("assessments:legacy-file", args=[legacy.pk]))
    assert hashlib.sha256(response.content).hexdigest() == legacy.sha256
    assert response["Content-Disposition"] == 'attachment; filename="care-at-home.docx"'


def test_a_second_confirm_brings_in_nothing_more(client, council, service, council_admin):
    client.force_login(council_admin)
    response = upload(client, council, *THREE)
    data = choices(service, PendingLegacyImport.objects.get())
    client.post(response.url, data)
    again = client.post(response.url, data, follow=True)
    assert LegacyAssessment.objects.count() == 3
    assert "That upload is not waiting any more. Nothing more was brought in." in again.content.decode()


def test_importing_moves_the_register_on(client, council, service, council_admin):
    before = Council.objects.get(pk=council.pk).register_revision
    client.force_login(council_admin)
    response = upload(client, council, *THREE[:1])
    client.post(response.url, choices(service, PendingLegacyImport.objects.get()))
    assert Council.objects.get(pk=council.pk).register_revision == before + 1


def test_only_the_council_admin_imports(client, council, viewer, author, outsider):
    for person, answer in ((viewer, 403), (author, 403), (outsider, 404)):
        client.force_login(person)
        assert client.get(reverse("assessments:legacy-import", args=[council.slug])).status_code == answer


def test_everyone_of_the_council_reads_them_and_nobody_else(client, imported, viewer, outsider):
    legacy = imported["brook-street.docx"]
    client.force_login(viewer)
    assert client.get(legacy.get_absolute_url()).status_code == 200
    assert legacy.title in client.get(reverse("assessments:legacy-list")).content.decode()
    client.force_login(outsider)
    assert client.get(legacy.get_absolute_url()).status_code == 404
    assert client.get(reverse("assessments:legacy-file", args=[legacy.pk])).status_code == 404
    assert legacy.title not in client.get(reverse("assessments:legacy-list")).content.decode()


def test_its_history_says_who_brought_it_in_from_which_file(client, imported, council_admin):
    legacy = imported["brook-street.docx"]
    page = client.get(reverse("assessments:legacy-history", args=[legacy.pk])).content.decode()
    assert f"Brought in from Word, from the file ‘brook-street.docx’ (SHA-256 {legacy.sha256})" in page
    assert council_admin.get_full_name() in page


def test_an_author_starts_its_review_once(client, imported, author, service):
    legacy = imported["day-opportunities.docx"]
    client.force_login(author)
    url = reverse("assessments:legacy-review", args=[legacy.pk])
    response = client.post(url)
    review = Assessment.objects.get()
    assert response.url == review.get_absolute_url()
    assert client.get(review.get_absolute_url()).status_code == 200
    assert (review.title, review.service, review.old_reference, review.lead_officer) == (
        legacy.title,
        service,
        "ASC-2019-014",
        "Priya Shah",
    )
    assert review.previous_eia_link == f"http://testserver{legacy.get_absolute_url()}"
    rated = {row.label: (row.negative_level, row.positive) for row in review.rows.all() if row.is_filled}
    assert rated["Age"] == ("high", "")
    assert rated["Race"] == ("low", "")
    assert rated["Religion or belief"][1] == "Rated positive in the EIA made before EqA."
    client.post(url)
    assert Assessment.objects.count() == 1
    legacy.refresh_from_db()
    assert legacy.review == review
    history = client.get(reverse("assessments:legacy-history", args=[legacy.pk])).content.decode()
    assert f"Started its review in EqA, as the draft EIA {review.reference}" in history


def test_only_an_author_starts_a_review_and_only_by_post(client, imported, viewer, author, outsider):
    legacy = imported["day-opportunities.docx"]
    url = reverse("assessments:legacy-review", args=[legacy.pk])
    client.force_login(viewer)
    assert client.post(url).status_code == 403
    client.force_login(author)
    assert client.get(url).status_code == 405
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    assert not Assessment.objects.exists()


def test_in_force_counts_it_until_its_review_date(imported):
    from datetime import date

    assert LegacyAssessment.objects.in_force(on=date(2027, 4, 1)).count() == 3
    assert LegacyAssessment.objects.in_force(on=date(2027, 4, 2)).count() == 0


@pytest.fixture
def public(council):
    Council.objects.filter(pk=council.pk).update(register_public=True)


def test_the_register_lists_them_with_the_sha256_of_the_bytes_served(client, imported, public, council):
    client.logout()
    page = client.get(reverse("register:list", args=[council.slug])).content.decode()
    legacy = imported["care-at-home.docx"]
    assert "Equality impact assessment made before EqA, brought in from Word" in page
    assert legacy.sha256 in page
    served = client.get(reverse("register:word-file", args=[council.slug, legacy.pk]))
    assert hashlib.sha256(served.content).hexdigest() == legacy.sha256
    records = client.get(reverse("register:json", args=[council.slug])).json()["records"]
    found = next(record for record in records if record["title"] == legacy.title)
    assert found["word_file_sha256"] == legacy.sha256
    assert found["word_file"].endswith(reverse("register:word-file", args=[council.slug, legacy.pk]))
    csv_text = client.get(reverse("register:csv", args=[council.slug])).content.decode()
    assert legacy.sha256 in csv_text


def test_a_new_import_shows_on_the_register_at_once(client, council, service, council_admin, public):
    listing = reverse("register:list", args=[council.slug])
    assert "Brook Street" not in client.get(listing).content.decode()
    client.force_login(council_admin)
    response = upload(client, council, THREE[2])
    client.post(response.url, choices(service, PendingLegacyImport.objects.get()))
    client.logout()
    assert "Brook Street" in client.get(listing).content.decode()
