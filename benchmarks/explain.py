"""How PostgreSQL answers every list and every filter of one, on the scale data: each page is asked for as the load
asks for it (the first scale council's author, or signed out for the public register), every statement it sends is
run again under EXPLAIN ANALYZE, and any sequential scan of a table of more than LARGE rows is named. It prints the
slowest statement of each page with its plan, for docs/performance.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/eqa_bench .venv/bin/python -m benchmarks.explain

It exits with 1 if a large table is read whole.
"""

# Run as a script, which sets Django up in main(): what needs Django's settings or EqA's models is imported inside
# the functions that run after that.
import os
import re
import sys
from urllib.parse import urlencode

# A table of more rows than this is read through an index or not at all; a smaller one (a council's memberships,
# its status words) is read whole faster than through an index, and PostgreSQL rightly does.
LARGE = 10_000
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def lists(pages):
    """(name, path, signed in) of every list and each of its filters, as a person would ask for them."""
    from assessments.models import Status
    from councils.models import Service

    directorate = Service.objects.filter(council=pages.council, parent=None).order_by("pk").first()
    word = pages.plan.actions.order_by("pk").first().status_word_id
    theme = pages.plan.actions.exclude(theme=None).order_by("pk").first().theme_id
    lead = pages.plan.actions.order_by("pk").first().lead_officers
    register = f"/register/{pages.council.slug}/"
    plan = f"/action-plans/{pages.plan.pk}/"
    return [
        ("Home dashboard", "/", True),
        ("EIA list", "/assessments/", True),
        ("EIA list, searched", "/assessments/?q=care", True),
        *((f"EIA list, {status.label.lower()}", f"/assessments/?status={status.value}", True) for status in Status),
        ("EIA list, a directorate and its teams", f"/assessments/?service={directorate.pk}", True),
        ("EIA list, reviews overdue", "/assessments/?review=overdue", True),
        ("EIA list, reviews due in 90 days", "/assessments/?review=90", True),
        ("EIA list, reviews due in a year", "/assessments/?review=365", True),
        ("EIA list, searched and signed off", "/assessments/?q=care&status=approved", True),
        ("EIA list, page 50", "/assessments/?page=50", True),
        ("EIA list, screenings page 5", "/assessments/?screenings_page=5", True),
        ("Plan list", "/action-plans/", True),
        ("Plan page", plan, True),
        ("Plan page, a status word", f"{plan}?status={word}", True),
        ("Plan page, a theme", f"{plan}?theme={theme}", True),
        ("Plan page, a lead officer", f"{plan}?{urlencode({'lead': lead})}", True),
        ("Plan page, overdue", f"{plan}?overdue=on", True),
        ("Plan page, not updated lately", f"{plan}?stale=on", True),
        ("Public register", register, False),
        ("Public register, searched", f"{register}?q=care", False),
        ("Public register, a directorate", f"{register}?service={directorate.pk}", False),
        ("Public register, a year", f"{register}?year=2025", False),
        ("Public register, a characteristic", f"{register}?characteristic=age", False),
        ("Public register, reviews overdue", f"{register}?overdue=1", False),
    ]


def explained(pages, path, signed_in):
    """[(milliseconds, sql, plan lines)] of every statement the page sends, slowest first."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if signed_in:
        client.force_login(pages.author)
    cache.clear()  # the public register keeps its pages: ask for what a page costs as it is made
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        sys.exit(f"{path} answered {response.status_code}")
    found = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}")
            plan = [line for (line,) in cursor.fetchall()]
            took = next(float(line.split(":")[1].split()[0]) for line in plan if line.startswith("Execution Time"))
            found.append((took, sql, plan))
    return sorted(found, key=lambda each: -each[0])


def large_tables():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s", [LARGE])
        return {name for (name,) in cursor.fetchall()}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
    import django

    django.setup()
    from django.db import connection

    from benchmarks.pages import Pages

    if connection.vendor != "postgresql":
        sys.exit("EXPLAIN here reads PostgreSQL's plans: set DATABASE_URL to the benchmark's PostgreSQL database.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    pages = Pages()
    large = large_tables()
    scanned = []
    for name, path, signed_in in lists(pages):
        statements = explained(pages, path, signed_in)
        whole = sorted(
            {table for _, _, plan in statements for line in plan for table in SEQ_SCAN.findall(line)} & large
        )
        scanned += [(name, table) for table in whole]
        took, sql, plan = statements[0]
        print(f"## {name}: `{path}`\n")
        print(
            f"{len(statements)} statements, {sum(each[0] for each in statements):.2f} ms in all; "
            f"large tables read whole: {', '.join(whole) or 'none'}. The slowest ({took:.2f} ms):\n"
        )
        print("```\n" + sql[:600] + ("…" if len(sql) > 600 else "") + "\n\n" + "\n".join(plan) + "\n```\n")
    if scanned:
        print("Large tables read whole: " + "; ".join(f"{name}: {table}" for name, table in scanned))
        sys.exit(1)
    print(f"No list reads a table of more than {LARGE:,} rows whole.")


if __name__ == "__main__":
    main()
