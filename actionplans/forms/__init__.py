"""The forms of action plans: a plan, its actions, their updates, its filters, progress report and import
(plans.py), the council's status words (words.py), and a CQC result (cqc.py)."""

from actionplans.forms.cqc import CqcResultForm
from actionplans.forms.plans import (
    ActionFilters,
    ActionForm,
    ImportForm,
    PlanForm,
    ProgressReportForm,
    ReturnForm,
    UpdateForm,
    WithdrawUpdateForm,
)
from actionplans.forms.words import StatusWordForm

__all__ = [
    "ActionFilters",
    "ActionForm",
    "CqcResultForm",
    "ImportForm",
    "PlanForm",
    "ProgressReportForm",
    "ReturnForm",
    "StatusWordForm",
    "UpdateForm",
    "WithdrawUpdateForm",
]
