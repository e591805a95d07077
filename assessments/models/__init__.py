"""An EIA (assessment.py), its impact grid (grid.py), its action plan (actions.py) and its lifecycle records
(lifecycle.py)."""

from assessments.models.actions import AssessmentAction
from assessments.models.assessment import Assessment, ReviewSummary, SubmissionProblem
from assessments.models.choices import (
    LEVEL_DEFINITIONS,
    SIGNED_OFF,
    DatePrecision,
    Decision,
    ImpactLevel,
    ModerationOutcome,
    ReminderStage,
    ScreeningAnswerChoice,
    ScreeningInAnswer,
    ScreeningStatus,
    ScreeningStep,
    Status,
    Step,
    SubjectType,
)
from assessments.models.grid import Characteristic, ImpactRow
from assessments.models.lifecycle import IssuedPdf, ReviewReminder, StatusChange
from assessments.models.screening import Screening, ScreeningAnswer, ScreeningIssuedPdf, ScreeningStatusChange

__all__ = [
    "LEVEL_DEFINITIONS",
    "SIGNED_OFF",
    "Assessment",
    "AssessmentAction",
    "Characteristic",
    "DatePrecision",
    "Decision",
    "ImpactLevel",
    "ImpactRow",
    "IssuedPdf",
    "ModerationOutcome",
    "ReminderStage",
    "ReviewReminder",
    "ReviewSummary",
    "Screening",
    "ScreeningAnswer",
    "ScreeningAnswerChoice",
    "ScreeningInAnswer",
    "ScreeningIssuedPdf",
    "ScreeningStatus",
    "ScreeningStatusChange",
    "ScreeningStep",
    "Status",
    "StatusChange",
    "Step",
    "SubjectType",
    "SubmissionProblem",
]
