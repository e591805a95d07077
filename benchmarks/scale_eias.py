"""The EIAs of a council at scale: each through its versions, every one a review of the one before, and its
lifecycle steps."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from itertools import pairwise

from django.utils import timezone

from assessments import review
from assessments.characteristics import uncovered
from assessments.models import (
    Assessment,
    AssessmentAction,
    DatePrecision,
    Decision,
    ImpactLevel,
    ImpactRow,
    ModerationOutcome,
    Status,
    StatusChange,
    SubjectType,
)
from assessments.models.assessment import ACTION_FIELDS, COPIED_TO_NEW_VERSION, ROW_FIELDS
from benchmarks import words
from benchmarks.steps import MONTH, Step, history_model, history_record, step_records, write_steps
from councils.models import Council, Role
from councils.references import format_reference

# How often each length of version history, and each state of an EIA's newest version, comes up.
VERSIONS = {1: 75, 2: 18, 3: 7}
NEWEST_STATE = {Status.DRAFT: 18, Status.SUBMITTED: 7, Status.APPROVED: 10, Status.MODERATED: 15, Status.PUBLISHED: 50}
# The steps to each state, and who takes each step how many days after the one before. An older version went
# all the way to published before it was reviewed.
PATHS = {
    Status.DRAFT: [],
    Status.SUBMITTED: [Status.SUBMITTED],
    Status.APPROVED: [Status.SUBMITTED, Status.APPROVED],
    Status.MODERATED: [Status.SUBMITTED, Status.APPROVED, Status.MODERATED],
    Status.PUBLISHED: [Status.SUBMITTED, Status.APPROVED, Status.MODERATED, Status.PUBLISHED],
}
TAKEN = {
    Status.SUBMITTED: (Role.AUTHOR, 1, 20),
    Status.DRAFT: (Role.APPROVER, 2, 15),  # returned to the author
    Status.APPROVED: (Role.APPROVER, 2, 30),
    Status.MODERATED: (Role.MODERATOR, 7, 60),
    Status.PUBLISHED: (Role.APPROVER, 1, 21),
}
RETURNED = 0.15  # of EIAs were sent back to the author once
DECISIONS = {Decision.NO_MAJOR_CHANGE: 50, Decision.ADJUST: 35, Decision.CONTINUE: 12, Decision.STOP: 3}
LEVELS = [ImpactLevel.LOW, ImpactLevel.MEDIUM, ImpactLevel.HIGH]


@dataclass
class Version:
    """One version of an EIA as it is being made: the record, its grid and actions, and its timeline."""

    assessment: Assessment
    rows: list
    actions: list  # (AssessmentAction, positions in `rows` of the rows it addresses)
    edited: list  # positions in `rows` of the rows the author filled in or changed
    planned: list = field(default_factory=list)  # (status, day, role, note) before the chain is dated
    start_day: float = 0
    edited_day: float = 0
    start: datetime = None
    edited_until: datetime = None
    steps: list = field(default_factory=list)


class EiasAtScale:
    """The EIA part of CouncilAtScale."""

    def _assessments(self):
        """Returns the newest version of each EIA."""
        author = self.people[Role.AUTHOR]
        chains = [self._chain(length) for length in self._chain_lengths()]
        Council.objects.filter(pk=self.council.pk).update(last_reference_number=self.council.last_reference_number)
        versions = [version for chain in chains for version in chain]
        # Each version points at the one before, which must have its id first.
        for number in sorted(VERSIONS):
            self._insert_dated(
                Assessment,
                [v.assessment for v in versions if v.assessment.version == number],
                "created_at",
                "updated_at",
            )

        for version in versions:
            for row in version.rows:
                row.assessment = version.assessment
        self._insert(ImpactRow, [row for version in versions for row in version.rows])
        # The grid is copied from the council's list without history, as copy_grid_from_council() does; what the
        # author then writes in it is recorded, as the grid page's save does.
        self._insert(
            history_model(ImpactRow),
            [
                history_record(version.rows[position], at=self._while_editing(version), by=author)
                for version in versions
                for position in version.edited
            ],
        )
        self._eia_actions(versions)

        changes, records = [], []
        for version in versions:
            assessment = version.assessment
            if assessment.version > 1:
                changes.append(
                    StatusChange(
                        assessment=assessment,
                        from_status="",
                        to_status=Status.DRAFT,
                        by=author,
                        at=version.start,
                        note=f"Review of version {assessment.version - 1}",
                    )
                )
            changes_of, records_of = step_records(
                assessment,
                version.steps,
                partial(StatusChange, assessment=assessment),
                created=version.start,
                by=author,
            )
            changes += changes_of
            records += records_of
        self._save_steps(Assessment, StatusChange, [version.assessment for version in versions], changes, records)
        return [chain[-1].assessment for chain in chains]

    def _chain_lengths(self):
        """Most EIAs have one version, some have been reviewed once or twice; the records add up to --eias."""
        left, lengths = self.sizes.eias, []
        while left:
            length = min(left, self.rng.choices(list(VERSIONS), list(VERSIONS.values()))[0])
            lengths.append(length)
            left -= length
        return lengths

    def _chain(self, length):
        """One EIA through its versions. Each review starts before the review date its version's worst impact
        gives, and supersedes it when the review is signed off."""
        rng = self.rng
        newest_state = rng.choices(list(NEWEST_STATE), list(NEWEST_STATE.values()))[0]
        # Only the newest version can still be a draft with gaps: the others were signed off.
        complete = length > 1 or newest_state != Status.DRAFT or rng.random() < 0.5
        chain = [self._first_version(complete=complete)]
        for _ in range(length - 1):
            chain.append(self._review_of(chain[-1]))

        day = 0.0
        for older, version in pairwise([None, *chain]):
            if older is not None:
                approved = next(d for status, d, _, _ in older.planned if status == Status.APPROVED)
                months = older.assessment.review_periods().months_for(self._worst(older))
                day = max(day + rng.uniform(7, 30), approved + months * MONTH.days - rng.uniform(0, 150))
            version.start_day = day
            day = self._schedule(version, newest_state if version is chain[-1] else Status.PUBLISHED, day)
        for older, version in pairwise(chain):
            approved = [d for status, d, _, _ in version.planned if status == Status.APPROVED]
            if approved:
                older.planned.append(
                    (Status.SUPERSEDED, approved[0], Role.APPROVER, f"Replaced by version {version.assessment.version}")
                )

        # Work in hand ends in the last months; a signed-off EIA may have waited years for its review.
        in_hand = newest_state in (Status.DRAFT, Status.SUBMITTED)
        start = self.now - timedelta(days=day + rng.uniform(1, 120 if in_hand else 2.5 * 365))
        for version in chain:
            version.start = start + timedelta(days=version.start_day)
            version.edited_until = start + timedelta(days=version.edited_day)
            version.steps = [
                self._eia_step(version, status, start + timedelta(days=d), self.people[role], note)
                for status, d, role, note in version.planned
            ]
            assessment = version.assessment
            write_steps(assessment, version.steps)
            assessment.is_latest = version is chain[-1]
            assessment.created_at = version.start
            assessment.updated_at = max([version.edited_until, *(step.at for step in version.steps)])
        return chain

    def _eia_step(self, version, status, at, by, note):
        """A step, with what Assessment's method for it writes."""
        day = timezone.localdate(at)
        if status == Status.APPROVED:
            return Step(
                status,
                at,
                by,
                note,
                {
                    "approved_by_id": by.pk,
                    "approved_at": at,
                    "review_due": review.review_due(day, self._worst(version), version.assessment.review_periods()),
                },
            )
        if status == Status.MODERATED:
            return Step(
                status,
                at,
                by,
                note,
                {
                    "moderation_body": self.rng.choice(words.MODERATION_BODIES),
                    "moderation_date": day,
                    "moderation_outcome": self.rng.choice(ModerationOutcome.values),
                    "moderation_comments": note,
                    "moderated_by_id": by.pk,
                    "moderated_at": at,
                },
            )
        if status == Status.PUBLISHED:
            return Step(status, at, by, note, {"published_at": at})
        return Step(status, at, by, note)

    def _schedule(self, version, state, day):
        """The steps to `state` in days from the chain's start; returns the day of the last."""
        rng = self.rng
        path = PATHS[state]
        if rng.random() < RETURNED:
            path = [Status.SUBMITTED, Status.DRAFT, *path]
        day += rng.uniform(1, 90) if not path else rng.uniform(10, 60)
        version.edited_day = day
        for status in path:
            role, fewest, most = TAKEN[status]
            if status == Status.PUBLISHED and rng.random() < 0.3:
                role = Role.COUNCIL_ADMIN
            day += rng.uniform(fewest, most)
            version.planned.append((status, day, role, self._step_note(status)))
        return day

    def _step_note(self, status):
        if status == Status.DRAFT:
            return self.rng.choice(words.RETURN_REASONS)
        if status == Status.MODERATED and self.rng.random() < 0.5:
            return self.rng.choice(words.MODERATION_COMMENTS)
        return ""

    def _reference(self):
        """The council's next reference, as councils.services.reference_take gives one, counted here and saved once
        for them all: its locked update of the council's row for each EIA, in the one transaction that makes the
        council, left PostgreSQL a longer chain of that row's versions to walk for each, and 15,000 EIAs took
        minutes."""
        self.council.last_reference_number += 1
        year = timezone.localdate().year
        return format_reference(self.council.reference_pattern, year=year, n=self.council.last_reference_number)

    def _first_version(self, *, complete):
        """A new EIA: its header, and its grid copied from the council's list as copy_grid_from_council() does.
        A complete one is ready for sign-off; an incomplete draft has gaps."""
        rng, author = self.rng, self.people[Role.AUTHOR]
        subject = rng.choice(words.SUBJECTS)
        decision = rng.choices(list(DECISIONS), list(DECISIONS.values()))[0]
        assessment = Assessment(
            council=self.council,
            reference=self._reference(),
            service=rng.choice(self.services),
            title=f"{rng.choice(words.CHANGES)} {subject}",
            subject_type=rng.choice(SubjectType.values),
            aims=self._sentences(words.AIMS, 3, subject=subject, amount=f"£{rng.randint(2, 60) * 25_000:,}"),
            service_users=self._sentences(words.SERVICE_USERS, subject=subject, count=self._count()),
            stakeholders=rng.choice(words.STAKEHOLDERS),
            lead_officer=self._name(),
            lead_officer_user=author if rng.random() < 0.3 else None,
            commissioning_officers=f"{self._name()}, {rng.choice(words.JOB_TITLES)}",
            evidence=self._sentences(words.EVIDENCE, 3),
            engagement=self._sentences(words.ENGAGEMENT, count=self._count()),
            decision=decision,
            decision_reason=rng.choice(words.DECISION_REASONS),
            head_of_service=self._name(),
            created_by=author,
            last_edited_by=author,
        )
        rows = [
            ImpactRow(characteristic=c, position=position, label=c.label, guidance=c.guidance, covers=list(c.covers))
            for position, c in enumerate(self.characteristics, start=1)
        ]
        edited = [position for position in range(len(rows)) if complete or rng.random() < 0.6]
        for position in edited:
            self._fill(rows[position], allow_high=True)
        if complete:
            left_out = uncovered((r.covers for r in rows), self.council.nation)
            assessment.uncovered_reasons = {c.value: words.LEFT_OUT_REASON for c in left_out}
        else:
            for name in rng.sample(["evidence", "engagement", "decision", "decision_reason"], rng.randint(1, 4)):
                setattr(assessment, name, "")
        return Version(assessment, rows, self._actions(rows), edited)

    def _review_of(self, previous):
        """The next version as Assessment.start_review() makes it, header, grid and actions copied, with the
        review's changes to a few rows."""
        before = previous.assessment
        assessment = Assessment(
            **{name: getattr(before, name) for name in COPIED_TO_NEW_VERSION},
            version=before.version + 1,
            previous_version=before,
            created_by=self.people[Role.AUTHOR],
            last_edited_by=self.people[Role.AUTHOR],
        )
        rows = [ImpactRow(**{name: getattr(row, name) for name in ROW_FIELDS}) for row in previous.rows]
        # No new High impact, which would need an action the copied plan does not have.
        edited = self.rng.sample(range(len(rows)), self.rng.randint(1, 3))
        for position in edited:
            self._fill(rows[position], allow_high=False)
        actions = [
            (AssessmentAction(**{name: getattr(action, name) for name in ACTION_FIELDS}), addressed)
            for action, addressed in previous.actions
        ]
        return Version(assessment, rows, actions, edited)

    def _fill(self, row, *, allow_high):
        rng, label = self.rng, row.label.lower()
        row.neutral = self._sentences(words.NEUTRAL, label=label) if rng.random() < 0.6 else ""
        row.positive = self._sentences(words.POSITIVE, label=label) if rng.random() < 0.4 else ""
        row.negative, row.negative_level = "", ""
        if rng.random() < 0.35:
            row.negative = self._sentences(words.NEGATIVE, label=label)
            row.negative_level = rng.choices(LEVELS, [55, 35, 10 if allow_high else 0])[0]
        if not row.is_filled:
            row.neutral = self._sentences(words.NEUTRAL, label=label)

    def _actions(self, rows):
        """Up to six actions, most addressing a negative impact; every High one has its action, as sign-off
        asks."""
        rng = self.rng
        highs = [p for p, row in enumerate(rows) if row.negative_level == ImpactLevel.HIGH]
        others = [p for p, row in enumerate(rows) if row.negative and row.negative_level != ImpactLevel.HIGH]
        count = max(len(highs), rng.randint(0, 6))
        addressed = [[p] for p in highs + rng.sample(others, min(len(others), count - len(highs)))]
        # The rest are general, such as reviewing take-up, and address no one row.
        addressed += [[] for _ in range(count - len(addressed))]
        return [
            (
                AssessmentAction(
                    position=position,
                    action_required=rng.choice(words.ACTIONS_REQUIRED),
                    key_activity=rng.choice(words.KEY_ACTIVITIES),
                    priority=review.worst_level(rows[p].negative_level for p in links) or ImpactLevel.LOW,
                    outcomes_required=rng.choice(words.OUTCOMES),
                    officer_responsible=self._name(),
                    review_date_precision=rng.choice(DatePrecision.values),
                ),
                links,
            )
            for position, links in enumerate(addressed, start=1)
        ]

    def _eia_actions(self, versions):
        """The EIAs' actions, the rows each addresses, and their history."""
        author = self.people[Role.AUTHOR]
        for version in versions:
            for action, _ in version.actions:
                action.assessment = version.assessment
                action.review_date = timezone.localdate(version.start) + timedelta(days=self.rng.randint(90, 540))
                if action.review_date_precision == DatePrecision.MONTH:
                    action.review_date = action.review_date.replace(day=1)
        actions = [action for version in versions for action, _ in version.actions]
        self._insert(AssessmentAction, actions)
        through = AssessmentAction.mitigates.through
        links = self._insert(
            through,
            [
                through(assessmentaction=action, impactrow=version.rows[position])
                for version in versions
                for action, addressed in version.actions
                for position in addressed
            ],
        )
        # One record as each action was added, with the rows it addresses, so that the history page says both.
        records = {
            record.id: record
            for record in self._insert(
                history_model(AssessmentAction),
                [
                    history_record(action, at=self._while_editing(version), by=author, history_type="+")
                    for version in versions
                    for action, _ in version.actions
                ],
            )
        }
        linked = history_model(AssessmentAction).mitigates.model
        self._insert(
            linked,
            [
                linked(
                    history=records[link.assessmentaction_id],
                    id=link.id,
                    assessmentaction_id=link.assessmentaction_id,
                    impactrow_id=link.impactrow_id,
                )
                for link in links
            ],
        )

    def _while_editing(self, version):
        return version.start + (version.edited_until - version.start) * self.rng.random()

    def _worst(self, version):
        return review.worst_level(row.negative_level for row in version.rows)
