"""The pages `make bench` measures (benchmarks/run.py), the records it measures them on, and the target each is held
to (docs/performance.md)."""

import sys
from dataclasses import dataclass

from benchmarks import largest

# The targets (docs/performance.md), on a 2-core machine with PostgreSQL, each against a yardstick measured in the
# same run, as the machine's speed drifts from day to day and ratios much less: a signed-in page costs at most three
# times the empty signed-in page (the session, the person, their councils and the GOV.UK layout); a page anyone may
# read, signed out, at least half the trivial view's throughput; a PDF asked for alone, its p95 in milliseconds; a
# download of a whole register, its first byte's p95.
SIGNED_IN, TRIVIAL = "× signed-in", "× trivial"
LATENCIES = {"p95_ms": "", "first_byte_p95_ms": "first byte "}


@dataclass(frozen=True)
class Target:
    against: str  # SIGNED_IN or TRIVIAL: a least share of that floor's throughput; a key of LATENCIES: a most p95
    value: float

    def __str__(self):
        if self.against in LATENCIES:
            return f"{LATENCIES[self.against]}< {self.value:g} ms"
        return f"≥ {self.value:g} {self.against}"

    def met(self, row):
        if row["errors"]:
            return False
        if self.against in LATENCIES:
            return row.get(self.against) is not None and row[self.against] < self.value
        return row[self.against] != "" and row[self.against] >= self.value


# The yardsticks, measured before the pages and again after them: a Django view that does nothing, and the least
# any signed-in page costs (a session, a person, their councils and the GOV.UK layout).
TRIVIAL_PAGE, SIGNED_IN_FLOOR = "Trivial Django view (no database)", "Signed-in page with no records"
FLOORS = [(TRIVIAL_PAGE, {"paths": ["/benchmark/trivial"]}), (SIGNED_IN_FLOOR, {"paths": ["/accessibility"]})]

SIGNED_IN_PAGE = Target(SIGNED_IN, 0.33)
PUBLIC_PAGE = Target(TRIVIAL, 0.5)
EIA_PDF = Target("p95_ms", 150)
PLAN_PDF = Target("p95_ms", 1000)
EXPORT = Target("first_byte_p95_ms", 100)
# The annual report's PDF lists a council's year of records: it is held to the largest PDFs' bound below, not a
# page's.
REPORT_PDF = Target("p95_ms", largest.TARGET_S * 1000)


class Pages:
    """The records each page is measured on: the first scale council's, as its author sees them."""

    def __init__(self):
        from django.db.models import Count

        from actionplans.models import ActionPlan, PlanStatus
        from assessments.models import Assessment, Status
        from councils.models import Council, Membership, Role

        self.council = Council.objects.filter(slug__startswith="scale-").order_by("slug").first()
        if self.council is None:
            sys.exit("No scale data: run `python manage.py generate_scale_data` first.")
        self.author = Membership.objects.filter(council=self.council, role=Role.AUTHOR).first().user
        drafts = (
            Assessment.objects.filter(council=self.council, status=Status.DRAFT, is_latest=True)
            .annotate(row_count=Count("rows", distinct=True), action_count=Count("actions", distinct=True))
            .filter(row_count=15)
            .order_by("-action_count", "pk")
        )
        self.eia = drafts.first()
        # Each client saves a grid of its own, so that the saves measure saving, not two people's clashes.
        self.grids = list(drafts.values_list("pk", flat=True)[1:9])
        # Draft EIAs of the same size whose PDFs are made afresh: the kept ones are forgotten before they are asked for.
        self.fresh_pdfs = [f"/assessments/{pk}/pdf/" for pk in drafts.values_list("pk", flat=True)[9:]]
        self.plan = (
            ActionPlan.objects.filter(council=self.council)
            .annotate(action_count=Count("actions"))
            .order_by("-action_count", "pk")
            .first()
        )
        self.action = self.plan.actions.order_by("pk").first()
        # The council's plans not signed off, whose PDFs are drafts: a signed-off plan's is the one issued, as kept.
        self.draft_plan_pdfs = [
            f"/action-plans/{pk}/pdf/"
            for pk in ActionPlan.objects.filter(council=self.council)
            .exclude(status=PlanStatus.APPROVED)
            .values_list("pk", flat=True)
        ]
        # The council's public register, measured signed out.
        Council.objects.filter(pk=self.council.pk).update(register_public=True)

    def all(self):
        """(name, what the load process is given, clients at once or None for the run's, the Target it is held to
        or None)."""
        eia, plan = self.eia.pk, self.plan.pk
        return [
            ("Home dashboard", {"paths": ["/"]}, None, SIGNED_IN_PAGE),
            (
                "EIA list, searched and filtered",
                {"paths": ["/assessments/?q=care&status=approved", "/assessments/?q=day&status=draft"]},
                None,
                SIGNED_IN_PAGE,
            ),
            ("EIA list, overdue reviews", {"paths": ["/assessments/?review=overdue"]}, None, SIGNED_IN_PAGE),
            ("EIA page", {"paths": [f"/assessments/{eia}/"]}, None, SIGNED_IN_PAGE),
            # The same page while a second load process downloads draft PDFs, each made afresh: PDFs being made must
            # not take the rest of the site's workers.
            (
                "EIA page with PDFs beside it",
                {"paths": [f"/assessments/{eia}/"], "beside": {"paths": self.fresh_pdfs, "concurrency": 2}},
                None,
                SIGNED_IN_PAGE,
            ),
            ("Grid page", {"paths": [f"/assessments/{eia}/grid/"]}, None, SIGNED_IN_PAGE),
            (
                "Grid save (15 rows)",
                {"save": [{"path": f"/assessments/{pk}/grid/", "field": "rows-0-neutral"} for pk in self.grids]},
                None,
                SIGNED_IN_PAGE,
            ),
            ("Plan page with chart", {"paths": [f"/action-plans/{plan}/"]}, None, SIGNED_IN_PAGE),
            ("Action page", {"paths": [f"/action-plans/{plan}/actions/{self.action.pk}/"]}, None, SIGNED_IN_PAGE),
            # The council's whole register, each asked for alone: it starts answering at once, however long it is.
            ("EIA register export (XLSX)", {"paths": ["/assessments/register.xlsx"], "first_byte": True}, 1, EXPORT),
            ("EIA register export (CSV)", {"paths": ["/assessments/register.csv"], "first_byte": True}, 1, EXPORT),
            # The council's annual equality report for its last whole financial year, which the scale data's
            # two and a half years of records fill.
            (
                "Annual equality report",
                {"paths": [f"/assessments/annual-report/{self.council.slug}/"]},
                None,
                SIGNED_IN_PAGE,
            ),
            (
                "Public register, signed out",
                {"paths": [f"/register/{self.council.slug}/", f"/register/{self.council.slug}/?overdue=1"]},
                None,
                PUBLIC_PAGE,
            ),
            ("EIA PDF (15 rows), one at a time", {"paths": [f"/assessments/{eia}/pdf/"]}, 1, EIA_PDF),
            # A draft's PDF is kept once made: each request here is for another draft, so each makes its PDF.
            ("EIA PDF, first render", {"paths": self.fresh_pdfs, "forget_kept": True}, 1, EIA_PDF),
            ("Plan PDF (60 actions), one at a time", {"paths": [f"/action-plans/{plan}/pdf/"]}, 1, PLAN_PDF),
            # Each draft plan's PDF asked for once: a second a plan, less than each takes to make, so none comes kept.
            (
                "Plan PDF (60 actions), first render",
                {"paths": self.draft_plan_pdfs, "forget_kept": True, "seconds": len(self.draft_plan_pdfs)},
                1,
                PLAN_PDF,
            ),
            (
                "Annual equality report PDF, one at a time",
                {"paths": [f"/assessments/annual-report/{self.council.slug}/pdf/"]},
                1,
                REPORT_PDF,
            ),
        ]
