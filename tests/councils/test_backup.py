"""The backup story of docs/backup.md, done for real: back up a populated database, which holds its stored PDFs,
restore it elsewhere, and find every row and every PDF as it was."""

import hashlib
import io
import sqlite3
import subprocess

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from actionplans.demo import TITLE as PLAN_TITLE
from actionplans.models import ActionPlan, PlanIssuedPdf
from actionplans.services import plan_approve
from assessments.models import Assessment, IssuedPdf, Status
from assessments.services import assessment_approve, assessment_moderate
from councils.models import Role, StoredFile


def populate():
    """The demo council, its EIA signed off and moderated (two issued PDFs), its action plan signed off."""
    call_command("load_demo", stdout=io.StringIO())
    people = {m.role: m.user for m in apps.get_model("councils", "Membership").objects.select_related("user")}
    eia = Assessment.objects.get()
    Assessment.objects.filter(pk=eia.pk).update(status=Status.SUBMITTED)
    eia = assessment_approve(assessment=Assessment.objects.get(pk=eia.pk), by=people[Role.APPROVER])
    assessment_moderate(
        assessment=eia, by=people[Role.MODERATOR], body="Equality Group", on=eia.approved_at.date(), outcome="endorsed"
    )
    plan = ActionPlan.objects.get(title=PLAN_TITLE)
    plan.submit(by=people[Role.MANAGER])
    plan_approve(plan=ActionPlan.objects.get(pk=plan.pk), by=people[Role.APPROVER])


def row_counts(cursor):
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')
        counts[model._meta.db_table] = cursor.fetchone()[0]
    return counts


def stored_pdfs(cursor):
    """(file name, SHA-256 the record holds, SHA-256 of the bytes stored under that name) of every issued PDF, from
    the database behind `cursor`."""
    rows = []
    for model in (IssuedPdf, PlanIssuedPdf):
        cursor.execute(
            f'SELECT pdf.file, pdf.sha256, stored.data FROM "{model._meta.db_table}" pdf '
            f'LEFT JOIN "{StoredFile._meta.db_table}" stored ON stored.name = pdf.file ORDER BY pdf.file'
        )
        rows.extend((name, sha, data and hashlib.sha256(bytes(data)).hexdigest()) for name, sha, data in cursor)
    return rows


def _postgres(*command):
    database = settings.DATABASES["default"]
    env = {
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
    }
    subprocess.run(command, check=True, env=env)


def back_up_and_restore(tmp_path):
    """Back up and restore as docs/backup.md says; returns a DB-API connection to the restored database and
    the name of a restored PostgreSQL database to drop afterwards."""
    if connection.vendor == "postgresql":
        dump, source = tmp_path / "eqa.dump", connection.settings_dict["NAME"]
        restored = f"{source}_restored"
        _postgres("pg_dump", "--format=custom", "--no-owner", f"--dbname={source}", f"--file={dump}")
        _postgres("dropdb", "--if-exists", restored)
        _postgres("createdb", restored)
        _postgres("pg_restore", "--no-owner", f"--dbname={restored}", str(dump))
        return connection.Database.connect(**{**connection.get_connection_params(), "dbname": restored}), restored
    copy = tmp_path / "restored.sqlite3"
    source, target = sqlite3.connect(connection.settings_dict["NAME"]), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    return target, None


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_every_pdf(tmp_path):
    populate()
    with connection.cursor() as cursor:
        before, pdfs = row_counts(cursor), stored_pdfs(cursor)
    assert len(pdfs) == 3  # the EIA's signed-off and moderated PDFs, and the plan's
    assert all(held == stored for _, held, stored in pdfs)

    restored, name = back_up_and_restore(tmp_path)
    try:
        cursor = restored.cursor()
        assert row_counts(cursor) == before
        restored_pdfs = stored_pdfs(cursor)
    finally:
        restored.close()
        if name:
            _postgres("dropdb", "--if-exists", name)

    assert restored_pdfs == pdfs
