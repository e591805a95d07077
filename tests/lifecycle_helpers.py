"""An EIA ready for sign-off, a screening ready for its decision, and the people of every role, for the lifecycle
tests."""

from assessments.models import AssessmentAction, ImpactRow, Screening
from councils.models import Role
from councils.services import reference_take
from tests.factories import AssessmentFactory, MembershipFactory, UserFactory

ROLES = [Role.AUTHOR, Role.MANAGER, Role.APPROVER, Role.MODERATOR, Role.VIEWER, Role.COUNCIL_ADMIN]


def ready_assessment(council, service, author, **kwargs):
    """Every header section filled, every row filled, a High negative impact with its action."""
    kwargs.setdefault("title", "Care at home services")
    assessment = AssessmentFactory(
        council=council,
        service=service,
        created_by=author,
        last_edited_by=author,
        aims="Keep people at home.",
        service_users="800 service users",
        lead_officer="Jamaila Tausif",
        evidence="Complaints data 2013-14.",
        decision="adjust",
        **kwargs,
    )
    ImpactRow.objects.filter(assessment=assessment).update(neutral="Available to all.")
    high = assessment.rows.get(position=2)
    ImpactRow.objects.filter(pk=high.pk).update(negative="Steps at the front door.", negative_level="high")
    action = AssessmentAction.objects.create(assessment=assessment, action_required="Fit ramps", priority="high")
    action.mitigates.set([high])
    return assessment


def person_with_role(council, role, username):
    user = UserFactory(username=username, email=f"{username}@example.org")
    return MembershipFactory(council=council, role=role, user=user).user


def ready_screening(council, service, author, **kwargs):
    """A draft screening ready to submit: every answer No, and the author's reason that no full EIA is needed."""
    kwargs.setdefault("title", "Day opportunities review")
    screening = Screening.objects.create(
        council=council,
        service=service,
        reference=reference_take(council=council),
        proposal="Close two day centres.",
        affects="About 120 people who use the day centres, and their carers.",
        conclusion="A change of address only.",
        created_by=author,
        last_edited_by=author,
        **kwargs,
    )
    screening.copy_rows_from_council()
    screening.answers.update(answer="no")
    return screening
