from datetime import date, timedelta
from io import StringIO
from smtplib import SMTPException

import pytest
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db import IntegrityError, transaction

from assessments import reminders
from assessments.models import Assessment, ReminderStage, ReviewReminder, Screening, ScreeningStatus, Status
from assessments.reminders import send_review_reminders
from councils.models import Role
from tests.factories import AssessmentFactory, MembershipFactory, ServiceFactory, UserFactory
from tests.lifecycle_helpers import ready_screening

TODAY = date(2025, 3, 3)


def member(council, role, username, email=None):
    user = UserFactory(username=username, email=f"{username}@example.gov.uk" if email is None else email)
    MembershipFactory(council=council, user=user, role=role)
    return user


@pytest.fixture
def lead(council):
    return member(council, Role.AUTHOR, "lena-lead")


@pytest.fixture
def signed_off(council, service, lead, approver):
    """A factory of signed-off EIAs whose review is `days` away from TODAY."""

    def make(days, status=Status.APPROVED, **kwargs):
        kwargs.setdefault("lead_officer_user", lead)
        kwargs.setdefault("title", "Care at home services")
        return AssessmentFactory(
            council=council,
            service=service,
            status=status,
            lead_officer="Lena Lead",
            review_due=TODAY + timedelta(days=days),
            **kwargs,
        )

    return make


def stages(assessment):
    return sorted(assessment.reminders.values_list("stage", flat=True))


@pytest.mark.parametrize(
    ("days", "stage", "subject"),
    [
        (90, ReminderStage.DAYS_90, "Equality impact assessment due for review in 90 days: {} Care at home services"),
        (31, ReminderStage.DAYS_90, "Equality impact assessment due for review in 90 days: {} Care at home services"),
        (30, ReminderStage.DAYS_30, "Equality impact assessment due for review in 30 days: {} Care at home services"),
        (1, ReminderStage.DAYS_30, "Equality impact assessment due for review in 30 days: {} Care at home services"),
        (0, ReminderStage.DUE, "Equality impact assessment due for review today: {} Care at home services"),
        (-1, ReminderStage.OVERDUE, "Equality impact assessment overdue for review: {} Care at home services"),
        (-400, ReminderStage.OVERDUE, "Equality impact assessment overdue for review: {} Care at home services"),
    ],
)
def test_each_stage_sends_its_reminder(signed_off, mailoutbox, days, stage, subject):
    assessment = signed_off(days)
    assert send_review_reminders(TODAY) == 1
    assert [message.subject for message in mailoutbox] == [subject.format(assessment.reference)]
    reminder = assessment.reminders.get()
    assert (reminder.stage, reminder.review_due) == (stage, assessment.review_due)


def test_nothing_is_sent_more_than_90_days_before(signed_off, mailoutbox):
    signed_off(91)
    assert send_review_reminders(TODAY) == 0
    assert mailoutbox == []


def test_three_runs_on_one_day_send_one_email(signed_off, mailoutbox):
    assessment = signed_off(30)
    assert [send_review_reminders(TODAY) for _ in range(3)] == [1, 0, 0]
    assert len(mailoutbox) == 1
    assert stages(assessment) == [ReminderStage.DAYS_30]


def test_each_stage_goes_once_as_the_days_pass(signed_off, mailoutbox):
    assessment = signed_off(95)
    for days_later in range(0, 101):
        send_review_reminders(TODAY + timedelta(days=days_later))
        send_review_reminders(TODAY + timedelta(days=days_later))
    assert [message.subject.split(":")[0] for message in mailoutbox] == [
        "Equality impact assessment due for review in 90 days",
        "Equality impact assessment due for review in 30 days",
        "Equality impact assessment due for review today",
        "Equality impact assessment overdue for review",
    ]
    assert stages(assessment) == sorted(ReminderStage.values)


def test_a_missed_day_is_caught_up_but_only_for_the_current_stage(signed_off, mailoutbox):
    assessment = signed_off(89)
    assert send_review_reminders(TODAY) == 1
    assert stages(assessment) == [ReminderStage.DAYS_90]

    later = signed_off(20)
    assert send_review_reminders(TODAY) == 1
    assert stages(later) == [ReminderStage.DAYS_30]
    assert "in 30 days" in mailoutbox[-1].subject


def test_it_goes_to_the_lead_officer_and_the_councils_approvers_only(
    council, signed_off, mailoutbox, lead, approver, viewer, other_council
):
    member(council, Role.MODERATOR, "mo-moderator")
    member(council, Role.APPROVER, "no-email-approver", email="")
    member(other_council, Role.APPROVER, "other-approver")
    signed_off(30)
    send_review_reminders(TODAY)
    assert sorted(mailoutbox[0].to) == ["bob-approver@example.gov.uk", "lena-lead@example.gov.uk"]
    assert ReviewReminder.objects.get().recipients == "lena-lead@example.gov.uk, bob-approver@example.gov.uk"


def test_it_respects_approvers_service_limits(council, service, signed_off, mailoutbox):
    housing = ServiceFactory(council=council, name="Housing")
    for username, limit in [("parent-approver", service.parent), ("housing-approver", housing)]:
        user = member(council, Role.APPROVER, username)
        user.memberships.get().services.set([limit])
    signed_off(30)
    send_review_reminders(TODAY)
    assert sorted(mailoutbox[0].to) == [
        "bob-approver@example.gov.uk",
        "lena-lead@example.gov.uk",
        "parent-approver@example.gov.uk",
    ]


def test_a_lead_officer_without_an_account_leaves_the_approvers(signed_off, mailoutbox):
    signed_off(30, lead_officer_user=None)
    send_review_reminders(TODAY)
    assert mailoutbox[0].to == ["bob-approver@example.gov.uk"]


def test_with_nobody_to_tell_it_records_nothing_and_tries_again(council, service, mailoutbox):
    assessment = AssessmentFactory(
        council=council, service=service, status=Status.APPROVED, review_due=TODAY + timedelta(days=30)
    )
    outcome = reminders.run(TODAY)
    assert (outcome.sent, outcome.nobody_to_tell) == (0, 1)
    assert not assessment.reminders.exists()
    member(council, Role.APPROVER, "new-approver")
    assert send_review_reminders(TODAY) == 1
    assert mailoutbox[0].to == ["new-approver@example.gov.uk"]


@pytest.mark.parametrize("status", [Status.APPROVED, Status.MODERATED, Status.PUBLISHED])
def test_every_signed_off_status_in_force_is_reminded(signed_off, mailoutbox, status):
    signed_off(0, status=status)
    assert send_review_reminders(TODAY) == 1


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.SUPERSEDED])
def test_drafts_submitted_and_superseded_versions_get_none(signed_off, mailoutbox, status):
    signed_off(-5, status=status)
    signed_off(0, status=status)
    assert send_review_reminders(TODAY) == 0
    assert mailoutbox == []
    assert not ReviewReminder.objects.exists()


def test_a_superseded_version_is_left_for_the_newer_one(council, service, signed_off, mailoutbox, lead):
    old = signed_off(-200, status=Status.SUPERSEDED)
    Assessment.objects.filter(pk=old.pk).update(is_latest=False)
    newer = signed_off(30, previous_version=old, version=2)
    assert send_review_reminders(TODAY) == 1
    assert (stages(old), stages(newer)) == ([], [ReminderStage.DAYS_30])


def test_the_email_says_what_is_due_and_links_to_it(signed_off, mailoutbox, settings):
    settings.SITE_URL = "https://eqa.example.gov.uk/"
    assessment = signed_off(30)
    send_review_reminders(TODAY)
    body = mailoutbox[0].body
    assert "Care at home services" in body
    assert "Council: Cheshire West and Chester Council" in body
    assert "Service: Adult Social Care > Strategic Commissioning" in body
    assert "Lead officer: Lena Lead" in body
    assert "Review date: 2 April 2025 (in 30 days)" in body
    assert "The rule: No negative impact: review within three years of sign-off." in body
    assert f"https://eqa.example.gov.uk/assessments/{assessment.pk}/" in body
    assert 'choose "Start a review"' in body


def test_the_email_says_when_a_review_has_started(signed_off, mailoutbox):
    old = signed_off(-3)
    Assessment.objects.filter(pk=old.pk).update(is_latest=False)
    AssessmentFactory(council=old.council, service=old.service, previous_version=old, version=2)
    send_review_reminders(TODAY)
    assert "A review has started: version 2 is a draft." in mailoutbox[0].body
    assert "http://127.0.0.1:8000/assessments/" in mailoutbox[0].body


def test_a_line_break_in_the_title_does_not_break_the_subject(signed_off, mailoutbox):
    signed_off(30, title="Care at home\nservices")
    send_review_reminders(TODAY)
    assert mailoutbox[0].subject.endswith(" Care at home services")


def test_another_run_that_recorded_the_stage_first_wins(signed_off, mailoutbox, monkeypatch):
    """Two servers pick the same EIA; the one whose row is in first sends, the other's insert is a no-op."""
    assessment = signed_off(30)
    picked_by_both = list(reminders._due(TODAY))
    ReviewReminder.objects.create(assessment=assessment, stage=ReminderStage.DAYS_30, review_due=assessment.review_due)
    monkeypatch.setattr(reminders, "_due", lambda today: picked_by_both)
    assert send_review_reminders(TODAY) == 0
    assert mailoutbox == []
    assert assessment.reminders.count() == 1


def test_an_email_that_fails_is_not_recorded_and_goes_next_time(signed_off, mailoutbox, monkeypatch):
    assessment = signed_off(30)

    def fail(self, fail_silently=False):
        raise SMTPException("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMessage, "send", fail)
        outcome = reminders.run(TODAY)
    assert (outcome.sent, outcome.failed) == (0, 1)
    assert not assessment.reminders.exists()
    assert send_review_reminders(TODAY) == 1
    assert len(mailoutbox) == 1


def test_the_command_sends_and_says_how_many(signed_off, mailoutbox):
    signed_off(30)
    signed_off(-1)
    out = StringIO()
    call_command("send_review_reminders", "--date", TODAY.isoformat(), stdout=out)
    assert out.getvalue() == "Sent 2 review reminders.\n"
    out = StringIO()
    call_command("send_review_reminders", "--date", TODAY.isoformat(), stdout=out)
    assert out.getvalue() == "Sent 0 review reminders.\n"
    assert len(mailoutbox) == 2


def test_the_command_uses_today_by_default(council, service, lead, approver, mailoutbox):
    from django.utils import timezone

    AssessmentFactory(
        council=council,
        service=service,
        status=Status.APPROVED,
        lead_officer_user=lead,
        review_due=timezone.localdate(),
    )
    out = StringIO()
    call_command("send_review_reminders", stdout=out)
    assert out.getvalue() == "Sent 1 review reminder.\n"
    assert "due for review today" in mailoutbox[0].subject


def test_the_command_refuses_a_date_it_cannot_read(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date must be a date"):
        call_command("send_review_reminders", "--date", "next tuesday")


# Screened-out decisions ---------------------------------------------------------------------------------------


@pytest.fixture
def screened_out(council, service, author, approver):
    """A factory of screened-out decisions, written by the author, whose review is `days` away from TODAY."""

    def make(days, status=ScreeningStatus.APPROVED, **kwargs):
        screening = ready_screening(council, service, author, **kwargs)
        screening.answers.update(reason="Nobody loses a service.")
        Screening.objects.filter(pk=screening.pk).update(
            status=status, approved_by=approver, review_due=TODAY + timedelta(days=days)
        )
        return Screening.objects.get(pk=screening.pk)

    return make


@pytest.mark.parametrize(
    ("days", "stage", "subject"),
    [
        (90, ReminderStage.DAYS_90, "Screening decision due for review in 90 days: {} Day opportunities review"),
        (30, ReminderStage.DAYS_30, "Screening decision due for review in 30 days: {} Day opportunities review"),
        (0, ReminderStage.DUE, "Screening decision due for review today: {} Day opportunities review"),
        (-1, ReminderStage.OVERDUE, "Screening decision overdue for review: {} Day opportunities review"),
    ],
)
def test_a_screened_out_decision_is_reminded_at_each_stage_once(screened_out, mailoutbox, days, stage, subject):
    screening = screened_out(days)
    assert [send_review_reminders(TODAY) for _ in range(2)] == [1, 0]
    assert [message.subject for message in mailoutbox] == [subject.format(screening.reference)]
    reminder = screening.reminders.get()
    assert (reminder.stage, reminder.review_due) == (stage, screening.review_due)


def test_a_screened_out_decision_s_reminder_goes_to_its_author_and_the_councils_approvers(
    council, screened_out, mailoutbox, other_council
):
    member(other_council, Role.APPROVER, "other-approver")
    screened_out(30)
    send_review_reminders(TODAY)
    assert sorted(mailoutbox[0].to) == ["alice-author@example.gov.uk", "bob-approver@example.gov.uk"]


def test_an_author_who_has_left_the_council_hears_nothing_of_it(council, author, screened_out, mailoutbox):
    screened_out(30)
    author.memberships.all().delete()
    send_review_reminders(TODAY)
    assert mailoutbox[0].to == ["bob-approver@example.gov.uk"]


def test_the_screening_email_names_it_links_to_it_and_tells_nothing_of_its_content(screened_out, mailoutbox, settings):
    settings.SITE_URL = "https://eqa.example.gov.uk/"
    screening = screened_out(30)
    send_review_reminders(TODAY)
    body = mailoutbox[0].body
    assert body.startswith(
        f'The screening decision {screening.reference} "Day opportunities review" is due for review in 30 days.'
    )
    assert "Review date: 2 April 2025 (in 30 days)" in body
    assert f"https://eqa.example.gov.uk/assessments/screenings/{screening.pk}/" in body
    assert 'choose "Reopen the screening"' in body
    for content in ("Close two day centres.", "A change of address only.", "Nobody loses a service.", "Adult Social"):
        assert content not in body


@pytest.mark.parametrize("status", [ScreeningStatus.DRAFT, ScreeningStatus.SUBMITTED, ScreeningStatus.FULL_EIA_NEEDED])
def test_screenings_not_screened_out_get_none(screened_out, mailoutbox, status):
    screened_out(0, status=status)
    assert send_review_reminders(TODAY) == 0
    assert not ReviewReminder.objects.exists()


def test_a_reopened_decision_gets_none_and_its_new_version_is_reminded_once_screened_out(
    screened_out, author, mailoutbox
):
    first = screened_out(-10)
    draft = first.reopen(by=author)
    assert send_review_reminders(TODAY) == 0
    Screening.objects.filter(pk=first.pk).update(status=ScreeningStatus.SUPERSEDED)
    Screening.objects.filter(pk=draft.pk).update(status=ScreeningStatus.APPROVED, review_due=TODAY)
    assert send_review_reminders(TODAY) == 1
    assert (list(first.reminders.all()), draft.reminders.get().stage) == ([], ReminderStage.DUE)


def test_eias_and_screenings_go_in_one_run_soonest_first(signed_off, screened_out, mailoutbox):
    signed_off(30)
    screened_out(-1)
    out = StringIO()
    call_command("send_review_reminders", "--date", TODAY.isoformat(), stdout=out)
    assert out.getvalue() == "Sent 2 review reminders.\n"
    assert [message.subject.split(":")[0] for message in mailoutbox] == [
        "Screening decision overdue for review",
        "Equality impact assessment due for review in 30 days",
    ]


def test_a_reminder_names_one_record_never_both_nor_none(signed_off, screened_out):
    eia, screening = signed_off(30), screened_out(30)
    for records in ({"assessment": eia, "screening": screening}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ReviewReminder.objects.create(stage=ReminderStage.DAYS_30, review_due=eia.review_due, **records)
