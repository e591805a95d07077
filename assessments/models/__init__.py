"""An EIA (assessment.py), its impact grid (grid.py), its action plan and what of it was done (actions.py), its
lifecycle records (lifecycle.py), the decision it informed (decisions.py) and what its council asks of its own
(questions.py)."""

from assessments.models.actions import ActionDone, AssessmentAction
from assessments.models.assessment import Assessment, ReviewSummary, SubmissionProblem
from assessments.models.choices import (
    IN_FORCE,
    LEVEL_DEFINITIONS,
    SIGNED_OFF,
    DatePrecision,
    Decision,
    DecisionOutcome,
    ImpactLevel,
    ModerationOutcome,
    ReminderStage,
    ScreeningAnswerChoice,
    ScreeningDecision,
    ScreeningInAnswer,
    ScreeningStatus,
    ScreeningStep,
    Status,
    Step,
    SubjectType,
)
from assessments.models.decisions import DecisionRecord
from assessments.models.grid import Characteristic, ImpactRow
from assessments.models.legacy import LegacyAssessment, PendingLegacyFile, PendingLegacyImport
from assessments.models.lifecycle import IssuedPdf, ReviewReminder, StatusChange
from assessments.models.questions import STANDARD_FIELDS, Answer, FieldState, Question, StandardField, asked_fields
from assessments.models.screening import Screening, ScreeningAnswer, ScreeningIssuedPdf, ScreeningStatusChange

__all__ = [
    "ActionDone",
    "IN_FORCE",
    "LEVEL_DEFINITIONS",
    "SIGNED_OFF",
    "STANDARD_FIELDS",
    "Answer",
    "Assessment",
    "AssessmentAction",
    "Characteristic",
    "DatePrecision",
    "Decision",
    "DecisionOutcome",
    "DecisionRecord",
    "FieldState",
    "ImpactLevel",
    "ImpactRow",
    "IssuedPdf",
    "LegacyAssessment",
    "ModerationOutcome",
    "PendingLegacyFile",
    "PendingLegacyImport",
    "Question",
    "ReminderStage",
    "ReviewReminder",
    "ReviewSummary",
    "Screening",
    "ScreeningAnswer",
    "ScreeningAnswerChoice",
    "ScreeningDecision",
    "ScreeningInAnswer",
    "ScreeningIssuedPdf",
    "ScreeningStatus",
    "ScreeningStatusChange",
    "ScreeningStep",
    "StandardField",
    "Status",
    "StatusChange",
    "Step",
    "SubjectType",
    "SubmissionProblem",
    "asked_fields",
]
