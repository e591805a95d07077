"""The EIA and screening panels of a person's home page: what waits for them in their own councils. A screening
waits for the same people as an EIA at the same stage, so each panel lists both, each row saying which it is: an
author's drafts and returns, an approver's sign-offs, and the reviews due and overdue (a screened-out decision is
reviewed as a signed-off EIA is). An author of a council that screens also sees the screenings an approver decided
need a full EIA, until it is started.

Each panel is one query a kind of record, however many there are (councils/dashboard.py). With the person's
memberships, read once for the page, the panels cost a fixed number of queries. The councils app calls
`dashboard_panels(request)` through AssessmentsConfig; it never imports this app.
"""

from datetime import timedelta

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from assessments.models import IN_FORCE, Assessment, Screening, ScreeningStatus, Status, Step
from assessments.permissions import EDITOR_ROLES, WHO
from councils import dashboard
from councils.access import councils_with, memberships, scoped
from councils.dashboard import panel, panel_of_kinds
from councils.dashboard import row as panel_row
from councils.models import Role, ScreeningUse
from councils.templatetags.people import person
from councils.templatetags.text import mid_sentence

REVIEW_WINDOW_DAYS = 90
EIAS = ("EIA", "EIAs")
SCREENINGS = ("screening", "screenings")


def dashboard_panels(request):
    user = request.user
    found = memberships(request)
    if not found:
        return []
    roles = {m.role for m in found}
    # The service column names the council too when the person works with several.
    several = len({m.council_id for m in found}) > 1
    today = timezone.localdate()
    theirs = scoped(Assessment.objects.select_related("council", "service"), request)
    screenings = scoped(Screening.objects.select_related("council", "service"), request)

    panels = []
    if roles & set(EDITOR_ROLES):
        panels.append(_drafts(theirs, screenings, user, several))
        panels.append(_returned(theirs, screenings, user, several))
        if any(m.role in EDITOR_ROLES and m.council.screening_use != ScreeningUse.NOT_USED for m in found):
            panels.append(_full_eia_needed(screenings, user, several))
    approver = [m for m in found if m.role == Role.APPROVER]
    if approver:
        panels.append(_waiting_for_sign_off(theirs, screenings, user, approver, several))
    moderated = [m.council_id for m in found if m.role == Role.MODERATOR]
    if moderated:
        panels.append(_waiting_for_moderation(theirs, moderated, several))
    publishers = councils_with(found, *WHO[Step.PUBLISH])
    if publishers:
        panels.append(_ready_to_publish(theirs, publishers, several))
    panels.append(_due_for_review(theirs, screenings, today, several))
    panels.append(_overdue(theirs, screenings, today, several))
    return panels


def approvable_q(memberships):
    """The EIAs or screenings these approver memberships may sign off, by council and service limits (a limit covers
    the teams under it), as Standing.approves_for decides for one record, but as a filter for many at once."""
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


def _service(record, several):
    return f"{record.council.name}: {record.service.path}" if several else record.service.path


def _row(record, several, date, **extra):
    """A row of an EIA or a screening, saying which it is in words and giving its reference."""
    kind = "Screening" if isinstance(record, Screening) else "EIA"
    return panel_row(
        record.title,
        record.get_absolute_url(),
        _service(record, several),
        date,
        kind=kind,
        reference=record.reference,
        **extra,
    )


def _drafts(theirs, screenings, user, several):
    def drafts(records):
        return (
            records.filter(is_latest=True, status=records.model.Status.DRAFT)
            .filter(Q(created_by=user) | Q(last_edited_by=user))
            .order_by("-updated_at", "-pk")
        )

    def row(record):
        return _row(record, several, record.updated_at)

    return panel_of_kinds(
        "drafts",
        "Your drafts",
        [(drafts(theirs), row, EIAS), (drafts(screenings), row, SCREENINGS)],
        newest_first=True,
        date_label="Last changed",
        empty="You have no draft assessments or screenings.",
        more_url=_list_url(status=Status.DRAFT),
        more_hint="draft assessments and screenings",
    )


def _returned(theirs, screenings, user, several):
    def returns(records, link):
        found = dashboard.returns(records.filter(is_latest=True, created_by=user))
        return found.select_related(f"{link}__council", f"{link}__service")

    def row(link):
        return lambda change: _row(getattr(change, link), several, change.at, **dashboard.return_detail(change))

    return panel_of_kinds(
        "returned",
        "Returned to you",
        [
            (returns(theirs, "assessment"), row("assessment"), EIAS),
            (returns(screenings, "screening"), row("screening"), SCREENINGS),
        ],
        newest_first=True,
        date_label="Returned on",
        detail_label="Reason",
        empty="Nothing you submitted has been returned to you.",
        more_url=_list_url(status=Status.DRAFT),
        more_hint="draft assessments and screenings",
    )


def _full_eia_needed(screenings, user, several):
    """The person's screenings an approver decided need a full EIA, although every answer is No, whose full EIA
    nobody has started yet: the author starts it from the screening, and learns here that they must, and why."""
    required = (
        screenings.filter(is_latest=True, status=ScreeningStatus.FULL_EIA_NEEDED, assessment__isnull=True)
        .exclude(decision_reason="")
        .filter(Q(created_by=user) | Q(last_edited_by=user))
        .select_related("approved_by")
        .order_by("-approved_at", "-pk")
    )

    def row(screening):
        return _row(
            screening,
            several,
            screening.approved_at,
            detail=screening.decision_reason,
            detail_meta=f"By {person(screening.approved_by)}",
        )

    return panel(
        "full-eia",
        "A full EIA is needed",
        required,
        row,
        nouns=SCREENINGS,
        date_label="Decided on",
        detail_label="Why",
        empty="No screening of yours waits for you to start its full EIA.",
        more_url=f"{_list_url()}#screenings",
        more_hint="screenings",
    )


def _waiting_for_sign_off(theirs, screenings, user, approver_memberships, several):
    """Submitted EIAs to sign off and screenings to decide: an approver decides a screening of the services they
    sign off EIAs for, and never one they wrote or changed (assessments/screening_permissions.py)."""

    def waiting(records):
        return dashboard.waiting_for_sign_off(records.filter(approvable_q(approver_memberships)), by=user)

    def row(record):
        return _row(record, several, record.submitted_at or record.updated_at)

    return panel_of_kinds(
        "sign-off",
        "Waiting for your sign-off",
        [(waiting(theirs), row, EIAS), (waiting(screenings), row, SCREENINGS)],
        date_label="Submitted on",
        empty="No assessments or screenings are waiting for your sign-off.",
        more_url=_list_url(status=Status.SUBMITTED),
        more_hint="assessments and screenings submitted for sign-off",
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
        detail=f"Started: version {newer.version}, {mid_sentence(newer.get_status_display())}",
        detail_url=newer.get_absolute_url(),
    )


def _in_force(theirs):
    return (
        theirs.filter(status__in=IN_FORCE, review_due__isnull=False)
        .select_related("next_version")
        .order_by("review_due", "pk")
    )


def _screened_out(screenings):
    """Screened-out decisions still standing: the newest version of each, decided "no full EIA needed". Once one is
    reopened its new version is a draft, in its author's panels."""
    return screenings.filter(is_latest=True, status=ScreeningStatus.APPROVED, review_due__isnull=False).order_by(
        "review_due", "pk"
    )


def _reviews(theirs, screenings, several, **dates):
    """The signed-off EIAs and screened-out decisions whose review dates fall within `dates`, soonest first."""
    return [
        (_in_force(theirs).filter(**dates), lambda a: _review_row(a, several), EIAS),
        (
            _screened_out(screenings).filter(**dates),
            lambda s: _row(s, several, s.review_due, detail="Not started"),
            SCREENINGS,
        ),
    ]


def _due_for_review(theirs, screenings, today, several):
    soon = today + timedelta(days=REVIEW_WINDOW_DAYS)
    return panel_of_kinds(
        "due",
        f"Due for review in the next {REVIEW_WINDOW_DAYS} days",
        _reviews(theirs, screenings, several, review_due__gte=today, review_due__lte=soon),
        date_label="Review due",
        detail_label="Review",
        empty=f"No assessments or screenings are due for review in the next {REVIEW_WINDOW_DAYS} days.",
        more_url=_list_url(review=REVIEW_WINDOW_DAYS),
        more_hint="assessments and screenings due for review",
    )


def _overdue(theirs, screenings, today, several):
    return panel_of_kinds(
        "overdue",
        "Overdue for review",
        _reviews(theirs, screenings, several, review_due__lt=today),
        date_label="Review was due",
        detail_label="Review",
        empty="No assessments or screenings are overdue for review.",
        more_url=_list_url(review="overdue"),
        more_hint="assessments and screenings overdue for review",
    )
