"""The benchmark behind `make bench`: EqA's key pages at council scale, served as in production.

It makes the scale data if the database lacks it (generate_scale_data), collects the static files, starts gunicorn
with 2 workers, and for each page sends requests from a separate process (benchmarks/load.py) with a fixed number
of clients for a fixed time. It prints requests per second, p50, p95 and p99 latency, errors and queries per
request, and each page's throughput as a share of two floors measured in the same run, before the pages and
again after them: a trivial Django view's, and the empty signed-in page's. Each page's target is beside it. Then it
writes the same figures as JSON under bench-results/.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/eqa_bench make bench
    .venv/bin/python -m benchmarks.run --seconds 5 --only "EIA page"

Last, unless --only leaves them out, it times the PDFs of the largest EIA and plan EqA allows (benchmarks/largest.py),
rendered in this process, against the worker's time limit.
"""

# Run as a script, which sets Django up in main(): what needs Django's settings or EqA's models is imported inside
# the functions that run after that.
import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import largest

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"

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

# As the README runs it in production: two workers for the pages and one for the PDF made at once.
WORKERS = 3

SIGNED_IN_PAGE = Target(SIGNED_IN, 0.33)
PUBLIC_PAGE = Target(TRIVIAL, 0.5)
EIA_PDF = Target("p95_ms", 150)
PLAN_PDF = Target("p95_ms", 1000)
EXPORT = Target("first_byte_p95_ms", 100)
# The annual report's PDF lists a council's year of records: it is held to the largest PDFs' bound below, not a
# page's.
REPORT_PDF = Target("p95_ms", largest.TARGET_S * 1000)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def machine():
    from django.db import connection

    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else ""
    )
    with connection.cursor() as cursor:
        cursor.execute("select version()" if connection.vendor == "postgresql" else "select sqlite_version()")
        database = f"{connection.vendor} {cursor.fetchone()[0].split(' on ')[0]}"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "database": database,
        "system": f"{platform.system()} {platform.release()}",
    }


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


def queries_per_request(pages, work, signed_in=True):
    """The queries of one request, counted in this process on the same database, signed in as the load sends it."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.load import FormReader

    client = Client()
    if signed_in:
        client.force_login(pages.author)
    if "save" in work:
        path = work["save"][0]["path"]
        reader = FormReader()
        reader.feed(client.get(path).content.decode())
        data = {}
        for name, value in reader.fields:
            data.setdefault(name, []).append("Counted once." if name == work["save"][0]["field"] else value)
        with CaptureQueriesContext(connection) as queries:
            client.post(path, data)
        return len(queries)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(work["paths"][0])
        if response.streaming:  # a streamed download's queries are made as it is sent
            response.getvalue()
    return len(queries)


def session_cookie(user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def start_gunicorn(port, log, environment=None, workers=2):
    """gunicorn serving EqA on loopback at `port`, writing to `log`, with `environment` (the benchmark's settings
    unless given), once it answers; the multi-server tests start theirs with it too."""
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "eqa_site.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=environment or {**os.environ, "DJANGO_SETTINGS_MODULE": "benchmarks.settings"},
        stdout=log,
        stderr=log,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not answer on port {port}: see {log.name}")


def load(base, cookie, work, concurrency, seconds):
    """What one load process measured of `work`. With "forget_kept", the draft PDFs kept are forgotten first, so that
    each PDF asked for is made. With "beside" (paths and clients), a second load process asks for those, PDFs made
    afresh, for the same time; what it got is printed, not measured."""
    from councils.models import KeptPdf

    work = dict(work)
    beside = work.pop("beside", None)
    if work.pop("forget_kept", False) or beside:
        KeptPdf.objects.all().delete()
    # A page's own "seconds", where it gives them, is how long it is loaded.
    spec = {"base": base, "cookie": cookie, "concurrency": concurrency, "seconds": seconds, **work}
    other = None
    if beside:
        other = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.load"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        other.stdin.write(json.dumps({**spec, **beside}))
        other.stdin.close()
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks.load"],
        cwd=ROOT,
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=True,
    )
    if finished.stderr:
        print(finished.stderr, file=sys.stderr)
    if other is not None:
        got = json.loads(other.stdout.read())
        other.wait()
        print(
            f"  beside it, {beside['concurrency']} clients downloading PDFs: {got['requests']} made, "
            f"{got['errors']} refused or failed, p50 {got['p50_ms']} ms",
            file=sys.stderr,
        )
    return json.loads(finished.stdout)


def table(rows):
    header = [
        "page",
        "clients",
        "req/s",
        TRIVIAL,
        SIGNED_IN,
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "1st byte p95",
        "errors",
        "queries",
        "target",
    ]
    lines = [header] + [
        [
            row["page"],
            row["clients"],
            row["rps"],
            row[TRIVIAL],
            row[SIGNED_IN],
            row["p50_ms"],
            row["p95_ms"],
            row["p99_ms"],
            row.get("first_byte_p95_ms", ""),
            row["errors"],
            row["queries"],
            row["target"],
        ]
        for row in rows
    ]
    widths = [max(len(str(line[column])) for line in lines) for column in range(len(header))]
    return "\n".join(
        "  ".join(
            str(value).ljust(width) if column == 0 else str(value).rjust(width)
            for column, (value, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8, help="clients sending requests at once (default 8)")
    parser.add_argument("--seconds", type=float, default=15, help="how long each page is loaded (default 15)")
    parser.add_argument("--only", action="append", help="measure only the pages of these names")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("generate_scale_data")
    call_command("collectstatic", interactive=False, verbosity=0)
    pages = Pages()
    work = [entry for entry in pages.all() if not args.only or entry[0] in args.only]

    RESULTS.mkdir(exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(RESULTS / "gunicorn.log", "w") as log:
        server = start_gunicorn(port, log, workers=WORKERS)
        try:
            cookie = session_cookie(pages.author)
            floors = [(name, spec, "" if name == TRIVIAL_PAGE else cookie) for name, spec in FLOORS]
            before = {name: load(base, signed_in, spec, args.clients, args.seconds) for name, spec, signed_in in floors}
            measured = []
            for name, spec, clients, target in work:
                print(f"… {name}", file=sys.stderr)
                signed_in = "" if target is PUBLIC_PAGE else cookie
                result = load(base, signed_in, spec, clients or args.clients, args.seconds)
                measured.append((name, spec, clients or args.clients, target, result))
            after = {name: load(base, signed_in, spec, args.clients, args.seconds) for name, spec, signed_in in floors}
        finally:
            server.terminate()
            server.wait(timeout=30)

    # The yardsticks are the floors' throughput before and after the pages, as the machine's speed drifts.
    floor_rps = {name: (before[name]["rps"] + after[name]["rps"]) / 2 for name, _ in FLOORS}

    def line(name, clients, result, target=None, queries=0):
        at_once = clients == args.clients
        shares = {
            against: round(result["rps"] / floor_rps[floor], 3) if at_once else ""
            for against, floor in ((TRIVIAL, TRIVIAL_PAGE), (SIGNED_IN, SIGNED_IN_FLOOR))
        }
        figures = {"page": name, "clients": clients, **result, **shares, "queries": queries}
        figures["target"] = f"{target}: {'meets' if target.met(figures) else 'misses'}" if target else ""
        return figures

    floor_queries = {name: queries_per_request(pages, spec, name != TRIVIAL_PAGE) for name, spec in FLOORS}
    rows = [line(name, args.clients, before[name], queries=floor_queries[name]) for name, _ in FLOORS]
    rows += [
        line(name, clients, result, target, queries_per_request(pages, spec, target is not PUBLIC_PAGE))
        for name, spec, clients, target, result in measured
    ]
    rows += [
        line(f"{name}, again at the end", args.clients, after[name], queries=floor_queries[name]) for name, _ in FLOORS
    ]
    largest_pdfs = []
    if not args.only or largest.NAME in args.only:
        print(f"… {largest.NAME}", file=sys.stderr)
        largest_pdfs = [
            {
                "pdf": what,
                "seconds": round(seconds, 1),
                "bytes": size,
                "target": "meets" if seconds < largest.TARGET_S else "misses",
            }
            for what, seconds, size in largest.measure()
        ]

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "server": f"gunicorn, {WORKERS} sync workers",
        "clients": args.clients,
        "seconds_per_page": args.seconds,
        "council": pages.council.slug,
        "targets": {row["page"]: row["target"] for row in rows if row["target"]}
        | {"largest PDFs": f"< {largest.TARGET_S:g} s"},
        "pages": rows,
        "largest_pdfs": largest_pdfs,
    }
    path = RESULTS / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\n{report['machine']}\n")
    print(table(rows))
    for row in largest_pdfs:
        print(
            f"{row['pdf']}: {row['seconds']} s ({row['target']} {largest.TARGET_S:.0f} s, a third of the "
            f"{largest.WORKER_TIMEOUT_S} s worker time limit)"
        )
    print(f"\nThe figures as JSON: {path.relative_to(ROOT)}")
    for row in rows:
        if row.get("error_examples"):
            print(f"{row['page']}: {row['error_examples']}", file=sys.stderr)


if __name__ == "__main__":
    main()
