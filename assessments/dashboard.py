"""The EIA panels of a person's home page: what waits for them in their own councils.

Each panel is one query, however many EIAs there are (councils/dashboard.py). With the person's memberships, read
once for the page, the panels cost a fixed number of queries. The councils app calls `dashboard_panels(request)`
through AssessmentsConfig; it never imports this app.
"""

from datetime import timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Status, Step
from assessments.permissions import EDITOR_ROLES, WHO
from councils import dashboard
from councils.access import councils_with, memberships, scoped
from councils.dashboard import panel
from councils.dashboard import row as panel_row
from councils.models import Role

REVIEW_WINDOW_DAYS = 90
# Signed off and still the one in force: a superseded version has been replaced by a newer sign-off.
IN_FORCE = (Status.APPROVED, Status.MODERATED, Status.PUBLISHED)


def dashboard_panels(request):
    user = request.user
    found = memberships(request)
    if not found:
        return []
    roles = {m.role for m in found}
    # The service column names the council too when the person works with several.
    several = len({m.council_id for m in found}) > 1
    today = timezone.localdate()
    theirs = scoped(Assessment.objects.select_related("council", "service"), user)

    panels = []
    if roles & set(EDITOR_ROLES):
        panels.append(_drafts(theirs, user, several))
        panels.append(_returned(theirs, user, several))
    approver = [m for m in found if m.role == Role.APPROVER]
    if approver:
        panels.append(_waiting_for_sign_off(theirs, user, approver, several))
    moderated = [m.council_id for m in found if m.role == Role.MODERATOR]
    if moderated:
        panels.append(_waiting_for_moderation(theirs, moderated, several))
    publishers = councils_with(found, *WHO[Step.PUBLISH])
    if publishers:
        panels.append(_ready_to_publish(theirs, publishers, several))
    panels.append(_due_for_review(theirs, today, several))
    panels.append(_overdue(theirs, today, several))
    return panels


def approvable_q(memberships):
    """The EIAs these approver memberships may sign off, by council and service limits (a limit covers the
    teams under it), as Standing.approves_for decides for one EIA, but as a filter for many at once."""
    allowed = Q(pk__in=[])
    for membership in memberships:
        limits = list(membership.services.all())
        services = Q()
        if limits:
            services = Q(pk__in=[])
            for service in limits:
                services |= Q(service=service) | Q(service__path__startswith=f"{service.path} > ")
        allowed |= Q(council_id=membership.council_id) & services
    return allowed


def _list_url(**filters):
    url = reverse("assessments:list")
    return f"{url}?{'&'.join(f'{key}={value}' for key, value in filters.items())}" if filters else url


def _service(assessment, several):
    return f"{assessment.council.name}: {assessment.service.path}" if several else assessment.service.path


def _row(assessment, several, date, **extra):
    return panel_row(assessment.title, assessment.get_absolute_url(), _service(assessment, several), date, **extra)


def _drafts(theirs, user, several):
    drafts = (
        theirs.filter(is_latest=True, status=Status.DRAFT)
        .filter(Q(created_by=user) | Q(last_edited_by=user))
        .order_by("-updated_at", "-pk")
    )
    return panel(
        "drafts",
        "Your drafts",
        drafts,
        lambda a: _row(a, several, a.updated_at),
        date_label="Last changed",
        empty="You have no draft assessments.",
        more_url=_list_url(status=Status.DRAFT),
        more_hint="draft assessments",
    )


def _returned(theirs, user, several):
    returns = dashboard.returns(theirs.filter(is_latest=True, created_by=user)).select_related(
        "assessment__council", "assessment__service"
    )

    def row(change):
        return _row(change.assessment, several, change.at, **dashboard.return_detail(change))

    return panel(
        "returned",
        "Returned to you",
        returns,
        row,
        date_label="Returned on",
        detail_label="Reason",
        empty="Nothing you submitted has been returned to you.",
        more_url=_list_url(status=Status.DRAFT),
        more_hint="draft assessments",
    )


def _waiting_for_sign_off(theirs, user, approver_memberships, several):
    waiting = dashboard.waiting_for_sign_off(theirs.filter(approvable_q(approver_memberships)), by=user)
    return panel(
        "sign-off",
        "Waiting for your sign-off",
        waiting,
        lambda a: _row(a, several, a.submitted_at or a.updated_at),
        date_label="Submitted on",
        empty="No assessments are waiting for your sign-off.",
        more_url=_list_url(status=Status.SUBMITTED),
        more_hint="assessments submitted for sign-off",
    )


def _waiting_for_moderation(theirs, council_ids, several):
    waiting = theirs.filter(status=Status.APPROVED, council_id__in=council_ids).order_by("approved_at", "pk")
    return panel(
        "moderation",
        "Waiting for your moderation",
        waiting,
        lambda a: _row(a, several, a.approved_at),
        date_label="Signed off on",
        empty="No signed-off assessments are waiting for moderation.",
        more_url=_list_url(status=Status.APPROVED),
        more_hint="signed-off assessments",
    )


def _ready_to_publish(theirs, council_ids, several):
    """Moderated EIAs; and signed-off ones where the council publishes without moderation."""
    ready = (
        theirs.filter(council_id__in=council_ids)
        .filter(
            Q(status=Status.MODERATED) | Q(status=Status.APPROVED, council__eia_moderation_required=False),
        )
        .order_by(Coalesce("moderated_at", "approved_at"), "pk")
    )
    return panel(
        "publish",
        "Ready to publish",
        ready,
        lambda a: _row(a, several, a.moderated_at or a.approved_at),
        date_label="Ready since",
        empty="No assessments are waiting to be published.",
        more_url=_list_url(status=Status.MODERATED),
        more_hint="moderated assessments",
    )


def _review_row(assessment, several):
    newer = getattr(assessment, "next_version", None)
    if newer is None:
        return _row(assessment, several, assessment.review_due, detail="Not started")
    return _row(
        assessment,
        several,
        assessment.review_due,
        detail=f"Started: version {newer.version}, {newer.get_status_display().lower()}",
        detail_url=newer.get_absolute_url(),
    )


def _in_force(theirs):
    return (
        theirs.filter(status__in=IN_FORCE, review_due__isnull=False)
        .select_related("next_version")
        .order_by("review_due", "pk")
    )


def _due_for_review(theirs, today, several):
    due = _in_force(theirs).filter(review_due__gte=today, review_due__lte=today + timedelta(days=REVIEW_WINDOW_DAYS))
    return panel(
        "due",
        f"Due for review in the next {REVIEW_WINDOW_DAYS} days",
        due,
        lambda a: _review_row(a, several),
        date_label="Review due",
        detail_label="Review",
        empty=f"No assessments are due for review in the next {REVIEW_WINDOW_DAYS} days.",
        more_url=_list_url(review=REVIEW_WINDOW_DAYS),
        more_hint="assessments due for review",
    )


def _overdue(theirs, today, several):
    overdue = _in_force(theirs).filter(review_due__lt=today)
    return panel(
        "overdue",
        "Overdue for review",
        overdue,
        lambda a: _review_row(a, several),
        date_label="Review was due",
        detail_label="Review",
        empty="No assessments are overdue for review.",
        more_url=_list_url(review="overdue"),
        more_hint="assessments overdue for review",
    )
