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
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import largest
from benchmarks.pages import FLOORS, PUBLIC_PAGE, SIGNED_IN, SIGNED_IN_FLOOR, TRIVIAL, TRIVIAL_PAGE, Pages

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"

# As the README runs it in production: two workers for the pages and one for the PDF made at once.
WORKERS = 3


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
