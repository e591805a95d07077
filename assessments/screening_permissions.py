"""Who may take which step of a screening, and when, as assessments/permissions.py says it for an EIA. The steps
themselves are on Screening; what starting the full EIA sets off is in assessments.services."""

from assessments import screening_rule
from assessments.models.choices import ScreeningStatus as Status
from assessments.models.choices import ScreeningStep as Step
from councils.lifecycle import TransitionRefused, author_refusal, status_in_words
from councils.models import Role
from councils.templatetags.text import mid_sentence

EDITOR_ROLES = (Role.AUTHOR,)

WHO = {
    Step.SUBMIT: (Role.AUTHOR,),
    Step.RETURN: (Role.APPROVER,),
    Step.APPROVE: (Role.APPROVER,),
    Step.REQUIRE_FULL_EIA: (Role.APPROVER,),
    Step.START_EIA: (Role.AUTHOR,),
    Step.REOPEN: (Role.AUTHOR,),
}

WHEN = {
    Step.SUBMIT: {Status.DRAFT},
    Step.RETURN: {Status.SUBMITTED},
    Step.APPROVE: {Status.SUBMITTED},
    Step.REQUIRE_FULL_EIA: {Status.SUBMITTED},
    # Screened in by the rule (a draft with a Yes or Don't know), or by the approver.
    Step.START_EIA: {Status.DRAFT, Status.FULL_EIA_NEEDED},
    Step.REOPEN: {Status.APPROVED},
}

PAST = {
    Step.SUBMIT: "submitted",
    Step.RETURN: "returned",
    Step.APPROVE: "screened out",
    Step.REQUIRE_FULL_EIA: "decided",
    Step.START_EIA: "taken to a full EIA",
    Step.REOPEN: "reopened",
}

DECIDING = (Step.APPROVE, Step.REQUIRE_FULL_EIA)


def refusal(step, screening, standing):
    """Why the person may not take the step now, as a TransitionRefused; None when they may."""
    person = standing.person
    if not standing.has(*WHO[step]):
        return TransitionRefused(f"Your role does not allow you to {mid_sentence(step.label)}.", forbidden=True)
    if step in (Step.RETURN, *DECIDING) and not standing.approves_for(screening.service):
        return TransitionRefused("You decide screenings of other services, not this one.", forbidden=True)
    if step in DECIDING and (
        screening.status in WHEN[step] or person.pk in (screening.created_by_id, screening.last_edited_by_id)
    ):
        refused = author_refusal(screening, person, "screening")
        if refused is not None:
            return refused
    if screening.status not in WHEN[step]:
        return TransitionRefused(
            f"This screening is {status_in_words(screening)}, so it cannot be {PAST[step]} now. Nothing was changed."
        )
    if step in (Step.SUBMIT, Step.START_EIA, Step.REOPEN) and not screening.is_latest:
        return TransitionRefused("A newer version of this screening exists. Work on that one instead.")
    if step == Step.START_EIA:
        return _start_eia_refusal(screening)
    if step == Step.SUBMIT and screening_rule.outcome(screening.rule_answers()).full_eia_needed:
        # The answers have decided: there is nothing for an approver to decide.
        return TransitionRefused(
            "An answer of Yes or Don't know means a full EIA is needed, so there is nothing for an approver to "
            "decide: start the full EIA from the screening instead. Nothing was changed."
        )
    return None


def _start_eia_refusal(screening):
    if screening.has_started_eia():
        return TransitionRefused("This screening has started its full EIA already. Work on that one.")
    if screening.status == Status.DRAFT and not screening_rule.outcome(screening.rule_answers()).full_eia_needed:
        return TransitionRefused(
            "No answer says a full EIA is needed. Answer Yes or Don't know where an adverse impact is likely or "
            "not known, or submit the screening for an approver to decide."
        )
    return None


def open_steps(screening, standing):
    return [step for step in Step if refusal(step, screening, standing) is None]


def may_edit(screening, standing):
    return screening.status == Status.DRAFT and screening.is_latest and standing.has(*EDITOR_ROLES)
