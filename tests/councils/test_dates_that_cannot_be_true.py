"""Dates that cannot be true are refused, or asked about, with a message that says why: moderation before the
sign-off, an EIA action's review date already past or before the EIA began, a plan's review in the future."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments.forms import past_review_date
from assessments.models import Assessment, AssessmentAction, Status
from assessments.services import assessment_approve
from councils.fields import GOVUKDateField, MonthOrDay
from councils.models import Role
from tests.lifecycle_helpers import person_with_role, ready_assessment
from tests.page_forms import form_data

# The sign-offs here issue PDFs that no test reads: their layout, the slow part, is skipped.
pytestmark = pytest.mark.usefixtures("quick_pdfs")


def parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


class TestModeration:
    @pytest.fixture
    def signed_off(self, council, service, author, approver):
        return assessment_approve(assessment=ready_assessment(council, service, author).submit(by=author), by=approver)

    def moderate(self, client, council, assessment, on):
        client.force_login(person_with_role(council, Role.MODERATOR, "maya-moderator"))
        return client.post(
            reverse("assessments:moderate", args=[assessment.pk]),
            {"body": "Strategic Commissioning Directorate Equality Group", "outcome": "endorsed", **parts("on", on)},
        )

    def test_a_moderation_before_the_sign_off_is_refused_saying_why(self, client, council, signed_off):
        yesterday = timezone.localdate() - timedelta(days=1)
        response = self.moderate(client, council, signed_off, yesterday)
        signed_on = timezone.localdate(signed_off.approved_at)
        assert response.context["errors"] == [
            (
                f"The date of moderation must be on or after the day the assessment was signed off, "
                f"{signed_on.day} {signed_on:%B %Y}: an assessment is moderated once it is signed off",
                "id_on_0",
            )
        ]
        assert Assessment.objects.get(pk=signed_off.pk).status == Status.APPROVED

    def test_a_moderation_on_the_day_of_sign_off_is_recorded(self, client, council, signed_off):
        self.moderate(client, council, signed_off, timezone.localdate())
        assert Assessment.objects.get(pk=signed_off.pk).status == Status.MODERATED


class TestActionReviewDate:
    def post(self, client, assessment, review, **more):
        url = reverse("assessments:action-add", args=[assessment.pk])
        return client.post(
            url,
            form_data(
                client.get(url),
                action_required="Map current provision",
                priority=["low"],
                review_0=str(review.day),
                review_1=str(review.month),
                review_2=str(review.year),
                **more,
            ),
        )

    def test_a_past_review_date_is_asked_about_and_kept_as_typed(self, client, author, assessment):
        Assessment.objects.filter(pk=assessment.pk).update(created_at=timezone.now() - timedelta(days=365))
        client.force_login(author)
        last_week = timezone.localdate() - timedelta(days=7)
        response = self.post(client, assessment, last_week)
        assert response.context["errors"] == [
            (
                f"The review date, {last_week.day} {last_week:%B %Y}, is in the past. Check the date, or tick "
                f"‘Yes, the review date is in the past’ to keep it",
                "id_review_0",
            )
        ]
        page = response.content.decode()
        assert "Yes, the review date is in the past" in page and f'value="{last_week.year}"' in page
        assert not AssessmentAction.objects.exists()

    def test_a_review_date_before_the_eia_was_started_is_asked_about_saying_so(self, client, author, assessment):
        client.force_login(author)
        yesterday = timezone.localdate() - timedelta(days=1)
        message = self.post(client, assessment, yesterday).context["errors"][0][0]
        assert message.startswith(
            f"The review date, {yesterday.day} {yesterday:%B %Y}, is before this assessment was started on"
        )

    def test_once_confirmed_a_past_review_date_is_saved(self, client, author, assessment):
        client.force_login(author)
        last_week = timezone.localdate() - timedelta(days=7)
        self.post(client, assessment, last_week, review_in_past="on")
        assert AssessmentAction.objects.get().review_date == last_week

    def test_a_future_review_date_needs_no_question(self, client, author, assessment):
        client.force_login(author)
        next_month = timezone.localdate() + timedelta(days=31)
        self.post(client, assessment, next_month)
        assert AssessmentAction.objects.get().review_date == next_month

    def test_an_unchanged_past_review_date_is_not_asked_about_again(self, client, author, assessment):
        action = AssessmentAction.objects.create(
            assessment=assessment,
            action_required="Fit ramps",
            priority="low",
            review_date=date(2015, 7, 1),
            review_date_precision="month",
        )
        client.force_login(author)
        url = reverse("assessments:action-edit", args=[assessment.pk, action.pk])
        assert client.post(url, form_data(client.get(url), key_activity="Ramps at both doors.")).status_code == 302

    def test_a_review_date_before_the_eia_began_says_so(self):
        began = date(2024, 5, 10)
        assert past_review_date(date(2024, 4, 1), MonthOrDay.MONTH, began=began, today=date(2024, 6, 1)) == (
            "The review date, April 2024, is before this assessment was started on 10 May 2024. Check the date, or "
            "tick ‘Yes, the review date is in the past’ to keep it"
        )

    def test_a_review_month_is_past_only_once_the_month_is_over(self):
        today = date(2024, 6, 30)
        assert past_review_date(date(2024, 6, 1), MonthOrDay.MONTH, began=date(2024, 1, 1), today=today) is None
        assert past_review_date(date(2024, 6, 1), MonthOrDay.DAY, began=date(2024, 1, 1), today=today) is not None


def test_a_plans_review_in_the_future_is_refused(client, manager, council):
    client.force_login(manager)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("actionplans:start"),
        {
            "council": council.pk,
            "title": "Peer review action plan",
            "source": "lga_peer_review",
            **parts("source_date", tomorrow),
        },
    )
    assert response.context["errors"] == [
        ("The date of the review or assessment must be today or in the past", "id_source_date_0")
    ]


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (
            GOVUKDateField(label="Date the contract ends"),
            ["30", "2", "2026"],
            "Date the contract ends must be a real date",
        ),
        (
            GOVUKDateField(what="the date the EIA was agreed"),
            ["1", "3", "26"],
            "The date the EIA was agreed must include a year with 4 numbers",
        ),
    ],
)
def test_a_date_says_which_date_is_wrong_in_its_own_words(field, typed, message):
    with pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages == [message]
