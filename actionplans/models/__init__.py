"""An improvement action plan (plan.py, its statuses and steps in choices.py), its actions, milestones and status
updates (actions.py), the council's words for an action's status (words.py), the framework they are set against
(framework.py), CQC assessment results (cqc.py), and how a council's plan files' columns and statuses are read and
which files were imported (imports.py)."""

from actionplans.models.actions import Action, Milestone, StatusUpdate
from actionplans.models.choices import PlanStatus, PlanStep, Source
from actionplans.models.cqc import CqcResult, StatementScore
from actionplans.models.framework import FrameworkKind, FrameworkVersion, Priority, QualityStatement, Theme
from actionplans.models.imports import ImportColumnMapping, ImportStatusValue, PlanImport
from actionplans.models.plan import ActionPlan, PendingImport, PlanIssuedPdf, PlanStatusChange
from actionplans.models.words import StatusWord

__all__ = [
    "Action",
    "ActionPlan",
    "CqcResult",
    "FrameworkKind",
    "FrameworkVersion",
    "ImportColumnMapping",
    "ImportStatusValue",
    "Milestone",
    "PendingImport",
    "PlanImport",
    "PlanIssuedPdf",
    "PlanStatus",
    "PlanStatusChange",
    "PlanStep",
    "Priority",
    "QualityStatement",
    "Source",
    "StatementScore",
    "StatusUpdate",
    "StatusWord",
    "Theme",
]
