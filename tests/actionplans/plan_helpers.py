"""An action plan's records as the tests make and read them: back-dated updates, the plan fetched afresh, signed
off, and its PDF's pages as text."""

import io
from datetime import datetime, time

from django.utils import timezone
from pypdf import PdfReader

from actionplans.models import ActionPlan, StatusUpdate
from actionplans.services import plan_approve


def at(day, hour=12, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def record(action, status, day, by, note, hour=12):
    """An update as if recorded on `day`: status updates are never changed, so it is made with its time."""
    update = StatusUpdate.objects.create(
        action=action, status=status, previous_status=action.status, note=note, by=by, at=at(day, hour)
    )
    action.status, action.last_update_at = status, update.at
    action.save(update_fields=["status", "last_update_at", "updated_at"])
    return update


def fresh(plan):
    return ActionPlan.objects.select_related("council", "framework", "approved_by").get(pk=plan.pk)


def read(data):
    return PdfReader(io.BytesIO(data))


def page_texts(reader):
    # Cells wrap anywhere: compare with the whitespace collapsed.
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def sign_off(plan, manager, approver):
    plan.submit(by=manager)
    plan_approve(plan=ActionPlan.objects.get(pk=plan.pk), by=approver)
    return fresh(plan)
