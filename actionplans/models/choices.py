"""The choices of a plan's fields and lifecycle, apart from the models, so that the plan's actions and the rules of
who may take which step can name them without importing the plan."""

from django.db import models


class Source(models.TextChoices):
    LGA_PEER_REVIEW = "lga_peer_review", "LGA peer review"
    CQC_ASSESSMENT = "cqc_assessment", "CQC assessment"
    INTERNAL_AUDIT = "internal_audit", "Internal audit"
    SCRUTINY_REVIEW = "scrutiny_review", "Scrutiny review"
    OTHER = "other", "Other"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for sign-off"
    APPROVED = "approved", "Signed off"


class PlanStep(models.TextChoices):
    SUBMIT = "submit", "Submit for sign-off"
    RETURN = "return", "Return for changes"
    APPROVE = "approve", "Sign off"
