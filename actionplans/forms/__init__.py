"""The forms of action plans: a plan, its actions and their updates (plans.py), and a CQC result (cqc.py)."""

from actionplans.forms.cqc import CqcResultForm
from actionplans.forms.plans import ActionForm, PlanForm, ReturnForm, UpdateForm, WithdrawUpdateForm

__all__ = ["ActionForm", "CqcResultForm", "PlanForm", "ReturnForm", "UpdateForm", "WithdrawUpdateForm"]
