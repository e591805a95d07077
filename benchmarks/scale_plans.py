"""The improvement plans of a council at scale, against CQC's quality statements, with monthly status updates."""

from collections import Counter
from datetime import timedelta
from functools import partial

from django.utils import timezone

from actionplans.cqc import current_framework, current_statements
from actionplans.models import Action, ActionPlan, Milestone, PlanStatus, PlanStatusChange, StatusUpdate, StatusWord
from actionplans.refs import ref_key
from benchmarks import words
from benchmarks.steps import MONTH, Step, history_model, history_record, made, step_records, write_steps
from councils.models import Role

# Plans, in turn by their number in the council; the second was returned once before its sign-off.
PLAN_STATES = [PlanStatus.APPROVED, PlanStatus.APPROVED, PlanStatus.APPROVED, PlanStatus.SUBMITTED, PlanStatus.DRAFT]
# An action's status, in a council's default words, from one month to the next; completion comes only in the last
# months of the plan.
START, STARTED, ON_TRACK, OFF_TRACK, COMPLETE = "To be started", "Started", "On track", "Off track", "Complete"
NEXT_STATUS = {
    START: {START: 1, STARTED: 1},
    STARTED: {STARTED: 4, ON_TRACK: 5, OFF_TRACK: 1},
    ON_TRACK: {ON_TRACK: 16, OFF_TRACK: 2, COMPLETE: 2},
    OFF_TRACK: {OFF_TRACK: 1, ON_TRACK: 1},
    COMPLETE: {COMPLETE: 1},
}
COMPLETION_MONTHS = 8  # the last months of updates, in which an action may be completed
STALE = 0.15  # of actions nobody has updated for three months or more
SLIPPING = 0.2  # of milestones stay open after their due month, until their action is complete


class PlansAtScale:
    """The action plan part of CouncilAtScale."""

    def _plans(self, assessments):
        """Improvement plans against the current CQC framework; some actions are linked to one of `assessments`."""
        framework = current_framework()
        statements = list(current_statements(framework))
        manager = self.people[Role.MANAGER]
        plans, steps_of = [], []
        for index in range(self.sizes.plans):
            # Written long enough ago for its sign-off and then its months of updates to follow.
            created = self.now - (self.sizes.updates + 9) * MONTH + timedelta(days=self.rng.uniform(-20, 20))
            source, title = words.PLAN_TITLES[index % len(words.PLAN_TITLES)]
            source_date = timezone.localdate(created) - timedelta(days=self.rng.randint(20, 60))
            plan = ActionPlan(
                council=self.council,
                framework=framework,
                title=title.format(year=source_date.year),
                source=source,
                source_date=source_date,
                created_by=manager,
                last_edited_by=manager,
                description=self._sentences(words.AIMS, subject="adult social care", amount="£1,000,000"),
            )
            steps = self._plan_steps(created, PLAN_STATES[index % len(PLAN_STATES)], returned=index == 1)
            write_steps(plan, steps)
            plan.created_at, plan.updated_at = created, max([created, *(step.at for step in steps)])
            plans.append(plan)
            steps_of.append(steps)
        self._insert_dated(ActionPlan, plans, "created_at", "updated_at")

        self.words = {word.word: word for word in StatusWord.objects.filter(council=self.council)}
        actions = self._insert_with_history(
            Action, [action for plan in plans for action in self._actions_of(plan, statements)]
        )
        milestones = self._insert_with_history(
            Milestone, [milestone for action in actions for milestone in self._milestones_of(action)]
        )
        self._updates(actions, milestones)
        self._links(plans, actions, assessments)

        changes, records = [], []
        for plan, steps in zip(plans, steps_of, strict=True):
            changes_of, records_of = step_records(
                plan, steps, partial(PlanStatusChange, plan=plan), created=plan.created_at, by=manager
            )
            changes += changes_of
            records += records_of
        self._save_steps(ActionPlan, PlanStatusChange, plans, changes, records)

    def _plan_steps(self, created, state, *, returned):
        """Submitted by the manager and signed off by the approver in the weeks after the plan was written."""
        path = {
            PlanStatus.DRAFT: [],
            PlanStatus.SUBMITTED: [PlanStatus.SUBMITTED],
            PlanStatus.APPROVED: [PlanStatus.SUBMITTED, PlanStatus.APPROVED],
        }[state]
        if returned:
            path = [PlanStatus.SUBMITTED, PlanStatus.DRAFT, *path]
        at, steps = created, []
        for status in path:
            at += timedelta(days=self.rng.uniform(5, 20))
            if status == PlanStatus.SUBMITTED:
                steps.append(Step(status, at, self.people[Role.MANAGER]))
            elif status == PlanStatus.DRAFT:
                steps.append(Step(status, at, self.people[Role.APPROVER], words.PLAN_RETURN_REASON))
            else:
                approver = self.people[Role.APPROVER]
                steps.append(Step(status, at, approver, fields={"approved_by_id": approver.pk, "approved_at": at}))
        return steps

    def _actions_of(self, plan, statements):
        """The plan's actions as the importer adds them, against the quality statements in turn, numbered within
        their theme: T1.1, T1.2, … T2.1."""
        rng, numbered = self.rng, Counter()
        created = plan.created_at + timedelta(minutes=1)
        actions = []
        for position in range(self.sizes.actions):
            statement = statements[position % len(statements)]
            numbered[statement.theme.number] += 1
            ref = f"T{statement.theme.number}.{numbered[statement.theme.number]}"
            actions.append(
                made(
                    Action(
                        plan=plan,
                        ref=ref,
                        ref_key=ref_key(ref),
                        quality_statement=statement,
                        theme_id=statement.theme_id,
                        area_of_focus=rng.choice(words.AREAS_OF_FOCUS),
                        actions_taken=self._sentences(words.ACTIONS_TAKEN),
                        success_measures=self._sentences(words.SUCCESS_MEASURES),
                        lead_officers=self._name(),
                        status=self.words[START].meaning,
                        status_word=self.words[START],
                    ),
                    created,
                    self.people[Role.MANAGER],
                )
            )
        return actions

    def _milestones_of(self, action):
        """Two milestones, due by the month as plans give them; the second may fall after the last update."""
        due = timezone.localdate(action._history_date)
        milestones = []
        for position, most in ((1, 360), (2, 720)):
            due = (due + timedelta(days=self.rng.randint(90, most))).replace(day=1)
            description = self.rng.choice(words.MILESTONES)
            milestones.append(
                made(
                    Milestone(
                        action=action,
                        position=position,
                        description=description,
                        due_date=due,
                        due_precision=Milestone.Precision.MONTH,
                        source_text=f"{description} {due:%B %Y}",
                    ),
                    action._history_date,
                    action._history_user,
                )
            )
        return milestones

    def _updates(self, actions, milestones):
        """Monthly updates of each action, as Action.record_update() records them: the update, the milestones it
        ticks done, and the action's new status with its history record. Most actions were updated in the last
        month; a few have gone stale."""
        rng, months = self.rng, self.sizes.updates
        updaters = [self.people[Role.MANAGER]] * 3 + [self.people[Role.AUTHOR]]
        milestones_of = {}
        for milestone in milestones:
            milestones_of.setdefault(milestone.action_id, []).append(milestone)
        slipping = {milestone.pk for milestone in milestones if rng.random() < SLIPPING}
        updates, ticks, action_records, milestone_records = [], [], [], []
        for action in actions:
            last = self.now - timedelta(days=rng.uniform(90, 180) if rng.random() < STALE else rng.uniform(1, 25))
            status = START
            for month in range(months):
                before_last = (months - 1 - month) * MONTH
                at = last - before_last - timedelta(days=rng.uniform(0, 3)) if before_last else last
                choices = NEXT_STATUS[status]
                if months - month > COMPLETION_MONTHS:
                    choices = {s: weight for s, weight in choices.items() if s != COMPLETE}
                previous, status = status, rng.choices(list(choices), list(choices.values()))[0]
                by = rng.choice(updaters)
                word, previous_word = self.words[status], self.words[previous]
                update = StatusUpdate(
                    action=action,
                    status=word.meaning,
                    word=word,
                    previous_status=previous_word.meaning,
                    previous_word=previous_word,
                    by=by,
                    at=at,
                    recorded_at=at,
                    note=rng.choice(words.UPDATE_NOTES[status]),
                )
                updates.append(update)
                for milestone in milestones_of[action.pk]:
                    due = milestone.due_date <= timezone.localdate(at) and milestone.pk not in slipping
                    if not milestone.done and (status == COMPLETE or (due and rng.random() < 0.4)):
                        milestone.done, milestone.done_on = True, timezone.localdate(at)
                        ticks.append((update, milestone))
                        milestone_records.append(history_record(milestone, at=at, by=by))
                action_records.append(history_record(action, at=at, by=by, status=word.meaning, status_word_id=word.pk))
                action.status, action.status_word, action.last_update_at = word.meaning, word, at
            action.created_at = action._history_date
            action.updated_at = action.last_update_at or action.created_at
        self._insert(StatusUpdate, updates)
        through = StatusUpdate.milestones_done.through
        self._insert(through, [through(statusupdate=update, milestone=milestone) for update, milestone in ticks])
        self._update(Milestone, milestones, ["done", "done_on"])
        self._insert(history_model(Milestone), milestone_records)
        self._update(Action, actions, ["status", "status_word", "last_update_at", "created_at", "updated_at"])
        self._insert(history_model(Action), action_records)

    def _links(self, plans, actions, assessments):
        """Some actions are linked to an earlier action of their plan, some to one of the council's EIAs."""
        rng = self.rng
        pairs = []
        for plan in plans:
            of_plan = [action for action in actions if action.plan_id == plan.pk]
            pairs += [
                (action, rng.choice(of_plan[:index]))
                for index, action in enumerate(of_plan)
                if index and rng.random() < 0.1
            ]
        linked = Action.linked_actions.through
        # The link is symmetrical: Django keeps a row each way.
        self._insert(linked, [linked(from_action=a, to_action=b) for pair in pairs for a, b in (pair, pair[::-1])])
        eias = Action.linked_assessments.through
        self._insert(
            eias,
            [
                eias(action=action, assessment=rng.choice(assessments))
                for action in actions
                if assessments and rng.random() < 0.15
            ],
        )
