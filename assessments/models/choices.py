from django.db import models

from assessments import review, screening_rule


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for sign-off"
    APPROVED = "approved", "Signed off"
    MODERATED = "moderated", "Moderated"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


# From sign-off on, nothing of the EIA's content changes: a change is a new version.
SIGNED_OFF = frozenset({Status.APPROVED, Status.MODERATED, Status.PUBLISHED, Status.SUPERSEDED})
# Signed off and still the one in force: a superseded version has been replaced by a newer sign-off. One tuple, in
# one order, for the queries and the partial indexes of EIAs in force (Assessment.Meta) alike: SQLite uses a partial
# index only for a query whose condition matches the index's term by term.
IN_FORCE = (Status.APPROVED, Status.MODERATED, Status.PUBLISHED)


class Step(models.TextChoices):
    """The lifecycle's steps, each a button on the EIA page for the people who may press it."""

    SUBMIT = "submit", "Submit for sign-off"
    RETURN = "return", "Return to the author"
    APPROVE = "approve", "Sign off"
    MODERATE = "moderate", "Record moderation"
    PUBLISH = "publish", "Publish"
    START_REVIEW = "start_review", "Start a review"


class SubjectType(models.TextChoices):
    POLICY = "policy", "Policy"
    SERVICE = "service", "Service"
    STRATEGY = "strategy", "Strategy"
    PROCUREMENT = "procurement", "Procurement"
    BUDGET_DECISION = "budget_decision", "Budget decision"


class Decision(models.TextChoices):
    """The Equality and Human Rights Commission's four outcomes of an equality analysis."""

    NO_MAJOR_CHANGE = "no_major_change", "No major change: the analysis shows the proposal is robust"
    ADJUST = "adjust", "Adjust the proposal to remove barriers or better promote equality"
    CONTINUE = "continue", "Continue despite the potential for adverse impact, with a justification"
    STOP = "stop", "Stop and remove the proposal"


class ImpactLevel(models.TextChoices):
    HIGH = review.HIGH, "High"
    MEDIUM = review.MEDIUM, "Medium"
    LOW = review.LOW, "Low"


# What each level means (Cheshire West and Chester's EIA template), shown beside the grid and printed above it
# in the PDF.
LEVEL_DEFINITIONS = [
    (
        "High",
        "A significant potential impact, risk of exposure, history of complaints, no mitigating measures in place.",
    ),
    ("Medium", "Some potential impact exists, some mitigating measures are in place, poor evidence."),
    (
        "Low",
        "Little negative impact: the proposal barely touches the group, for example in an area led by "
        "legislation where the council has very little discretion.",
    ),
]


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"


class ModerationOutcome(models.TextChoices):
    ENDORSED = "endorsed", "Endorsed as it stands"
    ENDORSED_WITH_COMMENTS = "endorsed_with_comments", "Endorsed, with comments for the next review"
    CONCERNS = "concerns", "Concerns raised: the service should revisit it at its next review"


class DecisionOutcome(models.TextChoices):
    """What the meeting an EIA informed decided about the proposal."""

    AGREED = "agreed", "Agreed as proposed"
    AGREED_WITH_CHANGES = "agreed_with_changes", "Agreed with changes"
    DEFERRED = "deferred", "Deferred to a later meeting"
    NOT_AGREED = "not_agreed", "Not agreed"


class ReminderStage(models.TextChoices):
    DAYS_90 = "90", "90 days before the review date"
    DAYS_30 = "30", "30 days before the review date"
    DUE = "0", "on the review date"
    OVERDUE = "overdue", "overdue"


class ScreeningStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted for a decision"
    # StepsMixin.approve moves a record to APPROVED: for a screening, its sign-off is the decision to screen out.
    APPROVED = "screened_out", "Screened out: no full EIA needed"
    FULL_EIA_NEEDED = "full_eia_needed", "Full EIA needed"
    SUPERSEDED = "superseded", "Superseded"


# Decided: nothing of the screening's content changes after.
DECIDED = frozenset({ScreeningStatus.APPROVED, ScreeningStatus.FULL_EIA_NEEDED, ScreeningStatus.SUPERSEDED})


class ScreeningDecision(models.TextChoices):
    """What a decided screening decided, and how, in the words its page, PDF and the lists give it. A full EIA is
    needed either because an answer is Yes or Don't know (the answers decide, and the author starts it), or because
    an approver required one although every answer is No."""

    SCREENED_OUT = "screened_out", "Screened out: no full EIA needed"
    REQUIRED = "required", "A full EIA is needed: the approver required one"
    SCREENED_IN = "screened_in", "A full EIA is needed: the answers show it"


class ScreeningStep(models.TextChoices):
    SUBMIT = "submit", "Submit for a decision"
    RETURN = "return", "Return to the author"
    APPROVE = "approve", "Screen out: no full EIA needed"
    REQUIRE_FULL_EIA = "require_full_eia", "Require a full EIA"
    START_EIA = "start_eia", "Start the full EIA"
    REOPEN = "reopen", "Reopen the screening"


class ScreeningAnswerChoice(models.TextChoices):
    YES = screening_rule.YES, "Yes"
    NO = screening_rule.NO, "No"
    DONT_KNOW = screening_rule.DONT_KNOW, "Don't know"


class ScreeningInAnswer(models.TextChoices):
    """A screening's answer that leads to a full EIA, as the EIA's grid flags it: what the row asks of the author
    while drafting. A signed-off record states the answer, not the instruction."""

    YES = screening_rule.YES, "Negative impact to rate"
    DONT_KNOW = screening_rule.DONT_KNOW, "Not known: assess this row"
