"""Whom the steps of EIAs and screenings tell by email (councils/notifications.py): the approvers of the record's
service on submit, its authors on return and sign-off; for an EIA, the council's moderators once it is signed off
where the council moderates before publishing, and whoever signed it off once it is moderated."""

from assessments.models import Assessment, Screening, Status
from councils.models import NoticeKind, Role
from councils.notifications import members, notify, sign_off_notices, still_member

WHAT = {Assessment: "equality impact assessment", Screening: "screening"}


def step_notices(record, change):
    what = WHAT.get(type(record))
    if what is None:
        return []
    told = sign_off_notices(
        record,
        change,
        approvers=lambda: members(record.council, Role.APPROVER, service=record.service),
        what=what,
    )
    if isinstance(record, Assessment):
        told += _eia_notices(record, change, what)
    return told


def _eia_notices(assessment, change, what):
    if change.to_status == Status.APPROVED and assessment.council.eia_moderation_required:
        moderators = members(assessment.council, Role.MODERATOR, excluding=[change.by])
        return notify(
            kind=NoticeKind.MODERATION_DUE, record=assessment, people=moderators, occasion=change.pk, what=what
        )
    if change.to_status == Status.MODERATED:
        signed_off_by = still_member(assessment.council, [assessment.approved_by])
        return notify(
            kind=NoticeKind.PUBLISHABLE, record=assessment, people=signed_off_by, occasion=change.pk, what=what
        )
    return []
