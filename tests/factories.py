import factory
from django.contrib.auth import get_user_model

from assessments.models import Assessment, AssessmentAction, Screening, SubjectType
from councils.models import Council, Membership, Role, Service
from councils.services import reference_take


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Test Borough Council {n}")
    slug = factory.Sequence(lambda n: f"test-borough-{n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Service {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Role.AUTHOR


class RecordFactory(factory.django.DjangoModelFactory):
    """A record with a lifecycle, as starting one in the browser gives: the council's next reference (a new version
    keeps the reference of the one it follows) and its rows copied from the council's list (`copy_rows`). It is
    built as a draft, then moved to the status asked for, as a signed-off record takes no new rows."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    council = factory.SubFactory(CouncilFactory)
    service = factory.SubFactory(ServiceFactory, council=factory.SelfAttribute("..council"))
    created_by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, status="draft", **kwargs):
        if not kwargs.get("reference"):
            previous = kwargs.get("previous_version")
            kwargs["reference"] = previous.reference if previous else reference_take(council=kwargs["council"])
        record = super()._create(model_class, *args, **kwargs)
        cls.copy_rows(record)
        if status != "draft":
            model_class.objects.filter(pk=record.pk).update(status=status)
            record.status = status
        return record


class AssessmentFactory(RecordFactory):
    """An EIA with its grid."""

    class Meta:
        model = Assessment

    title = factory.Sequence(lambda n: f"Assessment {n}")
    subject_type = SubjectType.SERVICE

    @staticmethod
    def copy_rows(assessment):
        assessment.copy_grid_from_council()


class ScreeningFactory(RecordFactory):
    """A screening with a row to answer for each row of the council's list."""

    class Meta:
        model = Screening

    title = factory.Sequence(lambda n: f"Screening {n}")
    proposal = "Close two day centres."
    affects = "About 120 people who use the day centres, and their carers."

    @staticmethod
    def copy_rows(screening):
        screening.copy_rows_from_council()


class AssessmentActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentAction

    assessment = factory.SubFactory(AssessmentFactory)
    action_required = factory.Sequence(lambda n: f"Action {n}")
    priority = "low"


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actionplans.ActionPlan"

    council = factory.SubFactory(CouncilFactory)
    framework = factory.LazyFunction(lambda: _current_framework())
    title = factory.Sequence(lambda n: f"Peer review action plan {n}")
    source = "lga_peer_review"
    created_by = factory.SubFactory(UserFactory)


def _current_framework():
    from actionplans.models import FrameworkVersion

    return FrameworkVersion.objects.get(is_current=True)


def statement(name):
    """A quality statement of the current CQC framework, by its name."""
    from actionplans.models import QualityStatement

    return QualityStatement.objects.get(theme__framework__is_current=True, name=name)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actionplans.Action"

    plan = factory.SubFactory(ActionPlanFactory)
    ref = factory.Sequence(lambda n: f"T1.{n + 1}")
    quality_statement = factory.LazyFunction(lambda: statement("Assessing needs"))
    area_of_focus = factory.Sequence(lambda n: f"Area of focus {n}")
    lead_officers = "Assistant Director Adult Social Care"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actionplans.Milestone"

    action = factory.SubFactory(ActionFactory)
    description = factory.Sequence(lambda n: f"Milestone {n}")


def status_word(council, text):
    """One of the council's status words, by its wording ("On track"), as an update chooses it."""
    from actionplans.models import StatusWord

    return StatusWord.objects.get(council=council, word=text)
