"""Who may do what to an action plan. One council's plans are invisible to everyone else (councils.access)."""

from actionplans.models.plan import PlanStatus, PlanStep
from councils.lifecycle import TransitionRefused, author_refusal
from councils.models import Membership, Role

# Managers keep plans; authors write alongside them.
EDITORS = (Role.MANAGER, Role.AUTHOR)
UPDATERS = (Role.MANAGER, Role.AUTHOR)

WHO = {PlanStep.SUBMIT: EDITORS, PlanStep.RETURN: (Role.APPROVER,), PlanStep.APPROVE: (Role.APPROVER,)}
WHEN = {PlanStep.SUBMIT: PlanStatus.DRAFT, PlanStep.RETURN: PlanStatus.SUBMITTED,
        PlanStep.APPROVE: PlanStatus.SUBMITTED}
PAST = {PlanStep.SUBMIT: "submitted", PlanStep.RETURN: "returned", PlanStep.APPROVE: "signed off"}


def roles(person, council):
    return set(Membership.objects.filter(user=person, council=council).values_list("role", flat=True))


def refusal(step, plan, person, held=None):
    held = roles(person, plan.council) if held is None else held
    if not held & set(WHO[step]):
        return TransitionRefused(f"Your role does not allow you to {step.label.lower()}.", forbidden=True)
    if step == PlanStep.APPROVE and (plan.status == WHEN[step] or person.pk in (
            plan.created_by_id, plan.last_edited_by_id)):
        refused = author_refusal(plan, person, "plan")
        if refused is not None:
            return refused
    if plan.status != WHEN[step]:
        return TransitionRefused(f"This plan is {plan.get_status_display().lower()}, so it cannot be {PAST[step]} "
                                 f"now. Nothing was changed.")
    return None


def open_steps(plan, person, held):
    return [step for step in PlanStep if refusal(step, plan, person, held) is None]


def may_edit(plan, held):
    return plan.status == PlanStatus.DRAFT and bool(held & set(EDITORS))


def may_update(held):
    return bool(held & set(UPDATERS))
