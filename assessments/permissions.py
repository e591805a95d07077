"""Who may take which lifecycle step of an EIA, and when. The steps themselves are on Assessment."""

from assessments.models.choices import SIGNED_OFF, Status, Step
from councils.lifecycle import TransitionRefused, author_refusal, status_in_words
from councils.models import Role
from councils.templatetags.text import mid_sentence

EDITOR_ROLES = (Role.AUTHOR,)

WHO = {
    Step.SUBMIT: (Role.AUTHOR,),
    Step.RETURN: (Role.APPROVER,),
    Step.APPROVE: (Role.APPROVER,),
    Step.MODERATE: (Role.MODERATOR,),
    Step.PUBLISH: (Role.APPROVER, Role.COUNCIL_ADMIN),
    Step.START_REVIEW: (Role.AUTHOR,),
}

WHEN = {
    Step.SUBMIT: {Status.DRAFT},
    Step.RETURN: {Status.SUBMITTED},
    Step.APPROVE: {Status.SUBMITTED},
    Step.MODERATE: {Status.APPROVED},
    Step.PUBLISH: {Status.MODERATED, Status.APPROVED},
    Step.START_REVIEW: {Status.APPROVED, Status.MODERATED, Status.PUBLISHED},
}


def refusal(step, assessment, standing):
    """Why the person may not take the step now, as a TransitionRefused; None when they may."""
    person = standing.person
    if not standing.has(*WHO[step]):
        return TransitionRefused(f"Your role does not allow you to {mid_sentence(step.label)}.", forbidden=True)
    if step in (Step.RETURN, Step.APPROVE) and not standing.approves_for(assessment.service):
        return TransitionRefused("You sign off assessments of other services, not this one.", forbidden=True)
    if step == Step.APPROVE and (
        assessment.status in WHEN[step] or person.pk in (assessment.created_by_id, assessment.last_edited_by_id)
    ):
        refused = author_refusal(assessment, person, "assessment")
        if refused is not None:
            return refused
    if assessment.status not in WHEN[step]:
        return TransitionRefused(
            f"This assessment is {status_in_words(assessment)}, so it cannot be {PAST[step]} now. Nothing was changed."
        )
    if step == Step.PUBLISH and assessment.status == Status.APPROVED and assessment.council.eia_moderation_required:
        return TransitionRefused("Your council publishes assessments only once they are moderated.")
    if step in (Step.SUBMIT, Step.START_REVIEW) and not assessment.is_latest:
        return TransitionRefused("A newer version of this assessment exists. Work on that one instead.")
    return None


PAST = {
    Step.SUBMIT: "submitted",
    Step.RETURN: "returned",
    Step.APPROVE: "signed off",
    Step.MODERATE: "moderated",
    Step.PUBLISH: "published",
    Step.START_REVIEW: "reviewed",
}


def open_steps(assessment, standing):
    return [step for step in Step if refusal(step, assessment, standing) is None]


def may_edit(assessment, standing):
    return assessment.status == Status.DRAFT and assessment.is_latest and standing.has(*EDITOR_ROLES)


# What happens after sign-off (the decision an EIA informed, its actions done) may be recorded by whoever takes it to
# its meeting and sees its actions through, signs it off or keeps the council's records.
FOLLOW_UP_ROLES = (Role.AUTHOR, Role.APPROVER, Role.COUNCIL_ADMIN)


def follow_up_refusal(assessment, standing, what):
    """Why the person may not record (or correct) `what` of the EIA ("the decision it informed"), as a
    TransitionRefused; None when they may. Only a signed-off EIA has an afterwards: a draft is not yet the council's
    view."""
    if not standing.has(*FOLLOW_UP_ROLES):
        return TransitionRefused(f"Your role does not allow you to record {what}.", forbidden=True)
    if assessment.status not in SIGNED_OFF:
        return TransitionRefused(
            f"This assessment is {status_in_words(assessment)}. Record {what} once it is signed off."
        )
    return None
