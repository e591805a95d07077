"""An improvement action plan (plan.py, its statuses and steps in choices.py), its actions, milestones and status
updates (actions.py), the framework they are set against (framework.py) and CQC assessment results (cqc.py)."""

from actionplans.models.actions import Action, ActionStatus, Milestone, StatusUpdate
from actionplans.models.choices import PlanStatus, PlanStep, Source
from actionplans.models.cqc import CqcResult, StatementScore
from actionplans.models.framework import FrameworkKind, FrameworkVersion, Priority, QualityStatement, Theme
from actionplans.models.plan import ActionPlan, PendingImport, PlanIssuedPdf, PlanStatusChange

__all__ = [
    "Action",
    "ActionPlan",
    "ActionStatus",
    "CqcResult",
    "FrameworkKind",
    "FrameworkVersion",
    "Milestone",
    "PendingImport",
    "PlanIssuedPdf",
    "PlanStatus",
    "PlanStatusChange",
    "PlanStep",
    "Priority",
    "QualityStatement",
    "Source",
    "StatementScore",
    "StatusUpdate",
    "Theme",
]
