"""The forms of an EIA's own record and the list of EIAs (details.py), its impact grid and the questions at its end
(grid.py), its actions (actions.py), the decision it informed (decisions.py) and its actions done (done.py), its
lifecycle steps (lifecycle.py), the council's grid rows and equality duties on the settings pages (grid_rows.py,
duties.py), and its questions and the standard fields it asks (questions.py); the public register's filters and a
cumulative impact page's round (filters.py)."""

from assessments.forms.actions import AssessmentActionForm, past_review_date
from assessments.forms.decisions import DecisionForm
from assessments.forms.details import (
    REVIEW_FILTERS,
    AssessmentDetailsForm,
    AssessmentFilters,
    StartAssessmentForm,
    refuse_beyond_eia_limit,
)
from assessments.forms.done import ActionDoneForm
from assessments.forms.duties import DutiesForm
from assessments.forms.grid import (
    NO_LEVEL,
    AddedRowForm,
    BaseGridFormSet,
    CoverageForm,
    GridFormSet,
    GridQuestionsForm,
    GridWithQuestions,
    ImpactRowForm,
)
from assessments.forms.grid_rows import GridRowForm
from assessments.forms.lifecycle import ModerationForm, ReturnForm
from assessments.forms.questions import QuestionForm, StandardFieldsForm

__all__ = [
    "ActionDoneForm",
    "NO_LEVEL",
    "REVIEW_FILTERS",
    "AddedRowForm",
    "AssessmentActionForm",
    "AssessmentDetailsForm",
    "DecisionForm",
    "AssessmentFilters",
    "BaseGridFormSet",
    "CoverageForm",
    "DutiesForm",
    "GridFormSet",
    "GridRowForm",
    "ImpactRowForm",
    "GridQuestionsForm",
    "GridWithQuestions",
    "ModerationForm",
    "QuestionForm",
    "ReturnForm",
    "StandardFieldsForm",
    "StartAssessmentForm",
    "past_review_date",
    "refuse_beyond_eia_limit",
]
