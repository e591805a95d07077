"""The benchmark behind `make bench`: EqA's key pages at council scale, served as in production.

It makes the scale data if the database lacks it (generate_scale_data), collects the static files, starts gunicorn
with 2 workers, and for each page sends requests from a separate process (benchmarks/load.py) with a fixed number
of clients for a fixed time. It prints requests per second, p50, p95 and p99 latency, errors and queries per
request, and each page's throughput as a share of a trivial Django view's measured in the same run, then writes
the same figures as JSON under bench-results/.

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
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import largest

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"

# The targets of the issue this benchmark was written for, on a 2-core machine with PostgreSQL.
P95_TARGET_MS = 150
RATIO_TARGET = 0.25
PDF_TARGET_MS = 2000
# A page anyone may read, signed out (the public register): at least half the trivial view's throughput.
PUBLIC_RATIO_TARGET = 0.5
HTML, PDF, PUBLIC = "HTML page", "PDF", "public page"


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

        from actionplans.models import ActionPlan
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
        self.plan = (
            ActionPlan.objects.filter(council=self.council)
            .annotate(action_count=Count("actions"))
            .order_by("-action_count", "pk")
            .first()
        )
        self.action = self.plan.actions.order_by("pk").first()
        # The council's public register, measured signed out.
        Council.objects.filter(pk=self.council.pk).update(register_public=True)

    def all(self):
        """(name, what the load process is given, clients at once or None for the run's, the target it is held
        to: HTML, PDF, or none)."""
        eia, plan = self.eia.pk, self.plan.pk
        return [
            # Not a key page: the least any signed-in page costs (a session, a person, their councils and the
            # GOV.UK layout), the ceiling every page's ratio to the trivial view lies under.
            ("Signed-in page with no records", {"paths": ["/accessibility"]}, None, None),
            ("Home dashboard", {"paths": ["/"]}, None, HTML),
            (
                "EIA list, searched and filtered",
                {"paths": ["/assessments/?q=care&status=approved", "/assessments/?q=day&status=draft"]},
                None,
                HTML,
            ),
            ("EIA list, overdue reviews", {"paths": ["/assessments/?review=overdue"]}, None, HTML),
            ("EIA page", {"paths": [f"/assessments/{eia}/"]}, None, HTML),
            ("Grid page", {"paths": [f"/assessments/{eia}/grid/"]}, None, HTML),
            (
                "Grid save (15 rows)",
                {"save": [{"path": f"/assessments/{pk}/grid/", "field": "rows-0-neutral"} for pk in self.grids]},
                None,
                HTML,
            ),
            ("Plan page with chart", {"paths": [f"/action-plans/{plan}/"]}, None, HTML),
            ("Action page", {"paths": [f"/action-plans/{plan}/actions/{self.action.pk}/"]}, None, HTML),
            ("EIA register export (XLSX)", {"paths": ["/assessments/register.xlsx"], "first_byte": True}, None, None),
            ("EIA register export (CSV)", {"paths": ["/assessments/register.csv"], "first_byte": True}, None, None),
            # The council's annual equality report for its last whole financial year, which the scale data's
            # two and a half years of records fill.
            ("Annual equality report", {"paths": [f"/assessments/annual-report/{self.council.slug}/"]}, None, HTML),
            (
                "Public register, signed out",
                {"paths": [f"/register/{self.council.slug}/", f"/register/{self.council.slug}/?overdue=1"]},
                None,
                PUBLIC,
            ),
            ("EIA PDF (15 rows)", {"paths": [f"/assessments/{eia}/pdf/"]}, None, None),
            ("Plan PDF (60 actions)", {"paths": [f"/action-plans/{plan}/pdf/"]}, None, None),
            ("EIA PDF (15 rows), one at a time", {"paths": [f"/assessments/{eia}/pdf/"]}, 1, None),
            ("Plan PDF (60 actions), one at a time", {"paths": [f"/action-plans/{plan}/pdf/"]}, 1, PDF),
            (
                "Annual equality report PDF, one at a time",
                {"paths": [f"/assessments/annual-report/{self.council.slug}/pdf/"]},
                1,
                PDF,
            ),
        ]


def queries_per_request(pages, work):
    """The queries of one request, counted in this process on the same database."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from benchmarks.load import FormReader

    client = Client()
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
        client.get(work["paths"][0])
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
    spec = {"base": base, "cookie": cookie, "concurrency": concurrency, "seconds": seconds, **work}
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
    return json.loads(finished.stdout)


def verdict(target, result, ratio):
    if target is None:
        return ""
    if target == PDF:
        meets = result["p95_ms"] is not None and result["p95_ms"] < PDF_TARGET_MS
    elif target == PUBLIC:
        meets = result["errors"] == 0 and ratio >= PUBLIC_RATIO_TARGET
    else:
        meets = (
            result["errors"] == 0
            and result["p95_ms"] is not None
            and result["p95_ms"] < P95_TARGET_MS
            and ratio >= RATIO_TARGET
        )
    return "meets" if meets else "misses"


def table(rows):
    header = ["page", "clients", "req/s", "× trivial", "p50 ms", "p95 ms", "p99 ms", "errors", "queries", "target"]
    lines = [header] + [
        [
            row["page"],
            row["clients"],
            row["rps"],
            row["ratio"],
            row["p50_ms"],
            row["p95_ms"],
            row["p99_ms"],
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
        server = start_gunicorn(port, log)
        try:
            cookie = session_cookie(pages.author)
            trivial_work = {"paths": ["/benchmark/trivial"]}
            trivial_before = load(base, "", trivial_work, args.clients, args.seconds)
            measured = []
            for name, spec, clients, target in work:
                print(f"… {name}", file=sys.stderr)
                signed_in = "" if target == PUBLIC else cookie
                result = load(base, signed_in, spec, clients or args.clients, args.seconds)
                measured.append((name, spec, clients or args.clients, target, result))
            trivial_after = load(base, "", trivial_work, args.clients, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)

    # The yardstick is the trivial view's throughput before and after the pages, as the machine's speed drifts.
    trivial_rps = (trivial_before["rps"] + trivial_after["rps"]) / 2
    rows = [
        {
            "page": "Trivial Django view (no database)",
            "clients": args.clients,
            **trivial_before,
            "ratio": 1.0,
            "queries": 0,
            "target": "",
        }
    ]
    for name, spec, clients, target, result in measured:
        ratio = round(result["rps"] / trivial_rps, 3) if clients == args.clients else ""
        rows.append(
            {
                "page": name,
                "clients": clients,
                **result,
                "ratio": ratio,
                "queries": queries_per_request(pages, spec),
                "target": verdict(target, result, ratio if ratio != "" else 1),
            }
        )
    rows.append(
        {
            "page": "Trivial Django view, again at the end",
            "clients": args.clients,
            **trivial_after,
            "ratio": round(trivial_after["rps"] / trivial_rps, 3),
            "queries": 0,
            "target": "",
        }
    )
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
        "server": "gunicorn, 2 sync workers",
        "clients": args.clients,
        "seconds_per_page": args.seconds,
        "council": pages.council.slug,
        "targets": {
            "p95_ms": P95_TARGET_MS,
            "ratio": RATIO_TARGET,
            "plan_pdf_ms": PDF_TARGET_MS,
            "largest_pdf_s": largest.TARGET_S,
        },
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
