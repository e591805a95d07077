"""Review reminders: an email 90, 30 and 0 days before a record's review date, and once when it is overdue, to
the council's approvers of its service and to the person who answers for it. The records are signed-off EIAs (to
their lead officer) and screened-out decisions, the newest version of each (to their author, while they hold a role
in the council, or whoever took over their work when they left); a screening's email names it and links to it, and
says nothing of its content but its title.

Each (record, stage, review date) is sent once however often, and however many servers at once, this runs: the
ReviewReminder row is created first, in a transaction, and its unique constraint turns a second attempt into a
no-op; the email goes out inside the same transaction, so an email that fails to send leaves no record and is
tried again on the next run. A missed day is caught up on the next run within the stage's window, and only the
stage the record is in now is sent (89 days away: the 90-day reminder; 20 days away: the 30-day one only).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from smtplib import SMTPException

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, Exists, OuterRef, Subquery, Value, When
from django.utils import timezone

from assessments.models import IN_FORCE, Assessment, ReminderStage, ReviewReminder, Screening, ScreeningStatus
from councils.lifecycle import status_in_words
from councils.models import AccountChange, Membership, Role
from councils.notifications import approves_for, site_url

log = logging.getLogger(__name__)

FIRST_REMINDER_DAYS = 90
SECOND_REMINDER_DAYS = 30


@dataclass
class Outcome:
    sent: int = 0
    # Due a reminder, but nobody with an email address to send it to; tried again on the next run.
    nobody_to_tell: int = 0
    # Sending failed; nothing was recorded, so the next run tries again.
    failed: int = 0

    def summary(self):
        parts = [f"Sent {self.sent} review reminder{'' if self.sent == 1 else 's'}."]
        if self.nobody_to_tell:
            parts.append(
                f"{self.nobody_to_tell} due a reminder had no lead officer, author or approver with an email address."
            )
        if self.failed:
            parts.append(f"{self.failed} could not be sent and will be tried again on the next run.")
        return " ".join(parts)


@dataclass(frozen=True)
class Kind:
    """What differs between the records reminded of (KINDS, by model, at the end of this module)."""

    field: str  # the ReviewReminder's field that names the record
    noun: str  # what the email calls it
    lead: Callable  # the person who answers for the record (an account, or None), besides the approvers
    lead_words: str
    body: Callable


def stage_for(days_left):
    """The reminder stage a record is in, `days_left` days before its review date; None when too early."""
    if days_left < 0:
        return ReminderStage.OVERDUE
    if days_left == 0:
        return ReminderStage.DUE
    if days_left <= SECOND_REMINDER_DAYS:
        return ReminderStage.DAYS_30
    if days_left <= FIRST_REMINDER_DAYS:
        return ReminderStage.DAYS_90
    return None


def send_review_reminders(today=None):
    """Send the reminders due today; returns how many emails were sent."""
    return run(today).sent


def run(today=None):
    today = today or timezone.localdate()
    outcome = Outcome()
    candidates = list(_due(today))
    approvers = _approvers([record.council_id for record in candidates])
    for record in candidates:
        kind = KINDS[type(record)]
        recipients = _recipients(kind.lead(record), record.service, approvers.get(record.council_id, []))
        if not recipients:
            log.warning(
                "review reminder for %s %s (%s) has nobody to go to", kind.field, record.pk, record.reminder_stage
            )
            outcome.nobody_to_tell += 1
            continue
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(
                    **{kind.field: record},
                    stage=record.reminder_stage,
                    review_due=record.review_due,
                    recipients=", ".join(recipients),
                )
                _message(record, ReminderStage(record.reminder_stage), today, recipients).send()
        except IntegrityError:
            # Another run recorded this stage first, and sends it.
            continue
        except (SMTPException, OSError):
            log.exception("review reminder for %s %s could not be sent", kind.field, record.pk)
            outcome.failed += 1
            continue
        outcome.sent += 1
    return outcome


def _due(today):
    """The records in force with a reminder stage today that has not been recorded for their review date, soonest
    first: signed-off EIAs, and screened-out decisions not reopened (a reopened one is being looked at again)."""
    stage = Case(
        When(review_due__lt=today, then=Value(ReminderStage.OVERDUE.value)),
        When(review_due=today, then=Value(ReminderStage.DUE.value)),
        When(review_due__lte=today + timedelta(days=SECOND_REMINDER_DAYS), then=Value(ReminderStage.DAYS_30.value)),
        default=Value(ReminderStage.DAYS_90.value),
        output_field=CharField(),
    )

    def not_yet_sent(records, field):
        already = ReviewReminder.objects.filter(
            **{field: OuterRef("pk")}, review_due=OuterRef("review_due"), stage=OuterRef("reminder_stage")
        )
        return (
            records.filter(review_due__lte=today + timedelta(days=FIRST_REMINDER_DAYS))
            .annotate(reminder_stage=stage)
            .exclude(Exists(already))
        )

    eias = (
        not_yet_sent(Assessment.objects.filter(status__in=IN_FORCE), "assessment")
        .select_related("council", "service", "lead_officer_user", "next_version")
        .prefetch_related("rows")
    )
    # Who took over from an author who left the council (councils/leavers.py), while they still hold a role in it.
    took_over = (
        AccountChange.objects.filter(
            council=OuterRef("council"), user=OuterRef("created_by"), kind=AccountChange.Kind.LEFT
        )
        .filter(Exists(Membership.objects.filter(council=OuterRef("council"), user=OuterRef("successor"))))
        .order_by("-at", "-id")
        .values("successor")[:1]
    )
    screenings = list(
        not_yet_sent(Screening.objects.filter(status=ScreeningStatus.APPROVED, is_latest=True), "screening")
        .select_related("council", "service", "created_by")
        .annotate(
            author_in_council=Exists(
                Membership.objects.filter(council=OuterRef("council"), user=OuterRef("created_by"))
            ),
            taken_over_by_id=Subquery(took_over),
        )
    )
    successors = get_user_model().objects.in_bulk({s.taken_over_by_id for s in screenings} - {None})
    for screening in screenings:
        screening.taken_over_by = successors.get(screening.taken_over_by_id)
    return sorted([*eias, *screenings], key=lambda record: (record.review_due, record.pk))


def _approvers(council_ids):
    """Each council's approver memberships, with their users and service limits, in two queries."""
    found = {}
    memberships = (
        Membership.objects.filter(council_id__in=set(council_ids), role=Role.APPROVER, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .prefetch_related("services")
        .order_by("user__username")
    )
    for membership in memberships:
        found.setdefault(membership.council_id, []).append(membership)
    return found


def _recipients(lead, service, approver_memberships):
    emails = []
    if lead is not None and lead.is_active and lead.email:
        emails.append(lead.email)
    for membership in approver_memberships:
        if approves_for(membership, service) and membership.user.email not in emails:
            emails.append(membership.user.email)
    return emails


def _one_line(text):
    """A header must not carry a line break: titles are typed by people."""
    return " ".join(str(text).split())


def subject_for(stage, record):
    what, title = KINDS[type(record)].noun.capitalize(), f"{record.reference} {_one_line(record.title)}"
    if stage == ReminderStage.OVERDUE:
        return f"{what} overdue for review: {title}"
    if stage == ReminderStage.DUE:
        return f"{what} due for review today: {title}"
    return f"{what} due for review in {stage.value} days: {title}"


def _when(review_due, today):
    days = (review_due - today).days
    if days == 0:
        return "today"
    if days > 0:
        return f"in {days} day{'' if days == 1 else 's'}"
    return f"{-days} day{'' if days == -1 else 's'} ago"


def _opening(record, stage, today):
    return f'The {KINDS[type(record)].noun} {record.reference} "{_one_line(record.title)}" ' + (
        "is overdue for review."
        if stage == ReminderStage.OVERDUE
        else f"is due for review {_when(record.review_due, today)}."
    )


def _review_date(record, today):
    due = record.review_due
    return f"Review date: {due.day} {due:%B %Y} ({_when(due, today)})"


def _closing(record):
    return [
        "",
        f"{site_url()}{record.get_absolute_url()}",
        "",
        f"You receive this email as {KINDS[type(record)].lead_words} or as an approver of its council in EqA.",
    ]


def body_for(record, stage, today):
    return "\n".join(KINDS[type(record)].body(record, stage, today))


def _eia_body(assessment, stage, today):
    summary = assessment.review_summary()
    lines = [
        _opening(assessment, stage, today),
        "",
        f"Reference: {assessment.reference}"
        + (f" (before EqA: {_one_line(assessment.old_reference)})" if assessment.old_reference else ""),
        f"Council: {assessment.council.name}",
        f"Service: {assessment.service.path}",
        f"Version: {assessment.version}",
    ]
    if assessment.lead_officer:
        lines.append(f"Lead officer: {assessment.lead_officer}")
    lines += [_review_date(assessment, today), f"The rule: {summary.rule}.", ""]
    newer = getattr(assessment, "next_version", None)
    if newer is not None:
        lines.append(
            f"A review has started: version {newer.version} is {status_in_words(newer)}. "
            f"Signing it off replaces this version."
        )
    else:
        lines.append(
            'To review it, open the assessment and choose "Start a review". The new version starts as a '
            "copy of this one; signing it off replaces this version."
        )
    return lines + _closing(assessment)


def _screening_body(screening, stage, today):
    """Its reference, title and review date only: what was screened and why stays in EqA, behind sign-in."""
    return [
        _opening(screening, stage, today),
        "",
        _review_date(screening, today),
        "",
        'To review it, open the screening and choose "Reopen the screening". The new version starts as a draft '
        "with a copy of this one's answers; deciding it replaces this decision.",
        *_closing(screening),
    ]


KINDS = {
    Assessment: Kind(
        field="assessment",
        noun="equality impact assessment",
        lead=lambda assessment: assessment.lead_officer_user,
        lead_words="the assessment's lead officer",
        body=_eia_body,
    ),
    Screening: Kind(
        field="screening",
        noun="screening decision",
        # Its author, while they still hold a role in the council: one who has left hears nothing of it, and whoever
        # took over their work when they left hears instead. Who wrote a signed-off screening is never changed.
        lead=lambda screening: screening.created_by if screening.author_in_council else screening.taken_over_by,
        lead_words="the screening's author (or whoever took over their work)",
        body=_screening_body,
    ),
}


def _message(record, stage, today, recipients):
    return EmailMessage(subject=subject_for(stage, record), body=body_for(record, stage, today), to=recipients)
