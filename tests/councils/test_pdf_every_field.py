"""Every field an officer can fill appears in the committee PDF: the EIA's (draft, signed off, moderated) and the
plan's. The fields are read from the forms officers fill, so a field added to a form and left out of the PDF fails
here. A text field gets a marker of its own; any other field must say here how the PDF shows it."""

import io
import itertools
from datetime import date

import pytest
from django import forms as django_forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from pypdf import PdfReader

from actionplans.forms import ActionForm, PlanForm, UpdateForm
from actionplans.models import Milestone, Priority, Source
from actionplans.pdf import render_plan_pdf
from actionplans.statuses import Colour, Meaning
from assessments.forms import AssessmentActionForm, AssessmentDetailsForm, CoverageForm, ImpactRowForm, ModerationForm
from assessments.models import (
    Assessment,
    AssessmentAction,
    Decision,
    ImpactLevel,
    ImpactRow,
    ModerationOutcome,
    SubjectType,
)
from assessments.pdf import render_assessment_pdf
from assessments.services import assessment_approve, assessment_moderate
from councils.models import Role, Service
from tests.factories import ActionFactory, AssessmentFactory, UserFactory, statement, status_word
from tests.lifecycle_helpers import person_with_role

# What the moderation form's fields are called on the EIA (the lifecycle step copies them across).
MODERATION_FIELDS = {
    "body": "moderation_body",
    "on": "moderation_date",
    "outcome": "moderation_outcome",
    "comments": "moderation_comments",
}


class Markers:
    """Short, distinct words that survive line wrapping (the PDF's text is compared without whitespace)."""

    def __init__(self):
        self.counter = itertools.count(1)
        self.expected = {}

    def new(self, what):
        marker = f"Zq{next(self.counter):03d}x"
        self.expected[what] = marker
        return marker

    def expect(self, what, text):
        self.expected[what] = text

    def missing_from(self, pdf):
        text = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
        return [what for what, expected in self.expected.items() if "".join(expected.split()) not in text]


def is_text(model, name):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return isinstance(field, models.CharField | models.TextField) and not field.choices


def fill(instance, form_class, markers, explicit, names=None):
    """Set each of the form's fields on `instance`: a marker for text, else the value `explicit` gives."""
    for name in names or form_class.base_fields:
        # A hidden field is the form's own bookkeeping (what the person first saw), nothing an officer fills.
        if name in explicit or form_class.base_fields[name].widget.is_hidden:
            continue
        assert is_text(type(instance), name), (
            f"{form_class.__name__}.{name} is not plain text: say in this test what the PDF shows for it"
        )
        setattr(instance, name, markers.new(f"{form_class.__name__}.{name}"))


@pytest.fixture
def people(council):
    return {role: person_with_role(council, role, role) for role in (Role.AUTHOR, Role.APPROVER, Role.MODERATOR)}


@pytest.fixture
def filled(council, people):
    """An EIA with every field of the details, grid, action and coverage forms filled, ready for sign-off."""
    markers = Markers()
    service = Service.objects.create(council=council, name=markers.new("AssessmentDetailsForm.service"))
    account = UserFactory(first_name=markers.new("AssessmentDetailsForm.lead_officer_user"), last_name="Ames")
    council.memberships.create(user=account, role=Role.VIEWER)
    assessment = AssessmentFactory(
        council=council, service=service, created_by=people[Role.AUTHOR], last_edited_by=people[Role.AUTHOR]
    )
    ImpactRow.objects.filter(assessment=assessment).delete()
    explicit = {
        "service": None,
        "lead_officer_user": None,
        "subject_type": markers.expect("AssessmentDetailsForm.subject_type", "Budget decision"),
        "decision": markers.expect("AssessmentDetailsForm.decision", Decision.CONTINUE.label),
        "assessment_date": markers.expect("AssessmentDetailsForm.assessment_date", "3 March 2026"),
        "meeting_date": markers.expect("AssessmentDetailsForm.meeting_date", "21 April 2026"),
    }
    fill(assessment, AssessmentDetailsForm, markers, explicit)
    assessment.assessment_date, assessment.meeting_date = date(2026, 3, 3), date(2026, 4, 21)
    assessment.subject_type, assessment.decision, assessment.lead_officer_user = (
        SubjectType.BUDGET_DECISION,
        Decision.CONTINUE,
        account,
    )

    # One row of the grid covers age; the Act's eight other characteristics each need a reason.
    row = ImpactRow(assessment=assessment, position=1, label=markers.new("ImpactRow.label"), covers=["age"])
    fill(row, ImpactRowForm, markers, {"negative_level": markers.expect("ImpactRowForm.negative_level", "High impact")})
    row.negative_level = ImpactLevel.HIGH
    row.save()
    coverage = CoverageForm(uncovered=assessment.uncovered_characteristics(), saved={})
    assessment.uncovered_reasons = {name: markers.new(f"CoverageForm.{name}") for name in coverage.names}
    assessment.save()

    action = AssessmentAction(assessment=assessment, position=1)
    explicit = {
        "priority": markers.expect("AssessmentActionForm.priority", "Medium"),
        "mitigates": None,  # the row's label, a marker already
        "review": markers.expect("AssessmentActionForm.review", "17 May 2031"),
        "review_in_past": None,
    }  # a question about the date typed: nothing of it is kept
    fill(action, AssessmentActionForm, markers, explicit)
    action.priority, action.review_date = ImpactLevel.MEDIUM, date(2031, 5, 17)
    action.save()
    action.mitigates.set([row])
    return assessment, markers


def fresh(assessment):
    return Assessment.objects.select_related("council", "service").get(pk=assessment.pk)


def test_the_draft_eia_pdf_shows_every_field(filled):
    assessment, markers = filled
    assert markers.missing_from(render_assessment_pdf(fresh(assessment))) == []


def test_the_signed_off_eia_pdf_shows_every_field(filled, people):
    assessment, markers = filled
    assessment.submit(by=people[Role.AUTHOR])
    signed_off = assessment_approve(assessment=fresh(assessment), by=people[Role.APPROVER])
    assert markers.missing_from(signed_off.issued_pdfs.get().read()) == []


def test_the_moderated_eia_pdf_shows_every_field_and_the_moderation(filled, people, django_capture_on_commit_callbacks):
    assessment, markers = filled
    assessment.submit(by=people[Role.AUTHOR])
    assessment_approve(assessment=fresh(assessment), by=people[Role.APPROVER])
    explicit = {
        "on": markers.expect("ModerationForm.on", "3 February 2026"),
        "outcome": markers.expect("ModerationForm.outcome", ModerationOutcome.CONCERNS.label),
    }
    values = {
        name: markers.new(f"ModerationForm.{name}") for name in ModerationForm.base_fields if name not in explicit
    }
    assert set(ModerationForm.base_fields) <= set(MODERATION_FIELDS), "say in this test what a new field is called"
    with django_capture_on_commit_callbacks(execute=True):
        moderated = assessment_moderate(
            assessment=fresh(assessment),
            by=people[Role.MODERATOR],
            body=values["body"],
            on=date(2026, 2, 3),
            outcome=ModerationOutcome.CONCERNS,
            comments=values["comments"],
        )
    pdf = moderated.issued_pdfs.get(kind="moderation").read()
    assert markers.missing_from(pdf) == []


def test_a_reason_the_grid_leaves_a_characteristic_out_is_printed_beside_it(filled):
    assessment, _ = filled
    text = "".join(
        "".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(render_assessment_pdf(fresh(assessment)))).pages
    )
    assert "Sexualorientation" + assessment.uncovered_reasons["sexual_orientation"] in text


def test_the_plan_pdf_shows_every_field(plan, manager):
    markers = Markers()
    explicit = {
        "council": markers.expect("PlanForm.council", plan.council.name),
        "source": markers.expect("PlanForm.source", Source.CQC_ASSESSMENT.label),
        "source_date": markers.expect("PlanForm.source_date", "9 October 2024"),
        "framework": markers.expect("PlanForm.framework", f"Framework {plan.framework.name}"),
    }
    fill(plan, PlanForm, markers, explicit)
    plan.source, plan.source_date = Source.CQC_ASSESSMENT, date(2024, 10, 9)
    plan.save()
    linked = ActionFactory(plan=plan, ref="T1.1")
    action = ActionFactory.build(plan=plan, ref="T2.7", quality_statement=statement("Partnerships and communities"))
    account = UserFactory(first_name=markers.new("ActionForm.lead_officer_user"), last_name="Ames")
    plan.council.memberships.create(user=account, role=Role.MANAGER)
    explicit = {
        "lead_officer_user": None,
        "ref": markers.expect("ActionForm.ref", "T2.7"),
        "quality_statement": markers.expect("ActionForm.quality_statement", "Partnerships and communities"),
        # The theme follows the quality statement in CQC's framework, and heads the statement's actions.
        "theme": markers.expect("ActionForm.theme", "Theme 2: Providing support"),
        "priority": markers.expect("ActionForm.priority", "T2.7 Must do"),
        "target_date": markers.expect("ActionForm.target_date", "Target date: 30 June 2025"),
        "milestones_text": None,
        "linked_actions": markers.expect("ActionForm.linked_actions", "Linked to T1.1"),
        "linked_assessments": None,
    }
    fill(action, ActionForm, markers, explicit)
    action.priority, action.target_date, action.lead_officer_user = Priority.MUST_DO, date(2025, 6, 30), account
    action.save()
    action.linked_actions.set([linked])
    eia = AssessmentFactory(
        council=plan.council, created_by=manager, title=markers.new("ActionForm.linked_assessments")
    )
    action.linked_assessments.set([eia])
    milestone = Milestone.objects.create(
        action=action, position=1, description=markers.new("ActionForm.milestones_text")
    )
    # Recorded complete by the manager, then verified by somebody else, who says what they saw.
    blue = plan.council.status_words.create(position=6, word="Blue", meaning=Meaning.VERIFIED, colour=Colour.BLUE)
    update = {
        "word": markers.expect("UpdateForm.word", "Blue (complete and verified)"),
        "evidence": markers.new("UpdateForm.evidence"),
        "note": markers.new("UpdateForm.note"),
        "milestones_done": markers.expect("UpdateForm.milestones_done", f"{milestone.description} done"),
        "on": markers.expect("UpdateForm.on", "1 March 2025"),
        "once": None,
    }  # the form's one-time key (councils/once.py): nothing to print
    assert set(UpdateForm.base_fields) <= set(update), "say in this test what the PDF shows of a new field"
    action.record_update(
        by=manager,
        word=status_word(plan.council, "Complete"),
        note="Done.",
        milestones_done=[milestone],
        on=date(2025, 3, 1),
    )
    action.record_update(
        by=person_with_role(plan.council, Role.MANAGER, "vic-verifier"),
        word=blue,
        note=update["note"],
        evidence=update["evidence"],
        on=date(2025, 3, 1),
    )
    assert markers.missing_from(render_plan_pdf(plan)) == []


def test_a_choice_field_cannot_slip_through_as_text():
    with pytest.raises(AssertionError, match="not plain text"):
        fill(Assessment(), AssessmentDetailsForm, Markers(), {}, names=["decision"])
    assert isinstance(AssessmentDetailsForm.base_fields["decision"], django_forms.ChoiceField)
