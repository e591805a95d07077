"""Councils at the size of a real one, for measuring pages at scale: services, one person of each role, EIAs
through their versions and lifecycle steps, and improvement plans against CQC's quality statements with two
years of monthly updates.

Everything is made through the models, in bulk. A signed-off record takes no new rows and no edits, so an EIA or
a plan is inserted as a draft that already holds what its lifecycle steps write (the sign-off, the moderation, the
review date), its rows, actions and milestones are added, and then one update moves it to its last step's status
while the database still has it as a draft, as Assessment.approve() saves its sign-off on a record not yet signed
off. The history is what the app's own saves leave: a status change and a history record for each step, the grid
as the author filled it in, the actions and milestones as they were added, and each status update of an action
with the history record of the action's new status.

Each council comes from its own random stream (seed and council number), so a council comes out the same
whichever others exist already. Dates count back from the start of the day it runs.
"""

import random
from dataclasses import dataclass, replace
from itertools import zip_longest

from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from assessments.models import Characteristic
from benchmarks import words
from benchmarks.scale_eias import EiasAtScale
from benchmarks.scale_plans import PlansAtScale
from benchmarks.steps import history_model
from councils.models import Council, Membership, Role, Service

PASSWORD = "scale-password-for-eqa"
BATCH = 1000
# bulk_update sends a CASE with a branch per object of the batch, which the database reads for every row it
# updates: smaller batches keep that from growing with the square of the batch.
UPDATE_BATCH = 250


@dataclass(frozen=True)
class Sizes:
    """What each council holds."""

    services: int
    eias: int  # assessment records, older versions included
    plans: int
    actions: int  # per plan
    updates: int  # monthly, per action

    def scaled(self, factor):
        """More or less of everything a council holds; two years of monthly updates stay two years."""

        def times(n):
            return max(1, round(n * factor)) if n else 0

        return replace(
            self,
            services=times(self.services),
            eias=times(self.eias),
            plans=times(self.plans),
            actions=times(self.actions),
        )


def council_slug(number):
    return f"scale-{number:02d}"


def username(council, role):
    return f"{council.slug}-{role}"


class CouncilAtScale(EiasAtScale, PlansAtScale):
    """One council and everything in it, made by build() inside the caller's transaction."""

    def __init__(self, number, *, sizes, seed, password_hash, now, counts):
        self.number, self.sizes, self.password_hash, self.now, self.counts = number, sizes, password_hash, now, counts
        self.rng = random.Random(f"{seed}:{number}")

    def build(self):
        self.council = Council.objects.create(
            name=f"Scale Test Council {self.number:02d}", slug=council_slug(self.number)
        )
        self.counts[Council._meta.label] += 1
        self.characteristics = self._characteristics()
        self.services = self._services()
        self.people = self._people()
        newest = self._assessments()
        self._plans(newest)
        return self.council

    # Bulk inserts, counted by table.

    def _insert(self, model, objs):
        created = model.objects.bulk_create(objs, batch_size=BATCH)
        self.counts[model._meta.label] += len(created)
        return created

    def _insert_with_history(self, model, objs):
        """Each object's `_history_date` and `_history_user` say when and by whom it was made."""
        created = bulk_create_with_history(objs, model, batch_size=BATCH)
        self.counts[model._meta.label] += len(created)
        self.counts[history_model(model)._meta.label] += len(created)
        return created

    def _insert_dated(self, model, objs, *names):
        """bulk_create stamps auto_now and auto_now_add fields with the time of the run: put back, in memory,
        when each thing happened, for an update to save."""
        when = [[getattr(obj, name) for name in names] for obj in objs]
        created = self._insert(model, objs)
        for obj, values in zip(created, when, strict=True):
            for name, value in zip(names, values, strict=True):
                setattr(obj, name, value)
        return created

    def _update(self, model, objs, names):
        model.objects.bulk_update(objs, names, batch_size=UPDATE_BATCH)

    def _save_steps(self, model, status_change, objs, changes, records):
        """The steps' status changes and history records; then the one update that moves each record to its last
        step's status, made while the database still has it as a draft, as Assessment.approve() saves its
        sign-off on a record that is not yet signed off."""
        self._insert(history_model(model), records)
        self._update(status_change, self._insert_dated(status_change, changes, "at"), ["at"])
        self._update(model, objs, ["status", "created_at", "updated_at"])

    # Words.

    def _sentences(self, pool, most=2, **names):
        return " ".join(s.format(**names) for s in self.rng.sample(pool, self.rng.randint(1, most)))

    def _name(self):
        return f"{self.rng.choice(words.FIRST_NAMES)} {self.rng.choice(words.LAST_NAMES)}"

    def _count(self):
        return f"{self.rng.randint(2, 120) * 10:,}"

    # The council.

    def _characteristics(self):
        """The default grid (a signal gives it to every new council), one row longer or one shorter, so that EIAs
        have 15, 14 or 13 rows: scale-01, the council the benchmark measures, has the longest."""
        grid = list(self.council.characteristics.all())
        self.counts[Characteristic._meta.label] += len(grid)
        if self.number % 3 == 1:
            label, guidance = words.ADDED_CHARACTERISTIC
            grid += self._insert(
                Characteristic,
                [Characteristic(council=self.council, position=len(grid) + 1, label=label, guidance=guidance)],
            )
        elif self.number % 3 == 2:
            left_out = next(c for c in grid if c.label == words.LEFT_OUT_CHARACTERISTIC)
            left_out.is_active = False
            left_out.save(update_fields=["is_active"])
        return [c for c in grid if c.is_active]

    def _services(self):
        """Directorates first, then their teams in turn, so that a smaller council still has every directorate."""
        count = self.sizes.services
        directorates = self._insert(
            Service, [Service(council=self.council, name=name, path=name) for name in list(words.DIRECTORATES)[:count]]
        )
        teams = [
            (parent, name)
            for turn in zip_longest(*words.DIRECTORATES.values())
            for parent, name in zip(directorates, turn, strict=False)
            if name
        ]
        extra = count - len(directorates) - len(teams)
        teams += [
            (directorates[n % len(directorates)], f"Locality team {n // len(directorates) + 1}")
            for n in range(max(0, extra))
        ]
        # Service.save() builds the path, which bulk_create does not call.
        teams = self._insert(
            Service,
            [
                Service(council=self.council, parent=parent, name=name, path=f"{parent.path} > {name}")
                for parent, name in teams[: count - len(directorates)]
            ],
        )
        return directorates + teams

    def _people(self):
        User = get_user_model()
        people = dict(
            zip(
                Role,
                self._insert(
                    User,
                    [
                        User(
                            username=username(self.council, role),
                            first_name=self.rng.choice(words.FIRST_NAMES),
                            last_name=self.rng.choice(words.LAST_NAMES),
                            email=f"{username(self.council, role)}@example.org",
                            password=self.password_hash,
                        )
                        for role in Role
                    ],
                ),
                strict=True,
            )
        )
        self._insert(
            Membership, [Membership(user=user, council=self.council, role=role) for role, user in people.items()]
        )
        return people
