"""Email at every step: who is told what, sent by the worker after the step commits, through a real SMTP server
(the `mailbox` fixture), a broken mail server never failing a step, nothing sent twice, and each person's choice of
at once, a daily digest or off.

These tests commit (transactional_db), as a step in a request does, so that the emails are queued once the step's
transaction has committed, and the worker runs here (`run_worker`), as `manage.py db_worker` runs beside EqA."""

import uuid
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from actionplans.models import ActionPlan, PlanStatus
from actionplans.services import plan_approve
from assessments.models import Status
from assessments.services import assessment_approve, assessment_moderate
from benchmarks.run import free_port
from councils.models import Delivery, NoticeKind, Notification, NotificationPreference, Role
from councils.notifications import daily, notify, run_worker, send_notification
from tests.factories import ActionFactory, ActionPlanFactory, MembershipFactory, ServiceFactory, UserFactory
from tests.lifecycle_helpers import ready_assessment, ready_screening

pytestmark = pytest.mark.django_db(transaction=True)


def member(council, role, username, services=()):
    user = UserFactory(username=username, email=f"{username}@example.gov.uk")
    membership = MembershipFactory(council=council, role=role, user=user)
    membership.services.set(services)
    return user


def addresses(messages):
    return sorted(str(address.addr_spec) for message in messages for address in message["To"].addresses)


@pytest.fixture
def eia(council, service, author):
    return ready_assessment(council, service, author, title="Care at home services")


def test_a_submitted_eia_tells_the_approvers_of_its_service_alone(
    council, service, author, approver, other_council, mailbox, settings
):
    settings.SITE_URL = "https://eqa.example.gov.uk"
    elsewhere = ServiceFactory(council=council, name="Libraries")
    member(council, Role.APPROVER, "libby-libraries", services=[elsewhere])
    teams = member(council, Role.APPROVER, "asc-approver", services=[service.parent])
    member(other_council, Role.APPROVER, "other-approver")
    member(council, Role.MODERATOR, "mod-moderator")
    eia = ready_assessment(council, service, author, title="Care at home services")

    eia.submit(by=author)
    assert mailbox == []  # nothing goes before the worker sends it
    run_worker()

    assert addresses(mailbox) == sorted([approver.email, teams.email])
    message = mailbox[0]
    assert message["Subject"] == f"Waiting for your sign-off: {eia.reference} Care at home services"
    body = message.get_content()
    assert f"https://eqa.example.gov.uk/assessments/{eia.pk}/" in body
    assert f"{eia.reference} “Care at home services” is waiting for sign-off" in body
    # Nothing of the record beyond its title leaves EqA.
    assert "Keep people at home" not in body and "Steps at the front door" not in body


def test_a_return_tells_its_author_that_there_is_a_reason_without_the_reason(eia, author, approver, mailbox):
    submitted = eia.submit(by=author)
    run_worker()
    mailbox.clear()

    submitted.return_for_changes(by=approver, reason="Say more about the rural villages.")
    run_worker()

    assert addresses(mailbox) == [author.email]
    assert mailbox[0]["Subject"] == f"Returned for changes: {eia.reference} Care at home services"
    body = mailbox[0].get_content()
    assert "with a reason. Read the reason in EqA." in body
    assert "rural villages" not in body


def test_sign_off_tells_the_author_and_moderation_then_publishing_are_told_in_turn(
    council, eia, author, approver, mailbox, quick_pdfs
):
    council.eia_moderation_required = True
    council.save()
    moderator = member(council, Role.MODERATOR, "mod-moderator")
    submitted = eia.submit(by=author)
    run_worker()
    mailbox.clear()

    signed_off = assessment_approve(assessment=submitted, by=approver)
    run_worker()
    sent = {message["Subject"]: addresses([message]) for message in mailbox}
    assert sent == {
        f"Signed off: {eia.reference} Care at home services": [author.email],
        f"Waiting for moderation: {eia.reference} Care at home services": [moderator.email],
    }
    mailbox.clear()

    assessment_moderate(
        assessment=signed_off, by=moderator, body="Equality group", on=timezone.localdate(), outcome="endorsed"
    )
    run_worker()
    assert [(m["Subject"], addresses([m])) for m in mailbox] == [
        (f"Ready to publish: {eia.reference} Care at home services", [approver.email])
    ]


def test_a_screening_and_a_plan_tell_their_approvers_and_then_their_authors(
    council, service, author, approver, manager, mailbox, quick_pdfs
):
    screening = ready_screening(council, service, author, title="Day opportunities review")
    screening.submit(by=author)
    plan = ActionPlanFactory(council=council, created_by=manager, title="Peer review plan")
    submitted_plan = plan.submit(by=manager)
    run_worker()
    assert sorted((m["Subject"], *addresses([m])) for m in mailbox) == [
        (f"Waiting for your sign-off: {screening.reference} Day opportunities review", approver.email),
        ("Waiting for your sign-off: Peer review plan", approver.email),
    ]
    mailbox.clear()

    plan_approve(plan=submitted_plan, by=approver)
    run_worker()
    assert [(m["Subject"], *addresses([m])) for m in mailbox] == [("Signed off: Peer review plan", manager.email)]
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


def test_a_broken_mail_server_neither_fails_nor_holds_up_the_step_and_the_email_goes_later(
    eia, author, approver, mailbox, settings
):
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there: the connection is refused
    settings.NOTIFICATION_RETRY_DELAYS = [0, 0]

    submitted = eia.submit(by=author)
    assert submitted.status == Status.SUBMITTED
    run_worker(max_tasks=1)
    waiting = Notification.objects.get()
    assert (waiting.sent_at, waiting.attempts) == (None, 1)
    assert mailbox == []

    settings.EMAIL_PORT = working_port
    run_worker()
    assert addresses(mailbox) == [approver.email]
    assert Notification.objects.get().sent_at is not None


def test_a_mail_server_that_never_answers_is_given_up_after_the_retries(eia, author, mailbox, settings, approver):
    settings.EMAIL_PORT = free_port()
    settings.NOTIFICATION_RETRY_DELAYS = [0, 0]

    eia.submit(by=author)
    run_worker()

    notification = Notification.objects.get()
    assert (notification.attempts, notification.sent_at) == (3, None)
    assert notification.given_up_at is not None
    assert DBTaskResult.objects.ready().count() == 0


def test_nothing_is_sent_twice_however_often_it_is_queued_or_recorded(eia, author, approver, mailbox):
    submitted = eia.submit(by=author)
    notification = Notification.objects.get()
    # The same notice recorded again (the same step, as a second worker or a retried request would) is one row.
    assert (
        notify(
            kind=NoticeKind.SUBMITTED,
            record=submitted,
            people=[approver],
            occasion=submitted.status_changes.latest("id").pk,
            what="equality impact assessment",
        )
        == []
    )
    # Queued three times over: two workers, and the daily run's catching up.
    send_notification.enqueue(notification.pk)
    send_notification.enqueue(notification.pk)
    run_worker()
    run_worker()

    assert addresses(mailbox) == [approver.email]


def test_off_sends_nothing_and_a_digest_gathers_a_day_into_one_email(council, service, author, approver, mailbox):
    NotificationPreference.objects.create(user=approver, kind=NoticeKind.SUBMITTED, delivery=Delivery.DIGEST)
    NotificationPreference.objects.create(user=author, kind=NoticeKind.RETURNED, delivery=Delivery.OFF)
    first = ready_assessment(council, service, author, title="Care at home services")
    second = ready_assessment(council, service, author, title="Day centres")

    first.submit(by=author)
    second.submit(by=author).return_for_changes(by=approver, reason="More, please.")
    run_worker()
    assert mailbox == []
    assert not Notification.objects.filter(recipient=author).exists()

    daily()
    run_worker()
    assert addresses(mailbox) == [approver.email]
    assert mailbox[0]["Subject"] == "EqA daily digest: 2 things waiting for you"
    body = mailbox[0].get_content()
    assert f"{first.reference} “Care at home services”" in body and f"{second.reference} “Day centres”" in body

    daily()
    run_worker()
    assert len(mailbox) == 1


def test_an_actions_lead_officer_hears_each_month_of_its_update_and_of_its_target_date_passed(
    council, manager, approver, outsider, other_council, mailbox
):
    lead = member(council, Role.AUTHOR, "lena-lead")
    plan = ActionPlanFactory(council=council, created_by=manager, title="Peer review plan")
    ActionFactory(plan=plan, ref="T1.1", lead_officer_user=lead, target_date=date(2026, 1, 31))
    ActionFactory(plan=plan, ref="T1.2")  # a lead officer named in words only: nobody to email
    ActionFactory(plan=plan, ref="T1.3", lead_officer_user=outsider)  # not of this council: told nothing
    ActionPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)

    call_command("send_notifications", "--date", "2026-02-02", stdout=open("/dev/null", "w"))
    run_worker()
    assert sorted((m["Subject"], *addresses([m])) for m in mailbox) == [
        ("Action past its target date: T1.1 of Peer review plan", lead.email),
        ("Monthly update due: T1.1 of Peer review plan", lead.email),
    ]

    daily(date(2026, 2, 20))
    run_worker()
    assert len(mailbox) == 2
    daily(date(2026, 3, 1))
    run_worker()
    assert len(mailbox) == 4


def test_an_email_whose_task_was_lost_is_queued_again_by_the_daily_run(eia, author, approver, mailbox):
    eia.submit(by=author)
    DBTaskResult.objects.all().delete()  # as if the queue was down when the step committed
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=1))
    run_worker()
    assert mailbox == []

    daily()
    run_worker()
    assert addresses(mailbox) == [approver.email]


def test_a_screening_decided_to_need_a_full_eia_tells_its_author_without_the_reason(
    council, service, author, approver, mailbox
):
    screening = ready_screening(council, service, author, title="Day opportunities review")
    submitted = screening.submit(by=author)
    run_worker()
    mailbox.clear()

    submitted.require_full_eia(by=approver, reason="It affects disabled people's days.")
    run_worker()

    assert [(m["Subject"], *addresses([m])) for m in mailbox] == [
        (f"Signed off: {screening.reference} Day opportunities review", author.email)
    ]
    assert "disabled" not in mailbox[0].get_content()


def test_an_email_whose_worker_died_while_sending_is_sent_by_the_daily_run(eia, author, approver, mailbox):
    eia.submit(by=author)
    DBTaskResult.objects.all().delete()
    long_ago = timezone.now() - timedelta(hours=1)
    # A worker claimed it and died before it could say whether it was sent.
    Notification.objects.update(claim=uuid.uuid4(), claimed_at=long_ago, created_at=long_ago)

    daily()
    run_worker()

    assert addresses(mailbox) == [approver.email]
