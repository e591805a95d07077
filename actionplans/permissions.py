"""Who may do what to an action plan. One council's plans are invisible to everyone else (councils.access)."""

from datetime import timedelta

from actionplans.models.choices import PlanStatus, PlanStep
from councils.lifecycle import TransitionRefused, author_refusal, status_in_words
from councils.models import Role
from councils.templatetags.text import mid_sentence

# Managers keep plans; authors write alongside them.
EDITORS = (Role.MANAGER, Role.AUTHOR)
UPDATERS = (Role.MANAGER, Role.AUTHOR)

WITHDRAW_WITHIN_HOURS = 24
WITHDRAW_WITHIN = timedelta(hours=WITHDRAW_WITHIN_HOURS)

WHO = {PlanStep.SUBMIT: EDITORS, PlanStep.RETURN: (Role.APPROVER,), PlanStep.APPROVE: (Role.APPROVER,)}
WHEN = {
    PlanStep.SUBMIT: PlanStatus.DRAFT,
    PlanStep.RETURN: PlanStatus.SUBMITTED,
    PlanStep.APPROVE: PlanStatus.SUBMITTED,
}
PAST = {PlanStep.SUBMIT: "submitted", PlanStep.RETURN: "returned", PlanStep.APPROVE: "signed off"}


def refusal(step, plan, standing):
    """Why the person may not take the step now, as a TransitionRefused; None when they may."""
    person = standing.person
    if not standing.has(*WHO[step]):
        return TransitionRefused(f"Your role does not allow you to {mid_sentence(step.label)}.", forbidden=True)
    if step == PlanStep.APPROVE and (
        plan.status == WHEN[step] or person.pk in (plan.created_by_id, plan.last_edited_by_id)
    ):
        refused = author_refusal(plan, person, "plan")
        if refused is not None:
            return refused
    if plan.status != WHEN[step]:
        return TransitionRefused(
            f"This plan is {status_in_words(plan)}, so it cannot be {PAST[step]} now. Nothing was changed."
        )
    return None


def open_steps(plan, standing):
    return [step for step in PlanStep if refusal(step, plan, standing) is None]


def may_edit(plan, standing):
    return plan.status == PlanStatus.DRAFT and standing.has(*EDITORS)


def withdraw_refusal(update, standing, now):
    """Why the person may not withdraw the update now, as a TransitionRefused; None when they may. Its writer may,
    for WITHDRAW_WITHIN of recording it (a mistake is noticed that day); a council admin may at any time."""
    if update.withdrawn_at is not None:
        return TransitionRefused("This update is withdrawn already. Nothing was changed.")
    if standing.has(Role.COUNCIL_ADMIN):
        return None
    if update.by_id != standing.person.pk or not standing.has(*UPDATERS):
        return TransitionRefused(
            "Only the person who recorded an update, or a council admin, can withdraw it.", forbidden=True
        )
    if now - update.recorded_at > WITHDRAW_WITHIN:
        return TransitionRefused(
            f"You can withdraw your own update only within {WITHDRAW_WITHIN_HOURS} hours of "
            f"recording it. Ask a council admin to withdraw it."
        )
    return None


def may_update(standing):
    return standing.has(*UPDATERS)
