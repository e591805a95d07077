"""The forms of action plans: a plan, its actions, their updates, its filters, progress report and import
(plans.py), and a CQC result (cqc.py)."""

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

__all__ = [
    "ActionFilters",
    "ActionForm",
    "CqcResultForm",
    "ImportForm",
    "PlanForm",
    "ProgressReportForm",
    "ReturnForm",
    "UpdateForm",
    "WithdrawUpdateForm",
]
