"""Writes of an action plan that span several records, as keyword-only functions named <thing>_<verb>."""

from django.db import transaction

from actionplans.models import PlanIssuedPdf
from actionplans.pdf import fingerprint_parts, render_plan_pdf
from councils.lifecycle import content_fingerprint
from councils.logs import log_sign_off

# The lifecycle steps that set something off: the step itself is the model's (ActionPlan.approve), what it sets off
# (the issued PDF, the security log) is here, in one transaction with the step: a PDF that cannot be issued leaves the
# plan as it was, and the PDF's file and the log line are written only once the sign-off has committed.


def plan_approve(*, plan, by):
    """Sign the plan off, issue its committee PDF as it now stands, and log the sign-off."""
    with transaction.atomic():
        approved = plan.approve(by=by)
        issued = PlanIssuedPdf(
            plan=approved, issued_by=by, fingerprint=content_fingerprint(fingerprint_parts(approved))
        )
        issued.store(render_plan_pdf(approved, issued=issued), f"action-plan-{approved.pk}-signed-off.pdf")
        issued.save()
        log_sign_off(approved, by=by)
    return approved
