"""Email that tells a person something waits for them: a record to sign off, moderate or publish, a return, a
sign-off, an action's monthly update or its target date passed.

A step records who is told in its own transaction, one Notification row a person and kind (the outbox); once the
step has committed, a task is queued for each, which the worker (`manage.py db_worker`, django-tasks' database
backend) sends. So a slow or broken mail server never slows or fails a step. The row's unique key makes a second
record of the same notice a no-op, and a worker sends only what it claimed with one UPDATE that no other worker's can
match, so nothing is sent twice however many workers run. A failed send is tried again later, a bounded number of
times (settings.NOTIFICATION_RETRY_DELAYS).

Each person chooses per kind: at once, a daily digest (`send_notifications`, run daily, queues one email a person
for everything waiting) or off, when nothing is recorded at all. An email names its record by reference and title and
links to it; nothing else of the record leaves EqA.

The apps say who is told of their steps: an AppConfig's `step_notices(record, change)` (called from
`StepsMixin.move`, in the step's transaction) calls `notify(...)`, and its `periodic_notices(today)` records what
is due on a day (an action's monthly update).
"""

import logging
import uuid
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from councils.models import Delivery, Membership, NoticeKind, Notification, NotificationPreference, Role

log = logging.getLogger(__name__)

# A claim older than this is of a worker that died while sending: another may take the notification again.
STALE_CLAIM = timedelta(minutes=30)
# An at-once notification still unsent this long after it was recorded lost its task (the queue was down when the
# step committed): the daily run queues it again.
LOST_AFTER = timedelta(minutes=15)

# What each email says of its record, after its name ('The equality impact assessment EIA-1 "Title" …').
SAYS = {
    NoticeKind.SUBMITTED: "is waiting for sign-off. You are one of the approvers who may sign it off.",
    NoticeKind.RETURNED: "was returned for changes, with a reason. Read the reason in EqA.",
    NoticeKind.SIGNED_OFF: "is signed off.",
    NoticeKind.MODERATION_DUE: "is signed off and waiting for moderation.",
    NoticeKind.PUBLISHABLE: "is moderated and can now be published.",
    NoticeKind.UPDATE_DUE: "is due its monthly update. You are its lead officer.",
    NoticeKind.ACTION_OVERDUE: "is past its target date and not finished. You are its lead officer.",
}
SUBJECT = {
    NoticeKind.SUBMITTED: "Waiting for your sign-off",
    NoticeKind.RETURNED: "Returned for changes",
    NoticeKind.SIGNED_OFF: "Signed off",
    NoticeKind.MODERATION_DUE: "Waiting for moderation",
    NoticeKind.PUBLISHABLE: "Ready to publish",
    NoticeKind.UPDATE_DUE: "Monthly update due",
    NoticeKind.ACTION_OVERDUE: "Action past its target date",
}


def site_url():
    """Where EqA is, for the links an email carries (settings.SITE_URL, from the environment)."""
    return settings.SITE_URL.rstrip("/")


# Recording, in the step's transaction.


def notify(*, kind, record, people, occasion, council=None, what=None, reference=None, title=None, link=None):
    """Record that `people` are told `kind` of `record`, once each, in the caller's transaction; queue their emails
    once it commits. `occasion` says which time: the step's status change, or the period ("2026-12"). A person
    without an address, no longer active, or who turned this kind off is not recorded. Returns the rows recorded."""
    council = council or record.council
    key = f"{record._meta.label_lower}:{record.pk}:{occasion}"
    wanted = {person.pk: person for person in people if person is not None and person.is_active and person.email}
    chosen = dict(NotificationPreference.objects.filter(user__in=wanted, kind=kind).values_list("user_id", "delivery"))
    recorded = []
    for pk, person in wanted.items():
        delivery = chosen.get(pk, Delivery.AT_ONCE)
        if delivery == Delivery.OFF:
            continue
        notification, created = Notification.objects.get_or_create(
            recipient=person,
            kind=kind,
            key=key,
            defaults={
                "council": council,
                "delivery": delivery,
                "what": what or record._meta.verbose_name,
                "reference": reference if reference is not None else getattr(record, "reference", ""),
                "title": _one_line(title if title is not None else record.title)[:300],
                "link": link or record.get_absolute_url(),
            },
        )
        if created:
            recorded.append(notification)
    at_once = [n.pk for n in recorded if n.delivery == Delivery.AT_ONCE]
    if at_once:
        transaction.on_commit(lambda: _queue(at_once))
    return recorded


def step_taken(record, change):
    """Called by StepsMixin.move in the step's transaction: the record's app records whom the step tells."""
    says = getattr(apps.get_app_config(record._meta.app_label), "step_notices", None)
    if says is not None:
        says(record, change)


def sign_off_notices(record, change, *, approvers, what):
    """What the three steps every sign-off has (StepsMixin) tell: on submit, the approvers who may sign it off (never
    who submitted or created it); on return, its author and who submitted it; on sign-off, or any decision out of
    submitted, the same."""
    Status = record.Status
    author = record.created_by
    if change.to_status == Status.SUBMITTED:
        told = [person for person in approvers() if person.pk not in (author.pk, change.by_id)]
        return notify(kind=NoticeKind.SUBMITTED, record=record, people=told, occasion=change.pk, what=what)
    if change.from_status == Status.SUBMITTED:
        # Out of submitted: returned to draft, or decided (signed off; a screening may decide a full EIA is needed).
        submitted = record.status_changes.filter(to_status=Status.SUBMITTED).order_by("-at", "-id").first()
        authors = still_member(record.council, [author, submitted.by if submitted else None])
        kind = NoticeKind.RETURNED if change.to_status == Status.DRAFT else NoticeKind.SIGNED_OFF
        return notify(kind=kind, record=record, people=authors, occasion=change.pk, what=what)
    return []


def members(council, *roles, service=None, excluding=()):
    """The active people holding any of `roles` in `council`; for an approver, only one who approves for `service`
    when it is given (no limit means every service; a limit covers the teams under it)."""
    found = {}
    memberships = (
        Membership.objects.filter(council=council, role__in=roles, user__is_active=True)
        .exclude(user__in=[person.pk for person in excluding if person is not None])
        .select_related("user")
        .prefetch_related("services")
    )
    for membership in memberships:
        if service is not None and membership.role == Role.APPROVER and not approves_for(membership, service):
            continue
        found[membership.user_id] = membership.user
    return list(found.values())


def approves_for(membership, service):
    """As Standing.approves_for, for a membership read with its services."""
    return service.is_within(list(membership.services.all()))


def still_member(council, people):
    """Those of `people` who still hold a role in `council`: one who has left hears nothing more of it."""
    ids = set(
        Membership.objects.filter(council=council, user__in=[p.pk for p in people if p is not None]).values_list(
            "user_id", flat=True
        )
    )
    return [person for person in people if person is not None and person.pk in ids]


def _queue(pks):
    for pk in pks:
        try:
            send_notification.enqueue(pk)
        except Exception:  # noqa: BLE001 - the step has committed; the daily run queues what was lost
            log.exception("notification %s could not be queued; the daily run will queue it", pk)


# Sending, in the worker.


@task()
def send_notification(notification_id):
    """Send one at-once notification, unless it is sent already or another worker is sending it."""
    token = _claim(Q(pk=notification_id, delivery=Delivery.AT_ONCE))
    if token is None:
        return "nothing to send"
    notification = Notification.objects.select_related("recipient").get(claim=token)
    message = EmailMessage(
        subject=f"{SUBJECT[notification.kind]}: {_name(notification)}",
        body="\n".join([_sentence(notification), "", _url(notification), "", *_footer()]),
        to=[notification.recipient.email],
    )
    return _send(
        message,
        token,
        notification.attempts,
        retry=lambda run_after: send_notification.using(run_after=run_after).enqueue(notification_id),
    )


@task()
def send_digest(user_id):
    """Send one email to the person of everything waiting for their daily digest."""
    token = _claim(Q(recipient_id=user_id, delivery=Delivery.DIGEST))
    if token is None:
        return "nothing to send"
    waiting = list(Notification.objects.filter(claim=token).select_related("recipient").order_by("created_at", "pk"))
    count = len(waiting)
    lines = [f"{count} thing{'' if count == 1 else 's'} in EqA since your last digest:", ""]
    for notification in waiting:
        lines += [f"{SUBJECT[notification.kind]}: {_sentence(notification)}", _url(notification), ""]
    message = EmailMessage(
        subject=f"EqA daily digest: {count} thing{'' if count == 1 else 's'} waiting for you",
        body="\n".join([*lines, *_footer()]),
        to=[waiting[0].recipient.email],
    )
    attempts = max(notification.attempts for notification in waiting)
    return _send(
        message, token, attempts, retry=lambda run_after: send_digest.using(run_after=run_after).enqueue(user_id)
    )


def _claim(which):
    """Take the unsent notifications `which` matches for this worker alone: one UPDATE, which a second worker's
    cannot match once the first has written its claim. Returns the claim, or None when there is nothing to take."""
    token, now = uuid.uuid4(), timezone.now()
    taken = (
        Notification.objects.filter(which, sent_at=None, given_up_at=None)
        .filter(Q(claim=None) | Q(claimed_at__lt=now - STALE_CLAIM))
        .update(claim=token, claimed_at=now)
    )
    return token if taken else None


def _send(message, token, attempts, *, retry):
    """Send the claimed notifications' email (deliver), and say on them what came of it."""
    claimed = Notification.objects.filter(claim=token)

    def again(run_after):
        # Released before it is queued again, so that the retry finds it to claim.
        claimed.update(claim=None, attempts=F("attempts") + 1)
        retry(run_after)

    outcome = deliver(message, attempts=attempts, again=again, what=f"The notification email {message.subject!r}")
    if outcome == "sent":
        claimed.update(sent_at=timezone.now(), claim=None)
    elif outcome == "given up":
        claimed.update(claim=None, attempts=F("attempts") + 1, given_up_at=timezone.now())
    return outcome


def deliver(message, *, attempts, again, what):
    """Send an email the worker made (a notification, a digest, an invitation, a password reset link); on a failure,
    `again(run_after)` queues it once more while retries remain (settings.NOTIFICATION_RETRY_DELAYS)."""
    try:
        message.send()
    except Exception:  # noqa: BLE001 - whatever the mail server or Notify did, the email waits to be retried
        if attempts >= len(settings.NOTIFICATION_RETRY_DELAYS):
            log.exception("%s could not be sent and is given up", what)
            return "given up"
        log.warning("%s could not be sent; tried again later", what, exc_info=True)
        again(retry_at(attempts))
        return "to be retried"
    return "sent"


def retry_at(attempts):
    """When to try an email again after its `attempts`+1'th failure (the caller gives up after the last delay)."""
    delays = settings.NOTIFICATION_RETRY_DELAYS
    return timezone.now() + timedelta(seconds=delays[min(attempts, len(delays) - 1)])


def _one_line(text):
    """A header must not carry a line break: titles are typed by people."""
    return " ".join(str(text).split())


def _name(notification):
    return " ".join(part for part in (notification.reference, notification.title) if part)


def _sentence(notification):
    reference = f" {notification.reference}" if notification.reference else ""
    return f"The {notification.what}{reference} “{notification.title}” {SAYS[notification.kind]}"


def _url(notification):
    return f"{site_url()}{notification.link}"


def _footer():
    return [
        "You receive this email because you have a role in this council in EqA.",
        f"Choose which emails EqA sends you: {site_url()}{reverse('notification-choices')}",
    ]


# The daily run (`manage.py send_notifications`).


def daily(today=None):
    """Record what is due today (each app's `periodic_notices`), queue each person's digest and any at-once email
    whose task was lost. Returns (recorded, digests queued, requeued)."""
    today = today or timezone.localdate()
    recorded = 0
    for config in apps.get_app_configs():
        due = getattr(config, "periodic_notices", None)
        if due is not None:
            with transaction.atomic():
                recorded += len(due(today))
    now = timezone.now()
    # Free to take: unclaimed, or claimed by a worker that died while sending.
    waiting = Notification.objects.filter(
        Q(claim=None) | Q(claimed_at__lt=now - STALE_CLAIM), sent_at=None, given_up_at=None
    )
    people = list(waiting.filter(delivery=Delivery.DIGEST).values_list("recipient_id", flat=True).distinct())
    for user_id in people:
        send_digest.enqueue(user_id)
    # Never tried (its task lost), or its worker died: one being retried has its task waiting.
    lost = list(
        waiting.filter(Q(attempts=0, claim=None) | Q(claim__isnull=False), delivery=Delivery.AT_ONCE)
        .filter(created_at__lt=now - LOST_AFTER)
        .values_list("pk", flat=True)
    )
    _queue(lost)
    return recorded, len(people), len(lost)


# Tests and `make run`'s demo: run the worker here until nothing is left to do.


def run_worker(*, max_tasks=None):
    """Run the queued tasks in this process until none is ready (or `max_tasks` have run), as `db_worker --batch`
    does."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="in-process",
        excluded_queue_names=[],
    ).run()
