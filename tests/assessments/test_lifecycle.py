"""The EIA's lifecycle: every step × every role × own and other council; sign-off freezes; versions."""

import hashlib
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from pypdf import PdfReader

from assessments.models import Assessment, IssuedPdf, Status, StatusChange, Step
from assessments.services import assessment_approve
from councils.lifecycle import TransitionRefused
from councils.models import Role
from tests.lifecycle_helpers import ROLES, person_with_role, ready_assessment

# The status a step starts from, its URL, what it posts, the status it leads to, and who may take it.
STEPS = {
    Step.SUBMIT: (Status.DRAFT, "submit", {}, Status.SUBMITTED, {Role.AUTHOR}),
    Step.RETURN: (Status.SUBMITTED, "return", {"reason": "Say more about rural areas."}, Status.DRAFT, {Role.APPROVER}),
    Step.APPROVE: (Status.SUBMITTED, "approve", {}, Status.APPROVED, {Role.APPROVER}),
    Step.MODERATE: (
        Status.APPROVED,
        "moderate",
        {
            "body": "Directorate Equality Group",
            "on_0": "14",
            "on_1": "7",
            "on_2": "2014",
            "outcome": "endorsed",
            "comments": "",
        },
        Status.MODERATED,
        {Role.MODERATOR},
    ),
    Step.PUBLISH: (Status.MODERATED, "publish", {}, Status.PUBLISHED, {Role.APPROVER, Role.COUNCIL_ADMIN}),
    Step.START_REVIEW: (Status.APPROVED, "start-review", {}, Status.APPROVED, {Role.AUTHOR}),
}


@pytest.fixture
def writer(council):
    """The EIA's author, who holds no other role."""
    return person_with_role(council, Role.AUTHOR, "writer")


@pytest.fixture
def eia(council, service, writer):
    return ready_assessment(council, service, writer)


def at(assessment, status):
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    assessment.refresh_from_db()
    return assessment


@pytest.mark.parametrize("own_council", [True, False], ids=["own council", "other council"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", list(STEPS))
def test_the_transition_matrix(client, eia, council, other_council, step, role, own_council):
    start, url_name, data, end, allowed = STEPS[step]
    at(eia, start)
    person = person_with_role(council if own_council else other_council, role, f"{role}-person")
    client.force_login(person)
    response = client.post(reverse(f"assessments:{url_name}", args=[eia.pk]), data)
    eia.refresh_from_db()
    if not own_council:
        assert response.status_code == 404
    elif role in allowed:
        assert response.status_code == 302
        assert eia.status == end
        assert StatusChange.objects.filter(by=person).exists()
    else:
        assert response.status_code == 403
        assert (eia.status, StatusChange.objects.count()) == (start, 0)


def test_it_logs_a_refused_step(client, eia, council, caplog):
    at(eia, Status.SUBMITTED)
    client.force_login(person_with_role(council, Role.VIEWER, "nosy"))
    client.post(reverse("assessments:approve", args=[eia.pk]))
    assert any("refused" in record.getMessage() and "approve" in record.getMessage() for record in caplog.records)


def test_it_shows_each_person_only_the_steps_they_may_take(client, eia, council, writer):
    approver = person_with_role(council, Role.APPROVER, "approver")
    at(eia, Status.SUBMITTED)
    client.force_login(approver)
    page = client.get(eia.get_absolute_url()).content.decode()
    assert reverse("assessments:approve", args=[eia.pk]) in page
    client.force_login(writer)
    assert reverse("assessments:approve", args=[eia.pk]) not in client.get(eia.get_absolute_url()).content.decode()


class TestSubmit:
    def test_it_lists_what_is_missing_with_links_to_put_it_right(self, client, council, service, writer):
        eia = ready_assessment(council, service, writer)
        Assessment.objects.filter(pk=eia.pk).update(evidence="")
        eia.actions.all().delete()
        client.force_login(writer)
        response = client.post(reverse("assessments:submit", args=[eia.pk]))
        assert response.status_code == 200
        assert (
            "Enter the evidence the assessment relies on",
            f"/assessments/{eia.pk}/details/?check=submission#id_evidence",
        ) in response.context["problems"]
        assert any(
            message.startswith("Add an action for the High negative impact on Disability")
            for message, _ in response.context["problems"]
        )
        assert Assessment.objects.get(pk=eia.pk).status == Status.DRAFT

    def test_its_links_lead_to_the_input_on_the_page_to_fix_it(self, client, council, service, writer):
        eia = ready_assessment(council, service, writer)
        Assessment.objects.filter(pk=eia.pk).update(decision="")
        client.force_login(writer)
        page = client.get(reverse("assessments:submit", args=[eia.pk])).content.decode()
        assert f'href="/assessments/{eia.pk}/details/?check=submission#id_decision_1"' in page
        assert 'id="id_decision_1"' in client.get(reverse("assessments:edit", args=[eia.pk])).content.decode()

    def test_it_needs_every_row_filled(self, client, eia, writer):
        eia.rows.filter(position=5).update(neutral="")
        client.force_login(writer)
        problems = client.get(reverse("assessments:submit", args=[eia.pk])).context["problems"]
        assert problems == [
            (
                "Fill in the impact on Pregnancy and maternity: neutral, positive or negative",
                f"/assessments/{eia.pk}/grid/?check=submission#row-5",
            )
        ]

    def test_its_link_to_the_grid_shows_the_problem_at_the_row(self, client, eia, writer):
        eia.rows.filter(position=5).update(neutral="")
        client.force_login(writer)
        [(message, url)] = client.get(reverse("assessments:submit", args=[eia.pk])).context["problems"]
        page = client.get(url).content.decode()
        assert (
            f'<p class="govuk-error-message" id="row-5-error"><span class="govuk-visually-hidden">Error:</span> '
            f"{message}</p>" in page
        )
        assert page.count("govuk-error-message") == 1

    def test_it_needs_a_reason_for_each_statutory_characteristic_the_grid_leaves_out(self, client, eia, writer):
        eia.rows.filter(label__in=["Marriage and civil partnership", "Pregnancy and maternity"]).delete()
        client.force_login(writer)
        problems = client.get(reverse("assessments:submit", args=[eia.pk])).context["problems"]
        assert [message for message, _ in problems] == [
            "Say why the grid does not consider marriage and civil partnership",
            "Say why the grid does not consider pregnancy and maternity",
        ]
        client.post(
            reverse("assessments:coverage", args=[eia.pk]),
            {
                "marriage": "Care at home does not depend on marital status.",
                "pregnancy": "The service is for adults assessed as needing care at home.",
                "revision": eia.revision,
            },
        )
        assert client.get(reverse("assessments:submit", args=[eia.pk])).context["problems"] == []


class TestReturn:
    def test_it_needs_a_reason(self, client, eia, council):
        at(eia, Status.SUBMITTED)
        client.force_login(person_with_role(council, Role.APPROVER, "approver"))
        response = client.post(reverse("assessments:return", args=[eia.pk]), {"reason": "  "})
        assert response.context["errors"] == [
            ("Say why you are returning it, so the author knows what to change", "id_reason")
        ]
        assert Assessment.objects.get(pk=eia.pk).status == Status.SUBMITTED

    def test_the_author_sees_the_reason(self, client, eia, council, writer):
        at(eia, Status.SUBMITTED)
        client.force_login(person_with_role(council, Role.APPROVER, "approver"))
        client.post(reverse("assessments:return", args=[eia.pk]), {"reason": "Say more about rural areas."})
        client.force_login(writer)
        page = client.get(eia.get_absolute_url()).content.decode()
        assert "Returned to you" in page and "Say more about rural areas." in page


class TestApprove:
    def test_an_approver_cannot_sign_off_what_they_wrote(self, client, council, service):
        both = person_with_role(council, Role.APPROVER, "both")
        person_with_role(council, Role.AUTHOR, "both-author").memberships.update(user=both)
        eia = at(ready_assessment(council, service, both), Status.SUBMITTED)
        client.force_login(both)
        assert client.post(reverse("assessments:approve", args=[eia.pk])).status_code == 403

    def test_an_approver_cannot_sign_off_what_they_last_edited(self, client, eia, council):
        approver = person_with_role(council, Role.APPROVER, "approver")
        Assessment.objects.filter(pk=eia.pk).update(last_edited_by=approver, status=Status.SUBMITTED)
        client.force_login(approver)
        assert client.post(reverse("assessments:approve", args=[eia.pk])).status_code == 403

    def test_an_approver_limited_to_other_services_cannot_sign_off(self, client, eia, council):
        from tests.factories import ServiceFactory

        approver = person_with_role(council, Role.APPROVER, "housing-approver")
        approver.memberships.get().services.set([ServiceFactory(council=council, name="Housing")])
        at(eia, Status.SUBMITTED)
        client.force_login(approver)
        assert client.post(reverse("assessments:approve", args=[eia.pk])).status_code == 403

    def test_an_approver_of_the_parent_service_can_sign_off(self, client, eia, council, service):
        approver = person_with_role(council, Role.APPROVER, "asc-approver")
        approver.memberships.get().services.set([service.parent])
        at(eia, Status.SUBMITTED)
        client.force_login(approver)
        client.post(reverse("assessments:approve", args=[eia.pk]))
        assert Assessment.objects.get(pk=eia.pk).status == Status.APPROVED

    def test_it_sets_the_review_date_from_the_sign_off_date(self, eia, council):
        from django.utils import timezone

        from assessments.review import add_months

        approver = person_with_role(council, Role.APPROVER, "approver")
        signed = assessment_approve(assessment=at(eia, Status.SUBMITTED), by=approver)
        assert signed.review_due == add_months(timezone.localdate(), 12)
        assert (signed.approved_by, signed.approved_at.date()) == (approver, timezone.localdate())

    def test_a_second_approval_is_refused_and_changes_nothing(self, eia, council):
        first, second = (person_with_role(council, Role.APPROVER, name) for name in ("first", "second"))
        assessment_approve(assessment=at(eia, Status.SUBMITTED), by=first)
        with pytest.raises(TransitionRefused):
            assessment_approve(assessment=eia, by=second)
        assert Assessment.objects.get(pk=eia.pk).approved_by == first
        assert IssuedPdf.objects.count() == 1


class TestSignedOffPdf:
    @pytest.fixture
    def signed(self, eia, council):
        approver = person_with_role(council, Role.APPROVER, "alistair")
        approver.first_name, approver.last_name = "Alistair", "Jeffs"
        approver.save()
        return assessment_approve(assessment=at(eia, Status.SUBMITTED), by=approver)

    def test_it_downloads_the_same_bytes_every_time(self, client, signed, writer):
        client.force_login(writer)
        url = reverse("assessments:pdf", args=[signed.pk])
        first, second = client.get(url).content, client.get(url).content
        assert first == second == IssuedPdf.objects.get().read()

    def test_its_download_is_named_after_the_eia_as_signed_off(self, client, signed, writer):
        client.force_login(writer)
        response = client.get(reverse("assessments:pdf", args=[signed.pk]))
        assert response["Content-Disposition"] == (
            f'attachment; filename="eia-{signed.pk}-v1-{slugify(signed.title)}-signed-off.pdf"'
        )

    def test_its_sha256_is_on_the_page(self, client, signed, writer):
        client.force_login(writer)
        pdf = client.get(reverse("assessments:pdf", args=[signed.pk])).content
        assert hashlib.sha256(pdf).hexdigest() in client.get(signed.get_absolute_url()).content.decode()

    def test_it_names_the_approver_and_the_review_date_and_is_not_a_draft(self, signed):
        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(IssuedPdf.objects.get().read())).pages)
        assert "Alistair Jeffs" in text
        assert f"{signed.review_due:%-d %B %Y}" in text
        assert "DRAFT" not in text

    def test_its_footer_carries_the_records_fingerprint(self, signed):
        reader = PdfReader(BytesIO(IssuedPdf.objects.get().read()))
        fingerprint = IssuedPdf.objects.get().fingerprint
        assert all(fingerprint[:16] in page.extract_text().replace("\n", "") for page in reader.pages)

    def test_moderation_reissues_it_and_keeps_the_first(
        self, client, signed, council, django_capture_on_commit_callbacks
    ):
        moderator = person_with_role(council, Role.MODERATOR, "moderator")
        client.force_login(moderator)
        today = timezone.localdate()  # moderation comes after sign-off, which was today
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("assessments:moderate", args=[signed.pk]),
                {**STEPS[Step.MODERATE][2], "on_0": today.day, "on_1": today.month, "on_2": today.year},
            )
        issued = list(IssuedPdf.objects.order_by("issued_at"))
        assert [pdf.kind for pdf in issued] == ["sign_off", "moderation"]
        assert issued[0].sha256 == hashlib.sha256(issued[0].read()).hexdigest()
        assert client.get(reverse("assessments:pdf", args=[signed.pk])).content == issued[1].read()
        text = "".join(page.extract_text() for page in PdfReader(BytesIO(issued[1].read())).pages)
        assert "Directorate Equality Group" in text


class TestVersions:
    @pytest.fixture
    def version_2(self, eia, council, writer):
        assessment_approve(
            assessment=at(eia, Status.SUBMITTED), by=person_with_role(council, Role.APPROVER, "approver")
        )
        return Assessment.objects.get(pk=eia.pk).start_review(by=writer)

    def test_a_review_copies_header_grid_and_actions_into_a_new_draft(self, eia, version_2):
        assert (version_2.version, version_2.status, version_2.previous_version_id) == (2, Status.DRAFT, eia.pk)
        assert [r.negative for r in version_2.rows.all()] == [r.negative for r in eia.rows.all()]
        action = version_2.actions.get()
        assert [row.assessment_id for row in action.mitigates.all()] == [version_2.pk]

    def test_lists_show_the_newest_version_and_the_older_stays_readable(self, client, eia, version_2, writer):
        client.force_login(writer)
        listed = client.get(reverse("assessments:list")).context["page"].object_list
        assert [a.pk for a in listed] == [version_2.pk]
        assert client.get(eia.get_absolute_url()).status_code == 200
        assert version_2.get_absolute_url() in client.get(eia.get_absolute_url()).content.decode()

    def test_signing_off_version_2_supersedes_version_1(self, eia, version_2, council):
        ready = Assessment.objects.get(pk=version_2.pk)
        ready.submit(by=version_2.created_by)
        assessment_approve(assessment=ready, by=person_with_role(council, Role.APPROVER, "approver-2"))
        assert Assessment.objects.get(pk=eia.pk).status == Status.SUPERSEDED

    def test_only_one_review_at_a_time(self, eia, version_2, writer):
        with pytest.raises(TransitionRefused):
            Assessment.objects.get(pk=eia.pk).start_review(by=writer)


class TestPublish:
    def test_it_waits_for_moderation_when_the_council_asks_for_it(self, client, eia, council):
        at(eia, Status.APPROVED)
        client.force_login(person_with_role(council, Role.COUNCIL_ADMIN, "admin"))
        client.post(reverse("assessments:publish", args=[eia.pk]))
        assert Assessment.objects.get(pk=eia.pk).status == Status.APPROVED

    def test_it_publishes_without_moderation_when_the_council_does_not_ask_for_it(self, client, eia, council):
        council.eia_moderation_required = False
        council.save()
        at(eia, Status.APPROVED)
        client.force_login(person_with_role(council, Role.COUNCIL_ADMIN, "admin"))
        client.post(reverse("assessments:publish", args=[eia.pk]))
        assert Assessment.objects.get(pk=eia.pk).status == Status.PUBLISHED
