"""The demo council's records moved on to a stage by the models' own methods, for tests of the page a stage shows
(the browser journeys move them on through the pages instead)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from actionplans.demo import TITLE as PLAN_TITLE
from actionplans.models import ActionPlan
from actionplans.services import plan_approve
from assessments.models import Assessment, Decision, ModerationOutcome
from assessments.services import assessment_approve, assessment_moderate
from tests.browser.steps import DEMO_TITLE
from tests.kept_rows import load_demo

MODERATION_BODY = "Strategic Commissioning Directorate Equality Group"


def demo_eia():
    return Assessment.objects.get(title=DEMO_TITLE)


def person(username):
    return get_user_model().objects.get(username=username)


def demo_eia_at(stage):
    """The demo EIA moved on to `stage`, by the model's methods, as the demo people would move it."""
    load_demo()
    eia = demo_eia()
    if stage == "draft":
        return eia
    author = person("demo-author")
    # What the demo lacks for sign-off, saved as the author would save it, so the history has a change.
    eia.evidence = "Complaints and compliments about care at home, 2013 to 2014."
    eia.decision = Decision.ADJUST
    eia.uncovered_reasons = {
        "marriage": "Care is arranged the same whatever a person's marital status.",
        "pregnancy": "Pregnancy does not change who is eligible.",
    }
    eia.last_edited_by = author
    eia._history_user = author
    eia.save()
    if stage == "changed":
        return eia
    eia = eia.submit(by=author)
    if stage == "submitted":
        return eia
    eia = assessment_approve(assessment=eia, by=person("demo-approver"))
    if stage == "approved":
        return eia
    return assessment_moderate(
        assessment=eia,
        by=person("demo-moderator"),
        body=MODERATION_BODY,
        on=timezone.localdate(),
        outcome=ModerationOutcome.ENDORSED,
    )


def demo_plan_at(stage):
    """The demo plan moved on to `stage` ("draft", "submitted" or "approved") by the model's methods."""
    load_demo()
    plan = ActionPlan.objects.get(title=PLAN_TITLE)
    if stage == "draft":
        return plan
    plan = plan.submit(by=person("demo-manager"))
    if stage == "submitted":
        return plan
    return plan_approve(plan=plan, by=person("demo-approver"))
